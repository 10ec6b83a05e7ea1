/** `initlens startup` arguments and help. No I/O here. */
import { DEFAULT_KUBERNETES_VERSION, formatKubeVersion, type KubeVersion } from '../config/options';
import { parseChoice, parseKubernetesVersion, scanArgs, UsageError } from './scanArgs';

export type StartupFormat = 'text' | 'json';
export const STARTUP_FORMATS: readonly StartupFormat[] = ['text', 'json'];

export interface StartupCommand {
  kind: 'startup';
  format: StartupFormat;
  /** 1-based document number, or undefined for every document. */
  document?: number;
  /** As given; `-` is stdin; a directory: every YAML file in it, the directory their workspace. */
  path: string;
  /** `--workspace DIR`: the directory whose files the plan of a single file reads (Services, Secrets, ConfigMaps, PodDisruptionBudgets). */
  workspace?: string;
  /** The target: which feature-gated fields the plan counts (restart rules, env files, pod-level resources, …). */
  kubernetesVersion: KubeVersion;
}

export const STARTUP_HELP = `Usage: initlens startup [options] FILE | DIR | -

Prints the startup plan of every pod in FILE (a Pod, or the pod template of a Deployment,
StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or PodTemplate): the init
containers one step at a time, each with what it waits for, what happens when it fails and the
\`kubectl get pods\` status meanwhile; then the app containers; then the termination order; and
the pod's effective requests and limits per phase (KEP-753).

With a workspace (DIR: every *.yaml and *.yml file under it, each plan reading the others; or
FILE with --workspace DIR), each step also names the Service of every host its container
connects to and its file, or says it is not in the workspace; shows as a gate a Secret,
ConfigMap or key it needs that the workspace lacks; and the plan lists the
PodDisruptionBudgets that select the pod. "Not in the workspace" is said only where the
workspace defines objects of that kind in that namespace. A single FILE alone has no workspace.

Options:
  --document N         only the N-th YAML document of the file (1-based; documents are
                         separated by --- lines, and those holding only comments are not
                         counted)
  --kubernetes-version X.Y
                       the Kubernetes version the pod runs on (default ${formatKubeVersion(DEFAULT_KUBERNETES_VERSION)}):
                         container restart policies and rules, env files, pod-level
                         resources, stop signals and pod certificates count where
                         that version keeps them
  --workspace DIR      the workspace of FILE: the YAML files under DIR (FILE may be one of them)
  --format text|json   output format (default text)
                         text: one block per pod, a numbered timeline
                         json: {"version":1,"path","workspace"?,"plans":[{"file"?,"document",
                               "line","plan"}]}; "file" for each file of a DIR, "document" is
                               1-based as for --document, "plan" is what the language
                               server's initlens/startupPlan request answers
  -h, --help           show this help

Exit status:
  0  a plan was printed
  1  no pod spec in the file (or in document N)
  2  usage error, or the file could not be read or analysed (in a directory: a file
     could not be read; the plans of the others are printed)
`;

function parseDocument(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`invalid document number "${value}" (expected 1, 2, …)`);
  return Number(value);
}

/** `initlens startup` arguments (after the command name). */
export function parseStartup(args: readonly string[]): StartupCommand | { kind: 'help'; topic: 'startup' } {
  let format: StartupFormat = 'text';
  let document: number | undefined;
  let kubernetesVersion = DEFAULT_KUBERNETES_VERSION;
  let workspace: string | undefined;
  const { paths, stopped } = scanArgs(args, (option) => {
    switch (option.name) {
      case '-h':
      case '--help':
        option.flag();
        return { kind: 'help', topic: 'startup' } as const;
      case '--format':
        format = parseChoice(option.value(), STARTUP_FORMATS, 'format');
        return undefined;
      case '--document':
        document = parseDocument(option.value());
        return undefined;
      case '--kubernetes-version':
        kubernetesVersion = parseKubernetesVersion(option.value());
        return undefined;
      case '--workspace':
        workspace = option.value();
        return undefined;
      default:
        throw new UsageError(`unknown option ${option.name}`);
    }
  });
  if (stopped) return stopped;
  if (paths.length === 0) throw new UsageError('no file given (a file, a directory, or - for standard input)');
  if (paths.length > 1) throw new UsageError(`one file or directory at a time (got ${paths.length})`);
  return { kind: 'startup', format, document, path: paths[0], kubernetesVersion, ...(workspace !== undefined ? { workspace } : {}) };
}
