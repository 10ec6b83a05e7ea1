/** Questions rules ask about a read script: what a command runs, where it sits, what its failure does. */
import type { AndOr, Command, Pipeline, Redirect, Script, ShellNode, SimpleCommand, Word } from './ast';
import { countWhile } from '../model/text';
import { baseName } from './invocation';

/** Parents of a node, nearest first. */
export function ancestors(node: ShellNode | Word): ShellNode[] {
  const out: ShellNode[] = [];
  let cur = (node as { parent?: ShellNode | Redirect }).parent;
  for (let i = 0; cur && i < 1000; i++) {
    if (cur.kind !== 'redirect') out.push(cur);
    cur = cur.parent;
  }
  return out;
}

/** Prefix programs that run the rest of the command line. */
const PREFIXES: Record<string, readonly string[]> = {
  // name: options that take a value
  exec: ['-a'],
  command: [],
  builtin: [],
  nohup: [],
  time: [],
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U'],
  nice: ['-n'],
  stdbuf: ['-i', '-o', '-e'],
  ionice: ['-c', '-n', '-p'],
  'su-exec': [],
  gosu: [],
};

export interface Program {
  /** Index in `cmd.words` of the program word. */
  index: number;
  /** Its base name (`mkdir` for `/bin/mkdir`). */
  name: string;
  /** The words after it. */
  args: Word[];
}

/** The program a simple command runs, past `exec`, `command`, `sudo`, `env X=1`, `nohup`, `time`…; undefined when it is not a plain word. */
export function programOf(cmd: SimpleCommand): Program | undefined {
  if (cmd.arith) return undefined;
  const w = cmd.words;
  let i = 0;
  for (let hops = 0; hops < 6 && i < w.length; hops++) {
    const lit = w[i].literal;
    if (lit === undefined) return undefined;
    const name = baseName(lit);
    if (name === 'env') {
      i++;
      while (i < w.length && (/^-/.test(w[i].text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[i].text))) i += w[i].text === '-u' ? 2 : 1;
      continue;
    }
    if (name === 'su-exec' || name === 'gosu') {
      i += 2;
      continue;
    }
    const withValue = Object.hasOwn(PREFIXES, name) ? PREFIXES[name] : undefined;
    if (!withValue) break;
    i++;
    while (i < w.length && w[i].text.startsWith('-') && w[i].text !== '-') i += withValue.includes(w[i].text) ? 2 : 1;
  }
  if (i >= w.length) return undefined;
  const lit = w[i].literal;
  if (lit === undefined) return undefined;
  return { index: i, name: baseName(lit), args: w.slice(i + 1) };
}

/**
 * `--name=value` → `--name`: what `t.replace(/=.*$/, '')` gives (the first `=` after the last line
 * break), in linear time (that regular expression is quadratic on a long run of `=`).
 */
function longOptionName(t: string): string {
  let lineStart = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    const c = t.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      lineStart = i + 1;
      break;
    }
  }
  const eq = t.indexOf('=', lineStart);
  return eq < 0 ? t : t.slice(0, eq);
}

/** Short-option letters of a command's arguments before `--` (`-sfn` → s, f, n), and its long options. */
export function optionsOf(args: readonly Word[]): { letters: Set<string>; long: Set<string> } {
  const letters = new Set<string>();
  const long = new Set<string>();
  for (const a of args) {
    const t = a.text;
    if (t === '--') break;
    if (t.startsWith('--')) long.add(longOptionName(t));
    else if (/^-[A-Za-z]+$/.test(t)) for (const l of t.slice(1)) letters.add(l);
  }
  return { letters, long };
}

