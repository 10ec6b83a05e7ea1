/**
 * One input through everything the engine offers, as the server and the CLI call it: parsing,
 * every rule (schema included), every fix offered (applied and checked against the fix
 * guarantee), "Disable <id> for this line", hover, completion, definition, references,
 * prepareRename and rename at given offsets, lenses and their titles, symbols and startup plans.
 *
 * Properties: nothing throws; no rule fails (the engine catches a throwing rule and reports it:
 * for the fuzzer that is a bug); each call finishes in under `slowMs`; every fix keeps the
 * guarantee; every span and range returned lies inside the text.
 */
import { analyzeFile, analyzeText, disableFix, type Diagnostic, type FileAnalysis } from '../../../server/out/analysis/analyze';
import type { AnalysisOptions } from '../../../server/out/config/options';
import { lensAnchors, lensTitle } from '../../../server/out/features/codeLens';
import { completionsAt } from '../../../server/out/features/completion/index';
import { hoverAt } from '../../../server/out/features/hover/index';
import { definition, prepareRename, references, rename } from '../../../server/out/features/navigation';
import { filePlans, planAt } from '../../../server/out/features/startup';
import { fileSymbols, type OutlineSymbol } from '../../../server/out/features/symbols';
import { parseFile, type FileModel } from '../../../server/out/model/file';
import { applyFix, checkFix, show } from '../fixGuarantee';

export type Property = 'throws' | 'rule-failure' | 'slow' | 'fix-guarantee' | 'disable-fix' | 'rename' | 'out-of-range';

export interface Problem {
  property: Property;
  /** The engine call: parse, analyze, fix, disable, hover, completion, … */
  call: string;
  rule?: string;
  /** First line of the error or assertion. */
  message: string;
  /** Stack or full assertion text. */
  detail?: string;
  offset?: number;
  ms?: number;
}

export interface ExerciseConfig {
  options: AnalysisOptions;
  /** File offsets at which the position features are called (clamped to the text). */
  offsets: number[];
  /** How many fixes to apply and check (spread over the diagnostics). */
  maxFixes: number;
  /** How many "Disable <id> for this line" fixes to apply and check. */
  maxDisables: number;
  /** A call slower than this (twice in a row) is a problem. */
  slowMs: number;
  /** The new name tried with rename. */
  newName: string;
}

export interface ExerciseResult {
  problems: Problem[];
  /** Engine calls made. */
  calls: number;
  /** Slowest call. */
  slowest: { call: string; ms: number };
}

