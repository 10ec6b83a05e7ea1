/**
 * "Extract script into a ConfigMap" (issue 16, refactor 4) on a container that runs an inline
 * script (`sh -c '…'`, the script in `command` or `args`): a ConfigMap document appended to the
 * file, named after the container (`<container>-script`), holding the script under
 * `<container>.sh`; a `configMap` volume of that name with `defaultMode: 0555`; a read-only mount
 * at `/scripts` in the container; and the command rewritten to run the mounted file with the same
 * shell and options (`sh -e -c '…'` → `sh -e /scripts/<container>.sh`).
 *
 * Not offered when the shell receives arguments after the script (`$0`, `$1` would shift), when
 * the names are taken (a volume, a `/scripts` mount, the ConfigMap's name in the file), or for a
 * one-line script shorter than 60 characters (nothing to gain).
 */
import { appendDocumentEdit, renderDocument, replaceSeqEdit, verifyEdits, type Change } from '../../edits/commandEdit';
import { documentJs, YamlEditor } from '../../edits/yamlEdit';
import { commandLineOf } from '../../model/commands';
import type { Edit } from '../../model/text';
import { getEntry, scalarText, type Path } from '../../model/yamlNodes';
import { sanitiseLabel } from '../../rules/support';
import type { RefactorProvider } from './refactor';
import { containerPath, onCommand, podPath } from './support';

const MOUNT = '/scripts';

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((cur, step) => (cur as Record<string | number, unknown> | undefined)?.[step], root);
}

/** Insertions at one offset joined in order (the document's own edits before the appended document). */
function joined(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    const last = out[out.length - 1];
    if (last && last.span.end === e.span.start && e.span.start === e.span.end) out[out.length - 1] = { span: last.span, newText: last.newText + e.newText };
    else out.push(e);
  }
  return out;
}

export const extractScript: RefactorProvider = {
  id: 'extract-script',
  offer({ doc, manifest, pod, container: c, offset }) {
    if (!c?.name || !manifest.workload) return [];
    const line = commandLineOf(doc.text, manifest, c);
    if (!onCommand(line, offset)) return [];
    const s = line.script;
    if (!s || !line.complete || !line.commandSeq || s.invocation.shellIndex !== 0 || s.invocation.wrappers.length) return [];
    const argv = line.argv.map((a) => a.value);
    if (s.arg.argv !== argv.length - 1) return [];
    const script = s.arg.value;
    if (!script.trim().includes('\n') && script.length < 60) return [];
    const name = sanitiseLabel(`${c.name}-script`);
    const key = `${sanitiseLabel(c.name)}.sh`;
    if (!name || name !== `${c.name}-script`) return [];
    if (
      pod.volumes.some((v) => v.name === name) ||
      c.volumeMounts.some((m) => m.mountPath !== undefined && (m.mountPath === MOUNT || m.mountPath.startsWith(`${MOUNT}/`)))
    )
      return [];
    if (new RegExp(`name:\\s*["']?${name}["']?\\s*$`, 'm').test(doc.text)) return [];
    // The shell and its options without `-c`, then the mounted file.
    const prefix: string[] = [];
    for (const w of argv.slice(0, s.arg.argv)) {
      if (w === '-c') continue;
      if (/^-[A-Za-z]*c[A-Za-z]*$/.test(w)) prefix.push(w.replace('c', ''));
      else prefix.push(w);
    }
    const file = `${MOUNT}/${key}`;
    const base = containerPath(manifest, c);
    const podBase = podPath(manifest, pod);
    const edits: Edit[] = [];
    const changes: Change[] = [];
    const root = documentJs(doc);
    // New keys are promised through their parent (pod spec first, then the container inside it).
    const volume = { name, configMap: { name, defaultMode: 365 } };
    const podJs = structuredClone(valueAt(root, podBase)) as Record<string, unknown>;
    podJs.volumes = [...((podJs.volumes as unknown[] | undefined) ?? []), volume];
    const containerJs = structuredClone(valueAt(root, base)) as Record<string, unknown>;
    containerJs.volumeMounts = [...((containerJs.volumeMounts as unknown[] | undefined) ?? []), { name, mountPath: MOUNT, readOnly: true }];
    const editor = new YamlEditor(doc);
    const addVolume = editor.appendToList(pod.node, 'volumes', volume);
    const addMount = editor.appendToList(c.node, 'volumeMounts', { name, mountPath: MOUNT, readOnly: true });
    if (!addVolume || !addMount) return [];
    // `0555`, as people write modes (YAML 1.1 reads it as the octal 365, as the API server does).
    const octal = addVolume.map((e) => ({ ...e, newText: e.newText.replace(/defaultMode: 365\b/, 'defaultMode: 0555') }));
    if (octal.every((e, i) => e.newText === addVolume[i].newText)) return [];
    edits.push(...octal, ...addMount);
    changes.push({ set: podBase, value: podJs }, { set: base, value: containerJs });
    if (s.arg.list === 'args') {
      const args = line.argsSeq && line.argv.filter((a) => a.list === 'args').length === 1 ? replaceSeqEdit(doc, line.argsSeq, [file]) : undefined;
      const command = replaceSeqEdit(doc, line.commandSeq, prefix);
      if (!args || !command || prefix.length === 0) return [];
      edits.push(command, args);
      changes.push({ set: [...base, 'command'], value: prefix }, { set: [...base, 'args'], value: [file] });
    } else {
      if (line.args) return [];
      const command = replaceSeqEdit(doc, line.commandSeq, [...prefix, file]);
      if (!command) return [];
      edits.push(command);
      changes.push({ set: [...base, 'command'], value: [...prefix, file] });
    }
    edits.sort((a, b) => a.span.start - b.span.start);
    if (!verifyEdits(doc, edits, changes)) return [];
    const namespace = scalarText(getEntry(getEntry(manifest.node, 'metadata')?.value, 'namespace')?.value);
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data: { [key]: script } };
    const text = renderDocument(doc, configMap, configMap);
    if (!text) return [];
    return [
      { id: 'extract-script', title: 'Extract script into a ConfigMap', kind: 'refactor.extract', edits: joined([...edits, appendDocumentEdit(doc, text)]) },
    ];
  },
};
