/**
 * R8 `image-missing`: a container without an image (`validateContainerCommon`), and, for a Pod
 * only, an image with leading or trailing whitespace (`validateContainerOnlyForPod`; pod
 * templates keep accepting it for backward compatibility).
 */
import type { Rule } from './rule';
import { apiMessage, isPartial, isTemplated, missingKeySpan, quote } from './support';
import { stringField } from '../model/podSpec';

const WHY_REQUIRED =
  'the API server rejects a container without an image, in a pod template too (the API schema calls it optional only so that tools can fill it in before the object is sent).';
/** Go's `unicode.IsSpace`, which `strings.TrimSpace` uses (JavaScript's `trim` differs on U+0085 and U+FEFF). */
const EDGE_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

const WHY_SPACE = 'the image reference is used exactly as written, so the spaces would make it an invalid reference.';

export const imageMissing: Rule = {
  id: 'image-missing',
  defaultSeverity: 'error',
  title: 'A container without an image (R8), or a Pod container whose image has leading or trailing whitespace.',
  check({ manifest, options, report }) {
    const spec = manifest.podSpec;
    if (!spec) return;
    const partial = isPartial(manifest, options);
    const isPod = manifest.workload?.template === false;
    for (const c of spec.containers) {
      const image = stringField(c, 'image');
      const path = [...c.path, 'image'];
      if (image.kind === 'absent' || (image.kind === 'string' && image.value === '')) {
        if (partial) continue;
        report({ span: image.kind === 'string' ? image.span : missingKeySpan(c), message: apiMessage(path, 'Required value', WHY_REQUIRED) });
        continue;
      }
      if (image.kind !== 'string' || !isPod || isTemplated(image.value)) continue;
      if (EDGE_SPACE.test(image.value)) {
        report({
          span: image.span,
          message: apiMessage(path, `Invalid value: ${quote(image.value)}: must not have leading or trailing whitespace`, WHY_SPACE),
        });
      }
    }
  },
};
