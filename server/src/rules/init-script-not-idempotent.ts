/**
 * `init-script-not-idempotent`: an init container does something that fails when it is done a
 * second time, and the failure fails the container. Init containers run again: after any failure
 * (the kubelet restarts the same container with back-off) and whenever the pod is re-initialised.
 * Volumes keep what the first run wrote, and so do databases and the API server.
 *
 * Reported only when the second run really fails: the target is on a volume that outlives the
 * container (not the container's own filesystem, which is new each run), nothing handles the
 * error (`|| true`, a test before it, an `if`), and the error matters (`set -e`, an `&&` after
 * it, or the last command, whose status is the container's).
 */
import { editArgValue, replaceSeqEdit, verifyEdits } from '../edits/commandEdit';
import type { Arg, CommandLine } from '../model/commands';
import type { YamlDocument } from '../model/document';
import type { Container, PodSpec } from '../model/podSpec';
import { formatPath } from '../model/yamlNodes';
import { failureStops, operandsOf, optionsOf } from '../shell/query';
import type { Edit } from '../model/text';
import type { Fix, Rule } from './rule';
import { commandSpan, commandViews, lineOf, wordSpan, type CommandView, type WordRef } from './commandSupport';

/** Volume sources whose content is set by Kubernetes (read-only views), not kept from a run. */
const GENERATED = new Set(['configMap', 'secret', 'downwardAPI', 'projected', 'image', 'gitRepo']);

interface Mount {
  path: string;
  volume: string;
}

/** Writable mounts of volumes that keep their content across runs of the container. */
function keptMounts(pod: PodSpec, c: Container): Mount[] {
  const out: Mount[] = [];
  for (const m of c.volumeMounts) {
    if (!m.mountPath || !m.name) continue;
    const ro = m.fields.get('readOnly');
    if (ro && ro.value && 'value' in ro.value && (ro.value as { value: unknown }).value === true) continue;
    const v = pod.volumes.find((x) => x.name === m.name) ?? pod.volumeClaimTemplates.find((x) => x.name === m.name);
    if (!v || !v.source || GENERATED.has(v.source)) continue;
    out.push({ path: m.mountPath.replace(/\/+$/, '') || '/', volume: m.name });
  }
  return out;
}

