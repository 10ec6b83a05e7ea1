/** §4 `pod-restart-policy-invalid`: the pod `restartPolicy` is not one the kind accepts. */
import { YamlEditor } from '../edits/yamlEdit';
import { isJobLike, type PodRestartPolicy } from '../model/kinds';
import { getEntry, nodeAt } from '../model/yamlNodes';
import type { Fix, Rule } from './rule';
import { apiMessage, isPartial, quote, scalarNode, supportedValues } from './support';

const WHY_ALWAYS = 'a controller keeps its pods running, so their containers are always restarted.';
const WHY_JOB = 'a Job runs its pods to completion; with the default `Always` the pod would never finish.';

export const podRestartPolicyInvalid: Rule = {
  id: 'pod-restart-policy-invalid',
  defaultSeverity: 'error',
  title:
    'The pod `restartPolicy` is not allowed for the kind (controllers: only `Always`; Jobs: `OnFailure` or `Never`, and a missing one counts as `Always`).',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    const workload = manifest.workload;
    if (!pod || !workload) return;
    const allowed = workload.restartPolicies;
    const entry = pod.fields.get('restartPolicy');
    const node = scalarNode(entry);
    const isJob = isJobLike(workload);
    const jobSpecPath = workload.podSpecPath.slice(0, -2);
    const podFailurePolicy = isJob && getEntry(nodeAt(manifest.node, jobSpecPath), 'podFailurePolicy') !== undefined;
    const path = [...pod.path, 'restartPolicy'];
    const fix = (value: PodRestartPolicy, preferred: boolean): Fix[] => {
      const editor = new YamlEditor(doc);
      const edits = entry && node ? editor.setScalar(node, value) : editor.addPair(pod.node, 'restartPolicy', value);
      return edits ? [{ title: `Set restartPolicy to ${value}`, edits, safe: true, preferred }] : [];
    };
    const jobFixes = () => [...fix('Never', true), ...(podFailurePolicy ? [] : fix('OnFailure', false))];

    if (!entry) {
      // The default, Always, is what every other kind accepts; a patch leaves it to its base.
      // A custom resource's controller may default it (JobSet's webhook sets OnFailure), so only a written value is judged there.
      if (!isJob || workload.custom || isPartial(manifest, options)) return;
      // The key that holds the pod spec (`spec:` under `template:`).
      const holder = getEntry(nodeAt(manifest.node, pod.path.slice(0, -1)), String(pod.path[pod.path.length - 1]));
      report({
        span: holder?.keySpan ?? manifest.span,
        message: apiMessage(path, `Unsupported value: "Always": ${supportedValues(allowed)}`, `restartPolicy is not set, so it defaults to Always; ${WHY_JOB}`),
        fixes: jobFixes,
      });
      return;
    }
    const value = node && node.value !== null && node.value !== undefined ? String(node.value) : '';
    if (podFailurePolicy && value === 'OnFailure') {
      report({
        span: entry.valueSpan,
        message: apiMessage(
          path,
          'Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
          'podFailurePolicy judges failed pods, and with OnFailure the kubelet restarts containers in place instead of failing the pod.',
        ),
        fixes: () => fix('Never', true),
      });
      return;
    }
    if ((allowed as readonly string[]).includes(value)) return;
    const valid = ['Always', 'OnFailure', 'Never'].includes(value);
    const shown = valid ? allowed : (['Always', 'OnFailure', 'Never'] as const).filter((p) => allowed.includes(p));
    report({
      span: entry.valueSpan,
      message: apiMessage(
        path,
        `Unsupported value: ${quote(value)}: ${supportedValues(shown)}`,
        isJob ? WHY_JOB : allowed.length === 1 ? WHY_ALWAYS : 'the pod restartPolicy is one of Always, OnFailure or Never.',
      ),
      fixes: isJob ? jobFixes : allowed.length === 1 ? () => fix('Always', true) : [],
    });
  },
};
