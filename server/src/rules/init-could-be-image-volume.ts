/**
 * R22 `init-could-be-image-volume` (ground truth §6.6, KEP-4639 "Alternatives"): a regular init
 * container whose only work is copying files out of its own image into an `emptyDir` that a later
 * container mounts (`cp -r /src/. /dst`, `cp -a`, `rsync -a`, `tar -c -C /src . | tar -x -C /dst`).
 * From 1.35 (`ImageVolume` beta and on by default, GA from 1.36) an image volume mounts the
 * image's files read-only with no init container to run. Info; the refactor is left to a person
 * (the files become read-only, and the mount path and sub-path change).
 *
 * The script may also make directories, print, test and list; anything else (a download, a
 * template, `chmod`, a write through a redirection) is work an image volume does not do, so
 * such a container is not reported. A source must be a literal absolute path outside every
 * volume the container mounts (its own image), the destination inside an emptyDir it mounts.
 */
import { isScalar } from 'yaml';
import type { Container, PodSpec } from '../model/podSpec';
import { operandsOf, optionsOf } from '../shell/query';
import type { SimpleCommand, Word } from '../shell/ast';
import { commandViews, lineOf, type CommandView } from './commandSupport';
import { containerLabel, containerSpan } from './containerFacts';
import type { Rule } from './rule';
import { apiMessage, isPartial, quote } from './support';
import { imageVolumesOn } from './targetGates';

/** Programs that neither copy nor change what the copy leaves. */
const HARMLESS = new Set(['mkdir', 'echo', 'printf', 'ls', 'true', ':', 'set', '[', '[[', 'test', 'find', 'du', 'sync', 'exit']);
const QUIET = /^\/dev\/(?:null|stdout|stderr|tty)$/;

interface Mount {
  path: string;
  volume: string;
  readOnly: boolean;
}

function mountsOf(c: Container): Mount[] {
  const out: Mount[] = [];
  for (const m of c.volumeMounts) {
    if (!m.name || !m.mountPath) continue;
    const ro = m.fields.get('readOnly')?.value;
    out.push({ path: m.mountPath.replace(/\/+$/, '') || '/', volume: m.name, readOnly: isScalar(ro) && ro.value === true });
  }
  return out;
}

function under(path: string, mount: string): boolean {
  return mount === '/' || path === mount || path.startsWith(`${mount}/`);
}

/** The text of a word the command receives, globs kept (`/src/*`), or undefined when it holds an expansion. */
function pathText(w: Word): string | undefined {
  if (w.literal !== undefined) return w.literal;
  return w.expansion ? undefined : w.text;
}

/** The `-C dir` of a tar command (the last one), if any. */
function tarDirectory(args: readonly Word[]): string | undefined {
  let dir: string | undefined;
  args.forEach((a, i) => {
    if (a.text === '-C' || a.text === '--directory') dir = args[i + 1] ? pathText(args[i + 1]) : undefined;
    else if (a.text.startsWith('--directory=')) dir = a.text.slice('--directory='.length);
  });
  return dir;
}

/** tar's mode letters: `-czf`, `--create`, or the old style `czf` as first argument. */
function tarMode(args: readonly Word[]): 'c' | 'x' | undefined {
  const { letters, long } = optionsOf(args);
  const old = args[0] && /^[A-Za-z]+$/.test(args[0].text) ? args[0].text : '';
  if (letters.has('c') || long.has('--create') || old.includes('c')) return 'c';
  if (letters.has('x') || long.has('--extract') || long.has('--get') || old.includes('x')) return 'x';
  return undefined;
}

interface Copy {
  sources: string[];
  destination: string;
}