function mountOf(path: string, mounts: readonly Mount[]): Mount | undefined {
  if (!path.startsWith('/') || /\/\.\.(\/|$)/.test(path)) return undefined;
  return mounts.filter((m) => path === m.path || path.startsWith(m.path === '/' ? '/' : `${m.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
}

/** Whether an earlier command of the script removes `path` (or a parent): then it is created afresh. */
function removedBefore(views: readonly CommandView[], view: CommandView, path: string): boolean {
  for (const v of views) {
    if (v === view) return false;
    if (!v.program || !v.simple || v.simple.start >= (view.simple?.start ?? 0)) continue;
    if (v.program.name !== 'rm' && v.program.name !== 'rmdir' && v.program.name !== 'unlink') continue;
    for (const o of operandsOf(v.program.args)) {
      const t = (o.literal ?? '').replace(/\/+$/, '');
      if (t && (path === t || path.startsWith(`${t}/`))) return true;
    }
  }
  return false;
}

function sqlFinding(view: CommandView, at: WordRef | undefined, what: string): Finding {
  const kind = what.toUpperCase();
  const postgresLacks = view.program?.name === 'psql' && /^(DATABASE|ROLE|USER)$/.test(kind);
  const todo = postgresLacks
    ? `PostgreSQL has no CREATE ${kind} IF NOT EXISTS: check ${kind === 'DATABASE' ? 'pg_database' : 'pg_roles'} first, or ignore that one error`
    : `write CREATE ${kind} IF NOT EXISTS, or check first`;
  return { view, at, what: `\`CREATE ${kind}\` fails with "already exists" when this init container runs again`, todo };
}

const SQL_CREATE = /\bCREATE\s+(DATABASE|SCHEMA|TABLE|ROLE|USER|EXTENSION)\b(?!\s+IF\s+NOT\s+EXISTS\b)/i;

interface Finding {
  view: CommandView;
  /** The word to point at (the operand), else the command. */
  at?: WordRef;
  what: string;
  /** What to do instead. */
  todo: string;
  fix?: { title: string; edit: { word: WordRef; start: number; end: number; text: string } };
}

function check(view: CommandView, views: readonly CommandView[], mounts: readonly Mount[]): Finding | undefined {
  const prog = view.program;
  if (!prog) return undefined;
  const words = view.words;
  const base = prog.index >= 0 ? prog.index : 0;
  const argRefs = words.slice(base + 1);
  const args = prog.args;
  const { letters, long } = optionsOf(args);
  switch (prog.name) {
    case 'mkdir': {
      if (letters.has('p') || long.has('--parents')) return undefined;
      const ops = operandsOf(args, ['-m', '--mode']);
      for (const o of ops) {
        const path = (o.literal ?? '').replace(/\/+$/, '');
        const m = mountOf(path, mounts);
        if (!m || path === m.path || removedBefore(views, view, path)) continue;
        const at = argRefs[args.indexOf(o)];
        const progWord = words[base];
        return {
          view,
          at,
          what: `\`mkdir ${o.literal}\` fails with "File exists" when this init container runs again: volume "${m.volume}" (${m.path}) keeps the directory`,
          todo: 'use mkdir -p',
          fix: progWord ? { title: 'Use mkdir -p', edit: { word: progWord, start: progWord.end, end: progWord.end, text: ' -p' } } : undefined,
        };
      }
      return undefined;
    }
    case 'ln': {
      if (!letters.has('s') || letters.has('f') || long.has('--force') || letters.has('t') || long.has('--target-directory')) return undefined;
      const ops = operandsOf(args);
      if (ops.length < 2) return undefined;
      const link = ops[ops.length - 1];
      const path = (link.literal ?? '').replace(/\/+$/, '');
      const m = mountOf(path, mounts);
      if (!m || path === m.path || removedBefore(views, view, path)) return undefined;
      const at = argRefs[args.indexOf(link)];
      // The option word to extend: `-s` → `-sfn`.
      const optIndex = args.findIndex((w) => /^-[A-Za-z]*s[A-Za-z]*$/.test(w.text) && w.literal === w.raw);
      const opt = optIndex >= 0 ? argRefs[optIndex] : undefined;
      const add = `f${letters.has('n') ? '' : 'n'}`;
      return {
        view,
        at,
        what: `\`ln -s … ${link.literal}\` fails with "File exists" when this init container runs again: volume "${m.volume}" (${m.path}) keeps the link`,
        todo: 'use ln -sfn, which replaces it',
        fix: opt ? { title: `Use ln -s${add}`.replace('-ss', '-s'), edit: { word: opt, start: opt.end, end: opt.end, text: add } } : undefined,
      };
    }
    case 'createdb':
      if (args.some((w) => /^--(help|version)$/.test(w.text))) return undefined;
      return {
        view,
        what: '`createdb` fails with "already exists" when this init container runs again',
        todo: 'check for the database first, or ignore that one error',
      };
    case 'psql':
    case 'mysql':
    case 'mariadb': {
      const valued = prog.name === 'psql' ? ['-c', '--command'] : ['-e', '--execute'];
      for (let i = 0; i < args.length - 1; i++) {
        const t = args[i].text;
        if (!valued.includes(t)) continue;
        const sql = args[i + 1].text;
        const m = SQL_CREATE.exec(sql);
        if (m) return sqlFinding(view, argRefs[i + 1], m[1]);
      }
      for (const a of args) {
        const eq = /^--(command|execute)=(.*)$/s.exec(a.text);
        const m = eq && SQL_CREATE.exec(eq[2]);
        if (m) return sqlFinding(view, argRefs[args.indexOf(a)], m[1]);
      }
      return undefined;
    }
    case 'kubectl': {
      const sub = operandsOf(args, [
        '-n',
        '--namespace',
        '--context',
        '--kubeconfig',
        '-f',
        '--filename',
        '-o',
        '--output',
        '-l',
        '--selector',
        '--from-literal',
        '--from-file',
        '--type',
        '--image',
        '--cluster',
        '--user',
        '-s',
        '--server',
        '--token',
      ]);
      if (sub[0]?.literal !== 'create' || sub[1]?.literal === 'token') return undefined;
      // A generated name (`job-$(date +%s)`) does not clash with the last run's.
      if (sub.some((w) => w.literal === undefined)) return undefined;
      if (args.some((w) => /^--dry-run/.test(w.text) || /^--(help|save-config=false)$/.test(w.text) || w.text === '-h')) return undefined;
      return { view, what: '`kubectl create` fails with "AlreadyExists" when this init container runs again', todo: 'use kubectl apply, or check first' };
    }
  }
  return undefined;
}

/** Exec form: a new item (`-p`) right after `after`, in the list that holds it. */
function insertItem(doc: YamlDocument, line: CommandLine, after: Arg, item: string): Edit[] | undefined {
  const seq = after.list === 'command' ? line.commandSeq : line.argsSeq;
  if (!seq || !line.complete) return undefined;
  const values = line.argv.filter((a) => a.list === after.list).map((a) => a.value);
  values.splice(after.index + 1, 0, item);
  const edit = replaceSeqEdit(doc, seq, values);
  if (!edit) return undefined;
  const path = after.docPath.slice(0, -1);
  return verifyEdits(doc, [edit], [{ set: path, value: values }]) ? [edit] : undefined;
}

export const initScriptNotIdempotent: Rule = {
  id: 'init-script-not-idempotent',
  defaultSeverity: 'warning',
  title: 'An init script fails when it runs again (`mkdir` without `-p`, `ln -s` without `-f`, a create call with no "already exists" handling).',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      const line = lineOf(doc, manifest, c);
      const views = commandViews(line);
      const mounts = keptMounts(pod, c);
      for (const view of views) {
        // A failure that something handles, or that changes nothing, is not reported.
        if (view.simple && view.script) {
          if (!failureStops(view.script.script, view.simple, view.script.errexit)) continue;
        } else if (line.entrypointUnknown || !line.complete) continue;
        const f = check(view, views, mounts);
        if (!f) continue;
        // Built when asked for: the edit re-parses the document to check itself.
        const fix = f.fix;
        const fixes = (): Fix[] => {
          if (!fix) return [];
          const { word, start, end, text } = fix.edit;
          let edits: Edit[] | undefined;
          if (view.simple || !text.startsWith(' ')) edits = editArgValue(doc, word.arg, [{ start, end, text }]);
          else edits = insertItem(doc, line, word.arg, text.trim());
          return edits ? [{ title: fix.title, edits, safe: false, preferred: true }] : [];
        };
        const path = (f.at ?? view.words[0])?.arg.path ?? c.path;
        report({
          span: f.at && !view.simple ? wordSpan(f.at) : commandSpan(view, doc.text),
          message: `${formatPath(path)}: ${f.what} — init containers run again after any failure and when the pod is re-initialised; ${f.todo}`,
          fixes,
        });
        break;
      }
    }
  },
};
