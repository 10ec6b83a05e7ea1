/**
 * A container's `restartPolicyRules` as written (KEP-5307, ground truth §6.2), for
 * `restart-policy-rules-invalid` and `restart-policy-rules-ineffective`.
 */
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { Container } from '../model/podSpec';
import type { Span } from '../model/text';
import { entries, spanOf, type Entry, type Path } from '../model/yamlNodes';
import { stringField, type StringField } from './support';

export interface RestartRule {
  index: number;
  path: Path;
  span: Span;
  node: YAMLMap;
  fields: Map<string, Entry>;
  action: StringField;
  /** `exitCodes`, when it is present (a mapping or not). */
  exitCodes?: Entry;
  operator: StringField;
  /** The `values` entry, when present. */
  valuesEntry?: Entry;
  /** Every value, when `values` is a list of integers (or absent: []); undefined when it cannot be read. */
  values?: number[];
}

export interface RestartRules {
  entry: Entry;
  path: Path;
  /** The rules that are mappings (others are the schema rule's). */
  rules: RestartRule[];
  /** How many items the list has (a list that is not a sequence: undefined). */
  count?: number;
}

function fieldsOf(map: YAMLMap): Map<string, Entry> {
  return new Map(entries(map).map((e) => [e.key, e]));
}

/** The container's `restartPolicyRules`, if it has the key. */
export function restartRulesOf(c: Container): RestartRules | undefined {
  const entry = c.fields.get('restartPolicyRules');
  if (!entry) return undefined;
  const path = [...c.path, 'restartPolicyRules'];
  const seq = isSeq(entry.value) ? entry.value : undefined;
  const rules: RestartRule[] = [];
  seq?.items.forEach((item, index) => {
    const span = spanOf(item as YAMLMap);
    if (!isMap(item) || !span) return;
    const fields = fieldsOf(item);
    const exitCodes = fields.get('exitCodes');
    const codes =
      exitCodes && isMap(exitCodes.value)
        ? { node: exitCodes.value, path: [...path, index, 'exitCodes'], index: 0, span: spanOf(exitCodes.value)!, fields: fieldsOf(exitCodes.value) }
        : undefined;
    const valuesEntry = codes?.fields.get('values');
    let values: number[] | undefined = [];
    if (valuesEntry && valuesEntry.value !== null) {
      values =
        isSeq(valuesEntry.value) && valuesEntry.value.items.every((v) => isScalar(v) && Number.isInteger(v.value))
          ? valuesEntry.value.items.map((v) => (v as { value: number }).value)
          : undefined;
    }
    rules.push({
      index,
      path: [...path, index],
      span,
      node: item,
      fields,
      action: stringField({ node: item, index, path: [...path, index], span, fields }, 'action'),
      exitCodes,
      operator: codes ? stringField(codes, 'operator') : { kind: 'absent' },
      valuesEntry,
      values,
    });
  });
  return { entry, path, rules, count: seq?.items.length };
}
