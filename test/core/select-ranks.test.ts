/**
 * The WebAssembly exact multi-rank selection (src/core/columns-wasm.ts `select`, used by
 * percentiles.ts `rank` for every Monte Carlo summary): at each wanted rank, exactly what
 * `Float64Array.prototype.sort` puts there, bit for bit (−0 before +0, infinities, subnormals,
 * ties, columns whose values share most of their bits, outliers that put almost every value in one
 * bucket); the column stays a permutation of itself; a column holding NaN is refused unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wasmColumns } from '../../src/core/columns-wasm.js';
import { percentileOf, percentileSorted, rank, summarizeInPlace, summaryPositions, WASM_FROM, WASM_SORT_MAX } from '../../src/core/percentiles.js';

const w = wasmColumns()!;
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
const anyDouble = fc.oneof(
  fc.double({ noNaN: true }),
  fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
  fc.double({ min: 1000, max: 1001, noNaN: true }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE),
);

/** Select `ranks` of `xs` and check them against a sort, and that nothing was lost or added. */
function check(xs: Float64Array, ranks: number[]): void {
  const want = Float64Array.from(xs).sort();
  const got = Float64Array.from(xs);
  expect(w.select(got, ranks)).toBe(true);
  for (const r of ranks) expect(Object.is(got[r], want[r])).toBe(true);
  expect(sameBits(Float64Array.from(got).sort(), want)).toBe(true);
}

/** Ascending distinct ranks in 0 … n − 1. */
const ranksIn = (n: number, picks: number[]): number[] => [...new Set(picks.map((p) => p % n))].sort((a, b) => a - b);

describe('the WebAssembly exact multi-rank selection', () => {
  it('property: every wanted rank holds what the native sort puts there, bit for bit, and the column is a permutation', () => {
    fc.assert(
      fc.property(fc.array(anyDouble, { minLength: 1, maxLength: 3000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (xs, picks) => {
        check(Float64Array.from(xs), ranksIn(xs.length, picks));
      }),
      { numRuns: 400 },
    );
  });

  it('property: columns of mostly one value with ±0 among them (zeros at the wanted ranks get the sort’s signs)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(-0, 0, -0, 0, 1, -1, 5e-324, 3), { minLength: 1, maxLength: 2500 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (xs, picks) => {
        check(Float64Array.from(xs), ranksIn(xs.length, picks));
      }),
      { numRuns: 200 },
    );
  });

  it('an outlier puts almost every value in one bucket: that bucket is split again, down to the lowest bits', () => {
    // 20,000 values within one ulp-scale range of 1000, and one huge value: the first split's
    // buckets are decided by exponent bits, so all but one value share a bucket
    const xs = Float64Array.from({ length: 20_000 }, (_, i) => 1000 + ((i * 7919) % 20_000) * 2 ** -40);
    xs[123] = 1e300;
    xs[456] = -0;
    check(xs, summaryPositions(xs.length));
    check(xs, [0, 1, 9999, 10_000, 19_998, 19_999]);
  });

  it('every value the same bits: nothing to move; NaN anywhere: refused and left as it was', () => {
    const same = new Float64Array(5000).fill(-0);
    check(same, summaryPositions(5000));
    const xs = Float64Array.from({ length: 4000 }, (_, i) => (i === 3999 ? Number.NaN : 4000 - i));
    const before = Float64Array.from(xs);
    expect(w.select(xs, [0, 2000])).toBe(false);
    expect(sameBits(xs, before)).toBe(true);
  });

  it('rank() on a Monte Carlo sized column gives the summary a full sort gives (log-normal-like costs, ties, −0)', () => {
    const xs = Float64Array.from({ length: 10_000 }, (_, i) => (i % 97 === 0 ? -0 : i % 89 === 0 ? 0 : Math.round(Math.exp(Math.sin(i * 12.9898) * 3) * 1000) / 8));
    expect(xs.length).toBeGreaterThanOrEqual(WASM_FROM);
    const sorted = Float64Array.from(xs).sort();
    const got = summarizeInPlace(Float64Array.from(xs));
    for (const [q, key] of [[0.1, 'p10'], [0.5, 'p50'], [0.8, 'p80'], [0.9, 'p90'], [0.95, 'p95']] as const) {
      expect(Object.is(got[key], percentileSorted(sorted, q))).toBe(true);
    }
    const r = Float64Array.from(xs);
    rank(r, [0.001, 0.999]);
    for (const p of [9, 10, 9989, 9990]) expect(Object.is(r[p], sorted[p])).toBe(true);
  });
});

describe('rank() around the WebAssembly selection', () => {
  it('a column holding NaN is sorted natively (the selection refuses it)', () => {
    const r = Float64Array.from({ length: WASM_FROM }, (_, i) => (i === 7 ? Number.NaN : WASM_FROM - i));
    rank(r, [0.5]);
    expect(sameBits(r, Float64Array.from(r).sort())).toBe(true);
    expect(Number.isNaN(r[WASM_FROM - 1])).toBe(true);
  });

  it('rank selects in columns of WASM_FROM … WASM_SORT_MAX values; summaries and percentiles are the native sort’s', () => {
    expect(WASM_SORT_MAX).toBeGreaterThanOrEqual(1_000_000);
    for (const n of [WASM_FROM - 1, WASM_FROM, 70_000]) {
      const xs = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1013) - 500 + (i % 3 === 0 ? -0 : 0));
      const sorted = Float64Array.from(xs).sort();
      const s = summarizeInPlace(Float64Array.from(xs));
      expect(s.p10).toBe(percentileSorted(sorted, 0.1));
      expect(s.p95).toBe(percentileSorted(sorted, 0.95));
      expect(Object.is(percentileOf(xs, 0.5), percentileSorted(sorted, 0.5))).toBe(true);
      const r = Float64Array.from(xs);
      rank(r, [0.5]);
      // the ranks the median reads hold the sort's values; the column is a permutation of itself
      const h = Math.floor((n - 1) * 0.5);
      expect(Object.is(r[h], sorted[h]) && Object.is(r[h + 1], sorted[h + 1])).toBe(true);
      expect(sameBits(Float64Array.from(r).sort(), sorted)).toBe(true);
    }
  });
});
