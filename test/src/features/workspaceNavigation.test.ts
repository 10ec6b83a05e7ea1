/**
 * Navigation and rename across files over the workspace index, in-process and data-driven. Each
 * case is a set of files (one holds the cursor `⦚`); a definition case marks the expected places
 * `«…»` in any file, a rename case gives each changed file's text after, or the refusal's message.
 * The same over stdio with files on disk: test/src/lsp/workspaceNavigation.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { workspaceDefinition, workspaceReferences, type WorkspaceView } from '../../../server/out/features/workspaceNavigation';
import { workspaceRename } from '../../../server/out/features/workspaceRename';
import type { KustomizeRendering } from '../../../server/out/config/options';
import { applyEdits } from '../../../server/out/edits/yamlEdit';
import { parseFile } from '../../../server/out/model/file';
import { LineIndex } from '../../../server/out/model/text';
import { WorkspaceIndex } from '../../../server/out/workspace/index';
import { parseMarkers, renderMarkers } from './markers';

/** The files without markers, the cursor's file and offset, the marked spans per file. */
function workspace(marked: Record<string, string>, renderings: Record<string, KustomizeRendering[]> = {}) {
  const texts: Record<string, string> = {};
  const spans: Record<string, { start: number; end: number }[]> = {};
  let cursor: { file: string; offset: number } | undefined;
  const index = new WorkspaceIndex();
  for (const [file, text] of Object.entries(marked)) {
    const m = parseMarkers(text);
    texts[file] = m.text;
    spans[file] = m.spans;
    if (m.cursor >= 0) cursor = { file, offset: m.cursor };
    index.setText(file, m.text, 1, undefined, renderings[file]);
  }
  assert.ok(cursor, 'a case needs a cursor');
  const view: WorkspaceView = { index, namespaceOf: () => undefined, read: (f) => texts[f], maxFileSizeKB: 1 };
  return { texts, spans, cursor, view, model: parseFile(texts[cursor.file]) };
}

/** Every file rendered with its places marked, for one readable comparison. */
function rendered(texts: Record<string, string>, places: Record<string, { start: number; end: number }[]>): string {
  return Object.keys(texts)
    .map((f) => `# ${f}\n${renderMarkers(texts[f], -1, places[f] ?? [])}`)
    .join('\n');
}

function checkDefinition(marked: Record<string, string>, renderings?: Record<string, KustomizeRendering[]>): void {
  const { texts, spans, cursor, view, model } = workspace(marked, renderings);
  const found: Record<string, { start: number; end: number }[]> = {};
  for (const p of workspaceDefinition(view, cursor.file, model, cursor.offset)) {
    const lines = new LineIndex(texts[p.file]);
    (found[p.file] ??= []).push({ start: lines.offsetAt(p.range.start), end: lines.offsetAt(p.range.end) });
  }
  assert.equal(rendered(texts, found), rendered(texts, spans));
}

function checkReferences(marked: Record<string, string>, includeDeclaration: boolean): void {
  const { texts, spans, cursor, view, model } = workspace(marked);
  const found: Record<string, { start: number; end: number }[]> = {};
  for (const p of workspaceReferences(view, cursor.file, model, cursor.offset, includeDeclaration)) {
    const lines = new LineIndex(texts[p.file]);
    (found[p.file] ??= []).push({ start: lines.offsetAt(p.range.start), end: lines.offsetAt(p.range.end) });
  }
  assert.equal(rendered(texts, found), rendered(texts, spans));
}

function checkRename(
  marked: Record<string, string>,
  newName: string,
  expected: Record<string, string> | string,
  renderings?: Record<string, KustomizeRendering[]>,
): void {
  const { texts, cursor, view, model } = workspace(marked, renderings);
  const result = workspaceRename(view, cursor.file, model, cursor.offset, newName);
  assert.ok(result, 'the cursor is on nothing to rename');
  if (typeof expected === 'string') return assert.deepEqual(result, { error: expected });
  assert.ok('changes' in result, JSON.stringify(result));
  const after: Record<string, string> = {};
  for (const c of result.changes) after[c.file] = applyEdits(c.text, c.edits);
  assert.deepEqual(after, expected);
  for (const [file, text] of Object.entries(after)) assert.notEqual(text, texts[file]);
}

const SERVICE_DB = `apiVersion: v1
kind: Service
metadata:
  name: «postgres»
  namespace: db
spec:
  ports:
    - port: 5432
`;

const KUSTOMIZATION = (options: string) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${options}secretGenerator:
  - name: «db-creds»
    literals:
      - «password»=hunter2
`;

/** Two overlays that build a file: one prefixes its names, one leaves them. */
const OVERLAYS: KustomizeRendering[] = [
  { root: 'overlays/prod', prefix: 'prod-', suffix: '' },
  { root: 'overlays/dev', prefix: '', suffix: '' },
];

const POD = (env: string) => `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: app
      image: example/api:1.0
      env:
