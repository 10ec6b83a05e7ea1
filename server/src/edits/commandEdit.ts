/**
 * Edits of commands for the command and script fixes: a few characters inside a script scalar
 * (`mkdir` → `mkdir -p`), a whole `command`/`args` list rewritten in the style it was written in
 * (flow `["sh", "-c", "…"]` or block items), and a new document appended after the current one.
 *
 * Like the YamlEditor (./yamlEdit.ts), each operation checks its result: the edits are applied,
 * the document is parsed again, and it must have no error and hold exactly the value promised.
 * Otherwise the operation returns undefined and no fix is offered. Nothing here throws.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, isScalar, parseAllDocuments, type Scalar, type YAMLSeq } from 'yaml';
import type { Arg } from '../model/commands';
import { PARSE_OPTIONS, type YamlDocument } from '../model/document';
import type { Path } from '../model/yamlNodes';
import type { Edit } from '../model/text';
import { editedValue, writable, writableChild } from './reparse';
import { documentJs, YamlEditor } from './yamlEdit';

/** A replacement of value characters [start, end) of a scalar by `text`. */
export interface ValueEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies value edits; insertions at one offset appear in the order of the array (as in LSP). */
export function applyValueEdits(value: string, edits: readonly ValueEdit[]): string {
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.i - a.i);
  let out = value;
  for (const { e } of order) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The line break a text uses: CRLF when its first line break is one, else LF. */
export function eolOf(text: string): string {
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  return crlf >= 0 && crlf + 1 === lf ? '\r\n' : '\n';
}

/** The collection holding the last step of `path`, and that step, when the whole path exists. */
function parentOf(root: unknown, path: Path): { parent: Record<string | number, unknown>; last: string | number } | undefined {
  let cur = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    const next = writableChild(cur, path[i]);
    if (typeof next !== 'object' || next === null) return undefined;
    cur = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (typeof cur !== 'object' || cur === null || !(last in cur)) return undefined;
  return { parent: cur, last };
}

function setAt(root: unknown, path: Path, value: unknown): boolean {
  const at = parentOf(root, path);
  if (at) at.parent[at.last] = value;
  return at !== undefined;
}

function deleteAt(root: unknown, path: Path): boolean {
  const at = parentOf(root, path);
  if (!at) return false;
  if (Array.isArray(at.parent) && typeof at.last === 'number') at.parent.splice(at.last, 1);
  else delete at.parent[at.last];
  return true;
}

/** What a change does to the document's value. */
export type Change = { set: Path; value: unknown } | { delete: Path };

/**
 * Whether `edits` turn the document into one that parses without error (and without new
 * warnings) and whose value is the original with `changes` applied.
 */
export function verifyEdits(doc: YamlDocument, edits: readonly Edit[], changes: readonly Change[]): boolean {
  try {
    if (!doc.yaml || doc.yaml.errors.length || edits.length === 0) return false;
    const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i];
      if (e.span.start < 0 || e.span.end > doc.text.length || e.span.start > e.span.end) return false;
      if (i > 0 && e.span.start < sorted[i - 1].span.end) return false;
    }
    const actual = editedValue(doc, documentJs(doc), sorted, doc.yaml.warnings.length);
    if (!actual) return false;
    const expected = writable(documentJs(doc));
    for (const c of changes) {
      if ('set' in c ? !setAt(expected, c.set, c.value) : !deleteAt(expected, c.delete)) return false;
    }
    return isDeepStrictEqual(actual.value, expected);
  } catch {
    return false;
  }
}

