/**
 * Small readers over a container that the sidecar, port, volume and resource rules share: its
 * label in messages, the text of its command (its resources, ports and handlers
 * are read by the model, on the container). Pure functions of the model.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Container, Item } from '../model/podSpec';
import type { Span } from '../model/text';
import { scalarText } from '../model/yamlNodes';
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
