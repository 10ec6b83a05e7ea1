/**
 * `initlens startup FILE`: the startup plan of every pod in a file (or of one document), as a
 * readable timeline or as JSON (the plans the language server's `initlens/startupPlan` answers).
 */
import type { KubeVersion } from '../config/options';
import { filePlans, type FilePlan } from '../features/startup';
import { parseFile, type FileModel } from '../model/file';
import type { PlanResource, PlanStep, StartupPlan } from '../protocol/index';
import { EXIT_ERRORS, EXIT_OK, EXIT_TROUBLE, type CliIo } from './check';
import { describeError, MAX_FILE_BYTES, readSourceFile, readSourceStream, type Source } from './files';
import type { StartupCommand } from './startupArgs';
import { printable, terminalSafeJson } from './terminal';

/** A plan with the numbers the user sees: the 1-based document and line. */
export interface NumberedPlan {
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

export function numberedPlans(model: FileModel, target: KubeVersion): NumberedPlan[] {
  const numbers = documentNumbers(model);
  return filePlans(model, target).map((p: FilePlan) => ({ document: numbers.get(p.document) ?? p.document + 1, line: p.position.line + 1, plan: p.plan }));
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

export async function runStartup(cmd: StartupCommand, io: CliIo): Promise<number> {
  const fail = (line: string): number => {
    io.stderr.write(`initlens: ${printable(line)}\n`);
    return EXIT_TROUBLE;
  };
  let source: Source;
  try {
    source = cmd.path === '-' ? await readSourceStream(io.stdin) : await readSourceFile(cmd.path);
  } catch (e) {
    return fail(`cannot read ${cmd.path}: ${describeError(e)}`);
  }
  if (source.tooLarge) return fail(`${cmd.path} is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MiB, so it is not analysed`);
  const model = parseFile(source.text);
  if (model.notAnalysed) return fail(`${cmd.path}: ${model.notAnalysed.reason}`);

  let plans = numberedPlans(model, cmd.kubernetesVersion);
  const count = documentNumbers(model).size;
  if (cmd.document !== undefined) {
    if (cmd.document > count) return fail(`${cmd.path} has ${plural(count, 'document')}, so there is no document ${cmd.document}`);
    plans = plans.filter((p) => p.document === cmd.document);
  }
  if (cmd.format === 'json') {
    io.stdout.write(`${terminalSafeJson(JSON.stringify({ version: 1, path: cmd.path, plans }, null, 2))}\n`);
  } else {
    io.stdout.write(plans.map((p) => formatPlanText(cmd.path, p)).join('\n'));
  }
  if (plans.length === 0) {
    const where = cmd.document !== undefined ? `document ${cmd.document} of ${cmd.path}` : cmd.path;
    const syntax = model.documents.some((d) => d.doc.syntaxIssues.some((i) => i.severity === 'error'));
    io.stderr.write(
      `initlens: ${printable(`no pod spec in ${where}${syntax ? ' (documents with YAML syntax errors are skipped: see `initlens check`)' : ''}`)}\n`,
    );
    return EXIT_ERRORS;
  }
  return EXIT_OK;
}
