/**
 * How the edit layer says no: an operation that meets a shape it does not handle throws a
 * `Refusal` inside `YamlEditor`, which turns it into `undefined` (no fix). Nothing escapes it.
 */
import type { Node } from 'yaml';

export class Refusal extends Error {}

export function refuse(why: string): never {
  throw new Refusal(why);
}

export function need<T>(v: T | undefined): T {
  if (v === undefined) refuse('missing');
  return v;
}

/** A node's source range; refused when it has none. */
export function rangeOf(node: unknown): [number, number, number] {
  const r = (node as Node | null | undefined)?.range;
  if (!r) refuse('node without a source range');
  return r;
}
