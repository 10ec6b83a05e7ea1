/**
 * Every real manifest of ../shared/corpus/real goes through the whole engine: nothing throws,
 * no rule fails, and yaml-syntax findings appear exactly in the files that are really broken.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

/** Files of the corpus that are not valid YAML, each checked by hand. */
const BROKEN: Record<string, string> = {
  // `selector:` twice in the Deployment spec (strict decoding rejects duplicate fields).
  'kubernetes__examples___archived__openshift-origin__etcd-controller.yaml': 'a key appears twice',
  'kubernetes__examples___archived__openshift-origin__etcd-discovery-controller.yaml': 'a key appears twice',
  'kubernetes__examples___archived__openshift-origin__openshift-controller.yaml': 'a key appears twice',
  // `- key:` items indented less than the `matchExpressions:` key that owns them (and `spec:` sits under `metadata:`).
  'GoogleCloudPlatform__kubernetes-engine-samples__ai-ml__gke-model-armor__preparing-the-model__producer-job.yaml': 'Sequence item without - indicator',
  'GoogleCloudPlatform__kubernetes-engine-samples__ai-ml__gke-model-armor__preparing-the-model__vllm-gemma-deployment.yaml':
    'Sequence item without - indicator',
  // The second document's `---` is indented, so it is not a document marker and the text breaks.
  'GoogleCloudPlatform__kubernetes-engine-samples__ai-ml__infw-gw__examples__getting-started__vllm-llama3-8b-instruct.yaml':
    'All mapping items must start at the same column',
};

test('the whole real-world corpus is analysed without a crash or a rule failure', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, async () => {
  const files = fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 600, `expected the corpus's ~650 files, found ${files.length}`);
  const failures: string[] = [];
  const syntax = new Map<string, string[]>();
  for (const f of files) {
    const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
    const { diagnostics, failures: ruleFailures } = await analyzeText(text, defaultOptions());
    for (const r of ruleFailures) failures.push(`${f}: ${r.rule}: ${r.error.split('\n')[0]}`);
    for (const d of diagnostics) {
      if (d.rule === 'yaml-syntax' || d.rule === 'not-analysed') syntax.set(f, [...(syntax.get(f) ?? []), d.message]);
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual([...syntax.keys()].sort(), Object.keys(BROKEN).sort());
  for (const [f, why] of Object.entries(BROKEN))
    assert.ok(
      syntax.get(f)!.some((m) => m.includes(why)),
      `${f}: ${syntax.get(f)!.join(' | ')}`,
    );
});
