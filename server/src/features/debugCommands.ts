/**
 * What to type to debug one container of a pod by hand: `kubectl logs` (and `--previous` for a
 * container that is restarted in place, the run you need after a crash), `kubectl exec` into it,
 * and `kubectl get -w` with the STATUS values the startup plan says the pod goes through.
 * Pure: a manifest (a pod view, `podViews`) and a container in, plain data out; nothing is run.
 *
 * How the pod is named (ground truth §3, §4):
 *  - a Pod: its `metadata.name` (`<pod>` when it has none);
 *  - a named Job: the label the Job controller puts on every pod of the Job,
 *    `batch.kubernetes.io/job-name=<name>`, and `job/<name>` for `exec`;
 *  - any other workload, the custom resources included: the pod template's labels as a
 *    selector; `exec` needs one pod: `deploy/<name>` (`sts`, `ds`, `rs`, `rc`) where kubectl
 *    picks one itself, else `<pod>`, to be replaced by a name from the watch command; without
 *    labels, `logs` takes what `exec` does;
 *  - `-n <namespace>` when the manifest has one.
 * Every word is quoted for a POSIX shell when it needs to be; a name with control characters
 * (never valid) is left out and `<pod>` used instead.
 */
import type { KubeVersion } from '../config/options';
import type { Manifest } from '../model/document';
import type { Container } from '../model/podSpec';
import { entries, nodeAt, scalarText, type Path } from '../model/yamlNodes';
import { containerPolicy, startupPlan } from '../pod/plan';
import type { StartupPlan } from '../protocol/index';

export type DebugCommandKind = 'logs' | 'previous' | 'exec' | 'watch';

export interface DebugCommand {
  /** logs: what it printed; previous: the run before its last restart; exec: a shell; watch: the pod's STATUS. */
  kind: DebugCommandKind;
  /** One command line for a POSIX shell. */
  command: string;
}

export interface DebugCommands {
  /** The container's name. */
  container: string;
  role: 'init' | 'sidecar' | 'app';
  commands: DebugCommand[];
  /** How the pod is found: by name, by a label selector, or not at all (`<pod>`). */
  pod: { name: string } | { selector: string } | undefined;
  /** The `exec` command names a placeholder `<pod>` to replace with one pod's name. */
  pickPod: boolean;
  /** The STATUS values `kubectl get pods` shows as the pod starts, in order. */
  statuses: string[];
  /** The STATUS while this container runs (an init container) or starts (a sidecar). */
  statusWhile?: string;
  /** What a failure of this container shows, in order (`Init:Error`, then `Init:CrashLoopBackOff`). */
  crashStatuses: string[];
}

/** The placeholder for a pod the manifest cannot name. */
export const POD_PLACEHOLDER = '<pod>';

/** kubectl's short resource names of the kinds whose `TYPE/NAME` `kubectl exec` resolves to one of their pods. */
const EXEC_TYPES: Readonly<Record<string, string>> = {
  Deployment: 'deploy',
  StatefulSet: 'sts',
  DaemonSet: 'ds',
  ReplicaSet: 'rs',
  ReplicationController: 'rc',
  Job: 'job',
};

