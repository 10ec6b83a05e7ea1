/**
 * What the HorizontalPodAutoscalers of a file scale: rules read one document, but an HPA usually
 * sits in its own document next to the Deployment it scales. `analyzeFile` collects the targets
 * of every document's HPAs (`AnalysisOptions.autoscaled`) before the rules run, so a rule sees an
 * autoscaled workload wherever in the file its HPA is. HPAs in other files are not seen.
 */
import { derived, type YamlDocument } from '../model/document';
import type { FileModel } from '../model/file';
import { getEntry, scalarText } from '../model/yamlNodes';
import type { Autoscaled } from '../config/options';

const TARGETS = {};

/** The workloads the HPAs of one document scale beyond one replica (kept with the document). */
export function documentAutoscaled(doc: YamlDocument): readonly Autoscaled[] {
  return derived(doc, TARGETS, () => {
    // Most documents hold no HPA: answered from the text, without the tree of a compact document.
    if (!doc.text.includes('HorizontalPodAutoscaler')) return NONE;
    const out: Autoscaled[] = [];
    for (const m of doc.manifests) {
      if (m.kind !== 'HorizontalPodAutoscaler' || !m.name) continue;
      const spec = getEntry(m.node, 'spec')?.value;
      const ref = getEntry(spec, 'scaleTargetRef')?.value;
      const kind = scalarText(getEntry(ref, 'kind')?.value);
      const name = scalarText(getEntry(ref, 'name')?.value);
      if (kind && name && Number(scalarText(getEntry(spec, 'maxReplicas')?.value)) > 1) out.push({ kind, name, by: m.name });
    }
    return out;
  });
}

const NONE: readonly Autoscaled[] = [];

/** The autoscaled workloads of a whole file, in document order. */
export function fileAutoscaled(model: FileModel): readonly Autoscaled[] {
  const out: Autoscaled[] = [];
  for (const placed of model.documents) for (const a of documentAutoscaled(placed.doc)) out.push(a);
  return out;
}
