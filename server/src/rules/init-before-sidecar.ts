/**
 * `init-before-sidecar` (ground truth W1): a regular init container placed before a network
 * sidecar (a service-mesh proxy, Envoy, a database proxy) that it needs. Init containers run one
 * at a time in list order, so the sidecar is not running yet when the init container connects.
 *
 * "Needs" is read from the init container's command, args and env values:
 * - behind a transparent mesh proxy (istio-proxy, linkerd-proxy, …) every connection of the pod
 *   is redirected to the proxy, so any network use counts (a URL, a host:port, curl, wget, nc,
 *   a database client, a migration tool…), unless the mesh's own init step (istio-init,
 *   linkerd-init) comes after it: the redirect then starts later;
 * - an explicit proxy or a database proxy is reached on localhost, so the init container must
 *   name `localhost`/`127.0.0.1`, or (database proxies) run a database client or migration tool.
 * The mesh's own init containers are never reported.
 *
 * Fix: move the sidecar to just above the init container, unless an init container in between
 * shares a volume with the sidecar (it may prepare the sidecar's configuration).
 */
import { isSeq } from 'yaml';
import { YamlEditor } from '../edits/yamlEdit';
import { helperImage, isMeshInitImage, isNetworkProxy, parseImageRef } from '../knowledge/images';
import type { Container } from '../model/podSpec';
import { commandText, containerLabel, containerSpan, envValues } from './containerFacts';
import type { Fix, Rule } from './rule';
import { apiMessage } from './support';

const LOCAL = /\blocalhost\b|\b127\.0\.0\.1\b|\[::1\]/;
const DB_TOOLS =
  /\b(?:psql|pg_isready|pg_dump|pg_restore|createdb|mysql|mysqladmin|mysqldump|mongosh|mongo|redis-cli|cqlsh|flyway|liquibase|alembic|migrate|sqitch|goose|dbmate|atlas)\b|manage\.py\s+migrate|rake\s+db:|prisma\s+migrate|knex\s+migrate|sequelize\s+db:migrate/;
const DB_IMAGES = /^(?:postgres|mysql|mariadb|mongo|redis|flyway|liquibase|migrate|dbmate|atlas|cloud-sql-proxy)$/;
const NETWORK =
  /\b(?:curl|wget|nc|ncat|netcat|nslookup|dig|ping|telnet|grpcurl|kubectl|gsutil|gcloud|aws|git|helm|pip|npm|apt-get|apk|yum|dnf|vault|consul)\b|[a-z][a-z0-9+.-]*:\/\/|\b[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*:\d{2,5}\b/;
const MESH_INIT_NAMES = new Set(['istio-init', 'istio-validation', 'linkerd-init', 'linkerd-network-validator', 'consul-connect-inject-init', 'kuma-init']);

function text(c: Container): string {
  return [commandText(c), ...envValues(c)].join('\n');
}

function isMeshInit(c: Container): boolean {
  return isMeshInitImage(c.image) || (c.name !== undefined && MESH_INIT_NAMES.has(c.name));
}

/** Whether init container `x` needs sidecar `s` (see the file comment). */
function needs(x: Container, s: Container, pod: { initContainers: Container[] }): boolean {
  const role = helperImage(s.image)?.role;
  const t = text(x);
  if (role === 'mesh-proxy') {
    const between = pod.initContainers.slice(x.index + 1, s.index);
    if (between.some(isMeshInit)) return false;
    return NETWORK.test(t) || DB_TOOLS.test(t) || LOCAL.test(t);
  }
  if (LOCAL.test(t)) return true;
  if (role === 'database-proxy') {
    const name = parseImageRef(x.image)?.name ?? '';
    return DB_TOOLS.test(t) || DB_IMAGES.test(name);
  }
  return false;
}

export const initBeforeSidecar: Rule = {
  id: 'init-before-sidecar',
  defaultSeverity: 'info',
  title: 'A regular init container placed before the network sidecar (mesh or database proxy) it needs: it runs before the sidecar starts.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    const seq = pod.fields.get('initContainers')?.value;
    for (const s of pod.initContainers) {
      if (s.role !== 'sidecar') continue;
      const helper = helperImage(s.image);
      if (!isNetworkProxy(helper)) continue;
      for (const x of pod.initContainers.slice(0, s.index)) {
        if (x.role !== 'init' || isMeshInit(x) || !needs(x, s, pod)) continue;
        const sidecar = containerLabel(s);
        const init = containerLabel(x);
        const shares = pod.initContainers
          .slice(x.index, s.index)
          .some((b) => b.volumeMounts.some((m) => m.name !== undefined && s.volumeMounts.some((n) => n.name === m.name)));
        const fixes = (): Fix[] => {
          const edits = isSeq(seq) && !shares ? new YamlEditor(doc).moveItemBefore(seq, s.index, x.index) : undefined;
          return edits ? [{ title: `Move ${sidecar} above ${init}`, edits, safe: false, preferred: true }] : [];
        };
        const through =
          helper!.role === 'mesh-proxy'
            ? `its connections are redirected to ${sidecar}, which is not running yet`
            : `${sidecar} is not running yet to accept its connections`;
        report({
          span: containerSpan(x),
          message: apiMessage(
            x.path,
            `init container ${init} runs before sidecar ${sidecar}${sidecar === helper!.product ? '' : ` (${helper!.product})`} starts, so ${through}`,
            `init containers start one at a time in list order and a sidecar starts at its own place in the list; move ${sidecar} above ${init}.`,
          ),
          fixes,
        });
      }
    }
  },
};
