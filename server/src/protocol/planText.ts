/**
 * The startup plan's cross-file parts as one line of text each (their `text`, which the terminal
 * and the startup view show as they are): a host and its Service, something the workspace lacks,
 * a PodDisruptionBudget. Pure; imports only the plan's types.
 */
import type { PlanBudget, PlanMissing, PlanWait } from './index';

/** `postgres:5432 (nc postgres 5432): Service postgres, db/db.yaml:1` */
export function waitText(w: Omit<PlanWait, 'text'>): string {
  const host = `${w.host}${w.port !== undefined ? `:${w.port}` : ''} (${w.how})`;
  if (w.state === 'defined') return `${host}: Service ${w.service}${w.namespace !== 'default' ? ` in ${w.namespace}` : ''}, ${w.file ?? '?'}:${w.line ?? '?'}`;
  if (w.state === 'missing') return `${host}: no Service "${w.service}" in namespace "${w.namespace}" in the workspace${w.effect ? `; ${w.effect}` : ''}`;
  return `${host}: Service ${w.service} (the workspace defines no Service in namespace "${w.namespace}")`;
}

/** `key "passwd" of Secret db-creds (env PASSWORD secretKeyRef; db.yaml:7 has no such key) → Init:CreateContainerConfigError: …` */
export function missingText(m: Omit<PlanMissing, 'text'>): string {
  const what =
    m.kind === 'EnvFile'
      ? `env file ${m.name} (${m.how})`
      : m.key !== undefined
        ? `key "${m.key}" of ${m.kind} ${m.name} (${m.how}; ${m.file ?? '?'}:${m.line ?? '?'} has no such key)`
        : `${m.kind} ${m.name} (${m.how}) is not in the workspace${m.namespace ? ` (namespace "${m.namespace}")` : ''}`;
  return `${what} → ${m.status}${m.event ? `, ${m.event} events` : ''}: ${m.effect}`;
}

/** `minAvailable 2 — allows no eviction` */
export function budgetLimit(b: Omit<PlanBudget, 'text'>): string {
  const budget =
    b.maxUnavailable !== undefined
      ? `maxUnavailable ${b.maxUnavailable}`
      : b.minAvailable !== undefined
        ? `minAvailable ${b.minAvailable}`
        : 'no budget written';
  return `${budget}${b.blocksEvictions ? ' — allows no eviction' : ''}`;
}

/** `PodDisruptionBudget web-pdb (pdb.yaml:1): minAvailable 2 — allows no eviction` */
export function budgetText(b: Omit<PlanBudget, 'text'>): string {
  return `PodDisruptionBudget ${b.name} (${b.file}:${b.line}): ${budgetLimit(b)}`;
}
