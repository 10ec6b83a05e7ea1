/**
 * The edit layer of the quick fixes: inserts, replaces and removes keys, sequence items and whole
 * containers in one YAML document without reformatting anything else.
 *
 * Every operation works on the text, line by line, guided by the node ranges of the parsed
 * document: it keeps comments, quoting, flow vs block style, the file's indentation and
 * sequence-dash style (`key:\n  - a` or `key:\n- a`) and its line endings (`\r\n` files get
 * `\r\n` in inserted text). Bytes outside the lines an edit touches never change.
 *
 * Every result is checked before it is returned: the edits are applied, the new text is parsed
 * again (same options as the analysis), and it must have no error and hold exactly the value the
 * operation promises (the document's `toJS()` with that one change). Anything else — a shape the
 * text operations do not know (explicit `? key`, nested `- - a` items, tabs, anchors on the
 * edited node, a merge key in the way, a map aliased elsewhere, a syntax error in the document…)
 * — gives `undefined`, and the caller offers no fix. Nothing here throws.
 *
 * Each operation is independent: its edits are offsets into the original document text
 * (document-local: a caller holding a multi-document file adds the document's start), sorted,
 * neither overlapping nor touching. The check costs one parse of the document per operation
 * (about 0.5 ms for a 100-line manifest).
 *
 * Decisions:
 * - A block pair's lines are its key line through its content's last line (a trailing comment on
 *   that line included), plus the comment lines right below indented deeper than its key; the
 *   comment lines above it are not its own. A sequence item's lines are its dash line through
 *   its content, plus the comment lines directly above its dash (same or deeper indentation, no
 *   blank line between), plus, for the last item, the comment lines right below it indented
 *   deeper than its dash. Insertions go after these lines.
 * - A block map emptied by `removePair` becomes `key: {}` (or `{}` in place of the pair when
 *   the key line has no room for it); a block sequence emptied by `removeItem`/`moveItem`
 *   becomes `key: []` the same way.
 * - Indentation of new text: the map's own key column; nested maps use the document's most
 *   common indentation step (default 2); a new sequence's dashes follow the sibling sequences of
 *   the same map, else the document's most common style, else are indented by the step; an item
 *   map's keys follow the dash as in that sequence's (else the document's) items (`- name` or
 *   `-   name`). Strings are written plain when they read back as the same string, else quoted
 *   in the quote style the file uses most (double by default).
 * - Removing the first key on a dash line (`- a: 1\n  b: 2` → `- b: 2`) moves comment lines
 *   that sat between the removed pair and the next key above the dash line.
 * - An empty flow collection (`{}` / `[]`) in a block context receives block text; a non-empty
 *   flow collection stays flow.
 * - `moveItem` out of a flow sequence (or into a non-empty flow one) renders the item from its
 *   value (comments inside that flow item are lost); out of a block sequence the item's text is
 *   kept byte for byte, re-indented uniformly.
 * - A block scalar replaced by `setScalar` stays a literal block (`|`, `|-` or `|+`, as the new
 *   value's trailing newlines require) when the value is multi-line text a literal can hold
 *   without an indentation indicator; otherwise it becomes a double-quoted scalar.
 *
 * The rooms: `layout.ts` infers the document's layout and style once per tree, `lineGeometry.ts`
 * answers lines, columns and block extents, `render.ts` writes scalars and values, `builders.ts`
 * makes each operation's edits, `expectedValue.ts` is the value each operation promises, and
 * this class runs an operation and checks its result (`reparse.ts`).
 */
