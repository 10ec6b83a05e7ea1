/**
 * The guarantee every fix keeps (rules.md): applying it yields YAML that parses, the diagnostic
 * it fixes is gone, no new error appears, and every line outside the edited span is unchanged.
 *
 * "New" is counted per rule and message, without the message's field path (a fix that moves a
 * container moves its errors) and without the numbers of container indices quoted in it (a
 * reorder shifts `initContainers[1] already has this name` too). A fix that corrects a misspelt key (`tempalte` → `template`) shows
 * the rules that key and what is under it: errors found there, or elsewhere about that field
 * (an init container named like one of the app containers the typo hid), were in the text
 * before, hidden by the typo, and are not new. So are errors that show in a manifest read as
 * partial (a strategic-merge patch, a workload without `selector`) that a fix makes complete, and
 * those in the
 * document of a manifest whose removed or unknown `apiVersion` a fix corrects (the rules can read
 * it from then on).
 */
import assert from 'node:assert/strict';
import { isPair, isScalar, parseAllDocuments, visit } from 'yaml';
import { analyzeText, type Diagnostic, type FileAnalysis, type FileFix } from '../../server/out/analysis/analyze';
import type { AnalysisOptions } from '../../server/out/config/options';
import { isPartial } from '../../server/out/rules/support';

