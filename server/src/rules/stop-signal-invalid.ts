/**
 * R21 `stop-signal-invalid` (ground truth §6.5): a `lifecycle.stopSignal` that the API server
 * rejects where `ContainerStopSignals` is enabled: no `spec.os.name`, a Windows pod with a signal
 * other than SIGKILL and SIGTERM, a Linux pod with a name outside the 65 Linux signals. The gate is
 * alpha and off by default from 1.33 (where the field appears) through 1.37, so the field is
 * usually dropped (`field-dropped-at-target`): these are warnings for clusters that enable it.
 * A patch without `spec.os` is not judged on it (its base may set it). Regular init containers are `init-forbidden-field`'s (no `lifecycle` at all there).
 */
import { isScalar } from 'yaml';
import { getEntry, scalarText } from '../model/yamlNodes';
import type { Rule } from './rule';
import { apiMessage, isPartial, quote, supportedValues } from './support';
import { stopSignalsInApi } from './targetGates';

const RTMIN = Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}`);
const RTMAX = Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${i + 1}`);
/** `supportedStopSignalsLinux`, sorted as the API server lists it. */
const LINUX_STOP_SIGNALS: readonly string[] = [
  ...['SIGABRT', 'SIGALRM', 'SIGBUS', 'SIGCHLD', 'SIGCLD', 'SIGCONT', 'SIGFPE', 'SIGHUP', 'SIGILL', 'SIGINT', 'SIGIO', 'SIGIOT', 'SIGKILL', 'SIGPIPE', 'SIGPOLL', 'SIGPROF'],
  ...['SIGPWR', 'SIGQUIT', 'SIGSEGV', 'SIGSTKFLT', 'SIGSTOP', 'SIGSYS', 'SIGTERM', 'SIGTRAP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM', 'SIGWINCH'],
  ...['SIGXCPU', 'SIGXFSZ', 'SIGRTMIN', ...RTMIN, ...RTMAX, 'SIGRTMAX'],
].sort();
const WINDOWS_STOP_SIGNALS = ['SIGKILL', 'SIGTERM'];

const WHERE = 'where ContainerStopSignals is enabled, the API server rejects it (the gate is alpha and off by default up to Kubernetes 1.37, where the field is dropped)';

export const stopSignalInvalid: Rule = {
  id: 'stop-signal-invalid',
  defaultSeverity: 'warning',
  title: '`lifecycle.stopSignal` that an API server with `ContainerStopSignals` enabled rejects: no `spec.os.name`, or a signal the pod\'s OS does not take.',
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || !stopSignalsInApi(options)) return;
    const os = scalarText(getEntry(getEntry(pod.node, 'os')?.value, 'name')?.value);
    for (const c of pod.containers) {
      if (c.role === 'init' || c.role === 'ephemeral') continue;
      const lifecycle = c.fields.get('lifecycle')?.value;
      const entry = getEntry(lifecycle, 'stopSignal');
      if (!entry) continue;
      const node = entry.value;
      const signal = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
      const path = [...c.path, 'lifecycle', 'stopSignal'];
      if (!os) {
        if (isPartial(manifest, options)) continue; // the base may set spec.os
        report({ span: entry.keySpan, message: apiMessage(path, 'Forbidden: may not be set for containers with empty `spec.os.name`', `${WHERE}; set \`spec.os.name: linux\` (or windows) so that the signal can be checked against the node's OS.`) });
        continue;
      }
      if (signal === undefined) continue;
      const allowed = os === 'windows' ? WINDOWS_STOP_SIGNALS : os === 'linux' ? LINUX_STOP_SIGNALS : undefined;
      if (!allowed || allowed.includes(signal)) continue;
      report({
        span: entry.valueSpan,
        message: apiMessage(path, `Unsupported value: ${quote(signal)}: ${supportedValues(allowed)}`, `${WHERE}; a ${os} container stops on ${os === 'windows' ? 'SIGTERM or SIGKILL only' : 'one of the Linux signal names'}.`),
      });
    }
  },
};