import { isDeepStrictEqual } from 'node:util';
import { isScalar, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { YamlDocument } from '../model/document';
import type { Edit } from '../model/text';
import { EditBuilder, normalize } from './builders';
import { checkValue, documentJs, getAt, isJsScalar, isPlainObject, setAt, withSet, type Expect } from './expectedValue';
import { keyNameOf, layoutOf } from './layout';
import { LineGeometry } from './lineGeometry';
import type { ScalarCtx } from './render';
import { need, rangeOf, refuse } from './refusal';
import { applyEdits, editedValue, writable } from './reparse';

export { applyEdits, documentJs };

/** An operation: its edits, and what it promises the document's value becomes. */
interface Plan {
  edits: Edit[];
  expect: Expect;
}

export class YamlEditor {
  private readonly ok: boolean;
  private readonly warningCount: number;
  private builder: EditBuilder | undefined;

  constructor(private readonly doc: YamlDocument) {
    this.ok = !!doc.yaml && doc.yaml.errors.length === 0 && !doc.syntaxIssues.some((i) => i.severity === 'error') && !/\r(?!\n)/.test(doc.text);
    this.warningCount = doc.yaml?.warnings.length ?? 0;
  }

  // ----- public API ---------------------------------------------------------------------------

  /** Replace a scalar value, keeping its quote style when the new value can be written in it. */
  setScalar(node: Scalar, value: string | number | boolean): Edit[] | undefined {
    return this.run((b) => {
      const info = b.info(node);
      b.notAliased(node);
      return {
        edits: b.setScalarEdits(node, value),
        expect: (root) => setAt(root, need(info.path), value),
      };
    });
  }

  /** Rename a key, keeping its quoting. */
  renameKey(pair: Pair, newKey: string): Edit[] | undefined {
    return this.run((b) => {
      if (typeof newKey !== 'string') refuse('key must be a string');
      const { map, path } = b.pairInfo(pair);
      b.notAliased(map);
      const key = pair.key;
      if (!isScalar(key) || key.anchor || key.tag) refuse('key is not a plain scalar');
      const oldName = need(keyNameOf(pair));
      if (oldName === '<<') refuse('merge key');
      const ctx: ScalarCtx = map.flow || b.info(map).inFlow ? 'flow-key' : 'block-key';
      const [start, end] = rangeOf(key);
      if (key.type === 'BLOCK_LITERAL' || key.type === 'BLOCK_FOLDED') refuse('block scalar key');
      const newText = b.r.renderString(newKey, key.type ?? 'PLAIN', ctx);
      return {
        edits: [{ span: { start, end }, newText }],
        expect: (root) => {
          const obj = getAt(root, need(path));
          if (!isPlainObject(obj)) refuse('not an object');
          const rebuilt: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(obj)) rebuilt[k === oldName ? newKey : k] = v;
          for (const k of Object.keys(obj)) delete obj[k];
          Object.assign(obj, rebuilt);
          return root;
        },
      };
    });
  }

  /** Remove a pair from a map (block: its whole lines; flow: the pair and one comma). */
  removePair(map: YAMLMap, pair: Pair): Edit[] | undefined {
    return this.run((b) => {
      const info = b.pairInfo(pair);
      if (info.map !== map) refuse('pair not in map');
      b.notAliased(map);
      const name = need(keyNameOf(pair));
      if (name === '<<') refuse('merge key');
      const path = need(info.path);
      return {
        edits: b.removePairEdits(map, pair),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj) || !Object.hasOwn(obj, name)) refuse('not an object');
          delete obj[name];
          return root;
        },
      };
    });
  }

  /** Add `key: value` to a map, in its style; after the last pair unless `where` says otherwise. */
  addPair(map: YAMLMap, key: string, value: unknown, where?: { after?: Pair; before?: Pair }): Edit[] | undefined {
    return this.run((b) => {
      if (typeof key !== 'string') refuse('key must be a string');
      checkValue(value);
      b.notAliased(map);
      const path = need(b.info(map).path);
      return {
        edits: b.addPairsEdits(map, [[key, value]], where),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj) || Object.hasOwn(obj, key)) refuse('not an object or key exists');
          obj[key] = structuredClone(value);
          return root;
        },
      };
    });
  }

  /** Remove item `index` of a sequence (block: its lines and the comment lines directly above its dash). */
  removeItem(seq: YAMLSeq, index: number): Edit[] | undefined {
    return this.run((b) => {
      const path = need(b.info(seq).path);
      b.notAliased(seq);
      return {
        edits: b.removeItemEdits(seq, index),
        expect: (root) => {
          const arr = getAt(root, path);
          if (!Array.isArray(arr) || index < 0 || index >= arr.length) refuse('not an array');
          arr.splice(index, 1);
          return root;
        },
      };
    });
  }

  /** Append a JS value as the last item of a sequence, in its style. */
  appendItem(seq: YAMLSeq, value: unknown): Edit[] | undefined {
    return this.run((b) => {
      checkValue(value);
      b.notAliased(seq);
      const path = need(b.info(seq).path);
      return {
        edits: b.appendItemEdits(seq, value),
        expect: (root) => {
          const arr = getAt(root, path);
          if (!Array.isArray(arr)) refuse('not an array');
          arr.push(structuredClone(value));
          return root;
        },
      };
    });
  }

  /** Append `value` to the sequence `parent[key]`, creating `key:` when it is missing. */
  appendToList(parent: YAMLMap, key: string, value: unknown, where?: { before?: Pair; after?: Pair }): Edit[] | undefined {
    return this.run((b) => {
      if (typeof key !== 'string') refuse('key must be a string');
      checkValue(value);
      b.notAliased(parent);
      const path = need(b.info(parent).path);
      return {
        edits: b.appendToListEdits(parent, key, value, where),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj)) refuse('not an object');
          const list = obj[key];
          if (list === undefined || list === null) obj[key] = [structuredClone(value)];
          else if (Array.isArray(list)) obj[key] = [...list, structuredClone(value)];
          else refuse('not a list');
          return root;
        },
      };
    });
  }

  /**
   * Move item `index` of `from` to the end of `parent[key]` (created when missing), keeping its
   * text (re-indented uniformly, with the comment lines directly above it); then set `set` pairs
   * in the moved map (replace the value, or add the pair after `name`).
   */
  moveItem(
    from: YAMLSeq,
    index: number,
    parent: YAMLMap,
    key: string,
    options?: { before?: Pair; set?: Record<string, string | number | boolean> },
  ): Edit[] | undefined {
    return this.run((b) => {
      if (typeof key !== 'string') refuse('key must be a string');
      const set = Object.entries(options?.set ?? {});
      for (const [, v] of set) if (!isJsScalar(v) || v === null) refuse('set values must be scalars');
      const fromPath = need(b.info(from).path);
      b.notAliased(from);
      b.notAliased(parent);
      const parentPath = need(b.info(parent).path);
      return {
        edits: b.moveItemEdits(from, index, parent, key, options?.before, set),
        expect: (root) => {
          const arr = getAt(root, fromPath);
          if (!Array.isArray(arr) || index < 0 || index >= arr.length) refuse('not an array');
          const [item] = arr.splice(index, 1);
          if (set.length && !isPlainObject(item)) refuse('item is not an object');
          const moved = set.length ? withSet(item as Record<string, unknown>, set) : item;
          const obj = getAt(root, parentPath);
          if (!isPlainObject(obj)) refuse('not an object');
          const list = obj[key];
          if (list === undefined || list === null) obj[key] = [moved];
          else if (Array.isArray(list)) obj[key] = [...list, moved];
          else refuse('not a list');
          return root;
        },
      };
    });
  }

  /**
   * Replace a pair by `key: value` in its place (the old key and value go, the new pair takes
   * their text position; a comment after the old value's last line stays at the end of the line).
   */
  replacePair(map: YAMLMap, pair: Pair, key: string, value: unknown): Edit[] | undefined {
    return this.run((b) => {
      if (typeof key !== 'string') refuse('key must be a string');
      checkValue(value);
      const info = b.pairInfo(pair);
      if (info.map !== map) refuse('pair not in map');
      b.notAliased(map);
      const oldName = need(keyNameOf(pair));
      if (oldName === '<<') refuse('merge key');
      const path = need(info.path);
      return {
        edits: b.replacePairEdits(map, pair, key, value),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj) || !Object.hasOwn(obj, oldName)) refuse('not an object');
          if (key !== oldName && Object.hasOwn(obj, key)) refuse('key exists');
          delete obj[oldName];
          obj[key] = structuredClone(value);
          return root;
        },
      };
    });
  }

  /**
   * Move item `from` of a block sequence to just before item `to` of the same sequence, keeping
   * its text byte for byte with the comment lines directly above its dash (those of `to` stay
   * with `to`). A flow sequence, a no-op (`to` is `from` or the item right after it) and items
   * sharing a line with another dash are refused.
   */
  moveItemBefore(seq: YAMLSeq, from: number, to: number): Edit[] | undefined {
    return this.run((b) => {
      const path = need(b.info(seq).path);
      b.notAliased(seq);
      return {
        edits: b.moveItemBeforeEdits(seq, from, to),
        expect: (root) => {
          const arr = getAt(root, path);
          if (!Array.isArray(arr)) refuse('not an array');
          const [item] = arr.splice(from, 1);
          arr.splice(from < to ? to - 1 : to, 0, item);
          return root;
        },
      };
    });
  }

  // ----- verification -------------------------------------------------------------------------

  /** The builder over this document, its layout inferred on first use (once per tree). */
  private edits(): EditBuilder {
    if (!this.builder) {
      const g = new LineGeometry(this.doc);
      this.builder = new EditBuilder(this.doc, g, layoutOf(this.doc, g));
    }
    return this.builder;
  }

  private run(make: (b: EditBuilder) => Plan): Edit[] | undefined {
    try {
      if (!this.ok) return undefined;
      const plan = make(this.edits());
      const edits = normalize(plan.edits);
      if (edits.length === 0) return undefined;
      for (const e of edits) if (e.span.start < 0 || e.span.end > this.doc.text.length) return undefined;
      const actual = editedValue(this.doc, documentJs(this.doc), edits, this.warningCount);
      if (!actual) return undefined;
      const expected = plan.expect(writable(documentJs(this.doc)));
      if (!isDeepStrictEqual(actual.value, expected)) return undefined;
      return edits;
    } catch {
      return undefined;
    }
  }
}
