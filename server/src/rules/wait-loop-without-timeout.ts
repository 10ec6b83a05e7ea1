/**
 * `wait-loop-without-timeout`: an init script waits for something (`until nc -z db 5432; do sleep
 * 2; done`, `while ! nslookup db; do sleep 1; done`) with no timeout and no attempt limit. If the
 * dependency never comes, the pod waits in `Init:k/N` forever and nothing fails, so nothing alerts.
 */
import { editArgValue, type ValueEdit } from '../edits/commandEdit';
import { type ShellScript, argLineSpan } from '../model/commands';
import { countWhile } from '../model/text';
import { formatPath } from '../model/yamlNodes';
import type { Loop, Script } from '../shell/ast';
import { errexitAt, inBackground, inSubstitution, programOf, simpleCommandsIn } from '../shell/query';
import { unsafeOnly, type Fix, type Rule } from './rule';
import { lineOf, shortText } from './commandSupport';

const TIMEOUT_SECONDS = 300;

/** Loops of one script offered a fix: each fix re-parses the document, so a bound keeps it linear. */
const MAX_WRAP_FIXES = 20;

/** The index of the first item starting at or after `offset` (items sorted by start). */
function firstAtOrAfter(items: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Commands that leave a loop. */
const EXITS = new Set(['exit', 'break', 'return', 'exec']);

/** Programs that count or measure time: a loop using them has an attempt limit or a deadline. */
const COUNTERS = new Set(['let', 'expr', 'seq', 'date', 'bc']);

/** `while true`, `while :`, `until false`. */
function alwaysTrue(loop: Loop): boolean {
  const items = loop.condition?.items ?? [];
  if (items.length !== 1 || items[0].pipelines.length !== 1) return false;
  const p = items[0].pipelines[0];
  const c = p.commands[0];
  if (p.negated || p.commands.length !== 1 || c.kind !== 'simple') return false;
  const prog = programOf(c);
  if (!prog || prog.args.length > 0) return false;
  return loop.kind === 'until' ? prog.name === 'false' : prog.name === 'true' || prog.name === ':';
}

function exits(node: Loop | Loop['body']): boolean {
  return simpleCommandsIn(node).some((c) => EXITS.has(programOf(c)?.name ?? ''));
}

/**
 * A loop that waits: it sleeps, and it ends only when something succeeds — its condition
 * (`until X`, `while ! X`, `while [ -z "$Y" ]`), or an exit or break inside a `while true`.
 */
function waitKind(loop: Loop): 'until' | 'while' | 'true' | undefined {
  if (loop.kind === 'for' || !loop.condition || loop.condition.items.length === 0) return undefined;
  if (alwaysTrue(loop)) return exits(loop.body) ? 'true' : undefined;
  return loop.kind;
}

/** A script's commands, variable reads and substitutions, each sorted by start once (per script). */
interface ByStart {
  commands: Script['commands'];
  variables: Script['variables'];
  substitutions: Script['substitutions'];
}
const SORTED = new WeakMap<Script, ByStart>();

function byStart(script: Script): ByStart {
  let sorted = SORTED.get(script);
  if (!sorted) {
    const order = <T extends { start: number }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.start - b.start);
    sorted = { commands: order(script.commands), variables: order(script.variables), substitutions: order(script.substitutions) };
    SORTED.set(script, sorted);
  }
  return sorted;
}

/** The items that start inside `loop` (a binary search, then only those): linear over all loops of a script. */
function within<T extends { start: number; end: number }>(items: readonly T[], loop: Loop): T[] {
  const out: T[] = [];
  for (let i = countWhile(items, (x) => x.start < loop.start); i < items.length && items[i].start <= loop.end; i++) {
    if (items[i].end <= loop.end) out.push(items[i]);
  }
  return out;
}

/** Whether the loop has a way out other than success: an attempt counter, a deadline, or (for a conditional loop) an exit or break. */
function limited(script: Script, loop: Loop, kind: 'until' | 'while' | 'true'): boolean {
  if (kind !== 'true' && exits(loop.body)) return true;
  const sorted = byStart(script);
  // Commands in the loop, those in $(…) included (`[ $(date +%s) -gt $end ]`).
  for (const c of within(sorted.commands, loop)) {
    if (c.arith) return true;
    const prog = programOf(c);
    if (prog && COUNTERS.has(prog.name)) return true;
  }
  if (within(sorted.variables, loop).some((v) => v.name === 'SECONDS')) return true;
  return within(sorted.substitutions, loop).some((s) => s.kind === '$((');
}

function sleeps(loop: Loop): boolean {
  return simpleCommandsIn(loop.body).some((c) => programOf(c)?.name === 'sleep');
}

/** Names the script assigns (not exported to a child shell unless `export`ed) and functions it defines. */
interface ScriptLocals {
  vars: Set<string>;
  functions: Set<string>;
}

