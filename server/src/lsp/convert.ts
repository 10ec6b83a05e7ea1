/** initlens model/engine values → LSP values. */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range as LspRange } from 'vscode-languageserver/node';
import type { Diagnostic } from '../analysis/analyze';
import type { Range } from '../model/text';
import { ruleDocUrl } from '../paths';
import type { Severity } from '../config/options';

export const SOURCE = 'initlens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITY[severity] ?? DiagnosticSeverity.Error;
}

export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

export function sameRange(a: LspRange, b: LspRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Diagnostics are immutable and reused between analyses (analysis/analyze.ts): so are their LSP forms. */
const converted = new WeakMap<Diagnostic, LspDiagnostic>();

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  let lsp = converted.get(d);
  if (!lsp) {
    lsp = {
      range: toLspRange(d.range),
      severity: toLspSeverity(d.severity),
      code: d.rule,
      codeDescription: { href: ruleDocUrl(d.rule) },
      source: SOURCE,
      message: d.message,
    };
    converted.set(d, lsp);
  }
  return lsp;
}
