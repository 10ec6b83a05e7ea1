/** What the refactors share: paths from the document root, and the sequences that hold containers. */
import { isSeq, type YAMLSeq } from 'yaml';
import type { CommandLine } from '../../model/commands';
import type { Manifest } from '../../model/document';
import type { Container, ContainerList, PodSpec } from '../../model/podSpec';
import type { Path } from '../../model/yamlNodes';

/** Path of the pod spec from the document root. */
export function podPath(manifest: Manifest, pod: PodSpec): Path {
  return [...manifest.path, ...pod.path];
}

/** Path of a container from the document root. */
export function containerPath(manifest: Manifest, c: Container): Path {
  return [...manifest.path, ...c.path];
}

/** The block or flow sequence under `list` of the pod spec. */
export function listSeq(pod: PodSpec, list: ContainerList): YAMLSeq | undefined {
  const v = pod.fields.get(list)?.value;
  return isSeq(v) ? v : undefined;
}

/** `"name"`, or `the container at <index>` for an unnamed one. */
export function quoted(c: Container): string {
  return c.name ? `"${c.name}"` : `${c.list}[${c.index}]`;
}

/** Whether the cursor is on the container's `command` or `args` (key or value). */
export function onCommand(line: CommandLine, offset: number): boolean {
  return [line.command, line.args].some((e) => e !== undefined && offset >= e.keySpan.start && offset <= e.valueSpan.end);
}
