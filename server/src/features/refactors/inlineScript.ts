/**
 * "Inline script from ConfigMap" (issue 16, the reverse of refactor 4) on a container whose
 * command runs a script file mounted from a ConfigMap defined in the same file
 * (`sh -e /scripts/x.sh`, the volume a whole `configMap` without `items`, the mount without
 * `subPath`): the script goes back inline (`sh -ec '<script>'`, a literal block in a block list),
 * the mount is removed, and the volume too when no other container mounts it. The ConfigMap
 * document stays: other workloads may use it.
 */
import { replaceSeqEdit, verifyEdits, type Change } from '../../edits/commandEdit';
import { YamlEditor } from '../../edits/yamlEdit';
import { commandLineOf } from '../../model/commands';
import type { Edit } from '../../model/text';
import { getEntry, scalarText } from '../../model/yamlNodes';
import type { RefactorProvider } from './refactor';
import { containerPath, onCommand, podPath } from './support';

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash)$/;
const TOKEN = 'initlens-inline-script-4f1c';

/**
 * `value` as a literal block scalar in place of `TOKEN` (a plain item `- TOKEN` of a block list),
 * or undefined. `lead` is the text of the edit's first line before the edit.
 */
function asLiteral(lead: string, edited: string, eol: string, value: string): string | undefined {
  const text = lead + edited;
  const at = text.indexOf(TOKEN);
  if (at < 0 || !value.includes('\n') || /[\r\t\u0000-\u0008\u000b-\u001f\u007f]/.test(value) || /^[ \n]/.test(value)) return undefined;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (!/^ *- $/.test(text.slice(lineStart, at))) return undefined;
  const indent = ' '.repeat(at - lineStart);
  const trailing = /\n*$/.exec(value)![0].length;
  const body = value.slice(0, value.length - trailing);
  if (/[ ]$/m.test(body)) return undefined;
  const header = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
  const lines = body.split('\n').map((l) => (l === '' ? '' : indent + l));
  for (let i = 1; i < trailing; i++) lines.push('');
  return (text.slice(0, at) + header + eol + lines.join(eol) + text.slice(at + TOKEN.length)).slice(lead.length);
}

export const inlineScript: RefactorProvider = {
  id: 'inline-script',
  offer({ doc, manifest, pod, container: c, offset, configMaps }) {
    if (!c) return [];
    const line = commandLineOf(doc.text, manifest, c);
    if (!onCommand(line, offset) || !line.complete || !line.commandSeq || line.shell?.scriptIndex !== undefined) return [];
    const argv = line.argv.map((a) => a.value);
    const file = argv[argv.length - 1];
    if (argv.length < 2 || !SHELLS.test(argv[0]) || !argv.slice(1, -1).every((w) => /^-[eux]+$/.test(w) || /^-o$|^pipefail$|^errexit$/.test(w))) return [];
    const mount = c.volumeMounts.find((m) => m.mountPath && file.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
    if (!mount || mount.fields.has('subPath') || mount.fields.has('subPathExpr')) return [];
    const key = file.slice(mount.mountPath!.replace(/\/$/, '').length + 1);
    const volume = pod.volumes.find((v) => v.name === mount.name);
    const source = volume?.fields.get('configMap')?.value;
    if (!volume || volume.source !== 'configMap' || getEntry(source, 'items')) return [];
    const namespace = scalarText(getEntry(getEntry(manifest.node, 'metadata')?.value, 'namespace')?.value);
    const cm = configMaps.find((m) => m.name === scalarText(getEntry(source, 'name')?.value) && (m.namespace === undefined || m.namespace === namespace));
    const script = cm && Object.hasOwn(cm.data, key) ? cm.data[key] : undefined;
    if (script === undefined || script.trim() === '') return [];
    // The shell and its options, `-c` added to the first option word (`-e` → `-ec`) or after the shell.
    const prefix = argv.slice(0, -1);
    const firstFlag = prefix.findIndex((w, i) => i > 0 && /^-[eux]+$/.test(w));
    if (firstFlag > 0) prefix[firstFlag] += 'c';
    else prefix.splice(1, 0, '-c');
    const inArgs = line.argv[line.argv.length - 1].list === 'args';
    if (inArgs && (!line.argsSeq || line.argv.filter((a) => a.list === 'args').length !== 1)) return [];
    const base = containerPath(manifest, c);
    const edits: Edit[] = [];
    const changes: Change[] = [];
    const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
    const seq = inArgs ? line.argsSeq! : line.commandSeq;
    const values = inArgs ? [script] : [...prefix, script];
    const placeholder = replaceSeqEdit(doc, seq, inArgs ? [TOKEN] : [...prefix, TOKEN]);
    if (!placeholder) return [];
    const lead = doc.text.slice(doc.text.lastIndexOf('\n', placeholder.span.start - 1) + 1, placeholder.span.start);
    const literal = seq.flow ? undefined : asLiteral(lead, placeholder.newText, eol, script);
    const replaced = literal !== undefined ? { ...placeholder, newText: literal } : replaceSeqEdit(doc, seq, values);
    if (!replaced) return [];
    edits.push(replaced);
    changes.push({ set: [...base, inArgs ? 'args' : 'command'], value: values });
    if (inArgs) {
      const command = replaceSeqEdit(doc, line.commandSeq, prefix);
      if (!command) return [];
      edits.push(command);
      changes.push({ set: [...base, 'command'], value: prefix });
    }
    const editor = new YamlEditor(doc);
    const mounts = c.fields.get('volumeMounts');
    const mountSeq = mounts?.value;
    const removeMount =
      c.volumeMounts.length === 1 && mounts
        ? editor.removePair(c.node, mounts.pair)
        : mountSeq && 'items' in mountSeq
          ? editor.removeItem(mountSeq, mount.index)
          : undefined;
    if (!removeMount) return [];
    edits.push(...removeMount);
    changes.push({ delete: c.volumeMounts.length === 1 ? [...base, 'volumeMounts'] : [...manifest.path, ...mount.path] });
    if (!pod.containers.some((x) => x !== c && x.volumeMounts.some((m) => m.name === volume.name))) {
      const volumes = pod.fields.get('volumes');
      const removeVolume =
        pod.volumes.length === 1 && volumes
          ? editor.removePair(pod.node, volumes.pair)
          : volumes?.value && 'items' in volumes.value
            ? editor.removeItem(volumes.value, volume.index)
            : undefined;
      if (!removeVolume) return [];
      edits.push(...removeVolume);
      changes.push({ delete: pod.volumes.length === 1 ? [...podPath(manifest, pod), 'volumes'] : [...manifest.path, ...volume.path] });
    }
    edits.sort((a, b) => a.span.start - b.span.start);
    return verifyEdits(doc, edits, changes) ? [{ id: 'inline-script', title: 'Inline script from ConfigMap', kind: 'refactor.inline', edits }] : [];
  },
};
