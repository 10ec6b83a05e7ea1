/** What the formatters print: each checked file with its diagnostics. */
import type { Diagnostic } from '../analysis/analyze';
import type { Severity } from '../config/options';

export interface FileReport {
  /** As given on the command line (joined to the directory it was found under); `-` for stdin. */
  path: string;
  diagnostics: Diagnostic[];
  /** The text the diagnostics are about (SARIF fingerprints read the flagged text); absent when not analysed. */
  text?: string;
}

export type SeverityCounts = Record<Severity, number>;

export function countSeverities(reports: readonly FileReport[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) for (const d of r.diagnostics) counts[d.severity]++;
  return counts;
}
