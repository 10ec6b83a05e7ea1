/**
 * `restart-policy-rules-ineffective` (ground truth §6.2, "not checked by the API"): restart rules
 * the API server accepts but that do nothing or something other than they seem to: rules on a
 * container whose `restartPolicy` is `Always`, a `Restart` rule on a sidecar, exit codes outside
 * 0–255, `In` with no values, and on an app container a `Restart` rule that matches exit 0
 * (restart on success). Only where the rules are read by default (from 1.35).
 */
import type { Rule } from './rule';
import { apiMessage } from './support';
import { restartRulesOf } from '../pod/restartRules';
import { containerRestartRulesOn, restartAllContainersOn } from './targetGates';

export const restartPolicyRulesIneffective: Rule = {
  id: 'restart-policy-rules-ineffective',
  defaultSeverity: 'info',
  title:
    'Restart rules that the API server accepts but that do nothing (on an `Always` container, `Restart` on a sidecar, codes outside 0–255, `In` with no values) or restart on success.',
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || !containerRestartRulesOn(options)) return;
    for (const c of [...pod.initContainers, ...pod.appContainers]) {
      const rules = restartRulesOf(c);
      if (!rules) continue;
      const policy = c.restartPolicy?.text;
      if (policy === undefined) continue; // restart-policy-rules-invalid
      if (c.role === 'sidecar' && !restartAllContainersOn(options)) continue; // rejected before 1.36
      for (const r of rules.rules) {
        const action = r.action.kind === 'string' ? r.action.value : undefined;
        const op = r.operator.kind === 'string' ? r.operator.value : undefined;
        if (action === 'Restart' && c.role === 'sidecar') {
          report({
            span: r.action.kind === 'string' ? r.action.span : r.span,
            message: apiMessage(
              [...r.path, 'action'],
              'a `Restart` rule on a sidecar changes nothing',
              'a sidecar is restarted whenever it exits anyway; on a sidecar only `RestartAllContainers` does something (restart the whole pod in place).',
            ),
          });
          continue;
        }
        if (action === 'Restart' && policy === 'Always') {
          report({
            span: r.action.kind === 'string' ? r.action.span : r.span,
            message: apiMessage(
              [...r.path, 'action'],
              'a `Restart` rule on a container whose restartPolicy is `Always` changes nothing',
              'the container is restarted on every exit anyway; set its restartPolicy to `Never` to restart only on the codes the rules list.',
            ),
          });
          continue;
        }
        if (!r.values || (op !== 'In' && op !== 'NotIn')) continue;
        const outside = r.values.filter((v) => v < 0 || v > 255);
        if (outside.length > 0 && r.valuesEntry) {
          report({
            span: r.valuesEntry.keySpan,
            message: apiMessage(
              [...r.path, 'exitCodes', 'values'],
              `exit code${outside.length > 1 ? 's' : ''} ${outside.join(', ')} can never occur`,
              'on Linux a process exits with a code from 0 to 255; a rule value outside that range never matches.',
            ),
          });
        }
        if (op === 'In' && r.values.length === 0) {
          report({
            span: r.valuesEntry?.keySpan ?? r.exitCodes!.keySpan,
            message: apiMessage([...r.path, 'exitCodes'], '`operator: In` with no values never matches', 'list the exit codes the rule is for.'),
          });
          continue;
        }
        const matchesZero = op === 'In' ? r.values.includes(0) : !r.values.includes(0);
        if (action === 'Restart' && matchesZero && c.role === 'app') {
          report({
            span: r.exitCodes!.keySpan,
            message: apiMessage(
              [...r.path, 'exitCodes'],
              op === 'NotIn' && r.values.length === 0
                ? '`operator: NotIn` with no values matches every exit code, 0 included'
                : 'this `Restart` rule matches exit code 0',
              'the container is restarted even when it succeeds, as with `restartPolicy: Always`; in a Job the pod then never completes.',
            ),
          });
        }
      }
    }
  },
};
