/**
 * R6 `container-name-invalid`: a container without a name, or whose name is not a lowercase
 * RFC 1123 label (`validateContainerCommon` → `ValidateDNS1123Label`).
 */
import { YamlEditor } from '../edits/yamlEdit';
import type { Fix, Rule } from './rule';
import { apiMessage, dns1123LabelErrors, isPartial, isTemplated, missingKeySpan, quote, sanitiseLabel } from './support';
import { stringField } from '../model/podSpec';

const WHY_REQUIRED = 'every container needs a name: the kubelet, `kubectl logs -c` and `kubectl exec -c` address containers by it.';
const WHY_INVALID =
  'container names must be lowercase RFC 1123 labels (a-z, 0-9 and `-`, starting and ending with a letter or digit, at most 63 characters), or the API server rejects the object.';

export const containerNameInvalid: Rule = {
  id: 'container-name-invalid',
  defaultSeverity: 'error',
  title: 'A container without a name, or whose name is not a lowercase RFC 1123 label (R6).',
  check({ doc, manifest, options, report }) {
    const spec = manifest.podSpec;
    if (!spec) return;
    const partial = isPartial(manifest, options);
    for (const c of spec.containers) {
      const name = stringField(c, 'name');
      const path = [...c.path, 'name'];
      if (name.kind === 'absent' || (name.kind === 'string' && name.value === '')) {
        if (partial) continue;
        report({ span: name.kind === 'string' ? name.span : missingKeySpan(c), message: apiMessage(path, 'Required value', WHY_REQUIRED) });
        continue;
      }
      if (name.kind !== 'string' || isTemplated(name.value)) continue;
      const errors = dns1123LabelErrors(name.value);
      if (!errors.length) continue;
      const fixes = (): Fix[] => {
        const fixed = sanitiseLabel(name.value);
        const taken = spec.containers.some((o) => o !== c && o.name === fixed);
        const edits = fixed && !dns1123LabelErrors(fixed).length && !taken ? new YamlEditor(doc).setScalar(name.node, fixed) : undefined;
        return edits ? [{ title: `Change to \`${fixed}\``, edits, safe: true, preferred: true }] : [];
      };
      report({
        span: name.span,
        message: apiMessage(path, `Invalid value: ${quote(name.value)}: ${errors.join(', ')}`, WHY_INVALID),
        fixes,
      });
    }
  },
};
