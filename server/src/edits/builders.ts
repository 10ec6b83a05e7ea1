/**
 * The edit builders: for each operation of `YamlEditor`, the text edits that make it, over the
 * document's line geometry, its layout and its style of writing values. They work on block and
 * flow collections alike and refuse (`refusal.ts`) every shape they do not know; `YamlEditor`
 * checks each result by parsing it again. The decisions they follow are listed in `yamlEdit.ts`.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { YamlDocument } from '../model/document';
import type { Edit } from '../model/text';
import { checkValue, isPlainObject, withSet, type JsScalar, type Path } from './expectedValue';
import { itemOffsetOf, keyNameOf, type Layout, type NodeInfo } from './layout';
import { pad, type LineGeometry } from './lineGeometry';
import { nonString, Renderer, type ScalarCtx } from './render';
import { applyEdits } from './reparse';
import { rangeOf, refuse } from './refusal';

/** Edits sorted, touching ones merged; overlapping ones refused. */
export function normalize(edits: Edit[]): Edit[] {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.e.span.end - b.e.span.end || a.i - b.i);
  const out: Edit[] = [];
  for (const { e } of sorted) {
    if (e.span.start > e.span.end) refuse('bad span');
    const last = out[out.length - 1];
    if (last && e.span.start < last.span.end) refuse('overlapping edits');
    if (last && e.span.start === last.span.end) {
      out[out.length - 1] = { span: { start: last.span.start, end: e.span.end }, newText: last.newText + e.newText };
    } else {
      out.push({ span: { start: e.span.start, end: e.span.end }, newText: e.newText });
    }
  }
  return out.filter((e) => e.span.start !== e.span.end || e.newText !== '');
}

/** The edits of each operation over one document (its geometry and layout). */
export class EditBuilder {
  readonly r: Renderer;

  constructor(
    private readonly doc: YamlDocument,
    readonly g: LineGeometry,
    readonly layout: Layout,
  ) {
    this.r = new Renderer(layout);
  }

  info(node: unknown): NodeInfo {
    const i = this.layout.infos.get(node);
    if (!i) refuse('node is not part of this document');
    return i;
  }

  /** Refuses a node that is, or is inside, an anchored node some alias repeats elsewhere. */
  notAliased(node: unknown): void {
    let cur: unknown = node;
    for (let i = 0; cur && i < 1000; i++) {
      const anchor = (cur as Node).anchor;
      if (anchor && this.layout.aliased.has(anchor)) refuse('the node is repeated by an alias');
      const parent = this.info(cur).parent;
      cur = parent.kind === 'root' ? undefined : parent.kind === 'item' ? parent.seq : parent.map;
    }
  }

  pairInfo(pair: Pair): { map: YAMLMap; path?: Path } {
    const i = this.info(pair);
    if (i.parent.kind !== 'pair') refuse('not a pair');
    const mapInfo = this.info(i.parent.map);
    return { map: i.parent.map, path: mapInfo.path };
  }

  /** Dash indentation for a new sequence under a key. */
  newSeqIndent(siblings?: YAMLMap): number {
    if (siblings && !siblings.flow) {
      for (const p of siblings.items) {
        if (!isPair(p) || !isSeq(p.value) || p.value.flow || !p.value.range || !isScalar(p.key) || !p.key.range) continue;
        if (this.g.line(p.value.range[0]) <= this.g.line(p.key.range[0])) continue;
        const d = this.g.col(p.value.range[0]) - this.g.col(p.key.range[0]);
        if (d >= 0) return d;
      }
    }
    return this.r.defaultSeqIndent();
  }

  seqItemOffset(seq: YAMLSeq): number {
    for (const item of seq.items) {
      const off = itemOffsetOf(this.g, seq, item);
      if (off !== undefined) return off;
    }
    return this.layout.docItemOffset;
  }

