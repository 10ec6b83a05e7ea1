/**
 * "Did you mean" suggestions within a bound. An edit distance per undefined name against every
 * defined one is quadratic: 2,000 undefined mounts against 2,000 volumes took 33 s, and the engine
 * does not yield inside a rule. A rule asks once per name (memoised) and spends at most
 * SUGGESTION_COMPARISONS distance computations per pod or container; past that it suggests
 * nothing more (a suggestion is a courtesy, the finding itself is still reported).
 */

/** Distance computations one pod (or container) may spend on suggestions. */
export const SUGGESTION_COMPARISONS = 5000;

export class Suggestions {
  private left = SUGGESTION_COMPARISONS;
  private readonly known = new Map<string, string | undefined>();

  /**
   * @param search finds the suggestion for a name; it calls `spend()` before each comparison and
   *   gives up (undefined) when that returns false, so a search cut short suggests nothing.
   */
  constructor(private readonly search: (name: string, spend: () => boolean) => string | undefined) {}

  for(name: string): string | undefined {
    if (!this.known.has(name))
      this.known.set(
        name,
        this.search(name, () => this.left-- > 0),
      );
    return this.known.get(name);
  }
}
