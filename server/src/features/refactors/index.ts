/**
 * The refactors registry: the init-container patterns as code actions (docs/refactors.md), each a
 * provider in a file of its own. `refactorsAt` finds the pod spec and container under the cursor
 * and asks every provider; edits come back in file offsets.
 */
import { podViews } from '../../model/document';
import type { FileModel } from '../../model/file';
import type { Edit } from '../../model/text';
import { appContainer } from './appContainer';
import { extractScript } from './extractScript';
import { fillVolume } from './fillVolume';
import { imageVolume } from './imageVolume';
import { initOrder } from './initOrder';
import { inlineScript } from './inlineScript';
import { moveToJob } from './moveToJob';
import { nativeSidecar } from './nativeSidecar';
import type { FileConfigMap, FileService, Refactor, RefactorOptions, RefactorProvider, RefactorSite } from './refactor';
import { shellForm } from './shellForm';
import { waitForService } from './waitForService';
import { asSeq, entries, getEntry, scalarText } from '../../model/yamlNodes';

export type { Refactor, RefactorKind, RefactorOptions } from './refactor';

export const REFACTORS: readonly RefactorProvider[] = [
  nativeSidecar,
  appContainer,
  initOrder,
  shellForm,
  extractScript,
  inlineScript,
  moveToJob,
  fillVolume,
  waitForService,
  imageVolume,
];

/** The Services of the file: name, namespace, first port, selector. */
function servicesOf(model: FileModel): FileService[] {
  const out: FileService[] = [];
  for (const placed of model.documents) {
    for (const m of placed.doc.manifests) {
      if (m.kind !== 'Service' || !m.name) continue;
      const spec = getEntry(m.node, 'spec')?.value;
      const port = asSeq(getEntry(spec, 'ports')?.value)?.items[0];
      const number = Number(scalarText(getEntry(port as never, 'port')?.value));
      const selector: Record<string, string> = {};
      for (const e of entries(getEntry(spec, 'selector')?.value)) {
        const v = scalarText(e.value);
        if (v !== undefined) selector[e.key] = v;
      }
      out.push({
        name: m.name,
        namespace: scalarText(getEntry(getEntry(m.node, 'metadata')?.value, 'namespace')?.value),
        port: Number.isInteger(number) && number > 0 ? number : undefined,
        selector,
      });
    }
  }
  return out;
}

/** The ConfigMaps of the file, with their string data. */
function configMapsOf(model: FileModel): FileConfigMap[] {
  const out: FileConfigMap[] = [];
  for (const placed of model.documents) {
    for (const m of placed.doc.manifests) {
      if (m.kind !== 'ConfigMap' || !m.name) continue;
      const data: Record<string, string> = Object.create(null);
      for (const e of entries(getEntry(m.node, 'data')?.value)) {
        const v = e.value && 'value' in e.value ? (e.value as { value: unknown }).value : undefined;
        if (typeof v === 'string') data[e.key] = v;
      }
      out.push({ name: m.name, namespace: scalarText(getEntry(getEntry(m.node, 'metadata')?.value, 'namespace')?.value), data });
    }
  }
  return out;
}

/** The sites at a document offset: the innermost pod spec holding it, and its container there. */
function siteAt(model: FileModel, offset: number, options: RefactorOptions): { site: RefactorSite; start: number } | undefined {
  const at = model.documentAt(offset);
  if (!at) return undefined;
  const doc = at.placed.doc;
  // One pod spec at a time: a RayCluster's worker group is a pod of its own (`podViews`).
  for (const manifest of doc.manifests.flatMap(podViews)) {
    const pod = manifest.podSpec;
    const span = pod?.node.range;
    if (!pod || !span || at.offset < span[0] || at.offset > span[1]) continue;
    const container = pod.containers.find((c) => at.offset >= c.span.start && at.offset <= c.span.end);
    return {
      site: { doc, manifest, pod, container, offset: at.offset, options, services: servicesOf(model), configMaps: configMapsOf(model) },
      start: at.placed.start,
    };
  }
  return undefined;
}

/** Every refactor offered at `offset` of the file, its edits in file offsets. */
export function refactorsAt(model: FileModel, offset: number, options: RefactorOptions): Refactor[] {
  if (model.notAnalysed) return [];
  const found = siteAt(model, offset, options);
  if (!found) return [];
  const out: Refactor[] = [];
  const shift = (e: Edit): Edit => ({ span: { start: e.span.start + found.start, end: e.span.end + found.start }, newText: e.newText });
  for (const provider of REFACTORS) {
    let offered: Refactor[];
    try {
      offered = provider.offer(found.site);
    } catch {
      offered = []; // a refactor never takes the others (or the server) down
    }
    for (const r of offered) out.push({ ...r, edits: r.edits.map(shift) });
  }
  return out;
}