/** What a command copies, or undefined when it is not a copy we can read. */
function copyOf(view: CommandView): Copy | 'other' | undefined {
  const program = view.program;
  if (!program) return 'other';
  const args = program.args;
  if (program.name === 'cp' || program.name === 'rsync') {
    if (args.some((a) => /^(?:-t|--target-directory)/.test(a.text))) return 'other';
    const operands = operandsOf(args, program.name === 'rsync' ? ['-e', '--rsh', '--exclude', '--include'] : ['-S', '--suffix']).map(pathText);
    if (operands.length < 2 || operands.some((o) => o === undefined)) return 'other';
    return { sources: operands.slice(0, -1) as string[], destination: operands[operands.length - 1]! };
  }
  if (program.name === 'tar') {
    const mode = tarMode(args);
    const pipeline = view.simple?.parent;
    if (!mode || !pipeline || pipeline.kind !== 'pipeline' || pipeline.commands.length !== 2) return 'other';
    const [left, right] = pipeline.commands;
    if (left.kind !== 'simple' || right.kind !== 'simple') return 'other';
    if (mode === 'x') return view.simple === right ? undefined : 'other'; // read with its creating half
    if (view.simple !== left) return 'other';
    const rightView = rightProgram(right);
    if (!rightView || rightView.name !== 'tar' || tarMode(rightView.args) !== 'x') return 'other';
    const source = tarDirectory(args);
    const destination = tarDirectory(rightView.args);
    if (!source || !destination) return 'other';
    return { sources: [source], destination };
  }
  return HARMLESS.has(program.name) ? undefined : 'other';
}

function rightProgram(cmd: SimpleCommand): { name: string; args: Word[] } | undefined {
  const first = cmd.words[0]?.literal;
  if (!first) return undefined;
  return { name: first.replace(/^.*\//, ''), args: cmd.words.slice(1) };
}

/** The later containers (init, sidecars, apps) that mount `volume`. */
function laterReaders(pod: PodSpec, c: Container, volume: string): Container[] {
  return pod.containers.filter(
    (x) => x.role !== 'ephemeral' && (x.list !== 'initContainers' || x.index > c.index) && x.volumeMounts.some((m) => m.name === volume),
  );
}

export const initCouldBeImageVolume: Rule = {
  id: 'init-could-be-image-volume',
  defaultSeverity: 'info',
  title:
    'A regular init container only copies files out of its own image into an `emptyDir` later containers mount: an image volume does that without it (from Kubernetes 1.35).',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || !imageVolumesOn(options) || isPartial(manifest, options)) return;
    const emptyDirs = new Set(pod.volumes.filter((v) => v.source === 'emptyDir' && v.name).map((v) => v.name!));
    for (const c of pod.initContainers) {
      if (c.role !== 'init' || !c.image || /[${}]/.test(c.image)) continue;
      const line = lineOf(doc, manifest, c);
      if (!line.complete || (line.shell && !line.script)) continue;
      if (
        line.script &&
        (line.script.script.redirects.some((r) => r.op.includes('>') && !(r.target && QUIET.test(r.target.literal ?? ''))) ||
          line.script.script.substitutions.length > 0)
      )
        continue;
      const mounts = mountsOf(c);
      const copies: Copy[] = [];
      let other = false;
      for (const view of commandViews(line)) {
        const copy = copyOf(view);
        if (copy === 'other') other = true;
        else if (copy) copies.push(copy);
      }
      if (other || copies.length === 0) continue;
      const targets = new Set<string>();
      const ok = copies.every((copy) => {
        const fromImage = (s: string) => {
          const dir =
            s
              .replace(/\/[^/]*[*?[].*$/, '')
              .replace(/\/\.$/, '')
              .replace(/\/+$/, '') || '/';
          return s.startsWith('/') && !s.split('/').includes('..') && !mounts.some((m) => under(dir, m.path) || under(m.path, dir));
        };
        if (!copy.sources.every(fromImage)) return false;
        const target = mounts.filter((m) => under(copy.destination, m.path)).sort((a, b) => b.path.length - a.path.length)[0];
        if (!target || target.readOnly || !emptyDirs.has(target.volume)) return false;
        targets.add(target.volume);
        return true;
      });
      if (!ok) continue;
      const readers = [...targets].flatMap((v) => laterReaders(pod, c, v).map((x) => ({ v, x })));
      if (readers.length === 0 || [...targets].some((v) => laterReaders(pod, c, v).length === 0)) continue;
      const volumes = [...targets].map(quote).join(', ');
      const names = [...new Set(readers.map((r) => containerLabel(r.x)))];
      const who = names.join(', ');
      report({
        span: containerSpan(c),
        message: apiMessage(
          c.path,
          `init container ${containerLabel(c)} only copies files out of its image into emptyDir ${volumes}, which ${who} mount${names.length > 1 ? '' : 's'}`,
          `from Kubernetes 1.35 (GA in 1.36) an image volume (\`volumes[].image.reference: ${c.image}\`) mounts those files read-only in ${who}, with no init container to run at every pod start.`,
        ),
      });
    }
  },
};
