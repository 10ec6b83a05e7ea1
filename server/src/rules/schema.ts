/** `schema`: the manifest violates the Kubernetes API schema of its apiVersion and kind. */
import { hasSchema, validateAgainstCustomSchema, validateAgainstSchema, type SchemaProblem } from '../schema/validate';
import { customResourceSchema } from '../schema/crdSources';
import { getEntry, spanOf } from '../model/yamlNodes';
import type { Manifest } from '../model/document';
import type { AnalysisOptions } from '../config/options';
import type { Rule } from './rule';
import { objectProblems } from './objectIdentity';
import { isTemplated } from './support';

/** Strategic-merge-patch directives (`$patch: delete`, `$setElementOrder/containers`, …). */
const DIRECTIVE = /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

/**
 * Problems that are not problems in context: a partial manifest (a kustomize patch or a
 * resource whose selector kustomize adds) need not carry required fields, a patch may use
 * patch directives, and a template placeholder's type is only known once it is filled in.
 */
function relevant(p: SchemaProblem, text: string, manifest: Manifest, options: AnalysisOptions): boolean {
  const partial = options.partial || manifest.isPatch;
  if (p.kind === 'required' && partial) return false;
  const source = text.slice(p.start, p.end);
  if (p.kind === 'unknown' && manifest.isPatch && DIRECTIVE.test(source.replace(/^["']/, ''))) return false;
  if ((p.kind === 'type' || p.kind === 'enum') && isTemplated(source)) return false;
  return true;
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}

export const schema: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  title: 'A value violates the Kubernetes API schema for its kind (unknown field, wrong type, value not in enum, missing required field).',
  async check({ doc, manifest, options, report }) {
    for (const p of objectProblems(manifest, options)) report(p);
    const { apiVersion, kind } = manifest;
    if (!doc.yaml || !apiVersion || !kind) return;
    let problems: SchemaProblem[];
    if (hasSchema(apiVersion, kind)) problems = await validateAgainstSchema(doc.text, doc.yaml, manifest.node, apiVersion, kind, options.kubernetesVersion);
    else {
      const custom = customResourceSchema(apiVersion, kind, options);
      if (!custom) return;
      if ('notServed' in custom) {
        const at = spanOf(getEntry(manifest.node, 'apiVersion')?.value);
        const { crd, served } = custom.notServed;
        const serves = served.length === 0 ? 'serves no version' : `serves ${served.join(', ')}`;
        if (at && !isTemplated(apiVersion))
          report({ span: at, message: `no matches for kind "${kind}" in version "${apiVersion}" — its CustomResourceDefinition ${crd} ${serves}`, fixes: [] });
        return;
      }
      problems = await validateAgainstCustomSchema(doc.text, doc.yaml, manifest.node, custom.key, custom.schema);
      // The pod specs inside are checked as pod specs (by every rule), not by the CRD's copy of them.
      problems = problems.filter((p) => !manifest.podSpecs.some((v) => startsWith(p.path, v.podSpec.path)));
    }
    for (const p of problems) {
      if (!relevant(p, doc.text, manifest, options)) continue;
      report({
        span: { start: p.start, end: p.end },
        message: p.message,
        // Not a violation: the manifest could not be checked (an alias bomb, 50,000 containers).
        severity: p.kind === 'skipped' ? 'info' : undefined,
        fixes: p.fix
          ? [{ title: p.fix.title, safe: true, preferred: true, edits: [{ span: { start: p.fix.start, end: p.fix.end }, newText: p.fix.newText }] }]
          : [],
      });
    }
  },
};
