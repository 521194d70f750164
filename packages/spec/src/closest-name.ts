// "Did you mean": the known name closest to a mistyped one, for keys, dotted paths and
// references between specs. A suggestion only when it is plausibly what was meant.

/** Edit distance (insert, delete, substitute one character). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** Whether `short` is an abbreviation of `long`: its letters in order, starting with the same one (`lr` of `learningRate`). */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 2 || short[0] !== long[0]) return false;
  let i = 0;
  for (const c of long) if (c === short[i]) i += 1;
  return i === short.length;
}

/**
 * The candidate `word` most likely meant, or undefined: a case-insensitive match, then the
 * nearest within a third of the word's length (at least 2 edits), then an abbreviation.
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  const limit = Math.max(2, Math.floor(word.length / 3));
  const scored = candidates
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) }))
    .filter((s) => s.d <= limit)
    .sort((x, y) => x.d - y.d);
  if (scored.length > 0) return scored[0].c;
  return candidates.filter((c) => abbreviates(lower, c.toLowerCase())).sort((x, y) => x.length - y.length)[0];
}

/** ` (did you mean 'x'?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closestName(word, candidates);
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}
