/**
 * The registry: every rule initlens runs, one file each, named after its id in the catalogue
 * (`../shared/docs/rules.md`; the ids are a public contract).
 */
import { NOT_ANALYSED, YAML_SYNTAX } from './engine';
import type { Rule, RuleInfo } from './rule';
import { schema } from './schema';

export const RULES: readonly Rule[] = [schema];

/** Every id initlens can publish: the engine's and the rules'. */
export const ALL_RULE_INFOS: readonly RuleInfo[] = [YAML_SYNTAX, NOT_ANALYSED, ...RULES];

export function ruleInfo(id: string): RuleInfo | undefined {
  return ALL_RULE_INFOS.find((r) => r.id === id);
}
