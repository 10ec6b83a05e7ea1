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
