/**
 * The schema completion offers in a custom resource: the served version's, from its
 * CustomResourceDefinition in the same file or the workspace (../../schema/crdSources.ts). Keys
 * and enum values then come from it as from a built-in kind's schema (`keys.ts`, `values.ts`).
 */
import type { JSONSchema } from 'vscode-json-languageservice';
import { customResourceSchema } from '../../schema/crdSources';
import type { FeatureOptions } from '../context';

export function crdSchema(apiVersion: string, kind: string, options: FeatureOptions): JSONSchema | undefined {
  const custom = customResourceSchema(apiVersion, kind, options);
  return custom && 'schema' in custom ? custom.schema : undefined;
}
