/**
 * Programs and images that never exit on their own: servers started in the foreground, and the
 * commands people use to keep a container alive. Used to tell that an init container (which must
 * exit for the pod to start) never completes.
 */
import { parseImageRef } from './images';

export interface ServerImage {
  /** Repository pattern: with a `/`, the end of the repository path; without, its last segment. */
  match: string;
  /** How to call it in a message. */
  what: string;
  /** The server starts only with one of these variables set (else the entrypoint exits with an error). */
  requiresEnv?: readonly string[];
}

/**
 * Images whose default command (no `command`, no `args`) runs a server in the foreground until
 * it is stopped. Only images whose default really starts and stays up: not those that print
 * help and exit without arguments (minio, pilot-agent, cloud-sql-proxy), nor those that need
 * configuration to start (datadog-agent, vector).
 */
export const SERVER_IMAGES: readonly ServerImage[] = [
  // Web servers and reverse proxies (the official images run them with `daemon off`/`-DFOREGROUND`).
  { match: 'nginx', what: 'nginx' },
  { match: 'nginx-unprivileged', what: 'nginx' },
  { match: 'httpd', what: 'Apache httpd' },
  { match: 'caddy', what: 'Caddy' },
  { match: 'traefik', what: 'Traefik' },
  { match: 'haproxy', what: 'HAProxy' },
  // Envoy's image runs `envoy -c /etc/envoy/envoy.yaml` (a demo config that listens).
  { match: 'envoy', what: 'Envoy' },
  { match: 'envoy-distroless', what: 'Envoy' },
  { match: 'tomcat', what: 'Tomcat' },
  // Caches and databases that start without configuration.
  { match: 'redis', what: 'Redis' },
  { match: 'valkey', what: 'Valkey' },
  { match: 'memcached', what: 'memcached' },
  { match: 'mongo', what: 'MongoDB' },
  { match: 'cassandra', what: 'Cassandra' },
  // Databases whose entrypoint refuses to initialise without a password setting.
  { match: 'postgres', what: 'PostgreSQL', requiresEnv: ['POSTGRES_PASSWORD', 'POSTGRES_PASSWORD_FILE', 'POSTGRES_HOST_AUTH_METHOD'] },
  {
    match: 'mysql',
    what: 'MySQL',
    requiresEnv: ['MYSQL_ROOT_PASSWORD', 'MYSQL_ROOT_PASSWORD_FILE', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD'],
  },
  {
    match: 'mariadb',
    what: 'MariaDB',
    requiresEnv: [
      'MARIADB_ROOT_PASSWORD',
      'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
      'MARIADB_RANDOM_ROOT_PASSWORD',
      'MYSQL_ROOT_PASSWORD',
      'MYSQL_ALLOW_EMPTY_PASSWORD',
      'MYSQL_RANDOM_ROOT_PASSWORD',
    ],
  },
  // Brokers and coordination services.
  { match: 'rabbitmq', what: 'RabbitMQ' },
  { match: 'zookeeper', what: 'ZooKeeper' },
  { match: 'nats', what: 'NATS' },
  // Monitoring servers and dashboards (the images ship a default configuration).
  { match: 'grafana/grafana', what: 'Grafana' },
  { match: 'prom/prometheus', what: 'Prometheus' },
  { match: 'kibana', what: 'Kibana' },
  // Log shippers whose images ship a default pipeline.
  { match: 'fluent-bit', what: 'Fluent Bit' },
  { match: 'fluentd', what: 'Fluentd' },
];

/** The server an image runs by default, if it is one of `SERVER_IMAGES` (and the variables it needs are set). */
export function serverImage(image: string | undefined, envNames: readonly string[] = []): ServerImage | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const hit = SERVER_IMAGES.find((s) => (s.match.includes('/') ? ref.repository === s.match || ref.repository.endsWith(`/${s.match}`) : ref.name === s.match));
  if (hit?.requiresEnv && !hit.requiresEnv.some((n) => envNames.includes(n))) return undefined;
  return hit;
}

export interface ForegroundProgram {
  /** Program base name. */
  program: string;
  /** Arguments that make it a short-lived call (`-t`, `--version`): then it exits. */
  exitsWith?: RegExp;
  /** An argument it needs to stay in the foreground (nginx daemonises unless told not to). */
  foregroundWhen?: RegExp;
  what: string;
}

/** Programs that serve in the foreground until stopped. */
export const FOREGROUND_PROGRAMS: readonly ForegroundProgram[] = [
  // nginx daemonises by default; in the foreground only with `daemon off;` (`-t` tests the config, `-s` signals).
  { program: 'nginx', foregroundWhen: /daemon\s+off/, exitsWith: /^-(t|T|v|V|s|h|\?)$/, what: 'nginx' },
  // Apache httpd stays in the foreground with -DFOREGROUND (`-t` tests the config).
  { program: 'httpd', foregroundWhen: /^-D ?FOREGROUND$/, exitsWith: /^-(t|v|V|h|S|M|l|L)$/, what: 'Apache httpd' },
  // Debian's name for httpd.
  { program: 'apache2', foregroundWhen: /^-D ?FOREGROUND$/, what: 'Apache httpd' },
  // Envoy serves until stopped (`--mode validate` only checks the config).
  { program: 'envoy', exitsWith: /^--(version|help|mode=validate)$/, what: 'Envoy' },
  // redis-server stays in the foreground unless told to daemonise (any --daemonize counts as told).
  { program: 'redis-server', exitsWith: /^(--version|-v|--help|-h|--test-memory|--daemonize)$/, what: 'Redis' },
  // memcached stays in the foreground unless -d.
  { program: 'memcached', exitsWith: /^(-V|--version|-h|--help|-d|--daemon)$/, what: 'memcached' },
  // mongod stays in the foreground unless --fork.
  { program: 'mongod', exitsWith: /^(--version|--help|--fork)$/, what: 'MongoDB' },
  // mysqld serves until stopped; --initialize sets up a data directory and exits.
  { program: 'mysqld', exitsWith: /^(--version|--help|--initialize|--initialize-insecure|--verbose)$/, what: 'MySQL' },
  // Fluent Bit runs its pipeline until stopped (--dry-run checks the config).
  { program: 'fluent-bit', exitsWith: /^(--version|-V|--help|-h|--dry-run|-D)$/, what: 'Fluent Bit' },
  // Fluentd runs until stopped (--dry-run checks the config, -d daemonises).
  { program: 'fluentd', exitsWith: /^(--version|--help|--dry-run|-d|--daemon)$/, what: 'Fluentd' },
  // The Cloud SQL Auth Proxy v2 keeps its listeners open until stopped.
  { program: 'cloud-sql-proxy', exitsWith: /^(--version|--help|-h)$/, what: 'the Cloud SQL Auth Proxy' },
  // The v1 proxy binary.
  { program: 'cloud_sql_proxy', exitsWith: /^(-version|--version|--help|-h)$/, what: 'the Cloud SQL proxy' },
];
