/**
 * The engine: runs the registry over every manifest of every document of a file, applies
 * severities and suppressions, and places findings in the file. It knows nothing of LSP.
 *
 * Findings are computed per YAML document and remembered on the (immutable) parsed document, so
 * after an edit only the documents whose text changed are analysed again.
 */
import { derivedValue, podViews, setDerived, type YamlDocument } from '../model/document';
import { parseFile, type FileModel, type LeadingDocuments } from '../model/file';
import type { Range, Span } from '../model/text';
import { NOT_ANALYSED, YAML_SYNTAX } from '../rules/engine';
import { RULES } from '../rules/index';
import type { Finding, Fix, Report, Rule } from '../rules/rule';
import { createdPodMessage } from '../rules/support';
import { type Autoscaled, type CrdSource, type Severity, DEFAULT_MAX_FILE_SIZE_KB, optionsKey, type AnalysisOptions } from '../config/options';
import { documentAutoscaled, fileAutoscaled } from './autoscalers';
import { documentCrds } from '../schema/crd';
import { fileCrds } from '../schema/crdSources';
import { disableForLineEdit, Suppressions } from './suppression';
import { recordingReads, stillAnswered, type WorkspaceReads } from './workspaceReads';

export interface FileEdit {
  /** Offsets into the file's text. */
  span: Span;
  range: Range;
  newText: string;
}

export interface FileFix {
  title: string;
  safe: boolean;
  preferred: boolean;
  edits: FileEdit[];
}

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  fixes: FileFix[];
  /** Set when `fixes` (built when first read) holds no safe fix: `--fix` need not read it. */
  unsafeFixesOnly?: true;
  /** The document the finding is in (index into `model.documents`), or -1 for the whole file. */
  document: number;
}

export interface RuleFailure {
  rule: string;
  error: string;
}

export interface FileAnalysis {
  model: FileModel;
  diagnostics: Diagnostic[];
  /** Rules that threw: their documents got a diagnostic saying so; the log gets the stack. */
  failures: RuleFailure[];
}

export interface AnalysisControl {
  /**
   * Checked between documents, and between rules whenever the analysis yields; when it returns
   * true the analysis stops and returns undefined (nothing of the unfinished document is kept).
   */
  isCancelled?(): boolean;
  /**
   * Yield to the event loop once this many milliseconds have passed since the last yield,
   * between documents and, inside one large document, between rules, so a server can answer
   * requests and take in newer edits (and cancel) while a long file is analysed. Off by default.
   */
  yieldEveryMs?: number;
}

/** When the analysis of a file last yielded. */
interface Pacing {
  control: AnalysisControl;
  lastYield: number;
}

/** Whether it is time to yield (checked before each rule: no promise when it is not). */
function due(pacing: Pacing): boolean {
  const { control } = pacing;
  return control.yieldEveryMs !== undefined && Date.now() - pacing.lastYield >= control.yieldEveryMs;
}

