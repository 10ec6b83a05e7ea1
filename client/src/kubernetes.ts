/**
 * Which YAML documents the client hands to the server: those that look like Kubernetes (some
 * YAML document of the file has top-level `apiVersion` and `kind` keys), in a scheme we serve,
 * and not matched by `initlens.exclude`. Pure functions, no VS Code API: the served-set
 * bookkeeping is in `documentFilter.ts`.
 */

/** Schemes served: files, new editors, virtual workspaces (GitHub Repositories), Live Share. */
export const SERVED_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-vfs', 'vsls'];

/** The repository settings file (docs/configuration.md): served too, so its problems show. */
export const REPO_CONFIG_FILE = '.initlens.yaml';

const TOP_LEVEL_KEY = (key: string) => new RegExp(`^(?:["']${key}["']|${key})[ \\t]*:`, 'm');
const API_VERSION = TOP_LEVEL_KEY('apiVersion');
const KIND = TOP_LEVEL_KEY('kind');
const DOCUMENT_START = /^---/m;

/**
 * True when some YAML document of `text` has `apiVersion:` and `kind:` as top-level (column 0)
 * keys. Both keys must be in the same document: a kustomization's `kind: Kustomization` with an
 * apiVersion counts (the server reports nothing for it), a Helm values file does not.
 */
export function looksLikeKubernetes(text: string): boolean {
  if (!API_VERSION.test(text) || !KIND.test(text)) return false;
  if (!DOCUMENT_START.test(text)) return true;
  return text.split(/^---.*$/m).some((doc) => API_VERSION.test(doc) && KIND.test(doc));
}
