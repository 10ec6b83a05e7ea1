/**
 * `init-output-not-on-volume`: a regular init container writes files (a shell redirection, `cp`,
 * `mv`, `tar -x -C`, `unzip -d`, `curl -o`, `wget -O`/`-P`, `git clone DIR`, `tee`) to a path that
 * none of its own `volumeMounts` covers. A container's own filesystem goes away when it exits, so
 * the containers after it never see those files: the "pre-populate a volume" pattern done wrong.
 * Names the later container that mounts a volume at that path, when one does, and offers to mount
 * that volume in the init container at the same place.
 *
 * Not reported: relative paths and paths with expansions (the reader does not know them), scratch
 * space (`/tmp`, `/var/tmp`, `/run`, `/dev`, `/proc`, `/sys`), the files the kubelet shares with the
 * pod (`/etc/hosts`, `/etc/resolv.conf`, `/etc/hostname`, the termination log), a path a later
 * command of the same container reads (`curl -o /x.tgz …; tar -xzf /x.tgz -C /data`), and partial
 * manifests (a patch may add the mount).
 */
import { YamlEditor } from '../edits/yamlEdit';
import type { VolumeMount } from '../model/podSpec';
import { asSeq } from '../model/yamlNodes';
import { redirectedPaths, writtenPaths, type Written } from '../shell/writes';
import { commandViews, lineOf, wordSpan, type CommandView, type WordRef } from './commandSupport';
import { containerLabel } from './containerFacts';
import type { Fix, Rule } from './rule';
import { apiMessage, isPartial, quote } from './support';

const SCRATCH = /^\/(?:tmp|var\/tmp|run|var\/run|dev|proc|sys)(?:\/|$)/;
const KUBELET_FILES = new Set(['/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/dev/termination-log']);

/** `path` is `dir` or lies under it. */
function under(path: string, dir: string): boolean {
  const d = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  return path === d || path.startsWith(d === '/' ? '/' : `${d}/`);
}

function covering(mounts: readonly VolumeMount[], path: string): VolumeMount | undefined {
  return mounts.find((m) => m.mountPath !== undefined && m.name !== undefined && under(path, m.mountPath));
}

interface Output {
  written: Written;
  ref: WordRef | undefined;
  view: CommandView;
  index: number;
}

/** Every absolute path the container's commands write, with the command's index. */
function outputs(views: CommandView[]): Output[] {
  const out: Output[] = [];
  views.forEach((view, index) => {
    const fromArgs = view.program ? writtenPaths(view.program).map((w) => ({ w, ref: view.words[view.program!.index + 1 + w.arg] })) : [];
    const fromRedirects = view.simple ? redirectedPaths(view.simple).map((w) => ({ w, ref: undefined })) : [];
    for (const { w, ref } of [...fromArgs, ...fromRedirects]) out.push({ written: w, ref, view, index });
  });
  return out;
}

/** A later command of the same container names the path, a folder under it or one above it. */
function readLater(views: CommandView[], o: Output): boolean {
  const p = o.written.path;
  return views.slice(o.index).some((v, k) =>
    v.words.some((w, i) => {
      if (k === 0 && o.ref === w) return false;
      if (k === 0 && v.program && i <= v.program.index + 1 + o.written.arg) return false;
      const lit = w.literal ?? w.text;
      const paths = lit.match(/\/[^\s'"=:,;]*/g) ?? [];
      return paths.some((q) => under(q, p) || under(p, q.replace(/\/+$/, '') || '/'));
    }),
  );
}

export const initOutputNotOnVolume: Rule = {
  id: 'init-output-not-on-volume',
  defaultSeverity: 'warning',
  title: 'A regular init container writes files to a path none of its volume mounts covers: they are gone when it exits.',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || isPartial(manifest, options)) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      const views = commandViews(lineOf(doc, manifest, c));
      const seen = new Set<string>();
      for (const o of outputs(views)) {
        const path = o.written.path;
        if (SCRATCH.test(path) || KUBELET_FILES.has(path) || seen.has(path)) continue;
        if (covering(c.volumeMounts, path)) continue;
        if (readLater(views, o)) continue;
        seen.add(path);
        const later = pod.containers.filter((x) => x.role !== 'ephemeral' && pod.containers.indexOf(x) > pod.containers.indexOf(c));
        const reader = later.map((x) => ({ x, m: covering(x.volumeMounts, path) })).find((r) => r.m);
        const label = containerLabel(c);
        const what = `init container ${label} writes ${path} (${o.written.how}), and none of its volumeMounts covers it`;
        const why = reader
          ? `files outside a volume are gone when the init container exits; ${containerLabel(reader.x)} mounts volume ${quote(reader.m!.name!)} at ${reader.m!.mountPath} and will find it empty: mount ${quote(reader.m!.name!)} at ${reader.m!.mountPath} in ${label} too.`
          : `files outside a volume are gone when the init container exits, so no container after it sees them; write them to a volume that the containers after it mount.`;
        const arg = o.ref?.arg ?? o.view.words[0]?.arg;
        if (!arg) continue;
        const span = o.ref ? wordSpan(o.ref) : wordSpan({ text: o.written.path, arg, start: o.written.word.start, end: o.written.word.end });
        const fixes = (): Fix[] => {
          if (!reader) return [];
          const editor = new YamlEditor(doc);
          const mount = { name: reader.m!.name!, mountPath: reader.m!.mountPath! };
          const seq = asSeq(c.fields.get('volumeMounts')?.value);
          const edits = seq ? editor.appendItem(seq, mount) : editor.appendToList(c.node, 'volumeMounts', mount);
          return edits ? [{ title: `Mount volume ${quote(mount.name)} at ${mount.mountPath}`, edits, safe: false, preferred: true }] : [];
        };
        report({ span, message: apiMessage(arg.path, what, why), fixes });
      }
    }
  },
};
