/**
 * The startup plan with a workspace over every real manifest of ../shared/corpus/real (the whole
 * corpus indexed as one workspace): no plan throws, each is plain JSON, every Service it names is
 * defined in the file it names, every missing Secret or ConfigMap is absent from that namespace,
 * and the hover on every workload's name answers without throwing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultOptions } from '../../../server/out/config/options';
import { hoverAt } from '../../../server/out/features/hover/index';
import { filePlans, type StartupWorkspace } from '../../../server/out/features/startup';
import { parseFile } from '../../../server/out/model/file';
import { WorkspaceIndex } from '../../../server/out/workspace/index';
import { getEntry } from '../../../server/out/model/yamlNodes';
import { isScalar } from 'yaml';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

test('startup plans with the corpus as one workspace: no crash, every name checked', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, (t) => {
  const files = fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 600, `expected the corpus's ~650 files, found ${files.length}`);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(CORPUS, f), 'utf8')]));
  const index = new WorkspaceIndex();
  for (const [f, text] of texts) index.setText(f, text, 0);
  const facts = index.facts();
  const ws: StartupWorkspace = { facts, relative: (f) => f };
  const target = defaultOptions().kubernetesVersion;
  const counts = { plans: 0, defined: 0, missingServices: 0, unknown: 0, missing: 0, budgets: 0, hovers: 0 };
  for (const [f, text] of texts) {
    const model = parseFile(text);
    for (const { plan } of filePlans(model, target, ws)) {
      counts.plans++;
      assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan, `${f}: plain JSON`);
      for (const step of plan.steps) {
        for (const w of step.waits ?? []) {
          assert.ok(w.text.length > 0);
          const services = facts.objects('Service', w.namespace);
          if (w.state === 'defined') {
            counts.defined++;
            const s = services?.get(w.service);
            assert.equal(s?.file, w.file, `${f}: ${w.text}`);
          } else if (w.state === 'missing') {
            counts.missingServices++;
            assert.ok(services && !services.has(w.service), `${f}: ${w.text}`);
          } else {
            counts.unknown++;
            assert.equal(services, undefined, `${f}: ${w.text}`);
          }
        }
        for (const m of step.missing ?? []) {
          counts.missing++;
          if (m.kind === 'EnvFile') continue;
          const objects = facts.objects(m.kind, m.namespace ?? 'default');
          assert.ok(objects, `${f}: ${m.text}`);
          if (m.key === undefined) assert.ok(!objects.has(m.name), `${f}: ${m.text}`);
          else assert.ok(!objects.get(m.name)?.keys?.includes(m.key), `${f}: ${m.text}`);
        }
      }
      counts.budgets += plan.disruption?.budgets.length ?? 0;
    }
    // The hover on each manifest's name (where a workload's budgets show).
    for (const placed of model.documents) {
      for (const m of placed.doc.manifests) {
        const node = getEntry(getEntry(m.node, 'metadata')?.value, 'name')?.value;
        const name = isScalar(node) ? node.range?.[0] : undefined;
        if (name === undefined || !m.podSpec) continue;
        hoverAt(model, placed.start + name, { kubernetesVersion: target, planWorkspace: ws });
        counts.hovers++;
      }
    }
  }
  t.diagnostic(JSON.stringify(counts));
  assert.ok(counts.plans > 500, `plans: ${counts.plans}`);
  assert.ok(counts.defined > 0, 'some wait names a Service the corpus defines');
});
