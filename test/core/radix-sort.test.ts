/**
 * The WebAssembly radix sort (src/core/columns-wasm.ts `sort`, used by percentiles.ts `rank`) puts
 * a column in exactly the order `Float64Array.prototype.sort` gives, bit for bit: −0 before +0,
 * infinities, subnormals, ties, any length (passes skipped when every key shares a byte); a column
 * holding NaN is refused and left unchanged (the native sort then runs); and the summaries a report
 * shows are the native sort's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wasmColumns } from '../../src/core/columns-wasm.js';
import { percentileOf, percentileSorted, rank, summarizeInPlace, WASM_FROM, WASM_SORT_MAX } from '../../src/core/percentiles.js';

const w = wasmColumns()!;
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
const anyDouble = fc.oneof(
  fc.double({ noNaN: true }),
  fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE),
);

describe('the WebAssembly radix sort', () => {
  it('property: the same order as Float64Array.prototype.sort, bit for bit (±0, infinities, subnormals, ties)', () => {
    fc.assert(
      fc.property(fc.array(anyDouble, { maxLength: 600 }), (xs) => {
        const want = Float64Array.from(xs).sort();
        const got = Float64Array.from(xs);
        expect(w.sort(got)).toBe(true);
        expect(sameBits(got, want)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('pinned: −0 before +0 among equal magnitudes; one value; all equal (every pass skipped)', () => {
    const got = Float64Array.of(0, -0, 1, -1, 0, -0);
    w.sort(got);
    expect(sameBits(got, [-1, -0, -0, 0, 0, 1])).toBe(true);
    const one = Float64Array.of(-0);
    w.sort(one);
    expect(Object.is(one[0], -0)).toBe(true);
    const same = new Float64Array(3000).fill(12.5);
    w.sort(same);
    expect(same.every((x) => x === 12.5)).toBe(true);
  });

  it('a Monte Carlo sized column (20,000 log-normal-like costs) sorts as the native sort does', () => {
    const xs = Float64Array.from({ length: 20_000 }, (_, i) => Math.exp(Math.sin(i * 12.9898) * 3) * 1000);
    const want = Float64Array.from(xs).sort();
    w.sort(xs);
    expect(sameBits(xs, want)).toBe(true);
  });

  it('a column holding NaN is refused and left as it was', () => {
    const xs = Float64Array.of(3, 1, Number.NaN, 2);
    expect(w.sort(xs)).toBe(false);
    expect(sameBits(xs, [3, 1, Number.NaN, 2])).toBe(true);
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
