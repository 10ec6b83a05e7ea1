/**
 * `initlens.exclude` globs, as the server matches them when it reads the workspace's files: VS
 * Code's glob syntax (`*`, `?`, `**`, `{a,b}`, `[abc]`), relative to the workspace folder, or
 * matched against the whole path when absolute or starting with `**`.
 */

function toRegExp(glob: string): RegExp | undefined {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders, `**` alone anything.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i++;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) return undefined;
      out += `[${glob
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  if (braces !== 0) return undefined;
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return undefined;
  }
}

/** A matcher for `globs` (invalid ones are ignored): `path` is absolute, `folder` its workspace folder. */
export function excludeMatcher(globs: readonly string[]): (path: string, folder: string) => boolean {
  const compiled = globs.map((g) => ({ whole: g.startsWith('/') || g.startsWith('**'), re: toRegExp(g.replace(/\\/g, '/')) }));
  return (file, folder) => {
    const abs = file.replace(/\\/g, '/');
    const base = folder.replace(/\\/g, '/').replace(/\/$/, '');
    const rel = abs.startsWith(`${base}/`) ? abs.slice(base.length + 1) : undefined;
    return compiled.some(({ whole, re }) => re !== undefined && (re.test(abs) || (!whole && rel !== undefined && re.test(rel))));
  };
}
