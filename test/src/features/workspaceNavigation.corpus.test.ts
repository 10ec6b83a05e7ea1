/**
 * Navigation across files over the real corpus (../shared/corpus/real) taken as one workspace:
 * from every reference the index holds, definition lands on the object's name (or key) and
 * references find the reference again; every Secret, ConfigMap and Service the corpus defines and
 * references (and one in five of the others) is renamed (to a fresh name), and either the rename is refused with a message or, applied, every
 * changed file parses with no new error and the workspace indexed again finds the renamed object
 * with as many references as before and none left to the old name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultOptions } from '../../../server/out/config/options';
import { applyEdits } from '../../../server/out/edits/yamlEdit';
import { hoverAt } from '../../../server/out/features/hover/index';
import { workspaceDefinition, workspaceReferences, type WorkspaceView } from '../../../server/out/features/workspaceNavigation';
import { workspaceRename } from '../../../server/out/features/workspaceRename';
import { parseFile, type FileModel } from '../../../server/out/model/file';
import { LineIndex } from '../../../server/out/model/text';
import { placeRange, WorkspaceIndex, type Place } from '../../../server/out/workspace/index';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');
const LIMIT_KB = 1024;

function errors(model: FileModel): number {
  return model.documents.reduce((n, d) => n + d.doc.syntaxIssues.filter((i) => i.severity === 'error').length, 0);
}

test(
  'navigation across files over the real-world corpus: definitions on names, renames checked by indexing again',
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  () => {
    const texts = new Map<string, string>();
    for (const f of fs
      .readdirSync(CORPUS)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort())
      texts.set(f, fs.readFileSync(path.join(CORPUS, f), 'utf8'));
    assert.ok(texts.size > 600, `expected the corpus's ~650 files, found ${texts.size}`);
    const index = new WorkspaceIndex();
    for (const [file, text] of texts) index.setText(file, text, LIMIT_KB);
    const view: WorkspaceView = { index, namespaceOf: () => undefined, read: (f) => texts.get(f), maxFileSizeKB: LIMIT_KB };
    const lineIndexes = new Map<string, LineIndex>();
    const linesOf = (f: string) => lineIndexes.get(f) ?? lineIndexes.set(f, new LineIndex(texts.get(f)!)).get(f)!;
    const models = new Map<string, FileModel>();
    const modelOf = (f: string) => models.get(f) ?? models.set(f, parseFile(texts.get(f)!, undefined, { maxFileSizeKB: LIMIT_KB })).get(f)!;
    const offsetOf = (f: string, p: Place) => linesOf(f).offsetAt(placeRange(p).start);
    const textAt = (f: string, r: ReturnType<typeof placeRange>) => {
      const lines = linesOf(f);
      return texts.get(f)!.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
    };
    const problems: string[] = [];
    let refs = 0;
    let resolved = 0;
    for (const e of view.index.entries()) {
      for (const r of e.refs) {
        refs++;
        const offset = offsetOf(e.file, r.at);
        const model = modelOf(e.file);
        const found = workspaceDefinition(view, e.file, model, offset);
        for (const d of found) {
          const text = textAt(d.file, d.range);
          if (text !== (r.key ?? r.name))
            problems.push(`${e.file}: definition of ${r.kind} ${r.name}${r.key ? ` key ${r.key}` : ''} lands on ${JSON.stringify(text)}`);
        }
        if (found.length > 0) resolved++;
        const back = workspaceReferences(view, e.file, model, offset, false);
        if (!back.some((p) => p.file === e.file && JSON.stringify(p.range) === JSON.stringify(placeRange(r.at))))
          problems.push(`${e.file}: references from ${r.kind} ${r.name} do not find the reference itself`);
        hoverAt(model, offset, defaultOptions(), undefined, { files: () => view.index.entries() });
      }
    }
    assert.ok(refs > 100 && resolved > 20, `only ${refs} references, ${resolved} resolved`);

    let renamed = 0;
    let refused = 0;
    let n = 0;
    for (const o of [...view.index.objects()]) {
      if (!['Secret', 'ConfigMap', 'Service'].includes(o.kind) || o.at === undefined) continue;
      const to = `xnav-${n++}`;
      const offset = offsetOf(o.file, o.at);
      const before = workspaceReferences(view, o.file, modelOf(o.file), offset, false).length;
      // Every referenced object, and one in five of the others (a rename there edits one name: the time goes to the rest).
      if (before === 0 && n % 5 !== 0) continue;
      const result = workspaceRename(view, o.file, modelOf(o.file), offset, to);
      if (!result) {
        problems.push(`${o.file}: no rename for ${o.kind} ${o.name}`);
        continue;
      }
      if ('error' in result) {
        refused++;
        if (!result.error.startsWith(`cannot rename ${o.kind} "${o.name}": `)) problems.push(`${o.file}: ${result.error}`);
        continue;
      }
      renamed++;
      const after = new Map(texts);
      for (const c of result.changes) {
        const text = applyEdits(c.text, c.edits);
        if (errors(parseFile(text)) > errors(parseFile(c.text))) problems.push(`${c.file}: renaming ${o.kind} ${o.name} adds a syntax error`);
        after.set(c.file, text);
      }
      // The changed files indexed again (and back afterwards): the renamed object and its references.
      for (const c of result.changes) view.index.setText(c.file, after.get(c.file)!, LIMIT_KB);
      const again: WorkspaceView = { ...view, read: (f) => after.get(f) };
      const model = parseFile(after.get(o.file)!);
      const at = view.index.objectsOf(o.file).find((x) => x.kind === o.kind && x.name === to && x.namespace === o.namespace);
      if (!at || at.at === undefined) problems.push(`${o.file}: ${o.kind} ${o.name} renamed is not found as ${to}`);
      else {
        const newOffset = new LineIndex(after.get(o.file)!).offsetAt(placeRange(at.at).start);
        const count = workspaceReferences(again, o.file, model, newOffset, false).length;
        if (count !== before) problems.push(`${o.file}: ${o.kind} ${o.name} had ${before} references, renamed ${count}`);
      }
      for (const c of result.changes) view.index.setText(c.file, texts.get(c.file)!, LIMIT_KB);
    }
    assert.deepEqual(problems, []);
    assert.ok(renamed > 30, `only ${renamed} renamed (${refused} refused)`);
  },
);
