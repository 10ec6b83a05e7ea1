/**
 * Small readers over a container that the sidecar, port, volume and resource rules share: its
 * label in messages, the text of its command, its ports (its resources are
 * `model/containerFacts.ts`'s, on the container). Pure functions of the model.
 */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { Container, Item } from '../model/podSpec';
import type { Span } from '../model/text';
import { entries, scalarText, spanOf } from '../model/yamlNodes';
import { missingKeySpan } from './support';

/** `migrate`, or `initContainers[1]` for a container without a usable name. */
export function containerLabel(c: Container): string {
  return c.name && c.name.trim() !== '' ? c.name : `${c.list}[${c.index}]`;
}

/** Where to report something about a whole container: its name value, else its first key. */
export function containerSpan(c: Container): Span {
  const name = c.fields.get('name');
  if (name && isScalar(name.value) && typeof name.value.value === 'string' && name.value.value !== '') return name.valueSpan;
  return missingKeySpan(c);
}

/** The strings of a list field (`command`, `args`); undefined items are skipped. */
export function stringList(c: Item, key: string): string[] {
  const seq = c.fields.get(key)?.value;
  if (!isSeq(seq)) return [];
  const out: string[] = [];
  for (const item of seq.items) {
    const t = isScalar(item) ? scalarText(item) : undefined;
    if (t !== undefined) out.push(t);
  }
  return out;
}

/** `command` and `args` joined by spaces (shell scripts included as written). */
export function commandText(c: Container): string {
  return [...stringList(c, 'command'), ...stringList(c, 'args')].join(' ');
}

/** The literal `value`s of the container's env. */
export function envValues(c: Container): string[] {
  const out: string[] = [];
  for (const e of c.env) {
    const v = scalarText(e.fields.get('value')?.value);
    if (v !== undefined) out.push(v);
  }
  return out;
}

const SHELLS = /^(?:\S*\/)?(?:sh|bash|ash|dash|zsh|ksh)$/;

/** The container's process is a shell running a script (`sh -c …`), not the image's own program. */
export function runsShellScript(c: Container): boolean {
  const words = [...stringList(c, 'command'), ...stringList(c, 'args')];
  return words.length > 1 && SHELLS.test(words[0].trim()) && words.slice(1).some((w) => /^-\w*c\w*$/.test(w.trim()));
}

/** A `lifecycle.postStart` hook: it runs before the next container starts. */
export function hasPostStart(c: Container): boolean {
  const hook = c.handlers.postStart;
  return !!hook && isMap(hook.value) && hook.value.items.length > 0;
}

export interface PortEntry {
  item: Item;
  containerPort?: number;
  hostPort?: number;
  /** `TCP` when left out. */
  protocol: string;
  /** `''` when left out. */
  hostIP: string;
  hostPortNode?: Scalar;
}

function intOf(item: Item, key: string): { value: number; node: Scalar } | undefined {
  const node = item.fields.get(key)?.value;
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return undefined;
  return { value: node.value, node };
}

/** The entries of `ports` that are mappings. */
export function portEntries(c: Container): PortEntry[] {
  const seq = c.fields.get('ports')?.value;
  if (!isSeq(seq)) return [];
  const out: PortEntry[] = [];
  seq.items.forEach((node, index) => {
    const span = isMap(node) ? spanOf(node) : undefined;
    if (!isMap(node) || !span) return;
    const item: Item = { node, index, path: [...c.path, 'ports', index], span, fields: new Map(entries(node).map((e) => [e.key, e])) };
    const host = intOf(item, 'hostPort');
    out.push({
      item,
      containerPort: intOf(item, 'containerPort')?.value,
      hostPort: host && host.value > 0 ? host.value : undefined,
      hostPortNode: host?.node,
      protocol: scalarText(item.fields.get('protocol')?.value) ?? 'TCP',
      hostIP: scalarText(item.fields.get('hostIP')?.value) ?? '',
    });
  });
  return out;
}
