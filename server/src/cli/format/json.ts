/**
 * `--format json`: one document, `{"version":1,"files":[…]}`. Lines and characters are 0-based,
 * characters in UTF-16 code units, as in LSP. The key order is part of the format.
 */
import type { Range } from '../../model/text';
import type { FileReport } from '../report';
import { terminalSafeJson } from '../terminal';

export const JSON_FORMAT_VERSION = 1;

function range(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export function toJson(reports: readonly FileReport[]): unknown {
  return {
    version: JSON_FORMAT_VERSION,
    files: reports.map((r) => ({
      path: r.path,
      diagnostics: r.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        range: range(d.range),
        fixes: d.fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ range: range(e.range), newText: e.newText })) })),
      })),
    })),
  };
}

/** The whole output, newline-terminated. */
export function formatJson(reports: readonly FileReport[]): string {
  return `${terminalSafeJson(JSON.stringify(toJson(reports)))}\n`;
}
