/**
 * One file of `initlens check`: read it, fix it with `--fix`, analyse it. What it prints is
 * collected in a `FileOutcome` (stderr lines, the report, the fixed standard input) so that the
 * check loop prints the files' outcomes in input order whichever thread checked them
 * (`check.ts` in the main thread, `checkWorker.ts` in a worker).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, analyzeText, type Diagnostic, type FileAnalysis } from '../analysis/analyze';
import { fixText } from '../analysis/fixAll';
import type { AnalysisOptions, WorkspaceFacts } from '../config/options';
import type { KustomizeOptions } from '../kustomize';
import { tooLargeReason, type FileModel } from '../model/file';
import { NOT_ANALYSED } from '../rules/engine';
import { ceilingReason, describeError, MAX_FILE_BYTES, maxBytes, type Input, type Source } from './files';
import { ChangedOnDiskError, realPathOutside, removeStaleTemporaries, writeFileAtomic } from './fix';
import { readOnlyReason } from './ownership';
import type { FileReport } from './report';
import { printable } from './terminal';

/** The command-line settings a file's check reads. */
export interface FileSettings {
  fix: boolean;
  force?: boolean;
  maxFileSizeKB: number;
}

/** A line for stderr, newline included; a `trouble` line makes the exit status 2. */
export interface Message {
  line: string;
  trouble?: true;
}

/** What checking one file printed and found, in the order a single thread prints it. */
export interface FileOutcome {
  messages: Message[];
  /** Absent when the file could not be read (a trouble message says so). */
  report?: FileReport;
  /** With `--fix` on standard input: the fixed bytes, for stdout. */
  fixedStdin?: Uint8Array;
}

/** How one file is read and what it is analysed with. */
export interface FileJob {
  input: Input;
  /** The file's content (standard input for `-`); throws when it cannot be read. */
  read(): Promise<Source>;
  /** The analysis options of the file (its repository settings and flags); `trouble` reports a problem in them. */
  options(trouble: (line: string) => void): AnalysisOptions;
  /** What the kustomizations say of the file (cli/workspace.ts `placementOf`). */
  placed: KustomizeOptions;
  /** The file's workspace, when it has one (cli/workspace.ts). */
  workspace?: WorkspaceFacts;
  /** The model of the text `read` returns, when it was already parsed (for the workspace index). */
  model?: FileModel;
}

