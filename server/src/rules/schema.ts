/** `schema`: the manifest violates the Kubernetes API schema of its apiVersion and kind. */
import { hasSchema, validateAgainstSchema, type SchemaProblem } from '../schema/validate';
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

export const schema: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  title: 'A value violates the Kubernetes API schema for its kind (unknown field, wrong type, value not in enum, missing required field).',
  async check({ doc, manifest, options, report }) {
    for (const p of objectProblems(manifest, options)) report(p);
    const { apiVersion, kind } = manifest;
    if (!doc.yaml || !apiVersion || !kind || !hasSchema(apiVersion, kind)) return;
    const problems = await validateAgainstSchema(doc.text, doc.yaml, manifest.node, apiVersion, kind, options.kubernetesVersion);
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
