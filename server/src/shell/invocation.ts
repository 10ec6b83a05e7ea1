/**
 * Exec form or shell? Reads an argv (a container's `command` followed by its `args`) and finds a
 * shell invocation with an inline script: `sh -c '…'`, `bash -ec '…'`, `/bin/sh -c` with the
 * script in the next argument (which may come from `args`), `bash -o pipefail -c …`, through
 * wrappers such as `tini --`, `dumb-init`, `env X=1` or `timeout 60`.
 */

export interface ShellInvocation {
  /** Index in argv of the shell program. */
  shellIndex: number;
  /** The shell's base name (`sh`, `bash`, …; `sh` for `busybox sh`). */
  shell: string;
  /** Index in argv of the inline script (the argument after `-c`); undefined when the shell reads a file or stdin. */
  scriptIndex?: number;
  /** Single-letter options before the script, in order (`ec` for `-e -c` or `-ec`). */
  flags: string;
  /** `-o name` options (`pipefail`, `errexit`, …). */
  longOptions: string[];
  /** Programs before the shell that run it (`tini`, `dumb-init`, `env`, `timeout`, …), base names. */
  wrappers: string[];
  /** The shell stops at the first failing command (`-e` or `-o errexit`). */
  errexit: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'yash']);

/** `/usr/bin/env` → `env`. */
export function baseName(program: string): string {
  const i = program.lastIndexOf('/');
  return i >= 0 ? program.slice(i + 1) : program;
}

/**
 * Wrappers: programs that run the rest of argv. Each returns the index of the wrapped program
 * after skipping the wrapper's own options, or undefined when argv does not fit.
 */
const WRAPPERS: Record<string, (argv: readonly string[], i: number) => number | undefined> = {
  // tini [-s] [-g] [-p SIG] [-e CODE] … [--] program
  tini: (a, i) => skipOptions(a, i + 1, ['-p', '-e']),
  // dumb-init [-c] [-r s:r] [--] program
  'dumb-init': (a, i) => skipOptions(a, i + 1, ['-r', '--rewrite']),
  // catatonit [-g] [-p] [--] program
  catatonit: (a, i) => skipOptions(a, i + 1, []),
  // env [-i] [-u NAME] [NAME=value]… program
  env: (a, i) => {
    let j = i + 1;
    while (j < a.length) {
      if (a[j] === '-u' || a[j] === '--unset') j += 2;
      else if (a[j] === '--') return j + 1;
      else if (a[j].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a[j])) j++;
      else return j;
    }
    return undefined;
  },
  // timeout [-s SIG] [-k DUR] [--foreground] DURATION program
  timeout: (a, i) => {
    const j = skipOptions(a, i + 1, ['-s', '-k', '--signal', '--kill-after', '-t']);
    return j !== undefined && j + 1 < a.length ? j + 1 : undefined;
  },
  // nice [-n N] program
  nice: (a, i) => skipOptions(a, i + 1, ['-n']),
  nohup: (_a, i) => i + 1,
  exec: (_a, i) => i + 1,
  // su-exec USER program, gosu USER program
  'su-exec': (a, i) => (i + 2 < a.length ? i + 2 : undefined),
  gosu: (a, i) => (i + 2 < a.length ? i + 2 : undefined),
};

function skipOptions(argv: readonly string[], from: number, withValue: readonly string[]): number | undefined {
  let j = from;
  while (j < argv.length) {
    const a = argv[j];
    if (a === '--') return j + 1 < argv.length ? j + 1 : undefined;
    if (!a.startsWith('-') || a === '-') return j;
    j += withValue.includes(a) ? 2 : 1;
  }
  return undefined;
}

/** Finds `sh -c SCRIPT` (and its kin) in argv; undefined for a program run in exec form. */
export function findShell(argv: readonly string[]): ShellInvocation | undefined {
  const wrappers: string[] = [];
  let i = 0;
  for (let hops = 0; hops < 5 && i < argv.length; hops++) {
    const name = baseName(argv[i] ?? '');
    const wrap = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined; // not `constructor` and kin
    if (!wrap) break;
    const next = wrap(argv, i);
    if (next === undefined || next <= i) return undefined;
    wrappers.push(name);
    i = next;
  }
  if (i >= argv.length) return undefined;
  const shellIndex = i;
  let shell = baseName(argv[i]);
  if (shell === 'busybox' && SHELLS.has(argv[i + 1] ?? '')) {
    shell = argv[i + 1];
    i++;
  }
  if (!SHELLS.has(shell)) return undefined;
  let flags = '';
  const longOptions: string[] = [];
  let scriptIndex: number | undefined;
  let j = i + 1;
  let wantsScript = false;
  while (j < argv.length) {
    const a = argv[j];
    if (a === '--' || a === '-') {
      j++;
      break;
    }
    if (/^--[a-z]/.test(a)) {
      // bash long options (--login, --norc, --noprofile, --posix)
      if (a === '--rcfile' || a === '--init-file') j++;
      j++;
      continue;
    }
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    j++;
    for (const letter of a.slice(1)) {
      if (letter === 'o' || letter === 'O') {
        if (j < argv.length) longOptions.push(argv[j++]);
      } else if (a[0] === '-') {
        flags += letter;
        if (letter === 'c') wantsScript = true;
      }
    }
  }
  if (wantsScript && j < argv.length) scriptIndex = j;
  const errexit = flags.includes('e') || longOptions.includes('errexit');
  return { shellIndex, shell, scriptIndex, flags, longOptions, wrappers, errexit };
}
