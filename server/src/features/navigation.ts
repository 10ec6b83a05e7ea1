/**
 * Go to definition, find references and rename, over the model. Pure functions: they take a
 * parsed file and a file offset and return file offsets (the adapter in `lsp/navigation.ts` turns
 * them into ranges). They never throw on any input the model can hold.
 *
 * - Definition: from a mount's (or device's) volume name to the volume's name (or the StatefulSet
 *   claim template's `metadata.name`); from a reference to a container (`targetContainerName`,
 *   `podFailurePolicy…containerName`, the default-container and AppArmor annotations) to the
 *   container's name; from a declaration to itself (editors then offer the references); from
 *   `$(VAR)` in `command`, `args`, `env[].value` or `volumeMounts[].subPathExpr` to the `env` entry
 *   that defines `VAR` for it — for `env[i].value` only entries before `i`, since Kubernetes expands
 *   only variables defined earlier; of several entries with the name, the last one (it wins).
 * - References: every place of the pod that names the same volume or container (`names.ts`).
 * - Rename: the same places, each edited with `YamlEditor` (quoting kept); the new name must be a
 *   lowercase RFC 1123 label not already used by another volume (container) of the pod.
 */
import { isScalar } from 'yaml';
import { parseDocument, type YamlDocument } from '../model/document';
import type { FileModel } from '../model/file';
import { locate } from '../model/locate';
import type { Span, Edit } from '../model/text';
import { YamlEditor } from '../edits/yamlEdit';
import { dns1123LabelErrors } from '../rules/support';
import { nameAt, sameName, shift, type NameKind, type NameOccurrence, type PodNames } from './names';

const WHAT: Record<NameKind, string> = { volume: 'volume', container: 'container' };

// ---------------------------------------------------------------------------------------------
// Document-local

/** A `$(NAME)` at a document-local offset of a scalar in an expanding field, with its container's env. */
function variableDefinition(doc: YamlDocument, offset: number): Span[] {
  const where = locate(doc, offset);
  const node = where?.node;
  const spec = where?.manifest.podSpec;
  if (!where || !spec || where.onKey || !isScalar(node) || typeof node.value !== 'string' || !node.range) return [];
  const container = spec.containers.find((c) => c.path.length < where.path.length && c.path.every((step, i) => where.path[i] === step));
  if (!container) return [];
  const rest = where.path.slice(container.path.length);
  let before = Infinity;
  if (rest.length === 3 && rest[0] === 'env' && typeof rest[1] === 'number' && rest[2] === 'value') before = rest[1];
  else if (rest.length === 3 && rest[0] === 'volumeMounts' && typeof rest[1] === 'number' && rest[2] === 'subPathExpr') before = Infinity;
  else if (!(rest.length === 2 && (rest[0] === 'command' || rest[0] === 'args') && typeof rest[1] === 'number')) return [];
  const name = variableAt(doc.text, node.range[0], node.range[1], offset);
  if (name === undefined) return [];
  const defining = container.env.filter((e) => e.index < before && e.name === name).pop();
  const value = defining?.fields.get('name')?.value;
  if (!isScalar(value) || !value.range) return [];
  const r = value.range;
  const quoted = value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE';
  return [quoted ? { start: r[0] + 1, end: r[1] - 1 } : { start: r[0], end: r[1] }];
}

/**
 * The variable name of the `$(NAME)` in `text[start, end)` that holds `offset` (its `$`, its
 * parentheses or its name), skipping `$$` (an escaped `$`, as Kubernetes' expansion does).
 */
export function variableAt(text: string, start: number, end: number, offset: number): string | undefined {
  let i = start;
  while (i < end) {
    if (text[i] !== '$') {
      i++;
    } else if (text[i + 1] === '$') {
      i += 2;
    } else if (text[i + 1] === '(') {
      const close = text.indexOf(')', i + 2);
      if (close < 0 || close >= end) return undefined;
      if (i <= offset && offset <= close + 1) {
        const name = text.slice(i + 2, close);
        return /^[-._a-zA-Z0-9]+$/.test(name) ? name : undefined;
      }
      i = close + 1;
    } else {
      i++;
    }
  }
  return undefined;
}

/** Definition targets (name spans) for a document-local offset. */
export function documentDefinition(doc: YamlDocument, offset: number): Span[] {
  const hit = nameAt(doc, offset);
  if (hit) {
    return sameName(hit.pod, hit.at)
      .filter((o) => o.role === 'declaration')
      .map((o) => o.span);
  }
  return variableDefinition(doc, offset);
}

/** Reference spans for a document-local offset, in source order. */
export function documentReferences(doc: YamlDocument, offset: number, includeDeclaration: boolean): Span[] {
  const hit = nameAt(doc, offset);
  if (!hit) return [];
  return sameName(hit.pod, hit.at)
    .filter((o) => includeDeclaration || o.role === 'reference')
    .map((o) => o.span);
}

export type PrepareRename =
  /** A name that can be renamed: its characters (quotes excluded) and current value. */
  | { span: Span; placeholder: string; kind: NameKind }
  /** A name that cannot be renamed safely, and why. */
  | { error: string };

