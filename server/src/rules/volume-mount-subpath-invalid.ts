/**
 * R9 `volume-mount-subpath-invalid` (`ValidateVolumeMounts`, `validateLocalDescendingPath`):
 * - `subPath`/`subPathExpr` must be relative and must not contain a `..` element. Quirk kept
 *   from the API server: these errors name `…volumeMounts.subPath` (or `.subPathExpr`) with no index;
 * - `subPath` and `subPathExpr` are mutually exclusive (reported on `subPathExpr`);
 * - before Kubernetes 1.33, neither may be used on an `image` volume.
 */
import { type Container, type VolumeMount, type StringField, stringField } from '../model/podSpec';
import type { Rule, RuleContext } from './rule';
import { apiMessage, imageSubPathRefused, isTemplated, quote } from './support';

const WHY_DESCENDING = 'the sub-path is resolved inside the volume, so it must stay inside it: no leading `/` and no `..` element.';
const WHY_EXCLUSIVE = 'a mount takes its sub-path either literally (`subPath`) or with `$(VAR)` expansion (`subPathExpr`), not both.';
const WHY_IMAGE = 'image volumes accept sub-path mounts only from Kubernetes 1.33 (KEP-4639 beta); mount the whole volume or raise the target version.';

/** `validateLocalDescendingPath`: Go's `path.IsAbs` and a `..` element after splitting on `/`. */
function descendingPathErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.startsWith('/')) errors.push('must be a relative path');
  if (value.split('/').includes('..')) errors.push("must not contain '..'");
  return errors;
}

function checkMount(ctx: RuleContext, c: Container, m: VolumeMount, imageVolumes: Set<string>): void {
  const set = (f: StringField): f is Extract<StringField, { kind: 'string' }> => f.kind === 'string' && f.value !== '';
  const fields = { subPath: stringField(m, 'subPath'), subPathExpr: stringField(m, 'subPathExpr') };
  const both = set(fields.subPath) && set(fields.subPathExpr);
  const mountName = stringField(m, 'name');
  const onImage = mountName.kind === 'string' && imageVolumes.has(mountName.value) && imageSubPathRefused(ctx.options, m);
  for (const key of ['subPath', 'subPathExpr'] as const) {
    const field = fields[key];
    if (!set(field)) continue;
    // One finding per value (the API server lists every error; fixing one shows the next):
    // the image volume, else exclusivity, else the path.
    if (onImage) {
      ctx.report({
        span: field.span,
        message: apiMessage([...m.path, key], `Invalid value: ${quote(field.value)}: not allowed in image volume sources`, WHY_IMAGE),
      });
      continue;
    }
    if (key === 'subPathExpr' && both) {
      ctx.report({
        span: field.span,
        message: apiMessage([...m.path, key], `Invalid value: ${quote(field.value)}: subPathExpr and subPath are mutually exclusive`, WHY_EXCLUSIVE),
      });
      continue;
    }
    const errors = isTemplated(field.value) ? [] : descendingPathErrors(field.value);
    if (errors.length) {
      ctx.report({
        span: field.span,
        message: apiMessage([...c.path, 'volumeMounts', key], `Invalid value: ${quote(field.value)}: ${errors.join(', ')}`, WHY_DESCENDING),
      });
    }
  }
}

export const volumeMountSubpathInvalid: Rule = {
  id: 'volume-mount-subpath-invalid',
  defaultSeverity: 'error',
  title: 'An absolute `subPath`/`subPathExpr`, one containing `..`, or both set on one mount (R9).',
  check(ctx) {
    const spec = ctx.manifest.podSpec;
    if (!spec) return;
    const imageVolumes = new Set(spec.volumes.filter((v) => v.source === 'image' && v.name).map((v) => v.name as string));
    for (const c of spec.containers) for (const m of c.volumeMounts) checkMount(ctx, c, m, imageVolumes);
  },
};