/** Yields when it is time to; true when the analysis is then cancelled. */
async function pause(pacing: Pacing): Promise<boolean> {
  if (!due(pacing)) return false;
  await nextTurn();
  pacing.lastYield = Date.now();
  return pacing.control.isCancelled?.() === true;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface DocumentResult {
  key: string;
  /** What the rules read of the workspace index, when the options have one. */
  reads?: WorkspaceReads;
  findings: Finding[];
  failures: RuleFailure[];
}

/** Whether a document's findings hold for these options (`key` is `optionsKey(options)`). */
function holds(result: DocumentResult | undefined, key: string, options: AnalysisOptions): result is DocumentResult {
  if (!result || result.key !== key) return false;
  return !result.reads || !options.workspace || stillAnswered(result.reads, options.workspace);
}

/** The key of a document's findings in its derived data (carried to its compact form). */
const RESULTS = {};
const results = {
  get: (doc: YamlDocument) => derivedValue<DocumentResult>(doc, RESULTS),
  set: (doc: YamlDocument, result: DocumentResult) => setDerived(doc, RESULTS, result),
};

/**
 * Whether the findings kept for `doc` still hold fixes to be computed from its tree: dropping
 * the tree (a compact document) would then save nothing.
 */
export function hasPendingFixes(doc: YamlDocument): boolean {
  return results.get(doc)?.findings.some((f) => typeof f.fixes === 'function') ?? false;
}

/**
 * The diagnostics a document's findings gave at a place in a file (its offset, first line and
 * index): an edit elsewhere leaves most documents where they were, and their diagnostics are
 * reused as they are (callers treat diagnostics as immutable).
 */
const placedDiagnostics = new WeakMap<DocumentResult, { start: number; startLine: number; index: number; diagnostics: Diagnostic[] }>();

/** A finding's fixes, computing lazy ones once (kept on the cached finding); a rule that throws offers none. */
function resolveFixes(f: Finding): Fix[] {
  if (typeof f.fixes !== 'function') return f.fixes;
  let fixes: Fix[];
  try {
    fixes = f.fixes();
  } catch {
    fixes = [];
  }
  f.fixes = fixes;
  return fixes;
}

/**
 * An own, enumerable property computed on first read (so spreads, JSON and deep equality see it
 * like any other) and then stored as a plain value; assigning it replaces it.
 */
function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  const store = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      store(value);
      return value;
    },
    set: store,
  });
}

function severityOf(rule: string, fallback: Severity, options: AnalysisOptions): Severity | 'off' {
  return options.severities[rule] ?? fallback;
}

function enabledRules(options: AnalysisOptions): Rule[] {
  return RULES.filter((r) => (r.id !== 'schema' || options.schema) && severityOf(r.id, r.defaultSeverity, options) !== 'off');
}

/**
 * The field an API-server-style message (`<path>: <text>`) is about: its path, and for a schema
 * `missing required field "x"` the path of that field.
 */
function fieldOf(message: string): string {
  const m = /^(.*?): (?:missing required field ("(?:[^"\\]|\\.)*"))?/.exec(message);
  if (!m) return '';
  return m[2] ? `${m[1]}.${JSON.parse(m[2]) as string}` : m[1];
}

/**
 * Runs every rule on a document whose findings are not kept for these options (`key` is
 * `optionsKey(options)` and `rules` the rules they enable, both computed once per file). Undefined when cancelled midway.
 */
