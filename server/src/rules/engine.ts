/** Rule ids the engine itself reports (rules.md, "Engine"); they have no check function. */
import type { RuleInfo } from './rule';

export const YAML_SYNTAX: RuleInfo = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  title: 'The text is not valid YAML.',
};

export const NOT_ANALYSED: RuleInfo = {
  id: 'not-analysed',
  defaultSeverity: 'info',
  title: 'The file is deliberately not analysed (a Helm/Go template, binary or not UTF-8), and why.',
};
