/**
 * The documents the LSP tests open, and their expectations (0-based LSP positions). Positions and
 * ranges come from markers (`⦚`, `«…»`, test/src/features/markers.ts) in a snippet of the text,
 * never from counting lines.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver/node';
import { LineIndex } from '../../../server/out/model/text';
import { markIn } from '../features/markers';
import { deployment } from '../manifests';
import { ROOT } from './client';

/** The position of the `⦚` of `snippet`, a part of `text` that occurs in it once. */
export function positionIn(text: string, snippet: string): Position {
  const m = markIn(text, snippet);
  if (m.cursor < 0) throw new Error(`no ⦚ in ${JSON.stringify(snippet)}`);
  return new LineIndex(text).positionAt(m.cursor);
}

/** The empty range at the `⦚` of `snippet` (where an insertion goes). */
export function emptyRangeIn(text: string, snippet: string): Range {
  const at = positionIn(text, snippet);
  return { start: at, end: at };
}

/** The range of the one `«…»` of `snippet`, a part of `text` that occurs in it once. */
export function rangeIn(text: string, snippet: string): Range {
  const m = markIn(text, snippet);
  if (m.spans.length !== 1) throw new Error(`not one «…» in ${JSON.stringify(snippet)}`);
  const lines = new LineIndex(text);
  return { start: lines.positionAt(m.spans[0].start), end: lines.positionAt(m.spans[0].end) };
}

export function uri(name: string): string {
  return `file:///work/lsp-test/${name}`;
}

export function ruleDocHref(id: string): string {
  return pathToFileURL(path.join(ROOT, 'docs', 'rules', `${id}.md`)).href;
}

/** A Deployment whose init containers hold a typo, a wrong type and a bad enum. */
export const DEPLOYMENT = deployment(
  [
    'initContainers:',
    '  - name: wait-db',
    '    image: busybox:1.36',
    '    imagePulPolicy: IfNotPresent',
    '    ports:',
    '      - containerPort: "80"',
    '  - name: migrate',
    '    image: app:1.0',
    '    imagePullPolicy: Sometimes',
    'containers:',
    '  - name: app',
    '    image: app:1.0',
    '',
  ].join('\n'),
);

export const TYPO = {
  range: rangeIn(DEPLOYMENT, '          «imagePulPolicy»: IfNotPresent'),
  message: 'spec.template.spec.initContainers[0].imagePulPolicy: unknown field "imagePulPolicy" (did you mean "imagePullPolicy"?)',
};
export const WRONG_TYPE = {
  range: rangeIn(DEPLOYMENT, 'containerPort: «"80"»'),
  message: 'spec.template.spec.initContainers[0].ports[0].containerPort: expected integer, got string "80"',
};
export const BAD_ENUM = {
  range: rangeIn(DEPLOYMENT, 'imagePullPolicy: «Sometimes»'),
  message: 'spec.template.spec.initContainers[1].imagePullPolicy: unsupported value "Sometimes": expected one of "Always", "IfNotPresent", "Never"',
};

/** Three documents; the second is not valid YAML (a key twice), the others have schema errors. */
export const THREE_DOCUMENTS = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: { name: one }',
  'spec:',
  '  containers:',
  '    - name: a',
  '      image: busybox:1.36',
  '      tty: 1',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: two',
  '  name: deux',
  'spec:',
  '  containers:',
  '    - name: a',
  '      image: busybox:1.36',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata: { name: three }',
  'spec:',
  '  containers:',
  '    - name: a',
  '      image: busybox:1.36',
  '      stdin: "no"',
  '',
].join('\n');

export const TTY = {
  range: rangeIn(THREE_DOCUMENTS, 'tty: «1»'),
  message: 'spec.containers[0].tty: expected boolean, got number 1',
};
export const DUPLICATE_KEY = {
  range: rangeIn(THREE_DOCUMENTS, '  «n»ame: deux'),
  message: 'a key appears twice in the same mapping: Map keys must be unique',
};
export const STDIN = {
  range: rangeIn(THREE_DOCUMENTS, 'stdin: «"no"»'),
  message: 'spec.containers[0].stdin: expected boolean, got string "no"',
};

export const HELM_TEMPLATE = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ .Release.Name }}',
  'spec:',
  '  replicas: {{ .Values.replicas }}',
  '',
].join('\n');

export interface Summary {
  code: unknown;
  severity: unknown;
  range: string;
  message: unknown;
}

function rangeText(r: Diagnostic['range']): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function summarize(d: Diagnostic): Summary {
  return { code: d.code, severity: d.severity, range: rangeText(d.range), message: d.message };
}

export function expected(code: string, severity: number, range: Diagnostic['range'], message: string): Summary {
  return { code, severity, range: rangeText(range), message };
}

/**
 * The diagnostics of the given rules, in order. Other rules (the catalogue keeps growing) may
 * report on these documents too; the tests pin exactly the rules they are about.
 */
export function only(published: PublishDiagnosticsParams, ...codes: string[]): Summary[] {
  return published.diagnostics.filter((d) => codes.includes(String(d.code))).map(summarize);
}
