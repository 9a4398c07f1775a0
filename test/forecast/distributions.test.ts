/** Fitting, truncation, the inverse CDFs, the seeded PRNG and the summaries of src/core/distributions.ts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitDistribution,
  mean,
  normalCdf,
  normalQuantile,
  percentileSorted,
  pointValue,
  quantileOf,
  Rng,
  sampleInto,
  summarize,
  Z90,
  type Bounds,
  type DistributionSpec,
} from '../../src/core/distributions.js';

const RATE: Bounds = { lo: 0, hi: 1, loOpen: false, hiOpen: false, int: false };
const TOKENS: Bounds = { lo: 0, hi: Infinity, loOpen: false, hiOpen: true, int: false };

function draws(spec: DistributionSpec, bounds: Bounds, n = 200_000, seed = 7): Float64Array {
  const out = new Float64Array(n);
  sampleInto(fitDistribution(spec, bounds), new Rng(seed, 'test'), out);
  return out;
}

const sorted = (a: Float64Array): Float64Array => Float64Array.from(a).sort();

describe('the standard normal', () => {
  it('Φ matches reference values to double precision', () => {
    // reference values from R: pnorm(x)
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 15);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normalCdf(Z90)).toBeCloseTo(0.9, 15);
    expect(normalCdf(-3) / 0.0013498980316301035).toBeCloseTo(1, 13);
    // the far tail (continued fraction beyond 7.07σ) is good to about 1e-8 relative
    expect(normalCdf(-8) / 6.220960574271784e-16).toBeCloseTo(1, 7);
    expect(normalCdf(-40)).toBe(0);
  });
  it('Φ⁻¹ inverts Φ across (0, 1), tails included', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.999, 1 - 1e-9]) {
      const x = normalQuantile(p);
      const back = p > 0.5 ? 1 - normalCdf(-x) : normalCdf(x);
      expect(Math.abs(back - p) / Math.min(p, 1 - p)).toBeLessThan(1e-12);
    }
    expect(normalQuantile(0.9)).toBeCloseTo(Z90, 14);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});

describe('fitting: the stated quantiles are recovered', () => {
  it('log-normal from { p50, p90 }: exactly, and by sampling', () => {
    const f = fitDistribution({ kind: 'lognormal', p50: 12_000, p90: 20_000 }, TOKENS);
    expect(f.massKept).toBe(1);
    expect(quantileOf(f, 0.5)).toBeCloseTo(12_000, 6);
    expect(quantileOf(f, 0.9)).toBeCloseTo(20_000, 6);
    const s = sorted(draws(f.spec, TOKENS));
    expect(percentileSorted(s, 0.5) / 12_000).toBeCloseTo(1, 2);
    expect(percentileSorted(s, 0.9) / 20_000).toBeCloseTo(1, 2);
    // mean of a log-normal: exp(μ + σ²/2)
    const sigma = Math.log(20_000 / 12_000) / Z90;
    expect(f.mean).toBeCloseTo(12_000 * Math.exp((sigma * sigma) / 2), 6);
    expect(mean(s) / f.mean).toBeCloseTo(1, 2);
  });
  it('property: any 0 < p50 < p90 is recovered by the fitted quantile function', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e7, noNaN: true }), fc.double({ min: 1.001, max: 50, noNaN: true }), (p50, ratio) => {
        const f = fitDistribution({ kind: 'lognormal', p50, p90: p50 * ratio }, TOKENS);
        expect(quantileOf(f, 0.5) / p50).toBeCloseTo(1, 10);
        expect(quantileOf(f, 0.9) / (p50 * ratio)).toBeCloseTo(1, 10);
      }),
    );
  });
  it('triangular { min, mode, max }: mode, mean and quantiles', () => {
    const spec = { kind: 'triangular', min: 1000, mode: 3000, max: 8000 } as const;
    const f = fitDistribution(spec, TOKENS);
    expect(f.mean).toBeCloseTo(4000, 9);
    expect(quantileOf(f, f.fc)).toBeCloseTo(3000, 9); // F(mode) = (mode − min)/(max − min)
    expect(quantileOf(f, 0)).toBe(1000);
    expect(quantileOf(f, 1)).toBe(8000);
    const s = sorted(draws(spec, TOKENS));
    expect(s[0]!).toBeGreaterThanOrEqual(1000);
    expect(s[s.length - 1]!).toBeLessThanOrEqual(8000);
    expect(mean(s) / 4000).toBeCloseTo(1, 2);
    // median of this triangle: b − sqrt((b − a)(b − c)/2) since F(c) = 2/7 < 1/2
    expect(percentileSorted(s, 0.5) / (8000 - Math.sqrt((7000 * 5000) / 2))).toBeCloseTo(1, 2);
  });
  it('uniform { low, high }: flat between the ends', () => {
    const s = sorted(draws({ kind: 'uniform', low: 0.6, high: 0.9 }, RATE));
    expect(s[0]!).toBeGreaterThanOrEqual(0.6);
    expect(s[s.length - 1]!).toBeLessThanOrEqual(0.9);
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) expect(percentileSorted(s, q)).toBeCloseTo(0.6 + 0.3 * q, 2);
  });
  it('normal { mean, sd } inside its range: quantiles of N(μ, σ)', () => {
    const f = fitDistribution({ kind: 'normal', mean: 350, sd: 50 }, TOKENS);
    expect(f.massKept).toBeCloseTo(1, 10); // only Φ(−7) ≈ 1.3e-12 lies below 0
    expect(quantileOf(f, 0.9)).toBeCloseTo(350 + 50 * Z90, 6);
  });
});

describe('truncation to the field’s valid range', () => {
  it('a normal rate is cut at 0 and 1, never clamped: nothing piles up at the bounds', () => {
    const spec = { kind: 'normal', mean: 0.9, sd: 0.1 } as const;
    const f = fitDistribution(spec, RATE);
    expect(f.massKept).toBeCloseTo(normalCdf(1) - normalCdf(-9), 12);
    // truncated mean: μ + σ (φ(α) − φ(β)) / (Φ(β) − Φ(α)) with α = −9, β = 1
    expect(f.mean).toBeCloseTo(0.9 - (0.1 * Math.exp(-0.5)) / Math.sqrt(2 * Math.PI) / f.massKept, 12);
    const s = draws(spec, RATE);
    let outside = 0;
    let atOne = 0;
    for (const v of s) {
      if (v < 0 || v > 1) outside++;
      if (v === 1) atOne++;
    }
    expect(outside).toBe(0);
    expect(atOne).toBeLessThan(3);
    expect(mean(s) / f.mean).toBeCloseTo(1, 3);
  });
  it('a log-normal rate is cut at 1; its mean is the truncated mean', () => {
    const spec = { kind: 'lognormal', p50: 0.8, p90: 0.95 } as const;
    const f = fitDistribution(spec, RATE);
    expect(f.massKept).toBeLessThan(1);
    expect(f.massKept).toBeGreaterThan(0.9);
    const s = draws(spec, RATE);
    expect(s.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(1);
    expect(mean(s) / f.mean).toBeCloseTo(1, 3);
  });
  it('whole-number fields are rounded, and so is their point value', () => {
    const b: Bounds = { lo: 0, hi: Infinity, loOpen: false, hiOpen: true, int: true };
    const f = fitDistribution({ kind: 'triangular', min: 0, mode: 1, max: 3 }, b);
    expect(pointValue(f)).toBe(1); // mean 4/3 → 1
    expect(draws(f.spec, b, 1000).every(Number.isInteger)).toBe(true);
  });
});

describe('degenerate distributions are constants, exactly', () => {
  it.each([
    { kind: 'uniform', low: 0.1, high: 0.1 },
    { kind: 'triangular', min: 0.1, mode: 0.1, max: 0.1 },
    { kind: 'normal', mean: 0.1, sd: 0 },
    { kind: 'lognormal', p50: 0.1, p90: 0.1 },
  ] as const)('%o', (spec) => {
    const f = fitDistribution(spec, RATE);
    expect(f.mean).toBe(0.1);
    expect(pointValue(f)).toBe(0.1);
    for (const v of draws(spec, RATE, 100)) expect(v).toBe(0.1);
  });
});

describe('the seeded PRNG', () => {
  it('the same seed and stream name give the same draws; another seed or name others', () => {
    const a = new Rng(42, 'traffic.requests_per_day');
    const b = new Rng(42, 'traffic.requests_per_day');
    const c = new Rng(43, 'traffic.requests_per_day');
    const d = new Rng(42, 'pipeline.answer.output');
    const xs = Array.from({ length: 5 }, () => a.nextDouble());
    expect(Array.from({ length: 5 }, () => b.nextDouble())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextDouble())).not.toEqual(xs);
    expect(Array.from({ length: 5 }, () => d.nextDouble())).not.toEqual(xs);
  });
  it('is xoshiro128** seeded by splitmix32: the first draws equal the reference C implementation’s', () => {
    // Blackman & Vigna's xoshiro128** and splitmix32 in C (uint32 arithmetic), same seeding: a change
    // here changes every Monte Carlo number aifinops reports for a given seed.
    const first3 = (key: string): number[] => {
      const r = new Rng(1, key);
      return Array.from({ length: 3 }, () => r.nextU32());
    };
    expect(first3('')).toEqual([2959367151, 3408184692, 3085376909]);
    expect(first3('traffic.requests_per_day')).toEqual([4067212279, 2702928818, 3534007028]);
  });
  it('gives uniform doubles in the open interval (0, 1)', () => {
    const r = new Rng(5);
    const n = 200_000;
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.nextDouble();
      if (!(u > 0 && u < 1)) outside++;
      else buckets[Math.floor(u * 10)]!++;
    }
    expect(outside).toBe(0);
    // χ² with 9 degrees of freedom: 27.9 is the 0.999 quantile
    const chi2 = buckets.reduce((acc, k) => acc + (k - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });
});

describe('summaries', () => {
  it('percentiles interpolate between ranks like numpy', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(percentileSorted(s, 0)).toBe(1);
    expect(percentileSorted(s, 0.5)).toBe(3);
    expect(percentileSorted(s, 0.8)).toBeCloseTo(4.2, 12);
    expect(percentileSorted(s, 1)).toBe(5);
    expect(summarize(Float64Array.from([5, 1, 4, 2, 3]))).toEqual({ mean: 3, p10: 1.4, p50: 3, p80: 4.2, p90: 4.6, p95: 4.8 });
  });
  it('the mean is compensated: a million equal values average to that value', () => {
    const v = new Float64Array(1_000_000).fill(0.1);
    expect(mean(v)).toBe(0.1);
  });
});
