/**
 * Where the schema of a custom resource comes from, first match wins: a CustomResourceDefinition
 * of the same file (`AnalysisOptions.crds`), of the workspace (`WorkspaceFacts.crd`), of a folder
 * `.initlens.yaml` names (`AnalysisOptions.crdCatalog`, ./crdFolders.ts), else the schemas bundled
 * from npm packages (./bundledCrds.ts). A custom resource none of them knows gets
 * no schema (and no schema error). Used by the `schema` rule, hover and completion alike.
 */
import type { JSONSchema } from 'vscode-json-languageservice';
import type { CrdCatalog, CrdSource, WorkspaceFacts } from '../config/options';
import type { FileModel } from '../model/file';
import { bundledCrdSchema } from './bundledCrds';
import { cachedSchema, crdVersionSchema, documentCrds } from './crd';

/** The CustomResourceDefinitions of a whole file, in document order. */
export function fileCrds(model: FileModel): readonly CrdSource[] {
  const out: CrdSource[] = [];
  for (const placed of model.documents) for (const c of documentCrds(placed.doc)) out.push(c);
  return out;
}

/** Where the CRDs are looked up. */
export interface CrdScope {
  crds?: readonly CrdSource[];
  workspace?: WorkspaceFacts;
  crdCatalog?: CrdCatalog;
}

export type CustomResourceSchema =
  | {
      /** The version's schema, as JSON Schema (./crd.ts). */
      schema: JSONSchema;
      /** Identifies the schema (its CRD's digest and the version): the validator cache's key. */
      key: string;
      /** Where the CRD is, when not in the file itself. */
      source?: string;
    }
  | {
      /** The CRD found does not serve the version: its name and the versions it serves. */
      notServed: { crd: string; served: readonly string[] };
    };

/**
 * The schema of a custom resource of `apiVersion` (`group/version`) and `kind`, or why there is
 * none (the CRD does not serve the version); undefined when no CRD of the kind is known, or the
 * CRD gives the version no schema.
 */
export function customResourceSchema(apiVersion: string, kind: string, scope: CrdScope): CustomResourceSchema | undefined {
  const cut = apiVersion.indexOf('/');
  if (cut <= 0) return undefined;
  const group = apiVersion.slice(0, cut);
  const version = apiVersion.slice(cut + 1);
  const crd = scope.crds?.find((c) => c.group === group && c.kind === kind) ?? scope.workspace?.crd?.(group, kind) ?? scope.crdCatalog?.crd(group, kind);
  if (!crd) {
    // Last, the schemas bundled from npm packages (./bundledCrds.ts): per version, so no "not served".
    const bundled = bundledCrdSchema(group, version, kind);
    const key = `bundled\u0000${apiVersion}/${kind}`;
    const schema = bundled && cachedSchema(key, () => bundled.openAPIV3Schema);
    return bundled && schema ? { schema, key, source: bundled.source } : undefined;
  }
  if (!crd.served.includes(version)) return { notServed: { crd: crd.name, served: crd.served } };
  const schema = crdVersionSchema(crd, version);
  return schema ? { schema, key: `${crd.digest}/${version}`, ...(crd.source ? { source: crd.source } : {}) } : undefined;
}
