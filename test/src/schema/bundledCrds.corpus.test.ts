/**
 * The bundled custom resource schemas (scripts/gen-crd-schemas.cjs) against the real world, in
 * ../shared/corpus/real:
 *  - every CustomResourceDefinition there of a bundled kind (cert-manager's own CRDs, Knative's
 *    InMemoryChannel, …): the bundled schema is nowhere stricter than the project's CRD (no field
 *    the CRD has is unknown, no type, enum or required field the CRD does not have);
 *  - every custom resource there of a bundled kind is valid against the bundled schema (a small
 *    structural validator of its own: types, enums, required fields, unknown fields).
 * Build first: npm run build (or node scripts/gen-crd-schemas.cjs dist/schema/crds).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { bundledCrdSchema } from '../../../server/out/schema/bundledCrds';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';

type Json = Record<string, any>;

function corpusDocuments(): { file: string; doc: Json }[] {
  const out: { file: string; doc: Json }[] = [];
  for (const file of fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f))) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    if (!/^apiVersion:/m.test(text)) continue;
    for (const d of parseAllDocuments(text)) {
      if (d.errors.length) continue;
      const doc: unknown = d.toJS();
      if (doc && typeof doc === 'object' && !Array.isArray(doc)) out.push({ file, doc: doc });
    }
  }
  return out;
}

function groupVersionKind(doc: Json): [string, string, string] | undefined {
  if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') return undefined;
  const slash = doc.apiVersion.lastIndexOf('/');
  return slash < 0 ? undefined : [doc.apiVersion.slice(0, slash), doc.apiVersion.slice(slash + 1), doc.kind];
}

/** Where `mine` would reject something `crd` accepts (types, enums, required fields, unknown fields). */
function stricterThanCrd(mine: Json, crd: Json, at: string, out: string[]): void {
  if (crd[INT_OR_STRING] && !mine[INT_OR_STRING] && mine.type !== undefined) out.push(`${at}: CRD int-or-string, bundled type ${mine.type}`);
  else if (crd.type && mine.type && crd.type !== mine.type && !(crd.type === 'integer' && mine.type === 'number'))
    out.push(`${at}: CRD type ${crd.type}, bundled ${mine.type}`);
  if (mine.enum) {
    const missing = Array.isArray(crd.enum) ? crd.enum.filter((v: unknown) => !mine.enum.includes(v)) : ['(any)'];
    if (missing.length) out.push(`${at}: bundled enum ${JSON.stringify(mine.enum)} lacks ${JSON.stringify(missing)}`);
  }
  for (const r of mine.required ?? []) if (!(crd.required ?? []).includes(r)) out.push(`${at}: bundled requires ${r}, the CRD does not`);
  const mineOpen = mine[PRESERVE] === true || (mine.additionalProperties !== undefined && mine.additionalProperties !== false);
  if (crd.properties) {
    for (const [name, sub] of Object.entries<Json>(crd.properties)) {
      const m = mine.properties?.[name];
      if (m) stricterThanCrd(m, sub, `${at}.${name}`, out);
      else if (mine.properties && !mineOpen) out.push(`${at}.${name}: unknown to the bundled schema`);
    }
  }
  if ((crd[PRESERVE] || typeof crd.additionalProperties === 'object') && mine.properties && !mineOpen && !crd.properties) {
    out.push(`${at}: the CRD takes any key, the bundled schema only its properties`);
  }
  if (crd.items && mine.items) stricterThanCrd(mine.items, crd.items, `${at}[]`, out);
  if (typeof crd.additionalProperties === 'object' && typeof mine.additionalProperties === 'object') {
    stricterThanCrd(mine.additionalProperties, crd.additionalProperties, `${at}{}`, out);
  }
}

/** A structural schema check of a value, as strict validation would report it. */
function validate(value: unknown, s: Json, at: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (s[INT_OR_STRING]) {
    if (typeof value !== 'string' && !Number.isInteger(value)) out.push(`${at}: not an int or string`);
    return;
  }
  const t = Array.isArray(value)
    ? 'array'
    : typeof value === 'object'
      ? 'object'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : typeof value;
  if (s.type && s.type !== t && !(s.type === 'number' && t === 'integer')) out.push(`${at}: ${t}, the schema says ${s.type}`);
  if (s.enum && !s.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (t === 'array' && s.items) (value as unknown[]).forEach((v, i) => validate(v, s.items, `${at}[${i}]`, out));
  if (t === 'object') {
    const obj = value as Json;
    for (const r of s.required ?? []) if (!(r in obj)) out.push(`${at}: missing required ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      const p = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (p) validate(v, p, `${at}.${k}`, out);
      else if (!s[PRESERVE] && s.additionalProperties !== true && (s.properties || s.additionalProperties === false)) out.push(`${at}.${k}: unknown field`);
    }
  }
}

const skip = !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}`;

test('no bundled schema is stricter than a CRD of the same kind in the corpus', { skip }, () => {
  const findings: string[] = [];
  const compared: string[] = [];
  for (const { file, doc } of corpusDocuments()) {
    if (doc.kind !== 'CustomResourceDefinition' || !doc.spec?.names?.kind) continue;
    for (const v of doc.spec.versions ?? []) {
      const crdSchema = v?.schema?.openAPIV3Schema;
      const bundled = bundledCrdSchema(doc.spec.group, v.name, doc.spec.names.kind);
      if (!crdSchema || !bundled) continue;
      compared.push(`${doc.spec.group}/${v.name}/${doc.spec.names.kind}`);
      const out: string[] = [];
      stricterThanCrd(bundled.openAPIV3Schema, crdSchema, '', out);
      findings.push(...out.map((o) => `${file} ${doc.spec.names.kind} ${v.name}${o}`));
    }
  }
  // cert-manager's six CRDs and Knative's InMemoryChannel, at least.
  assert.ok(compared.length >= 7, `compared only ${compared.join(', ')}`);
  assert.deepEqual(findings, []);
});

test('every custom resource of a bundled kind in the corpus is valid against its bundled schema', { skip }, () => {
  const findings: string[] = [];
  const checked: string[] = [];
  for (const { file, doc } of corpusDocuments()) {
    const gvk = groupVersionKind(doc);
    const bundled = gvk && bundledCrdSchema(...gvk);
    if (!bundled) continue;
    checked.push(`${file} ${doc.kind}`);
    const out: string[] = [];
    validate(doc, bundled.openAPIV3Schema, '', out);
    findings.push(...out.map((o) => `${file} ${doc.kind}${o}`));
  }
  assert.ok(checked.length >= 1, 'no custom resource of a bundled kind in the corpus');
  assert.deepEqual(findings, []);
});