/** Groups problems that are the same bug: numbers and quoted text in the message are blurred. */
export function signature(p: Problem): string {
  const msg = p.message
    .replace(/`[^`]*`|"[^"]*"|'[^']*'/g, '…')
    .replace(/\d+/g, '#')
    .slice(0, 160);
  return `${p.property}|${p.call}|${p.rule ?? ''}|${msg}`;
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim().slice(0, 300);
}

function describe(e: unknown): { message: string; detail: string } {
  if (e instanceof Error) return { message: firstLine(`${e.name}: ${e.message}`), detail: e.stack ?? e.message };
  return { message: firstLine(String(e)), detail: String(e) };
}

class Run {
  readonly problems: Problem[] = [];
  calls = 0;
  slowest = { call: '', ms: 0 };

  constructor(readonly config: ExerciseConfig) {}

  private note(call: string, ms: number): void {
    this.calls++;
    if (ms > this.slowest.ms) this.slowest = { call, ms };
  }

  /** Runs `fn`; a throw is a problem. A call over the limit is timed again with `again` (GC and JIT noise) before it counts. */
  sync<T>(call: string, fn: () => T, offset?: number, again: () => unknown = fn): T | undefined {
    const t0 = performance.now();
    try {
      const out = fn();
      this.time(call, performance.now() - t0, again, offset);
      return out;
    } catch (e) {
      this.problems.push({ property: 'throws', call, ...describe(e), offset });
      return undefined;
    }
  }

  async async<T>(call: string, fn: () => Promise<T>, again: () => Promise<unknown> = fn): Promise<T | undefined> {
    const t0 = performance.now();
    try {
      const out = await fn();
      const ms = performance.now() - t0;
      this.note(call, ms);
      if (ms > this.config.slowMs) {
        const t1 = performance.now();
        await again();
        const ms2 = performance.now() - t1;
        if (ms2 > this.config.slowMs)
          this.problems.push({ property: 'slow', call, message: `${call} took ${Math.round(Math.min(ms, ms2))} ms`, ms: Math.min(ms, ms2) });
      }
      return out;
    } catch (e) {
      this.problems.push({ property: 'throws', call, ...describe(e) });
      return undefined;
    }
  }

  private time(call: string, ms: number, again: () => unknown, offset?: number): void {
    this.note(call, ms);
    if (ms <= this.config.slowMs) return;
    const t1 = performance.now();
    try {
      again();
    } catch {
      // reported by the first call if it threw; a second run only times
    }
    const ms2 = performance.now() - t1;
    if (ms2 > this.config.slowMs)
      this.problems.push({ property: 'slow', call, message: `${call} took ${Math.round(Math.min(ms, ms2))} ms`, ms: Math.min(ms, ms2), offset });
  }

  range(call: string, what: string, span: { start: number; end: number } | undefined, length: number, offset?: number): void {
    if (!span) return;
    const ok = Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length;
    if (!ok) this.problems.push({ property: 'out-of-range', call, message: `${what} span ${span.start}-${span.end} outside 0-${length}`, offset });
  }
}

function symbolSpans(symbols: OutlineSymbol[], out: { start: number; end: number }[] = []): { start: number; end: number }[] {
  const stack = [...symbols];
  while (stack.length) {
    const s = stack.pop()!;
    out.push(s.span, s.selectionSpan);
    stack.push(...s.children);
  }
  return out;
}

/** Picks `n` items spread over `xs` (all when there are fewer). */
function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.floor((i * xs.length) / n)]);
  return out;
}

export async function exercise(text: string, config: ExerciseConfig): Promise<ExerciseResult> {
  const run = new Run(config);
  const { options } = config;
  const model = run.sync('parse', () => parseFile(text));
  if (!model) return { problems: run.problems, calls: run.calls, slowest: run.slowest };
  const length = text.length;

  const analysis = await run.async(
    'analyze',
    () => analyzeFile(model, options) as Promise<FileAnalysis>,
    () => analyzeFile(parseFile(text), options),
  );
  if (analysis) {
    for (const f of analysis.failures) {
      run.problems.push({ property: 'rule-failure', call: 'analyze', rule: f.rule, message: firstLine(f.error), detail: f.error });
    }
    for (const d of analysis.diagnostics) {
      run.range('analyze', `${d.rule} diagnostic`, d.span, length);
      for (const fix of d.fixes) for (const e of fix.edits) run.range('analyze', `${d.rule} fix edit`, e.span, length);
    }
    await checkFixes(run, text, analysis, config);
    await checkDisables(run, text, analysis, config);
  }

  features(run, model, config);
  return { problems: run.problems, calls: run.calls, slowest: run.slowest };
}

async function checkFixes(run: Run, text: string, analysis: FileAnalysis, config: ExerciseConfig): Promise<void> {
  const all = analysis.diagnostics.flatMap((d) => d.fixes.map((fix) => ({ d, fix })));
  for (const { d, fix } of spread(all, config.maxFixes)) {
    const t0 = performance.now();
    try {
      await checkFix(text, d, fix, `${d.rule}`, config.options, analysis);
    } catch (e) {
      const { message, detail } = describe(e);
      run.problems.push({ property: 'fix-guarantee', call: 'fix', rule: d.rule, message: `${fix.title}: ${message}`, detail: `${show(d)}\n${detail}` });
    }
    const ms = performance.now() - t0;
    run.calls++;
    // Applying the fix and analysing the result again: twice the analysis budget.
    if (ms > 2 * config.slowMs)
      run.problems.push({ property: 'slow', call: 'fix', rule: d.rule, message: `checking "${fix.title}" took ${Math.round(ms)} ms`, ms });
  }
}

/**
 * "Disable <id> for this line" silences its diagnostic and adds no syntax error. Checked in
 * documents that parse: a comment inserted into broken YAML may change how the parser recovers,
 * so there (yaml-syntax errors included) the action is only called, not checked.
 */
async function checkDisables(run: Run, text: string, analysis: FileAnalysis, config: ExerciseConfig): Promise<void> {
  // A lone CR is a line break for editors (LSP) but not for the YAML parser: there a comment
  // line cannot be placed reliably, so such documents are only called too.
  const parses = (d: Diagnostic) => {
    const doc = analysis.model.documents[d.document]?.doc;
    return !!doc && !doc.syntaxIssues.some((i) => i.severity === 'error') && !/\r(?!\n)/.test(doc.text);
  };
  for (const d of spread(
    analysis.diagnostics.filter((x) => x.document >= 0 && !parses(x)),
    config.maxDisables,
  )) {
    for (const e of run.sync('disable', () => disableFix(analysis.model, d))?.edits ?? []) run.range('disable', 'edit', e.span, text.length);
  }
  const candidates = analysis.diagnostics.filter((d) => d.document >= 0 && parses(d));
  for (const d of spread(candidates, config.maxDisables)) {
    const fix = run.sync('disable', () => disableFix(analysis.model, d));
    if (!fix) continue;
    for (const e of fix.edits) run.range('disable', 'edit', e.span, text.length);
    const after = applyFix(text, fix);
    const again = await run.async('analyze', () => analyzeText(after, config.options));
    if (!again) continue;
    const same = (ds: Diagnostic[]) => ds.filter((x) => x.rule === d.rule && x.message === d.message).length;
    const syntax = (ds: Diagnostic[]) => ds.filter((x) => x.rule === 'yaml-syntax' && x.severity === 'error').length;
    if (same(again.diagnostics) >= same(analysis.diagnostics)) {
      run.problems.push({ property: 'disable-fix', call: 'disable', rule: d.rule, message: `"${fix.title}" did not silence the diagnostic`, detail: show(d) });
    }
    if (syntax(again.diagnostics) > syntax(analysis.diagnostics)) {
      run.problems.push({ property: 'disable-fix', call: 'disable', rule: d.rule, message: `"${fix.title}" added a syntax error`, detail: show(d) });
    }
  }
}

function features(run: Run, model: FileModel, config: ExerciseConfig): void {
  const { options } = config;
  const length = model.text.length;
  for (const raw of config.offsets) {
    const offset = Math.max(0, Math.min(length, raw));
    const hover = run.sync('hover', () => hoverAt(model, offset, options), offset);
    run.range('hover', 'hover', hover?.span, length, offset);
    const items = run.sync('completion', () => completionsAt(model, offset, options), offset) ?? [];
    for (const item of items) {
      run.range('completion', item.label, item.span, length, offset);
      for (const e of item.additionalEdits) run.range('completion', `${item.label} additional edit`, e.span, length, offset);
    }
    for (const s of run.sync('definition', () => definition(model, offset), offset) ?? []) run.range('definition', 'target', s, length, offset);
    for (const s of run.sync('references', () => references(model, offset, true), offset) ?? []) run.range('references', 'reference', s, length, offset);
    const prepared = run.sync('prepareRename', () => prepareRename(model, offset), offset);
    if (prepared && 'span' in prepared) {
      run.range('prepareRename', 'name', prepared.span, length, offset);
      const renamed = run.sync('rename', () => rename(model, offset, config.newName), offset);
      if (renamed && 'edits' in renamed) {
        for (const e of renamed.edits) run.range('rename', 'edit', e.span, length, offset);
        renameKeepsYaml(run, model, renamed.edits, offset);
      }
    }
    run.sync('planAt', () => planAt(model, model.lines.positionAt(offset), options.kubernetesVersion), offset);
  }
  for (const anchor of run.sync('lenses', () => lensAnchors(model)) ?? []) {
    if (anchor.range.start.line >= model.lines.lineCount || anchor.range.end.line >= model.lines.lineCount) {
      run.problems.push({ property: 'out-of-range', call: 'lenses', message: `lens ${anchor.kind} at line ${anchor.range.start.line} past the last line` });
    }
    run.sync('lensTitle', () => lensTitle(model, anchor, options.kubernetesVersion));
  }
  for (const s of symbolSpans(run.sync('symbols', () => fileSymbols(model)) ?? [])) run.range('symbols', 'symbol', s, length);
  run.sync('filePlans', () => filePlans(model, options.kubernetesVersion));
}

/** A rename's edits, applied together, keep every document's syntax as it was. */
function renameKeepsYaml(run: Run, model: FileModel, edits: { span: { start: number; end: number }; newText: string }[], offset: number): void {
  let text = model.text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  const errors = (m: FileModel) => m.documents.reduce((n, p) => n + p.doc.syntaxIssues.filter((i) => i.severity === 'error').length, 0);
  const after = parseFile(text);
  if (errors(after) > errors(model)) run.problems.push({ property: 'rename', call: 'rename', message: 'the rename broke the YAML', offset });
}
