/**
 * R1 `init-restart-policy-value` (ground truth §6.1): an init container's `restartPolicy` that
 * the target's API server rejects or silently drops. Up to 1.33 only `Always` exists; at 1.34
 * (`ContainerRestartRules` off) every other value is dropped; from 1.35 `Never` and `OnFailure`
 * are valid and meaningful (no finding) and anything else is rejected.
 */
import { atLeast } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import type { Fix, Rule } from './rule';
import { apiMessage, closest, quote, scalarNode, supportedValues } from './support';
import { checkContainerHandlers } from './containerHandlers';
import { containerRestartRulesInApi, containerRestartRulesOn } from './targetGates';

const POLICIES = ['Always', 'Never', 'OnFailure'];

/** The policy a misspelt value most likely means (`always`, `Alwayz`, `onfailure`), if one is close. */
function meant(value: string): string | undefined {
  const exact = POLICIES.find((p) => p.toLowerCase() === value.toLowerCase());
  return exact ?? closest(value, POLICIES);
}

export const initRestartPolicyValue: Rule = {
  id: 'init-restart-policy-value',
  defaultSeverity: 'error',
  title: 'An init container sets a `restartPolicy` the target rejects or drops (only `Always` up to 1.34; `Always`, `Never`, `OnFailure` from 1.35).',
  check({ doc, manifest, options, report }) {
    for (const c of manifest.podSpec?.initContainers ?? []) {
      const entry = c.restartPolicy?.entry;
      const node = scalarNode(entry);
      if (!entry || !node || c.role === 'sidecar') continue;
      const value = String(node.value ?? '');
      const path = [...c.path, 'restartPolicy'];
      const guess = meant(value);
      // What the value is at the target: rejected (error), dropped (1.34, gate off) or valid.
      const valid = containerRestartRulesOn(options) && POLICIES.includes(value);
      if (valid) continue;
      const dropped = containerRestartRulesInApi(options) && !containerRestartRulesOn(options);
      let message: string;
      let severity: 'error' | 'warning' | undefined;
      if (!containerRestartRulesInApi(options)) {
        message = apiMessage(
          path,
          `Unsupported value: ${quote(value)}: ${supportedValues(['Always'])}`,
          'an init container takes only `Always` (which makes it a native sidecar) up to Kubernetes 1.33; leave the field out for a regular init container, which the pod restartPolicy already retries.',
        );
      } else if (dropped && guess === 'Always') {
        message = apiMessage(
          path,
          `restartPolicy ${quote(value)} is not \`Always\`: a 1.34 API server drops it without a word (ContainerRestartRules is off by default)`,
          'the intended sidecar becomes a regular init container that never exits, so the sidecar will never start the app: the pod hangs in `Init:`.',
        );
      } else if (dropped) {
        severity = 'warning';
        message = apiMessage(
          path,
          `restartPolicy ${quote(value)} on an init container is silently dropped at 1.34 unless the cluster enables the ContainerRestartRules feature gate (on by default from 1.35)`,
          'without the gate the container is a regular init container and follows the pod restartPolicy.',
        );
      } else {
        message = apiMessage(
          path,
          `Unsupported value: ${quote(value)}: ${supportedValues(POLICIES)}`,
          '`Always` makes a native sidecar; `Never` fails the pod when the init container fails, `OnFailure` retries it; leave the field out to follow the pod restartPolicy.',
        );
      }
      const fixes = (): Fix[] => {
        const editor = new YamlEditor(doc);
        const out: Fix[] = [];
        // Up to 1.33 `OnFailure`/`Never` are what a regular init container does anyway under the
        // pod's policy, and at 1.34 the value is dropped: removing the field keeps the meaning.
        // From 1.35 a rejected value has no meaning to keep; the policy it most likely spells is preferred.
        const meantRegular = value === 'OnFailure' || value === 'Never' || (dropped && guess !== 'Always');
        const remove = editor.removePair(c.node, entry.pair);
        // Native sidecars need 1.28 or later (sidecar-unsupported-version), and their probes and
        // hooks must pass the checks a sidecar's get (probe-invalid).
        let handlersValid = true;
        checkContainerHandlers(c, manifest.podSpec!, options, () => (handlersValid = false));
        const always = atLeast(options, 1, 28) && handlersValid ? editor.setScalar(node, 'Always') : undefined;
        const toAlways = guess === 'Always' || !containerRestartRulesOn(options);
        if (remove)
          out.push({
            title: 'Remove restartPolicy (a regular init container)',
            edits: remove,
            safe: meantRegular || (containerRestartRulesOn(options) && !guess),
            preferred: meantRegular || (containerRestartRulesOn(options) && !guess),
          });
        if (always)
          out.push({
            title: 'Set restartPolicy to Always (a native sidecar)',
            edits: always,
            safe: !meantRegular && toAlways && guess !== undefined,
            preferred: !meantRegular && toAlways && guess !== undefined,
          });
        if (containerRestartRulesOn(options) && guess && guess !== 'Always') {
          const set = editor.setScalar(node, guess);
          if (set) out.push({ title: `Set restartPolicy to ${guess}`, edits: set, safe: true, preferred: true });
        }
        return out;
      };
      report({ span: entry.valueSpan, message, severity, fixes });
    }
  },
};
