/** Rng.fillDoubles (src/core/distributions.ts) is nextDouble in a loop: the same numbers, and the stream goes on where it stopped. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/distributions.js';

describe('Rng.fillDoubles', () => {
  it('property: the same doubles as nextDouble, in order, and the same state afterwards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.string(), fc.nat(300), fc.nat(50), (seed, key, n, after) => {
        const a = new Rng(seed, key);
        const b = new Rng(seed, key);
        const filled = new Float64Array(n);
        a.fillDoubles(filled);
        const one = Float64Array.from({ length: n }, () => b.nextDouble());
        expect(filled).toEqual(one);
        for (let i = 0; i < after; i++) expect(a.nextDouble()).toBe(b.nextDouble());
      }),
      { numRuns: 200 },
    );
  });
});