/** The operands of a command (arguments that are not options), up to and past `--`. */
export function operandsOf(args: readonly Word[], valued: readonly string[] = []): Word[] {
  const out: Word[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (options && t === '--') {
      options = false;
      continue;
    }
    if (options && /^-./.test(t)) {
      if (valued.includes(t)) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

/** Visits every command under a node (nested lists, compound bodies, substitutions not included). */
export function walk(node: ShellNode | undefined, visit: (c: Command) => void, depth = 0): void {
  if (!node || depth > 200) return;
  switch (node.kind) {
    case 'list':
      for (const i of node.items) walk(i, visit, depth + 1);
      return;
    case 'andor':
      for (const p of node.pipelines) walk(p, visit, depth + 1);
      return;
    case 'pipeline':
      for (const c of node.commands) walk(c, visit, depth + 1);
      return;
    default:
      visit(node);
      switch (node.kind) {
        case 'while':
        case 'until':
        case 'for':
          walk(node.condition, visit, depth + 1);
          walk(node.body, visit, depth + 1);
          return;
        case 'if':
          for (const b of node.branches) {
            walk(b.condition, visit, depth + 1);
            walk(b.body, visit, depth + 1);
          }
          walk(node.elseBody, visit, depth + 1);
          return;
        case 'case':
          for (const a of node.arms) walk(a.body, visit, depth + 1);
          return;
        case 'group':
        case 'subshell':
          walk(node.body, visit, depth + 1);
          return;
        case 'function':
          if (node.body) walk(node.body, visit, depth + 1);
          return;
      }
  }
}

/** Simple commands under a node, in source order, with their program. */
export function simpleCommandsIn(node: ShellNode | undefined): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  walk(node, (c) => {
    if (c.kind === 'simple') out.push(c);
  });
  return out;
}

/** The command sits in a `$(…)` or backtick substitution. */
export function inSubstitution(node: ShellNode): boolean {
  return ancestors(node).some((a) => a.kind === 'list' && a.role === 'substitution');
}

/** The command runs in the background (`… &`), itself or through an enclosing compound. */
export function inBackground(node: ShellNode): boolean {
  return [node, ...ancestors(node)].some((a) => a.kind === 'andor' && a.background);
}

/** The `&&`/`||` list a command is in, the index of its pipeline there, and whether it is the pipeline's last command. */
export function chainOf(cmd: Command): { andor: AndOr; index: number; pipeline: Pipeline; lastInPipeline: boolean } | undefined {
  const pipeline = cmd.parent;
  if (!pipeline || pipeline.kind !== 'pipeline') return undefined;
  const andor = pipeline.parent;
  if (!andor || andor.kind !== 'andor') return undefined;
  return { andor, index: andor.pipelines.indexOf(pipeline), pipeline, lastInPipeline: pipeline.commands[pipeline.commands.length - 1] === cmd };
}

const TESTS = new Set(['[', '[[', 'test']);

/** A pipeline that is a test (`[ -d x ]`, `test -f y`, `[[ … ]]`). */
export function isTest(p: Pipeline): boolean {
  const c = p.commands[0];
  if (!c || c.kind !== 'simple') return false;
  const prog = programOf(c);
  return !!prog && TESTS.has(prog.name);
}

/** Per script, the top-level items whose `set` commands switch errexit: their start and the state after them. */
const errexitSwitches = new WeakMap<Script, { start: number; on: boolean }[]>();

function switchesOf(script: Script): { start: number; on: boolean }[] {
  let out = errexitSwitches.get(script);
  if (out) return out;
  out = [];
  for (const item of script.root.items) {
    let on: boolean | undefined;
    for (const p of item.pipelines) {
      for (const c of p.commands) {
        if (c.kind !== 'simple') continue;
        const prog = programOf(c);
        if (!prog || prog.name !== 'set') continue;
        for (let i = 0; i < prog.args.length; i++) {
          const t = prog.args[i].text;
          if (/^-[a-z]*e[a-z]*$/.test(t)) on = true;
          else if (/^\+[a-z]*e[a-z]*$/.test(t)) on = false;
          else if ((t === '-o' || t === '+o') && prog.args[i + 1]?.text === 'errexit') on = t === '-o';
        }
      }
    }
    if (on !== undefined) out.push({ start: item.start, on });
  }
  errexitSwitches.set(script, out);
  return out;
}

/**
 * Whether `set -e` (or `-o errexit`) is in force at `offset`, from the shell's flags and the
 * script's top-level `set` commands. The switches are read once per script (a rule asks for every
 * command of a long script: reading the script each time was quadratic).
 */
export function errexitAt(script: Script, offset: number, initial: boolean): boolean {
  const switches = switchesOf(script);
  // The last switch in an item that starts before `offset`.
  const n = countWhile(switches, (s) => s.start < offset);
  return n === 0 ? initial : switches[n - 1].on;
}

/** The command whose exit status is the script's (the last top-level command), when it is simple. */
export function lastCommand(script: Script): SimpleCommand | undefined {
  const items = script.root.items;
  const last = items[items.length - 1];
  if (!last || last.background) return undefined;
  const p = last.pipelines[last.pipelines.length - 1];
  const c = p?.commands[p.commands.length - 1];
  return c?.kind === 'simple' ? c : undefined;
}

/**
 * Whether a failure of this command stops the script or skips what follows, with nothing
 * handling it: not in a condition, a substitution or the background; not tested by `||`, not
 * after a test in its `&&`/`||` chain, not inside `if`/`case`/a function; and either `set -e` is
 * in force, an `&&` follows it, or it is the script's last command.
 */
export function failureStops(script: Script, cmd: SimpleCommand, errexit: boolean): boolean {
  if (!script.complete) return false;
  const chain = chainOf(cmd);
  if (!chain || !chain.lastInPipeline || chain.pipeline.negated) return false;
  for (const a of ancestors(cmd)) {
    if (a.kind === 'if' || a.kind === 'case' || a.kind === 'function') return false;
    if (a.kind === 'list' && (a.role === 'condition' || a.role === 'substitution')) return false;
    if (a.kind === 'andor' && a !== chain.andor && a.ops.length > 0) return false;
    if (a.kind === 'andor' && a.background) return false;
  }
  const { andor, index } = chain;
  if (andor.background) return false;
  if (andor.ops[index] === '||') return false;
  for (let i = 0; i < index; i++) if (isTest(andor.pipelines[i])) return false;
  if (andor.ops[index] === '&&') return true;
  if (errexitAt(script, cmd.start, errexit)) return true;
  return lastCommand(script) === cmd;
}
