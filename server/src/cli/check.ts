/**
 * `initlens check`: reads the files, analyses them (fixing them first with `--fix`), prints the
 * report and returns the exit status. One file's failure never stops the others.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultOptions, type AnalysisOptions, type WorkspaceFacts } from '../config/options';
import { applyRepoSettings, formatProblem, isExcluded, RepoConfigs, type RepoConfig } from '../repoConfig';
import type { CheckCommand } from './args';
import { checkFile, cleanFolderOf, type FileOutcome, type FileSettings } from './checkFile';
import { checkKustomizeOverlays } from './kustomizeBuild';
import { cliKustomizeGraphs, cliWorkspaces, placementOf, type IndexedFile, type KeptFiles } from './workspace';
import { expandPaths, maxBytes, readSourceFile, readSourceStream, type Input } from './files';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { checkInPool } from './pool';
import type { FileReport } from './report';
import { printable } from './terminal';

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_TROUBLE = 2;

export interface Output {
  write(data: string | Uint8Array): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

/**
 * Without `--jobs`, workers are started from this much input (bytes of the files to check): each
 * costs about 60 ms to start (loading the bundle) and loads the schemas of the kinds it meets,
 * which a smaller input does not win back.
 */
export const POOL_MIN_BYTES = 1024 * 1024;

/** A worker (or the one thread) keeps the models of the workspace files it indexed up to this many characters (about 28 bytes of heap each). */
const KEEP_CHARS = 16 * 1024 * 1024;

/**
 * How many threads (this one and workers) check the inputs: `--jobs N` (at most one per file), else one per core
 * when the files add up to POOL_MIN_BYTES; 1 (none: this thread) when `--fix` could reach a file
 * by two paths (it must be fixed once, then read again).
 */
function workerCount(cmd: CheckCommand, inputs: readonly Input[]): number {
  const files = inputs.flatMap((input) => (input.file !== undefined ? [input.file] : []));
  const jobs = Math.min(cmd.jobs ?? os.availableParallelism(), files.length);
  if (jobs < 2) return 1;
  if (cmd.jobs === undefined) {
    let bytes = 0;
    for (const file of files) {
      try {
        bytes += fs.statSync(file).size;
      } catch {
        // unreadable: its check reports that
      }
    }
    if (bytes < POOL_MIN_BYTES) return 1;
  }
  if (cmd.fix) {
    const real = new Set<string>();
    for (const file of files) {
      let key: string;
      try {
        key = fs.realpathSync(file);
      } catch {
        continue;
      }
      if (real.has(key)) return 1;
      real.add(key);
    }
  }
  return jobs;
}

/** Whether colour is wanted on `out` (https://no-color.org: NO_COLOR set and not empty disables it). */
export function useColor(cmd: CheckCommand, out: Output, env: CliIo['env']): boolean {
  return cmd.format === 'text' && cmd.color && out.isTTY === true && !env.NO_COLOR;
}

