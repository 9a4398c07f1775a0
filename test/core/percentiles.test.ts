/**
 * Percentiles by selection (src/core/percentiles.ts) give exactly what the sort-based definition
 * gives: `percentileSorted` of `Float64Array.prototype.sort`'s order, the convention the reports
 * have always used (numpy's linear interpolation between ranks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, percentileOf, percentileSorted, SELECT_FROM, selectPercentiles, summarize, summarizeInPlace, summarizeSorted } from '../../src/core/percentiles.js';

const QS = [0.1, 0.5, 0.8, 0.9, 0.95];

/** The definition: sort a copy, read the percentile. */
function bySort(values: Float64Array, q: number): number {
  return percentileSorted(Float64Array.from(values).sort(), q);
}

/** Same number, including the sign of zero. */
const same = (a: number, b: number): boolean => Object.is(a, b);

// NaN-free doubles: all magnitudes, ±0, ±Infinity; a small pool for heavy ties; sorted and reversed runs
const anyDouble = fc.double({ noNaN: true });
const tiesPool = fc.constantFrom(-0, 0, 1, -1, 2.5, 1e300, -Infinity, Infinity, 5e-324);
const column = fc.oneof(
  fc.array(anyDouble, { minLength: 1, maxLength: 400 }),
  fc.array(tiesPool, { minLength: 1, maxLength: 400 }),
  fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 2000 }),
  fc.array(anyDouble, { minLength: 1, maxLength: 600 }).map((a) => a.sort((x, y) => x - y)),
  fc.array(anyDouble, { minLength: 1, maxLength: 600 }).map((a) => a.sort((x, y) => y - x)),
);
const quantile = fc.oneof(fc.constantFrom(0, 1, ...QS), fc.double({ min: 0, max: 1, noNaN: true }));

describe('selectPercentiles', () => {
  it('property: every percentile equals the sort-based one (ties, ±0, infinities, runs, n = 1 and 2)', () => {
    fc.assert(
      // small: the length below which a range is sorted outright (1: partition down to pairs)
      fc.property(column, fc.array(quantile, { minLength: 1, maxLength: 6 }), fc.constantFrom(1, 2, 5, 48), (xs, qs, small) => {
        const values = Float64Array.from(xs);
        const a = Float64Array.from(values);
        selectPercentiles(a, qs, small);
        for (const q of qs) if (!same(percentileSorted(a, q), bySort(values, q))) return false;
        // a reordering: the same multiset of values
        const s1 = Float64Array.from(a).sort();
        const s2 = Float64Array.from(values).sort();
        return s1.every((x, i) => same(x, s2[i]!));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: the summary equals the sort-based summary, and the input is left alone', () => {
    fc.assert(
      fc.property(column, (xs) => {
        const values = Float64Array.from(xs);
        const copy = Float64Array.from(values);
        const got = summarize(values);
        const want = summarizeSorted(Float64Array.from(values).sort(), mean(values));
        expect(got).toEqual(want);
        for (const [k, v] of Object.entries(want)) expect(same(got[k as keyof typeof got], v)).toBe(true);
        expect(values).toEqual(copy);
      }),
      { numRuns: 300 },
    );
  });

  it('large columns (past the small-range sort and the recursion): random, constant, two values, sorted', () => {
    const n = 200_001;
    let x = 12345;
    const rnd = (): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const cases: Float64Array[] = [
      Float64Array.from({ length: n }, () => rnd() * 1e6),
      new Float64Array(n).fill(7),
      Float64Array.from({ length: n }, () => (rnd() < 0.5 ? -0 : 0)),
      Float64Array.from({ length: n }, (_, i) => i),
      Float64Array.from({ length: n }, (_, i) => n - i),
      Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : 2)),
    ];
    for (const values of cases) {
      const want = QS.map((q) => bySort(values, q));
      const a = Float64Array.from(values);
      selectPercentiles(a, QS);
      QS.forEach((q, k) => expect(same(percentileSorted(a, q), want[k]!)).toBe(true));
      // summaries select from SELECT_FROM values up (shorter columns are sorted)
      expect(values.length).toBeGreaterThanOrEqual(SELECT_FROM);
      expect(summarize(values)).toEqual(summarizeSorted(Float64Array.from(values).sort(), mean(values)));
      QS.forEach((q, k) => expect(same(percentileOf(values, q), want[k]!)).toBe(true));
    }
  });

  it('n = 1 and n = 2 by hand: the only value; interpolation between the two', () => {
    expect(summarize(Float64Array.of(4))).toEqual({ mean: 4, p10: 4, p50: 4, p80: 4, p90: 4, p95: 4 });
    // h = (2 − 1) × q: p10 = 1 + 0.1 × (3 − 1)
    const two = summarize(Float64Array.of(3, 1));
    expect(two.p10).toBe(1 + 0.1 * 2);
    expect(two.p50).toBe(2);
    expect(two.p95).toBe(1 + 0.95 * 2);
  });

  it('a zero at a selected rank takes the sign the sort gives it (−0 before +0)', () => {
    // sorted: −1, −0, −0, 0, 0 — p50 reads rank 2 (−0), p80 ranks 3 and 4 (+0)
    const a = Float64Array.of(0, -0, -1, 0, -0);
    expect(Object.is(percentileOf(a, 0.5), -0)).toBe(true);
    expect(Object.is(percentileOf(a, 0.8), 0)).toBe(true);
    expect(Object.is(bySort(a, 0.5), -0)).toBe(true);
  });

  it('an array with NaN falls back to the sort (NaN sorts last)', () => {
    const a = Float64Array.of(3, Number.NaN, 1, 2);
    selectPercentiles(a, [0.5]);
    expect(Array.from(a)).toEqual([1, 2, 3, Number.NaN]);
  });

  it('summarizeInPlace takes the mean in the given order before reordering (compensated sums depend on order)', () => {
    const values = Float64Array.of(1e16, 1, -1e16, 3, 1e-3, ...Array.from({ length: 100 }, (_, i) => (i * 7919) % 101));
    const m = mean(values);
    expect(summarizeInPlace(Float64Array.from(values)).mean).toBe(m);
  });
});