/** A diagnostic as one line: `L:C-L:C severity rule: message` (1-based). */
export function show(d: Diagnostic): string {
  const r = d.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.severity} ${d.rule}: ${d.message}`;
}

export function applyFix(text: string, fix: FileFix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/**
 * For a fix that renames one mapping key, the span of that key and its value in the fixed text
 * (the rest of the key's line and the lines below indented deeper, or a block sequence at the
 * key's own column, or as far as the parser says the value goes: a flow value may run over
 * lines indented less), and of the mapping that holds it; otherwise undefined.
 */
export function revealedBy(text: string, fix: FileFix): { start: number; end: number } | undefined {
  if (fix.edits.length !== 1) return undefined;
  const e = fix.edits[0];
  const old = text.slice(e.span.start, e.span.end);
  if (old === '' || !/^(["']?)[\w$./-]+\1$/.test(e.newText)) return undefined;
  const lineStart = text.lastIndexOf('\n', e.span.start - 1) + 1;
  const lineEnd = (i: number) => (text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i));
  const line = text.slice(lineStart, lineEnd(e.span.start));
  const column = e.span.start - lineStart;
  // The shift of what follows the edit in the fixed text.
  const shift = e.newText.length - old.length;
  const head = /^[ \t]*(?:-[ \t]+)*["']?$/.exec(line.slice(0, column));
  // A key folded over lines (`{contain\nrs: …}`) can only be in a flow mapping.
  if (!head || old.includes('\n') || !/^["']?[ \t]*:(?:[ \t\r]|$)/.test(line.slice(column + old.length))) {
    // Not a block mapping key at the start of its line (a key in a flow mapping): what the parser says.
    const key = keyAt(text, e.span.start);
    return key && withSiblings({ start: e.span.start, end: key.valueEnd + shift }, key.map, shift);
  }
  const keyColumn = head[0].replace(/["']$/, '').length;
  let end = lineEnd(e.span.start);
  while (end < text.length) {
    const next = text.slice(end + 1, lineEnd(end + 1));
    const indent = /^[ \t]*/.exec(next)![0].length;
    const inside =
      next.trim() === '' || next.trimStart().startsWith('#') || indent > keyColumn || (indent === keyColumn && /^-(?:[ \t]|$)/.test(next.slice(indent)));
    if (!inside) break;
    end = lineEnd(end + 1);
  }
  const key = keyAt(text, e.span.start);
  end = Math.max(end, key?.valueEnd ?? -1);
  // The key itself too: what the corrected key means (a field forbidden here) was hidden as well.
  return withSiblings({ start: e.span.start, end: end + shift }, key?.map, shift);
}

/**
 * The corrected key's whole mapping: its siblings are checked against it from then on (requests
 * against the `limits` the typo hid).
 */
function withSiblings(span: { start: number; end: number }, map: [number, number] | undefined, shift: number): { start: number; end: number } {
  return map ? { start: Math.min(span.start, map[0]), end: Math.max(span.end, map[1] + shift) } : span;
}

/** Whether a message names `key` as a field of a path (`.key[`, `.key:`, `key.`), quotes left off. */
function mentionsField(message: string, key: string): boolean {
  const name = key.replace(/^["']|["']$/g, '').replace(/[$.*+?^()[\]{}|\\/]/g, '\\$&');
  return new RegExp(`(?:^|[\\s.])${name}(?:\\[|\\.|:|\\s)`).test(message);
}

/** Whether the fix is one edit in the value of an `apiVersion` key. */
function fixesApiVersion(text: string, fix: FileFix): boolean {
  if (fix.edits.length !== 1) return false;
  const start = fix.edits[0].span.start;
  const line = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  return /^[ \t]*apiVersion[ \t]*:[ \t]*["']?$/.test(line);
}

/** Whether a manifest of document `document` was read as partial before the fix and is complete after it. */
function becomesComplete(before: FileAnalysis, after: FileAnalysis, document: number, options: AnalysisOptions): boolean {
  const was = before.model.documents[document]?.doc.manifests ?? [];
  const now = after.model.documents[document]?.doc.manifests ?? [];
  return now.some((m, i) => was[i] !== undefined && isPartial(was[i], options) && !isPartial(m, options));
}

/** The mapping key at `offset` as the YAML parser reads the text: where its value ends, and its mapping's range. */
function keyAt(text: string, offset: number): { valueEnd: number; map?: [number, number] } | undefined {
  let found: { valueEnd: number; map?: [number, number] } | undefined;
  for (const doc of parseAllDocuments(text, { logLevel: 'error' })) {
    visit(doc, {
      Pair(_, pair, path) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return undefined;
        const [start, keyEnd] = pair.key.range;
        if (offset < start || offset >= keyEnd) return undefined;
        const map = (path[path.length - 1] as { range?: [number, number, number] } | undefined)?.range;
        found = { valueEnd: (pair.value as { range?: [number, number, number] } | null)?.range?.[1] ?? keyEnd, map: map && [map[0], map[1]] };
        return visit.BREAK;
      },
    });
  }
  return found;
}

/** Lines of `before` outside the edited lines must appear unchanged in `after`. */
export function assertOnlyEditedLinesChanged(before: string, after: string, fix: FileFix, where: string): void {
  const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
  const firstLineStart = before.lastIndexOf('\n', edits[0].span.start - 1) + 1;
  const lastEdit = edits[edits.length - 1];
  let lastLineEnd = before.indexOf('\n', lastEdit.span.end);
  if (lastLineEnd < 0) lastLineEnd = before.length;
  assert.equal(after.slice(0, firstLineStart), before.slice(0, firstLineStart), `${where}: text before the edit changed`);
  const tail = before.slice(lastLineEnd);
  assert.equal(after.slice(after.length - tail.length), tail, `${where}: text after the edit changed`);
}

/** A message's leading field path (`formatPath`: `a.b[0]["quoted key"]`) and its colon. */
const FIELD_PATH = /^(?:[A-Za-z_$][\w$-]*|\.[A-Za-z_$][\w$-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])+: /;

/** `analysed`: the analysis of `text` with `options`, when the caller has it (the fuzzer checks many fixes per text). */
export async function checkFix(
  text: string,
  d: Diagnostic,
  fix: FileFix,
  where: string,
  options: Parameters<typeof analyzeText>[1],
  analysed?: FileAnalysis,
): Promise<void> {
  const after = applyFix(text, fix);
  const again = await analyzeText(after, options);
  const before = analysed ?? (await analyzeText(text, options));
  // The fixed document parses: no syntax error that the text did not have (in another document) before.
  const syntax = (ds: Diagnostic[]) => ds.filter((x) => x.rule === 'yaml-syntax' && x.severity === 'error');
  const broken = syntax(before.diagnostics).map((x) => x.message);
  const newSyntax = syntax(again.diagnostics).filter((x) => {
    const i = broken.indexOf(x.message);
    if (i >= 0) broken.splice(i, 1);
    return i < 0;
  });
  assert.deepEqual(newSyntax.map(show), [], `${where}: "${fix.title}" broke the YAML`);
  // Messages are compared without their field path: an error the fix moves (a container extracted
  // into a Job keeps its unknown field, the next container takes a moved one's index) is the same
  // error; nor with a suggestion (`(did you mean "x"?)`, `Did you mean \`x\`?`), which changes
  // when the fix adds `x`.
  // Indices quoted in the text (`spec.containers[1] already has this name`) shift with a reorder
  // the same way, and are compared without their numbers.
  const bare = (x: Diagnostic) =>
    `${x.rule}|${x.message
      .replace(FIELD_PATH, '')
      .replace(/ \(did you mean .*\?\)$| Did you mean .*\?$/, '')
      .replace(/(initContainers|containers|ephemeralContainers)\[\d+\]/g, '$1[]')}`;
  // The diagnostic is gone: fewer of its kind than before.
  const count = (ds: Diagnostic[]) => ds.filter((x) => bare(x) === bare(d)).length;
  assert.ok(count(again.diagnostics) < count(before.diagnostics), `${where}: "${fix.title}" did not remove: ${show(d)}`);
  // An error is added when the fixed text has more errors of that rule and message than the text had.
  const known = new Map<string, number>();
  // The same rule's error at the same field, reworded because it quotes a value the fix changed
  // (`volume "data"` → `volume "/data"`), is the same error.
  const atField = (x: Diagnostic) => {
    const path = FIELD_PATH.exec(x.message)?.[0];
    return path ? `${x.rule}@${x.document}:${path}` : undefined;
  };
  const knownFields = new Map<string, number>();
  for (const x of before.diagnostics) {
    if (x.severity !== 'error') continue;
    known.set(bare(x), (known.get(bare(x)) ?? 0) + 1);
    const f = atField(x);
    if (f) knownFields.set(f, (knownFields.get(f) ?? 0) + 1);
  }
  const revealed = revealedBy(text, fix);
  const added = again.diagnostics.filter((x) => {
    if (x.severity !== 'error') return false;
    if (revealed && x.span.start >= revealed.start && x.span.end <= revealed.end) return false;
    // Elsewhere, an error about the corrected field (`spec.containers[0] already has this name`).
    if (revealed && mentionsField(x.message, fix.edits[0].newText)) return false;
    // A fix that makes a partial manifest complete (it removes a patch directive, or corrects the
    // `selector` a workload was read as partial without): what the manifest lacks shows.
    if (x.document === d.document && becomesComplete(before, again, d.document, options)) return false;
    // A fix of the apiVersion makes a manifest the rules could not read (a removed or unknown
    // version of its kind) readable: the errors in its document were there all along.
    if (fixesApiVersion(text, fix) && x.document === d.document) return false;
    const left = known.get(bare(x)) ?? 0;
    known.set(bare(x), left - 1);
    if (left > 0) return false;
    const f = atField(x);
    const there = f ? (knownFields.get(f) ?? 0) : 0;
    if (f) knownFields.set(f, there - 1);
    return there <= 0;
  });
  assert.deepEqual(added.map(show), [], `${where}: "${fix.title}" added errors`);
  assertOnlyEditedLinesChanged(text, after, fix, where);
}

/** The targets the fix guarantee is checked at: every release from 1.29 to 1.37. */
export const TARGETS: readonly { major: number; minor: number }[] = Array.from({ length: 37 - 29 + 1 }, (_, i) => ({ major: 1, minor: 29 + i }));

/**
 * Fixes never change the meaning of a valid manifest: in a document with no error at the target,
 * no fix is safe (applied by `--fix`) unless its diagnostic says the API server drops the value
 * at that target (then removing or changing it changes nothing the server would keep).
 * Returns the offending fixes, shown, for one assertion per run.
 */
export function safeFixesOnValidDocuments(analysis: FileAnalysis, where: string): string[] {
  const withErrors = new Set(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.document));
  const out: string[] = [];
  for (const d of analysis.diagnostics) {
    if (withErrors.has(d.document) || /\bdrop(?:s|ped)\b/.test(d.message)) continue;
    for (const fix of d.fixes) if (fix.safe) out.push(`${where}: safe fix "${fix.title}" on a document without errors: ${show(d)}`);
  }
  return out;
}
