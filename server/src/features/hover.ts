/**
 * Hover: what is under the cursor, as Markdown headed by the field path. Pure: a FileModel (or
 * one YamlDocument) and an offset in, `{markdown, span}` out; no LSP types.
 *
 * What is shown, first match wins:
 *  - `$(VAR)` in a container's `command`/`args`/`env[].value`: where it resolves (the env entry),
 *    or why it is passed literally;
 *  - a container (the `-` of its item, its `name` key or value): its place in the startup plan,
 *    what it waits for, what waits for it, its share of the pod's effective requests;
 *  - a volume (a `volumes[].name`, a `volumeMounts[].name`, a claim template's name): who mounts
 *    it where, in startup order;
 *  - the `initContainers` key: what init containers do in this pod, in three lines;
 *  - any other key or scalar value of a kind the schema knows: the official description, the
 *    type, the allowed values, a link to the API reference; for `restartPolicy: Always` on an
 *    init container, what a native sidecar is and what it needs of the target version.
 */
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLSeq } from 'yaml';
import type { JSONSchema } from 'vscode-json-languageservice';
import type { YamlDocument } from '../model/document';
import type { FileModel } from '../model/file';
import { isJobLike } from '../model/kinds';
import { locate, type Location } from '../model/locate';
import type { Container, PodSpec, Volume } from '../model/podSpec';
import type { Span } from '../model/text';
import { formatPath, getEntry, scalarText, spanOf, type Path } from '../model/yamlNodes';
import { startupPlan } from '../pod/plan';
import { containerResources, podResources, UNBOUNDED } from '../pod/resources';
import { getKindSchema, schemaNodeAt } from '../schema/loadSchema';
import { apiReference } from './apiReference';
import { sidecarNote, typeName } from './describe';
import { documentAt, startsWith, type FeatureOptions } from './context';

export interface HoverResult {
  markdown: string;
  /** What the hover is about (offsets into the text given: the file, or the document). */
  span: Span;
}

/** Hover at a file offset. */
export function hoverAt(model: FileModel, offset: number, options: FeatureOptions): HoverResult | undefined {
  const at = documentAt(model, offset);
  if (!at) return undefined;
  const h = hoverInDocument(at.placed.doc, at.offset, options);
  return h && { markdown: h.markdown, span: { start: h.span.start + at.placed.start, end: h.span.end + at.placed.start } };
}

/** Hover at an offset of one YAML document (span relative to the document). */
export function hoverInDocument(doc: YamlDocument, offset: number, options: FeatureOptions): HoverResult | undefined {
  const loc = locate(doc, offset);
  if (!loc) return undefined;
  const pod = loc.manifest.podSpec;
  if (pod) {
    const h =
      variableHover(doc, loc, pod, offset) ??
      containerHover(doc, loc, pod, offset) ??
      volumeHover(loc, pod) ??
      initContainersHover(loc, pod, options);
    if (h) return h;
  }
  return fieldHover(loc, options);
}

// ---------------------------------------------------------------------------------------------
// Helpers

