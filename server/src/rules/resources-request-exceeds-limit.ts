/**
 * `resources-request-exceeds-limit` (R11): a container requests more of a resource than its
 * limit allows. Quantities are compared exactly (`500m` < `1`, `1Gi` > `1G`, `1e3` = `1k`).
 */
import { isScalar, Scalar } from 'yaml';
import type { ResourceValue } from '../model/containerFacts';
import type { Quantity } from '../model/quantity';
import { spanOf } from '../model/yamlNodes';
import type { Rule } from './rule';
import { apiMessage, sourceOf } from './support';

/** A resource quantity as written: its scalar, the parsed value and the text to quote. */
interface Written {
  node: Scalar;
  quantity: Quantity;
  /** The value without YAML quotes, as the user wrote it (`0.50` stays `0.50`). */
  text: string;
}

function written(docText: string, value: ResourceValue | undefined): Written | undefined {
  const node = value?.entry.value;
  const quantity = value?.quantity;
  if (!isScalar(node) || !quantity) return undefined; // not a quantity: the schema's (and the API server's decoder's) business
  const plainNumber = typeof node.value === 'number' && node.type === Scalar.PLAIN;
  const text = plainNumber ? (sourceOf(docText, node) ?? String(node.value)) : String(node.value).trim();
  return { node, quantity, text };
}

function isBlock(node: Scalar): boolean {
  return node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
}

export const resourcesRequestExceedsLimit: Rule = {
  id: 'resources-request-exceeds-limit',
  defaultSeverity: 'error',
  title: 'A container requests more of a resource than its limit (quantities compared exactly).',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const container of pod.containers) {
      if (container.role === 'ephemeral') continue; // they have no resources (ephemeral-containers-in-manifest)
      const { requests, limits } = container.resources;
      for (const req of requests.values) {
        const request = written(doc.text, req);
        const limit = written(doc.text, limits.byName.get(req.name));
        if (!request || !limit || request.quantity.compare(limit.quantity) <= 0) continue;
        const span = spanOf(request.node);
        if (!span) continue;
        const name = req.name;
        const limitSource = sourceOf(doc.text, limit.node);
        const fixable = limitSource !== undefined && !isBlock(request.node) && !isBlock(limit.node) && !/[\r\n]/.test(limitSource);
        report({
          span,
          message: apiMessage(
            [...container.path, 'resources', 'requests'],
            `Invalid value: "${request.text}": must be less than or equal to ${name} limit of ${limit.text}`,
            'a container cannot be guaranteed more than it is allowed to use, so the API server rejects the object.',
          ),
          fixes: fixable
            ? [{ title: `Set the ${name} request to the limit (${limit.text})`, safe: false, preferred: true, edits: [{ span, newText: limitSource }] }]
            : [],
        });
      }
    }
  },
};
