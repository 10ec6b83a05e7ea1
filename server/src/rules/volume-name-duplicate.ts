/**
 * `volume-name-duplicate` (`ValidateVolumes`): a volume without a name, whose name is not a
 * lowercase RFC 1123 label, or whose name an earlier volume already has. As in the API server, a
 * volume whose name is invalid is not remembered, so it is never the "first" of a duplicate.
 */
import type { Rule } from './rule';
import { apiMessage, dns1123LabelErrors, isPartial, isTemplated, missingKeySpan, quote } from './support';
import { stringField } from '../model/podSpec';

const WHY_REQUIRED = 'containers mount a volume by its name, so every volume needs one.';
const WHY_INVALID =
  'volume names must be lowercase RFC 1123 labels (a-z, 0-9 and `-`, starting and ending with a letter or digit, at most 63 characters), or the API server rejects the object.';
const WHY_DUPLICATE = 'containers mount a volume by its name, so a name must identify exactly one volume.';

export const volumeNameDuplicate: Rule = {
  id: 'volume-name-duplicate',
  defaultSeverity: 'error',
  title: 'Two volumes with one name, or a volume name that is not a DNS label.',
  check({ manifest, options, report }) {
    const spec = manifest.podSpec;
    if (!spec) return;
    const partial = isPartial(manifest, options);
    const seen = new Map<string, number>();
    for (const v of spec.volumes) {
      const name = stringField(v, 'name');
      const path = [...v.path, 'name'];
      if (name.kind === 'absent' || (name.kind === 'string' && name.value === '')) {
        if (!partial) report({ span: name.kind === 'string' ? name.span : missingKeySpan(v), message: apiMessage(path, 'Required value', WHY_REQUIRED) });
        continue;
      }
      if (name.kind !== 'string' || isTemplated(name.value)) continue;
      const errors = dns1123LabelErrors(name.value);
      if (errors.length) {
        report({ span: name.span, message: apiMessage(path, `Invalid value: ${quote(name.value)}: ${errors.join(', ')}`, WHY_INVALID) });
        continue;
      }
      const first = seen.get(name.value);
      if (first !== undefined) {
        report({
          span: name.span,
          message: apiMessage(path, `Duplicate value: ${quote(name.value)}`, `volumes[${first}] already has this name; ${WHY_DUPLICATE}`),
        });
      } else {
        seen.set(name.value, v.index);
      }
    }
  },
};
