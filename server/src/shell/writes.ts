/**
 * Where a command writes files: the targets of its output redirections and the destinations of
 * the common copy, download and extract commands (`cp`, `mv`, `tar -x -C`/`tar -c -f`,
 * `unzip -d`, `curl -o`/`--output-dir`, `wget -O`/`-P`, `git clone URL DIR`, `tee`). Only
 * literal absolute paths: a relative path depends on the working directory, an expansion on
 * values the reader does not know.
 */
import type { SimpleCommand, Word } from './ast';
import { operandsOf, optionsOf, type Program } from './query';

export interface Written {
  /** Index in `program.args` of the word that names the path, or -1 for a redirection. */
  arg: number;
  /** The redirection's target word (for `arg === -1`). */
  word: Word;
  path: string;
  /** What writes it, for messages (`cp`, `tar -x -C`, `>`). */
  how: string;
}

const OUTPUT_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);

function absolute(w: Word | undefined): string | undefined {
  const lit = w?.literal;
  return lit !== undefined && lit.startsWith('/') ? lit : undefined;
}

/** The value of `-x V`, `-xV`, `--long V` or `--long=V` in `args`, with the index of the word holding it. */
function optionValue(args: readonly Word[], short: readonly string[], long: readonly string[]): { index: number; value: string } | undefined {
  let found: { index: number; value: string } | undefined;
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--') break;
    const eq = t.indexOf('=');
    const name = eq > 0 ? t.slice(0, eq) : t;
    if (long.includes(name)) {
      if (eq > 0) found = { index: i, value: t.slice(eq + 1) };
      else if (i + 1 < args.length) found = { index: i + 1, value: args[i + 1].literal ?? '' };
    } else if (short.includes(t)) {
      if (i + 1 < args.length) found = { index: i + 1, value: args[i + 1].literal ?? '' };
    } else if (short.some((s) => t.startsWith(s) && t.length > s.length && !t.startsWith('--'))) {
      found = { index: i, value: t.slice(2) };
    }
  }
  return found && found.value.startsWith('/') ? found : undefined;
}

/** Output redirections of a simple command to an absolute path. */
export function redirectedPaths(cmd: SimpleCommand): Written[] {
  const out: Written[] = [];
  for (const r of cmd.redirects) {
    if (!OUTPUT_REDIRECTS.has(r.op) || !r.target) continue;
    const path = absolute(r.target);
    if (path) out.push({ arg: -1, word: r.target, path, how: r.op });
  }
  return out;
}

/** The files and folders a program writes, by its own arguments. */
export function writtenPaths(program: Program): Written[] {
  const args = program.args;
  const at = (index: number, how: string): Written[] => {
    const path = absolute(args[index]);
    return path ? [{ arg: index, word: args[index], path, how }] : [];
  };
  const valued = (index: number, value: string, how: string): Written[] => [{ arg: index, word: args[index], path: value, how }];
  switch (program.name) {
    case 'cp':
    case 'mv': {
      const target = optionValue(args, ['-t'], ['--target-directory']);
      if (target) return valued(target.index, target.value, program.name);
      const operands = operandsOf(args, ['-S', '--suffix']);
      if (operands.length < 2) return [];
      return at(args.indexOf(operands[operands.length - 1]), program.name);
    }
    case 'tar': {
      const first = args[0]?.text ?? '';
      const bundled = /^[A-Za-z]+$/.test(first) ? first : '';
      const { letters, long } = optionsOf(args);
      const extract = letters.has('x') || bundled.includes('x') || long.has('--extract') || long.has('--get');
      const create = letters.has('c') || bundled.includes('c') || long.has('--create');
      if (extract) {
        const dir = optionValue(args, ['-C'], ['--directory']);
        return dir ? valued(dir.index, dir.value, 'tar -x -C') : [];
      }
      if (create) {
        const file = optionValue(args, ['-f'], ['--file']);
        if (file) return valued(file.index, file.value, 'tar -c -f');
        // `-czf /out.tgz`: the archive follows the letters that end with f.
        const letterRun = args.findIndex((a) => /^-[A-Za-z]*f$/.test(a.text));
        if (letterRun >= 0) return at(letterRun + 1, 'tar -c -f');
        // `tar czf /out.tgz dir`: the archive is the word after the bundled letters.
        if (bundled.endsWith('f')) return at(1, 'tar -c -f');
      }
      return [];
    }
    case 'unzip': {
      const dir = optionValue(args, ['-d'], []);
      return dir ? valued(dir.index, dir.value, 'unzip -d') : [];
    }
    case 'curl': {
      const file = optionValue(args, ['-o'], ['--output']);
      if (file) return valued(file.index, file.value, 'curl -o');
      const dir = optionValue(args, [], ['--output-dir']);
      return dir ? valued(dir.index, dir.value, 'curl --output-dir') : [];
    }
    case 'wget': {
      const file = optionValue(args, ['-O'], ['--output-document']);
      if (file) return file.value === '/dev/stdout' || file.value === '-' ? [] : valued(file.index, file.value, 'wget -O');
      const dir = optionValue(args, ['-P'], ['--directory-prefix']);
      return dir ? valued(dir.index, dir.value, 'wget -P') : [];
    }
    case 'git': {
      if (args[0]?.literal !== 'clone') return [];
      const rest = args.slice(1);
      const operands = operandsOf(rest, [
        '-b',
        '--branch',
        '--depth',
        '-o',
        '--origin',
        '-c',
        '--config',
        '--reference',
        '--separate-git-dir',
        '-j',
        '--jobs',
        '--filter',
        '-u',
        '--upload-pack',
        '--template',
        '--shallow-since',
        '--shallow-exclude',
      ]);
      if (operands.length < 2) return [];
      return at(args.indexOf(operands[1]), 'git clone');
    }
    case 'tee':
      return operandsOf(args).flatMap((w) => at(args.indexOf(w), 'tee'));
  }
  return [];
}