const code = (s: string | number) => {
  const text = String(s);
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text}${ticks}`;
};

function header(path: Path, extra?: string): string {
  return `**${code(formatPath(path))}**${extra ? ` ${extra}` : ''}`;
}

function scalarSpan(loc: Location): Span | undefined {
  return isScalar(loc.node) ? spanOf(loc.node) : undefined;
}

function containerOf(pod: PodSpec, path: Path): Container | undefined {
  return pod.containers.find((c) => startsWith(path, c.path));
}

function roleLabel(c: Container): string {
  const name = code(c.name ?? `${c.list}[${c.index}]`);
  return c.role === 'app' ? name : `${c.role} ${name}`;
}

function nameOf(c: Container): string {
  return code(c.name ?? `${c.list}[${c.index}]`);
}

function list(names: string[]): string {
  return names.join(', ');
}

// ---------------------------------------------------------------------------------------------
// $(VAR)

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
  const seq = c.fields.get('envFrom')?.value;
  const out: string[] = [];
  if (isSeq(seq)) {
    for (const item of seq.items) {
      const cm = getEntry(item as Node, 'configMapRef')?.value;
      const secret = getEntry(item as Node, 'secretRef')?.value;
      if (cm) out.push(`configMap ${code(scalarText(getEntry(cm, 'name')?.value) ?? '?')}`);
      if (secret) out.push(`secret ${code(scalarText(getEntry(secret, 'name')?.value) ?? '?')}`);
    }
  }
  return out.length ? ` (${list(out)})` : '';
}

function variableHover(doc: YamlDocument, loc: Location, pod: PodSpec, offset: number): HoverResult | undefined {
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

// ---------------------------------------------------------------------------------------------
// Containers

/** The item of a block sequence whose `-` is at `offset` (the item starts later on that line). */
function itemAtDash(text: string, seq: YAMLSeq, offset: number): number | undefined {
  if (text[offset] !== '-' && text[offset - 1] !== '-') return undefined;
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const index = seq.items.findIndex((item) => {
    const r = (item as Node | null)?.range;
    return !!r && r[0] > offset - 1 && r[0] <= end;
  });
  return index < 0 ? undefined : index;
}

function containerAtCursor(doc: YamlDocument, loc: Location, pod: PodSpec, offset: number): { container: Container; span: Span } | undefined {
  const last = loc.path[loc.path.length - 1];
  if (isSeq(loc.node) && (last === 'initContainers' || last === 'containers' || last === 'ephemeralContainers') && startsWith(loc.path, pod.path) && loc.path.length === pod.path.length + 1) {
    const index = itemAtDash(doc.text, loc.node, offset);
    if (index === undefined) return undefined;
    const c = pod.containers.find((x) => x.list === last && x.index === index);
    const at = doc.text[offset] === '-' ? offset : offset - 1;
    return c && { container: c, span: { start: at, end: at + 1 } };
  }
  if (last !== 'name' || !isScalar(loc.node)) return undefined;
  const c = pod.containers.find((x) => x.path.length === loc.path.length - 1 && startsWith(loc.path, x.path));
  const span = scalarSpan(loc);
  return c && span && { container: c, span };
}

/** ` (9.1%)` below 10 %, ` (45%)` from 10 % on. */
function percent(part: bigint, whole: bigint): string {
  if (whole <= 0n) return '';
  if (part * 10n >= whole) return ` (${(part * 100n + whole / 2n) / whole}%)`;
  const tenths = Number((part * 1000n + whole / 2n) / whole);
  return ` (${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%)`;
}

function requestShare(pod: PodSpec, c: Container): string | undefined {
  if (c.role === 'ephemeral') return undefined;
  const mine = containerResources(c).requests;
  const requests = podResources(pod).requests;
  const pieces: string[] = [];
  for (const r of requests) {
    if (r.effective === UNBOUNDED) continue;
    const q = mine.get(r.resource);
    if (!q) continue;
    let piece = `${r.resource} ${q.format()} of ${r.effective.format()}${percent(q.nano, r.effective.nano)}`;
    if (r.setBy === 'init' && r.initPeak?.container === c) piece += ', sets the pod value';
    pieces.push(piece);
  }
  if (pieces.length) return `Requests: ${pieces.join(' · ')}`;
  const pods = requests.flatMap((r) => (r.effective === UNBOUNDED ? [] : [`${r.resource} ${r.effective.format()}`]));
  return pods.length ? `Requests: none (the pod requests ${pods.join(', ')})` : 'Requests: none';
}

function containerHover(doc: YamlDocument, loc: Location, pod: PodSpec, offset: number): HoverResult | undefined {
  const hit = containerAtCursor(doc, loc, pod, offset);
  if (!hit) return undefined;
  const c = hit.container;
  const plan = startupPlan(loc.manifest);
  const lines: string[] = [];
  let place: string;
  const init = pod.initContainers;
  const apps = pod.appContainers;
  if (c.role === 'ephemeral') {
    place = 'ephemeral · not part of the startup plan';
  } else if (c.list === 'initContainers') {
    const i = init.indexOf(c);
    place = `Init ${i + 1} of ${init.length}${c.role === 'sidecar' ? ' · sidecar' : ''}`;
    const prev = init[i - 1];
    const gateOf = (k: number) => plan?.steps[k]?.gate;
    lines.push(prev ? `Waits for: ${nameOf(prev)} (${gateOf(i - 1)})` : 'Waits for: nothing, it runs first');
    const next = init[i + 1];
    if (next) lines.push(`Waited on by: ${nameOf(next)} (${gateOf(i)})`);
    else lines.push(apps.length ? `Waited on by: ${list(apps.map(nameOf))} (${gateOf(i)})` : 'Waited on by: nothing');
    const sidecars = init.slice(0, i).filter((x) => x.role === 'sidecar');
    if (sidecars.length) lines.push(`Runs beside: ${list(sidecars.map(roleLabel))}`);
    if (c.role === 'sidecar' && plan) {
      const order = plan.termination.order;
      const at = order.indexOf(c.name ?? `initContainers[${c.index}]`);
      const before = at > 0 ? order[at - 1] : undefined;
      if (before !== undefined) {
        const isApp = apps.some((a) => (a.name ?? `containers[${a.index}]`) === before);
        lines.push(`Stops: after ${isApp ? 'the app containers' : code(before)}`);
      }
    }
  } else {
    place = `App ${apps.indexOf(c) + 1} of ${apps.length}`;
    const last = init[init.length - 1];
    const gate = plan?.steps[init.length - 1]?.gate;
    lines.push(last ? `Waits for: ${nameOf(last)} (${gate})` : 'Waits for: nothing, no init containers');
    const next = apps[apps.indexOf(c) + 1];
    const postStart = !!getEntry(c.fields.get('lifecycle')?.value, 'postStart');
    lines.push(next && postStart ? `Waited on by: ${nameOf(next)} (its postStart returns)` : 'Waited on by: nothing, app containers start together');
    const sidecars = init.filter((x) => x.role === 'sidecar');
    if (sidecars.length) lines.push(`Runs beside: ${list(sidecars.map(roleLabel))}`);
  }
  const share = requestShare(pod, c);
  if (share) lines.push(share);
  const markdown = `${header(c.path, `${nameOf(c)} · ${place}`)}\n\n${lines.map((l) => `- ${l}`).join('\n')}`;
  return { markdown, span: hit.span };
}

// ---------------------------------------------------------------------------------------------
// Volumes

const READ_ONLY_SOURCES = new Set(['configMap', 'secret', 'downwardAPI', 'projected', 'image']);

function volumeAtCursor(loc: Location, pod: PodSpec): { name: string; volume?: Volume; span: Span } | undefined {
  if (!isScalar(loc.node)) return undefined;
  const span = scalarSpan(loc);
  if (!span) return undefined;
  const p = loc.path;
  const last = p[p.length - 1];
  const all = [...pod.volumes, ...pod.volumeClaimTemplates];
  // volumes[k].name
  const declared = pod.volumes.find((v) => p.length === v.path.length + 1 && startsWith(p, v.path) && last === 'name');
  // volumeClaimTemplates[k].metadata.name
  const claim = pod.volumeClaimTemplates.find((v) => p.length === v.path.length + 2 && startsWith(p, v.path) && p[v.path.length] === 'metadata' && last === 'name');
  const own = declared ?? claim;
  if (own) return own.name === undefined ? undefined : { name: own.name, volume: own, span };
  // volumeMounts[n].name
  for (const c of pod.containers) {
    const m = c.volumeMounts.find((vm) => p.length === vm.path.length + 1 && startsWith(p, vm.path) && last === 'name');
    if (m) return m.name === undefined ? undefined : { name: m.name, volume: all.find((v) => v.name === m.name), span };
  }
  return undefined;
}

function volumeHover(loc: Location, pod: PodSpec): HoverResult | undefined {
  const hit = volumeAtCursor(loc, pod);
  if (!hit) return undefined;
  const { name, volume } = hit;
  const source = volume?.source;
  const head = volume ? header(volume.path, `volume ${code(name)}${source ? ` · ${code(source)}` : ''}`) : `**volume ${code(name)}**`;
  const lines: string[] = [];
  if (!volume) lines.push(`Not declared in ${code(formatPath([...pod.path, 'volumes']))}: the API server rejects the mount.`);
  const readOnlySource = source !== undefined && READ_ONLY_SOURCES.has(source);
  let written = false;
  const mounts: string[] = [];
  for (const c of pod.containers) {
    for (const m of c.volumeMounts) {
      if (m.name !== name) continue;
      const readOnly = readOnlySource || scalarText(m.fields.get('readOnly')?.value) === 'true';
      let verb: string;
      if (readOnly) verb = 'read by';
      else if (c.role === 'init') {
        verb = 'written by';
        written = true;
      } else verb = written ? 'read by' : 'mounted by';
      const subPath = scalarText(m.fields.get('subPath')?.value) ?? scalarText(m.fields.get('subPathExpr')?.value);
      const at = m.mountPath !== undefined ? ` at ${code(m.mountPath)}` : '';
      mounts.push(`${verb} ${roleLabel(c)}${at}${subPath !== undefined ? ` (subPath ${code(subPath)})` : ''}`);
    }
  }
  if (mounts.length) lines.push(`In startup order:\n\n${mounts.map((m) => `- ${m}`).join('\n')}`);
  else lines.push('Not mounted by any container.');
  return { markdown: `${head}\n\n${lines.join('\n\n')}`, span: hit.span };
}

// ---------------------------------------------------------------------------------------------
// initContainers:

function initContainersHover(loc: Location, pod: PodSpec, options: FeatureOptions): HoverResult | undefined {
  if (!loc.onKey || loc.path.length !== pod.path.length + 1 || !startsWith(loc.path, pod.path) || loc.path[loc.path.length - 1] !== 'initContainers') return undefined;
  const span = scalarSpan(loc);
  if (!span) return undefined;
  const n = pod.initContainers.length;
  const sidecars = pod.initContainers.filter((c) => c.role === 'sidecar').length;
  const kind = loc.manifest.workload?.kind;
  const job = isJobLike(loc.manifest.workload);
  const written = pod.restartPolicy;
  const policy = written === 'OnFailure' || written === 'Never' || written === 'Always' ? written : 'Always';
  const policyText = written === undefined ? `\`restartPolicy\` (not set: \`Always\`)` : `\`restartPolicy: ${written}\``;
  let failure: string;
  if (job && written === undefined) failure = `a ${kind} must set \`restartPolicy: OnFailure\` or \`Never\`: the API server rejects the default \`Always\``;
  else if (policy === 'Never') failure = job ? 'the pod fails and is not retried in place; the Job creates a new pod (`backoffLimit`), which runs every init container again' : 'the pod fails (phase `Failed`); nothing is retried';
  else failure = `the kubelet restarts that init container with back-off (\`Init:CrashLoopBackOff\`) until it exits 0${job ? "; each restart counts toward the Job's `backoffLimit`" : ''}`;
  const count = `${n} init container${n === 1 ? '' : 's'}${sidecars ? `, ${sidecars} sidecar${sidecars === 1 ? '' : 's'}` : ''}`;
  const lines = [
    '1. They run one at a time, in list order, before the app containers start; a sidecar (`restartPolicy: Always`) only has to start, then keeps running.',
    '2. Each regular init container must exit 0 before the next one starts.',
    `3. On a failure, under this pod's ${policyText}: ${failure}.`,
  ];
  const schemaPart = fieldFacts(loc, options);
  const link = schemaPart?.link ? `\n\n${schemaPart.link}` : '';
  const type = schemaPart?.type ? ` · ${code(schemaPart.type)}` : '';
  return { markdown: `${header(loc.path)}${type} · ${count}\n\n${lines.join('\n')}${link}`, span };
}

