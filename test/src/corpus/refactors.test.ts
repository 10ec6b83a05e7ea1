/**
 * The refactor guarantee over every real manifest of ../shared/corpus/real: at every container of
 * every pod spec (its name, its `command` key) and every volume, every refactor offered is applied and checked
 * (refactorGuarantee.ts: parses, only the edited lines change, no new error diagnostic). The corpus
 * holds no native sidecar and no script mounted from a ConfigMap, so each container that "Convert
 * to native sidecar" or "Extract script into a ConfigMap" made is also checked with every refactor
 * offered on it there (Convert to app container, the moves, Inline script from ConfigMap). The run prints
 * how many were offered and applied, per refactor.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions, versionAtLeast } from '../../../server/out/config/options';
import { refactorsAt } from '../../../server/out/features/refactors/index';
import { parseFile } from '../../../server/out/model/file';
import { checkRefactor } from '../refactorGuarantee';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

test('every refactor offered on the corpus keeps the guarantee', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, async () => {
  const counts = new Map<string, number>();
  let sites = 0;
  // At least 1.35, where every refactor can be offered (image volumes are on by default from 1.35).
  const options = defaultOptions();
  if (!versionAtLeast(options.kubernetesVersion, 1, 35)) options.kubernetesVersion = { major: 1, minor: 35 };
  for (const f of fs
    .readdirSync(CORPUS)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
    const model = parseFile(text);
    const before = await analyzeText(text, options);
    for (const placed of model.documents) {
      for (const manifest of placed.doc.manifests) {
        const pod = manifest.podSpec;
        if (!pod) continue;
        // Each container's first key (its dash line) and its `command` key, and each volume: every refactor has one of them.
        const places: { c?: (typeof pod.containers)[number]; at: (number | undefined)[] }[] = [
          ...pod.containers.map((c) => ({ c, at: [c.span.start, c.fields.get('command')?.keySpan.start] })),
          ...pod.volumes.map((v) => ({ at: [v.span.start] })),
        ];
        for (const { c, at } of places) {
          const seen = new Set<string>();
          for (const offset of at.filter((x): x is number => x !== undefined)) {
            sites++;
            for (const r of refactorsAt(model, placed.start + offset, { kubernetesVersion: options.kubernetesVersion })) {
              if (seen.has(r.title)) continue;
              seen.add(r.title);
              const after = await checkRefactor(text, r, `${f}: ${c?.name ?? 'a volume'}`, options, before);
              counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
              if ((r.id !== 'native-sidecar' && r.id !== 'extract-script') || !c) continue;
              // The container in the refactored text (a new sidecar; a script now in a ConfigMap), and the refactors there.
              const next = parseFile(after);
              const doc = next.documents[model.documents.indexOf(placed)];
              const moved = doc?.doc.manifests[placed.doc.manifests.indexOf(manifest)]?.podSpec?.containers.find(
                (x) => x.name === c.name && (r.id !== 'native-sidecar' || x.role === 'sidecar'),
              );
              assert.ok(moved, `${f}: ${c.name}: not found after "${r.title}"`);
              const nextBefore = await analyzeText(after, options);
              const again = new Set<string>();
              for (const at2 of [moved.span.start, moved.fields.get('command')?.keySpan.start]) {
                if (at2 === undefined) continue;
                for (const back of refactorsAt(next, doc.start + at2, { kubernetesVersion: options.kubernetesVersion })) {
                  if (again.has(back.title)) continue;
                  again.add(back.title);
                  await checkRefactor(after, back, `${f}: ${c.name} after "${r.title}"`, options, nextBefore);
                  counts.set(back.id, (counts.get(back.id) ?? 0) + 1);
                }
              }
            }
          }
        }
      }
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`refactors over the corpus: ${total} offered and applied at ${sites} places (${[...counts].map(([id, n]) => `${id} ${n}`).join(', ')})`);
  // No init container of the corpus runs a migration: "Move into a Job" is checked by its fixtures only.
  for (const id of ['native-sidecar', 'app-container', 'init-order', 'shell-form', 'extract-script', 'inline-script', 'fill-volume', 'wait-for-service'])
    assert.ok(counts.get(id), `${id} was never offered on the corpus`);
});
