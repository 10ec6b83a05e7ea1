/**
 * The command line: argv → a command, or a UsageError whose message is printed as
 * `initlens: <message>` (exit status 2). No I/O here.
 */
import { CLI_MAX_FILE_SIZE_KB, DEFAULT_KUBERNETES_VERSION, formatKubeVersion, type KubeVersion } from '../config/options';
import { parseChoice, parseKubernetesVersion, scanArgs, UsageError } from './scanArgs';
import { parseStartup, type StartupCommand } from './startupArgs';

export { UsageError };

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

export interface CheckCommand {
  kind: 'check';
  format: Format;
  /** `--kubernetes-version`; undefined: the repository's `.initlens.yaml`, else the default. */
  kubernetesVersion?: KubeVersion;
  /** `--config FILE` (a path), `--no-config` (false), or undefined: each file's nearest `.initlens.yaml`. */
  config?: string | false;
  fix: boolean;
  /** `--force`: `--fix` rewrites read-only files too. */
  force?: boolean;
  /** false when `--no-color` was given; colour is then never used. */
  color: boolean;
  /** `--max-file-size-kb`: larger files are not analysed (0: no limit). */
  maxFileSizeKB: number;
  /** As given; `-` is stdin. */
  paths: string[];
  /** false when `--no-workspace` was given: no cross-file findings (cli/workspace.ts). */
  workspace?: boolean;
  /** `--kustomize DIR` (repeatable): overlays rendered and checked (cli/kustomizeBuild.ts). */
  kustomize?: string[];
  /** `--jobs N`: files checked on N threads (this one and N - 1 workers); undefined: one per core; 1: this thread only. */
  jobs?: number;
}

export type Command = { kind: 'help'; topic: 'general' | 'check' | 'startup' } | { kind: 'version' } | CheckCommand | StartupCommand;

export const CHECK_HELP = `Usage: initlens check [options] PATH… | -
       initlens check [options] --kustomize DIR [PATH…]

Checks Kubernetes manifests: the API schema, init containers, native sidecars and their pods.

Paths:
  FILE          checked whatever its name
  DIRECTORY     every *.yaml and *.yml file below it, recursively, in sorted order; files and
                directories named node_modules or starting with "." (.git, .github, …) are
                skipped unless named on the command line; links to directories are not followed
  -             standard input (reported as "-")
  A path that does not exist or cannot be read, or a directory without YAML files, is reported
  on stderr; the other paths are still checked, and the exit status is 2.
  Files are read as UTF-8 (a leading BOM is ignored); binary files, files that are not UTF-8,
  Helm/Go templates and files over --max-file-size-kb get one \`not-analysed\` info instead.

Options:
  --format text|json|sarif|github
                              output format (default text)
                                text:  path:line:col: severity rule: message, then a summary
                                json:  {"version":1,"files":[{"path","diagnostics":[…]}]}
                                       (0-based lines and UTF-16 characters, as in LSP)
                                sarif: SARIF 2.1.0, e.g. for GitHub code scanning
                                github: GitHub Actions workflow commands (::error file=…)
                                       that annotate the pull request's lines
  --kubernetes-version X.Y    the Kubernetes version the manifests target (default: the
                                .initlens.yaml's kubernetesVersion, else ${formatKubeVersion(DEFAULT_KUBERNETES_VERSION)})
  --config FILE               read the repository settings from FILE (its exclude globs are
                                relative to FILE's folder) instead of looking for .initlens.yaml
  --no-config                 read no .initlens.yaml: only flags and defaults apply
  --fix                       apply the safe fixes in place (a few rounds, until none is left),
                                keeping file mode, line endings and BOM; each change is listed
                                on stderr as "fixed path:line:col rule: title"; then report what
                                remains. With "-", the fixed text is written to stdout and the
                                report goes to stderr. Each file is replaced atomically (a
                                temporary file in its folder, renamed over it); a file that
                                changed on disk since it was read is left alone, and a symbolic
                                link found in a directory is not written when it points out of
                                that directory. A read-only file is left alone (said on
                                stderr) unless --force. Owner and group are kept when the
                                process may (root; or the group, for a member of it); when
                                not, stderr says what changed.
  --force                     with --fix, rewrite read-only files too
  --max-file-size-kb N        files larger than N kilobytes are not analysed (one not-analysed
                                info each); at most, and by default, ${CLI_MAX_FILE_SIZE_KB} (16 MiB;
                                0 means that too): memory grows to 50-240 times the file
  --jobs N                    check the files on N threads (this one and N - 1 workers); 1
                                checks them one after the other in this thread. The output is
                                the same whatever N.
                                Default: one per core when the files add up to 1 MiB or
                                more, else 1
  --no-color                  no colour in text output (colour is used only when stdout is a
                                terminal and NO_COLOR is not set)
  --no-workspace              no cross-file findings. By default each directory given is one
                                workspace (the files given by name, when there are several, are
                                another): a Service host or a Secret name is checked against the
                                objects of its workspace
  --kustomize DIR             render the kustomize overlay DIR (with \`kustomize build\`, else
                                \`kubectl kustomize\`, found on PATH: never downloaded; exit status
                                2 when neither is there) and check the build as one workspace;
                                each finding is reported in the file its object came from (the
                                origin annotations kustomize adds on request), else against
                                "DIR (kustomize build)". Repeatable; not with --fix
  -h, --help                  show this help

Repository settings:
  Each file is checked with the nearest .initlens.yaml in its folder or a folder above it (up
  to the folder that holds .git): kubernetesVersion, rules (severity per rule id) and exclude
  (globs of files not checked, even when named on the command line). Flags win over it. A
  problem in that file is reported on stderr as path:line:col and the exit status is 2.
  See docs/configuration.md.

Exit status:
  0  no error-severity findings
  1  error-severity findings
  2  usage error, a path that could not be read or checked, or a problem in .initlens.yaml
`;

