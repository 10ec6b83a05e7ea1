// The schema yaml-language-server is given in the comparison: the same generated schema initlens
// validates with (dist/schema/, one root per apiVersion+kind and a shared definitions.json),
// combined into one file for the pod-bearing kinds. yaml-language-server can only associate one
// schema with a file, so the root selects the kind's definition with `if`/`then`. The `if` says
// `type: object` and requires apiVersion and kind: without that, an empty or comment-only
// document matches every `if` and gets every `then` (../shared/docs/performance-anchors.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Writes `<dir>/k8s-pod-kinds.schema.json` from `schemaDir` and returns its path. */
export function writePeerSchema(root, schemaDir, dir) {
  const { WORKLOAD_KINDS } = require(path.join(root, 'server/out/model/kinds.js'));
  const index = JSON.parse(fs.readFileSync(path.join(schemaDir, 'index.json'), 'utf8'));
  const all = JSON.parse(fs.readFileSync(path.join(schemaDir, index.definitions ?? 'definitions.json'), 'utf8')).definitions ?? {};
  const definitions = {};
  const reach = (node) => {
    if (Array.isArray(node)) return node.forEach(reach);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        const name = value.slice('#/definitions/'.length);
        if (!(name in definitions) && all[name]) {
          definitions[name] = all[name];
          reach(all[name]);
        }
      } else reach(value);
    }
  };
  const branches = [];
  for (const w of WORKLOAD_KINDS) {
    for (const apiVersion of w.apiVersions) {
      const file = index.kinds[`${apiVersion}/${w.kind}`];
      if (!file) continue;
      const { $schema, $comment, ...kindSchema } = JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));
      const name = `Kind_${apiVersion.replace(/[^A-Za-z0-9]/g, '_')}_${w.kind}`;
      if (name in all) throw new Error(`definition name clash: ${name}`);
      definitions[name] = kindSchema;
      reach(kindSchema);
      branches.push({
        if: { type: 'object', required: ['apiVersion', 'kind'], properties: { apiVersion: { const: apiVersion }, kind: { const: w.kind } } },
        then: { $ref: `#/definitions/${name}` },
      });
    }
  }
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Pod-bearing kinds of ${index.generatedFrom}, combined for yaml-language-server by scripts/bench/peer-schema.mjs.`,
    allOf: branches,
    definitions,
  };
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'k8s-pod-kinds.schema.json');
  fs.writeFileSync(out, JSON.stringify(schema));
  return { file: out, kinds: branches.length };
}
