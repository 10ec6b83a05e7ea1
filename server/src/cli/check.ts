/**
 * `initlens check`: reads the files, analyses them (fixing them first with `--fix`), prints the
 * report and returns the exit status. One file's failure never stops the others.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type Diagnostic, type FileAnalysis } from '../analysis/analyze';
import { defaultOptions, type AnalysisOptions, type WorkspaceFacts } from '../config/options';
import { kustomizeOptions } from '../kustomize';
import { tooLargeReason } from '../model/file';
import { applyRepoSettings, formatProblem, isExcluded, RepoConfigs, type RepoConfig } from '../repoConfig';
import { NOT_ANALYSED } from '../rules/engine';
import type { CheckCommand } from './args';
import { checkKustomizeOverlays } from './kustomizeBuild';
import { cliKustomizeGraphs, cliWorkspaces } from './workspace';
import { ceilingReason, describeError, expandPaths, MAX_FILE_BYTES, maxBytes, readSourceFile, readSourceStream, type Input, type Source } from './files';
import { fixText } from '../analysis/fixAll';
import { ChangedOnDiskError, realPathOutside, removeStaleTemporaries, writeFileAtomic } from './fix';
import { formatGithub } from './format/github';
import { readOnlyReason } from './ownership';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
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
  const configFor = (input: Input): RepoConfig | undefined => {
    if (cmd.config === false) return undefined;
    const config = typeof cmd.config === 'string' ? configs.load(cmd.config) : configs.forFile(input.file ?? path.join(process.cwd(), '-'));
    if (config && !reported.has(config)) {
      reported.add(config);
      for (const p of config.problems) trouble(formatProblem(config, p, path.relative(process.cwd(), config.file) || config.file));
    }
    return config;
  };
  const optionsFor = (input: Input): AnalysisOptions => {
    const config = configFor(input);
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
  const workspaces = cmd.workspace === false ? new Map<Input, WorkspaceFacts>() : await cliWorkspaces(inputs, cmd.maxFileSizeKB, graphs);

  const reports: FileReport[] = [];
  let fixedStdin: Buffer | undefined;
  const cleaned = new Set<string>();

  const checkOne = async (input: Input): Promise<void> => {
    // --fix never writes through a link found in a directory that points out of it.
    const outside = cmd.fix && input.file !== undefined && input.under !== undefined ? realPathOutside(input.file, input.under) : undefined;
    if (cmd.fix && input.file !== undefined && !outside) {
      // Temporary files of an interrupted --fix in the folder this one writes to.
      let dir: string | undefined;
      try {
        dir = path.dirname(fs.realpathSync(input.file));
      } catch {
        // unreadable: the read below reports it
      }
      if (dir !== undefined && !cleaned.has(dir)) {
        cleaned.add(dir);
        for (const name of removeStaleTemporaries(dir))
          io.stderr.write(`initlens: ${printable(`removed ${path.join(dir, name)}, left by an interrupted --fix`)}\n`);
      }
    }
    const limit = maxBytes(cmd.maxFileSizeKB);
    let source: Source;
    try {
      source = input.file !== undefined ? await readSourceFile(input.file, limit) : await readSourceStream(io.stdin, limit);
    } catch (e) {
      trouble(`cannot read ${input.path}: ${describeError(e)}`);
      return;
    }
    if (source.tooLarge) {
      if (cmd.fix && input.file === undefined) {
        trouble(`cannot fix standard input: it is larger than ${limit / 1024} KB${limit < MAX_FILE_BYTES ? ' (--max-file-size-kb)' : ''}`);
        return;
      }
      reports.push({ path: input.path, diagnostics: [tooLarge(cmd.maxFileSizeKB)] });
      return;
    }
    const baseOptions = optionsFor(input);
    const fileOptions: AnalysisOptions =
      input.file !== undefined
        ? { ...baseOptions, ...kustomizeOptions(path.resolve(input.file), graphs.get(input)), workspace: workspaces.get(input) }
        : baseOptions;
    let analysis: Pick<FileAnalysis, 'diagnostics' | 'failures'> | undefined;
    let fixedText = source.text;
    if (cmd.fix) {
      const fixed = await fixText(source.text, fileOptions);
      analysis = fixed.analysis;
      fixedText = fixed.text;
      // A read-only file is left alone unless --force (ownership.ts).
      const readOnly = input.file !== undefined && !cmd.force ? readOnlyReason(input.file, source.mode ?? 0o644) : undefined;
      if (input.file === undefined) {
        fixedStdin = encode(source, fixed.text);
      } else if (fixed.text !== source.text && source.regular === false) {
        io.stderr.write(`initlens: ${printable(`not fixing ${input.path}: it is not a regular file`)}\n`);
        analysis = undefined; // the file keeps its findings: report those
      } else if (fixed.text !== source.text && outside !== undefined) {
        io.stderr.write(`initlens: ${printable(`not fixing ${input.path}: it is a symbolic link to ${outside}, outside ${input.under}`)}\n`);
        analysis = undefined; // the file keeps its findings: report those
      } else if (fixed.text !== source.text && readOnly !== undefined) {
        io.stderr.write(`initlens: ${printable(`not fixing ${input.path}: ${readOnly}; --force fixes it anyway`)}\n`);
        analysis = undefined; // the file keeps its findings: report those
      } else if (fixed.text !== source.text) {
        try {
          const lost = writeFileAtomic(input.file, encode(source, fixed.text), source.mode ?? 0o644, source.sha256);
          if (lost !== undefined) io.stderr.write(`initlens: ${printable(`fixed ${input.path}, but ${lost}`)}\n`);
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
          io.stderr.write(`${printable(`fixed ${input.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule}: ${fix.title}`)}\n`);
        }
        for (const { diagnostic: d, fix, reason } of fixed.skipped) {
          io.stderr.write(
            `${printable(`not fixed ${input.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule}: ${fix.title}: with the other fixes it would add ${reason}`)}\n`,
          );
        }
      }
    }
    const { diagnostics, failures } = analysis ?? (await analyzeText(source.text, fileOptions));
    for (const f of failures) trouble(`rule ${f.rule} failed on ${input.path}: ${f.error.split('\n')[0]}`);
    reports.push({ path: input.path, diagnostics, text: analysis ? fixedText : source.text });
  };

  for (const input of inputs) {
    try {
      await checkOne(input);
    } catch (e) {
      trouble(`failed to check ${input.path}: ${message(e)}`);
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
