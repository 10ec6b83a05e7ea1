/** `initlens check`: custom resources checked against a CustomResourceDefinition of another file (the real process). */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { initlens, treesPerTest } from './helpers';
import { BACKUP, BACKUP_CRD, RETENTION_MESSAGE } from '../schema/crdTexts';

const tree = treesPerTest();
const FINDING = `backup.yaml:6:18: error schema: ${RETENTION_MESSAGE}`;

describe('initlens check: a custom resource and its CRD', () => {
  it("checks a custom resource against a CRD elsewhere in the directory (a chart's crds/ folder)", () => {
    const dir = tree({ 'chart/crds/backups.yaml': BACKUP_CRD, 'backup.yaml': BACKUP });
    assert.deepEqual(initlens(['check', '.'], { cwd: dir }), { status: 1, stdout: `${FINDING}\n1 error in 2 files\n`, stderr: '' });
  });

  it('says nothing of a custom resource whose CRD is not in the workspace', () => {
    const dir = tree({ 'backup.yaml': BACKUP });
    assert.equal(initlens(['check', '.'], { cwd: dir }).stdout, 'no problems in 1 file\n');
  });
});

describe('initlens check: CRD folders named by .initlens.yaml', () => {
  it('checks a file given alone against the CRDs of the folders `crds:` names, relative to the config', () => {
    const dir = tree({
      'app/.initlens.yaml': 'crds:\n  - ../shared/crds\n',
      'shared/crds/nested/backups.yaml': BACKUP_CRD,
      'app/backup.yaml': BACKUP,
    });
    assert.deepEqual(initlens(['check', 'backup.yaml'], { cwd: `${dir}/app` }), { status: 1, stdout: `${FINDING}\n1 error in 1 file\n`, stderr: '' });
  });

  it('a CRD of the workspace wins over one of a configured folder', () => {
    const older = BACKUP_CRD.replace('type: integer', 'type: string');
    const dir = tree({ '.initlens.yaml': 'crds: [vendor/crds.yaml]\n', 'vendor/crds.yaml': older, 'crds/backups.yaml': BACKUP_CRD, 'backup.yaml': BACKUP });
    assert.equal(initlens(['check', 'backup.yaml', 'crds/backups.yaml'], { cwd: dir }).stdout, `${FINDING}\n1 error in 2 files\n`);
    // Alone, the configured one applies: "seven" is a string there.
    assert.equal(initlens(['check', 'backup.yaml'], { cwd: dir }).stdout, 'no problems in 1 file\n');
  });

  it('a `crds` that is not a list is a problem of the config file', () => {
    const dir = tree({ '.initlens.yaml': 'crds: deploy/crds\n', 'backup.yaml': BACKUP });
    const r = initlens(['check', 'backup.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\.initlens\.yaml:1:7: crds must be a list of folders or files \(of CustomResourceDefinitions\)/);
  });
});
