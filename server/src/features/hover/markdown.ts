/**
 * What every hover producer shares: the result's shape and the Markdown pieces (code spans,
 * the field-path header, container names).
 */
import { isScalar } from 'yaml';
import type { Location } from '../../model/locate';
import type { Container, PodSpec } from '../../model/podSpec';
import type { Span } from '../../model/text';
import { formatPath, spanOf, type Path } from '../../model/yamlNodes';
import { startsWith } from '../context';

export interface HoverResult {
  markdown: string;
  /** What the hover is about (offsets into the text given: the file, or the document). */
  span: Span;
}

export const code = (s: string | number) => {
  const text = String(s);
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text}${ticks}`;
};

export function header(path: Path, extra?: string): string {
  return `**${code(formatPath(path))}**${extra ? ` ${extra}` : ''}`;
}

export function scalarSpan(loc: Location): Span | undefined {
  return isScalar(loc.node) ? spanOf(loc.node) : undefined;
}

export function containerOf(pod: PodSpec, path: Path): Container | undefined {
  return pod.containers.find((c) => startsWith(path, c.path));
}

export function roleLabel(c: Container): string {
  const name = code(c.name ?? `${c.list}[${c.index}]`);
  return c.role === 'app' ? name : `${c.role} ${name}`;
}

export function nameOf(c: Container): string {
  return code(c.name ?? `${c.list}[${c.index}]`);
}

export function list(names: string[]): string {
  return names.join(', ');
}
