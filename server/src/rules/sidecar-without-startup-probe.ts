/**
 * `sidecar-without-startup-probe` (ground truth W2, §3): a native sidecar without a
 * `startupProbe` that later containers are likely to depend on. The kubelet starts the next
 * container as soon as the sidecar counts as started: with no startupProbe that is the moment its
 * process runs (and its `postStart` hook, if any, has returned), not when it is ready.
 *
 * Reported when the sidecar
 * - is followed by a regular init container (which then runs while the sidecar is still starting:
 *   its connections fail, and a log shipper that tails from the end of files misses its first
 *   lines), or
 * - is a known network proxy (service mesh, Envoy, database proxy) that app containers send their
 *   traffic through.
 * A log shipper or telemetry agent followed only by app containers is fine.
 * Not reported when a `postStart` hook holds the next container back (Linkerd's `linkerd-await`).
 *
 * Fix: a `tcpSocket` startup probe on the sidecar's first TCP `containerPort`, polled every
 * second for up to a minute; no fix when it declares no TCP port (the right check is not known).
 */
import { YamlEditor } from '../edits/yamlEdit';
import { helperImage, isNetworkProxy } from '../knowledge/images';
import { containerLabel, containerSpan, hasPostStart } from './containerFacts';
import type { Fix, Rule } from './rule';
import { apiMessage } from './support';

export const sidecarWithoutStartupProbe: Rule = {
  id: 'sidecar-without-startup-probe',
  defaultSeverity: 'warning',
  title: 'A native sidecar without a `startupProbe` that later containers depend on: they start before it is ready.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    pod.initContainers.forEach((c, i) => {
      if (c.role !== 'sidecar' || c.fields.has('startupProbe') || hasPostStart(c)) return;
      const helper = helperImage(c.image);
      const nextInit = pod.initContainers.slice(i + 1).find((x) => x.role === 'init');
      const proxy = isNetworkProxy(helper) && pod.appContainers.length > 0;
      if (!nextInit && !proxy) return;
      const label = containerLabel(c);
      const readiness = c.fields.has('readinessProbe') ? ' (its readinessProbe does not hold anything back: only a startupProbe does)' : '';
      const what = nextInit
        ? `sidecar ${label} has no startupProbe, so the next init container, ${containerLabel(nextInit)}, starts as soon as ${label}'s process is running, before it is ready${readiness}`
        : `sidecar ${label}${label === helper!.product ? '' : ` (${helper!.product})`} has no startupProbe, so the app containers start as soon as its process is running, before it accepts their connections${readiness}`;
      const why = nextInit
        ? `add a startupProbe: the kubelet then starts ${containerLabel(nextInit)} only once the probe succeeds.`
        : 'their first requests through the proxy can fail; add a startupProbe: the kubelet then starts the app containers only once the probe succeeds.';
      const fixes = (): Fix[] => {
        const port = c.ports.find((p) => p.protocol === 'TCP' && p.containerPort !== undefined && p.containerPort >= 1 && p.containerPort <= 65535);
        if (!port) return [];
        const probe = { tcpSocket: { port: port.containerPort }, periodSeconds: 1, failureThreshold: 60 };
        const after = c.restartPolicy?.entry.pair;
        const edits = new YamlEditor(doc).addPair(c.node, 'startupProbe', probe, after ? { after } : undefined);
        return edits ? [{ title: `Add a startupProbe (tcpSocket on port ${port.containerPort})`, edits, safe: false, preferred: true }] : [];
      };
      report({ span: containerSpan(c), message: apiMessage(c.path, what, why), fixes });
    });
  },
};