/** The label the Job controller sets on each pod of a Job (with the older `job-name`). */
const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A word for a POSIX shell: as is when it is plain, else in single quotes. */
function shellWord(word: string): string {
  if (/^[A-Za-z0-9._\-/:=,@%+]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A value usable in a command (a scalar without control characters), else undefined. */
function usable(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' && !CONTROL.test(value) ? value : undefined;
}

/** The labels of the pod template the pod spec at `podSpecPath` belongs to, as `k=v,k=v` (undefined when there are none). */
function templateSelector(manifest: Manifest, podSpecPath: Path): string | undefined {
  if (podSpecPath[podSpecPath.length - 1] !== 'spec') return undefined;
  const labels = nodeAt(manifest.node, [...podSpecPath.slice(0, -1), 'metadata', 'labels']);
  const pairs: string[] = [];
  for (const e of entries(labels)) {
    const value = scalarText(e.value) ?? '';
    if (!usable(e.key) || CONTROL.test(value)) return undefined;
    pairs.push(`${e.key}=${value}`);
  }
  return pairs.length ? pairs.join(',') : undefined;
}

/** Whether a failure of `c` restarts it in the same pod (so `--previous` has a run to show). */
function restartsInPlace(c: Container, podPolicy: string, target: KubeVersion): boolean {
  if (c.role === 'sidecar') return true;
  const own = containerPolicy(c, target);
  if (own) return own.policy !== 'Never' || own.rules.some((r) => r.action === 'Restart');
  return podPolicy !== 'Never';
}

/**
 * The commands to debug `container` of the manifest's pod (a view's pod spec), or undefined when
 * it cannot be named. `known`: the pod's startup plan at `target`, when the caller has it already.
 */
export function debugCommands(manifest: Manifest, container: Container, target: KubeVersion, known?: StartupPlan): DebugCommands | undefined {
  const pod = manifest.podSpec;
  const workload = manifest.workload;
  const name = usable(container.name);
  if (!pod || !workload || !name || container.role === 'ephemeral') return undefined;
  const plan = known ?? startupPlan(manifest, target);
  if (!plan) return undefined;
  const role = container.role;

  const namespace = usable(scalarText(nodeAt(manifest.node, ['metadata', 'namespace'])));
  const ns = namespace ? ` -n ${shellWord(namespace)}` : '';
  const manifestName = usable(manifest.name);
  const builtin = !workload.custom;
  let where: DebugCommands['pod'];
  if (builtin && workload.kind === 'Pod') where = manifestName ? { name: manifestName } : undefined;
  else if (builtin && workload.kind === 'Job' && manifestName) where = { selector: `${JOB_NAME_LABEL}=${manifestName}` };
  else {
    const selector = templateSelector(manifest, workload.podSpecPath);
    where = selector ? { selector } : undefined;
  }
  const execType = builtin ? EXEC_TYPES[workload.kind] : undefined;
  const podWord = where && 'name' in where ? shellWord(where.name) : POD_PLACEHOLDER;
  const execWord = where && 'name' in where ? podWord : execType && manifestName ? `${execType}/${shellWord(manifestName)}` : POD_PLACEHOLDER;
  const c = shellWord(name);

  // Without labels to select by, `kubectl logs` also takes the TYPE/NAME that `exec` does (one pod).
  const logsOf = where && 'selector' in where ? `kubectl logs -l ${shellWord(where.selector)}${ns} -c ${c} --prefix` : `kubectl logs ${execWord}${ns} -c ${c}`;
  const commands: DebugCommand[] = [{ kind: 'logs', command: logsOf }];
  const inPlace = restartsInPlace(container, plan.restartPolicy, target);
  if (inPlace) commands.push({ kind: 'previous', command: `${logsOf} --previous` });
  commands.push({ kind: 'exec', command: `kubectl exec -it ${execWord}${ns} -c ${c} -- sh` });
  const watch =
    where && 'name' in where
      ? `kubectl get pod ${podWord}${ns} -w`
      : where
        ? `kubectl get pods -l ${shellWord(where.selector)}${ns} -w`
        : `kubectl get pods${ns} -w`;
  commands.push({ kind: 'watch', command: watch });

  const statuses: string[] = [];
  const add = (s: string | undefined) => {
    if (s && statuses[statuses.length - 1] !== s) statuses.push(s);
  };
  for (const step of plan.steps) {
    if (step.phase === 'init') add(step.status);
    else if (step.kind === 'app-start') {
      add(step.status);
      add(step.statusAfter);
    } else if (step.kind === 'terminate-apps' && step.statusAfter) add(step.statusAfter);
  }
  const index = pod.initContainers.indexOf(container);
  const statusWhile = index >= 0 ? plan.steps[index]?.status : undefined;
  const init = role !== 'app';
  const crashStatuses = init
    ? role === 'sidecar'
      ? ['Init:CrashLoopBackOff']
      : inPlace
        ? ['Init:Error', 'Init:CrashLoopBackOff']
        : ['Init:Error']
    : inPlace
      ? ['Error', 'CrashLoopBackOff']
      : ['Error'];
  return {
    container: name,
    role,
    commands,
    pod: where,
    pickPod: execWord === POD_PLACEHOLDER,
    statuses,
    ...(statusWhile ? { statusWhile } : {}),
    crashStatuses,
  };
}
