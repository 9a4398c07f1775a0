/**
 * The WebAssembly column loops (src/core/columns-wasm.ts) give bit for bit what their JavaScript
 * definitions give: the compensated mean, the share above a limit, per-sample ratios (null when a
 * denominator is 0), the standard error, the first non-finite sample, and forecast's month columns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsModuleBytes, wasmColumns } from '../../src/core/columns-wasm.js';
import { ratioJs, stdErrorJs } from '../../src/core/montecarlo.js';
import { meanJs, shareAboveJs } from '../../src/core/percentiles.js';

const w = wasmColumns()!;
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
/** Columns like a Monte Carlo's: costs of very different sizes, signed values, whole numbers with ties and zeros, ±0. */
const column = (min = 1): fc.Arbitrary<Float64Array> =>
  fc
    .array(fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.double({ min: 0, max: 1e-6, noNaN: true }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(-0, 0)), {
      minLength: min,
      maxLength: 400,
    })
    .map((xs) => Float64Array.from(xs));

describe('the WebAssembly column loops', () => {
  it('run here, from a module of under 3 KB', () => {
    expect(w).not.toBeNull();
    expect(columnsModuleBytes().length).toBeLessThan(3072);
  });

  it('property: mean, share above and standard error equal the JavaScript definitions bit for bit', () => {
    fc.assert(
      fc.property(column(2), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (xs, limit) => {
        expect(Object.is(w.mean(xs), meanJs(xs))).toBe(true);
        expect(w.countAbove(xs, limit) / xs.length).toBe(shareAboveJs(xs, limit));
        expect(Object.is(w.stdError(xs), stdErrorJs(xs))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('property: ratios equal a / b per sample, and their mean mean’s of them, and null when some b is 0 (−0 included)', () => {
    fc.assert(
      fc.property(column(1), fc.boolean(), fc.nat(), (xs, zero, at) => {
        const b = Float64Array.from(xs, (x) => (x === 0 ? 3 : x));
        if (zero) b[at % b.length] = at % 2 ? -0 : 0;
        const got = w.ratio(xs, b);
        const want = ratioJs(xs, b);
        expect(got === null).toBe(zero);
        expect(want === null).toBe(zero);
        if (got && want) expect(sameBits(got.values, want) && Object.is(got.mean, meanJs(want))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('property: estimate’s one pass over the totals and net values gives mean’s mean of the totals, and finite exactly when firstNonFinite finds nothing', () => {
    fc.assert(
      fc.property(column(1), fc.option(fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom(Infinity, -Infinity, Number.NaN))), (xs, bad) => {
        const net = Float64Array.from(xs, (x) => 4.5 * x - x);
        if (bad) (bad[1] ? xs : net)[bad[0] % xs.length] = bad[2];
        const got = w.totals(xs, net);
        expect(got.finite).toBe(w.firstNonFinite(xs, net) < 0);
        expect(got.finite).toBe(bad === null);
        if (got.finite) expect(Object.is(got.mean, meanJs(xs))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the first non-finite sample of either column, or −1', () => {
    expect(w.firstNonFinite(Float64Array.of(1, 2, Infinity, 3), Float64Array.of(1, NaN, 1, 1))).toBe(1);
    expect(w.firstNonFinite(Float64Array.of(1, 2, -Infinity), Float64Array.of(1, 2, 3))).toBe(2);
    expect(w.firstNonFinite(Float64Array.of(1, -0, 1e308), Float64Array.of(0, 2, -1e308))).toBe(-1);
    expect(w.firstNonFinite(new Float64Array(0), new Float64Array(0))).toBe(-1);
  });

  it('columns longer than a chunk (65,536 samples) give the same: ratios, a zero or a non-finite value in a later chunk, counts, month columns', () => {
    const n = 150_001;
    const a = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 10007) / 3 - 100);
    const b = Float64Array.from({ length: n }, (_, i) => 1 + (i % 13));
    const long = w.ratio(a, b)!;
    expect(sameBits(long.values, ratioJs(a, b)!) && Object.is(long.mean, meanJs(ratioJs(a, b)!))).toBe(true);
    const zero = Float64Array.from(b);
    zero[140_000] = 0;
    expect(w.ratio(a, zero)).toBeNull();
    const inf = Float64Array.from(a);
    inf[100_000] = Infinity;
    inf[140_000] = NaN;
    expect(w.firstNonFinite(a, inf)).toBe(100_000);
    expect(w.firstNonFinite(a, b)).toBe(-1);
    expect(w.totals(a, b)).toEqual({ mean: meanJs(a), finite: true });
    expect(w.totals(a, inf).finite).toBe(false);
    expect(w.countAbove(a, 1000) / n).toBe(shareAboveJs(a, 1000));
    const cost = new Float64Array(n);
    const cumulative = Float64Array.from(b);
    const requests = new Float64Array(n);
    const limit = b[12_345]! + (a[12_345]! - b[12_345]!) * 1.07; // a cost that occurs: ties are not above it
    const means = w.monthColumns(a, b, b, null, 1.07, cost, cumulative, requests, limit);
    // the means and the count above the limit, summed across the chunks, are the definition's over the whole columns
    expect([Object.is(means[0], meanJs(cost)), Object.is(means[1], meanJs(cumulative)), Object.is(means[2], meanJs(requests))]).toEqual([true, true, true]);
    expect(means[3] / n).toBe(shareAboveJs(cost, limit));
    expect(means[4]).toBe(true);
    // a total that is not finite, in a later chunk, turns the check (what forecast throws on), and
    // only that: the same as firstNonFinite finding it
    for (const bad of [Infinity, -Infinity, Number.NaN]) {
      const t = Float64Array.from(a);
      t[n - 2] = bad;
      const r = w.monthColumns(t, b, b, null, 1.07, new Float64Array(n), new Float64Array(n), new Float64Array(n), limit);
      expect([r[4], w.firstNonFinite(t, t)]).toEqual([false, n - 2]);
    }
    expect(means[3]).toBeGreaterThan(0);
    expect(means[3]).toBeLessThan(n);
    for (const i of [0, 65_535, 65_536, 131_072, n - 1]) {
      expect(cost[i]).toBe(b[i]! + (a[i]! - b[i]!) * 1.07);
      expect(cumulative[i]).toBe(b[i]! + cost[i]!);
      expect(requests[i]).toBe(b[i]! * 1.07);
    }
  });

  it("property: forecast's month columns (cost, cumulative, requests) and their means equal the loop's and mean's definitions, with a shared or a per-path multiplier", () => {
    fc.assert(
      fc.property(column(1), fc.oneof(fc.constant(1), fc.double({ min: 0, max: 5, noNaN: true })), fc.boolean(), fc.option(fc.nat()), fc.constantFrom(1, 0.5, 2, -1), (total, shared, perPath, limitAt, limitScale) => {
        const n = total.length;
        const fixed = Float64Array.from(total, (x, i) => (i % 3 === 0 ? 450 : x / 3));
        const base = Float64Array.from(total, (x) => Math.abs(x) * 7);
        const mults = perPath ? Float64Array.from(total, (_, i) => (i % 4 === 0 ? 1 : 1.05 ** i)) : null;
        const start = Float64Array.from(total, (x) => x / 2);
        const want = { cost: new Float64Array(n), cumulative: Float64Array.from(start), requests: new Float64Array(n) };
        for (let i = 0; i < n; i++) {
          const mult = mults ? mults[i]! : shared;
          const c = mult === 1 ? total[i]! : fixed[i]! + (total[i]! - fixed[i]!) * mult;
          want.cost[i] = c;
          want.cumulative[i]! += c;
          want.requests[i] = base[i]! * mult;
        }
        const got = { cost: new Float64Array(n), cumulative: Float64Array.from(start), requests: new Float64Array(n) };
        const limit = limitAt === null ? Infinity : want.cost[limitAt % n]! * limitScale;
        const means = w.monthColumns(total, fixed, base, mults, shared, got.cost, got.cumulative, got.requests, limit);
        expect(sameBits(got.cost, want.cost) && sameBits(got.cumulative, want.cumulative) && sameBits(got.requests, want.requests)).toBe(true);
        expect(sameBits(means.slice(0, 4) as number[], [meanJs(want.cost), meanJs(want.cumulative), meanJs(want.requests), want.cost.filter((c) => c > limit).length])).toBe(true);
        expect(means[4]).toBe(true); // every total finite
        // forecast's over-budget share from it: shareAbove's number
        expect(means[3] / n).toBe(shareAboveJs(want.cost, limit));
      }),
      { numRuns: 300 },
    );
  });
});
