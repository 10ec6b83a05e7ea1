/**
 * `parseLeading` places the first documents of a text exactly as `parseFile` does, whatever
 * offset it is asked to stop at and whatever was parsed before: every `until` over texts with
 * the splitter's edge cases (`...` lines, directives right before `---`, CR and CRLF line breaks,
 * no final line break, a marker at the very end, comment-only chunks, a broken document).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFile, parseLeading, type LeadingDocuments, type PlacedDocument } from '../../../server/out/model/file';

const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

const TEXTS: Record<string, string> = {
  markers: `# head\n${doc('a')}---\n${doc('b')}...\n---\n${doc('c')}...\n# trailing comment\n---\n${doc('d')}`,
  directives: `${doc('a')}---\n${doc('b')}...\n%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\n${doc('c')}---\n${doc('d')}`,
  crlf: `${doc('a')}---\n${doc('b')}---\n${doc('c')}`.replace(/\n/g, '\r\n'),
  cr: `${doc('a')}---\n${doc('b')}---\n${doc('c')}`.replace(/\n/g, '\r'),
  'no final break': `${doc('a')}---\n${doc('b')}---\nkind: Last`,
  'marker at the end': `${doc('a')}---\n${doc('b')}---`,
  'broken and empty documents': `---\n---\n${doc('a')}---\nkey: [unclosed\n---\n# only a comment\n---\n${doc('b')}`,
};

const layout = (documents: readonly PlacedDocument[]) => documents.map((d) => [d.start, d.startLine, d.doc.text, d.doc.syntaxIssues.length]);

for (const [label, text] of Object.entries(TEXTS)) {
  test(`parseLeading places documents as parseFile does at every offset: ${label}`, () => {
    const whole = layout(parseFile(text).documents);
    for (let until = 0; until <= text.length + 1; until++) {
      const first = parseLeading(text, until)!;
      const got = layout(first.model.documents);
      assert.ok(got.length >= 1, `${label} @${until}: at least one document`);
      assert.deepEqual(got, whole.slice(0, got.length), `${label} @${until}`);
      if (first.complete) assert.equal(got.length, whole.length, `${label} @${until}: complete only with every document`);
      // Every document starting before `until` is there (unless the file ends first).
      assert.ok(
        whole.slice(got.length).every(([start]) => (start as number) >= until),
        `${label} @${until}: nothing before until left out`,
      );
      // Steps from here, one offset at a time, keep the same layout and end complete.
      let step: LeadingDocuments = first;
      while (!step.complete) {
        const last = step.model.documents[step.model.documents.length - 1];
        const next = parseLeading(text, last.start + last.doc.text.length + 1, step)!;
        assert.ok(next.model.documents.length > step.model.documents.length, `${label} @${until}: a step adds a document`);
        assert.deepEqual(layout(next.model.documents), whole.slice(0, next.model.documents.length), `${label} @${until}: a later step`);
        step = next;
      }
      assert.deepEqual(layout(step.model.documents), whole);
      // The whole parse from the steps' cache reuses their documents.
      const reparsed = parseFile(text, step.model.cache);
      reparsed.documents.forEach((d, i) => assert.equal(d.doc, step.model.documents[i].doc, `${label}: document ${i} reused`));
    }
  });
}