  setScalarEdits(node: Scalar, value: string | number | boolean): Edit[] {
    if (!isScalar(node)) refuse('not a scalar');
    if (node.anchor || node.tag) refuse('anchored or tagged scalar');
    if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) refuse('bad value');
    const info = this.info(node);
    if (info.parent.kind === 'key') refuse('use renameKey for keys');
    const [start, end] = rangeOf(node);
    const ctx: ScalarCtx = info.inFlow ? 'flow' : 'block';
    const type = node.type ?? 'PLAIN';
    if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
      const endsLine = end > start && this.g.text[end - 1] === '\n';
      const literal = typeof value === 'string' ? this.literalBlock(node, value) : undefined;
      if (literal !== undefined) return [{ span: { start, end }, newText: literal }];
      const flat = typeof value === 'string' ? this.r.renderString(value, 'PLAIN', ctx) : nonString(value);
      return [{ span: { start, end }, newText: flat + (endsLine ? this.g.eol : '') }];
    }
    let newText = typeof value === 'string' ? this.r.renderString(value, type, ctx) : nonString(value);
    if (start === end && start > 0 && !/\s/.test(this.g.text[start - 1])) newText = ' ' + newText;
    return [{ span: { start, end }, newText }];
  }

  /** A literal block scalar (header, content lines, final EOL) for `value`, or undefined. */
  literalBlock(node: Scalar, value: string): string | undefined {
    if (!value.includes('\n') || /[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(value)) return undefined;
    const [start, end] = rangeOf(node);
    if (!(end > start && this.g.text[end - 1] === '\n')) return undefined;
    const trailing = /\n*$/.exec(value)![0].length;
    const body = value.slice(0, value.length - trailing);
    if (body === '' || /^[ \n]/.test(body) || /\s$/.test(body)) return undefined;
    // Content indentation: the existing content's, else the owner's column plus the step.
    const headerLine = this.g.line(start);
    const lastLine = this.g.endLine(end);
    let ci: number | undefined;
    for (let l = headerLine + 1; l <= lastLine; l++) {
      if (!this.g.isBlank(l)) {
        ci = this.g.indentOf(l);
        break;
      }
    }
    if (ci === undefined) {
      const parent = this.info(node).parent;
      if (parent.kind === 'pair') ci = this.g.col(this.g.keyStart(parent.pair)) + this.layout.step;
      else if (parent.kind === 'item') ci = this.g.col(rangeOf(parent.seq)[0]) + this.layout.step;
      else ci = this.layout.step;
    }
    const header = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
    const lines = body.split('\n').map((l) => (l === '' ? '' : pad(ci) + l));
    for (let i = 1; i < trailing; i++) lines.push('');
    return header + this.g.eol + this.g.blockTextOf(lines);
  }

  removePairEdits(map: YAMLMap, pair: Pair): Edit[] {
    const index = map.items.indexOf(pair);
    if (index < 0) refuse('pair not in map');
    const ks = this.g.keyStart(pair);
    const pe = this.g.pairEnd(pair);
    const n = map.items.length;
    if (map.flow) {
      const [ms, me] = rangeOf(map);
      if (n === 1) {
        if (this.g.text[ms] !== '{' || this.g.text[me - 1] !== '}') refuse('flow map without braces');
        return [{ span: { start: ms + 1, end: me - 1 }, newText: '' }];
      }
      if (index < n - 1) return [{ span: { start: ks, end: this.g.keyStart(map.items[index + 1]) }, newText: '' }];
      return [{ span: { start: this.g.pairEnd(map.items[index - 1]), end: pe }, newText: '' }];
    }
    const keyLine = this.g.line(ks);
    const lastLine = this.g.pairLastLine(pair);
    this.g.indentOf(keyLine);
    const prefix = this.g.keyPrefix(pair);
    if (n === 1) return this.emptyCollection(map, '{}', keyLine, keyLine, lastLine, ks);
    if (prefix === 'line') return [this.g.deleteLines(keyLine, lastLine)];
    // The first key on a dash line: the next key moves up onto the dash line.
    if (index !== 0) refuse('dash before a later key');
    const next = map.items[1];
    const nks = this.g.keyStart(next);
    const nextLine = this.g.line(nks);
    if (nextLine <= lastLine || this.g.keyPrefix(next) !== 'line') refuse('unexpected layout');
    const edits: Edit[] = [{ span: { start: ks, end: nks }, newText: '' }];
    const between = this.g.text.slice(this.g.nextLineStart(lastLine), this.g.lineStart(nextLine));
    if (/\S/.test(between)) {
      const kept = between
        .split(/(?<=\n)/)
        .filter((l) => /\S/.test(l))
        .join('');
      const at = this.g.lineStart(keyLine);
      edits.push({ span: { start: at, end: at }, newText: kept });
    }
    return edits;
  }

  /**
   * Replaces the only content of a block collection (lines `top..last`, the first content at
   * `contentStart` on line `first`) with `{}` / `[]`: after the parent's `key:` when its line has
   * room, else in place.
   */
  emptyCollection(coll: YAMLMap | YAMLSeq, empty: '{}' | '[]', top: number, first: number, last: number, contentStart: number): Edit[] {
    const parent = this.info(coll).parent;
    if (parent.kind === 'pair' && !parent.map.flow && isScalar(parent.pair.key)) {
      const colon = this.g.colonOf(parent.pair);
      const keyLine = this.g.line(colon);
      if (keyLine < top && /^[ ]*(?:#.*)?$/.test(this.g.text.slice(colon + 1, this.g.lineEnd(keyLine)))) {
        const rest = this.g.text.slice(colon + 1, this.g.lineEnd(keyLine));
        return [{ span: { start: colon + 1, end: colon + 1 }, newText: ` ${empty}${rest.startsWith('#') ? ' ' : ''}` }, this.g.deleteLines(top, last)];
      }
    }
    // In place: on the first content line, where the content started.
    const col = this.g.col(contentStart);
    if (top === first) return [{ span: { start: contentStart, end: this.g.lineEnd(last) }, newText: empty }];
    return [{ span: { start: this.g.lineStart(top), end: this.g.lineEnd(last) }, newText: pad(col) + empty }];
  }

  addPairsEdits(map: YAMLMap, pairs: [string, unknown][], where?: { after?: Pair; before?: Pair }): Edit[] {
    const anchor = where?.before ?? where?.after;
    if (anchor && map.items.indexOf(anchor) < 0) refuse('where pair not in map');
    if (!isMap(map)) refuse('not a map');
    if (map.flow) {
      const [ms, me] = rangeOf(map);
      if (map.items.length === 0) {
        if (this.g.text[ms] !== '{' || this.g.text[me - 1] !== '}') refuse('flow map without braces');
        const info = this.info(map);
        if (!info.inFlow)
          return this.fillEmptyFlow(map, 'map', (col) => this.g.blockTextOf(pairs.flatMap(([k, v]) => this.r.pairLines(k, v, col, this.newSeqIndent()))));
        const flow = pairs.map(([k, v]) => `${this.r.renderString(k, 'PLAIN', 'flow-key')}: ${this.r.renderFlow(v)}`).join(', ');
        return [{ span: { start: ms + 1, end: ms + 1 }, newText: flow }];
      }
      const flow = pairs.map(([k, v]) => `${this.r.renderString(k, 'PLAIN', 'flow-key')}: ${this.r.renderFlow(v)}`).join(', ');
      if (where?.before) {
        const at = this.g.keyStart(where.before);
        return [{ span: { start: at, end: at }, newText: `${flow}, ` }];
      }
      const after = where?.after ?? map.items[map.items.length - 1];
      const at = this.g.pairEnd(after);
      return [{ span: { start: at, end: at }, newText: `, ${flow}` }];
    }
    const col = this.g.mapCol(map);
    const seqIndent = this.newSeqIndent(map);
    const lines = pairs.flatMap(([k, v]) => this.r.pairLines(k, v, col, seqIndent));
    if (where?.before) {
      const b = where.before;
      const bks = this.g.keyStart(b);
      const bLine = this.g.line(bks);
      this.g.indentOf(bLine);
      if (this.g.keyPrefix(b) === 'dash') {
        const text = lines.map((l, i) => (i === 0 ? l.slice(col) : l)).join(this.g.eol) + this.g.eol + pad(col);
        return [{ span: { start: bks, end: bks }, newText: text }];
      }
      const index = map.items.indexOf(b);
      const floor = index > 0 ? this.g.pairLastLine(map.items[index - 1]) : -1;
      const top = this.g.commentTop(bLine, col, floor);
      const at = this.g.lineStart(top);
      return [{ span: { start: at, end: at }, newText: this.g.blockTextOf(lines) }];
    }
    const after = where?.after ?? map.items[map.items.length - 1];
    this.g.keyPrefix(after);
    return [this.g.insertAfterLine(this.g.pairLastLine(after), this.g.blockTextOf(lines))];
  }

  /**
   * Block text in place of an empty flow collection (`{}` / `[]`) in block context. `render`
   * gives the block's lines (each ending with the EOL) at a column: after `key:` they go on the
   * next lines (`key: {} # c` → `key: # c` + lines); as a sequence item or the document root they
   * replace the brackets.
   */
  fillEmptyFlow(coll: YAMLMap | YAMLSeq, what: 'map' | 'seq', render: (col: number) => string, inline = true): Edit[] {
    const [cs, ce] = rangeOf(coll);
    if (coll.anchor || coll.tag) refuse('anchored or tagged collection');
    const info = this.info(coll);
    if (info.inFlow) refuse('flow context');
    const parent = info.parent;
    if (parent.kind === 'pair') {
      if (parent.map.flow) refuse('flow parent');
      const colon = this.g.colonOf(parent.pair);
      if (!/^\s*$/.test(this.g.text.slice(colon + 1, cs))) refuse('text between key and value');
      const rest = this.g.text.slice(ce, this.g.lineEnd(this.g.line(ce)));
      if (!/^[ ]*(?:#.*)?$/.test(rest)) refuse('text after the value');
      const keyCol = this.g.col(this.g.keyStart(parent.pair));
      const col = what === 'map' ? keyCol + this.layout.step : keyCol + this.newSeqIndent(parent.map);
      return [{ span: { start: colon + 1, end: ce }, newText: '' }, this.g.insertAfterLine(this.g.line(ce), render(col))];
    }
    if (inline && (parent.kind === 'item' || parent.kind === 'root')) {
      const col = this.g.col(cs);
      if (parent.kind === 'item' && this.dashOf(parent.seq, parent.index).line !== this.g.line(cs)) refuse('layout');
      const block = render(col);
      return [{ span: { start: cs, end: ce }, newText: block.slice(col, block.length - this.g.eol.length) }];
    }
    return refuse('unexpected parent');
  }

  /** Dash line and offset of item `index` of a block sequence. */
  dashOf(seq: YAMLSeq, index: number): { line: number; offset: number; col: number } {
    const [ss] = rangeOf(seq);
    const dc = this.g.col(ss);
    if (index === 0) {
      if (this.g.text[ss] !== '-') refuse('sequence without dash');
      return { line: this.g.line(ss), offset: ss, col: dc };
    }
    const item = seq.items[index];
    const floor = this.g.endLine(this.g.contentEnd(seq.items[index - 1])) + 1;
    for (let l = this.g.line(rangeOf(item)[0]); l >= floor; l--) {
      const t = this.g.lineText(l);
      if (t[dc] === '-' && (t.length === dc + 1 || t[dc + 1] === ' ') && /^ *(?:- +)*$/.test(t.slice(0, dc))) {
        return { line: l, offset: this.g.lineStart(l) + dc, col: dc };
      }
    }
    return refuse('dash not found');
  }

  /** Lines of item `index` of a block sequence: top (leading comments), dash line, last line. */
  itemLinesOf(seq: YAMLSeq, index: number): { top: number; dash: number; last: number; col: number; dashOffset: number } {
    const dash = this.dashOf(seq, index);
    if (!/^ *$/.test(this.g.lineText(dash.line).slice(0, dash.col))) refuse('item shares its line with another dash');
    this.g.indentOf(dash.line);
    const item = seq.items[index];
    let last = this.g.endLine(this.g.contentEnd(item));
    // The comment lines right below the last item, indented deeper than its dash, are its own.
    if (index === seq.items.length - 1) last = this.g.trailingComments(last, dash.col);
    let floor: number;
    if (index > 0) floor = this.g.endLine(this.g.contentEnd(seq.items[index - 1]));
    else {
      const parent = this.info(seq).parent;
      floor = parent.kind === 'pair' ? this.g.line(this.g.colonOf(parent.pair)) : -1;
    }
    const top = this.g.commentTop(dash.line, dash.col, floor);
    return { top, dash: dash.line, last, col: dash.col, dashOffset: dash.offset };
  }

  removeItemEdits(seq: YAMLSeq, index: number): Edit[] {
    if (!isSeq(seq)) refuse('not a sequence');
    if (!Number.isInteger(index) || index < 0 || index >= seq.items.length) refuse('no such item');
    const item = seq.items[index];
    if (isPair(item)) refuse('pair item');
    const n = seq.items.length;
    if (seq.flow) {
      const [ss, se] = rangeOf(seq);
      if (n === 1) {
        if (this.g.text[ss] !== '[' || this.g.text[se - 1] !== ']') refuse('flow sequence without brackets');
        return [{ span: { start: ss + 1, end: se - 1 }, newText: '' }];
      }
      if (index < n - 1) {
        const next = seq.items[index + 1];
        if (isPair(next)) refuse('pair item');
        return [{ span: { start: rangeOf(item)[0], end: rangeOf(next)[0] }, newText: '' }];
      }
      const prev = seq.items[index - 1];
      if (isPair(prev)) refuse('pair item');
      return [{ span: { start: this.g.contentEnd(prev), end: this.g.contentEnd(item) }, newText: '' }];
    }
    const lines = this.itemLinesOf(seq, index);
    if (n === 1) return this.emptyCollection(seq, '[]', lines.top, lines.dash, lines.last, lines.dashOffset);
    return [this.g.deleteLines(lines.top, lines.last)];
  }

  appendItemEdits(seq: YAMLSeq, value: unknown): Edit[] {
    if (!isSeq(seq)) refuse('not a sequence');
    if (seq.flow) {
      const [ss, se] = rangeOf(seq);
      if (seq.items.length === 0) {
        if (this.g.text[ss] !== '[' || this.g.text[se - 1] !== ']') refuse('flow sequence without brackets');
        if (!this.info(seq).inFlow) return this.fillEmptyFlow(seq, 'seq', (col) => this.g.blockTextOf(this.r.itemLines(value, col, this.layout.docItemOffset)));
        return [{ span: { start: ss + 1, end: ss + 1 }, newText: this.r.renderFlow(value) }];
      }
      const last = seq.items[seq.items.length - 1];
      if (isPair(last)) refuse('pair item');
      const at = this.g.contentEnd(last);
      return [{ span: { start: at, end: at }, newText: `, ${this.r.renderFlow(value)}` }];
    }
    const last = this.itemLinesOf(seq, seq.items.length - 1);
    const lines = this.r.itemLines(value, last.col, this.seqItemOffset(seq));
    return [this.g.insertAfterLine(last.last, this.g.blockTextOf(lines))];
  }

  findPair(map: YAMLMap, key: string): Pair | undefined {
    let found: Pair | undefined;
    for (const p of map.items) if (isPair(p) && keyNameOf(p) === key) found = p;
    return found;
  }

  appendToListEdits(parent: YAMLMap, key: string, value: unknown, where?: { before?: Pair; after?: Pair }): Edit[] {
    if (!isMap(parent)) refuse('not a map');
    const pair = this.findPair(parent, key);
    if (!pair) return this.addPairsEdits(parent, [[key, [value]]], where);
    const v = pair.value;
    if (isSeq(v)) return this.appendItemEdits(v, value);
    if (this.isEmptyValue(pair)) {
      const keyLine = this.g.line(this.g.colonOf(pair));
      const col = this.g.col(this.g.keyStart(pair)) + this.newSeqIndent(parent);
      return [this.g.insertAfterLine(keyLine, this.g.blockTextOf(this.r.itemLines(value, col, this.layout.docItemOffset)))];
    }
    return refuse('the key holds something else than a list');
  }

  /** `key:` with nothing after it (in a block map). */
  isEmptyValue(pair: Pair): boolean {
    const v = pair.value;
    const info = this.info(pair);
    if (info.inFlow || info.parent.kind !== 'pair' || info.parent.map.flow) return false;
    if (v === null || v === undefined) return true;
    if (!isScalar(v) || v.value !== null || v.anchor || v.tag) return false;
    const [s, e] = rangeOf(v);
    return s === e;
  }

  moveItemEdits(from: YAMLSeq, index: number, parent: YAMLMap, key: string, before: Pair | undefined, set: [string, JsScalar][]): Edit[] {
    if (!isSeq(from) || !isMap(parent)) refuse('bad arguments');
    if (!Number.isInteger(index) || index < 0 || index >= from.items.length) refuse('no such item');
    const item = from.items[index];
    if (isPair(item)) refuse('pair item');
    if (set.length && !isMap(item)) refuse('set needs a map item');
    const targetPair = this.findPair(parent, key);
    const target = targetPair?.value;
    if (target === from) refuse('moving within one sequence');
    const [is, ie] = rangeOf(item);
    const [ps, pe] = rangeOf(parent);
    if (ps >= is && pe <= ie) refuse('target inside the moved item');

    const removal = this.removeItemEdits(from, index);

    // Render from the value when either side is flow (comments of a flow item are lost).
    const fromValue = (): unknown => {
      const js = (item as Node).toJS(this.doc.yaml!, { maxAliasCount: 1000 });
      if (!set.length) return js;
      if (!isPlainObject(js)) refuse('item is not an object');
      const out = withSet(js, set);
      checkValue(out);
      return out;
    };
    if (from.flow || this.info(item).inFlow) {
      const value = fromValue();
      return [...removal, ...this.appendToListEdits(parent, key, value, before ? { before } : undefined)];
    }
    if (isSeq(target) && target.flow && target.items.length > 0) {
      return [...removal, ...this.appendItemEdits(target, fromValue())];
    }

    // The item's own text, with the `set` changes applied, re-indented to the target dash column.
    const lines = this.itemLinesOf(from, index);
    const blockStart = this.g.lineStart(lines.top);
    const blockEnd = this.g.nextLineStart(lines.last);
    let block = this.g.text.slice(blockStart, blockEnd);
    if (!block.endsWith('\n')) block += this.g.eol;
    if (set.length) {
      const map = item as YAMLMap;
      const inner: Edit[] = [];
      const added: [string, unknown][] = [];
      for (const [k, v] of set) {
        const existing = this.findPair(map, k);
        if (!existing) added.push([k, v]);
        else if (isScalar(existing.value)) inner.push(...this.setScalarEdits(existing.value, v as string | number | boolean));
        else refuse('set on a non-scalar value');
      }
      if (added.length) {
        const name = this.findPair(map, 'name');
        inner.push(...this.addPairsEdits(map, added, { after: name ?? map.items[map.items.length - 1] }));
      }
      const shifted = normalize(inner).map((e) => {
        if (e.span.start < blockStart || e.span.end > blockEnd) refuse('set edit outside the item');
        return { span: { start: e.span.start - blockStart, end: e.span.end - blockStart }, newText: e.newText };
      });
      block = applyEdits(block, shifted);
      if (!block.endsWith('\n')) block += this.g.eol;
    }

    const reindent = (dashCol: number): string => {
      const delta = dashCol - lines.col;
      if (delta === 0) return block;
      return block
        .split(/(?<=\n)/)
        .map((l) => {
          const body = l.replace(/\r?\n$/, '');
          if (body === '') return l;
          if (delta > 0) return pad(delta) + l;
          const spaces = /^ */.exec(body)![0].length;
          if (spaces < -delta && /\S/.test(body)) refuse('line less indented than the item');
          return l.slice(Math.min(spaces, -delta));
        })
        .join('');
    };

    if (targetPair === undefined) {
      // Create `key:` with the item as its only element.
      if (parent.flow) return [...removal, ...this.addPairsEdits(parent, [[key, [fromValue()]]], before ? { before } : undefined)];
      const col = this.g.mapCol(parent);
      const seqIndent = this.newSeqIndent(parent);
      const keyText = `${pad(col)}${this.r.renderString(key, 'PLAIN', 'block-key')}:${this.g.eol}`;
      const moved = keyText + reindent(col + seqIndent);
      if (before) {
        if (parent.items.indexOf(before) < 0) refuse('before pair not in map');
        const bks = this.g.keyStart(before);
        const bLine = this.g.line(bks);
        if (this.g.keyPrefix(before) === 'dash') {
          const at = bks;
          return [...removal, { span: { start: at, end: at }, newText: moved.slice(col) + pad(col) }];
        }
        const bi = parent.items.indexOf(before);
        const floor = bi > 0 ? this.g.pairLastLine(parent.items[bi - 1]) : -1;
        const top = this.g.commentTop(bLine, col, floor);
        const at = this.g.lineStart(top);
        return [...removal, { span: { start: at, end: at }, newText: moved }];
      }
      const last = parent.items[parent.items.length - 1];
      this.g.keyPrefix(last);
      return [...removal, this.g.insertAfterLine(this.g.pairLastLine(last), moved)];
    }
    if (isSeq(target) && !target.flow) {
      if (target.items.length === 0) refuse('empty block sequence');
      const last = this.itemLinesOf(target, target.items.length - 1);
      return [...removal, this.g.insertAfterLine(last.last, reindent(last.col))];
    }
    if (isSeq(target) && target.flow) return [...removal, ...this.fillEmptyFlow(target, 'seq', reindent, false)];
    if (this.isEmptyValue(targetPair)) {
      const keyLine = this.g.line(this.g.colonOf(targetPair));
      const col = this.g.col(this.g.keyStart(targetPair)) + this.newSeqIndent(parent);
      return [...removal, this.g.insertAfterLine(keyLine, reindent(col))];
    }
    return refuse('the key holds something else than a list');
  }
  replacePairEdits(map: YAMLMap, pair: Pair, key: string, value: unknown): Edit[] {
    if (map.items.indexOf(pair) < 0) refuse('pair not in map');
    const ks = this.g.keyStart(pair);
    const pe = this.g.pairEnd(pair);
    if (map.flow || this.info(map).inFlow) {
      return [{ span: { start: ks, end: pe }, newText: `${this.r.renderString(key, 'PLAIN', 'flow-key')}: ${this.r.renderFlow(value)}` }];
    }
    this.g.indentOf(this.g.line(ks));
    this.g.keyPrefix(pair);
    const col = this.g.col(ks);
    const lines = this.r.pairLines(key, value, col, this.newSeqIndent(map));
    let text = lines.map((l, i) => (i === 0 ? l.slice(col) : l)).join(this.g.eol);
    // A block scalar's range ends after its line break(s): keep one.
    if (this.g.text[pe - 1] === '\n') text += this.g.eol;
    return [{ span: { start: ks, end: pe }, newText: text }];
  }

  moveItemBeforeEdits(seq: YAMLSeq, from: number, to: number): Edit[] {
    if (!isSeq(seq) || seq.flow) refuse('not a block sequence');
    const n = seq.items.length;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0 || from >= n || to >= n) refuse('no such item');
    if (to === from || to === from + 1) refuse('no-op');
    if (isPair(seq.items[from]) || isPair(seq.items[to])) refuse('pair item');
    const moved = this.itemLinesOf(seq, from);
    const target = this.itemLinesOf(seq, to);
    const start = this.g.lineStart(moved.top);
    const end = this.g.nextLineStart(moved.last);
    let block = this.g.text.slice(start, end);
    if (!block.endsWith('\n')) block += this.g.eol;
    const at = this.g.lineStart(target.top);
    return [
      { span: { start: at, end: at }, newText: block },
      { span: { start, end }, newText: '' },
    ];
  }
}
