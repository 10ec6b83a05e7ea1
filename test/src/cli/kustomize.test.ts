/**
 * `initlens check` over a kustomize workspace (the real process): overlays, bases, a component
 * and a patch in a folder of its own (../kustomize/layout.ts).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LAYOUT } from '../kustomize/layout';
import { initlens, treesPerTest } from './helpers';

const tree = treesPerTest();

describe('initlens check: a kustomize workspace', () => {
  it('resolves references through each overlay, knows a patch of another folder and images an overlay tags', () => {
    const dir = tree(LAYOUT);
    const r = initlens(['check', '.'], { cwd: dir });
    // No schema error on the patch, no image-tag-mutable on example/api, no missing Secret or Service:
    // in each overlay `db` is the prefixed object of its build.
    assert.equal(r.stdout, 'no problems in 9 files\n', r.stderr);
    assert.equal(r.status, 0);
  });

  it('reports a reference no overlay resolves, in the namespace an overlay gives, and stays quiet when one resolves it', () => {
    const broken = { ...LAYOUT, 'base/api.yaml': LAYOUT['base/api.yaml'].replace('name: db\n', 'name: dbx\n').replace('-w 5 db ', '-w 5 dbz ') };
    const r = initlens(['check', '.', '--format', 'text'], { cwd: tree(broken) });
    assert.equal(
      r.stdout,
      'base/api.yaml:17:45: warning service-not-found: nc dbz 5432: no Service "dbz" in namespace "dev" in the workspace (which defines 1 there; closest: "dev-db" (db.yaml) with port 5432; rendered by 2 kustomize overlays, none with it: overlays/dev, overlays/prod) — the pod stays in Init:0/1\n' +
        'base/api.yaml:25:25: warning config-reference-not-found: env DB_PASSWORD secretKeyRef: no Secret "dbx" in namespace "dev" in the workspace (which defines 1 there; closest: "dev-db" (kustomization.yaml) with keys password; rendered by 2 kustomize overlays, none with it: overlays/dev, overlays/prod) — the container fails to start with CreateContainerConfigError\n' +
        '2 warnings in 9 files\n',
      r.stderr,
    );
    // The prod overlay brings a Secret "dbx": resolved there, so not reported (precision first).
    const half = { ...broken, 'overlays/prod/secret.yaml': LAYOUT['overlays/prod/secret.yaml'].replace('name: db', 'name: dbx') };
    const h = initlens(['check', '.'], { cwd: tree(half) });
    assert.doesNotMatch(h.stdout, /config-reference-not-found/);
    assert.match(h.stdout, /service-not-found/);
  });

  it('reports a missing key only when every overlay lacks it', () => {
    const noKey = { ...LAYOUT, 'overlays/prod/secret.yaml': LAYOUT['overlays/prod/secret.yaml'].replace('password:', 'passwd:') };
    assert.equal(initlens(['check', '.'], { cwd: tree(noKey) }).stdout, 'no problems in 9 files\n');
    const neither = { ...noKey, 'overlays/dev/kustomization.yaml': LAYOUT['overlays/dev/kustomization.yaml'].replace('password=', 'passwd=') };
    assert.equal(
      initlens(['check', '.'], { cwd: tree(neither) }).stdout,
      'base/api.yaml:26:24: warning config-reference-not-found: env DB_PASSWORD secretKeyRef: the Secret "dev-db" (kustomization.yaml) has no key "password" (keys: passwd) — the container fails to start with CreateContainerConfigError\n' +
        '1 warning in 9 files\n',
    );
  });

  it('checks a file given alone with the kustomization of its folder only', () => {
    const dir = tree(LAYOUT);
    // Alone, the patch of another folder is not known as one, nor the overlay's image tag.
    const r = initlens(['check', 'patches/replicas.yaml', 'base/api.yaml'], { cwd: dir });
    assert.match(r.stdout, /patches\/replicas\.yaml:5:1: error schema: spec: missing required field "selector"/);
  });
});
