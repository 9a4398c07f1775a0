/**
 * The WebAssembly argsort and re-sort (src/core/columns-wasm.ts `argsort`, `orderBy`), which
 * forecast uses to summarise its cumulative cost without sorting every month: `argsort` gives
 * `Float64Array.prototype.sort`'s order bit for bit and the index each value came from (stable);
 * `orderBy` sorts the values taken in a given order by moving them as an insertion sort does, gives
 * the same sorted values, and refuses (false) exactly when a value is NaN or ±0 or when more than
 * its budget of moves (the inversions of the given order) would be needed — the boundary pinned.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wasmColumns } from '../../src/core/columns-wasm.js';

const w = wasmColumns()!;
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
const anyDouble = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE),
);
const nonZero = fc.oneof(fc.double({ noNaN: true }).filter((x) => x !== 0), fc.integer({ min: 1, max: 4 }), fc.constantFrom(Infinity, -Infinity, Number.MIN_VALUE, -2));
/** Inversions of `xs` (pairs out of order), by brute force. */
function inversions(xs: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (xs[i]! > xs[j]!) k++;
  return k;
}
const isPermutation = (order: Int32Array): boolean => {
  const seen = new Uint8Array(order.length);
  for (const i of order) {
    if (i < 0 || i >= order.length || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
};

describe('argsort in WebAssembly', () => {
  it('property: the native sort order bit for bit, each value from its index, equal values by ascending index', () => {
    fc.assert(
      fc.property(fc.array(anyDouble, { maxLength: 400 }), (xs) => {
        const values = Float64Array.from(xs);
        const order = new Int32Array(xs.length);
        const sorted = new Float64Array(xs.length);
        expect(w.argsort(values, order, sorted)).toBe(true);
        expect(sameBits(sorted, Float64Array.from(xs).sort())).toBe(true);
        expect(isPermutation(order)).toBe(true);
        for (let k = 0; k < xs.length; k++) {
          expect(Object.is(values[order[k]!], sorted[k])).toBe(true);
          if (k > 0 && Object.is(sorted[k], sorted[k - 1])) expect(order[k]!).toBeGreaterThan(order[k - 1]!);
        }
        expect(sameBits(values, xs)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a column holding NaN; a Monte Carlo sized column (20,000 values) sorts as the native sort does', () => {
    expect(w.argsort(Float64Array.of(1, Number.NaN, 2), new Int32Array(3), new Float64Array(3))).toBe(false);
    const xs = Float64Array.from({ length: 20_000 }, (_, i) => Math.exp(Math.sin(i * 12.9898) * 3) * 1000);
    const order = new Int32Array(xs.length);
    const sorted = new Float64Array(xs.length);
    expect(w.argsort(xs, order, sorted)).toBe(true);
    expect(sameBits(sorted, Float64Array.from(xs).sort())).toBe(true);
    expect(order.every((i, k) => xs[i] === sorted[k])).toBe(true);
  });
});

describe('orderBy in WebAssembly', () => {
  it('property: from any order, true exactly when no value is NaN or ±0 and the moves fit the budget; then the native sort, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(nonZero, nonZero, fc.constantFrom(0, -0, Number.NaN)), { maxLength: 120 }).chain((xs) =>
          fc.tuple(fc.constant(xs), fc.shuffledSubarray(Array.from(xs.keys()), { minLength: xs.length, maxLength: xs.length }), fc.integer({ min: 0, max: 4000 })),
        ),
        ([xs, perm, budget]) => {
          const values = Float64Array.from(xs);
          const order = Int32Array.from(perm);
          const sorted = new Float64Array(xs.length);
          const gathered = perm.map((i) => xs[i]!);
          const refusable = xs.some((x) => x === 0 || Number.isNaN(x));
          const ok = w.orderBy(values, order, sorted, budget);
          expect(ok).toBe(!refusable && inversions(gathered) <= budget);
          expect(isPermutation(order)).toBe(true);
          if (ok) {
            expect(sameBits(sorted, Float64Array.from(xs).sort())).toBe(true);
            for (let k = 0; k < xs.length; k++) expect(Object.is(values[order[k]!], sorted[k])).toBe(true);
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('pinned: the budget is inclusive (moves = budget passes, budget − 1 refuses); an already sorted order needs none', () => {
    const values = Float64Array.of(5, 3, 4, 1, 2);
    const identity = (): Int32Array => Int32Array.of(0, 1, 2, 3, 4);
    const need = inversions([5, 3, 4, 1, 2]); // 8
    expect(need).toBe(8);
    expect(w.orderBy(values, identity(), new Float64Array(5), need)).toBe(true);
    expect(w.orderBy(values, identity(), new Float64Array(5), need - 1)).toBe(false);
    const order = Int32Array.of(3, 4, 1, 2, 0);
    const sorted = new Float64Array(5);
    expect(w.orderBy(values, order, sorted, 0)).toBe(true);
    expect(Array.from(sorted)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(order)).toEqual([3, 4, 1, 2, 0]);
  });

  it('pinned: a zero of either sign anywhere is refused (the native sort puts −0 before +0, which `<` cannot tell)', () => {
    for (const z of [0, -0]) expect(w.orderBy(Float64Array.of(2, z, 1), Int32Array.of(2, 1, 0), new Float64Array(3), 100)).toBe(false);
  });
});
