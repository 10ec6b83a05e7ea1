/**
 * `--format github`: one GitHub Actions workflow command per finding
 * (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which a workflow run
 * shows as annotations on the pull request's lines (standard input's
 * findings carry no file). Errors are `error`, warnings `warning`,
 * infos and hints `notice`. Values are escaped as the runner expects (%, CR, LF; and `,` `:` in
 * properties). Then the text summary line.
 */
import type { Diagnostic } from '../../analysis/analyze';
import type { FileReport } from '../report';
import { summaryLine } from './text';

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubCommand(path: string, d: Diagnostic): string {
  const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props = path === '-' ? [] : [`file=${escapeProperty(path)}`];
  props.push(`line=${d.range.start.line + 1}`, `col=${d.range.start.character + 1}`, `endLine=${d.range.end.line + 1}`);
  if (d.range.end.line === d.range.start.line) props.push(`endColumn=${d.range.end.character + 1}`);
  props.push(`title=${escapeProperty(`initlens ${d.rule}`)}`);
  return `::${command} ${props.join(',')}::${escapeData(d.message)}`;
}

export function formatGithub(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) for (const d of r.diagnostics) lines.push(githubCommand(r.path, d));
  lines.push(summaryLine(reports));
  return `${lines.join('\n')}\n`;
}
