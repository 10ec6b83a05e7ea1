/**
 * `initlens check --kustomize DIR` (the real process): a fake `kustomize` on PATH (a script
 * printing a fixed rendering, as kustomize does with origin annotations) for what the CLI makes
 * of a build, and one run with the real kubectl, only where it is installed.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LAYOUT } from '../kustomize/layout';
import { initlens, treesPerTest } from './helpers';

const tree = treesPerTest();

/**
 * `kustomize build WRAPPER`: checks the wrapper asks for origin annotations, then prints the prod
 * overlay as kustomize renders it, origins relative to the wrapper (which names the overlay).
 */
const FAKE_KUSTOMIZE = `#!/bin/sh
case "$1" in build) ;; *) echo "unexpected arguments: $*" >&2; exit 64 ;; esac
META=no
REL=
while IFS= read -r line; do
  case "$line" in
    'buildMetadata: [originAnnotations]') META=yes ;;
    '  - "'*) REL=\${line#'  - "'}; REL=\${REL%'"'} ;;
  esac
done < "$2/kustomization.yaml"
[ "$META" = yes ] || { echo "no origin annotations asked for" >&2; exit 65; }
printf '%s\\n' "\
apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: $REL/../../base/db.yaml
  name: prod-db
  namespace: prod
spec:
  ports:
  - port: 5432
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: $REL/../../base/api.yaml
  name: prod-api
  namespace: prod
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - image: example/api:1.4.2
        name: app
      initContainers:
      - command:
        - sh
        - -c
        - nc -z -w 5 dbz 5432
        image: busybox:1.36
        name: wait-db
---
apiVersion: v1
kind: Pod
metadata:
  annotations:
    config.kubernetes.io/origin: |
      repo: https://github.com/example/remote
      ref: v1
      path: pod.yaml
  name: prod-remote
  namespace: prod
spec:
  containers:
  - image: example/remote:latest
    name: remote"
`;

const FAILING_KUSTOMIZE = `#!/bin/sh
echo "Error: accumulating resources: missing.yaml: no such file or directory" >&2
exit 1
`;

function fakeBin(script: string): string {
  const bin = tree({ kustomize: script });
  fs.chmodSync(path.join(bin, 'kustomize'), 0o755);
  return bin;
}

/** Where a program is on PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return path.join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

const NOT_FOUND =
  'base/api.yaml:17:33: warning service-not-found: nc dbz 5432: no Service "dbz" in namespace "prod" in the workspace (which defines 1 there; closest: "prod-db" (db.yaml) with port 5432) — the pod stays in Init:0/1 (in the kustomize build of overlays/prod)\n';

describe('initlens check --kustomize', () => {
  it('checks the rendered build and reports each finding in the file its object came from', () => {
    const dir = tree(LAYOUT);
    const r = initlens(['check', '--kustomize', 'overlays/prod'], { cwd: dir, env: { PATH: fakeBin(FAKE_KUSTOMIZE) } });
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      NOT_FOUND +
        'overlays/prod (kustomize build):53:12: info image-tag-mutable: spec.containers[0].image: "example/remote:latest" uses the :latest tag — the image behind it changes whenever a new one is pushed, so nodes can run different code for one pod spec and rolling back the manifest does not bring the old image back (imagePullPolicy also defaults to Always); pin a version tag or a digest (@sha256:…). (in the kustomize build of overlays/prod)\n' +
        '1 warning, 1 info in 2 files\n',
    );
    assert.equal(r.status, 0);
  });

  it('fails clearly when the build fails, or when neither kustomize nor kubectl is on PATH', () => {
    const dir = tree(LAYOUT);
    const failed = initlens(['check', '--kustomize', 'overlays/prod'], { cwd: dir, env: { PATH: fakeBin(FAILING_KUSTOMIZE) } });
    assert.equal(
      failed.stderr,
      'initlens: --kustomize overlays/prod: kustomize exited with status 1: Error: accumulating resources: missing.yaml: no such file or directory\n',
    );
    assert.equal(failed.status, 2);
    const none = initlens(['check', '--kustomize', 'overlays/prod'], { cwd: dir, env: { PATH: tree({}) } });
    assert.equal(none.stderr, 'initlens: --kustomize needs `kustomize` or `kubectl` on PATH, and neither is there (initlens never downloads one)\n');
    assert.equal(none.status, 2);
    const usage = initlens(['check', '--fix', '--kustomize', 'overlays/prod'], { cwd: dir });
    assert.match(usage.stderr, /--fix cannot fix a kustomize build/);
    assert.equal(usage.status, 2);
  });

  it(
    'renders with the real kubectl (runs only when kubectl is on PATH and kustomize is not)',
    { skip: !onPath('kubectl') || onPath('kustomize') !== undefined },
    () => {
      // kustomize refuses a patch outside the overlay's folder by default: this overlay lists none.
      const files = {
        ...LAYOUT,
        'overlays/prod/kustomization.yaml': LAYOUT['overlays/prod/kustomization.yaml'].replace('patches:\n  - path: ../../patches/replicas.yaml\n', ''),
        'base/api.yaml': LAYOUT['base/api.yaml'].replace('-w 5 db ', '-w 5 dbz '),
      };
      const r = initlens(['check', '--kustomize', 'overlays/prod'], { cwd: tree(files) });
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, NOT_FOUND + '1 warning in 1 file\n');
    },
  );
});
