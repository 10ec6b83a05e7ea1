/**
 * What is known about commands that never exit: `sleep infinity`, `tail -f`, an endless loop with
 * no way out, a server in the foreground, or a server image started with its default command.
 * Shared by `init-never-completes` (an init container that blocks the pod) and
 * `sidecar-in-app-containers` (an app container that keeps a Job from completing).
 */
import { FOREGROUND_PROGRAMS, SERVER_IMAGES, serverImage } from '../knowledge/programs';
import { argLineSpan } from '../model/commands';
import type { Manifest, YamlDocument } from '../model/document';
import type { Container } from '../model/podSpec';
import type { Span } from '../model/text';
import type { Path } from '../model/yamlNodes';
import type { Command, List, Loop, Script } from '../shell/ast';
import { programOf, simpleCommandsIn, type Program } from '../shell/query';
import { quoteWord } from '../shell/quote';
import { commandSpan, commandViews, envNames, lineOf, shortText } from './commandSupport';

const ONE_YEAR = 365 * 24 * 3600;

const SERVER_ENV_ANY = SERVER_IMAGES.flatMap((s) => s.requiresEnv ?? []);

/** Seconds in a `sleep` operand (`3600`, `1h`, `2d`), Infinity for `infinity`. */
function sleepSeconds(arg: string): number | undefined {
  if (/^inf(inity)?$/i.test(arg)) return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

/** Why a program with these arguments never exits (a phrase after the command), or undefined. */
function neverExits(program: Program | undefined): string | undefined {
  if (!program) return undefined;
  const args = program.args.map((w) => w.literal ?? w.text);
  switch (program.name) {
    case 'sleep': {
      const total = args.map(sleepSeconds).reduce<number | undefined>((a, b) => (a === undefined || b === undefined ? undefined : a + b), 0);
      return total !== undefined && total >= ONE_YEAR && args.length > 0 ? 'never exits' : undefined;
    }
    case 'tail':
      if (args.some((a) => a === '--follow' || a.startsWith('--follow=') || /^-[a-zA-Z]*[fF]/.test(a)) && !args.some((a) => a.startsWith('--pid')))
        return 'never exits';
      return undefined;
  }
  const p = FOREGROUND_PROGRAMS.find((f) => f.program === program.name);
  if (!p) return undefined;
  if (p.exitsWith && args.some((a) => p.exitsWith!.test(a))) return undefined;
  if (p.foregroundWhen && !args.some((a) => p.foregroundWhen!.test(a))) return undefined;
  return `runs ${p.what} in the foreground until it is stopped`;
}

const EXITS = new Set(['exit', 'break', 'return', 'exec', 'kill', 'killall', 'pkill']);

/** `while true`, `while :`, `while [ 1 ]`, `while sleep 5`, `until false`: a condition that always holds. */
function alwaysLoops(loop: Loop): boolean {
  const items = loop.condition?.items ?? [];
  if (items.length !== 1) return false;
  const andor = items[0];
  if (andor.pipelines.length !== 1 || andor.pipelines[0].commands.length !== 1 || andor.pipelines[0].negated) return false;
  const c = andor.pipelines[0].commands[0];
  if (c.kind !== 'simple') return false;
  const prog = programOf(c);
  if (!prog) return false;
  const args = prog.args.map((w) => w.literal ?? '?');
  if (loop.kind === 'until') return prog.name === 'false' && args.length === 0;
  if ((prog.name === 'true' || prog.name === ':') && args.length === 0) return true;
  if (prog.name === '[' && args.length === 2 && /^(1|true|yes)$/.test(args[0]) && args[1] === ']') return true;
  if (prog.name === 'sleep' && args.length === 1 && sleepSeconds(args[0]) !== undefined) return true;
  return false;
}

function endless(loop: Loop): boolean {
  if (!alwaysLoops(loop)) return false;
  return !simpleCommandsIn(loop).some((c) => {
    const p = programOf(c);
    return !p || EXITS.has(p.name);
  });
}

/** The first command the script surely reaches that never returns, with why. */
function blockingInScript(script: Script): { start: number; end: number; why: string } | undefined {
  const visit = (list: List): { start: number; end: number; why: string } | undefined => {
    for (const item of list.items) {
      if (item.background) continue;
      // After a top-level `exit` or `exec program`, nothing else runs.
      const head = item.pipelines[0]?.commands[0];
      if (head?.kind === 'simple' && item.pipelines.length === 1) {
        const first = head.words[0]?.literal;
        const ends = first === 'exit' || (first === 'exec' && head.words.length > 1);
        if (ends) {
          const hit = blocking(head);
          return hit;
        }
      }
      for (let k = 0; k < item.pipelines.length; k++) {
        // After `||` it runs only on failure (a debugging hold): not reported.
        if (k > 0 && item.ops[k - 1] === '||') break;
        for (const cmd of item.pipelines[k].commands) {
          const hit = blocking(cmd);
          if (hit) return hit;
        }
      }
    }
    return undefined;
  };
  const blocking = (cmd: Command): { start: number; end: number; why: string } | undefined => {
    switch (cmd.kind) {
      case 'simple': {
        const why = neverExits(programOf(cmd));
        return why ? { start: cmd.start, end: cmd.end, why: `\`${shortText(script.text.slice(cmd.start, cmd.end))}\` ${why}` } : undefined;
      }
      case 'while':
      case 'until':
        if (!endless(cmd)) return undefined;
        return {
          start: cmd.start,
          end: cmd.end,
          why: `\`${cmd.kind} ${shortText(script.text.slice(cmd.condition!.start, cmd.condition!.end).replace(/[\s;]+$/, ''))}\` is an endless loop with no exit or break`,
        };
      case 'group':
      case 'subshell':
        return visit(cmd.body);
      default:
        return undefined;
    }
  };
  return script.complete ? visit(script.root) : undefined;
}

export interface Blocking {
  span: Span;
  path: Path;
  what: string;
}

/**
 * What in `c` never exits: a command or script line that blocks for ever, or a server image
 * started with its default command (with the environment it needs). Undefined when it ends.
 */
export function neverExitingCommand(doc: YamlDocument, manifest: Manifest, c: Container): Blocking | undefined {
  const line = lineOf(doc, manifest, c);
  if (!c.fields.has('command') && !c.fields.has('args')) {
    // envFrom may set the variables a database image needs: then they count as set.
    const server = serverImage(c.image, c.hasEnvFrom ? SERVER_ENV_ANY : envNames(c));
    const image = c.fields.get('image');
    if (server && image)
      return { span: image.valueSpan, path: [...c.path, 'image'], what: `the image runs ${server.what} by default, a server that runs until it is stopped` };
    return undefined;
  }
  if (line.script) {
    if (line.shell?.wrappers.includes('timeout')) return undefined;
    const hit = blockingInScript(line.script.script);
    if (!hit) return undefined;
    return { span: argLineSpan(line.script.arg, hit.start, hit.end), path: line.script.arg.path, what: hit.why };
  }
  if (line.shell || line.entrypointUnknown) return undefined;
  const [view] = commandViews(line);
  const why = view && neverExits(view.program);
  if (!view || !why) return undefined;
  return {
    span: commandSpan(view, doc.text),
    path: [...c.path, 'command'],
    what: `\`${shortText(view.words.map((w) => quoteWord(w.text)).join(' '))}\` ${why}`,
  };
}
