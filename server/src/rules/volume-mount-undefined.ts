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
import { apiMessage, dns1123LabelErrors, isPartial, isTemplated, quote, stringField, imageSubPathRefused } from './support';

const WHY = 'a mount refers to an entry of the pod\'s `volumes` by name, and there is none with this name.';

/** Optimal string alignment distance (Levenshtein plus swaps of neighbours). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The declared name closest to `name` (distance 1 or 2), when exactly one is closest. */
function closest(name: string, candidates: readonly string[], spend: () => boolean): string | undefined {
  // Volume names are DNS labels (63 characters): the table of a 100 kB name would be quadratic.
  if (name.length > 253) return undefined;
  let best: string[] = [];
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (Math.abs(name.length - candidate.length) > bestDistance) continue; // farther than that already
    if (!spend()) return undefined;
    const dist = distance(name, candidate);
    if (dist < bestDistance) {
      best = [candidate];
      bestDistance = dist;
    } else if (dist === bestDistance) {
      best.push(candidate);
    }
  }
  return best.length === 1 ? best[0] : undefined;
}

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
      if (!additions.has(volume)) additions.set(volume, dns1123LabelErrors(volume).length ? undefined : editor.appendToList(spec.node, 'volumes', { name: volume, emptyDir: {} }));
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
