/** Hover on the `initContainers` key: what init containers do in this pod, in three lines. */
import { isJobLike } from '../../model/kinds';
import type { Location } from '../../model/locate';
import type { PodSpec } from '../../model/podSpec';
import { startsWith, type FeatureOptions } from '../context';
import { fieldFacts } from './field';
import { code, header, type HoverResult, scalarSpan } from './markdown';

export function initContainersHover(loc: Location, pod: PodSpec, options: FeatureOptions): HoverResult | undefined {
  if (!loc.onKey || loc.path.length !== pod.path.length + 1 || !startsWith(loc.path, pod.path) || loc.path[loc.path.length - 1] !== 'initContainers')
    return undefined;
  const span = scalarSpan(loc);
  if (!span) return undefined;
  const n = pod.initContainers.length;
  const sidecars = pod.initContainers.filter((c) => c.role === 'sidecar').length;
  const kind = loc.manifest.workload?.kind;
  const job = isJobLike(loc.manifest.workload);
  const written = pod.restartPolicy;
  const policy = written === 'OnFailure' || written === 'Never' || written === 'Always' ? written : 'Always';
  const policyText = written === undefined ? `\`restartPolicy\` (not set: \`Always\`)` : `\`restartPolicy: ${written}\``;
  let failure: string;
  if (job && written === undefined) failure = `a ${kind} must set \`restartPolicy: OnFailure\` or \`Never\`: the API server rejects the default \`Always\``;
  else if (policy === 'Never')
    failure = job
      ? 'the pod fails and is not retried in place; the Job creates a new pod (`backoffLimit`), which runs every init container again'
      : 'the pod fails (phase `Failed`); nothing is retried';
  else
    failure = `the kubelet restarts that init container with back-off (\`Init:CrashLoopBackOff\`) until it exits 0${job ? "; each restart counts toward the Job's `backoffLimit`" : ''}`;
  const count = `${n} init container${n === 1 ? '' : 's'}${sidecars ? `, ${sidecars} sidecar${sidecars === 1 ? '' : 's'}` : ''}`;
  const lines = [
    '1. They run one at a time, in list order, before the app containers start; a sidecar (`restartPolicy: Always`) only has to start, then keeps running.',
    '2. Each regular init container must exit 0 before the next one starts.',
    `3. On a failure, under this pod's ${policyText}: ${failure}.`,
  ];
  const schemaPart = fieldFacts(loc, options);
  const link = schemaPart?.link ? `\n\n${schemaPart.link}` : '';
  const type = schemaPart?.type ? ` · ${code(schemaPart.type)}` : '';
  return { markdown: `${header(loc.path)}${type} · ${count}\n\n${lines.join('\n')}${link}`, span };
}
