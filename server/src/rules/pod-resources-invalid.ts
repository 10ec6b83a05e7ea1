/**
 * R20 `pod-resources-invalid` (ground truth §6.4): pod-level `spec.resources` the API server
 * rejects where `PodLevelResources` is on (by default from 1.34; below, the field is dropped and
 * `field-dropped-at-target` says so). Messages as `validatePodResources` and
 * `validatePodResourceConsistency` write them: a Windows pod, `claims`, a resource other than cpu,
 * memory and hugepages-*, a request above its limit (hugepages: not equal), hugepages without cpu
 * or memory, a pod request below the KEP-753 aggregate of the containers' requests, a pod
 * hugepages limit below the containers' aggregate limit, and a regular container's limit above
 * the pod limit. A sidecar or init container limit above it is accepted and capped by the pod
 * cgroup (a warning). The defaulting a Pod gets (a pod limit without a pod request requests the
 * containers' aggregate) is checked too: a template is accepted, the Pods it creates are not.
 * In a partial manifest (a kustomize patch) the checks that need a value to be absent (hugepages
 * without cpu or memory, the defaulting) are skipped. The aggregate is the one of `pod/resources.ts` (container requests defaulted from limits, as the
 * Pod is defaulted before it is validated).
 */
import { isMap, isScalar } from 'yaml';
import { Quantity } from '../model/quantity';
import { entries, formatPath, getEntry, scalarText, type Entry, type Path } from '../model/yamlNodes';
import { formatAmount, greater, podResources, UNBOUNDED, type Amount } from '../pod/resources';
import { containerLabel } from './containerFacts';
import type { Rule } from './rule';
import { isPartial, quote, supportedValues } from './support';
import { podLevelResourcesOn } from './targetGates';

interface Value {
  name: string;
  entry: Entry;
  quantity?: Quantity;
  /** As written (YAML quotes removed). */
  text: string;
}

function values(node: unknown): Value[] {
  return entries(node as never).map((entry) => {
    const v = isScalar(entry.value) ? entry.value.value : undefined;
    const quantity = typeof v === 'string' || typeof v === 'number' ? Quantity.parse(v) : undefined;
    return { name: entry.key, entry, quantity, text: typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '' };
  });
}

const isHugePages = (name: string) => name.startsWith('hugepages-');
const supported = (name: string) => name === 'cpu' || name === 'memory' || isHugePages(name);

/** `<R>.requests[cpu]`: the API server keys resource names in brackets, unquoted. */
function keyed(path: Path, ...rest: string[]): string {
  return formatPath(path) + rest.join('');
}

