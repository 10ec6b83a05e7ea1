/**
 * Scalars and values as YAML text, in the document's style: a string is written plain when it
 * reads back as the same string in that context (checked by parsing it), else quoted in the
 * style the file uses most; numbers, booleans and null as YAML writes them; arrays and objects
 * as block lines (the layout's indentation step, dash columns and item offsets) or as flow text.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { PARSE_OPTIONS } from '../model/document';
import { isEmptyCollection, isJsScalar, isPlainObject, type JsScalar } from './expectedValue';
import type { Layout } from './layout';
import { pad } from './lineGeometry';
import { refuse } from './refusal';

/** Where a scalar goes: a block or flow value, or a block or flow key. */
export type ScalarCtx = 'block' | 'flow' | 'block-key' | 'flow-key';

const plainCache = new Map<string, boolean>();

function parsesAsPlainString(snippet: string, s: string, pick: (contents: unknown) => unknown): boolean {
  try {
    const docs = parseAllDocuments(snippet, PARSE_OPTIONS);
    if (!Array.isArray(docs) || docs.length !== 1) return false;
    const d = docs[0];
    if (d.errors.length || d.warnings.length) return false;
    const node = pick(d.contents);
    return isScalar(node) && node.type === 'PLAIN' && node.value === s && !node.tag;
  } catch {
    return false;
  }
}

const firstValue = (c: unknown): unknown => (isMap(c) && c.items.length === 1 ? c.items[0].value : undefined);
const firstKey = (c: unknown): unknown => (isMap(c) && c.items.length === 1 ? c.items[0].key : undefined);
const firstItem = (c: unknown): unknown => (isSeq(c) && c.items.length === 1 ? c.items[0] : undefined);

/** Whether `s` written plain in that context reads back as the same string. */
export function plainSafe(s: string, ctx: ScalarCtx): boolean {
  if (s === '' || s.length > 1000 || /^\s|\s$/.test(s)) return false;
  // Line breaks, control characters, BOM and the Unicode line separators.
  if (/[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(s)) return false;
  if ((ctx === 'flow' || ctx === 'flow-key') && /[,[\]{}]/.test(s)) return false;
  const id = `${ctx}\u0000${s}`;
  const hit = plainCache.get(id);
  if (hit !== undefined) return hit;
  let ok: boolean;
  switch (ctx) {
    case 'block':
      ok = parsesAsPlainString(`k: ${s}\n`, s, firstValue) && parsesAsPlainString(`- ${s}\n`, s, firstItem);
      break;
    case 'block-key':
      ok = parsesAsPlainString(`${s}: v\n`, s, firstKey);
      break;
    case 'flow':
      ok = parsesAsPlainString(`[${s}]\n`, s, firstItem) && parsesAsPlainString(`{k: ${s}}\n`, s, firstValue);
      break;
    case 'flow-key':
      ok = parsesAsPlainString(`{${s}: v}\n`, s, firstKey);
      break;
  }
  if (plainCache.size > 10000) plainCache.clear();
  plainCache.set(id, ok);
  return ok;
}

function singleQuotable(s: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(s);
}

const singleQuoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** JSON strings are valid YAML double-quoted scalars. */
const doubleQuoted = (s: string): string => JSON.stringify(s);

export function nonString(v: number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Number.isFinite(v)) refuse('non-finite number');
  return String(v);
}

/** Values as text in one document's style (its layout). */
export class Renderer {
  constructor(private readonly layout: Pick<Layout, 'quote' | 'step' | 'docSeqIndent' | 'docItemOffset'>) {}

  /** Dash column, relative to its key, of a new sequence with no sibling to follow. */
  defaultSeqIndent(): number {
    return this.layout.docSeqIndent ?? this.layout.step;
  }

  renderString(s: string, style: string, ctx: ScalarCtx): string {
    if (style === 'QUOTE_SINGLE') return singleQuotable(s) ? singleQuoted(s) : doubleQuoted(s);
    if (style === 'QUOTE_DOUBLE') return doubleQuoted(s);
    if (plainSafe(s, ctx)) return s;
    return this.layout.quote === 'single' && singleQuotable(s) ? singleQuoted(s) : doubleQuoted(s);
  }

  renderScalar(v: JsScalar, ctx: ScalarCtx): string {
    return typeof v === 'string' ? this.renderString(v, 'PLAIN', ctx) : nonString(v);
  }

  renderFlow(v: unknown): string {
    if (isJsScalar(v)) return this.renderScalar(v, 'flow');
    if (Array.isArray(v)) return `[${v.map((x) => this.renderFlow(x)).join(', ')}]`;
    if (isPlainObject(v))
      return `{${Object.entries(v)
        .map(([k, x]) => `${this.renderString(k, 'PLAIN', 'flow-key')}: ${this.renderFlow(x)}`)
        .join(', ')}}`;
    return refuse('value cannot be rendered');
  }

  /** A value written inline after `key: ` or `- ` in block context, or undefined if it needs lines. */
  inlineBlock(v: unknown): string | undefined {
    if (isJsScalar(v)) return this.renderScalar(v, 'block');
    if (isEmptyCollection(v)) return Array.isArray(v) ? '[]' : '{}';
    return undefined;
  }

  /** Lines of `key: value` at column `col`. `seqIndent`: dash column relative to the key. */
  pairLines(key: string, v: unknown, col: number, seqIndent: number): string[] {
    const k = this.renderString(key, 'PLAIN', 'block-key');
    const inline = this.inlineBlock(v);
    if (inline !== undefined) return [`${pad(col)}${k}: ${inline}`];
    if (Array.isArray(v)) return [`${pad(col)}${k}:`, ...this.seqLines(v, col + seqIndent, this.layout.docItemOffset)];
    return [`${pad(col)}${k}:`, ...this.mapLines(v as Record<string, unknown>, col + this.layout.step)];
  }

  mapLines(obj: Record<string, unknown>, col: number): string[] {
    return Object.entries(obj).flatMap(([k, v]) => this.pairLines(k, v, col, this.defaultSeqIndent()));
  }

  /** Lines of the items of a block sequence whose dashes are at `dashCol`. */
  seqLines(arr: unknown[], dashCol: number, itemOffset: number): string[] {
    return arr.flatMap((v) => this.itemLines(v, dashCol, itemOffset));
  }

  itemLines(v: unknown, dashCol: number, itemOffset: number): string[] {
    const inline = this.inlineBlock(v);
    if (inline !== undefined) return [`${pad(dashCol)}- ${inline}`];
    const inner = Array.isArray(v)
      ? this.seqLines(v, dashCol + itemOffset, this.layout.docItemOffset)
      : this.mapLines(v as Record<string, unknown>, dashCol + itemOffset);
    const first = inner[0];
    inner[0] = `${pad(dashCol)}-${pad(itemOffset - 1)}${first.slice(dashCol + itemOffset)}`;
    return inner;
  }
}
