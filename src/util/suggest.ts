/** "Did you mean" suggestions: Damerau–Levenshtein (optimal string alignment) distance. */
import { quoted } from './excerpt.js';

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = new Array<number>(n + 1).fill(0);
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  let cur: number[] = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * Candidates close to `input`, best first. A candidate is close when its edit distance is small
 * relative to its length, or when one contains the other (e.g. `sonnet-4-5` → `claude-sonnet-4-5`).
 */
export function closest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    const hay = c.toLowerCase();
    const d = editDistance(needle, hay);
    const limit = Math.max(2, Math.floor(Math.max(needle.length, hay.length) / 3));
    if (d <= limit) scored.push({ c, d });
    else if (needle.length >= 3 && (hay.includes(needle) || needle.includes(hay))) scored.push({ c, d: limit + 1 });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  // only the closest (ties kept): "ouput" suggests "output", not also "input"
  const best = scored[0]?.d;
  return scored.filter((s) => s.d === best).slice(0, max).map((s) => s.c);
}

/** ` Did you mean "x"?` or ` Did you mean one of "x", "y"?`, or '' when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const near = closest(input, candidates);
  if (near.length === 0) return '';
  if (near.length === 1) return `did you mean ${quoted(near[0]!)}?`;
  return `did you mean one of ${near.map((n) => quoted(n)).join(', ')}?`;
}