export type RenameResult = { edits: Edit[] } | { error: string };

function unsafe(pod: PodNames, places: NameOccurrence[], at: NameOccurrence): string | undefined {
  if (pod.aliased.has(at.kind)) {
    return `cannot rename \`${at.name}\`: a ${WHAT[at.kind]} name in this pod is written as a YAML alias (*…), which a rename cannot follow`;
  }
  const marked = places.find((o) => o.node.anchor || o.node.tag);
  if (marked) return `cannot rename \`${at.name}\`: one of the places that names it carries a YAML anchor or tag`;
  return undefined;
}

export function documentPrepareRename(doc: YamlDocument, offset: number): PrepareRename | undefined {
  const hit = nameAt(doc, offset);
  if (!hit) return undefined;
  const why = unsafe(hit.pod, sameName(hit.pod, hit.at), hit.at);
  if (why) return { error: why };
  return { span: hit.at.span, placeholder: hit.at.name, kind: hit.at.kind };
}

/** Why `newName` cannot be the new name of `at`'s volume or container, or undefined. */
function invalidName(pod: PodNames, at: NameOccurrence, newName: string): string | undefined {
  const errors = dns1123LabelErrors(newName);
  if (errors.length) return `${JSON.stringify(newName)} is not a valid ${WHAT[at.kind]} name: ${errors.join(', ')}`;
  if (newName === at.name) return undefined;
  const taken = pod.occurrences.some((o) => o.kind === at.kind && o.role === 'declaration' && o.name === newName);
  if (taken)
    return `a ${WHAT[at.kind]} named \`${newName}\` already exists in this pod: renaming \`${at.name}\` to it would make two ${WHAT[at.kind]}s share one name`;
  return undefined;
}

/** Document-local edits renaming the volume or container named at `offset` to `newName`. */
export function documentRename(doc: YamlDocument, offset: number, newName: string): RenameResult {
  const hit = nameAt(doc, offset);
  if (!hit) return { error: 'nothing to rename here: only a volume name or a container name can be renamed' };
  const { at, pod } = hit;
  const places = sameName(pod, at);
  const why = unsafe(pod, places, at) ?? invalidName(pod, at, newName);
  if (why) return { error: why };
  if (newName === at.name) return { edits: [] };
  const editor = new YamlEditor(doc);
  const edits: Edit[] = [];
  for (const place of places) {
    const made = place.key ? editor.renameKey(place.key.pair, place.key.prefix + newName) : editor.setScalar(place.node, newName);
    if (!made) {
      const line = doc.lines.positionAt(place.span.start).line;
      return { error: `cannot rename \`${at.name}\`: the name on line ${line + 1} of this document cannot be edited without changing something else` };
    }
    edits.push(...made);
  }
  edits.sort((a, b) => a.span.start - b.span.start);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].span.start < edits[i - 1].span.end) return { error: `cannot rename \`${at.name}\`: two of its places overlap` };
  }
  // Each edit was checked on its own; check them together too.
  let text = doc.text;
  for (let i = edits.length - 1; i >= 0; i--) text = text.slice(0, edits[i].span.start) + edits[i].newText + text.slice(edits[i].span.end);
  if (parseDocument(text).syntaxIssues.some((s) => s.severity === 'error'))
    return { error: `cannot rename \`${at.name}\`: the result would not be valid YAML` };
  return { edits };
}

// ---------------------------------------------------------------------------------------------
// File: offsets and spans into the whole file

/** Definition targets (file spans of names) for a file offset; empty when there is none. */
export function definition(model: FileModel, offset: number): Span[] {
  const placed = model.documentAt(offset)?.placed;
  if (!placed) return [];
  return documentDefinition(placed.doc, offset - placed.start).map((s) => shift(s, placed.start));
}

/** File spans of every place naming the volume or container at a file offset, in source order. */
export function references(model: FileModel, offset: number, includeDeclaration = true): Span[] {
  const placed = model.documentAt(offset)?.placed;
  if (!placed) return [];
  return documentReferences(placed.doc, offset - placed.start, includeDeclaration).map((s) => shift(s, placed.start));
}

/** Undefined when the offset is not on a volume or container name. */
export function prepareRename(model: FileModel, offset: number): PrepareRename | undefined {
  const placed = model.documentAt(offset)?.placed;
  if (!placed) return undefined;
  const result = documentPrepareRename(placed.doc, offset - placed.start);
  return result && 'span' in result ? { ...result, span: shift(result.span, placed.start) } : result;
}

/** File edits renaming the volume or container named at a file offset, or why not. */
export function rename(model: FileModel, offset: number, newName: string): RenameResult {
  const placed = model.documentAt(offset)?.placed;
  if (!placed) return { error: 'nothing to rename here: only a volume name or a container name can be renamed' };
  const result = documentRename(placed.doc, offset - placed.start, newName);
  if ('error' in result) return result;
  return { edits: result.edits.map((e) => ({ span: shift(e.span, placed.start), newText: e.newText })) };
}
