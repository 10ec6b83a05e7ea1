/**
 * R9 `volume-mount-undefined`: a `volumeMounts[n].name` that names no volume of the pod
 * (`ValidateVolumeMounts` → `IsMatchedVolume`). A StatefulSet's `volumeClaimTemplates` count as
 * volumes: its controller adds one volume per claim template to every pod it creates.
 */
import { isSeq } from 'yaml';
import { YamlEditor } from '../edits/yamlEdit';
import type { Edit } from '../model/text';
import { unsafeOnly, type Fix, type Rule } from './rule';
import { Suggestions } from './suggestions';
import { apiMessage, closest, dns1123LabelErrors, isPartial, isTemplated, quote, imageSubPathRefused } from './support';
import { stringField } from '../model/podSpec';

const WHY = "a mount refers to an entry of the pod's `volumes` by name, and there is none with this name.";

export const volumeMountUndefined: Rule = {
  id: 'volume-mount-undefined',
  defaultSeverity: 'error',
  title: 'A `volumeMounts[].name` names no volume of the pod (R9).',
  check({ doc, manifest, options, report }) {
    const spec = manifest.podSpec;
    if (!spec || isPartial(manifest, options)) return;
    const declared = [...spec.volumes, ...spec.volumeClaimTemplates].map((v) => v.name).filter((n): n is string => n !== undefined);
    // A list we cannot read (an alias, a template placeholder) may hold any name.
    const list = spec.fields.get('volumes')?.value;
    if (declared.some(isTemplated) || (list && !isSeq(list))) return;
    const known = new Set(declared);
    // Once per missing name, within a bound for the pod (suggestions.ts).
    const candidates = [...known];
    const suggestions = new Suggestions((name, spend) => closest(name, candidates, spend));
    const imageVolumes = new Set(spec.volumes.filter((v) => v.source === 'image').map((v) => v.name));
    // Every mount of a missing name offers the same new volume: built (and checked) once.
    const additions = new Map<string, Edit[] | undefined>();
    const addition = (editor: YamlEditor, volume: string): Edit[] | undefined => {
      if (!additions.has(volume))
        additions.set(volume, dns1123LabelErrors(volume).length ? undefined : editor.appendToList(spec.node, 'volumes', { name: volume, emptyDir: {} }));
      return additions.get(volume)?.map((e) => ({ ...e, span: { ...e.span } }));
    };
    for (const c of spec.containers) {
      for (const m of c.volumeMounts) {
        const name = stringField(m, 'name');
        if (name.kind !== 'string' || name.value === '' || known.has(name.value) || isTemplated(name.value)) continue;
        const near = suggestions.for(name.value);
        const fixes = unsafeOnly((): Fix[] => {
          const out: Fix[] = [];
          const editor = new YamlEditor(doc);
          // Not to an image volume that would refuse this mount's sub-path (it would trade this error for that one).
          const change = near && !(imageVolumes.has(near) && imageSubPathRefused(options, m)) ? editor.setScalar(name.node, near) : undefined;
          if (near && change) out.push({ title: `Change to \`${near}\``, edits: change, safe: false, preferred: true });
          // A volume with a name that is not a label would only trade this error for another.
          const add = addition(editor, name.value);
          if (add) out.push({ title: `Add an emptyDir volume \`${name.value}\``, edits: add, safe: false });
          return out;
        });
        report({
          span: name.span,
          message: apiMessage([...m.path, 'name'], `Not found: ${quote(name.value)}`, near ? `${WHY} Did you mean \`${near}\`?` : WHY),
          fixes,
        });
      }
    }
  },
};
