/** CRDs of other files: the workspace index keeps only what lookup needs, and reads the schema from the file. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../../server/out/model/document';
import { crdInDocumentText, crdInFileText, documentCrds } from '../../../server/out/schema/crd';
import { customResourceSchema } from '../../../server/out/schema/crdSources';
import { WorkspaceIndex } from '../../../server/out/workspace/index';
import { BACKUP_CRD } from './crdTexts';

describe('CRDs in the workspace index', () => {
  it('keeps name, group, kind and served versions; the schema is read from the file, only while it reads the same', () => {
    const files = new Map([['crds.yaml', `# CRDs\n---\n${BACKUP_CRD}`]]);
    const index = new WorkspaceIndex((f) => files.get(f));
    index.setText('crds.yaml', files.get('crds.yaml')!, 0);
    const crd = index.facts().crd?.('example.com', 'Backup');
    assert.deepEqual(crd && { name: crd.name, group: crd.group, kind: crd.kind, served: crd.served, source: crd.source }, {
      name: 'backups.example.com',
      group: 'example.com',
      kind: 'Backup',
      served: ['v1'],
      source: 'crds.yaml',
    });
    assert.equal(index.facts().crd?.('example.com', 'Restore'), undefined);

    // Changed on disk since it was indexed: no schema (and no stale one), until it reads the same again.
    files.set('crds.yaml', files.get('crds.yaml')!.replace('type: integer', 'type: string'));
    assert.equal(customResourceSchema('example.com/v1', 'Backup', { workspace: index.facts() }), undefined);
    files.set('crds.yaml', `# CRDs\n---\n${BACKUP_CRD}`);
    const found = customResourceSchema('example.com/v1', 'Backup', { workspace: index.facts() });
    assert.ok(found && 'schema' in found);
    assert.equal((found.schema.properties?.spec as { properties: Record<string, { type: string }> }).properties.retentionDays.type, 'integer');
    assert.deepEqual(customResourceSchema('example.com/v1beta1', 'Backup', { workspace: index.facts() }), {
      notServed: { crd: 'backups.example.com', served: ['v1'] },
    });

    // Removing the file removes the CRD and changes the key the findings are cached under.
    const key = index.facts().key;
    assert.equal(index.removeFile('crds.yaml'), true);
    assert.notEqual(index.facts().key, key);
    assert.equal(index.facts().crd?.('example.com', 'Backup'), undefined);
  });
});

describe('a CRD read again while its document is parsed', () => {
  it('reads in its own file, from another file and from its text the same, as go-yaml reads it (aliases, merge keys, a List, escapes)', () => {
    const anchored = BACKUP_CRD.replace(
      '              type: object\n              required',
      '              type: object\n              x-anchor: &base {type: string}\n              required',
    ).replace(
      '                schedule:\n                  type: string',
      '                schedule:\n                  <<: *base\n                  pattern: "^\\\\S"',
    );
    const list = `apiVersion: v1\nkind: List\nitems:\n  - ${BACKUP_CRD.replace(/\n/g, '\n    ').trimEnd()}\n`;
    const escaped = BACKUP_CRD.replace('description: When to back up, in cron syntax.', 'description: "it\\\'s cron"');
    for (const text of [BACKUP_CRD, anchored, list, escaped]) {
      const doc = parseDocument(text);
      const [crd] = documentCrds(doc);
      assert.ok(crd, text);
      const fromText = crdInDocumentText(text, 'example.com', 'Backup');
      assert.ok(fromText, text);
      // `doc` is alive here: the index's reading of the file may take its tree.
      assert.deepEqual(crdInFileText(`# x\n---\n${text}`, 8, text.length, crd), fromText);
      // The same file's reading (a custom resource beside its CRD).
      assert.deepEqual(crd.load(), fromText);
      assert.equal(doc.text, text);
    }
    // `\'` in a double-quoted string is an apostrophe to go-yaml.
    const description = (
      crdInDocumentText(escaped, 'example.com', 'Backup') as {
        spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: { properties: { schedule: { description: string } } } } } } }[] };
      }
    ).spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.schedule.description;
    assert.equal(description, "it's cron");
    // The aliased field reads through its anchor, as `toJS` resolves it.
    const anchoredDoc = parseDocument(anchored);
    const read = crdInFileText(anchored, 0, anchored.length, documentCrds(anchoredDoc)[0]) as {
      spec: { versions: { schema: { openAPIV3Schema: unknown } }[] };
    };
    assert.deepEqual(
      (read.spec.versions[0].schema.openAPIV3Schema as { properties: { spec: { properties: { schedule: unknown } } } }).properties.spec.properties.schedule,
      { type: 'string', pattern: '^\\S', description: 'When to back up, in cron syntax.' },
    );
  });
});
