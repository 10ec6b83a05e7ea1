/**
 * Completion after `$(` in `command`/`args`/`env[].value`: the container's env names (for an
 * env value, only the entries above it, as Kubernetes expands only those).
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { getEntry, keyName, nodeAt, scalarText } from '../../model/yamlNodes';
import { findScalar, parseTree, scalarAt } from '../context';
import { type CompletionItem, type Ctx, order, patched, PLACEHOLDER } from './items';

/** Closing characters for the flow collections and quotes left open in `before`. */
function closers(before: string): string {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === quote && !(quote === '"' && before[i - 1] === '\\')) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') stack.push(']');
    else if (c === '{') stack.push('}');
    else if ((c === ']' || c === '}') && stack[stack.length - 1] === c) stack.pop();
  }
  return `${quote ?? ''}${stack.reverse().join('')}`;
}

export function variableCompletions(ctx: Ctx, partial: string): CompletionItem[] {
  const { text, offset, line } = ctx;
  const start = offset - partial.length;
  const afterWord = /^[A-Za-z0-9_.-]*/.exec(text.slice(offset, line.end))?.[0].length ?? 0;
  const end = offset + afterWord;
  const closed = text[end] === ')';
  let loc = (() => {
    const doc = parseTree(text);
    return doc ? scalarAt(doc, offset) : undefined;
  })();
  if (!loc) {
    // An unterminated quote or flow list on the line being typed: close them on a copy.
    const before = text.slice(line.start, start);
    const patchedLine = `${before}${PLACEHOLDER})${closers(before)}`;
    const p = patched(ctx, patchedLine);
    if (!p) return [];
    loc = findScalar(p.doc, (n) => isScalar(n) && typeof n.value === 'string' && n.value.includes(`$(${PLACEHOLDER})`));
  }
  if (!loc || loc.onKey) return [];
  const path = loc.path;
  const at = path.findIndex((seg, i) => (seg === 'initContainers' || seg === 'containers' || seg === 'ephemeralContainers') && typeof path[i + 1] === 'number');
  if (at < 0) return [];
  const containerPath = path.slice(0, at + 2);
  const rel = path.slice(at + 2);
  const inCommand = rel.length === 2 && (rel[0] === 'command' || rel[0] === 'args') && typeof rel[1] === 'number';
  const inEnv = rel.length === 3 && rel[0] === 'env' && typeof rel[1] === 'number' && rel[2] === 'value';
  if (!inCommand && !inEnv) return [];
  const container = nodeAt(loc.manifest.node, containerPath);
  const env = getEntry(container, 'env')?.value;
  if (!isSeq(env)) return [];
  const limit = inEnv ? (rel[1] as number) : env.items.length;
  const seen = new Set<string>();
  const items: Omit<CompletionItem, 'sortText'>[] = [];
  env.items.slice(0, limit).forEach((item, index) => {
    const name = scalarText(getEntry(item as Node, 'name')?.value);
    if (!name || seen.has(name) || name === PLACEHOLDER) return;
    seen.add(name);
    const v = scalarText(getEntry(item as Node, 'value')?.value);
    const from = getEntry(item as Node, 'valueFrom')?.value;
    const source = v !== undefined ? `= ${v}` : isMap(from) ? `valueFrom ${(from.items[0] ? keyName(from.items[0]) : undefined) ?? ''}`.trim() : undefined;
    items.push({
      label: name,
      kind: 'variable',
      detail: `env[${index}]${source ? ` ${source}` : ''}`,
      insertText: closed ? name : `${name})`,
      snippet: false,
      span: { start, end },
      additionalEdits: [],
    });
  });
  return order(items);
}
