/** The documents the LSP tests open, and their expectations (0-based LSP positions). */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { ROOT } from './client';

export function uri(name: string): string {
  return `file:///work/lsp-test/${name}`;
}

export function ruleDocHref(id: string): string {
  return pathToFileURL(path.join(ROOT, 'docs', 'rules', `${id}.md`)).href;
}

/** A Deployment whose init containers hold a typo, a wrong type and a bad enum. */
export const DEPLOYMENT = [
  'apiVersion: apps/v1', //                       0
  'kind: Deployment', //                          1
  'metadata:', //                                 2
  '  name: web', //                               3
  'spec:', //                                     4
  '  selector:', //                               5
  '    matchLabels: { app: web }', //             6
  '  template:', //                               7
  '    metadata:', //                             8
  '      labels: { app: web }', //                9
  '    spec:', //                                 10
  '      initContainers:', //                     11
  '        - name: wait-db', //                   12
  '          image: busybox:1.36', //             13
  '          imagePulPolicy: IfNotPresent', //    14
  '          ports:', //                          15
  '            - containerPort: "80"', //         16
  '        - name: migrate', //                   17
  '          image: app:1.0', //                  18
  '          imagePullPolicy: Sometimes', //      19
  '      containers:', //                         20
  '        - name: app', //                       21
  '          image: app:1.0', //                  22
  '',
].join('\n');

export const TYPO = {
  range: { start: { line: 14, character: 10 }, end: { line: 14, character: 24 } },
  message: 'spec.template.spec.initContainers[0].imagePulPolicy: unknown field "imagePulPolicy" (did you mean "imagePullPolicy"?)',
};
export const WRONG_TYPE = {
  range: { start: { line: 16, character: 29 }, end: { line: 16, character: 33 } },
  message: 'spec.template.spec.initContainers[0].ports[0].containerPort: expected integer, got string "80"',
};
export const BAD_ENUM = {
  range: { start: { line: 19, character: 27 }, end: { line: 19, character: 36 } },
  message: 'spec.template.spec.initContainers[1].imagePullPolicy: unsupported value "Sometimes": expected one of "Always", "IfNotPresent", "Never"',
};

/** Three documents; the second is not valid YAML (a key twice), the others have schema errors. */
export const THREE_DOCUMENTS = [
  'apiVersion: v1', //                            0
  'kind: Pod', //                                 1
  'metadata: { name: one }', //                   2
  'spec:', //                                     3
  '  containers:', //                             4
  '    - name: a', //                             5
  '      image: busybox:1.36', //                 6
  '      tty: 1', //                              7
  '---', //                                       8
  'apiVersion: v1', //                            9
  'kind: Pod', //                                 10
  'metadata:', //                                 11
  '  name: two', //                               12
  '  name: deux', //                              13
  'spec:', //                                     14
  '  containers:', //                             15
  '    - name: a', //                             16
  '      image: busybox:1.36', //                 17
  '---', //                                       18
  'apiVersion: v1', //                            19
  'kind: Pod', //                                 20
  'metadata: { name: three }', //                 21
  'spec:', //                                     22
  '  containers:', //                             23
  '    - name: a', //                             24
  '      image: busybox:1.36', //                 25
  '      stdin: "no"', //                         26
  '',
].join('\n');

export const TTY = {
  range: { start: { line: 7, character: 11 }, end: { line: 7, character: 12 } },
  message: 'spec.containers[0].tty: expected boolean, got number 1',
};
export const DUPLICATE_KEY = {
  range: { start: { line: 13, character: 2 }, end: { line: 13, character: 3 } },
  message: 'a key appears twice in the same mapping: Map keys must be unique',
};
export const STDIN = {
  range: { start: { line: 26, character: 13 }, end: { line: 26, character: 17 } },
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
