/**
 * Delta debugging over text: removes runs of lines, then runs of characters, as long as the
 * predicate still holds, halving the run length down to one. Bounded by a time budget.
 */
async function reduce(parts: string[], join: string, holds: (text: string) => Promise<boolean>, deadline: number): Promise<string[]> {
  let current = parts;
  for (let size = Math.max(1, current.length >> 1); size >= 1; size >>= 1) {
    let progress = true;
    while (progress && Date.now() < deadline) {
      progress = false;
      for (let at = 0; at < current.length && Date.now() < deadline;) {
        const candidate = [...current.slice(0, at), ...current.slice(at + size)];
        if (candidate.length < current.length && (await holds(candidate.join(join)))) {
          current = candidate;
          progress = true;
        } else {
          at += size;
        }
      }
    }
    if (size === 1) break;
  }
  return current;
}

export async function minimise(text: string, holds: (text: string) => Promise<boolean>, budgetMs: number): Promise<string> {
  const deadline = Date.now() + budgetMs;
  const lines = await reduce(text.split('\n'), '\n', holds, deadline);
  const byLines = lines.join('\n');
  if (byLines.length > 4000) return byLines;
  return (await reduce([...byLines], '', holds, deadline)).join('');
}
