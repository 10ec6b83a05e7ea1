/**
 * `--format text`: `path:line:col: severity rule: message`, 1-based line and column (UTF-16
 * code units, as editors count), one finding per line, then a summary line.
 */
import type { Diagnostic } from '../../analysis/analyze';
import type { Severity } from '../../config/options';
import { countSeverities, type FileReport } from '../report';
import { printable } from '../terminal';

const RESET = '\u001b[0m';
const SEVERITY_COLOR: Record<Severity, string> = {
  error: '\u001b[1;31m', // bold red
  warning: '\u001b[1;33m', // bold yellow
  info: '\u001b[1;36m', // bold cyan
  hint: '\u001b[2m', // dim
};
const RULE_COLOR = '\u001b[2m'; // dim

/** A message on one printable line: the report keeps one finding per line. */
function oneLine(message: string): string {
  return printable(message.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '));
}

export function formatDiagnostic(path: string, d: Diagnostic, color: boolean): string {
  const at = `${printable(path)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const severity = color ? `${SEVERITY_COLOR[d.severity]}${d.severity}${RESET}` : d.severity;
  const rule = color ? `${RULE_COLOR}${d.rule}${RESET}` : d.rule;
  return `${at}: ${severity} ${rule}: ${oneLine(d.message)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `2 errors, 1 warning in 3 files`, or `no problems in 3 files`. */
export function summaryLine(reports: readonly FileReport[]): string {
  const c = countSeverities(reports);
  const parts: string[] = [];
  if (c.error) parts.push(plural(c.error, 'error', 'errors'));
  if (c.warning) parts.push(plural(c.warning, 'warning', 'warnings'));
  if (c.info) parts.push(plural(c.info, 'info', 'infos'));
  if (c.hint) parts.push(plural(c.hint, 'hint', 'hints'));
  return `${parts.length ? parts.join(', ') : 'no problems'} in ${plural(reports.length, 'file', 'files')}`;
}

export function formatText(reports: readonly FileReport[], color: boolean): string {
  const lines: string[] = [];
  for (const r of reports) for (const d of r.diagnostics) lines.push(formatDiagnostic(r.path, d, color));
  lines.push(summaryLine(reports));
  return `${lines.join('\n')}\n`;
}
