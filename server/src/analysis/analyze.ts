/**
 * The engine: runs the registry over every manifest of every document of a file, applies
 * severities and suppressions, and places findings in the file. It knows nothing of LSP.
 *
 * Findings are computed per YAML document and remembered on the (immutable) parsed document, so
 * after an edit only the documents whose text changed are analysed again.
 */
import type { YamlDocument } from '../model/document';
import { parseFile, type FileModel } from '../model/file';
import type { Range, Span } from '../model/text';
import { NOT_ANALYSED, YAML_SYNTAX } from '../rules/engine';
import { RULES } from '../rules/index';
import type { Finding, Report, Rule, Severity } from '../rules/rule';
import { optionsKey, type AnalysisOptions } from './options';
import { disableForLineEdit, Suppressions } from './suppression';

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
  /** Checked between documents; when it returns true the analysis stops and returns undefined. */
  isCancelled?(): boolean;
  /**
   * Yield to the event loop between documents once this many milliseconds have passed since
   * the last yield, so a server can take in newer edits (and cancel) while a long file is
   * analysed. Off by default.
   */
  yieldEveryMs?: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface DocumentResult {
  key: string;
  findings: Finding[];
  failures: RuleFailure[];
}

const results = new WeakMap<YamlDocument, DocumentResult>();

function severityOf(rule: string, fallback: Severity, options: AnalysisOptions): Severity | 'off' {
  return options.severities[rule] ?? fallback;
}

function enabledRules(options: AnalysisOptions): Rule[] {
  return RULES.filter((r) => (r.id !== 'schema' || options.schema) && severityOf(r.id, r.defaultSeverity, options) !== 'off');
}

async function analyzeDocument(doc: YamlDocument, options: AnalysisOptions): Promise<DocumentResult> {
  const key = optionsKey(options);
  const cached = results.get(doc);
  if (cached && cached.key === key) return cached;

  const raw: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const issue of doc.syntaxIssues) {
    raw.push({ rule: YAML_SYNTAX.id, message: issue.message, span: issue.span, severity: issue.severity, fixes: [] });
  }
  const rules = enabledRules(options);
  for (const manifest of doc.manifests) {
    for (const rule of rules) {
      const report = (r: Report) => raw.push({ rule: rule.id, message: r.message, span: r.span, severity: r.severity, fixes: r.fixes ?? [] });
      try {
        await rule.check({ doc, manifest, options, report });
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

  // A rule that reports the API server's own error at a span says more than the schema's
  // generic message at the same span (`protocol: tcp`, a missing container name): keep the rule's.
  const ruleSpans = new Set(raw.filter((f) => f.rule !== 'schema').map((f) => `${f.span.start}:${f.span.end}`));
  const suppressions = new Suppressions(doc);
  const findings: Finding[] = [];
  for (const f of raw) {
    if (f.rule === 'schema' && ruleSpans.has(`${f.span.start}:${f.span.end}`)) continue;
    const info = f.rule === YAML_SYNTAX.id ? YAML_SYNTAX : rules.find((r) => r.id === f.rule);
    const severity = options.severities[f.rule] ?? f.severity ?? info?.defaultSeverity ?? 'error';
    if (severity === 'off' || suppressions.isSuppressed(f.rule, f.span.start)) continue;
    findings.push({ ...f, severity });
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const result = { key, findings, failures };
  results.set(doc, result);
  return result;
}

export async function analyzeFile(model: FileModel, options: AnalysisOptions, control: AnalysisControl = {}): Promise<FileAnalysis | undefined> {
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
  let lastYield = Date.now();
  for (let i = 0; i < model.documents.length; i++) {
    if (control.yieldEveryMs !== undefined && Date.now() - lastYield >= control.yieldEveryMs) {
      await nextTurn();
      lastYield = Date.now();
    }
    if (control.isCancelled?.()) return undefined;
    const placed = model.documents[i];
    const result = await analyzeDocument(placed.doc, options);
    failures.push(...result.failures);
    const place = (span: Span): { span: Span; range: Range } => {
      const s = placed.doc.lines.positionAt(span.start);
      const e = placed.doc.lines.positionAt(span.end);
      return {
        span: { start: placed.start + span.start, end: placed.start + span.end },
        range: { start: { line: placed.startLine + s.line, character: s.character }, end: { line: placed.startLine + e.line, character: e.character } },
      };
    };
    for (const f of result.findings) {
      diagnostics.push({
        rule: f.rule,
        severity: f.severity as Severity,
        message: f.message,
        ...place(f.span),
        document: i,
        fixes: f.fixes.map((fix) => ({
          title: fix.title,
          safe: fix.safe,
          preferred: fix.preferred ?? false,
          edits: fix.edits.map((e) => ({ ...place(e.span), newText: e.newText })),
        })),
      });
    }
  }
  return { model, diagnostics, failures };
}

/** Parses and analyses a whole text (the CLI's path; the server keeps a cache between edits). */
export async function analyzeText(text: string, options: AnalysisOptions): Promise<FileAnalysis> {
  return (await analyzeFile(parseFile(text), options)) as FileAnalysis;
}

/** The "Disable <rule> for this line" fix for a diagnostic (offered on every diagnostic of a document). */
export function disableFix(model: FileModel, d: Diagnostic): FileFix | undefined {
  const placed = model.documents[d.document];
  if (!placed) return undefined;
  const edit = disableForLineEdit(placed.doc, d.rule, d.span.start - placed.start);
  const span = { start: placed.start + edit.span.start, end: placed.start + edit.span.end };
  return { title: `Disable ${d.rule} for this line`, safe: false, preferred: false, edits: [{ span, range: model.lines.rangeOf(span), newText: edit.newText }] };
}
