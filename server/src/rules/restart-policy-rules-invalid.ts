/**
 * R16 `restart-policy-rules-invalid` (ground truth §6.2): container `restartPolicyRules` the
 * API server rejects at the target, with the message of that version. From 1.35
 * (`ContainerRestartRules` on by default) these are errors; at 1.34 the gate is off and the rules
 * are dropped (`field-dropped-at-target` says so), so the same checks are warnings: a cluster that
 * enables the gate rejects them. Below 1.34 the field does not exist (the `schema` rule's).
 * Ephemeral containers cannot be created with a manifest at all (`ephemeral-containers-in-manifest`).
 */
import type { Rule } from './rule';
import { apiMessage, missingKeySpan, quote, supportedValues } from './support';
import { restartRulesOf } from '../pod/restartRules';
import { containerRestartRulesInApi, containerRestartRulesOn, restartAllContainersOn } from './targetGates';
import { atLeast } from '../config/options';

const MAX_RULES = 20;
const MAX_VALUES = 255;

export const restartPolicyRulesInvalid: Rule = {
  id: 'restart-policy-rules-invalid',
  defaultSeverity: 'error',
  title:
    '`restartPolicyRules` the API server rejects at the target (no container `restartPolicy`, unknown action or operator, missing `exitCodes`, too many rules or values, rules on a sidecar before 1.36).',
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || !containerRestartRulesInApi(options)) return;
    const gateOn = containerRestartRulesOn(options);
    // At 1.34 only a cluster that enables ContainerRestartRules checks the rules (otherwise it drops them).
    const severity = gateOn ? undefined : 'warning';
    const why = (text: string) => (gateOn ? text : `${text} (at 1.34 only where the cluster enables ContainerRestartRules; otherwise the rules are dropped)`);
    // 1.36 reports counts with `Too many`; 1.34 and 1.35 with a `Too long` that says "bytes".
    const tooMany = (n: number, max: number) =>
      atLeast(options, 1, 36) ? `Too many: ${n}: must have at most ${max} items` : `Too long: may not be more than ${max} bytes`;
    const actions = restartAllContainersOn(options) ? ['Restart', 'RestartAllContainers'] : ['Restart'];
    for (const c of [...pod.initContainers, ...pod.appContainers]) {
      const rules = restartRulesOf(c);
      if (!rules) continue;
      const policy = c.restartPolicy;
      if (c.role === 'sidecar' && !restartAllContainersOn(options)) {
        report({
          span: rules.entry.keySpan,
          severity,
          message: apiMessage(
            rules.path,
            'Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always',
            why('a sidecar is restarted whenever it exits; rules on sidecars (for `RestartAllContainers`) come with Kubernetes 1.36.'),
          ),
        });
        continue;
      }
      if (!policy && (c.role === 'app' || gateOn)) {
        report({
          span: rules.entry.keySpan,
          severity,
          message: apiMessage(
            [...c.path, 'restartPolicy'],
            'Required value: must specify restartPolicy when restart rules are used',
            why(
              "the rules are read only together with the container's own restartPolicy; set `Never` to restart only on the codes the rules list, or `OnFailure`.",
            ),
          ),
        });
      } else if (!policy) {
        report({
          span: rules.entry.keySpan,
          severity: 'warning',
          message: apiMessage(
            rules.path,
            'restartPolicyRules on an init container without restartPolicy are accepted at 1.34 and never read',
            'the kubelet reads the rules only when the container sets its own restartPolicy; from 1.35 the API server requires it.',
          ),
        });
      }
      if (rules.count !== undefined && rules.count > MAX_RULES) {
        report({
          span: rules.entry.keySpan,
          severity,
          message: apiMessage(rules.path, tooMany(rules.count, MAX_RULES), why(`a container takes at most ${MAX_RULES} restart rules.`)),
        });
      }
      for (const r of rules.rules) {
        const action = r.action;
        if (action.kind !== 'other' && !actions.includes(action.kind === 'string' ? action.value : '')) {
          const value = action.kind === 'string' ? action.value : '';
          const later =
            value === 'RestartAllContainers'
              ? restartAllContainersOn(options)
                ? ''
                : ' `RestartAllContainers` needs the RestartAllContainersOnContainerExits gate, off by default before 1.36.'
              : '';
          report({
            span: action.kind === 'string' ? action.span : missingKeySpan(r),
            severity,
            message: apiMessage(
              [...r.path, 'action'],
              `Unsupported value: ${quote(value)}: ${supportedValues(actions)}`,
              why(`a rule's action says what to do when its exit codes match.${later}`),
            ),
          });
        }
        if (!r.exitCodes || r.exitCodes.value === null) {
          report({
            span: r.exitCodes?.keySpan ?? missingKeySpan(r),
            severity,
            message: apiMessage(
              [...r.path, 'exitCodes'],
              'Required value: must be specified',
              why('a rule matches exit codes: `exitCodes: {operator: In, values: [42]}` (there is no `when:` or `onExit:` wrapper).'),
            ),
          });
          continue;
        }
        const op = r.operator;
        if (op.kind !== 'other' && !(op.kind === 'string' && (op.value === 'In' || op.value === 'NotIn'))) {
          report({
            span: op.kind === 'string' ? op.span : r.exitCodes.keySpan,
            severity,
            message: apiMessage(
              [...r.path, 'exitCodes', 'operator'],
              `Unsupported value: ${quote(op.kind === 'string' ? op.value : '')}: ${supportedValues(['In', 'NotIn'])}`,
              why('`In` matches the listed exit codes, `NotIn` every other one.'),
            ),
          });
        }
        if (r.values && r.values.length > MAX_VALUES) {
          report({
            span: r.valuesEntry!.keySpan,
            severity,
            message: apiMessage(
              [...r.path, 'exitCodes', 'values'],
              tooMany(r.values.length, MAX_VALUES),
              why(`a rule lists at most ${MAX_VALUES} exit codes.`),
            ),
          });
        }
      }
    }
  },
};
