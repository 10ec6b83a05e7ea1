/**
 * The work of a worker thread of `initlens check --jobs N` (cli/checkWorker.ts): index and check
 * the files the main thread gives it, one at a time, answering each with plain data
 * (workerMessages.ts).
 */
import type { Diagnostic } from '../analysis/analyze';
import type { AnalysisOptions, WorkspaceFacts } from '../config/options';
import { documentCrds, giveCrd } from '../schema/crd';
import { crdCatalog } from '../schema/crdFolders';
import type { FileModel } from '../model/file';
import { checkFile, type FileOutcome } from './checkFile';
import { maxBytes, readSourceFile, type Source } from './files';
import type { FromWorker, GivenCrd, ToWorker, WorkerOptions, WorkerSetup } from './workerMessages';
import { definesCrd, indexFile, workspaceFacts } from './workspace';

/** A diagnostic as plain data, with its fixes built only when `fixes` (the output reads them). */
function plain(d: Diagnostic, fixes: boolean): Diagnostic {
  const out: Diagnostic = {
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    span: d.span,
    range: d.range,
    fixes: fixes ? d.fixes.map((f) => ({ title: f.title, safe: f.safe, preferred: f.preferred, edits: f.edits })) : [],
    document: d.document,
  };
  if (d.unsafeFixesOnly) out.unsafeFixesOnly = true;
  return out;
}

/** An outcome as plain data, with what the output reads. */
function transferable(outcome: FileOutcome, setup: WorkerSetup): FileOutcome {
  const report = outcome.report && {
    path: outcome.report.path,
    diagnostics: outcome.report.diagnostics.map((d) => plain(d, setup.fixes)),
    ...(setup.text && outcome.report.text !== undefined ? { text: outcome.report.text } : {}),
  };
  return { ...outcome, ...(report ? { report } : {}) };
}

/** A file's options from what the main thread sent: the `.initlens.yaml` CRD catalog read again from its paths (cached per paths). */
function analysisOptions(options: WorkerOptions): AnalysisOptions {
  const { crdPaths, ...plain } = options;
  return crdPaths ? { ...plain, crdCatalog: crdCatalog(crdPaths) } : plain;
}

/** What a worker does with each message (also run in the main thread when no worker is left). */
export class CheckTasks {
  /** Files indexed here, kept for their check (their models while under `setup.keepChars`). */
  private readonly kept = new Map<number, { source: Source; model?: FileModel }>();
  private keptChars = 0;
  private workspaces: WorkspaceFacts[] = [];

  constructor(private readonly setup: WorkerSetup) {}

  async handle(msg: ToWorker): Promise<FromWorker> {
    const { setup } = this;
    switch (msg.op) {
      case 'index': {
        const indexed = await indexFile(msg.input, setup.settings.maxFileSizeKB, msg.placed);
        if (!indexed) return { op: 'indexed', id: msg.id };
        const keepModel = this.keptChars + indexed.source.text.length <= setup.keepChars;
        if (keepModel) this.keptChars += indexed.source.text.length;
        this.kept.set(msg.id, { source: indexed.source, model: keepModel ? indexed.model : undefined });
        return { op: 'indexed', id: msg.id, objects: indexed.objects, ...(definesCrd(indexed.objects) ? { crdText: indexed.source.text } : {}) };
      }
      case 'crds': {
        const crds: GivenCrd[] = [];
        for (const [id, group, kind] of msg.wanted) {
          for (const placed of this.kept.get(id)?.model?.documents ?? []) {
            for (const c of documentCrds(placed.doc)) if (c.group === group && c.kind === kind) crds.push({ digest: c.digest, group, kind, crd: c.load() });
          }
        }
        return { op: 'crds', crds };
      }
      case 'workspaces': {
        for (const { crd, ...identity } of msg.crds) giveCrd(identity, crd);
        const crdTexts = new Map(msg.crdTexts);
        this.workspaces = msg.workspaces.map((entries) => workspaceFacts(entries, (file) => crdTexts.get(file)));
        return { op: 'ready' };
      }
      case 'check': {
        const { input } = msg;
        const held = this.kept.get(msg.id);
        if (held?.model) this.keptChars -= held.source.text.length;
        this.kept.delete(msg.id);
        const limit = maxBytes(setup.settings.maxFileSizeKB);
        const outcome = await checkFile(
          {
            input,
            // A file not kept is read now (standard input is checked by the main thread).
            read: async () => held?.source ?? readSourceFile(input.file!, limit),
            options: () => analysisOptions(msg.options),
            placed: msg.placed,
            workspace: msg.workspace === undefined ? undefined : this.workspaces[msg.workspace],
            model: held?.model,
          },
          setup.settings,
        );
        return { op: 'checked', id: msg.id, outcome: transferable(outcome, setup) };
      }
    }
  }
}