export async function runCheck(cmd: CheckCommand, io: CliIo, toolVersion: string): Promise<number> {
  let status = EXIT_OK;
  const trouble = (line: string): void => {
    io.stderr.write(`initlens: ${printable(line)}\n`);
    status = EXIT_TROUBLE;
  };
  const options: AnalysisOptions = { ...defaultOptions(), maxFileSizeKB: cmd.maxFileSizeKB };

  // The repository settings: --config FILE for every input, else each file's nearest .initlens.yaml.
  const configs = new RepoConfigs();
  const reported = new Set<RepoConfig>();
  const configFor = (input: Input, report = trouble): RepoConfig | undefined => {
    if (cmd.config === false) return undefined;
    const config = typeof cmd.config === 'string' ? configs.load(cmd.config) : configs.forFile(input.file ?? path.join(process.cwd(), '-'));
    if (config && !reported.has(config)) {
      reported.add(config);
      for (const p of config.problems) report(formatProblem(config, p, path.relative(process.cwd(), config.file) || config.file));
    }
    return config;
  };
  const optionsFor = (input: Input, report = trouble): AnalysisOptions => {
    const config = configFor(input, report);
    const withRepo = config ? applyRepoSettings(options, config.settings, config.file) : options;
    return cmd.kubernetesVersion ? { ...withRepo, kubernetesVersion: cmd.kubernetesVersion } : withRepo;
  };
  if (typeof cmd.config === 'string') {
    const config = configs.load(cmd.config);
    if (config.text === undefined) {
      trouble(`cannot read --config ${cmd.config}: ${config.problems[0]?.message ?? 'unreadable'}`);
      return EXIT_TROUBLE;
    }
  }

  const expanded = expandPaths(cmd.paths);
  expanded.errors.forEach(trouble);
  // Files the repository excludes are not checked, even when named (pre-commit names each file).
  const inputs = expanded.inputs.filter((input) => {
    if (input.file === undefined) return true;
    const config = configFor(input);
    return !config || !isExcluded(config, input.file);
  });

  const graphs = cliKustomizeGraphs(inputs);
  const placed = new Map(inputs.map((input) => [input, placementOf(input, graphs)]));

  const reports: FileReport[] = [];
  let fixedStdin: Uint8Array | undefined;
  const emit = (outcome: FileOutcome): void => {
    for (const m of outcome.messages) {
      io.stderr.write(m.line);
      if (m.trouble) status = EXIT_TROUBLE;
    }
    if (outcome.report) reports.push(outcome.report);
    if (outcome.fixedStdin) fixedStdin = outcome.fixedStdin;
  };
  const settings: FileSettings = { fix: cmd.fix, force: cmd.force, maxFileSizeKB: cmd.maxFileSizeKB };
  const limit = maxBytes(cmd.maxFileSizeKB);
  const cleaned = new Set<string>();
  const checkHere = (input: Input, workspace?: WorkspaceFacts, kept?: IndexedFile): Promise<FileOutcome> =>
    checkFile(
      {
        input,
        read: async () => kept?.source ?? (input.file !== undefined ? readSourceFile(input.file, limit) : readSourceStream(io.stdin, limit)),
        options: (report) => optionsFor(input, report),
        placed: placed.get(input)!,
        workspace,
        model: kept?.model,
      },
      settings,
    );

  const workers = workerCount(cmd, inputs);
  if (workers > 1) {
    await checkInPool({
      inputs,
      jobs: workers,
      setup: { settings, fixes: cmd.format === 'json' || cmd.format === 'sarif', text: cmd.format === 'sarif', keepChars: KEEP_CHARS },
      workspaces: cmd.workspace !== false,
      optionsFor: (input) => optionsFor(input),
      placedFor: (input) => placed.get(input)!,
      before: (input) => cleanFolderOf(input, settings, cleaned),
      checkHere: (input) => checkHere(input),
      emit,
    });
  } else {
    // The files the workspaces read and parsed are checked from that reading (as a worker does), up to
    // KEEP_CHARS; not with --fix, where one file reached by two paths is fixed once, then read again.
    const keep: KeptFiles = { chars: cmd.fix ? 0 : KEEP_CHARS, files: new Map() };
    const workspaces = cmd.workspace === false ? new Map<Input, WorkspaceFacts>() : await cliWorkspaces(inputs, cmd.maxFileSizeKB, graphs, keep);
    for (const input of inputs) {
      emit({ messages: cleanFolderOf(input, settings, cleaned) });
      const kept = keep.files.get(input);
      keep.files.delete(input);
      emit(await checkHere(input, workspaces.get(input), kept));
    }
  }

  if (cmd.kustomize) reports.push(...(await checkKustomizeOverlays(cmd.kustomize, (file) => optionsFor({ path: file, file }), io.env, trouble)));

  // With `--fix` and `-`, stdout carries the fixed text alone; the report goes to stderr.
  const out = cmd.fix && cmd.paths.includes('-') ? io.stderr : io.stdout;
  switch (cmd.format) {
    case 'json':
      out.write(formatJson(reports));
      break;
    case 'sarif':
      out.write(formatSarif(reports, toolVersion));
      break;
    case 'github':
      out.write(formatGithub(reports));
      break;
    default:
      out.write(formatText(reports, useColor(cmd, out, io.env)));
  }
  if (fixedStdin !== undefined) io.stdout.write(fixedStdin);

  const hasErrors = reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  return status === EXIT_TROUBLE ? EXIT_TROUBLE : hasErrors ? EXIT_ERRORS : EXIT_OK;
}
