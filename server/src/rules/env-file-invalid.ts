/**
 * R19 `env-file-invalid` (ground truth §6.3): an `env[].valueFrom.fileKeyRef` the API server
 * rejects. From 1.35 (`EnvFiles` on by default): a missing or bad `key`, a `volumeName` that is
 * missing, not a DNS label, not a volume of the pod or not an `emptyDir`, a missing `path` or one
 * with a `..` segment, `fileKeyRef` beside another source or a `value`. An absolute `path` is
 * accepted although the field must be relative (a warning). Below 1.35 the gate is off: the API
 * server drops `fileKeyRef` and rejects the `valueFrom` it leaves empty (below 1.34 the field does
 * not exist and the decoder drops it with the same result). A missing `key`, `path` or `volumeName`
 * is the `schema` rule's (required fields); an empty one is reported here.
 */
import { atLeast } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import { containerLabel } from './containerFacts';
import { envFileRefs, otherSources } from './envFiles';
import type { Fix, Rule } from './rule';
import { apiMessage, closest, dns1123LabelErrors, isPartial, isTemplated, quote } from './support';
import { stringField } from '../model/podSpec';
import { envFilesOn } from './targetGates';

/** Printable ASCII other than `=` (`validateEnvVarName` with relaxed names, used for keys). */
const ENV_KEY = /^[\x20-\x3c\x3e-\x7e]+$/;

export const envFileInvalid: Rule = {
  id: 'env-file-invalid',
  defaultSeverity: 'error',
  title:
    'An `env[].valueFrom.fileKeyRef` the API server rejects (volume not found or not an `emptyDir`, a `..` path, a bad key; dropped and rejected below 1.35).',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    const refs = envFileRefs(pod);
    if (refs.length === 0) return;
    if (!envFilesOn(options)) {
      const existsYet = atLeast(options, 1, 34);
      for (const r of refs) {
        if (otherSources(r).length > 0) continue; // what is left is a valid source
        report({
          span: r.entry.keySpan,
          message: apiMessage(
            [...r.env.path, 'valueFrom'],
            'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
            existsYet
              ? 'the EnvFiles feature gate is off by default in Kubernetes 1.34, so the API server drops `fileKeyRef` and rejects the empty `valueFrom` it leaves (unless the cluster enables EnvFiles); env files are on by default from 1.35.'
              : '`fileKeyRef` exists from Kubernetes 1.34 (on by default from 1.35); an older API server drops the unknown field and rejects the empty `valueFrom` it leaves.',
          ),
        });
      }
      return;
    }
    const partial = isPartial(manifest, options);
    const volumes = new Map<string, string | undefined>();
    for (const v of pod.volumes) if (v.name !== undefined && !volumes.has(v.name)) volumes.set(v.name, v.source);
    const emptyDirs = [...volumes].filter(([, source]) => source === 'emptyDir').map(([name]) => name);
    const anyTemplated = [...volumes.keys()].some(isTemplated);
    for (const r of refs) {
      const valueFromPath = [...r.env.path, 'valueFrom'];
      if (otherSources(r).length > 0) {
        report({
          span: r.entry.keySpan,
          message: apiMessage(
            valueFromPath,
            'Invalid value: "": may not have more than one field specified at a time',
            'an env var takes its value from one source: `fileKeyRef` or the other one.',
          ),
        });
      }
      const value = stringField(r.env, 'value');
      if (value.kind === 'string' && value.value !== '') {
        report({
          span: r.entry.keySpan,
          message: apiMessage(
            valueFromPath,
            'Invalid value: "": may not be specified when `value` is not empty',
            'an env var has either a literal `value` or a `valueFrom` source, not both.',
          ),
        });
      }
      // A missing key, path or volumeName is the schema rule's (a required field).
      const ref = r.ref;
      if (!ref) continue;
      const at = (key: string) => [...ref.path, key];
      const key = stringField(ref, 'key');
      if (key.kind === 'string' && key.value === '') {
        report({ span: key.span, message: apiMessage(at('key'), 'Required value', 'the key is the variable to read from the env file.') });
      } else if (key.kind === 'string' && !ENV_KEY.test(key.value) && !isTemplated(key.value)) {
        report({
          span: key.span,
          message: apiMessage(
            at('key'),
            `Invalid value: ${quote(key.value)}: a valid environment variable name must consist only of printable ASCII characters other than '='`,
            "the key names a variable of the env file (`KEY='value'` lines).",
          ),
        });
      }
      const path = stringField(ref, 'path');
      if (path.kind === 'string' && path.value === '') {
        report({ span: path.span, message: apiMessage(at('path'), 'Required value', 'the path of the env file inside the emptyDir, such as `config.env`.') });
      } else if (path.kind === 'string' && path.value.split('/').includes('..')) {
        report({
          span: path.span,
          message: apiMessage(at('path'), `Invalid value: ${quote(path.value)}: must not contain '..'`, 'the env file must stay inside the emptyDir volume.'),
        });
      } else if (path.kind === 'string' && path.value.startsWith('/')) {
        report({
          span: path.span,
          severity: 'warning',
          message: apiMessage(
            at('path'),
            `${quote(path.value)} is an absolute path`,
            'the path is relative to the root of the emptyDir volume (the API server accepts a leading `/`, but the field must be relative); write it without the leading `/`.',
          ),
        });
      }
      const name = stringField(ref, 'volumeName');
      if (name.kind === 'string' && name.value === '') {
        report({ span: name.span, message: apiMessage(at('volumeName'), 'Required value', 'the emptyDir volume of the pod that holds the env file.') });
        continue;
      }
      if (name.kind !== 'string' || isTemplated(name.value)) continue;
      const labelErrors = dns1123LabelErrors(name.value);
      for (const e of labelErrors)
        report({ span: name.span, message: apiMessage(at('volumeName'), `Invalid value: ${quote(name.value)}: ${e}`, 'volume names are DNS labels.') });
      const source = volumes.get(name.value);
      const isVolume = volumes.has(name.value);
      if (isVolume && source === 'emptyDir') continue;
      if (!isVolume && (partial || anyTemplated || labelErrors.length)) continue; // a patch may add it
      const near =
        closest(
          name.value,
          emptyDirs.filter((n) => n !== name.value),
        ) ?? (!isVolume || emptyDirs.length !== 1 ? undefined : emptyDirs[0]);
      const fixes = (): Fix[] => {
        if (!near) return [];
        const edits = new YamlEditor(doc).setScalar(name.node, near);
        return edits ? [{ title: `Change to \`${near}\``, edits, safe: false, preferred: true }] : [];
      };
      const reader = containerLabel(r.container);
      const hint = near ? ` Did you mean \`${near}\`?` : '';
      report({
        span: name.span,
        message: isVolume
          ? apiMessage(
              at('volumeName'),
              `Invalid value: ${quote(name.value)}: referenced volume must be of type emptyDir`,
              `the kubelet reads env files for ${reader} only from an emptyDir volume, where an earlier init container wrote them.${hint}`,
            )
          : apiMessage(
              at('volumeName'),
              `Not found: ${quote(name.value)}`,
              `an env file is read from a volume of the pod, and there is none with this name.${hint}`,
            ),
        fixes,
      });
    }
  },
};