// ---------------------------------------------------------------------------------------------
// Fields

interface FieldFacts {
  description?: string;
  type?: string;
  enumValues?: string[];
  required: boolean;
  link?: string;
}

/** The innermost definition on the path to (not including) the field: where the field is declared. */
function declaringDefinition(root: JSONSchema, path: Path): string | undefined {
  let end = path.length - 1;
  // A scalar item of a list (`command[0]`) is documented with the list's field.
  while (end > 0 && typeof path[end] === 'number') end--;
  for (let i = end; i >= 0; i--) {
    const r = schemaNodeAt(root, path.slice(0, i));
    if (r?.definition) return r.definition;
  }
  return undefined;
}

function fieldFacts(loc: Location, options: FeatureOptions): FieldFacts | undefined {
  const { apiVersion, kind } = loc.manifest;
  if (!apiVersion || !kind) return undefined;
  const root = getKindSchema(apiVersion, kind);
  if (!root) return undefined;
  let path = loc.path;
  // A value in a list of scalars: the facts of the list field.
  let fieldPath = path;
  while (fieldPath.length && typeof fieldPath[fieldPath.length - 1] === 'number') fieldPath = fieldPath.slice(0, -1);
  if (!fieldPath.length) return undefined;
  const r = schemaNodeAt(root, fieldPath);
  if (!r) return undefined;
  path = fieldPath;
  const parent = schemaNodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  const required = typeof key === 'string' && !!parent?.node.required?.includes(key);
  const enumValues = Array.isArray(r.node.enum) ? r.node.enum.map((v) => String(v)) : undefined;
  const ref = apiReference(declaringDefinition(root, path), apiVersion, kind, options.kubernetesVersion);
  return {
    description: typeof r.node.description === 'string' ? r.node.description : undefined,
    type: typeName(root, r),
    enumValues,
    required,
    link: ref ? `[API reference: ${ref.title}](${ref.url})` : undefined,
  };
}

