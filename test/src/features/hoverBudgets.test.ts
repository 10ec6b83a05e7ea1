/**
 * Hover on a workload (its name, its pod template's key, its labels key) with a workspace: the
 * PodDisruptionBudgets selecting its pods, with their files. `⦚` is the cursor, `«…»` the span.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeVersion } from '../../../server/out/config/options';
import type { StartupWorkspace } from '../../../server/out/features/startup';
import { hoverAt } from '../../../server/out/features/hover/index';
import { parseFile } from '../../../server/out/model/file';
import { WorkspaceIndex } from '../../../server/out/workspace/index';
import { parseMarkers, renderMarkers } from './markers';

const V135: KubeVersion = { major: 1, minor: 35 };

const PDBS = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels: {app: web}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: api}
`;

const WEB = (cursorAt: 'name' | 'template' | 'labels' | 'image') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${cursorAt === 'name' ? '«w⦚eb»' : 'web'}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  ${cursorAt === 'template' ? '«temp⦚late»' : 'template'}:
    metadata:
      ${cursorAt === 'labels' ? '«lab⦚els»' : 'labels'}: {app: web}
    spec:
      initContainers:
        - name: migrate
          image: ${cursorAt === 'image' ? 'mig⦚rate:4' : 'migrate:4'}
      containers:
        - name: app
          image: web:1
`;

function workspace(files: Record<string, string>): StartupWorkspace {
  const index = new WorkspaceIndex();
  for (const [file, text] of Object.entries(files)) index.setText(`/repo/${file}`, text, 0);
  return { facts: index.facts(), relative: (f) => f.replace('/repo/', '') };
}

function hover(marked: string, ws?: StartupWorkspace) {
  const { text, cursor, spans } = parseMarkers(marked);
  const h = hoverAt(parseFile(text), cursor, { kubernetesVersion: V135, planWorkspace: ws });
  return { h, text, cursor, spans };
}

const NOTES = [
  '- an eviction (kubectl drain, a node scale-down) is refused when it would leave fewer healthy pods than the budget allows; a pod counts as healthy only once Ready, so a replacement pod does not count while its init containers run, and the next eviction waits until it is Ready',
  '- a pod still in its init containers (phase Pending) is evicted without checking the budget',
  "- a rollout of the Deployment and kubectl delete are not limited by the budget (the Deployment's update strategy is), though the pods they take down count against it",
];

describe('hover: the PodDisruptionBudgets selecting a workload', () => {
  it('on the name: the budget with its file, and what it means for pods in init', () => {
    const { h, text, cursor, spans } = hover(WEB('name'), workspace({ 'policy/pdb.yaml': PDBS }));
    assert.ok(h);
    assert.equal(
      h.markdown,
      ['**`metadata.name`** · 1 PodDisruptionBudget selects these pods', '', '- `web` (`policy/pdb.yaml:1`): minAvailable 2', '', ...NOTES].join('\n'),
    );
    assert.equal(renderMarkers(text, cursor, [h.span]), renderMarkers(text, cursor, spans));
  });

  it('on the template key and the labels key too', () => {
    for (const at of ['template', 'labels'] as const) {
      const { h, text, cursor, spans } = hover(WEB(at), workspace({ 'pdb.yaml': PDBS }));
      assert.ok(h, at);
      assert.match(h.markdown, /· 1 PodDisruptionBudget selects these pods\n\n- `web` \(`pdb\.yaml:1`\): minAvailable 2\n/);
      assert.equal(renderMarkers(text, cursor, [h.span]), renderMarkers(text, cursor, spans));
    }
  });

  it('minAvailable equal to the replicas: allows no eviction', () => {
    const { h } = hover(WEB('name').replace('replicas: 3', 'replicas: 2'), workspace({ 'pdb.yaml': PDBS }));
    assert.ok(h);
    assert.match(h.markdown, /- `web` \(`pdb\.yaml:1`\): minAvailable 2 — allows no eviction\n/);
    assert.match(
      h.markdown,
      /- web \(minAvailable 2 of 2 replicas\) allows no voluntary eviction: a kubectl drain of a node running one of these pods never completes/,
    );
  });

  it('no budget selects the pods, no workspace, elsewhere in the manifest: the usual hover', () => {
    const other = hover(WEB('name'), workspace({ 'pdb.yaml': PDBS.replace(/app: web/g, 'app: other') })).h;
    assert.doesNotMatch(other?.markdown ?? '', /PodDisruptionBudget/);
    assert.doesNotMatch(hover(WEB('name')).h?.markdown ?? '', /PodDisruptionBudget/);
    assert.doesNotMatch(hover(WEB('image'), workspace({ 'pdb.yaml': PDBS })).h?.markdown ?? '', /PodDisruptionBudget/);
  });
});
