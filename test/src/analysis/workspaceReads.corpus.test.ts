/**
 * A document's findings are kept across a change of the workspace index unless the change
 * touched what they read: after each change below, the analysis of every file of the corpus
 * (indexed as one workspace) from models analysed before (their findings kept where their reads
 * still hold) equals, byte for byte as JSON, a full analysis of the same text. The full one is
 * forced by options whose key differs from every earlier one (a severity for a rule id that does
 * not exist: it changes no finding), over models parsed apart.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../../server/out/analysis/analyze';
import { defaultOptions, type AnalysisOptions } from '../../../server/out/config/options';
import { parseFile, type FileModel } from '../../../server/out/model/file';
import { WorkspaceIndex, type IndexedObject } from '../../../server/out/workspace/index';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

interface Change {
  what: string;
  /** The file it edits, and its text after (undefined: the file is removed from the workspace). */
  file: string;
  text: string | undefined;
}

test(
  'findings kept across workspace changes equal a full analysis, over the corpus',
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  async () => {
    const files = fs
      .readdirSync(CORPUS)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    assert.ok(files.length > 600, `expected the corpus's ~650 files, found ${files.length}`);
    const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(CORPUS, f), 'utf8')]));
    const index = new WorkspaceIndex((f) => texts.get(f));
    const kept = new Map<string, FileModel>();
    const apart = new Map<string, FileModel>();
    for (const [f, text] of texts) {
      kept.set(f, parseFile(text));
      apart.set(f, parseFile(text));
      index.setFile(f, kept.get(f)!);
    }

    // The first file (in name order) defining an object the rules read, by what it defines.
    const definer = (what: (o: IndexedObject) => boolean): string => {
      const f = files.find((file) => index.objectsOf(file).some(what));
      assert.ok(f, 'the corpus has such a file');
      return f;
    };
    const renamed = (file: string, kind: string): string => {
      const o = index.objectsOf(file).find((x) => x.kind === kind)!;
      const text = texts.get(file)!;
      const at = text.indexOf(`name: ${o.name}`);
      assert.ok(at >= 0, `${file}: its ${kind} is named on a line`);
      return `${text.slice(0, at)}name: ${o.name}-x${text.slice(at + `name: ${o.name}`.length)}`;
    };
    const service = definer((o) => o.kind === 'Service' && o.namespace === 'default' && (o.ports?.length ?? 0) > 0);
    const configMap = definer((o) => o.kind === 'ConfigMap' && o.namespace === 'default');
    const secret = definer((o) => o.kind === 'Secret');
    const account = definer((o) => o.kind === 'ServiceAccount' && o.namespace === 'default');
    const autoscaler = definer((o) => o.kind === 'HorizontalPodAutoscaler' && o.target !== undefined);
    const crd = definer((o) => o.crd !== undefined);
    const pods = definer((o) => o.pod !== undefined && o.namespace === 'default' && o.pod.ports.length > 0);
    const changes: Change[] = [
      { what: 'a Service renamed', file: service, text: renamed(service, 'Service') },
      { what: 'its file removed', file: service, text: undefined },
      { what: 'its file back', file: service, text: texts.get(service) },
      { what: 'a ConfigMap renamed', file: configMap, text: renamed(configMap, 'ConfigMap') },
      { what: 'a Secret’s file removed', file: secret, text: undefined },
      { what: 'a ServiceAccount’s file removed', file: account, text: undefined },
      { what: 'an autoscaler’s file removed', file: autoscaler, text: undefined },
      { what: 'a CRD’s file removed', file: crd, text: undefined },
      { what: 'a workload with ports removed', file: pods, text: undefined },
      { what: 'everything back', file: '', text: undefined },
    ];

    let forced = 0;
    const analyseAll = async (options: AnalysisOptions, models: Map<string, FileModel>): Promise<Map<string, string>> => {
      const out = new Map<string, string>();
      for (const [f, model] of models) out.set(f, JSON.stringify((await analyzeFile(model, options))!.diagnostics));
      return out;
    };
    const compare = async (what: string): Promise<Map<string, string>> => {
      const options = { ...defaultOptions(), workspace: index.facts() };
      const incremental = await analyseAll(options, kept);
      const full = await analyseAll({ ...options, severities: { [`no-such-rule-${forced++}`]: 'warning' } }, apart);
      for (const [f, json] of full) assert.equal(incremental.get(f), json, `${what}: ${f}`);
      return incremental;
    };

    const before = await compare('the workspace as read');
    let changedFiles = 0;
    for (const change of changes) {
      // The files this edits, and their texts after (undefined: removed from the workspace).
      const edits: [string, string | undefined][] =
        change.what === 'everything back'
          ? [...new Set(changes.map((c) => c.file).filter((f) => f))].map((f) => [f, texts.get(f)])
          : [[change.file, change.text]];
      for (const [file, text] of edits) {
        if (text === undefined) {
          index.removeFile(file);
          kept.delete(file);
          apart.delete(file);
          continue;
        }
        const model = parseFile(text, kept.get(file)?.cache);
        kept.set(file, model);
        apart.set(file, parseFile(text));
        index.setFile(file, model);
      }
      const now = await compare(change.what);
      for (const [f, json] of now) if (f !== change.file && before.get(f) !== json) changedFiles++;
    }
    // The changes reach other files' findings (else nothing above tells a kept finding from a fresh one).
    assert.ok(changedFiles >= 3, `the changes changed the findings of ${changedFiles} other files`);
  },
);
