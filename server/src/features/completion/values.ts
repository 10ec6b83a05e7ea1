/**
 * Value completion after `key: `: the schema's enum values (the pod `restartPolicy` narrowed to
 * what the kind accepts; `Always` for an init container's `restartPolicy`), `true`/`false`, and
 * names: volumes and claim templates, containers, apiVersions and kinds.
 */
import { isScalar } from 'yaml';
import { loadSchemaIndex, schemaNodeAt } from '../../schema/loadSchema';
import { findScalar, startsWith } from '../context';
import { sidecarNote, typesOf } from '../describe';
import { type CompletionItem, type CompletionKind, type Ctx, kindSchema, order, patched, PLACEHOLDER, podSpecOf, yamlValue } from './items';

/** `space`: the cursor is right after the colon (`key:|`), so the value is inserted with a space. */
export function valueCompletions(ctx: Ctx, quote: string, partial: string, space: boolean): CompletionItem[] {
  const { text, offset, line } = ctx;
  const valueStart = offset - partial.length;
  const wordEnd = offset + (/^[^\s"'#,{}[\]]*/.exec(text.slice(offset, line.end))?.[0].length ?? 0);
  const patchedLine = text.slice(line.start, valueStart - quote.length) + (space ? ' ' : '') + PLACEHOLDER;
  const p = patched(ctx, patchedLine);
  if (!p) return [];
  const loc = findScalar(p.doc, (n) => isScalar(n) && n.value === PLACEHOLDER);
  if (!loc || loc.onKey || !loc.path.length) return [];
  const span = { start: valueStart, end: wordEnd };
  const path = loc.path;
  const key = path[path.length - 1];
  const manifest = loc.manifest;
  const items: Omit<CompletionItem, 'sortText'>[] = [];
  const value = (label: string, kind: CompletionKind, detail?: string, documentation?: string) =>
    items.push({
      label,
      kind,
      detail,
      documentation,
      insertText: `${space ? ' ' : ''}${quote ? label : yamlValue(label)}`,
      snippet: false,
      span,
      additionalEdits: [],
    });

  // The manifest's apiVersion and kind, from the bundled schema's index.
  if (path.length === 1 && (key === 'apiVersion' || key === 'kind')) {
    const kinds = [...(loadSchemaIndex()?.kinds.keys() ?? [])].map((k) => {
      const slash = k.lastIndexOf('/');
      return { apiVersion: k.slice(0, slash), kind: k.slice(slash + 1) };
    });
    if (key === 'apiVersion') {
      let versions = [...new Set(kinds.filter((k) => !manifest.kind || k.kind === manifest.kind).map((k) => k.apiVersion))];
      const stable = versions.filter((v) => /(^|\/)v\d+$/.test(v));
      if (stable.length) versions = stable;
      for (const v of versions.sort()) value(v, 'value');
    } else {
      const names = [
        ...new Set(kinds.filter((k) => (!manifest.apiVersion || k.apiVersion === manifest.apiVersion) && !k.kind.endsWith('List')).map((k) => k.kind)),
      ];
      for (const k of names.sort()) value(k, 'value');
    }
    return order(items);
  }

  const pod = podSpecOf(manifest, path);
  if (pod && startsWith(path, pod.path)) {
    const rel = path.slice(pod.path.length);
    const container = pod.pod.containers.find((c) => startsWith(path, c.path));
    const containerNames = () => [...pod.pod.initContainers, ...pod.pod.appContainers].filter((c) => c.name !== undefined);
    // volumeMounts[].name, volumeDevices[].name: the declared volumes and claim templates.
    if (
      container &&
      path.length === container.path.length + 3 &&
      (path[container.path.length] === 'volumeMounts' || path[container.path.length] === 'volumeDevices') &&
      key === 'name'
    ) {
      for (const v of [...pod.pod.volumes, ...pod.pod.volumeClaimTemplates]) {
        if (v.name === undefined) continue;
        value(v.name, 'reference', v.source === 'claimTemplate' ? 'volumeClaimTemplate' : v.source ? `volume · ${v.source}` : 'volume');
      }
      return order(items);
    }
    // Names of containers.
    const namesContainer =
      (container?.list === 'ephemeralContainers' && path.length === container.path.length + 1 && key === 'targetContainerName') ||
      (!!container && key === 'containerName' && path[path.length - 2] === 'resourceFieldRef');
    if (namesContainer) {
      for (const c of containerNames()) value(c.name!, 'reference', c.role === 'app' ? 'container' : `${c.role} container`);
      return order(items);
    }
    // restartPolicy: the pod's (narrowed to the kind) and an init container's (`Always`: a sidecar).
    if (rel.length === 1 && key === 'restartPolicy') {
      for (const v of pod.workload.restartPolicies) value(v, 'value');
      return order(items);
    }
    if (container && path.length === container.path.length + 1 && key === 'restartPolicy') {
      if (container.list === 'initContainers') value('Always', 'value', 'native sidecar', sidecarNote(ctx.options.kubernetesVersion));
      return order(items);
    }
  }
  // podFailurePolicy.rules[].onExitCodes.containerName of a Job or CronJob.
  if (pod && key === 'containerName' && path[path.length - 2] === 'onExitCodes' && path.includes('podFailurePolicy')) {
    for (const c of [...pod.pod.initContainers, ...pod.pod.appContainers])
      if (c.name !== undefined) value(c.name, 'reference', c.role === 'app' ? 'container' : `${c.role} container`);
    return order(items);
  }

  const root = kindSchema(manifest, ctx.options);
  if (!root) return [];
  const r = schemaNodeAt(root, path);
  if (!r) return [];
  if (Array.isArray(r.node.enum)) {
    for (const v of r.node.enum) if (v !== null && typeof v !== 'object') value(String(v), 'value');
  } else if (typesOf(r.node).includes('boolean')) {
    value('true', 'value');
    value('false', 'value');
  }
  return order(items);
}
