/** Writing shell text for fixes: quoting that keeps a value one word, with the meaning it had. */

/** Characters that never need quoting in a shell word. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `s` as one shell word, taken literally: bare when safe, else in single quotes. */
export function quoteWord(s: string): string {
  if (SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `s` in single quotes, for `sh -c '…'` (a single quote inside becomes `'\''`). */
export function singleQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `s` as one shell word in double quotes, keeping `$…` expansions and command substitutions
 * live (as the user meant them) while `"` and `\` are escaped.
 */
export function doubleQuoteKeepingExpansions(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
