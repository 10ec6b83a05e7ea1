/**
 * What the cross-file rules share: the namespace a manifest lands in, the hosts a container
 * connects to (from its shell script, its exec-form args and its env values), and the closest
 * name of a set. The workspace itself comes through `options.workspace` (the workspace index).
 */
import type { AnalysisOptions, WorkspaceObject } from '../config/options';
import type { Manifest, YamlDocument } from '../model/document';
import { argLineSpan, type Arg } from '../model/commands';
import type { Container } from '../model/podSpec';
import { mapScalar, spanOfValue } from '../model/scalarOffsets';
import type { Span } from '../model/text';
import { getEntry, scalarText } from '../model/yamlNodes';
import { operandsOf } from '../shell/query';
import { editArgValue } from '../edits/commandEdit';
import { YamlEditor } from '../edits/yamlEdit';
import type { Edit } from '../model/text';
import { commandViews, lineOf } from './commandSupport';
import { distance, scalarNode } from './support';

/** The namespace a manifest lands in: its own, else the kustomization's, else `default`. */
export function namespaceOf(manifest: Manifest, options: AnalysisOptions): string {
  const ns = scalarText(getEntry(getEntry(manifest.node, 'metadata')?.value, 'namespace')?.value);
  return ns || options.namespace || 'default';
}

/** One way a manifest is deployed: the namespace it lands in and how names it refers to are rendered. */
export interface Placement {
  namespace: string;
  /** The kustomize overlay (a folder) that renders it this way; undefined without kustomize. */
  root?: string;
  /** The object `kind` a reference `name` designates there, when the workspace defines it. */
  find(objects: ReadonlyMap<string, WorkspaceObject>, name: string): WorkspaceObject | undefined;
}

const asWritten = (objects: ReadonlyMap<string, WorkspaceObject>, name: string) => objects.get(name);

/**
 * Each way a manifest is deployed: once, or once per kustomize rendering (`options.kustomize`:
 * the overlays that build its file). In a rendering, the overlay's namespace replaces the
 * manifest's, and a reference names the object kustomize renamed (its prefix and suffix, or any
 * object of the build first named so: another base may prefix it differently) or, when the build
 * holds no such object, the name as written. The cross-file rules report only what holds in
 * every placement (precision first: one overlay may bring what another takes from elsewhere).
 */
export function placementsOf(manifest: Manifest, options: AnalysisOptions): Placement[] {
  const own = namespaceOf(manifest, options);
  if (!options.kustomize || options.kustomize.length === 0) return [{ namespace: own, find: asWritten }];
  const written = scalarText(getEntry(getEntry(manifest.node, 'metadata')?.value, 'namespace')?.value) || 'default';
  return options.kustomize.map((r) => ({
    namespace: r.namespace ?? written,
    root: r.root,
    find: (objects, name) => {
      const rendered = objects.get(r.prefix + name + r.suffix) ?? objects.get(name);
      if (rendered) return rendered;
      for (const o of objects.values()) if (o.original === name) return o;
      return undefined;
    },
  }));
}

/** The last segment of a path or URI. */
export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** The name of `names` nearest to `name` (fewest edits; ties: the first in order). */
export function nearest(name: string, names: Iterable<string>): string | undefined {
  if (name.length > 253) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of names) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Close enough to be a typo: a fix is offered only then. */
export function isTypo(name: string, candidate: string): boolean {
  return distance(name, candidate) <= Math.max(2, Math.floor(name.length / 4));
}

/** `name (file)`, for messages. */
export function where(o: WorkspaceObject): string {
  return `"${o.name}" (${baseName(o.file)})`;
}

/** A Service's ports for messages: `5432 (postgres), 9187`. */
export function portsText(o: WorkspaceObject): string {
  const ports = o.ports ?? [];
  return ports.length === 0
    ? 'no ports'
    : `port${ports.length > 1 ? 's' : ''} ${ports.map((p) => (p.name ? `${p.port} (${p.name})` : `${p.port}`)).join(', ')}`;
}

const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Service a host name designates: `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`. */
export function serviceOfHost(host: string, podNamespace: string): { service: string; namespace: string } | undefined {
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  if (!DNS_NAME.test(h) || h === 'localhost' || /^[0-9.]+$/.test(h)) return undefined;
  const labels = h.split('.');
  if (labels.length === 1) return { service: labels[0], namespace: podNamespace };
  if (labels.length === 2 || (labels.length === 3 && labels[2] === 'svc') || (labels.length === 5 && labels.slice(2).join('.') === 'svc.cluster.local')) {
    return { service: labels[0], namespace: labels[1] };
  }
  return undefined;
}

