import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from '../../src/util/extent.js';

describe('maxOf / minOf', () => {
  it('agree with Math.max / Math.min on any list (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (xs) => {
        expect(maxOf(xs)).toBe(Math.max(...xs));
        expect(minOf(xs)).toBe(Math.min(...xs));
      }),
    );
  });
  it('treat −0 and NaN as Math.max / Math.min do', () => {
    for (const xs of [[-0, 0], [0, -0], [1, NaN, 2], [-0]]) {
      expect(maxOf(xs)).toBe(Math.max(...xs));
      expect(minOf(xs)).toBe(Math.min(...xs));
    }
  });
  it('take lists far longer than an argument list can be (Math.max(...xs) throws there)', () => {
    const xs = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_000);
    expect(() => Math.max(...xs)).toThrow(RangeError);
    expect(maxOf(xs)).toBe(499_999);
    expect(minOf(xs)).toBe(0);
  });
});
