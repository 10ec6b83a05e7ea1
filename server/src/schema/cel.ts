/**
 * `x-kubernetes-validations`: the CEL rules of a CRD's schema, evaluated with
 * `@marcbachmann/cel-js` where that is safe and means what the API server means. A rule is
 * evaluated only when it parses and type-checks with `self` alone (no `oldSelf`: a manifest has no
 * old object; no Kubernetes library function such as `isURL` or `quantity`, which the library
 * lacks), calls no regular expression (`matches`, `find`, `findAll`: the API server's RE2 is
 * linear, JavaScript's is not) and nests at most MAX_NESTED_MACROS comprehensions (`all`,
 * `exists`, `map`, …). Its cost is bounded: at most MAX_AST_NODES nodes, `self` at most
 * MAX_VALUE_NODES values, and at most MAX_COST per manifest, counted in the values the rules
 * evaluated read (the rules after that are not evaluated): a count, not a time, so the findings
 * are the same on a busy machine and in every worker thread. A rule that fails to evaluate (a missing field, a type it does not expect)
 * says nothing: only a rule that evaluates to `false` is a finding, with its `messageExpression`'s
 * value, else its `message`, else `failed rule: <rule>`, as the API server words it.
 */
import type { ASTNode } from 'vscode-json-languageservice';
import type * as Cel from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };
import type { Environment } from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };

export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  /** A JSONPath-like `.a.b` from the node the rule is on, where the API server reports it. */
  fieldPath?: string;
}

export interface CelFailure {
  /** The node the failure is reported on (the rule's node, or its `fieldPath`). */
  node: ASTNode;
  message: string;
}

export const VALIDATIONS = 'x-kubernetes-validations';
const MAX_AST_NODES = 400;
const MAX_DEPTH = 32;
const MAX_VALUE_NODES = 2000;
const MAX_NESTED_MACROS = 2;
const MAX_COST = 20_000;
const MACROS: ReadonlySet<string> = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const REGEX: ReadonlySet<string> = new Set(['matches', 'find', 'findAll']);

type Compiled = (context: Record<string, unknown>) => unknown;
type CelModule = typeof Cel;

let celModule: Promise<CelModule | undefined> | undefined;
let env: Environment | undefined;
/** Compiled rules by text; null: not evaluated (see above). */
const compiled = new Map<string, Compiled | null>();
const MAX_COMPILED = 2000;

async function celEnvironment(): Promise<Environment | undefined> {
  celModule ??= import('@marcbachmann/cel-js').catch(() => undefined);
  const cel = await celModule;
  if (!cel) return undefined;
  env ??= new cel.Environment({
    unlistedVariablesAreDyn: true,
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: MAX_AST_NODES, maxDepth: MAX_DEPTH, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 },
  });
  return env;
}

interface CelAst {
  op: string;
  args: unknown;
}

const isAst = (v: unknown): v is CelAst => typeof v === 'object' && v !== null && typeof (v as CelAst).op === 'string';

/** Whether the parsed rule is one this module evaluates (no `oldSelf`, no regex, shallow macros). */
function safe(ast: unknown, macros = 0): boolean {
  if (Array.isArray(ast)) return ast.every((a) => safe(a, macros));
  if (!isAst(ast)) return true;
  if (ast.op === 'id' && ast.args === 'oldSelf') return false;
  if ((ast.op === 'rcall' || ast.op === 'call') && Array.isArray(ast.args) && typeof ast.args[0] === 'string') {
    const name = ast.args[0];
    if (REGEX.has(name)) return false;
    if (MACROS.has(name)) macros++;
    if (macros > MAX_NESTED_MACROS) return false;
    return ast.args.slice(1).every((a) => safe(a, macros));
  }
  return safe(ast.args, macros);
}

