/**
 * What the completion producers share: the item's shape, the context of a request (the text,
 * the offset, the line being typed), the patched parse of the document around the cursor, the
 * pod spec and kind schema of a manifest found in it, and YAML-safe values.
 */
import { parse as parseYaml, type Document } from 'yaml';
import type { JSONSchema } from 'vscode-json-languageservice';
import { findPodSpecs } from '../../model/document';
import type { WorkloadKind } from '../../model/kinds';
import type { PodSpec } from '../../model/podSpec';
import type { Span } from '../../model/text';
import type { Path } from '../../model/yamlNodes';
import { getKindSchema } from '../../schema/loadSchema';
import { crdSchema } from './customResource';
import { parseTree, startsWith, type FeatureOptions, type TreeManifest } from '../context';

export type CompletionKind = 'property' | 'value' | 'reference' | 'variable' | 'snippet';

export interface CompletionEdit {
  span: Span;
  newText: string;
}

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What replaces `span`; snippet syntax when `snippet` is true. Lines after the first carry their full indentation. */
  insertText: string;
  snippet: boolean;
  /** The text the item replaces (offsets into the text given: the file, or the document). */
  span: Span;
  /** Edits elsewhere in the document (a volume the snippet mounts); never overlapping `span`'s line. */
  additionalEdits: CompletionEdit[];
  /** Keeps the order of the list (`0001`, `0002`, …). */
  sortText: string;
  filterText?: string;
}

export const PLACEHOLDER = '__initlens__';

export interface Ctx {
  text: string;
  offset: number;
  options: FeatureOptions;
  eol: string;
  line: { start: number; end: number };
}

export const WORD_AFTER = /^[A-Za-z0-9_./-]*/;

export interface KeyContext {
  /** Column of the key's first character. */
  column: number;
  /** The word being replaced. */
  span: Span;
  /** A `:` follows the word already: insert the bare key. */
  hasColon: boolean;
}

export function order(items: Omit<CompletionItem, 'sortText'>[]): CompletionItem[] {
  return items.map((item, i) => ({ ...item, sortText: String(i + 1).padStart(4, '0') }));
}

/** Parses the document with its current line replaced by `patchedLine`. */
export function patched(ctx: Ctx, patchedLine: string): { doc: Document.Parsed; text: string; delta: number } | undefined {
  const text = ctx.text.slice(0, ctx.line.start) + patchedLine + ctx.text.slice(ctx.line.end);
  const doc = parseTree(text);
  return doc && { doc, text, delta: patchedLine.length - (ctx.line.end - ctx.line.start) };
}

/** The pod spec at (or the first above) `at`: a RayCluster's worker group when the cursor is in it. */
export function podSpecOf(manifest: TreeManifest, at: Path): { pod: PodSpec; path: Path; workload: WorkloadKind } | undefined {
  const all = findPodSpecs(manifest.node, manifest.apiVersion, manifest.kind);
  const hit = all.find((p) => startsWith(at, p.podSpec.path)) ?? all[0];
  return hit && { pod: hit.podSpec, path: hit.podSpec.path, workload: hit.workload };
}

export function kindSchema(manifest: TreeManifest, options: FeatureOptions): JSONSchema | undefined {
  if (!manifest.apiVersion || !manifest.kind) return undefined;
  return getKindSchema(manifest.apiVersion, manifest.kind) ?? crdSchema(manifest.apiVersion, manifest.kind, options);
}

/** A plain scalar that YAML 1.1 would read as something else (`on`, `1:2`, `""`) is double-quoted. */
export function yamlValue(value: string): string {
  let same = false;
  try {
    same = parseYaml(value, { version: '1.1' }) === value;
  } catch {
    same = false;
  }
  return same && value.trim() === value && value !== '' ? value : JSON.stringify(value);
}
