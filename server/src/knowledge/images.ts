/**
 * What a container image is, from its reference: the parts of the reference, and a table of
 * well-known long-running helper images (network proxies, log shippers, telemetry agents) that
 * run beside an application until they are stopped.
 *
 * Matching is by repository path, never by tag: a pattern with a `/` must equal the trailing
 * segments of the repository path (`istio/proxyv2` matches `docker.io/istio/proxyv2`), a pattern
 * without one must equal its last segment (`envoy` matches `envoyproxy/envoy`). Patterns are
 * specific on purpose: a false match makes a rule say something untrue.
 */

export interface ImageRef {
  /** `gcr.io`, `localhost:5000`; undefined for Docker Hub short names. */
  registry?: string;
  /** The path after the registry, without tag or digest: `istio/proxyv2`, `nginx`. */
  repository: string;
  /** The last path segment: `proxyv2`. */
  name: string;
  tag?: string;
  /** `sha256:…` */
  digest?: string;
}

/**
 * Splits an image reference (`[registry/]path[:tag][@digest]`). Undefined for text that is not
 * one: empty, whitespace, placeholders (`<image>`, `${IMAGE}`, `$(IMAGE)`), upper-case paths.
 */
export function parseImageRef(image: string | undefined): ImageRef | undefined {
  if (!image) return undefined;
  const text = image.trim();
  if (text === '' || /[\s<>{}$()]/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(digest)) return undefined;
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) registry = parts.shift();
  let last = parts[parts.length - 1];
  let tag: string | undefined;
  const colon = last.indexOf(':');
  if (colon >= 0) {
    tag = last.slice(colon + 1);
    last = last.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  parts[parts.length - 1] = last;
  // Repository path components are lower-case: `IMAGE_URL` and friends are placeholders.
  if (parts.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return undefined;
  return { registry, repository: parts.join('/'), name: last, tag, digest };
}

/**
 * - `mesh-proxy`: a service-mesh data plane that captures the pod's traffic transparently
 *   (iptables/CNI redirect): every connection of the pod goes through it.
 * - `proxy`: a proxy the application connects to explicitly (usually on localhost).
 * - `database-proxy`: a database proxy or pooler the application connects to on localhost.
 * - `log-shipper`: reads log files or receives log records and forwards them.
 * - `telemetry-agent`: receives or scrapes metrics and traces and forwards them.
 */
export type HelperRole = 'mesh-proxy' | 'proxy' | 'database-proxy' | 'log-shipper' | 'telemetry-agent';

export interface HelperImage {
  /** How people call it: `istio-proxy`, `cloud-sql-proxy`. */
  product: string;
  role: HelperRole;
}

interface HelperEntry extends HelperImage {
  /** Repository patterns (see the file comment). */
  match: string[];
}

const HELPERS: readonly HelperEntry[] = [
  // Istio's sidecar (the injected `istio-proxy` container); ASM ships the same image.
  { product: 'istio-proxy', role: 'mesh-proxy', match: ['istio/proxyv2', 'istio-release/proxyv2', 'asm/proxyv2', 'istio/proxy_debug'] },
  // Linkerd2's data plane (`linkerd-proxy`).
  { product: 'linkerd-proxy', role: 'mesh-proxy', match: ['linkerd/proxy'] },
  // Consul service mesh data plane (Consul 1.14+; runs Envoy).
  { product: 'consul-dataplane', role: 'mesh-proxy', match: ['consul-dataplane'] },
  // Kuma / Kong Mesh data plane (runs Envoy).
  { product: 'kuma-dp', role: 'mesh-proxy', match: ['kuma-dp'] },
  // Envoy run on its own as a sidecar: the app talks to it on localhost.
  { product: 'envoy', role: 'proxy', match: ['envoy', 'envoy-distroless', 'envoy-alpine', 'envoy-windows'] },
  // Google Cloud SQL Auth Proxy: v2 (`cloud-sql-proxy`) and v1 (`cloudsql-docker/gce-proxy`).
  { product: 'cloud-sql-proxy', role: 'database-proxy', match: ['cloud-sql-proxy', 'cloudsql-docker/gce-proxy'] },
  // Google AlloyDB Auth Proxy.
  { product: 'alloydb-auth-proxy', role: 'database-proxy', match: ['alloydb-auth-proxy'] },
  // PgBouncer, the PostgreSQL connection pooler (bitnami/pgbouncer, edoburu/pgbouncer, …).
  { product: 'pgbouncer', role: 'database-proxy', match: ['pgbouncer'] },
  // ProxySQL, the MySQL proxy.
  { product: 'proxysql', role: 'database-proxy', match: ['proxysql/proxysql'] },
  // Fluent Bit log processor (fluent/fluent-bit, cr.fluentbit.io/fluent/fluent-bit).
  { product: 'fluent-bit', role: 'log-shipper', match: ['fluent-bit'] },
  // Fluentd and its Kubernetes/Elasticsearch images.
  { product: 'fluentd', role: 'log-shipper', match: ['fluentd', 'fluentd-kubernetes-daemonset', 'fluentd-elasticsearch'] },
  // Vector by Datadog (formerly Timber).
  { product: 'vector', role: 'log-shipper', match: ['timberio/vector', 'vectordotdev/vector'] },
  // Elastic Filebeat.
  { product: 'filebeat', role: 'log-shipper', match: ['beats/filebeat', 'elastic/filebeat'] },
  // Grafana Promtail (Loki's agent).
  { product: 'promtail', role: 'log-shipper', match: ['grafana/promtail'] },
  // OpenTelemetry Collector distributions.
  { product: 'otel-collector', role: 'telemetry-agent', match: ['opentelemetry-collector', 'opentelemetry-collector-contrib', 'opentelemetry-collector-k8s'] },
  // Datadog Agent.
  { product: 'datadog-agent', role: 'telemetry-agent', match: ['datadog/agent', 'datadoghq/agent'] },
  // Jaeger agent (deprecated, still common as a sidecar).
  { product: 'jaeger-agent', role: 'telemetry-agent', match: ['jaegertracing/jaeger-agent'] },
];

function matches(ref: ImageRef, pattern: string): boolean {
  if (!pattern.includes('/')) return ref.name === pattern;
  return ref.repository === pattern || ref.repository.endsWith(`/${pattern}`);
}

/** The well-known long-running helper an image is, if any. */
export function helperImage(image: string | undefined): HelperImage | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const hit = HELPERS.find((h) => h.match.some((p) => matches(ref, p)));
  return hit ? { product: hit.product, role: hit.role } : undefined;
}

/** Proxies that other containers send their traffic through (rules.md: "network proxies"). */
export function isNetworkProxy(h: HelperImage | undefined): boolean {
  return h?.role === 'mesh-proxy' || h?.role === 'proxy' || h?.role === 'database-proxy';
}

/**
 * Images of the mesh's own init step that sets up the traffic redirect (istio-init runs
 * `istio-iptables` from the proxy image; linkerd-init is `linkerd/proxy-init`).
 */
export function isMeshInitImage(image: string | undefined): boolean {
  const ref = parseImageRef(image);
  return !!ref && (matches(ref, 'linkerd/proxy-init') || matches(ref, 'istio/proxyv2') || matches(ref, 'istio-release/proxyv2') || matches(ref, 'asm/proxyv2'));
}
