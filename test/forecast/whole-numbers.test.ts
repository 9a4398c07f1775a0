/**
 * Issue 13, "disagreements found by an independent re-implementation": whole-number fields given
 * as distributions (docs/uncertainty.md: each sample and the point value are rounded to the
 * nearest whole number), and the cache-minimum boundary in the Monte Carlo program.
 */
import { describe, expect, it } from 'vitest';
import { compileCostProgram, kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { drawInputs, estimateUncertainty } from '../../src/core/montecarlo.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';

/**
 * The re-implementation's setup: one call per request at $280 an attempt (1,000,000 requests ×
 * 280 input tokens at acme-small's $1 per 1M), retry_rate 0.5, so A(k) = Σ_{j=0..k} 0.5^j:
 * A(1) = 1.5, A(2) = 1.75, A(3) = 1.875.
 */
const retries = (dist: string) =>
  withStage(`model: acme-small\ninput: { user: 280 }\nretry_rate: 0.5\nmax_retries: ${dist}`, '', 'requests_per_month: 1000000');

describe('max_retries as a distribution is rounded to whole numbers', () => {
  it('the point value of { mean: 2, sd: 1 } is accepted and rounded (truncated normal mean 2.055… → 2)', () => {
    const s = scenarioFrom(retries('{ mean: 2, sd: 1 }'));
    expect(s.stages[0]!.maxRetries).toBe(2);
    const inp = uncertaintyOf(s).inputs[0]!;
    expect(inp.fitted.mean).toBeGreaterThan(2.05);
    expect(inp.point).toBe(2);
    expect(estimateScenario(s).total_monthly_cost).toBeCloseTo(280 * 1.75, 9);
  });

  it('samples are rounded, not truncated: { low: 1.6, high: 2.4 } gives 2 every time', () => {
    const s = scenarioFrom(retries('{ low: 1.6, high: 2.4 }'));
    const [col] = drawInputs(uncertaintyOf(s).inputs, 2000, 1);
    expect(new Set(col)).toEqual(new Set([2]));
  });

  it('{ low: 1, high: 3 } with retry_rate 0.5: mean 280 × (¼·1.5 + ½·1.75 + ¼·1.875) = 481.25 (truncation gave 455)', () => {
    // rounding sends [1, 1.5) → 1, [1.5, 2.5) → 2, [2.5, 3] → 3: probabilities ¼, ½, ¼
    const expected = 280 * (0.25 * 1.5 + 0.5 * 1.75 + 0.25 * 1.875);
    expect(expected).toBeCloseTo(481.25, 9);
    const s = scenarioFrom(retries('{ low: 1, high: 3 }'));
    const u = estimateUncertainty(s, uncertaintyOf(s), estimateScenario(s), { samples: 100_000, seed: 7 });
    // sd of the cost is 280 × 0.136 ≈ 38, so the standard error over 100,000 samples is ≈ 0.12
    expect(u.monthly_cost.mean).toBeGreaterThan(expected - 1);
    expect(u.monthly_cost.mean).toBeLessThan(expected + 1);
    // the point value: the uniform's mean 2, a whole number already
    expect(estimateScenario(s).total_monthly_cost).toBeCloseTo(280 * 1.75, 9);
  });
});

function results(n: number): KernelResults {
  return kernelResults(n);
}

describe('the Monte Carlo program pins the cache minimum (Ic ≥ cache_min_tokens caches)', () => {
  // acme-small: cache_min_tokens 1024; 1000 requests a month; 10 user tokens are never cached
  const cached = 1000 * (10 * 1 + 512 * 0.1 + 512 * 1.25) * 1e-6; // system 1024: half read, half written
  const uncached = 1000 * 1033 * 1e-6; // system 1023: all at the input price
  const s = scenarioFrom(withStage('model: acme-small\ninput: { system: 1024, user: 10 }\ncache: { hit_rate: 0.5 }'));
  const program = compileCostProgram(s, uncertaintyOf(s));
  const slot = program.slotOf(['pipeline', 0, 'input', 'system']);

  it('the reference evaluation: 1024 caches, 1023 does not', () => {
    expect(program.run(program.base)).toBeCloseTo(cached, 12);
    const x = Float64Array.from(program.base);
    x[slot] = 1023;
    expect(program.run(x)).toBeCloseTo(uncached, 12);
  });

  it('the compiled kernel: 1024 caches, 1023 does not', () => {
    const kernel = program.kernel([slot]);
    expect(kernel).not.toBeNull();
    const res = results(2);
    kernel!([Float64Array.from([1024, 1023])], 2, res);
    expect(res.total[0]).toBeCloseTo(cached, 12);
    expect(res.total[1]).toBeCloseTo(uncached, 12);
  });
});