${env}`;

describe('definition across files', () => {
  test('a host in another namespace, fully qualified, to that namespace’s Service', () =>
    checkDefinition({
      'db.yaml': SERVICE_DB,
      'job.yaml': POD(`        - name: DB_ADDR\n          value: postgres.db.svc.cluster.local:5432\n`).replace(
        '      env:',
        '      command: ["sh", "-c", "pg_isready -h ⦚postgres.db -p 5432"]\n      env:',
      ),
    }));
  test('a secretKeyRef key to a kustomize generator’s literal', () =>
    checkDefinition({
      'kustomization.yaml': KUSTOMIZATION('').replace('«db-creds»', 'db-creds'),
      'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-creds, key: pass⦚word}\n`),
    }));
  test('a name an overlay prefixes: to the name as written, once for all overlays', () =>
    checkDefinition(
      {
        'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: «db-creds»\n',
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-⦚creds, key: password}\n`),
      },
      { 'secret.yaml': OVERLAYS },
    ));
  test('a name no file defines: nothing', () =>
    checkDefinition({ 'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: other⦚, key: password}\n`) }));
});

describe('references across files', () => {
  test('from a generator literal key: the key references, the literal with the declaration', () =>
    checkReferences(
      {
        'kustomization.yaml': KUSTOMIZATION('').replace('«db-creds»', 'db-creds').replace('«password»', 'pass⦚word'),
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-creds, key: «password»}\n`),
      },
      false,
    ));
});

describe('rename across files', () => {
  test('a Service: a qualified host in a script and a host:port in env, in another namespace; quoting kept', () =>
    checkRename(
      {
        'db.yaml': SERVICE_DB.replace('«postgres»', 'postgres'),
        'job.yaml': POD(`        - name: DB_ADDR\n          value: "postgres.db.svc.cluster.local:5432"\n`).replace(
          '      env:',
          '      command: ["sh", "-c", "pg_isready -h ⦚postgres.db -p 5432"]\n      env:',
        ),
      },
      'pg',
      {
        'db.yaml': SERVICE_DB.replace('«postgres»', 'pg'),
        'job.yaml': POD(`        - name: DB_ADDR\n          value: "pg.db.svc.cluster.local:5432"\n`).replace(
          '      env:',
          '      command: ["sh", "-c", "pg_isready -h pg.db -p 5432"]\n      env:',
        ),
      },
    ));
  test('a Service read through $POSTGRES_SERVICE_HOST: the variable follows the new name', () =>
    checkRename(
      {
        'svc.yaml': SERVICE_DB.replace('«postgres»', 'post⦚gres').replace('  namespace: db\n', ''),
        'pod.yaml': POD('').replace('      env:\n', '      command: ["sh", "-c", "nc -z $POSTGRES_SERVICE_HOST 5432"]\n'),
      },
      'pg-main',
      {
        'svc.yaml': SERVICE_DB.replace('«postgres»', 'pg-main').replace('  namespace: db\n', ''),
        'pod.yaml': POD('').replace('      env:\n', '      command: ["sh", "-c", "nc -z $PG_MAIN_SERVICE_HOST 5432"]\n'),
      },
    ));
  test('a Secret a generator makes without a hash suffix: the generator’s name and the references', () =>
    checkRename(
      {
        'kustomization.yaml': KUSTOMIZATION('generatorOptions:\n  disableNameSuffixHash: true\n')
          .replace('«db-creds»', 'db-creds')
          .replace('«password»', 'password'),
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: "db-⦚creds", key: password}\n`),
      },
      'api-db',
      {
        'kustomization.yaml': KUSTOMIZATION('generatorOptions:\n  disableNameSuffixHash: true\n')
          .replace('«db-creds»', 'api-db')
          .replace('«password»', 'password'),
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: "api-db", key: password}\n`),
      },
    ));
  test('refused: a generated name with a content hash', () =>
    checkRename(
      {
        'kustomization.yaml': KUSTOMIZATION('').replace('«db-creds»', 'db-creds').replace('«password»', 'password'),
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-⦚creds, key: password}\n`),
      },
      'api-db',
      'cannot rename Secret "db-creds": it is generated by kustomization.yaml (line 4) and kustomize adds a content hash to the generated name, so references to it are not its name as written',
    ));
  test('refused: a Secret the workspace does not define', () =>
    checkRename(
      { 'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: vault-⦚creds, key: password}\n`) },
      'api-db',
      'cannot rename Secret "vault-creds": the workspace does not define it in namespace "default" (it may come from a chart or a vault), so a rename would point its references at another object',
    ));
  test('refused: a Secret an overlay renders under another name', () =>
    checkRename(
      {
        'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\n',
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-⦚creds, key: password}\n`),
      },
      'api-db',
      'cannot rename Secret "db-creds": a kustomize overlay renders it as "prod-db-creds" (namePrefix/nameSuffix), so references to it are not its name as written',
      { 'secret.yaml': OVERLAYS },
    ));
  test('refused: a file with a YAML syntax error names it', () =>
    checkRename(
      {
        'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\n',
        'broken.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-creds, key: [password}\n`),
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-⦚creds, key: password}\n`),
      },
      'api-db',
      'cannot rename Secret "db-creds": broken.yaml names it on line 12, and that file cannot be edited safely: it has YAML syntax errors',
    ));
  test('refused: a file over the size limit names it', () =>
    checkRename(
      {
        'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\n',
        'big.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-creds, key: password}\n`) + `# ${'x'.repeat(1100)}\n`,
        'pod.yaml': POD(`        - name: PW\n          valueFrom:\n            secretKeyRef: {name: db-⦚creds, key: password}\n`),
      },
      'api-db',
      'cannot rename Secret "db-creds": big.yaml names it on line 12, and that file cannot be edited safely: the file is larger than 1 KB, so it is not analysed (the limit is the setting initlens.maxFileSizeKB, or the option --max-file-size-kb of initlens check)',
    ));
});
