/**
 * Where initlens's own files are: the package root holds `docs/rules/<id>.md`. Found by walking
 * up from this module, so it works from the esbuild bundles (`dist/*.js`) and from the tsc
 * output (`server/out/**`) alike.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    try {
      if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'initlens') return (root = dir);
    } catch {
      // not here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (root = path.resolve(__dirname, '..'));
    dir = parent;
  }
}

export function ruleDocPath(id: string): string {
  return path.join(packageRoot(), 'docs', 'rules', `${id}.md`);
}

const docUrls = new Map<string, string>();

/** The rule's documentation as a `file:` URL (initlens works offline: the docs ship with it). */
export function ruleDocUrl(id: string): string {
  let url = docUrls.get(id);
  if (url === undefined) docUrls.set(id, (url = pathToFileURL(ruleDocPath(id)).href));
  return url;
}

/** The rule's documentation text, or undefined if it is missing. */
export function ruleDocText(id: string): string | undefined {
  try {
    return fs.readFileSync(ruleDocPath(id), 'utf8');
  } catch {
    return undefined;
  }
}

let repository: string | undefined | null;

/** The repository's web address, from package.json (`repository.url`), or undefined. */
export function repositoryUrl(): string | undefined {
  if (repository === undefined) {
    repository = null;
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
      const url: unknown = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
      if (typeof url === 'string') repository = url.replace(/^git\+/, '').replace(/\.git$/, '');
    } catch {
      // no package.json: no web address
    }
  }
  return repository ?? undefined;
}

/** The rule's page on the web (SARIF's helpUri: code scanning links to it), or undefined. */
export function ruleWebUrl(id: string): string | undefined {
  const repo = repositoryUrl();
  return repo && /^https:\/\//.test(repo) ? `${repo}/blob/main/docs/rules/${encodeURIComponent(id)}.md` : undefined;
}