function fieldHover(loc: Location, options: FeatureOptions): HoverResult | undefined {
  const span = scalarSpan(loc);
  if (!span) return undefined;
  const facts = fieldFacts(loc, options);
  if (!facts) return undefined;
  const parts: string[] = [];
  const meta = [facts.type ? code(facts.type) : undefined, facts.required ? 'required' : undefined].filter(Boolean).join(' · ');
  parts.push(`${header(loc.path)}${meta ? ` · ${meta}` : ''}`);
  const pod = loc.manifest.podSpec;
  const isInitRestartPolicy =
    !!pod &&
    loc.path.length === pod.path.length + 3 &&
    startsWith(loc.path, pod.path) &&
    loc.path[pod.path.length] === 'initContainers' &&
    loc.path[loc.path.length - 1] === 'restartPolicy' &&
    scalarText(loc.pair?.value as Node | undefined) === 'Always';
  if (isInitRestartPolicy) parts.push(sidecarNote(options.kubernetesVersion));
  if (facts.description) parts.push(facts.description);
  if (facts.enumValues?.length && !facts.description?.includes('Possible enum values')) parts.push(`Allowed: ${facts.enumValues.map((v) => code(v === '' ? '""' : v)).join(', ')}`);
  if (facts.link) parts.push(facts.link);
  return { markdown: parts.join('\n\n'), span };
}
