/**
 * `summarizeMapped` (src/core/percentiles.ts): the summary of a column whose values are a
 * nondecreasing function of another column's, read at that column's ranks (`rankedCopy`), equals
 * the summary by sorting, bit for bit; where a value read is ±0 (whose order a sort decides by
 * sign, not by the other column) it declines (null) and the caller sorts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankedCopy, SELECT_FROM, summarizeInPlace, summarizeMapped, summaryPositions } from '../../src/core/percentiles.js';

const bySort = (values: Float64Array) => summarizeInPlace(Float64Array.from(values));

describe('summarizeMapped', () => {
  it('property: for f(x) = F + (x − F)·m (m ≥ 0, forecast’s month cost) and x·m, the bands read at the ranks of x are the sorted bands', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 8, noNaN: true }),
        (xs, F, m) => {
          const x = Float64Array.from(xs);
          const ranked = rankedCopy(x);
          for (const f of [(v: number) => (m === 1 ? v : F + (v - F) * m), (v: number) => v * m]) {
            const values = Float64Array.from(x, f);
            const got = summarizeMapped(values, (p) => f(ranked[p]!));
            const want = bySort(values);
            if (got === null) expect(Object.values(want).slice(1).some((q) => q === 0) || values.includes(0)).toBe(true);
            else expect(got).toEqual(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('declines when a value read is ±0: f = −(x·0) is nondecreasing but turns the sorted −0, +0 into +0, −0', () => {
    const x = Float64Array.of(1, -1, 2, -2);
    const f = (v: number): number => -(v * 0);
    const ranked = rankedCopy(x);
    expect(summarizeMapped(Float64Array.from(x, f), (p) => f(ranked[p]!))).toBeNull();
  });

  it(`a column of ${SELECT_FROM + 1} values (ranked by selection, not sorted) gives the sorted bands too`, () => {
    const n = SELECT_FROM + 1;
    const x = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 10007) + 0.5);
    const ranked = rankedCopy(x);
    const f = (v: number): number => 450 + (v - 450) * 1.35;
    expect(summarizeMapped(Float64Array.from(x, f), (p) => f(ranked[p]!))).toEqual(bySort(Float64Array.from(x, f)));
    // only the positions the percentiles read are in sorted order after selection
    const sorted = Float64Array.from(x).sort();
    for (const p of summaryPositions(n)) expect(ranked[p]).toBe(sorted[p]);
  });
});
