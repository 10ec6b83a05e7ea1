/**
 * What hover and completion both say: a schema node's type in Go's notation, and what a native
 * sidecar is at the target version.
 */
import type { JSONSchema } from 'vscode-json-languageservice';
import { formatKubeVersion, versionAtLeast, type KubeVersion } from '../config/options';
import { resolveSchemaNode, type ResolvedSchemaNode } from '../schema/loadSchema';
import { parseDefinitionName } from './apiReference';

export function typesOf(n: JSONSchema): string[] {
  return n.type === undefined ? [] : Array.isArray(n.type) ? [...n.type] : [n.type];
}

/** `[]Container`, `ResourceRequirements`, `map[string]string`, `integer | string`. */
export function typeName(root: JSONSchema, r: ResolvedSchemaNode | undefined, depth = 0): string | undefined {
  if (!r || depth > 4) return undefined;
  const n = r.node;
  const types = typesOf(n);
  if (types.includes('array')) {
    const items = Array.isArray(n.items) ? n.items[0] : n.items;
    const inner = typeName(root, resolveSchemaNode(root, items), depth + 1);
    return `[]${inner ?? 'any'}`;
  }
  const isObject = types.includes('object') || n.properties !== undefined;
  if (isObject && r.definition) {
    const d = parseDefinitionName(r.definition);
    if (d) return d.type;
  }
  if (isObject && !n.properties && n.additionalProperties && typeof n.additionalProperties === 'object') {
    const inner = typeName(root, resolveSchemaNode(root, n.additionalProperties), depth + 1);
    return `map[string]${inner ?? 'any'}`;
  }
  if (isObject) return 'object';
  return types.length ? types.join(' | ') : undefined;
}

/** What a native sidecar is, and whether the target version has them. */
export function sidecarNote(target: KubeVersion): string {
  const v = formatKubeVersion(target);
  const at = (minor: number) => versionAtLeast(target, 1, minor);
  let verdict: string;
  if (at(33)) verdict = `Target ${v}: supported (GA since 1.33).`;
  else if (at(29)) verdict = `Target ${v}: supported (beta, on by default since 1.29).`;
  else if (at(28))
    verdict = `Target ${v}: alpha, only with the \`SidecarContainers\` feature gate; without it the field is dropped, this container never exits and the pod hangs in \`Init\`.`;
  else
    verdict = `Target ${v}: not supported (native sidecars arrived in 1.28); the API server drops the field, this container never exits and the pod hangs in \`Init\`.`;
  return (
    '**Native sidecar.** `restartPolicy: Always` makes this init container a sidecar: it starts in init order, the next container starts once it is running (once its `startupProbe` succeeds, if it has one), it keeps running beside the app containers, is restarted whenever it exits, and is stopped after them.\n\n' +
    `Needs Kubernetes 1.29 (alpha in 1.28 behind \`SidecarContainers\`, GA in 1.33). ${verdict}`
  );
}
