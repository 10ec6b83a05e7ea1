/**
 * `initlens startup FILE`: the startup plan of every pod in a file (or of one document), as a
 * readable timeline or as JSON (the plans the language server's `initlens/startupPlan` answers).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_MAX_FILE_SIZE_KB, type KubeVersion } from '../config/options';
import { filePlans, type FilePlan, type StartupWorkspace } from '../features/startup';
import { kustomizeOptions } from '../kustomize';
import { parseFile, type FileModel } from '../model/file';
import type { PlanResource, PlanStep, StartupPlan } from '../protocol/index';
import { EXIT_ERRORS, EXIT_OK, EXIT_TROUBLE, type CliIo } from './check';
import { describeError, expandPaths, MAX_FILE_BYTES, readSourceFile, readSourceStream, type Input, type Source } from './files';
import { cliWorkspaces } from './workspace';
import type { StartupCommand } from './startupArgs';
import { printable, terminalSafeJson } from './terminal';

/** A plan with the numbers the user sees: the 1-based document and line. */
export interface NumberedPlan {
  /** The file, when a directory was given (as the CLI names it: the directory joined with the relative path). */
  file?: string;
  /** 1-based, counting the documents that hold YAML content (as `--document` does). */
  document: number;
  /** 1-based line where the manifest starts. */
  line: number;
  plan: StartupPlan;
}

/** 1-based numbers of the documents that hold content, by index into `model.documents`. */
function documentNumbers(model: FileModel): Map<number, number> {
  const out = new Map<number, number>();
  model.documents.forEach((placed, i) => {
    const contents = placed.doc.yaml?.contents;
    if (contents !== null && contents !== undefined) out.set(i, out.size + 1);
  });
  return out;
}

export function numberedPlans(model: FileModel, target: KubeVersion, workspace?: StartupWorkspace): NumberedPlan[] {
  const numbers = documentNumbers(model);
  return filePlans(model, target, workspace).map((p: FilePlan) => ({
    document: numbers.get(p.document) ?? p.document + 1,
    line: p.position.line + 1,
    plan: p.plan,
  }));
}

// ---------------------------------------------------------------------------------------------
// Text

function values(v: Record<string, string>): string {
  return Object.entries(v)
    .map(([k, q]) => `${k} ${q}`)
    .join(' · ');
}

function why(r: PlanResource): string {
  if (r.effective === 'unbounded') return `no limit: ${r.unlimited?.join(', ') ?? ''} (a container without a limit may use all the node has)`;
  const parts: string[] = [];
  switch (r.setBy) {
    case 'init':
      parts.push(`set by the init peak: ${r.initPeak?.container}; long-running ${r.longRunning}`);
      break;
    case 'long-running':
      parts.push(
        r.initPeak ? `set by the long-running containers; init peak ${r.initPeak.value} (${r.initPeak.container})` : 'set by the long-running containers',
      );
      break;
    case 'pod-level':
      parts.push(`set at pod level (spec.resources); the containers alone: ${r.aggregate}`);
      break;
    case 'overhead':
      parts.push('spec.overhead only');
      break;
  }
  if (r.overhead && r.setBy !== 'overhead') parts.push(`overhead ${r.overhead} included`);
  return parts.join('; ');
}

function resourceLines(plan: StartupPlan): string[] {
  const all = [...plan.resources.requests, ...plan.resources.limits];
  const nameWidth = Math.max(0, ...all.map((r) => r.resource.length));
  const valueWidth = Math.max(0, ...all.map((r) => r.effective.length));
  const block = (label: string, rs: PlanResource[]) =>
    rs.length === 0
      ? [`    ${label.padEnd(9)} none set`]
      : rs.map((r, i) => `    ${(i === 0 ? label : '').padEnd(9)} ${r.resource.padEnd(nameWidth)}  ${r.effective.padEnd(valueWidth)}  ${why(r)}`);
  return [...block('requests', plan.resources.requests), ...block('limits', plan.resources.limits)];
}