function scriptLocals(script: Script): ScriptLocals {
  const vars = new Set<string>();
  const functions = new Set<string>();
  for (const c of script.commands) for (const a of c.assignments) vars.add(a.text.replace(/\+?=.*$/s, ''));
  for (const l of script.loops) if (l.kind === 'for' && l.variable) vars.add(l.variable.text);
  const walk = (text: string) => {
    for (const m of text.matchAll(/(?:^|[\s;&|(){}])(?:function\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*\(\s*\)/g)) functions.add(m[1]);
  };
  walk(script.text);
  return { vars, functions };
}

/** `timeout 300 sh -c '<loop>'` around the loop, when that keeps its meaning. */
function wrapFix(s: ShellScript, loop: Loop, locals: ScriptLocals): ValueEdit[] | undefined {
  const script = s.script;
  const pipeline = loop.parent;
  if (!pipeline || pipeline.kind !== 'pipeline' || pipeline.commands.length !== 1 || pipeline.negated) return undefined;
  const andor = pipeline.parent;
  if (!andor || andor.kind !== 'andor' || andor.pipelines.length !== 1 || andor.background) return undefined;
  // The inner shell sees exported variables only, and no functions of this script.
  const { vars, functions } = locals;
  for (let i = firstAtOrAfter(script.variables, loop.start); i < script.variables.length && script.variables[i].start < loop.end; i++) {
    const v = script.variables[i];
    if (v.end > loop.end) continue;
    if (/^[0-9@*#?$!-]$/.test(v.name) || vars.has(v.name)) return undefined;
  }
  for (const c of simpleCommandsIn(loop)) {
    const p = programOf(c);
    if (p && functions.has(p.name)) return undefined;
  }
  const text = script.text.slice(loop.start, loop.end);
  const edits: ValueEdit[] = [{ start: loop.start, end: loop.start, text: `timeout ${TIMEOUT_SECONDS} ${s.invocation.shell} -c '` }];
  for (let i = text.indexOf("'"); i >= 0; i = text.indexOf("'", i + 1)) edits.push({ start: loop.start + i, end: loop.start + i + 1, text: `'\\''` });
  // If the loop is not what the script ends with, stop there when it times out.
  const isLast = andor.parent === script.root && script.root.items[script.root.items.length - 1] === andor;
  const stops = isLast || errexitAt(script, loop.start, s.errexit);
  edits.push({ start: loop.end, end: loop.end, text: stops ? `'` : `' || exit 1` });
  return edits;
}

export const waitLoopWithoutTimeout: Rule = {
  id: 'wait-loop-without-timeout',
  defaultSeverity: 'warning',
  title: 'An init script waits for a dependency in a loop with no timeout or attempt limit: if it never comes, the pod hangs in `Init` with no error.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod || pod.fields.has('activeDeadlineSeconds')) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      const line = lineOf(doc, manifest, c);
      const s = line.script;
      if (!s || !s.script.complete || s.invocation.wrappers.includes('timeout')) continue;
      let reported = 0;
      // What wrapFix needs of the whole script: computed once, for the first fix built.
      let known: ScriptLocals | undefined;
      const locals = (): ScriptLocals => (known ??= scriptLocals(s.script));
      for (const loop of s.script.loops) {
        const kind = waitKind(loop);
        if (!kind || !sleeps(loop) || limited(s.script, loop, kind)) continue;
        if (inBackground(loop) || inSubstitution(loop)) continue;
        // Nested in a loop that has a limit: the outer one bounds it.
        let outer = loop.parent;
        let bounded = false;
        for (; outer; outer = outer.parent) {
          if (outer.kind === 'for' || ((outer.kind === 'while' || outer.kind === 'until') && limited(s.script, outer, waitKind(outer) ?? 'while')))
            bounded = true;
        }
        if (bounded) continue;
        const cond = loop.condition!;
        const what = shortText(s.script.text.slice(cond.start, cond.end).replace(/;\s*$/, ''), 50);
        const status = `Init:${c.index}/${pod.initContainers.length}`;
        const waitsFor =
          kind === 'until'
            ? `this loop waits for \`${what}\``
            : kind === 'while'
              ? `this loop waits while \`${what}\` holds`
              : `this \`${loop.kind} ${what}\` loop waits for the success that ends it`;
        const message = `${formatPath(s.arg.path)}: ${waitsFor} with no timeout or attempt limit — if it never ends the pod stays in ${status} with no error to alert anyone; bound it: timeout ${TIMEOUT_SECONDS} sh -c '…', or count attempts and exit 1`;
        // Built when asked for: the edit re-parses the document (seconds for a pod of 50,000
        // containers), so only the first MAX_WRAP_FIXES loops of a script get one; never by --fix.
        const offered = ++reported <= MAX_WRAP_FIXES;
        const fixes = unsafeOnly((): Fix[] => {
          if (!offered) return [];
          const wrap = wrapFix(s, loop, locals());
          const edits = wrap && editArgValue(doc, s.arg, wrap);
          return edits ? [{ title: `Wrap the loop in timeout ${TIMEOUT_SECONDS}`, edits, safe: false, preferred: true }] : [];
        });
        let headEnd = Math.min(loop.end, cond.end);
        while (headEnd > loop.start && /[\s;]/.test(s.script.text[headEnd - 1])) headEnd--;
        report({ span: argLineSpan(s.arg, loop.start, headEnd), message, fixes });
      }
    }
  },
};
