/**
 * `initlens.exclude` globs, as the server matches them when it reads the workspace's files
 * (`config/glob.ts`): relative to the workspace folder, or matched against the whole path when
 * absolute or starting with `**`.
 */
import { globTest } from '../config/glob';

/** A matcher for `globs` (invalid ones are ignored): `path` is absolute, `folder` its workspace folder. */
export function excludeMatcher(globs: readonly string[]): (path: string, folder: string) => boolean {
  const compiled = globs.map((g) => ({ whole: g.startsWith('/') || g.startsWith('**'), test: globTest(g.replace(/\\/g, '/')) }));
  return (file, folder) => {
    const abs = file.replace(/\\/g, '/');
    const base = folder.replace(/\\/g, '/').replace(/\/$/, '');
    const rel = abs.startsWith(`${base}/`) ? abs.slice(base.length + 1) : undefined;
    return compiled.some(({ whole, test }) => test !== undefined && (test(abs) || (!whole && rel !== undefined && test(rel))));
  };
}