/** URL schemes whose authority is a network host (not `hf://org/model`, `kubernetes://apis/…`, `s3://bucket`). */
const NETWORK_SCHEMES = new Set([
  'http',
  'https',
  'ws',
  'wss',
  'grpc',
  'grpcs',
  'h2c',
  'tcp',
  'udp',
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'redis',
  'rediss',
  'amqp',
  'amqps',
  'mongodb',
  'nats',
  'kafka',
  'memcached',
  'ldap',
  'ldaps',
  'mqtt',
  'zookeeper',
  'sqlserver',
  'clickhouse',
  'cassandra',
  'etcd',
]);

/** A host in a text and where it is: a URL's host (`[jdbc:]scheme://[user@]host[:port]`, network schemes), or all of a `host:port`. */
export function hostInText(text: string, hostPortToo: boolean): { host: string; start: number; port?: number } | undefined {
  const url = /^(?:jdbc:)?([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?([^:/?#\s]+)(?::(\d{1,5}))?(?:[/?#]|$)/i.exec(text);
  if (url) {
    if (!NETWORK_SCHEMES.has(url[1].toLowerCase())) return undefined;
    const start = url[0].indexOf(url[2], url[0].indexOf('://') + 3);
    return { host: url[2], start, port: url[3] ? Number(url[3]) : undefined };
  }
  const hp = hostPortToo ? /^([a-z0-9][-a-z0-9.]*):(\d{1,5})$/.exec(text) : null;
  return hp ? { host: hp[1], start: 0, port: Number(hp[2]) } : undefined;
}

/** Env var and flag names whose value is an address (`DB_HOST`, `--broker`, `REDIS_URL`). */
const ADDRESS_NAME = /HOST|ADDR|URL|URI|ENDPOINT|SERVER|BROKER|DSN|UPSTREAM|BACKEND/i;

/** A host a container connects to, where it is written and how to change it. */
export interface HostRef {
  host: string;
  service: string;
  namespace: string;
  port?: number;
  /** How the container uses it, for messages (`nc -z`, `env DB_URL`). */
  how: string;
  span: Span;
  /** Edits that replace the Service name (the host's first label) by `name`. */
  rename(name: string): Edit[] | undefined;
}

const NC = new Set(['nc', 'ncat', 'netcat']);
const LOOKUP = new Set(['nslookup', 'host', 'dig', 'getent']);
const FETCH = new Set(['curl', 'wget']);
/** Clients whose `-h HOST` (and `-p PORT`) name a server. */
const DASH_H = new Set(['pg_isready', 'psql', 'redis-cli', 'mysqladmin', 'mysql']);

/** What `hostRefs` found per container and namespace (a container is of one parsed document). */
const hostRefsOf = new WeakMap<Container, Map<string, readonly HostRef[]>>();

/**
 * The hosts a container connects to, read once per container and namespace: the rule, the
 * workspace index's references and the startup plan ask alike.
 */
export function hostRefs(doc: YamlDocument, manifest: Manifest, container: Container, podNamespace: string): readonly HostRef[] {
  let byNamespace = hostRefsOf.get(container);
  if (!byNamespace) hostRefsOf.set(container, (byNamespace = new Map()));
  let refs = byNamespace.get(podNamespace);
  if (!refs) byNamespace.set(podNamespace, (refs = readHostRefs(doc, manifest, container, podNamespace)));
  return refs;
}

function readHostRefs(doc: YamlDocument, manifest: Manifest, container: Container, podNamespace: string): HostRef[] {
  const out: HostRef[] = [];
  const inArg = (arg: Arg, text: string, from: number, until: number, port: number | undefined, how: string) => {
    const target = serviceOfHost(text, podNamespace);
    if (!target) return;
    const at = arg.value.indexOf(text, from);
    if (at < 0 || at + text.length > until) return;
    out.push({
      host: text,
      ...target,
      port,
      how,
      span: argLineSpan(arg, at, at + text.length),
      rename: (name) => editArgValue(doc, arg, [{ start: at, end: at + target.service.length, text: name }]),
    });
  };
  const line = lineOf(doc, manifest, container);
  for (const view of commandViews(line)) {
    const prog = view.program;
    if (!prog) continue;
    const word = (i: number) => view.words[prog.index + 1 + i];
    const args = prog.args;
    if (!view.simple) {
      // Exec form: URLs and `--address=host:port` flags, in every word (the entrypoint may be unknown).
      for (const w of view.words) {
        const eq = w.text.indexOf('=');
        const value = eq >= 0 && w.text.startsWith('-') ? w.text.slice(eq + 1) : w.text;
        const found = hostInText(value, eq >= 0 && ADDRESS_NAME.test(w.text.slice(0, eq)));
        if (found) inArg(w.arg, found.host, w.start, w.end, found.port, shorten(w.text));
      }
      continue;
    }
    const literalAt = (i: number) => {
      const w = word(i);
      return w && w.word?.literal !== undefined ? w : undefined;
    };
    if (NC.has(prog.name)) {
      const operands = operandsOf(args, ['-w', '-i', '-p', '-s', '-q', '-W', '-x', '-X', '-e', '-c']);
      const host = operands[0];
      const hostWord = host && literalAt(args.indexOf(host));
      const port = operands[1]?.literal && /^\d{1,5}$/.test(operands[1].literal) ? Number(operands[1].literal) : undefined;
      if (hostWord) inArg(hostWord.arg, host.literal!, hostWord.start, hostWord.end, port, `${prog.name} ${host.literal}${port ? ` ${port}` : ''}`);
    } else if (LOOKUP.has(prog.name)) {
      const host = operandsOf(args).find((w) => !w.text.startsWith('@') && w.literal !== 'hosts');
      const hostWord = host && literalAt(args.indexOf(host));
      if (hostWord) inArg(hostWord.arg, host.literal!, hostWord.start, hostWord.end, undefined, `${prog.name} ${host.literal}`);
    } else if (FETCH.has(prog.name)) {
      args.forEach((a, i) => {
        const w = literalAt(i);
        const found = w && hostInText(a.literal!, false);
        if (w && found) inArg(w.arg, found.host, w.start, w.end, found.port, `${prog.name} ${shorten(a.literal!)}`);
      });
    } else if (DASH_H.has(prog.name)) {
      let host: { word: number; text: string } | undefined;
      let port: number | undefined;
      args.forEach((a, i) => {
        const t = a.literal ?? '';
        const next = args[i + 1]?.literal;
        if ((t === '-h' || t === '--host') && next) host = { word: i + 1, text: next };
        else if (t.startsWith('--host=')) host = { word: i, text: t.slice(7) };
        if ((t === '-p' || t === '--port') && next && /^\d{1,5}$/.test(next)) port = Number(next);
        else if (/^--port=\d{1,5}$/.test(t)) port = Number(t.slice(7));
      });
      const hostWord = host && literalAt(host.word);
      if (host && hostWord) inArg(hostWord.arg, host.text, hostWord.start, hostWord.end, port, `${prog.name} -h ${host.text}`);
    }
  }
  // `$POSTGRES_SERVICE_HOST`: the variable the kubelet sets for a Service of the pod's namespace.
  if (line.script) {
    const s = line.script;
    for (const v of s.script.variables) {
      const m = /^([A-Z][A-Z0-9_]*)_SERVICE_HOST$/.exec(v.name);
      if (!m) continue;
      const service = m[1].toLowerCase().replace(/_/g, '-');
      const at = s.script.text.indexOf(v.name, v.start);
      if (at < 0) continue;
      out.push({
        host: service,
        service,
        namespace: podNamespace,
        how: `$${v.name}`,
        span: argLineSpan(s.arg, at, at + m[1].length),
        rename: (name) => editArgValue(doc, s.arg, [{ start: at, end: at + m[1].length, text: name.toUpperCase().replace(/-/g, '_') }]),
      });
    }
  }
  // Env values: URLs, and `host:port` in variables named like an address.
  for (const env of container.env) {
    const node = scalarNode(env.fields.get('value'));
    const value = node && typeof node.value === 'string' ? node.value : undefined;
    if (!node || value === undefined || !env.name) continue;
    const found = hostInText(value, ADDRESS_NAME.test(env.name));
    const target = found && serviceOfHost(found.host, podNamespace);
    if (!found || !target) continue;
    const map = mapScalar(doc.text, node);
    out.push({
      host: found.host,
      ...target,
      port: found.port,
      how: `env ${env.name}`,
      span: spanOfValue(map, found.start, found.start + found.host.length),
      rename: (name) => new YamlEditor(doc).setScalar(node, value.slice(0, found.start) + name + value.slice(found.start + target.service.length)),
    });
  }
  return out;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A kustomize overlay's folder for messages: its last two segments (`overlays/prod`). */
function rootName(dir: string): string {
  const parts = dir.split(/[\\/]/).filter((p) => p !== '');
  return parts.slice(-2).join('/');
}

/** For messages: `; rendered by the kustomize overlay overlays/prod` (every overlay, when several), or nothing. */
export function overlayNote(placements: readonly Placement[]): string {
  const roots = [...new Set(placements.flatMap((p) => (p.root !== undefined ? [rootName(p.root)] : [])))];
  if (roots.length === 0) return '';
  if (roots.length === 1) return `; rendered by the kustomize overlay ${roots[0]}`;
  const shown = roots.length > 3 ? `${roots.slice(0, 3).join(', ')} and ${roots.length - 3} more` : roots.join(', ');
  return `; rendered by ${roots.length} kustomize overlays, none with it: ${shown}`;
}

/** The objects by the names manifests write (before a kustomize prefix or suffix): what a typo fix may name. */
export function byWrittenName(objects: ReadonlyMap<string, WorkspaceObject>): Map<string, WorkspaceObject> {
  const out = new Map<string, WorkspaceObject>();
  for (const [name, o] of objects) if (!out.has(o.original ?? name)) out.set(o.original ?? name, o);
  return out;
}