function tooLarge(maxFileSizeKB: number): Diagnostic {
  return {
    rule: NOT_ANALYSED.id,
    severity: NOT_ANALYSED.defaultSeverity,
    message: maxFileSizeKB > 0 && maxFileSizeKB * 1024 <= MAX_FILE_BYTES ? tooLargeReason(maxFileSizeKB) : ceilingReason(),
    span: { start: 0, end: 0 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fixes: [],
    document: -1,
  };
}

function encode(source: Source, text: string): Buffer {
  return Buffer.from(source.bom ? `\uFEFF${text}` : text, 'utf8');
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `initlens: <text>` as a stderr line. */
export function troubleLine(text: string): Message {
  return { line: `initlens: ${printable(text)}\n`, trouble: true };
}

function note(text: string): Message {
  return { line: `initlens: ${printable(text)}\n` };
}

/**
 * With `--fix`: removes the temporary files an interrupted `--fix` left in the folder `input` is
 * written to, the first time a file of that folder comes (`cleaned` remembers the folders); the
 * lines saying so.
 */
export function cleanFolderOf(input: Input, settings: FileSettings, cleaned: Set<string>): Message[] {
  if (!settings.fix || input.file === undefined) return [];
  // --fix never writes through a link found in a directory that points out of it.
  if (input.under !== undefined && realPathOutside(input.file, input.under)) return [];
  let dir: string | undefined;
  try {
    dir = path.dirname(fs.realpathSync(input.file));
  } catch {
    return []; // unreadable: its check reports that
  }
  if (cleaned.has(dir)) return [];
  cleaned.add(dir);
  return removeStaleTemporaries(dir).map((name) => note(`removed ${path.join(dir, name)}, left by an interrupted --fix`));
}

/** The analysis of a file not fixed: of its model, when it was parsed already. */
async function analyse(model: FileModel | undefined, text: string, options: AnalysisOptions): Promise<FileAnalysis> {
  const analysed = model && (await analyzeFile(model, options));
  return analysed ?? analyzeText(text, options);
}

/** Checks one file; never throws (a failure is a trouble message in the outcome). */
export async function checkFile(job: FileJob, settings: FileSettings): Promise<FileOutcome> {
  const outcome: FileOutcome = { messages: [] };
  try {
    await check(job, settings, outcome);
  } catch (e) {
    outcome.messages.push(troubleLine(`failed to check ${job.input.path}: ${message(e)}`));
  }
  return outcome;
}

async function check(job: FileJob, settings: FileSettings, outcome: FileOutcome): Promise<void> {
  const { input } = job;
  const say = (m: Message): void => {
    outcome.messages.push(m);
  };
  const trouble = (text: string): void => say(troubleLine(text));
  const outside = settings.fix && input.file !== undefined && input.under !== undefined ? realPathOutside(input.file, input.under) : undefined;
  const limit = maxBytes(settings.maxFileSizeKB);
  let source: Source;
  try {
    source = await job.read();
  } catch (e) {
    trouble(`cannot read ${input.path}: ${describeError(e)}`);
    return;
  }
  if (source.tooLarge) {
    if (settings.fix && input.file === undefined) {
      trouble(`cannot fix standard input: it is larger than ${limit / 1024} KB${limit < MAX_FILE_BYTES ? ' (--max-file-size-kb)' : ''}`);
      return;
    }
    outcome.report = { path: input.path, diagnostics: [tooLarge(settings.maxFileSizeKB)] };
    return;
  }
  const baseOptions = job.options(trouble);
  const fileOptions: AnalysisOptions = input.file !== undefined ? { ...baseOptions, ...job.placed, workspace: job.workspace } : baseOptions;
  let analysis: Pick<FileAnalysis, 'diagnostics' | 'failures'> | undefined;
  let fixedText = source.text;
  if (settings.fix) {
    const fixed = await fixText(source.text, fileOptions);
    analysis = fixed.analysis;
    fixedText = fixed.text;
    // A read-only file is left alone unless --force (ownership.ts).
    const readOnly = input.file !== undefined && !settings.force ? readOnlyReason(input.file, source.mode ?? 0o644) : undefined;
    if (input.file === undefined) {
      outcome.fixedStdin = encode(source, fixed.text);
    } else if (fixed.text !== source.text && source.regular === false) {
      say(note(`not fixing ${input.path}: it is not a regular file`));
      analysis = undefined; // the file keeps its findings: report those
    } else if (fixed.text !== source.text && outside !== undefined) {
      say(note(`not fixing ${input.path}: it is a symbolic link to ${outside}, outside ${input.under}`));
      analysis = undefined; // the file keeps its findings: report those
    } else if (fixed.text !== source.text && readOnly !== undefined) {
      say(note(`not fixing ${input.path}: ${readOnly}; --force fixes it anyway`));
      analysis = undefined; // the file keeps its findings: report those
    } else if (fixed.text !== source.text) {
      try {
        const lost = writeFileAtomic(input.file, encode(source, fixed.text), source.mode ?? 0o644, source.sha256);
        if (lost !== undefined) say(note(`fixed ${input.path}, but ${lost}`));
      } catch (e) {
        trouble(
          e instanceof ChangedOnDiskError
            ? `not fixing ${input.path}: it changed on disk since it was read`
            : `cannot write ${input.path}: ${describeError(e)}`,
        );
        analysis = undefined; // the file keeps its findings: report those
      }
    }
    if (analysis) {
      for (const { diagnostic: d, fix } of fixed.applied) {
        say({ line: `${printable(`fixed ${input.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule}: ${fix.title}`)}\n` });
      }
      for (const { diagnostic: d, fix, reason } of fixed.skipped) {
        say({
          line: `${printable(`not fixed ${input.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule}: ${fix.title}: with the other fixes it would add ${reason}`)}\n`,
        });
      }
    }
  }
  const { diagnostics, failures } = analysis ?? (await analyse(job.model, source.text, fileOptions));
  for (const f of failures) trouble(`rule ${f.rule} failed on ${input.path}: ${f.error.split('\n')[0]}`);
  outcome.report = { path: input.path, diagnostics, text: analysis ? fixedText : source.text };
}
