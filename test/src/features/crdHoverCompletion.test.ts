/**
 * Hover and completion in a custom resource from its CustomResourceDefinition: in the same file,
 * and in another file of the workspace (the index reading the CRD's file on first need).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeatureOptions } from '../../../server/out/features/context';
import { completionsAt } from '../../../server/out/features/completion/index';
import { hoverAt } from '../../../server/out/features/hover/index';
import { parseFile } from '../../../server/out/model/file';
import { WorkspaceIndex } from '../../../server/out/workspace/index';
import { BACKUP_CRD } from '../schema/crdTexts';
import { parseMarkers } from './markers';

const V135 = { major: 1, minor: 35 };

const CR = (spec: string) => `apiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\nspec:\n${spec}`;

/** The CRD in the same file, before the custom resource. */
function sameFile(marked: string) {
  const { text, cursor } = parseMarkers(`${BACKUP_CRD}---\n${marked}`);
  return { model: parseFile(text), cursor, options: { kubernetesVersion: V135 } as FeatureOptions };
}

/** The CRD in `crds.yaml` of the workspace, the custom resource alone in its file. */
function otherFile(marked: string) {
  const { text, cursor } = parseMarkers(marked);
  const files = new Map([['crds.yaml', BACKUP_CRD]]);
  const index = new WorkspaceIndex((f) => files.get(f));
  index.setText('crds.yaml', BACKUP_CRD, 0);
  return { model: parseFile(text), cursor, options: { kubernetesVersion: V135, workspace: index.facts() } as FeatureOptions };
}

describe('hover in a custom resource', () => {
  it("shows the CRD's description, type, default and whether the field is required", () => {
    const { model, cursor, options } = sameFile(CR('  retentionDays: ⦚30\n  schedule: x\n'));
    assert.equal(
      hoverAt(model, cursor, options)?.markdown,
      [
        '**`spec.retentionDays`** · `integer`',
        'How many days a backup is kept.',
        'Default: `7`',
        'From the CustomResourceDefinition of Backup in this file.',
      ].join('\n\n'),
    );
    const required = sameFile(CR('  sche⦚dule: x\n'));
    assert.equal(
      hoverAt(required.model, required.cursor, required.options)?.markdown,
      ['**`spec.schedule`** · `string` · required', 'When to back up, in cron syntax.', 'From the CustomResourceDefinition of Backup in this file.'].join(
        '\n\n',
      ),
    );
  });

  it('names the allowed values, and where unknown fields are kept', () => {
    const { model, cursor, options } = sameFile(CR('  storageClass: c⦚old\n  options:\n    compress: true\n'));
    assert.ok(hoverAt(model, cursor, options)?.markdown.includes('Allowed: `"standard"`, `"cold"`'));
    const kept = sameFile(CR('  options:\n    compr⦚ess: true\n'));
    assert.equal(
      hoverAt(kept.model, kept.cursor, kept.options)?.markdown,
      '**`spec.options.compress`**\n\nNot in the schema of Backup: kept as written (`x-kubernetes-preserve-unknown-fields` on `spec.options`).',
    );
    const options2 = sameFile(CR('  opti⦚ons: {}\n'));
    assert.ok(hoverAt(options2.model, options2.cursor, options2.options)?.markdown.includes('Fields the schema does not name are kept as written'));
  });

  it('reads a CRD of another file of the workspace, and says which', () => {
    const { model, cursor, options } = otherFile(CR('  retentionDays: ⦚30\n'));
    assert.ok(hoverAt(model, cursor, options)?.markdown.endsWith('From the CustomResourceDefinition of Backup in `crds.yaml`.'));
    // Without the workspace: nothing is known of Backup.
    assert.equal(hoverAt(model, cursor, { kubernetesVersion: V135 }), undefined);
  });

  it('says nothing for a version the CRD does not serve', () => {
    const { model, cursor, options } = sameFile(CR('  retentionDays: ⦚30\n').replace('example.com/v1', 'example.com/v1beta1'));
    assert.equal(hoverAt(model, cursor, options), undefined);
  });
});

describe('completion in a custom resource', () => {
  it("offers the CRD's fields not written yet, required first", () => {
    const { model, cursor, options } = sameFile(CR('  storageClass: cold\n  ⦚\n'));
    assert.deepEqual(
      completionsAt(model, cursor, options).map((i) => i.label),
      ['schedule', 'retentionDays', 'options'],
    );
  });

  it("offers an enum's values, from a CRD of another file", () => {
    const { model, cursor, options } = otherFile(CR('  storageClass: ⦚\n'));
    assert.deepEqual(
      completionsAt(model, cursor, options).map((i) => i.label),
      ['standard', 'cold'],
    );
    assert.deepEqual(completionsAt(model, cursor, { kubernetesVersion: V135 }), []);
  });
});