function compile(e: Environment, text: string): Compiled | null {
  const hit = compiled.get(text);
  if (hit !== undefined) return hit;
  let result: Compiled | null = null;
  try {
    const parsed = e.parse(text);
    if (safe(parsed.ast) && parsed.check().valid) result = parsed;
  } catch {
    result = null;
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(text, result);
  return result;
}

/** The plain value of a node and how many values it holds, or undefined past MAX_VALUE_NODES values. */
function valueOf(node: ASTNode): { value: unknown; size: number } | undefined {
  let count = 0;
  const walk = (n: ASTNode): unknown => {
    if (++count > MAX_VALUE_NODES) throw new RangeError('too large');
    switch (n.type) {
      case 'object': {
        const o: Record<string, unknown> = {};
        for (const p of n.properties) if (p.valueNode) o[p.keyNode.value] = walk(p.valueNode);
        return o;
      }
      case 'array':
        return n.items.map(walk);
      default:
        return n.value;
    }
  };
  try {
    const value = walk(node);
    return { value, size: count };
  } catch {
    return undefined;
  }
}

/** `.a.b` (or `a.b`) from `node`: the node it names, if the manifest has it. */
function atFieldPath(node: ASTNode, fieldPath: string | undefined): ASTNode {
  if (!fieldPath || !/^\.?[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(fieldPath)) return node;
  let cur: ASTNode = node;
  for (const key of fieldPath.replace(/^\./, '').split('.')) {
    if (cur.type !== 'object') return node;
    const next = cur.properties.find((p) => p.keyNode.value === key)?.valueNode;
    if (!next) return node;
    cur = next;
  }
  return cur;
}

/** What the API server says a failing rule's value is: `"object"`, `"string"`, … */
export function celTypeName(node: ASTNode): string {
  if (node.type === 'number') return node.isInteger ? 'integer' : 'number';
  return node.type;
}

/** What is left of a manifest's evaluation cost (MAX_COST). */
interface Budget {
  left: number;
}

/**
 * The rules that fail at `node` (its schema's `x-kubernetes-validations`, `rules`); each
 * evaluation takes the size of `self` from `budget`, and none is made once it is spent.
 */
function failingRules(e: Environment, node: ASTNode, rules: readonly unknown[], budget: Budget): CelFailure[] {
  const out: CelFailure[] = [];
  let read: { value: unknown; size: number } | undefined;
  for (const r of rules) {
    const rule = r as CelRule;
    if (typeof rule?.rule !== 'string') continue;
    const run = compile(e, rule.rule);
    if (!run) continue;
    read ??= valueOf(node);
    if (read === undefined) return out;
    budget.left -= 1 + read.size;
    if (budget.left < 0) return out;
    const self = read.value;
    let result: unknown;
    try {
      result = run({ self });
    } catch {
      continue;
    }
    if (result !== false) continue;
    let message = typeof rule.message === 'string' && rule.message.trim() !== '' ? rule.message : `failed rule: ${rule.rule}`;
    if (typeof rule.messageExpression === 'string') {
      const m = compile(e, rule.messageExpression);
      try {
        const text = m?.({ self });
        if (typeof text === 'string' && text.trim() !== '') message = text;
      } catch {
        // The message then.
      }
    }
    out.push({ node: atFieldPath(node, rule.fieldPath), message });
  }
  return out;
}

type SchemaNode = { properties?: Record<string, unknown>; additionalProperties?: unknown; items?: unknown } & Record<string, unknown>;

const isSchema = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every failing rule of a custom resource (`root`) under its CRD's converted schema (./crd.ts keeps
 * each node's `x-kubernetes-validations`) as the API server
 * reports them: in tree order, a node's rules before its children's; `skip(node)` leaves a node and what is below it out (a value
 * the schema already rejected).
 */
export async function celFailures(root: ASTNode, schema: unknown, skip: (node: ASTNode) => boolean): Promise<CelFailure[]> {
  const e = await celEnvironment();
  if (!e) return [];
  const budget: Budget = { left: MAX_COST };
  const out: CelFailure[] = [];
  const visit = (node: ASTNode, s: unknown): void => {
    if (!isSchema(s) || skip(node) || budget.left < 0) return;
    const rules = s[VALIDATIONS];
    if (Array.isArray(rules) && rules.length > 0) out.push(...failingRules(e, node, rules, budget));
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (!p.valueNode) continue;
        const key = p.keyNode.value;
        const next = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : s.additionalProperties;
        visit(p.valueNode, next);
      }
    } else if (node.type === 'array') {
      for (const item of node.items) visit(item, s.items);
    }
  };
  visit(root, schema);
  return out;
}