function stepLines(step: PlanStep, statusWidth: number): string[] {
  const indent = ' '.repeat(4 + 3 + statusWidth + 2);
  const out = [`    ${String(step.step).padStart(2)} ${step.status.padEnd(statusWidth)}  ${step.action}`];
  out.push(`${indent}gate: ${step.gate}`);
  for (const m of step.missing ?? []) out.push(`${indent}gate: ${m.text}`);
  for (const w of step.waits ?? []) out.push(`${indent}connects to: ${w.text}`);
  if (step.statusAfter) out.push(`${indent}then: ${step.statusAfter}`);
  if (step.onFailure) out.push(`${indent}on failure: ${step.onFailure}`);
  const requests = values(step.resources.requests);
  if (requests) out.push(`${indent}requests: ${requests}`);
  const limits = values(step.resources.limits);
  if (limits) out.push(`${indent}limits: ${limits}`);
  for (const note of step.notes) out.push(`${indent}note: ${note}`);
  return out;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One pod's plan as a terminal timeline. */
export function formatPlanText(path: string, p: NumberedPlan): string {
  const { plan } = p;
  const lines: string[] = [];
  lines.push(`${path}:${p.line}: ${plan.kind} ${plan.name ?? '(no name)'} (document ${p.document}, ${plan.podSpecPath})`);
  const job = plan.job ? ` · backoffLimit ${plan.job.backoffLimit}${plan.job.backoffLimitWritten ? '' : ' (the default)'}` : '';
  const { init, sidecars, apps } = plan.containers;
  const initText = `${plural(init, 'init container')}${sidecars ? ` (${sidecars === init ? (init === 1 ? 'a sidecar' : 'all sidecars') : `${sidecars} ${sidecars === 1 ? 'sidecar' : 'sidecars'}`})` : ''}`;
  lines.push(
    `  restartPolicy ${plan.restartPolicy}${plan.restartPolicyWritten ? '' : ' (the default)'}${job} · ${initText} · ${plural(apps, 'app container')} · READY 0/${plan.readyTotal} · Kubernetes ${plan.kubernetesVersion}`,
  );
  const statusWidth = Math.max(...plan.steps.map((s) => s.status.length));
  lines.push('', '  Startup');
  for (const step of plan.steps.filter((s) => s.phase !== 'termination')) lines.push(...stepLines(step, statusWidth));
  const t = plan.termination;
  lines.push(
    '',
    `  Termination, when ${t.trigger}; all containers share one grace period of ${t.gracePeriodSeconds} s${t.gracePeriodWritten ? '' : ' (the default)'}, then SIGKILL`,
  );
  for (const step of plan.steps.filter((s) => s.phase === 'termination')) lines.push(...stepLines(step, statusWidth));
  if (plan.disruption) {
    lines.push('', '  Disruption budgets (evictions: kubectl drain, node scale-down)');
    for (const b of plan.disruption.budgets) lines.push(`    ${b.text}`);
    for (const note of plan.disruption.notes) lines.push(`    - ${note}`);
  }
  lines.push('', '  Effective resources (KEP-753)');
  lines.push(...resourceLines(plan));
  if (plan.notes.length) {
    lines.push('', '  Notes');
    for (const note of plan.notes) lines.push(`    - ${note}`);
  }
  return `${lines.map(printable).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The command

/** A directory's workspace for `initlens startup` (as `initlens check` builds it), with files named relative to it. */
async function directoryWorkspace(dir: string, inputs: readonly Input[]): Promise<((file: string | undefined) => StartupWorkspace) | undefined> {
  const facts = (await cliWorkspaces(inputs, CLI_MAX_FILE_SIZE_KB)).get(inputs[0]);
  if (!facts) return undefined;
  const relative = (file: string) => path.relative(dir, file).split(path.sep).join('/') || file;
  return (file) => {
    let namespace: string | undefined;
    try {
      // Standard input has no kustomization beside it.
      namespace = file === undefined ? undefined : kustomizeOptions(file).namespace;
    } catch {
      namespace = undefined;
    }
    return { facts, namespace, relative };
  };
}

/** The YAML files of a directory, with their workspace; or the error to print. */
async function expandWorkspace(dir: string): Promise<{ inputs: Input[]; workspaceOf?: (file: string | undefined) => StartupWorkspace } | string> {
  const { inputs, errors } = expandPaths([dir]);
  if (errors.length) return errors[0];
  return { inputs, workspaceOf: await directoryWorkspace(dir, inputs) };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function runStartup(cmd: StartupCommand, io: CliIo): Promise<number> {
  const fail = (line: string): number => {
    io.stderr.write(`initlens: ${printable(line)}\n`);
    return EXIT_TROUBLE;
  };
  const directory = cmd.path !== '-' && isDirectory(cmd.path);
  if (directory && cmd.document !== undefined) return fail('--document applies to a file, not to a directory');
  if (directory && cmd.workspace !== undefined) return fail('--workspace applies to a file: a directory given is its own workspace');
  const wsDir = directory ? cmd.path : cmd.workspace;
  if (wsDir !== undefined && !isDirectory(wsDir)) return fail(`--workspace ${wsDir}: not a directory`);
  const expanded = wsDir !== undefined ? await expandWorkspace(wsDir) : { inputs: [] };
  if (typeof expanded === 'string') return fail(expanded);
  const files: Input[] = directory ? expanded.inputs : [{ path: cmd.path, ...(cmd.path === '-' ? {} : { file: cmd.path }) }];

  const plans: NumberedPlan[] = [];
  let syntax = false;
  let unreadable: number | undefined;
  for (const input of files) {
    let source: Source;
    try {
      source = input.file === undefined ? await readSourceStream(io.stdin) : await readSourceFile(input.file);
    } catch (e) {
      if (!directory) return fail(`cannot read ${input.path}: ${describeError(e)}`);
      // One unreadable file of a directory: said, the others still printed, exit status 2.
      unreadable = fail(`cannot read ${input.path}: ${describeError(e)}`);
      continue;
    }
    // In a directory, a file that is not analysed (too large, binary) has no plan, as one without a pod.
    if (source.tooLarge) {
      if (directory) continue;
      return fail(`${input.path} is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MiB, so it is not analysed`);
    }
    const model = parseFile(source.text);
    if (model.notAnalysed) {
      if (directory) continue;
      return fail(`${input.path}: ${model.notAnalysed.reason}`);
    }
    const workspace = expanded.workspaceOf?.(input.file);
    let found = numberedPlans(model, cmd.kubernetesVersion, workspace);
    if (cmd.document !== undefined) {
      const count = documentNumbers(model).size;
      if (cmd.document > count) return fail(`${cmd.path} has ${plural(count, 'document')}, so there is no document ${cmd.document}`);
      found = found.filter((p) => p.document === cmd.document);
    }
    syntax ||= model.documents.some((d) => d.doc.syntaxIssues.some((i) => i.severity === 'error'));
    plans.push(...(directory ? found.map((p) => ({ file: input.path, ...p })) : found));
  }
  if (cmd.format === 'json') {
    const json = { version: 1, path: cmd.path, ...(wsDir !== undefined ? { workspace: wsDir } : {}), plans };
    io.stdout.write(`${terminalSafeJson(JSON.stringify(json, null, 2))}\n`);
  } else {
    io.stdout.write(plans.map((p) => formatPlanText(p.file ?? cmd.path, p)).join('\n'));
  }
  if (plans.length === 0) {
    const where = cmd.document !== undefined ? `document ${cmd.document} of ${cmd.path}` : cmd.path;
    io.stderr.write(
      `initlens: ${printable(`no pod spec in ${where}${syntax ? ' (documents with YAML syntax errors are skipped: see `initlens check`)' : ''}`)}\n`,
    );
    return unreadable ?? EXIT_ERRORS;
  }
  return unreadable ?? EXIT_OK;
}