export const GENERAL_HELP = `initlens — checks Kubernetes YAML, with init containers and native sidecars in mind

Usage:
  initlens check [options] PATH… | -          check manifests
  initlens startup [options] FILE | DIR | -   print the startup plan of each pod: order, gates, status, resources
  initlens help [check|startup]               show this help, or only the help of \`check\` or \`startup\`
  initlens --help                             show this help
  initlens --version                          print the version

${CHECK_HELP}`;

function parseCheck(args: readonly string[]): Command {
  const cmd: CheckCommand = { kind: 'check', format: 'text', fix: false, color: true, maxFileSizeKB: CLI_MAX_FILE_SIZE_KB, paths: [] };
  const { paths, stopped } = scanArgs(args, (option) => {
    switch (option.name) {
      case '-h':
      case '--help':
        option.flag();
        return { kind: 'help', topic: 'check' } as const;
      case '--format':
        cmd.format = parseChoice(option.value(), FORMATS, 'format');
        return undefined;
      case '--kubernetes-version':
        cmd.kubernetesVersion = parseKubernetesVersion(option.value());
        return undefined;
      case '--config': {
        const v = option.value();
        if (v === '') throw new UsageError('option --config needs a file');
        cmd.config = v;
        return undefined;
      }
      case '--no-config':
        option.flag();
        cmd.config = false;
        return undefined;
      case '--fix':
        option.flag();
        cmd.fix = true;
        return undefined;
      case '--force':
        option.flag();
        cmd.force = true;
        return undefined;
      case '--max-file-size-kb': {
        const v = option.value();
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
          throw new UsageError(`invalid --max-file-size-kb "${v}" (expected a whole number of kilobytes, 0 for the most)`);
        cmd.maxFileSizeKB = Number(v);
        return undefined;
      }
      case '--jobs': {
        const v = option.value();
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1)
          throw new UsageError(`invalid --jobs "${v}" (expected a whole number of threads, 1 or more)`);
        cmd.jobs = Number(v);
        return undefined;
      }
      case '--no-color':
        option.flag();
        cmd.color = false;
        return undefined;
      case '--no-workspace':
        option.flag();
        cmd.workspace = false;
        return undefined;
      case '--kustomize': {
        const v = option.value();
        if (v === '') throw new UsageError('option --kustomize needs a directory');
        (cmd.kustomize ??= []).push(v);
        return undefined;
      }
      default:
        throw new UsageError(`unknown option ${option.name}`);
    }
  });
  if (stopped) return stopped;
  cmd.paths = paths;
  if (cmd.paths.length === 0 && !cmd.kustomize) throw new UsageError('no paths given (a file, a directory, or - for standard input)');
  if (cmd.kustomize && cmd.fix) throw new UsageError('--fix cannot fix a kustomize build: fix the files themselves (without --kustomize)');
  if (cmd.paths.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) given more than once');
  return cmd;
}

/** argv without `node` and the script. */
export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
      throw new UsageError('no command given');
    case '-h':
    case '--help':
      return { kind: 'help', topic: 'general' };
    case '--version':
      return { kind: 'version' };
    case 'help':
      if (rest.length === 0) return { kind: 'help', topic: 'general' };
      if (rest.length === 1 && rest[0] === 'check') return { kind: 'help', topic: 'check' };
      if (rest.length === 1 && rest[0] === 'startup') return { kind: 'help', topic: 'startup' };
      throw new UsageError(`no help for "${rest.join(' ')}"`);
    case 'check':
      return parseCheck(rest);
    case 'startup':
      return parseStartup(rest);
    default:
      throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`);
  }
}
