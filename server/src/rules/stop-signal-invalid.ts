/**
 * R21 `stop-signal-invalid` (ground truth §6.5): a `lifecycle.stopSignal` that the API server
 * rejects where `ContainerStopSignals` is enabled: no `spec.os.name`, a Windows pod with a signal
 * other than SIGKILL and SIGTERM, a Linux pod with a name outside the 65 Linux signals. The gate is
 * alpha and off by default from 1.33 (where the field appears) through 1.37, so the field is
 * usually dropped (`field-dropped-at-target`): these are warnings for clusters that enable it.
 * A patch without `spec.os` is not judged on it (its base may set it). Regular init containers are `init-forbidden-field`'s (no `lifecycle` at all there).
 */
import type { Rule } from './rule';
import { stopSignalProblem, WHERE_STOP_SIGNALS_ON } from './stopSignals';
import { apiMessage, isPartial } from './support';
import { stopSignalsInApi } from './targetGates';

export const stopSignalInvalid: Rule = {
  id: 'stop-signal-invalid',
  defaultSeverity: 'warning',
  title: "`lifecycle.stopSignal` that an API server with `ContainerStopSignals` enabled rejects: no `spec.os.name`, or a signal the pod's OS does not take.",
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || !stopSignalsInApi(options)) return;
    for (const c of pod.containers) {
      const problem = stopSignalProblem(pod, c);
      if (!problem || (problem.missingOs && isPartial(manifest, options))) continue; // the base may set spec.os
      report({ span: problem.span, message: apiMessage(problem.path, problem.apiText, `${WHERE_STOP_SIGNALS_ON}; ${problem.why}`) });
    }
  },
};
