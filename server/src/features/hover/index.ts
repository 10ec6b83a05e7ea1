/**
 * Hover: what is under the cursor, as Markdown headed by the field path. Pure: a FileModel (or
 * one YamlDocument) and an offset in, `{markdown, span}` out; no LSP types.
 *
 * What is shown, first match wins:
 *  - `$(VAR)` in a container's `command`/`args`/`env[].value`: where it resolves (the env entry),
 *    or why it is passed literally;
 *  - a host a container connects to (`nc -z postgres 5432`, a URL, `host:port`): the Service of
 *    the workspace it designates (file, namespace, ports, selector, the workloads it selects), or
 *    that there is none (with a workspace index only);
 *  - a container (the `-` of its item, its `name` key or value): its place in the startup plan,
 *    what it waits for, what waits for it, its share of the pod's effective requests; on its
 *    `name`, then a Debug section: the `kubectl` commands for it (`debug.ts`);
 *  - a volume (a `volumes[].name`, a `volumeMounts[].name`, a claim template's name): who mounts
 *    it where, in startup order;
 *  - the `initContainers` key: what init containers do in this pod, in three lines;
 *  - a workload's name, its pod template's key or labels key: the PodDisruptionBudgets of the
 *    workspace that select its pods, with their files (`disruptionBudgets.ts`);
 *  - any other key or scalar value of a kind the schema knows: the official description, the
 *    type, the allowed values, a link to the API reference; for `restartPolicy: Always` on an
 *    init container, what a native sidecar is and what it needs of the target version;
 *  - a key or scalar value of a custom resource whose CustomResourceDefinition is known (this
 *    file, the workspace): the CRD's description, type, allowed values, default, whether it is
 *    required, and where unknown fields are kept.
 */
import type { YamlDocument } from '../../model/document';
import type { FileModel } from '../../model/file';
import { locate } from '../../model/locate';
import type { FeatureOptions } from '../context';
import { containerHover } from './container';
import { customResourceHover } from './customResource';
import { fileCrds } from '../../schema/crdSources';
import { NO_CLIENT_COMMANDS, type HoverClient } from './debug';
import { disruptionBudgetsHover } from './disruptionBudgets';
import { fieldHover } from './field';
import { initContainersHover } from './initContainers';
import type { HoverResult } from './markdown';
import { serviceHostHover, type ServiceLookup } from './serviceHost';

export type { HoverResult } from './markdown';
export type { HoverClient } from './debug';
import { variableHover } from './variable';
import { volumeHover } from './volume';

/** Hover at a file offset. */
export function hoverAt(
  model: FileModel,
  offset: number,
  options: FeatureOptions,
  client: HoverClient = NO_CLIENT_COMMANDS,
  workspace?: ServiceLookup,
): HoverResult | undefined {
  const at = model.documentAt(offset);
  if (!at) return undefined;
  const crds = fileCrds(model);
  const h = hoverInDocument(at.placed.doc, at.offset, crds.length > 0 ? { ...options, crds } : options, client, workspace);
  return h && { markdown: h.markdown, span: { start: h.span.start + at.placed.start, end: h.span.end + at.placed.start } };
}

/** Hover at an offset of one YAML document (span relative to the document). */
export function hoverInDocument(
  doc: YamlDocument,
  offset: number,
  options: FeatureOptions,
  client: HoverClient = NO_CLIENT_COMMANDS,
  workspace?: ServiceLookup,
): HoverResult | undefined {
  const loc = locate(doc, offset);
  if (!loc) return undefined;
  const pod = loc.manifest.podSpec;
  if (pod) {
    const h =
      variableHover(doc, loc, pod, offset) ??
      serviceHostHover(doc, offset, workspace) ??
      containerHover(doc, loc, pod, offset, options, client) ??
      volumeHover(loc, pod) ??
      initContainersHover(loc, pod, options) ??
      disruptionBudgetsHover(doc, loc, pod, options);
    if (h) return h;
  }
  return fieldHover(loc, options) ?? customResourceHover(loc, options);
}
