/**
 * "Replace with an image volume" (issue 16, refactor 8; ground truth §6.6, R22) on an init
 * container that only copies files out of its own image into an emptyDir (`cp -r /src/. /dst`, in
 * exec form or as a one-command `sh -c` script), at targets 1.35 and later (the `ImageVolume` gate
 * on by default). The emptyDir becomes `image: {reference: <its image>, pullPolicy: IfNotPresent}`,
 * the other containers' mounts of it read `/src` through `subPath` (accepted on image volumes from
 * 1.33), and the init container is removed. The image is mounted read-only, so every other mount
 * of the volume must already be `readOnly: true`; the copying container must mount nothing else.
 */
import { verifyEdits, type Change } from '../../edits/commandEdit';
import { documentJs, YamlEditor } from '../../edits/yamlEdit';
import { versionAtLeast } from '../../config/options';
import { commandLineOf } from '../../model/commands';
import type { Edit } from '../../model/text';
import { scalarText, type Path } from '../../model/yamlNodes';
import type { RefactorProvider } from './refactor';
import { literalWords } from './shellForm';
import { containerPath, listSeq, podPath } from './support';

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((cur, step) => (cur as Record<string | number, unknown> | undefined)?.[step], root);
}

/** `cp -r SRC/. DST` → the source directory and the destination, else undefined. */
function copyOf(words: readonly string[]): { from: string; to: string } | undefined {
  if (words[0] !== 'cp' && words[0] !== '/bin/cp') return undefined;
  const flags = words.slice(1, -2);
  const operands = words.slice(-2);
  if (operands.length !== 2 || flags.length === 0 || !flags.every((f) => /^-[rRapPdfv]+$/.test(f)) || !flags.some((f) => /[rRa]/.test(f))) return undefined;
  const [src, dst] = operands;
  if (!/^\/(?:[\w.-]+\/)*\.$/.test(src) || src.includes('/../') || !dst.startsWith('/')) return undefined;
  return { from: src.slice(0, -2), to: dst.replace(/\/\.?$/, '') || '/' };
}

export const imageVolume: RefactorProvider = {
  id: 'image-volume',
  offer({ doc, manifest, pod, container: c, options }) {
    if (!c || c.role !== 'init' || !versionAtLeast(options.kubernetesVersion, 1, 35)) return [];
    const image = c.image?.trim();
    if (!image || /[\s$]/.test(image) || c.volumeMounts.length !== 1 || c.env.length || c.hasEnvFrom) return [];
    const line = commandLineOf(doc.text, manifest, c);
    if (!line.complete || !line.command) return [];
    const s = line.script;
    const words = s
      ? s.invocation.shellIndex === 0 && !s.invocation.wrappers.length && s.arg.argv === line.argv.length - 1
        ? literalWords(s.arg.value)
        : undefined
      : line.shell
        ? undefined
        : line.argv.map((a) => a.value);
    const copy = words && copyOf(words);
    const mount = c.volumeMounts[0];
    if (!copy || !mount.mountPath || mount.mountPath.replace(/\/$/, '') !== copy.to) return [];
    if (copy.from === copy.to || copy.from.startsWith(`${copy.to}/`)) return [];
    const volume = pod.volumes.find((v) => v.name === mount.name);
    const emptyDir = volume?.fields.get('emptyDir');
    if (!volume || volume.source !== 'emptyDir' || !emptyDir || volume.fields.size !== 2) return [];
    const readers = pod.containers.filter((x) => x !== c).flatMap((x) => x.volumeMounts.filter((m) => m.name === volume.name));
    if (
      readers.length === 0 ||
      readers.some((m) => scalarText(m.fields.get('readOnly')?.value) !== 'true' || m.fields.has('subPath') || m.fields.has('subPathExpr'))
    )
      return [];
    const subPath = copy.from.replace(/^\//, '');
    const seq = listSeq(pod, 'initContainers');
    const initKey = pod.fields.get('initContainers');
    if (!seq || !initKey) return [];

    const editor = new YamlEditor(doc);
    const edits: Edit[] = [];
    const changes: Change[] = [];
    const root = documentJs(doc);
    const source = { reference: image, pullPolicy: 'IfNotPresent' };
    const replaced = editor.replacePair(volume.node, emptyDir.pair, 'image', source);
    if (!replaced) return [];
    edits.push(...replaced);
    changes.push({ set: [...manifest.path, ...volume.path], value: { name: volume.name, image: source } });
    if (subPath) {
      for (const m of readers) {
        const added = editor.addPair(m.node, 'subPath', subPath, { after: m.fields.get('mountPath')?.pair });
        if (!added) return [];
        edits.push(...added);
        const path = [...manifest.path, ...m.path];
        changes.push({ set: path, value: { ...(valueAt(root, path) as Record<string, unknown>), subPath } });
      }
    }
    const removal = seq.items.length === 1 ? editor.removePair(pod.node, initKey.pair) : editor.removeItem(seq, c.index);
    if (!removal) return [];
    edits.push(...removal);
    changes.push({ delete: seq.items.length === 1 ? [...podPath(manifest, pod), 'initContainers'] : containerPath(manifest, c) });
    edits.sort((a, b) => a.span.start - b.span.start);
    return verifyEdits(doc, edits, changes) ? [{ id: 'image-volume', title: 'Replace with an image volume', kind: 'refactor.rewrite', edits }] : [];
  },
};
