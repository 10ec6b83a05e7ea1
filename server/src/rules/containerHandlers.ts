/**
 * Probe and lifecycle-handler checks shared by `probe-invalid` (app containers and sidecars),
 * `init-forbidden-field` and `init-restart-policy-value` (what a container would be checked for
 * once it is a sidecar): the API server's `validateProbe`, `validateHandler`, `validateSleepAction`.
 */
import { atLeast, type AnalysisOptions } from '../config/options';
import type { Container, PodSpec } from '../model/podSpec';
import { asMap, getEntry, type Entry, type Path } from '../model/yamlNodes';
import type { Report } from './rule';
import { apiMessage, numberValue } from './support';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const NON_NEGATIVE = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

function checkHandler(entry: Entry, path: Path, kinds: readonly string[], grace: number, report: (r: Report) => void, sleepZeroAllowed: boolean): void {
  const map = asMap(entry.value);
  if (!map) return;
  const present = kinds.map((k) => getEntry(map, k)).filter((e): e is Entry => e !== undefined);
  if (present.length === 0) {
    report({
      span: entry.keySpan,
      message: apiMessage(
        path,
        'Required value: must specify a handler type',
        `a handler needs exactly one of ${kinds.join(', ')}; without one the kubelet has nothing to run.`,
      ),
    });
  }
  for (const extra of present.slice(1)) {
    report({
      span: extra.keySpan,
      message: apiMessage(
        [...path, extra.key],
        'Forbidden: may not specify more than 1 handler type',
        `${present[0].key} is already set; a handler runs exactly one action.`,
      ),
    });
  }
  const sleep = getEntry(map, 'sleep');
  const seconds = numberValue(getEntry(sleep?.value, 'seconds'));
  if (sleep && seconds !== undefined && (seconds > grace || (sleepZeroAllowed ? seconds < 0 : seconds <= 0))) {
    const detail = sleepZeroAllowed
      ? `must be non-negative and less than terminationGracePeriodSeconds (${grace})`
      : `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`;
    report({
      span: getEntry(sleep.value, 'seconds')!.valueSpan,
      message: apiMessage(
        [...path, 'sleep', 'seconds'],
        `Invalid value: ${seconds}: ${detail}`,
        "the hook sleeps inside the pod's grace period, which bounds it.",
      ),
    });
  }
}

function checkProbe(c: Container, probe: (typeof PROBES)[number], grace: number, report: (r: Report) => void): void {
  const entry = c.handlers[probe];
  const map = asMap(entry?.value);
  if (!entry || !map) return;
  const path = [...c.path, probe];
  checkHandler(entry, path, PROBE_HANDLERS, grace, report, true);
  for (const field of NON_NEGATIVE) {
    const e = getEntry(map, field);
    const n = numberValue(e);
    if (e && n !== undefined && n < 0) {
      report({
        span: e.valueSpan,
        message: apiMessage(
          [...path, field],
          `Invalid value: ${n}: must be greater than or equal to 0`,
          'probe timings and thresholds count seconds or attempts and cannot be negative.',
        ),
      });
    }
  }
  const success = getEntry(map, 'successThreshold');
  const s = numberValue(success);
  if (success && s !== undefined && s > 1 && probe !== 'readinessProbe') {
    report({
      span: success.valueSpan,
      message: apiMessage(
        [...path, 'successThreshold'],
        `Invalid value: ${s}: must be 1`,
        `one success is all a ${probe} can count: the container is alive or started, or not.`,
      ),
    });
  }
  const tgps = getEntry(map, 'terminationGracePeriodSeconds');
  const t = numberValue(tgps);
  if (tgps && t !== undefined) {
    if (probe === 'readinessProbe') {
      report({
        span: tgps.keySpan,
        message: apiMessage(
          [...path, 'terminationGracePeriodSeconds'],
          `Invalid value: ${t}: must not be set for readinessProbes`,
          'a failing readiness probe never kills the container, so there is no grace period to set.',
        ),
      });
    } else if (t <= 0) {
      report({
        span: tgps.valueSpan,
        message: apiMessage(
          [...path, 'terminationGracePeriodSeconds'],
          `Invalid value: ${t}: must be greater than 0`,
          'the kubelet gives the container this long to stop after the probe fails.',
        ),
      });
    }
  }
}

/** Reports the probe and lifecycle problems of `c` as the API server checks an app container or a sidecar. */
export function checkContainerHandlers(c: Container, pod: PodSpec, options: AnalysisOptions, report: (r: Report) => void): void {
  const grace = numberValue(pod.fields.get('terminationGracePeriodSeconds')) ?? 30;
  // PodLifecycleSleepActionAllowZero is beta (on by default) from 1.33.
  const sleepZeroAllowed = atLeast(options, 1, 33);
  for (const probe of PROBES) checkProbe(c, probe, grace, report);
  for (const hook of ['postStart', 'preStop'] as const) {
    const e = c.handlers[hook];
    if (e) checkHandler(e, [...c.path, 'lifecycle', hook], LIFECYCLE_HANDLERS, grace, report, sleepZeroAllowed);
  }
}
