/**
 * The kustomize graph (pure: kustomizations from memory) and what it makes of a file: which
 * overlays build it and how, patches listed from any folder, cycles, missing and remote paths;
 * and the workspace index rendering a file once per overlay.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildGraph, kustomizeOptions, parseKustomization, type Kustomization } from '../../../server/out/kustomize/index';
import { MAX_DEPTH, MAX_RENDERINGS } from '../../../server/out/kustomize/graph';
import { parseFile } from '../../../server/out/model/file';
import { WorkspaceIndex } from '../../../server/out/workspace/index';

const ROOT = path.resolve('/ws');
const at = (p: string) => path.join(ROOT, p);

/** A graph over kustomization texts by folder (relative to /ws). */
function graphOf(texts: Record<string, string>, start = Object.keys(texts)) {
  const kustomizations = new Map<string, Kustomization | undefined>();
  for (const [dir, text] of Object.entries(texts)) kustomizations.set(at(dir), parseKustomization(text));
  const loads: string[] = [];
  const graph = buildGraph(start.map(at), (dir) => (loads.push(dir), kustomizations.get(dir)));
  return { graph, loads };
}

const LAYOUT = {
  base: 'resources:\n  - api.yaml\n  - db.yaml\ncommonLabels:\n  app: shop\n',
  'overlays/prod': [
    'namespace: prod',
    'namePrefix: prod-',
    'nameSuffix: -v2',
    'resources:\n  - ../../base\n  - secret.yaml',
    'components:\n  - ../../components/tracing',
    'patches:\n  - path: ../../patches/replicas.yaml\n  - patch: |-\n      - op: remove\n        path: /spec/replicas',
    'images:\n  - name: example/api\n    newTag: "1.4.2"',
  ].join('\n'),
  'overlays/dev': 'namespace: dev\nnamePrefix: dev-\nresources:\n  - ../../base\n  - https://github.com/example/repo//deploy?ref=v1\n  - ../../missing\n',
  'components/tracing': 'kind: Component\nresources:\n  - collector.yaml\npatchesStrategicMerge:\n  - sidecar.yaml\n',
};

