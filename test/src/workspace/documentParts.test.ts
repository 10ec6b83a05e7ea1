/**
 * The workspace index keeps what each document gives it (objects, references) with the document,
 * so an edit recomputes only the documents it changed or moved. Each step below edits the file
 * the way a user would; after each, what the index holds (kept from the previous steps) must be
 * what a fresh parse and a fresh index give: the same objects at the same places, the same
 * references, the same key, and the same definitions for the rules (the first one winning).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KustomizeRendering, WorkspaceFacts } from '../../../server/out/config/options';
import { compactModel, parseFile, type FileModel } from '../../../server/out/model/file';
import { fileObjects, fileRefs, REFERENCED_KINDS, WorkspaceIndex } from '../../../server/out/workspace/index';

const FILE = '/repo/app.yaml';
const OTHER = '/repo/other.yaml';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: wait
          image: busybox:1.36
          command: [sh, -c, "until nc -z db 5432; do sleep 1; done"]
      containers:
        - name: app
          image: example/web:1.0
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: password}
          envFrom:
            - configMapRef: {name: settings}
`;
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
stringData:
  password: x
  user: y
`;
const SETTINGS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  first: "1"
`;
const SETTINGS_AGAIN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  second: "2"
`;
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Backup, plural: backups}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
`;
const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 4
`;
const CLAIM = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
`;

const TOOL = `apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  serviceAccountName: tool
  containers:
    - name: tool
      image: busybox:1.36
      envFrom:
        - secretRef: {name: tool}
`;

const join = (...docs: string[]) => docs.join('---\n');
const BASE = join(SERVICE, DEPLOYMENT, SECRET, SETTINGS, CRD, SETTINGS_AGAIN, HPA, TOOL);

interface Step {
  name: string;
  edit: (text: string) => string;
  /** The edit changes nothing the rules read: every stamp stays. */
  unread?: true;
  namespace?: string;
  kustomize?: readonly KustomizeRendering[];
}

