/**
 * Hover on `$(VAR)` in a container's `command`, `args` or `env[].value`: where it resolves (the
 * env entry), or why it is passed literally (defined later, left to `envFrom`, service links).
 */
import { isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { YamlDocument } from '../../model/document';
import type { Location } from '../../model/locate';
import type { Container, PodSpec } from '../../model/podSpec';
import type { Span } from '../../model/text';
import { formatPath, getEntry, scalarText } from '../../model/yamlNodes';
import { code, containerOf, type HoverResult, list, nameOf } from './markdown';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const SERVICE_LINK = /_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

/** The `$(NAME)` (or `$$(NAME)`) reference of a scalar's source text that holds `offset`. */
export function referenceAt(text: string, node: Scalar, offset: number): { name: string; span: Span; escaped: boolean } | undefined {
  const r = node.range;
  if (!r) return undefined;
  const source = text.slice(r[0], r[1]);
  const re = /\$(\$|\(([^()\s]*)\))/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const start = r[0] + m.index;
    let name = m[2];
    let end = start + m[0].length;
    let escaped = false;
    if (m[1] === '$') {
      const after = /^\(([^()\s]*)\)/.exec(source.slice(m.index + 2));
      if (!after) continue;
      name = after[1];
      end = start + 2 + after[0].length;
      escaped = true;
      re.lastIndex = m.index + 2 + after[0].length;
    }
    if (offset < start || offset > end) continue;
    if (!VAR_NAME.test(name)) return undefined;
    return { name, span: { start, end }, escaped };
  }
  return undefined;
}

function envSource(item: { fields: Map<string, { value: Node | null }> }): string | undefined {
  const value = item.fields.get('value');
  if (value) {
    const text = scalarText(value.value);
    return text === undefined ? undefined : `= ${code(text)}`;
  }
  const from = item.fields.get('valueFrom')?.value;
  if (!isMap(from)) return undefined;
  const ref = (key: string) => getEntry(from, key)?.value;
  const secret = ref('secretKeyRef');
  if (secret) return `from secret ${code(scalarText(getEntry(secret, 'name')?.value) ?? '?')} key ${code(scalarText(getEntry(secret, 'key')?.value) ?? '?')}`;
  const cm = ref('configMapKeyRef');
  if (cm) return `from configMap ${code(scalarText(getEntry(cm, 'name')?.value) ?? '?')} key ${code(scalarText(getEntry(cm, 'key')?.value) ?? '?')}`;
  const field = ref('fieldRef');
  if (field) return `from field ${code(scalarText(getEntry(field, 'fieldPath')?.value) ?? '?')}`;
  const res = ref('resourceFieldRef');
  if (res) return `from resource ${code(scalarText(getEntry(res, 'resource')?.value) ?? '?')}`;
  return undefined;
}

function envFromSources(c: Container): string {
  const out: string[] = [];
  for (const item of c.envFrom) {
    const cm = item.fields.get('configMapRef')?.value;
    const secret = item.fields.get('secretRef')?.value;
    if (cm) out.push(`configMap ${code(scalarText(getEntry(cm, 'name')?.value) ?? '?')}`);
    if (secret) out.push(`secret ${code(scalarText(getEntry(secret, 'name')?.value) ?? '?')}`);
  }
  return out.length ? ` (${list(out)})` : '';
}

export function variableHover(doc: YamlDocument, loc: Location, pod: PodSpec, offset: number): HoverResult | undefined {
  if (loc.onKey || !isScalar(loc.node)) return undefined;
  const c = containerOf(pod, loc.path);
  if (!c) return undefined;
  const rel = loc.path.slice(c.path.length);
  const inCommand = rel.length === 2 && (rel[0] === 'command' || rel[0] === 'args') && typeof rel[1] === 'number';
  const inEnv = rel.length === 3 && rel[0] === 'env' && typeof rel[1] === 'number' && rel[2] === 'value';
  if (!inCommand && !inEnv) return undefined;
  const ref = referenceAt(doc.text, loc.node, offset);
  if (!ref) return undefined;
  const head = `**${code(`$(${ref.name})`)}** in ${code(formatPath(loc.path))}`;
  let body: string;
  if (ref.escaped) {
    body = `Escaped with \`$$\`: passed as the literal text ${code(`$(${ref.name})`)}.`;
  } else {
    const limit = inEnv ? (rel[1] as number) : c.env.length;
    const defined = c.env.filter((e) => e.index < limit && e.name === ref.name);
    const entry = defined[defined.length - 1];
    const later = inEnv ? c.env.find((e) => e.index >= limit && e.name === ref.name) : undefined;
    if (entry) {
      const source = envSource(entry);
      body = `Resolves to env ${code(ref.name)} of ${nameOf(c)} (${code(`env[${entry.index}]`)})${source ? ` ${source}` : ''}.`;
    } else if (later) {
      body = `${code(ref.name)} is defined later (${code(`env[${later.index}]`)}): only entries above this one are expanded, so it is passed literally.`;
    } else if (c.hasEnvFrom) {
      body = `Not in \`env\`: it resolves if \`envFrom\`${envFromSources(c)} defines it, otherwise it is passed literally.`;
    } else if (SERVICE_LINK.test(ref.name) && scalarText(pod.fields.get('enableServiceLinks')?.value) !== 'false') {
      body = `Not in \`env\`: it resolves only if a Service of that name exists when the pod starts (service links); otherwise it is passed literally.`;
    } else {
      body = `Not defined: passed literally as ${code(`$(${ref.name})`)}.`;
    }
  }
  return { markdown: `${head}\n\n${body}`, span: ref.span };
}