describe('the kustomize graph', () => {
  it('renders a base file once per overlay that builds it, transformations composed', () => {
    const { graph } = graphOf(LAYOUT);
    assert.deepEqual([...graph.kustomizations].sort(), ['base', 'components/tracing', 'overlays/dev', 'overlays/prod'].map(at));
    const api = graph.placement(at('base/api.yaml'))!;
    assert.equal(api.patch, false);
    assert.deepEqual(
      api.renderings.map((r) => [r.root, r.namespace, r.prefix, r.suffix, r.pinnedImages, r.completes]),
      [
        [at('overlays/prod'), 'prod', 'prod-', '-v2', ['example/api'], true],
        [at('overlays/dev'), 'dev', 'dev-', '', [], true],
      ],
    );
    // A component's resource: rendered by the overlay that includes it.
    assert.deepEqual(
      graph.placement(at('components/tracing/collector.yaml'))!.renderings.map((r) => [r.root, r.prefix]),
      [[at('overlays/prod'), 'prod-']],
    );
    // The overlay's own resource and its kustomization file (what it generates).
    assert.equal(graph.placement(at('overlays/prod/secret.yaml'))!.renderings[0].namespace, 'prod');
    assert.equal(graph.placement(at('overlays/dev/kustomization.yaml'))!.renderings[0].prefix, 'dev-');
    assert.equal(graph.placement(at('unrelated.yaml')), undefined);
  });

  it('knows a patch from any kustomization that lists it, in any folder', () => {
    const { graph } = graphOf(LAYOUT);
    assert.equal(graph.placement(at('patches/replicas.yaml'))!.patch, true);
    assert.equal(graph.placement(at('components/tracing/sidecar.yaml'))!.patch, true);
    assert.deepEqual(kustomizeOptions(at('patches/replicas.yaml'), graph), { partial: true });
  });

  it('gives the analysis options of a file: partial, pinned images, one namespace or the renderings', () => {
    const { graph } = graphOf(LAYOUT);
    assert.deepEqual(kustomizeOptions(at('base/api.yaml'), graph), {
      partial: true,
      pinnedImages: ['example/api'],
      kustomize: [
        { root: at('overlays/prod'), namespace: 'prod', prefix: 'prod-', suffix: '-v2' },
        { root: at('overlays/dev'), namespace: 'dev', prefix: 'dev-', suffix: '' },
      ],
    });
    // One overlay with a namespace and no prefix: the namespace says it all.
    const plain = graphOf({ app: 'namespace: shop\nresources:\n  - api.yaml\n' }).graph;
    assert.deepEqual(kustomizeOptions(at('app/api.yaml'), plain), { namespace: 'shop' });
    assert.deepEqual(kustomizeOptions(at('app/other.yaml'), plain), {});
  });

  it('follows included folders that were not given, and reads each kustomization once', () => {
    const { graph, loads } = graphOf(LAYOUT, ['overlays/prod']);
    assert.deepEqual([...graph.kustomizations].sort(), ['base', 'components/tracing', 'overlays/prod'].map(at));
    assert.equal(graph.placement(at('base/db.yaml'))!.renderings.length, 1);
    // Each kustomization folder is asked for as a node once, and once more as a child when named.
    assert.ok(loads.filter((d) => d === at('base')).length <= 2, loads.join(', '));
    assert.deepEqual([...graph.included(at('overlays/prod'))].sort(), [
      at('base'),
      at('base/api.yaml'),
      at('base/db.yaml'),
      at('components/tracing'),
      at('components/tracing/collector.yaml'),
      at('components/tracing/sidecar.yaml'),
      at('overlays/prod/secret.yaml'),
      at('patches/replicas.yaml'),
    ]);
  });

  it('survives cycles: kustomizations only a cycle includes are built from each of them', () => {
    const { graph } = graphOf({
      a: 'namePrefix: a-\nresources:\n  - ../b\n  - a.yaml\n',
      b: 'namePrefix: b-\nresources:\n  - ../a\n  - b.yaml\n',
      c: 'resources:\n  - ../c\n',
    });
    assert.deepEqual(
      graph.placement(at('a/a.yaml'))!.renderings.map((r) => r.prefix),
      ['a-', 'b-a-'],
    );
    assert.deepEqual(
      graph.placement(at('b/b.yaml'))!.renderings.map((r) => r.prefix),
      ['a-b-', 'b-'],
    );
    assert.deepEqual(graph.included(at('c')), new Set());
  });

  it('cuts chains deeper than MAX_DEPTH', () => {
    const texts: Record<string, string> = {};
    for (let i = 0; i < MAX_DEPTH + 5; i++) texts[`k${i}`] = `namePrefix: p${i}-\nresources:\n  - ../k${i + 1}\n  - f.yaml\n`;
    const { graph } = graphOf(texts, ['k0']);
    assert.equal(graph.placement(at('k0/f.yaml'))!.renderings[0].prefix, 'p0-');
    assert.equal(graph.placement(at(`k${MAX_DEPTH}/f.yaml`))!.renderings.length, 1);
    assert.equal(graph.placement(at(`k${MAX_DEPTH + 2}/f.yaml`)), undefined);
  });

  it('stays bounded on a diamond of bases (every path from the overlays is a chain)', () => {
    const texts: Record<string, string> = {};
    const LEVELS = 24;
    for (let i = 0; i < LEVELS; i++) {
      for (const side of ['a', 'b']) {
        const next = i + 1 < LEVELS ? `  - ../a${i + 1}\n  - ../b${i + 1}\n` : '';
        texts[`${side}${i}`] = `namePrefix: ${side}-\nresources:\n${next}  - f.yaml\n`;
      }
    }
    const started = performance.now();
    const { graph } = graphOf(texts);
    assert.equal(graph.kustomizations.size, LEVELS * 2);
    // 2^24 chains without the bounds: the walk stops, and the renderings kept per file are capped.
    const counts = Object.keys(texts).map((dir) => graph.placement(at(`${dir}/f.yaml`))?.renderings.length ?? 0);
    assert.equal(Math.max(...counts), MAX_RENDERINGS);
    // Each overlay has its share of the walk: b0's chains are there as well as a0's.
    assert.deepEqual(
      graph.placement(at('a1/f.yaml'))!.renderings.map((r) => r.prefix),
      ['a-a-', 'b-a-'],
    );
    assert.equal(graph.placement(at(`a${LEVELS - 1}/f.yaml`)), undefined);
    assert.ok(performance.now() - started < 10_000, `took ${performance.now() - started} ms`);
  });

  it('reads no kustomization from text that is not one', () => {
    assert.equal(parseKustomization('resources: [a.yaml'), undefined);
    assert.equal(parseKustomization('- a\n- b\n'), undefined);
    assert.deepEqual(parseKustomization('bases:\n  - ../base\npatchesStrategicMerge:\n  - |\n    kind: Deployment\n'), {
      resources: [path.normalize('../base')],
      components: [],
      patches: [],
      completes: false,
      pinnedImages: [],
      namePrefix: '',
      nameSuffix: '',
    });
  });
});

describe('the workspace index under kustomize', () => {
  it('indexes a file once per rendering, named and namespaced as the overlay renders it', () => {
    const index = new WorkspaceIndex();
    const model = parseFile('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: ignored\nstringData:\n  password: x\n');
    index.setFile('db.yaml', model, undefined, [
      { root: '/ws/overlays/prod', namespace: 'prod', prefix: 'prod-', suffix: '' },
      { root: '/ws/overlays/dev', prefix: 'dev-', suffix: '-1' },
    ]);
    const facts = index.facts();
    assert.deepEqual(
      [...facts.objects('Secret', 'prod')!.values()].map((o) => [o.name, o.original, o.namespace]),
      [['prod-db', 'db', 'prod']],
    );
    assert.deepEqual(
      [...facts.objects('Secret', 'ignored')!.values()].map((o) => [o.name, o.original]),
      [['dev-db-1', 'db']],
    );
    // Without renderings: as written.
    const key = facts.key;
    index.setFile('db.yaml', model, 'shop');
    assert.notEqual(index.facts().key, key);
    assert.deepEqual([...index.facts().objects('Secret', 'ignored')!.keys()], ['db']);
  });
});