async function analyzeDocument(
  doc: YamlDocument,
  options: AnalysisOptions,
  rules: readonly Rule[],
  key: string,
  pacing: Pacing,
): Promise<DocumentResult | undefined> {
  const raw: Finding[] = [];
  const failures: RuleFailure[] = [];
  let reads: WorkspaceReads | undefined;
  if (options.workspace) {
    const recording = recordingReads(options.workspace);
    options = { ...options, workspace: recording.facts };
    reads = recording.reads;
  }
  for (const issue of doc.syntaxIssues) {
    raw.push({ rule: YAML_SYNTAX.id, message: issue.message, span: issue.span, severity: issue.severity, fixes: [] });
  }
  for (const whole of doc.manifests) {
    // One pass per pod spec (a RayCluster's head and worker groups): a finding every view
    // reports the same (about the manifest, not a pod) is kept once.
    const seen = new Set<string>();
    for (const manifest of podViews(whole)) {
      for (const rule of rules) {
        if (due(pacing) && (await pause(pacing))) return undefined;
        const report = (r: Report) => {
          const key = `${rule.id}\0${r.span.start}\0${r.span.end}\0${r.message}`;
          if (seen.has(key)) return;
          seen.add(key);
          const severity = r.severity ?? rule.defaultSeverity;
          raw.push({
            rule: rule.id,
            message: severity === 'error' ? createdPodMessage(manifest, r.span, r.message) : r.message,
            span: r.span,
            severity: r.severity,
            fixes: r.fixes ?? [],
          });
        };
        try {
          // Most rules are synchronous: awaiting only a returned promise saves a turn of the
          // microtask queue per rule and manifest (a tenth of the rules' time in the profile).
          const pending = rule.check({ doc, manifest, options, report });
          if (pending) await pending;
        } catch (e) {
          const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
          failures.push({ rule: rule.id, error });
          raw.push({
            rule: rule.id,
            severity: 'warning',
            message: `initlens failed while checking this manifest with rule ${rule.id} (${e instanceof Error ? e.message : String(e)}); the other rules still ran. Please report it.`,
            span: { start: manifest.span.start, end: Math.min(manifest.span.end, doc.lines.lineEnd(doc.lines.positionAt(manifest.span.start).line)) },
            fixes: [],
          });
        }
      }
    }
  }

  // A rule that reports the API server's own error at a span says more than the schema's
  // generic message about the same field at the same span (`protocol: tcp`, a missing container
  // name): keep the rule's. A schema finding about another field stays (a Job's pod spec that
  // lacks both `restartPolicy` and `containers`), or fixing the rule's finding would reveal it.
  const sameField = (f: Finding) => `${f.span.start}:${f.span.end}:${fieldOf(f.message)}`;
  const ruleSpans = new Set(raw.filter((f) => f.rule !== 'schema').map(sameField));
  const suppressions = new Suppressions(doc);
  const findings: Finding[] = [];
  for (const f of raw) {
    if (f.rule === 'schema' && ruleSpans.has(sameField(f))) continue;
    const info = f.rule === YAML_SYNTAX.id ? YAML_SYNTAX : rules.find((r) => r.id === f.rule);
    const severity = options.severities[f.rule] ?? f.severity ?? info?.defaultSeverity ?? 'error';
    if (severity === 'off' || suppressions.isSuppressed(f.rule, f.span.start)) continue;
    findings.push({ ...f, severity });
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const result: DocumentResult = { key, ...(reads && { reads }), findings, failures };
  results.set(doc, result);
  return result;
}

export async function analyzeFile(model: FileModel, options: AnalysisOptions, control: AnalysisControl = {}): Promise<FileAnalysis | undefined> {
  return analyzeDocuments(model, fileAutoscaled(model), fileCrds(model), options, control);
}

/**
 * The analysis of a file's first documents (`parseLeading`): for those documents, the
 * diagnostics `analyzeFile` gives the whole file with the same options, in the same order (the
 * start of its list: diagnostics come in document order), each equal to its counterpart. What
 * the whole file's autoscalers scale is known from `leading.autoscalers`, the schemas of the
 * custom resources among them from `leading.definitions`.
 */
export async function analyzeLeading(leading: LeadingDocuments, options: AnalysisOptions, control: AnalysisControl = {}): Promise<FileAnalysis | undefined> {
  const autoscaled = [...fileAutoscaled(leading.model)];
  for (const { doc } of leading.autoscalers) for (const a of documentAutoscaled(doc)) autoscaled.push(a);
  const crds = [...fileCrds(leading.model)];
  for (const { doc } of leading.definitions) for (const c of documentCrds(doc)) crds.push(c);
  return analyzeDocuments(leading.model, autoscaled, crds, options, control);
}

async function analyzeDocuments(
  model: FileModel,
  autoscaled: readonly Autoscaled[],
  crds: readonly CrdSource[],
  options: AnalysisOptions,
  control: AnalysisControl,
): Promise<FileAnalysis | undefined> {
  const diagnostics: Diagnostic[] = [];
  const failures: RuleFailure[] = [];
  if (model.notAnalysed) {
    const severity = severityOf(NOT_ANALYSED.id, NOT_ANALYSED.defaultSeverity, options);
    if (severity !== 'off') {
      const { span, reason } = model.notAnalysed;
      diagnostics.push({ rule: NOT_ANALYSED.id, severity, message: reason, span, range: model.lines.rangeOf(span), fixes: [], document: -1 });
    }
    return { model, diagnostics, failures };
  }
  // What another document can change in this one's findings: the workloads HPAs scale.
  // And the custom resources its CustomResourceDefinitions define.
  options = { ...options, autoscaled: autoscaled.length > 0 ? autoscaled : undefined, crds: crds.length > 0 ? crds : undefined };
  const key = optionsKey(options);
  const rules = enabledRules(options);
  const pacing: Pacing = { control, lastYield: Date.now() };
  // Checked after each document analysed, and every so many documents whose findings were kept.
  let unchecked = 0;
  for (let i = 0; i < model.documents.length; i++) {
    if (unchecked > 0 || i % 64 === 0) {
      unchecked = 0;
      if ((await pause(pacing)) || control.isCancelled?.()) return undefined;
    }
    const placed = model.documents[i];
    const cached = results.get(placed.doc);
    let result: DocumentResult;
    if (holds(cached, key, options)) result = cached;
    else {
      const fresh = await analyzeDocument(placed.doc, options, rules, key, pacing);
      if (!fresh) return undefined;
      result = fresh;
      unchecked++;
    }
    if (result.failures.length) failures.push(...result.failures);
    if (!result.findings.length) continue;
    // The same findings at the same place as in the last analysis: the same diagnostics.
    const memo = placedDiagnostics.get(result);
    if (memo && memo.start === placed.start && memo.startLine === placed.startLine && memo.index === i) {
      for (const d of memo.diagnostics) diagnostics.push(d);
      continue;
    }
    const mine: Diagnostic[] = [];
    const place = (span: Span): { span: Span; range: Range } => {
      const s = placed.doc.lines.positionAt(span.start);
      const e = placed.doc.lines.positionAt(span.end);
      return {
        span: { start: placed.start + span.start, end: placed.start + span.end },
        range: { start: { line: placed.startLine + s.line, character: s.character }, end: { line: placed.startLine + e.line, character: e.character } },
      };
    };
    const placeFixes = (fixes: readonly Fix[]): FileFix[] =>
      fixes.map((fix) => ({
        title: fix.title,
        safe: fix.safe,
        preferred: fix.preferred ?? false,
        edits: fix.edits.map((e) => ({ ...place(e.span), newText: e.newText })),
      }));
    for (const f of result.findings) {
      const d = { rule: f.rule, severity: f.severity as Severity, message: f.message, ...place(f.span), document: i } as Diagnostic;
      if (typeof f.fixes === 'function') {
        if (f.fixes.unsafeOnly) d.unsafeFixesOnly = true;
        lazyProperty(d, 'fixes', () => placeFixes(resolveFixes(f)));
      } else d.fixes = placeFixes(f.fixes);
      mine.push(d);
      diagnostics.push(d);
    }
    placedDiagnostics.set(result, { start: placed.start, startLine: placed.startLine, index: i, diagnostics: mine });
  }
  return { model, diagnostics, failures };
}

/** Parses and analyses a whole text (the CLI's path; the server keeps a cache between edits). */
export async function analyzeText(text: string, options: AnalysisOptions): Promise<FileAnalysis> {
  return (await analyzeFile(parseFile(text, undefined, { maxFileSizeKB: options.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB }), options)) as FileAnalysis;
}

/** The "Disable <rule> for this line" fix for a diagnostic (offered on every diagnostic of a document). */
export function disableFix(model: FileModel, d: Diagnostic): FileFix | undefined {
  const placed = model.documents[d.document];
  if (!placed) return undefined;
  const edit = disableForLineEdit(placed.doc, d.rule, d.span.start - placed.start);
  if (!edit) return undefined;
  const span = { start: placed.start + edit.span.start, end: placed.start + edit.span.end };
  return {
    title: `Disable ${d.rule} for this line`,
    safe: false,
    preferred: false,
    edits: [{ span, range: model.lines.rangeOf(span), newText: edit.newText }],
  };
}