const replaceOnce = (from: string, to: string) => (text: string) => {
  assert.ok(text.includes(from), `the text holds ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

/** Applied in turn, each to the text the previous one left. */
const STEPS: Step[] = [
  { name: 'nothing changed', edit: (t) => t, unread: true },
  {
    name: 'a character of a name in the middle document',
    edit: replaceOnce('name: db\n  namespace: shop\nstringData', 'name: dc\n  namespace: shop\nstringData'),
  },
  { name: 'a field no one reads (an image tag)', edit: replaceOnce('example/web:1.0', 'example/web:1.1'), unread: true },
  {
    name: 'a line added to the first document (every later one moves)',
    edit: replaceOnce('  name: web\n  namespace: shop\nspec:\n  selector', '  name: web\n  namespace: shop\n  labels: {tier: front}\nspec:\n  selector'),
    unread: true,
  },
  {
    name: 'characters added on a line of the first document (the CRD moves, no line does)',
    edit: replaceOnce('{tier: front}', '{tier: frontend}'),
    unread: true,
  },
  { name: 'a document inserted before the others', edit: (t) => join(CLAIM, t) },
  { name: 'a Service port renamed', edit: replaceOnce('    - name: http\n      port: 80', '    - name: web\n      port: 80') },
  { name: 'the Secret deleted', edit: replaceOnce(`---\n${SECRET.replace('name: db', 'name: dc')}`, '') },
  { name: "a manifest's namespace changed", edit: replaceOnce('  name: web\n  namespace: shop\n  labels', '  name: web\n  namespace: store\n  labels') },
  { name: "the file's namespace given", edit: (t) => t, namespace: 'shop' },
  { name: "the file's namespace changed", edit: (t) => t, namespace: 'store' },
  {
    name: 'the first of two definitions of a name renamed',
    edit: replaceOnce('name: settings\ndata:\n  first', 'name: settings-old\ndata:\n  first'),
    namespace: 'store',
  },
  { name: 'and named back (it wins again)', edit: replaceOnce('name: settings-old', 'name: settings'), namespace: 'store' },
  {
    name: 'rendered by two overlays',
    edit: (t) => t,
    kustomize: [
      { root: '/repo/overlays/a', namespace: 'a', prefix: 'a-', suffix: '' },
      { root: '/repo/overlays/b', prefix: '', suffix: '-b' },
    ],
  },
  {
    name: 'the same renderings again (new objects, same content)',
    edit: (t) => t,
    unread: true,
    kustomize: [
      { root: '/repo/overlays/a', namespace: 'a', prefix: 'a-', suffix: '' },
      { root: '/repo/overlays/b', prefix: '', suffix: '-b' },
    ],
  },
  { name: 'one overlay left', edit: replaceOnce('maxReplicas: 4', 'maxReplicas: 5'), kustomize: [{ root: '/repo/overlays/b', prefix: '', suffix: '-b' }] },
  { name: 'no overlay, every document moved back by one line', edit: (t) => t.slice(t.indexOf('---\n') + 4) },
  { name: 'a document duplicated (the same text twice)', edit: (t) => join(t, CLAIM, CLAIM) },
  { name: 'the file emptied', edit: () => '' },
  { name: 'everything back', edit: () => BASE },
];

/**
 * What the rules read of an index, places included (a moved object is read at its new line).
 * Names in their order of definition (the first wins); the buckets' names, pods and autoscaled
 * targets sorted (their order follows the history of updates, as it always has).
 */
function rulesView(facts: WorkspaceFacts): unknown {
  const autoscaled = [...facts.autoscaled].sort((a, b) => `${a.namespace}/${a.by}`.localeCompare(`${b.namespace}/${b.by}`));
  const out: Record<string, unknown> = { key: facts.key, autoscaled };
  for (const namespace of ['default', 'shop', 'store', 'a']) {
    for (const kind of REFERENCED_KINDS) {
      const names = facts.objects(kind, namespace);
      if (names) out[`${kind} ${namespace}`] = [...names].sort((a, b) => a[0].localeCompare(b[0]));
    }
    out[`pods ${namespace}`] = [...facts.pods(namespace)].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
  }
  const crd = facts.crd?.('example.com', 'Backup');
  out.crd = crd && { name: crd.name, digest: crd.digest, source: crd.source };
  return out;
}

/** Fields of an object that only features read (where it is, a Service's selector, a generated name's note). */
const PLACES = new Set(['line', 'at', 'keyAt', 'portAt', 'selector', 'generated']);
const forRules = (o: object) => Object.fromEntries(Object.entries(o).filter(([k]) => !PLACES.has(k)));

/** Each question the rules may ask of an index, with its stamp and its answer as the rules read it. */
function stamped(facts: WorkspaceFacts): Map<string, { stamp: number; answer: unknown }> {
  const out = new Map<string, { stamp: number; answer: unknown }>();
  for (const namespace of ['default', 'shop', 'store', 'a']) {
    for (const kind of REFERENCED_KINDS) {
      const names = facts.objects(kind, namespace);
      out.set(`${kind} ${namespace}`, { stamp: facts.stamps.objects(kind, namespace), answer: names && [...names].map(([n, o]) => [n, forRules(o)]) });
    }
    out.set(`pods ${namespace}`, { stamp: facts.stamps.pods(namespace), answer: [...facts.pods(namespace)].map(forRules) });
  }
  out.set('autoscaled', { stamp: facts.stamps.autoscaled, answer: facts.autoscaled });
  const crd = facts.crd?.('example.com', 'Backup');
  out.set('crd', { stamp: facts.stamps.crd, answer: crd && { name: crd.name, digest: crd.digest, source: crd.source } });
  return out;
}

function fresh(text: string, namespace?: string, kustomize?: readonly KustomizeRendering[]) {
  const model = parseFile(text);
  const index = new WorkspaceIndex();
  index.setText(OTHER, SETTINGS.replace('first', 'other'), 0);
  index.setFile(FILE, model, namespace, kustomize);
  return { model, index };
}

/** Every document compacted, as the server does after an analysis (derived data carried over). */
const compacted = (model: FileModel) => compactModel(model, () => true);

for (const compact of [false, true]) {
  describe(`workspace index: parts kept per document${compact ? ', documents compacted after each step' : ''}`, () => {
    it('gives after each edit what a fresh parse and index give', () => {
      const index = new WorkspaceIndex();
      index.setText(OTHER, SETTINGS.replace('first', 'other'), 0);
      let model = parseFile(BASE);
      index.setFile(FILE, model);
      let text = BASE;
      let stamps = stamped(index.facts());
      for (const step of STEPS) {
        text = step.edit(text);
        model = parseFile(text, model.cache);
        const keyBefore = index.facts().key;
        const changed = index.setFile(FILE, model, step.namespace, step.kustomize);
        const expected = fresh(text, step.namespace, step.kustomize);
        const what = `after "${step.name}"`;
        assert.deepEqual(fileObjects(model, FILE, step.namespace, step.kustomize), fileObjects(expected.model, FILE, step.namespace, step.kustomize), what);
        assert.deepEqual(fileRefs(model, step.namespace), fileRefs(expected.model, step.namespace), what);
        assert.deepEqual(index.objectsOf(FILE), expected.index.objectsOf(FILE), what);
        assert.deepEqual([...index.entries()], [...expected.index.entries()], what);
        assert.deepEqual(rulesView(index.facts()), rulesView(expected.index.facts()), what);
        assert.equal(changed, index.facts().key !== keyBefore, `${what}: setFile says whether the key changed`);
        // A stamp that stays promises the same answer; an edit nobody reads keeps every stamp.
        const now = stamped(index.facts());
        for (const [question, { stamp, answer }] of now) {
          const was = stamps.get(question)!;
          if (stamp === was.stamp) assert.deepEqual(answer, was.answer, `${what}: ${question} has the same stamp, so the same answer`);
          else assert.ok(!step.unread, `${what}: the stamp of ${question} changed`);
        }
        stamps = now;
        if (compact) model = compacted(model);
      }
    });
  });
}

describe('workspace index: what an edit changes', () => {
  it('reuses the parts of documents an edit did not touch, and recomputes a moved one', () => {
    const index = new WorkspaceIndex();
    const before = parseFile(BASE);
    index.setFile(FILE, before);
    const objects = index.objectsOf(FILE);
    const after = parseFile(BASE.replace('example/web:1.0', 'example/web:1.1'), before.cache);
    assert.equal(index.setFile(FILE, after), false);
    const kept = index.objectsOf(FILE);
    // The Service (before the edit) and the documents after the Deployment (not moved) are the same objects.
    assert.equal(kept[0], objects[0]);
    assert.notEqual(kept[1], objects[1]);
    assert.deepEqual(kept.slice(2), objects.slice(2));
    for (let i = 2; i < kept.length; i++) assert.equal(kept[i], objects[i]);
    const moved = parseFile(BASE.replace('  selector: {app: web}\n', '  selector: {app: web}\n  type: ClusterIP\n'), after.cache);
    const key = index.facts().key;
    assert.equal(index.setFile(FILE, moved), false);
    assert.equal(index.facts().key, key);
    const shifted = index.objectsOf(FILE);
    // What the rules read is the moved objects, at their lines.
    assert.equal(shifted[2].kind, 'Secret');
    assert.equal(index.facts().objects('Secret', 'shop')?.get('db'), shifted[2]);
    for (let i = 1; i < kept.length; i++) {
      assert.notEqual(shifted[i], kept[i]);
      assert.equal(shifted[i].line, kept[i].line + 1);
    }
  });

  it('the same Secret in two files: when the other file’s definition wins, the stamp changes (messages name the file)', () => {
    const index = new WorkspaceIndex();
    index.setText(FILE, SECRET, 0);
    index.setText(OTHER, SECRET, 0);
    const before = index.facts();
    assert.equal(before.objects('Secret', 'shop')?.get('db')?.file, FILE);
    index.removeFile(FILE);
    const after = index.facts();
    assert.equal(after.objects('Secret', 'shop')?.get('db')?.file, OTHER);
    assert.notEqual(after.stamps.objects('Secret', 'shop'), before.stamps.objects('Secret', 'shop'));
    assert.equal(after.stamps.objects('Service', 'shop'), 0, 'a bucket never filled has stamp 0');
  });

  it('a change of the Service replaces its definition, and the snapshot taken before stays', () => {
    const index = new WorkspaceIndex();
    const before = parseFile(BASE);
    index.setFile(FILE, before);
    const snapshot = index.facts();
    const after = parseFile(BASE.replace('      port: 80', '      port: 8080'), before.cache);
    assert.equal(index.setFile(FILE, after), true);
    assert.deepEqual(
      snapshot
        .objects('Service', 'shop')
        ?.get('web')
        ?.ports?.map((p) => p.port),
      [80],
    );
    assert.deepEqual(
      index
        .facts()
        .objects('Service', 'shop')
        ?.get('web')
        ?.ports?.map((p) => p.port),
      [8080],
    );
    assert.notEqual(index.facts().key, snapshot.key);
    // Closed: read whole from its text again (one part), the same for the rules.
    const key = index.facts().key;
    const objects = index.objectsOf(FILE);
    assert.equal(index.setText(FILE, after.text, 0), false);
    assert.equal(index.facts().key, key);
    assert.deepEqual(index.objectsOf(FILE), objects);
    assert.equal(index.setFile(FILE, after), false);
    assert.equal(index.removeFile(FILE), true);
    assert.equal(index.facts().objects('Service', 'shop'), undefined);
    assert.equal(index.facts().key, '000000000000000');
  });
});
