/** `schema`: the manifest violates the Kubernetes API schema of its apiVersion and kind. */
import { hasSchema, validateAgainstSchema } from '../schema/validate';
import type { Rule } from './rule';

export const schema: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  title: 'A value violates the Kubernetes API schema for its kind (unknown field, wrong type, value not in enum, missing required field).',
  async check({ doc, manifest, report }) {
    const { apiVersion, kind } = manifest;
    if (!doc.yaml || !apiVersion || !kind || !hasSchema(apiVersion, kind)) return;
    const problems = await validateAgainstSchema(doc.text, doc.yaml, manifest.node, apiVersion, kind);
    for (const p of problems) {
      report({
        span: { start: p.start, end: p.end },
        message: p.message,
        fixes: p.fix ? [{ title: p.fix.title, safe: true, preferred: true, edits: [{ span: { start: p.fix.start, end: p.fix.end }, newText: p.fix.newText }] }] : [],
      });
    }
  },
};
