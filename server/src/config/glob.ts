/**
 * The globs of the `exclude` settings (`initlens.exclude` in the editor, `exclude:` in
 * `.initlens.yaml`), read by picomatch over `/`-separated paths: `*` and `?` within a folder, `**`
 * across folders, `{a,b}`, `[abc]` and `[!abc]`; names starting with a dot are matched like others.
 */
import picomatch from 'picomatch/posix';

/** Whether a `/`-separated path matches the glob. */
export type GlobTest = (path: string) => boolean;

/** The test of `glob`, or undefined when picomatch cannot read it. */
export function globTest(glob: string): GlobTest | undefined {
  try {
    // `posix`: `[!abc]` is a negated class, as in VS Code's globs and the shell.
    return picomatch(glob, { dot: true, posix: true });
  } catch {
    return undefined;
  }
}
