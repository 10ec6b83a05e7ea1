/**
 * Key completion: the keys of the schema object at the cursor that the mapping does not have
 * yet, required ones first, then (inside a new `initContainers` item) the snippets, then the
 * others in the schema's order; fields the API server rejects for the target are left out.
 */
import { isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { JSONSchema } from 'vscode-json-languageservice';
import { versionAtLeast } from '../../config/options';
import { keyName } from '../../model/yamlNodes';
import { resolveSchemaNode, schemaNodeAt, type ResolvedSchemaNode } from '../../schema/loadSchema';
import { findScalar, parentMap, startsWith } from '../context';
import { sidecarNote, typeName, typesOf } from '../describe';
import { escapeSnippet } from '../snippets';
import { snippetItems } from './initSnippets';
import { type CompletionItem, type Ctx, type KeyContext, kindSchema, order, patched, PLACEHOLDER, podSpecOf, WORD_AFTER, yamlValue } from './items';

const SERVER_SET_METADATA = new Set([
  'creationTimestamp',
  'deletionGracePeriodSeconds',
  'deletionTimestamp',
  'generation',
  'managedFields',
  'resourceVersion',
  'selfLink',
  'uid',
]);
const SIDECAR_ONLY = new Set(['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']);

export function keyCompletions(ctx: Ctx, dashed: boolean, word: string): CompletionItem[] {
  const { text, offset, line } = ctx;
  const wordStart = offset - word.length;
  const wordEnd = offset + (WORD_AFTER.exec(text.slice(offset, line.end))?.[0].length ?? 0);
  const rest = text.slice(wordEnd, line.end);
  const hasColon = /^[ \t]*:/.test(rest);
  const patchedLine = text.slice(line.start, wordStart) + PLACEHOLDER + (hasColon ? rest : ':');
  const p = patched(ctx, patchedLine);
  if (!p) return [];
  const loc = findScalar(p.doc, (n) => isScalar(n) && n.value === PLACEHOLDER);
  if (!loc || !loc.onKey) return [];
  const kc: KeyContext = { column: wordStart - line.start, span: { start: wordStart, end: wordEnd }, hasColon };
  const parentPath = loc.path.slice(0, -1);
  const map = parentMap(loc.ancestors);
  const present = new Set<string>();
  for (const item of map?.items ?? []) {
    const k = keyName(item);
    if (k !== undefined && k !== PLACEHOLDER) present.add(k);
  }
  const onlyPlaceholder = present.size === 0;
  const pod = podSpecOf(loc.manifest, loc.path);
  const root = kindSchema(loc.manifest, ctx.options);

  // `initContainers:` with the cursor on an indented line below it (no dash yet): an item goes here.
  if (
    pod &&
    parentPath.length === pod.path.length + 1 &&
    startsWith(parentPath, pod.path) &&
    parentPath[parentPath.length - 1] === 'initContainers' &&
    onlyPlaceholder
  ) {
    return order(snippetItems(ctx, p, loc, pod, kc, true));
  }

  if (!root) {
    if (parentPath.length) return [];
    const items = ['apiVersion', 'kind', 'metadata']
      .filter((k) => !present.has(k))
      .map((k) => keyItem(ctx, kc, k, k === 'metadata' ? { node: { type: 'object' } } : { node: { type: 'string' } }, undefined, false));
    return order(items);
  }
  const parent = schemaNodeAt(root, parentPath);
  if (!parent) return [];
  const props = parent.node.properties ?? {};
  const required = new Set(parent.node.required ?? []);
  const container = pod?.pod.containers.find((c) => c.path.length === parentPath.length && startsWith(parentPath, c.path));
  const target = ctx.options.kubernetesVersion;
  const gated = !versionAtLeast(target, 1, 34);
  const exclude = (k: string): boolean => {
    if (present.has(k)) return true;
    if (parentPath.length === 0 && k === 'status') return true;
    if (parentPath.length === 1 && parentPath[0] === 'metadata' && SERVER_SET_METADATA.has(k)) return true;
    if (container && gated && k === 'restartPolicyRules') return true;
    if (container?.list === 'containers' && gated && k === 'restartPolicy') return true;
    return false;
  };
  const names = Object.keys(props).filter((k) => !exclude(k));
  const items: Omit<CompletionItem, 'sortText'>[] = [];
  const add = (k: string) => {
    const r = resolveSchemaNode(root, props[k]);
    if (!r) return;
    let special: Special | undefined;
    if (container && container.list === 'initContainers' && k === 'restartPolicy')
      special = { insert: 'restartPolicy: Always', documentation: sidecarNote(target) };
    else if (container?.role === 'init' && SIDECAR_ONLY.has(k)) special = { detailSuffix: ' · sidecars only (restartPolicy: Always)' };
    else if (pod && k === 'restartPolicy' && parentPath.length === pod.path.length && startsWith(parentPath, pod.path))
      special = { enumValues: pod.workload.restartPolicies.slice() };
    items.push(keyItem(ctx, kc, k, r, root, required.has(k), special));
  };
  for (const k of names) if (required.has(k)) add(k);
  // A new item of initContainers (its `- ` just typed): the snippets, right after the required keys.
  const isInitItem =
    !!pod &&
    parentPath.length === pod.path.length + 2 &&
    startsWith(parentPath, pod.path) &&
    parentPath[pod.path.length] === 'initContainers' &&
    typeof parentPath[pod.path.length + 1] === 'number';
  if (isInitItem && dashed && onlyPlaceholder && !hasColon) items.push(...snippetItems(ctx, p, loc, pod, kc, false));
  for (const k of names) if (!required.has(k)) add(k);
  // The line right below a block `initContainers` list, at its dash column: a new item can start here too.
  if (
    pod &&
    !dashed &&
    !hasColon &&
    parentPath.length === pod.path.length &&
    startsWith(parentPath, pod.path) &&
    map &&
    followsInitContainers(p, map, kc.column)
  ) {
    items.push(...snippetItems(ctx, p, loc, pod, kc, true));
  }
  return order(items);
}

interface Special {
  insert?: string;
  documentation?: string;
  detailSuffix?: string;
  enumValues?: string[];
}

function choice(values: string[]): string {
  return `\${1|${values.map((v) => yamlValue(v).replace(/[\\,|$}]/g, (c) => `\\${c}`)).join(',')}|}`;
}

function keyItem(
  ctx: Ctx,
  kc: KeyContext,
  key: string,
  r: ResolvedSchemaNode,
  root: JSONSchema | undefined,
  required: boolean,
  special?: Special,
): Omit<CompletionItem, 'sortText'> {
  const n = r.node;
  const types = typesOf(n);
  const indent = ' '.repeat(kc.column + 2);
  const k = escapeSnippet(key);
  let insertText: string;
  let snippet = true;
  const enumValues = special?.enumValues ?? (Array.isArray(n.enum) ? n.enum.map(String) : undefined);
  if (kc.hasColon) {
    insertText = key;
    snippet = false;
  } else if (special?.insert) {
    insertText = special.insert;
    snippet = false;
  } else if (enumValues && enumValues.length === 1) {
    insertText = `${key}: ${yamlValue(enumValues[0])}`;
    snippet = false;
  } else if (enumValues && enumValues.length) {
    insertText = `${k}: ${choice(enumValues)}`;
  } else if (types.includes('boolean')) {
    insertText = `${k}: \${1|true,false|}`;
  } else if (types.includes('array')) {
    insertText = `${k}:${ctx.eol}${indent}- $0`;
  } else if (types.includes('object') || n.properties) {
    insertText = `${k}:${ctx.eol}${indent}$0`;
  } else {
    insertText = `${k}: $0`;
  }
  const type = root ? typeName(root, r) : typesOf(n).join(' | ') || undefined;
  const doc = [special?.documentation, typeof n.description === 'string' ? n.description : undefined, required ? 'Required.' : undefined]
    .filter(Boolean)
    .join('\n\n');
  return {
    label: key,
    kind: 'property',
    detail: `${type ?? ''}${required ? ' · required' : ''}${special?.detailSuffix ?? ''}`.trim() || undefined,
    documentation: doc || undefined,
    insertText,
    snippet,
    span: kc.span,
    additionalEdits: [],
  };
}

/** The placeholder's pair comes right after `initContainers` in the pod spec, at the list's dash column. */
function followsInitContainers(p: { text: string }, map: YAMLMap, column: number): boolean {
  const index = map.items.findIndex((item) => keyName(item) === PLACEHOLDER);
  if (index < 1) return false;
  const prev = map.items[index - 1];
  if (keyName(prev) !== 'initContainers') return false;
  const value = prev.value as Node | null;
  if (value === null || (isScalar(value) && value.value === null)) return true;
  if (!isSeq(value) || value.flow || !value.items.length) return false;
  const first = (value.items[0] as Node | null)?.range?.[0];
  if (first === undefined) return false;
  const lineStart = p.text.lastIndexOf('\n', first - 1) + 1;
  const dash = p.text.lastIndexOf('-', first - 1);
  return dash >= lineStart && dash - lineStart === column;
}
