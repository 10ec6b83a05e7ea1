/**
 * A container's `restartPolicyRules` as written (KEP-5307, ground truth §6.2): the one reader of
 * them, for `restart-policy-rules-invalid`, `restart-policy-rules-ineffective` and the startup
 * plan (`plan.ts`).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { fieldsOf, listItems, stringField, type Container, type Item, type StringField } from '../model/podSpec';
import { spanOf, type Entry, type Path } from '../model/yamlNodes';

/** A rule that is a mapping. */
export interface RestartRule extends Item {
  action: StringField;
  /** `exitCodes`, when it is present (a mapping or not). */
  exitCodes?: Entry;
  operator: StringField;
  /** The `values` entry, when present. */
  valuesEntry?: Entry;
  /** Every value, when `values` is a list of integers (or absent: []); undefined when it cannot be read. */
  values?: number[];
  /** The numbers `values` lists, its other items left out ([] when it is absent or not a list). */
  numbers: number[];
}

export interface RestartRules {
  entry: Entry;
  path: Path;
  /** The rules that are mappings (others are the schema rule's). */
  rules: RestartRule[];
  /** How many items the list has (a list that is not a sequence: undefined). */
  count?: number;
}

/** The container's `restartPolicyRules`, if it has the key. */
export function restartRulesOf(c: Container): RestartRules | undefined {
  const entry = c.fields.get('restartPolicyRules');
  if (!entry) return undefined;
  const path = [...c.path, 'restartPolicyRules'];
  const rules = listItems(entry.value, path).map((rule): RestartRule => {
    const exitCodes = rule.fields.get('exitCodes');
    const codes: Item | undefined =
      exitCodes && isMap(exitCodes.value)
        ? { node: exitCodes.value, path: [...rule.path, 'exitCodes'], index: 0, span: spanOf(exitCodes.value)!, fields: fieldsOf(exitCodes.value) }
        : undefined;
    const valuesEntry = codes?.fields.get('values');
    const list = valuesEntry?.value;
    const numbers = isSeq(list) ? list.items.flatMap((v) => (isScalar(v) && typeof v.value === 'number' ? [v.value] : [])) : [];
    let values: number[] | undefined = [];
    if (list) values = isSeq(list) && numbers.length === list.items.length && numbers.every(Number.isInteger) ? numbers : undefined;
    return {
      ...rule,
      action: stringField(rule, 'action'),
      exitCodes,
      operator: codes ? stringField(codes, 'operator') : { kind: 'absent' },
      valuesEntry,
      values,
      numbers,
    };
  });
  return { entry, path, rules, count: isSeq(entry.value) ? entry.value.items.length : undefined };
}
