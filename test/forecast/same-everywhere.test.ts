/**
 * `sameEverywhere` (src/core/forecast.ts) decides whether a run's fixed cost is one value in every
 * sample, which lets the forecast read its cost bands at the ranks of the run's totals. It compares
 * bytes; the definition is `Object.is` of every sample with the first. Where they could differ
 * (NaNs of different payloads) the byte comparison says "not the same", which only sends the
 * forecast to a sort: the same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameEverywhere } from '../../src/core/forecast.js';

/** The definition: the first value when every sample is `Object.is` that value, else null. */
function definition(col: Float64Array): number | null {
  const v = col[0]!;
  for (let i = 1; i < col.length; i++) if (!Object.is(col[i], v)) return null;
  return v;
}

// few distinct values (so that constant columns are common), the zeros of both signs among them
const value = fc.constantFrom(0, -0, 1, 0.1 + 0.2, 0.3, 150000, Number.MIN_VALUE, -2.5);

describe('sameEverywhere', () => {
  it('agrees with Object.is of every sample with the first (±0 apart), constant or not', () => {
    fc.assert(
      fc.property(value, fc.array(value, { maxLength: 40 }), fc.nat(60), (first, rest, pad) => {
        // a constant column of `pad` values, then (maybe) some others
        const col = Float64Array.from([first, ...Array<number>(pad).fill(first), ...rest]);
        const got = sameEverywhere(col);
        const want = definition(col);
        expect(Object.is(got, want)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a subarray at its own offset (a view into a longer buffer)', () => {
    const buf = new Float64Array([1, 2, 2, 2, 3]);
    expect(sameEverywhere(buf.subarray(1, 4))).toBe(2);
    expect(sameEverywhere(buf.subarray(0, 4))).toBeNull();
    expect(sameEverywhere(buf.subarray(2, 5))).toBeNull();
  });

  it('tells +0 from −0, and a one-sample column is its own value', () => {
    expect(sameEverywhere(new Float64Array([0, -0]))).toBeNull();
    expect(Object.is(sameEverywhere(new Float64Array([-0, -0, -0])), -0)).toBe(true);
    expect(sameEverywhere(new Float64Array([7.25]))).toBe(7.25);
  });

  it('a column differing only in its last sample is not the same (a 10,000-sample run)', () => {
    const col = new Float64Array(10_000).fill(300);
    expect(sameEverywhere(col)).toBe(300);
    col[9_999] = 300.00000000000006;
    expect(sameEverywhere(col)).toBeNull();
  });
});