export const podResourcesInvalid: Rule = {
  id: 'pod-resources-invalid',
  defaultSeverity: 'error',
  title:
    "Pod-level `spec.resources` the API server rejects (Windows pods, claims, names other than cpu/memory/hugepages-*, request above limit, below the containers' aggregate, a container limit above the pod limit).",
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || !podLevelResourcesOn(options)) return;
    // In a patch, what it leaves out comes from the base: checks that need a value to be absent are skipped.
    const partial = isPartial(manifest, options);
    const entry = pod.fields.get('resources');
    if (!entry || !isMap(entry.value)) return;
    const R = [...pod.path, 'resources'];
    const say = (span: Entry['keySpan'], where: string, api: string, why: string, severity?: 'warning') =>
      report({ span, severity, message: `${where}: ${api} — ${why}` });
    if (scalarText(getEntry(getEntry(pod.node, 'os')?.value, 'name')?.value) === 'windows') {
      say(
        entry.keySpan,
        formatPath(R),
        'Forbidden: may not be set for a windows pod',
        'pod-level resources are not supported on Windows nodes; set resources on each container instead.',
      );
      return;
    }
    const claims = getEntry(entry.value, 'claims');
    if (claims && claims.value !== null) {
      say(
        claims.keySpan,
        formatPath([...R, 'claims']),
        'Forbidden: claims may not be set for Resources at pod-level',
        'resource claims (DRA) are set on the containers that use them.',
      );
    }
    const requests = values(getEntry(entry.value, 'requests')?.value);
    const limits = values(getEntry(entry.value, 'limits')?.value);
    for (const [kind, list] of [
      ['requests', requests],
      ['limits', limits],
    ] as const) {
      for (const v of list) {
        if (supported(v.name)) continue;
        say(
          v.entry.keySpan,
          keyed(R, `.${kind}[${v.name}]`),
          `Unsupported value: ${quote(v.name)}: ${supportedValues(['cpu', 'hugepages-', 'memory'])}`,
          'pod-level resources take only cpu, memory and hugepages; set other resources on the containers.',
        );
      }
    }
    const req = new Map(requests.filter((v) => supported(v.name) && v.quantity).map((v) => [v.name, v]));
    const lim = new Map(limits.filter((v) => supported(v.name) && v.quantity).map((v) => [v.name, v]));
    for (const [name, r] of req) {
      const l = lim.get(name);
      if (!l) continue;
      if (isHugePages(name) ? !r.quantity!.equals(l.quantity!) : r.quantity!.compare(l.quantity!) > 0) {
        say(
          r.entry.valueSpan,
          formatPath([...R, 'requests']),
          `Invalid value: ${quote(r.text)}: must be ${isHugePages(name) ? 'equal to' : 'less than or equal to'} ${name} limit of ${l.text}`,
          isHugePages(name)
            ? 'hugepages cannot be overcommitted: the request must equal the limit.'
            : 'a pod cannot be guaranteed more than it is allowed to use.',
        );
      }
    }
    const all = [...requests, ...limits].filter((v) => supported(v.name));
    const hugepages = all.find((v) => isHugePages(v.name));
    if (hugepages && !partial && !all.some((v) => v.name === 'cpu' || v.name === 'memory')) {
      say(entry.keySpan, formatPath(R), 'Forbidden: HugePages require cpu or memory', 'pod-level hugepages come with a pod-level cpu or memory value.');
    }
    const resources = podResources(pod);
    const aggregateOf = (kind: 'requests' | 'limits', name: string): Amount | undefined => resources[kind].find((e) => e.resource === name)?.aggregate;
    const isPod = manifest.kind === 'Pod';
    for (const [name, r] of req) {
      const aggregate = aggregateOf('requests', name);
      if (!aggregate || aggregate === UNBOUNDED || !greater(aggregate, r.quantity!)) continue;
      say(
        r.entry.valueSpan,
        keyed(R, `.requests[${name}]`),
        `Invalid value: ${quote(r.text)}: must be greater than or equal to aggregate container requests of ${formatAmount(aggregate)}`,
        `the containers together request ${formatAmount(aggregate)} of ${name} (the larger of the long-running containers and the init peak, sidecars included), and the pod-level request must cover it.`,
      );
    }
    for (const [name, l] of lim) {
      if (isHugePages(name)) {
        const aggregate = aggregateOf('limits', name);
        if (aggregate && aggregate !== UNBOUNDED && greater(aggregate, l.quantity!)) {
          say(
            l.entry.valueSpan,
            keyed(R, `.limits[${name}]`),
            `Invalid value: ${quote(l.text)}: must be greater than or equal to aggregate container limits of ${formatAmount(aggregate)}`,
            "hugepages cannot be overcommitted: the pod-level limit must cover the containers' limits.",
          );
        }
        continue;
      }
      // A Pod is defaulted before it is validated: a pod limit without a pod request requests the containers' aggregate.
      const aggregate = aggregateOf('requests', name);
      if (!partial && !req.has(name) && aggregate && aggregate !== UNBOUNDED && !aggregate.isZero() && greater(aggregate, l.quantity!)) {
        say(
          l.entry.valueSpan,
          formatPath([...R, 'requests']),
          `Invalid value: ${quote(formatAmount(aggregate))}: must be less than or equal to ${name} limit of ${l.text}`,
          `with no pod-level ${name} request, the Pod's request defaults to what its containers request together (${formatAmount(aggregate)}), which is above the pod limit${isPod ? '' : '; the workload is accepted, but every Pod it creates is rejected'}.`,
        );
      }
    }
    for (const cr of resources.containers) {
      for (const [name, l] of lim) {
        const q = cr.limits.get(name);
        if (!q || q.compare(l.quantity!) <= 0) continue;
        const span = getEntry(getEntry(cr.container.fields.get('resources')?.value, 'limits')?.value, name)?.valueSpan;
        if (!span) continue;
        const text = q.source ?? q.format();
        if (cr.container.role === 'app') {
          say(
            span,
            keyed([...R, 'containers', cr.container.index], `[${name}].limits`),
            `Invalid value: ${quote(text)}: must be less than or equal to pod limits of ${l.text}`,
            `container ${containerLabel(cr.container)} may not be allowed more ${name} than the whole pod.`,
          );
        } else {
          say(
            span,
            formatPath([...cr.container.path, 'resources', 'limits']),
            `${cr.container.role === 'sidecar' ? 'sidecar' : 'init container'} ${containerLabel(cr.container)} limits ${name} to ${text}, above the pod limit of ${l.text}`,
            `the API server accepts it (it checks only app containers against the pod limit), but the pod cgroup caps the container at ${l.text}.`,
            'warning',
          );
        }
      }
    }
  },
};
