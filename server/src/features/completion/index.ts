/**
 * Completion in Kubernetes manifests. Pure: text and an offset in, plain items out (no LSP types).
 *
 * The line being typed rarely parses (`      ima` has no colon), so the context is found on a
 * patched copy of the current YAML document only: the word at the cursor is replaced by a
 * placeholder (`__initlens__:` for a key, `key: __initlens__` for a value), the copy is parsed
 * (`yaml` recovers from errors elsewhere) and the placeholder's path gives the manifest and the
 * schema position. Nothing here throws: any surprise gives no items.
 *
 * What is offered:
 *  - keys of the schema object at the cursor (a built-in kind's, or a custom resource's from its
 *    CustomResourceDefinition in this file or the workspace: `customResource.ts`) that the mapping does not have yet: the required
 *    ones first, then (inside a new `initContainers` item) the snippets, then the others in the
 *    schema's order; fields the API server rejects for the target are left out (`restartPolicy`
 *    on an app container and `restartPolicyRules` below 1.34, `status`, server-set metadata);
 *  - after `key: `, the schema's enum values (the pod `restartPolicy` narrowed to what the kind
 *    accepts; `Always` for an init container's `restartPolicy`), `true`/`false`, and names:
 *    volumes (and claim templates) in `volumeMounts[].name`, containers in `targetContainerName`,
 *    `podFailurePolicy` rules and `resourceFieldRef.containerName`; apiVersions and kinds;
 *  - after `$(` in `command`/`args`/`env[].value`: the container's env names (for an env value,
 *    only the entries above it, as Kubernetes expands only those);
 *  - init container and native sidecar snippets (`../snippets.ts`, `initSnippets.ts`) in a new `initContainers` item;
 *    one that mounts a volume declares it in `volumes:` through `additionalEdits`.
 */
import type { FileModel } from '../../model/file';
import { fileCrds } from '../../schema/crdSources';
import type { Span } from '../../model/text';
import { lineAt, type FeatureOptions } from '../context';
import type { CompletionItem, Ctx } from './items';
import { keyCompletions } from './keys';
import { valueCompletions } from './values';
import { variableCompletions } from './variables';

export { PLACEHOLDER, type CompletionEdit, type CompletionItem, type CompletionKind } from './items';

/** Completion at a file offset. */
export function completionsAt(model: FileModel, offset: number, options: FeatureOptions): CompletionItem[] {
  const at = model.documentAt(offset);
  if (!at) return [];
  const shift = (s: Span): Span => ({ start: s.start + at.placed.start, end: s.end + at.placed.start });
  const crds = fileCrds(model);
  return completeInDocument(at.placed.doc.text, at.offset, crds.length > 0 ? { ...options, crds } : options).map((item) => ({
    ...item,
    span: shift(item.span),
    additionalEdits: item.additionalEdits.map((e) => ({ span: shift(e.span), newText: e.newText })),
  }));
}

/** Completion at an offset of one YAML document's text (spans relative to it). Never throws. */
export function completeInDocument(text: string, offset: number, options: FeatureOptions): CompletionItem[] {
  try {
    return complete(text, Math.max(0, Math.min(offset, text.length)), options);
  } catch {
    return [];
  }
}

const KEY_LINE = /^([ \t]*)((?:-[ \t]+)*)((?:[A-Za-z0-9_./][A-Za-z0-9_./-]*)?)$/;
const VALUE_LINE = /^([ \t]*(?:-[ \t]+)*)([A-Za-z0-9_./-]+|"[^"]*"|'[^']*')[ \t]*:([ \t]*)(["']?)([^\s"'#,{}[\]]*)$/;

function complete(text: string, offset: number, options: FeatureOptions): CompletionItem[] {
  const line = lineAt(text, offset);
  const before = text.slice(line.start, offset);
  if (/(^|\s)#/.test(before)) return [];
  const ctx: Ctx = { text, offset, options, eol: text.includes('\r\n') ? '\r\n' : '\n', line };
  const variable = /\$\(([A-Za-z0-9_.-]*)$/.exec(before);
  if (variable) return variableCompletions(ctx, variable[1]);
  const value = VALUE_LINE.exec(before);
  if (value) return valueCompletions(ctx, value[4], value[5], value[3] === '' && value[4] === '' && value[5] === '');
  const key = KEY_LINE.exec(before);
  if (key) return keyCompletions(ctx, key[2].length > 0, key[3]);
  return [];
}