/** `text` written inside a scalar of this style (no line breaks: those are left to `setScalar`). */
function encodeFor(type: string, text: string): string | undefined {
  if (/[\r\n]/.test(text)) return undefined;
  switch (type) {
    case 'QUOTE_SINGLE':
      return text.replace(/'/g, "''");
    case 'QUOTE_DOUBLE':
      return JSON.stringify(text).slice(1, -1);
    default:
      return text;
  }
}

/**
 * Edits that change an argument's value by `valueEdits`: a few characters in place when the
 * scalar's source maps exactly, else the whole scalar rewritten (YamlEditor.setScalar, which
 * keeps block and quote styles where it can). Undefined when neither checks out.
 */
export function editArgValue(doc: YamlDocument, arg: Arg, valueEdits: readonly ValueEdit[]): Edit[] | undefined {
  if (!arg.isString || valueEdits.length === 0) return undefined;
  const newValue = applyValueEdits(arg.value, valueEdits);
  const change: Change[] = [{ set: arg.docPath, value: newValue }];
  const map = arg.map;
  if (map.exact && map.starts.length === arg.value.length) {
    const n = map.starts.length;
    const edits: Edit[] = [];
    let ok = true;
    for (const e of valueEdits) {
      const text = encodeFor(map.type, e.text);
      if (text === undefined || e.start < 0 || e.end > n || e.start > e.end) {
        ok = false;
        break;
      }
      // Replaced characters must come from one unescaped run of the source.
      for (let k = e.start; k < e.end; k++) {
        if (map.ends[k] - map.starts[k] !== 1 || (k > e.start && map.starts[k] !== map.ends[k - 1])) ok = false;
      }
      const start = e.start < n ? map.starts[e.start] : n > 0 ? map.ends[n - 1] : map.whole.end;
      const end = e.end > e.start ? map.ends[e.end - 1] : start;
      edits.push({ span: { start, end }, newText: text });
    }
    if (ok && verifyEdits(doc, edits, change)) return edits.sort((a, b) => a.span.start - b.span.start);
  }
  const whole = new YamlEditor(doc).setScalar(arg.node, newValue);
  return whole && verifyEdits(doc, whole, change) ? whole : undefined;
}

type Style = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';

function plainReadsBack(v: string, flow: boolean): boolean {
  if (v === '' || /^\s|\s$/.test(v) || /[\u0000-\u001f\u007f\ufeff]/.test(v)) return false;
  if (flow && /[,[\]{}]/.test(v)) return false;
  try {
    const src = flow ? `[${v}]\n` : `- ${v}\n`;
    const d = parseAllDocuments(src, PARSE_OPTIONS);
    if (!Array.isArray(d) || d.length !== 1 || d[0].errors.length || d[0].warnings.length) return false;
    const js = d[0].toJS() as unknown;
    return Array.isArray(js) && js.length === 1 && js[0] === v;
  } catch {
    return false;
  }
}

function render(v: string, style: Style, flow: boolean): string {
  if (style === 'QUOTE_SINGLE' && !/[\r\n]/.test(v)) return `'${v.replace(/'/g, "''")}'`;
  if (style === 'PLAIN' && plainReadsBack(v, flow)) return v;
  return JSON.stringify(v);
}

function styleOf(seq: YAMLSeq): Style {
  const votes: Record<Style, number> = { PLAIN: 0, QUOTE_DOUBLE: 0, QUOTE_SINGLE: 0 };
  for (const it of seq.items) {
    if (isScalar(it) && (it.type === 'PLAIN' || it.type === 'QUOTE_DOUBLE' || it.type === 'QUOTE_SINGLE')) votes[it.type]++;
  }
  // Plain wins ties: a file that writes plain items quotes only the ones that need it.
  if (votes.QUOTE_DOUBLE > votes.PLAIN && votes.QUOTE_DOUBLE >= votes.QUOTE_SINGLE) return 'QUOTE_DOUBLE';
  if (votes.QUOTE_SINGLE > votes.PLAIN) return 'QUOTE_SINGLE';
  return 'PLAIN';
}

/**
 * The edit that replaces a sequence of scalars by `values`, in its style: a flow sequence keeps
 * its brackets, spacing and quote style (`["sh", "-c", "…"]`); a block sequence keeps its dash
 * column and the text after each dash. Comments inside the sequence make it refuse. The caller
 * verifies the result (with its other edits).
 */
export function replaceSeqEdit(doc: YamlDocument, seq: YAMLSeq, values: readonly string[]): Edit | undefined {
  const text = doc.text;
  const items = seq.items;
  if (!seq.range || values.length === 0 || items.length === 0) return undefined;
  if (!items.every((i) => isScalar(i) && i.range && !i.anchor && !i.tag)) return undefined;
  if (seq.anchor || seq.tag) return undefined;
  const scalars = items as Scalar[];
  const style = styleOf(seq);
  if (seq.flow) {
    const [s, e] = seq.range;
    if (text[s] !== '[' || text[e - 1] !== ']') return undefined;
    const inner = text.slice(s + 1, e - 1);
    if (/#/.test(inner.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, ''))) return undefined;
    const first = scalars[0].range!;
    const pad = /^[ ]*/.exec(text.slice(s + 1, first[0]))![0];
    let sep = ', ';
    if (scalars.length > 1) {
      const between = text.slice(scalars[0].range![1], scalars[1].range![0]);
      if (/^\s*,\s*$/.test(between) && !/\n/.test(between)) sep = between.trim() === ',' ? between.replace(/^\s*/, '') : sep;
    }
    const endPad = /[ ]*$/.exec(text.slice(scalars[scalars.length - 1].range![1], e - 1))![0];
    const body = values.map((v) => render(v, style, true)).join(sep);
    return { span: { start: s, end: e }, newText: `[${pad}${body}${endPad}]` };
  }
  // Block: from the first item's value to the last item's end.
  const start = scalars[0].range![0];
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const head = text.slice(lineStart, start);
  if (!/^ *- +$/.test(head)) return undefined;
  const dashCol = head.lastIndexOf('-');
  const afterDash = head.slice(dashCol + 1);
  for (let i = 1; i < scalars.length; i++) {
    const gap = text.slice(scalars[i - 1].range![1], scalars[i].range![0]);
    if (/#/.test(gap) || !/^[\s-]*$/.test(gap)) return undefined;
  }
  const last = scalars[scalars.length - 1].range!;
  let end = last[1];
  const eol = eolOf(text);
  if (text[end - 1] === '\n') {
    // A block scalar's range takes its last line break.
    end -= text[end - 2] === '\r' ? 2 : 1;
  }
  if (/[|>]/.test(text[start]) && end <= start) return undefined;
  const lines = values.map((v, i) => (i === 0 ? '' : `${eol}${' '.repeat(dashCol)}-${afterDash}`) + render(v, style, false));
  return { span: { start, end }, newText: lines.join('') };
}

/**
 * Edits that insert a new YAML document after this one (a `---` line first, the file's line ends).
 * When this document ends with `...`, the new one does too: what follows may be a document
 * without `---`, which would otherwise run on into the new one.
 */
export function appendDocumentEdit(doc: YamlDocument, body: string): Edit {
  const eol = eolOf(doc.text);
  const text = doc.text;
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  const normalized = body.replace(/\r?\n/g, eol);
  const end = doc.yaml?.directives?.docEnd ? `...${eol}` : '';
  return {
    span: { start: text.length, end: text.length },
    newText: `${needsBreak ? eol : ''}---${eol}${normalized}${normalized.endsWith(eol) ? '' : eol}${end}`,
  };
}

/** The document's indentation step and whether block sequences under a key are indented. */
function layoutOf(doc: YamlDocument): { indent: number; indentSeq: boolean } {
  const lines = doc.text.split(/\r?\n/);
  const steps = new Map<number, number>();
  let seqIndented = 0;
  let seqFlush = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = /^( *)([^\s#-][^:]*):\s*$/.exec(lines[i]);
    if (!a) continue;
    const b = /^( *)(- )?/.exec(lines[i + 1])!;
    const d = b[1].length - a[1].length;
    if (b[2]) {
      if (d > 0) seqIndented++;
      else if (d === 0) seqFlush++;
    } else if (d > 0 && /\S/.test(lines[i + 1])) steps.set(d, (steps.get(d) ?? 0) + 1);
  }
  let indent = 2;
  let best = 0;
  for (const [d, n] of steps) if (n > best && d <= 8) [indent, best] = [d, n];
  return { indent, indentSeq: seqIndented >= seqFlush };
}

/**
 * A value written as a YAML document in the style of `doc` (its indentation step, sequence
 * style and flow-collection padding). The value may hold `yaml` nodes cloned from `doc` (they keep
 * their quoting, flow style and comments). Checked: the text must parse back to `expected`.
 */
export function renderDocument(doc: YamlDocument, value: unknown, expected: unknown): string | undefined {
  try {
    const { indent, indentSeq } = layoutOf(doc);
    // Flow sequences (`[ "a" ]` or `["a"]`) as the file writes them; maps follow suit.
    const padded = (doc.text.match(/\[ \S/g) ?? []).length > (doc.text.match(/\[[^\s\]]/g) ?? []).length;
    const out = new Document(value, { version: '1.1' }).toString({ indent, indentSeq, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: padded });
    const back = parseAllDocuments(out, PARSE_OPTIONS);
    if (!Array.isArray(back) || back.length !== 1 || back[0].errors.length || back[0].warnings.length) return undefined;
    return isDeepStrictEqual(back[0].toJS(), expected) ? out : undefined;
  } catch {
    return undefined;
  }
}
