// The workspace index: build time and retained memory over the real corpus and over generated
// workspaces of many small files, and the cost of one file's update (what an edit adds to the
// analysis in the server). Prints figures; asserts nothing.
//
//   node --expose-gc scripts/bench/workspace.mjs [--files N] [--corpus DIR]
//
// Needs server/out (`npx tsc -b`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { WorkspaceIndex } = require(path.join(ROOT, 'server/out/workspace/index.js'));
const { DEFAULT_MAX_FILE_SIZE_KB } = require(path.join(ROOT, 'server/out/config/options.js'));
const { parseFile } = require(path.join(ROOT, 'server/out/model/file.js'));
const { buildGraph, kustomizeOptions, parseKustomization } = require(path.join(ROOT, 'server/out/kustomize/index.js'));

const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const FILES = Number(arg('--files', '5000'));
const CORPUS = path.resolve(ROOT, arg('--corpus', '../shared/corpus/real'));

function heapMb() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** One generated file: a Deployment waiting for the previous file's Service, its Service, Secret and ConfigMap. */
function generatedFile(i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: ns-${i % 20}
spec:
  selector: {app: app-${i}}
  ports:
    - name: http
      port: ${8000 + (i % 1000)}
      targetPort: http
---
apiVersion: v1
kind: Secret
metadata:
  name: creds-${i}
  namespace: ns-${i % 20}
stringData:
  username: user-${i}
  password: pass-${i}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  namespace: ns-${i % 20}
data:
  LOG_LEVEL: info
  FEATURE_${i}: "on"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ns-${i % 20}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      initContainers:
        - name: wait
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z svc-${Math.max(0, i - 1)} ${8000 + (Math.max(0, i - 1) % 1000)}; do sleep 2; done"]
      containers:
        - name: app
          image: example/app:${i}
          envFrom:
            - configMapRef: {name: config-${i}}
          env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef: {name: creds-${i}, key: password}
`;
}

function measure(label, files, placed = () => ({})) {
  const before = heapMb();
  const started = performance.now();
  const index = new WorkspaceIndex();
  let bytes = 0;
  for (const [name, text] of files) {
    bytes += text.length;
    const { namespace, kustomize } = placed(name);
    index.setText(name, text, DEFAULT_MAX_FILE_SIZE_KB, namespace, kustomize);
  }
  const built = performance.now() - started;
  const factsStarted = performance.now();
  const facts = index.facts();
  const factsMs = performance.now() - factsStarted;
  let objects = 0;
  for (const _ of index.objects()) objects++;
  const retained = heapMb() - before;
  // One file edited (its first object renamed): the server's cost per analysis on top of the
  // parse it makes anyway: the file's objects set from its model, and the facts taken.
  const [name, text] = files[Math.floor(files.length / 2)];
  const models = [parseFile(text.replace(/name: (\S+)/, 'name: $1-renamed')), parseFile(text)];
  const updates = [];
  const { namespace, kustomize } = placed(name);
  for (let k = 0; k < 20; k++) {
    const t0 = performance.now();
    index.setFile(name, models[k % 2], namespace, kustomize);
    index.facts();
    updates.push(performance.now() - t0);
  }
  updates.sort((a, b) => a - b);
  console.log(
    `${label}: ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${objects} objects; build ${built.toFixed(0)} ms (${((built / files.length) * 1000).toFixed(0)} µs/file), facts ${factsMs.toFixed(1)} ms (key ${facts.key}); retained heap ${retained.toFixed(1)} MiB (${((retained * 1024) / files.length).toFixed(2)} KiB/file); one file's update (model given) + facts: median ${updates[10].toFixed(2)} ms, max ${updates[19].toFixed(2)} ms`,
  );
  return index;
}

if (!globalThis.gc) console.log('(run with node --expose-gc for retained-heap figures)');
if (fs.existsSync(CORPUS)) {
  const names = fs
    .readdirSync(CORPUS)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort();
  measure(
    `corpus ${path.relative(ROOT, CORPUS)}`,
    names.map((n) => [n, fs.readFileSync(path.join(CORPUS, n), 'utf8')]),
  );
}
measure(
  'generated',
  Array.from({ length: FILES }, (_, i) => [`file-${i}.yaml`, generatedFile(i)]),
);

// Kustomize: bases of 10 generated files, each built by three overlays (namespace and name
// prefix each), read from memory: the graph's build, each file's options, and the index with
// every file rendered once per overlay.
{
  const BASES = Math.max(1, Math.floor(FILES / 50));
  const texts = new Map();
  const files = [];
  for (let b = 0; b < BASES; b++) {
    const names = Array.from({ length: 10 }, (_, f) => `f${f}.yaml`);
    texts.set(`/ws/base-${b}`, `resources:\n${names.map((n) => `  - ${n}\n`).join('')}`);
    for (const env of ['dev', 'staging', 'prod']) texts.set(`/ws/${env}-${b}`, `namespace: ${env}-${b}\nnamePrefix: ${env}-\nresources:\n  - ../base-${b}\n`);
    names.forEach((n, f) => files.push([`/ws/base-${b}/${n}`, generatedFile(b * 10 + f)]));
  }
  const parsed = new Map([...texts].map(([dir, text]) => [dir, parseKustomization(text)]));
  const t0 = performance.now();
  const graph = buildGraph(parsed.keys(), (dir) => parsed.get(dir));
  const graphMs = performance.now() - t0;
  const t1 = performance.now();
  const options = new Map(files.map(([name]) => [name, kustomizeOptions(name, graph)]));
  const optionsMs = performance.now() - t1;
  console.log(
    `kustomize graph: ${graph.kustomizations.size} kustomizations, ${files.length} files; build ${graphMs.toFixed(1)} ms, every file's options ${optionsMs.toFixed(1)} ms`,
  );
  measure('kustomize (3 renderings per file)', files, (name) => options.get(name));
}
