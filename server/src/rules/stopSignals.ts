/**
 * `lifecycle.stopSignal` as an API server with `ContainerStopSignals` enabled validates it
 * (`validateStopSignal`, ground truth §6.5): shared by `stop-signal-invalid`, which reports the
 * problem, and `field-dropped-at-target`, which leaves a signal with a problem to it.
 */
import { isScalar } from 'yaml';
import type { PodSpec, Container } from '../model/podSpec';
import type { Span } from '../model/text';
import { getEntry, scalarText, type Path } from '../model/yamlNodes';
import { quote, supportedValues } from './support';

const RTMIN = Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}`);
const RTMAX = Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${i + 1}`);
/** `supportedStopSignalsLinux`, sorted as the API server lists it. */
const LINUX_STOP_SIGNALS: readonly string[] = [
  ...[
    'SIGABRT',
    'SIGALRM',
    'SIGBUS',
    'SIGCHLD',
    'SIGCLD',
    'SIGCONT',
    'SIGFPE',
    'SIGHUP',
    'SIGILL',
    'SIGINT',
    'SIGIO',
    'SIGIOT',
    'SIGKILL',
    'SIGPIPE',
    'SIGPOLL',
    'SIGPROF',
  ],
  ...[
    'SIGPWR',
    'SIGQUIT',
    'SIGSEGV',
    'SIGSTKFLT',
    'SIGSTOP',
    'SIGSYS',
    'SIGTERM',
    'SIGTRAP',
    'SIGTSTP',
    'SIGTTIN',
    'SIGTTOU',
    'SIGURG',
    'SIGUSR1',
    'SIGUSR2',
    'SIGVTALRM',
    'SIGWINCH',
  ],
  ...['SIGXCPU', 'SIGXFSZ', 'SIGRTMIN', ...RTMIN, ...RTMAX, 'SIGRTMAX'],
].sort();
const WINDOWS_STOP_SIGNALS = ['SIGKILL', 'SIGTERM'];

export const WHERE_STOP_SIGNALS_ON =
  'where ContainerStopSignals is enabled, the API server rejects it (the gate is alpha and off by default up to Kubernetes 1.37, where the field is dropped)';

export interface StopSignalProblem {
  span: Span;
  path: Path;
  /** The API server's text. */
  apiText: string;
  /** Why, after `WHERE_STOP_SIGNALS_ON`. */
  why: string;
  /** The problem is the missing `spec.os.name`, which a kustomize base may set. */
  missingOs: boolean;
}

/** What an API server with the gate on would reject about `c`'s stop signal, if anything. */
export function stopSignalProblem(pod: PodSpec, c: Container): StopSignalProblem | undefined {
  if (c.role === 'init' || c.role === 'ephemeral') return undefined;
  const entry = getEntry(c.fields.get('lifecycle')?.value, 'stopSignal');
  if (!entry) return undefined;
  const path = [...c.path, 'lifecycle', 'stopSignal'];
  const os = scalarText(getEntry(getEntry(pod.node, 'os')?.value, 'name')?.value);
  if (!os) {
    return {
      span: entry.keySpan,
      path,
      apiText: 'Forbidden: may not be set for containers with empty `spec.os.name`',
      why: "set `spec.os.name: linux` (or windows) so that the signal can be checked against the node's OS.",
      missingOs: true,
    };
  }
  const node = entry.value;
  const signal = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  if (signal === undefined) return undefined;
  const allowed = os === 'windows' ? WINDOWS_STOP_SIGNALS : os === 'linux' ? LINUX_STOP_SIGNALS : undefined;
  if (!allowed || allowed.includes(signal)) return undefined;
  return {
    span: entry.valueSpan,
    path,
    apiText: `Unsupported value: ${quote(signal)}: ${supportedValues(allowed)}`,
    why: `a ${os} container stops on ${os === 'windows' ? 'SIGTERM or SIGKILL only' : 'one of the Linux signal names'}.`,
    missingOs: false,
  };
}
