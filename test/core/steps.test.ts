/**
 * Spec §3 (2026-12 revision): every agent step is priced on its own input. Figures derived by
 * hand on the synthetic acme catalogue (test/fixtures/catalogues/acme.yaml): acme-small input 1,
 * output 4; acme-large input 10, output 40, long context above 100,000 input tokens at input 20,
 * output 60 (per 1M tokens).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kernelResults } from '../../src/core/cost-kernel.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { runEach, simulate, uncertainRole } from '../../src/core/montecarlo.js';
import { FIRST_LONG, J_LONG, J_NORMAL, K_LONG, K_NORMAL, W_LONG, W_NORMAL, firstLongStep, splitSteps, stepScratch } from '../../src/core/steps.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { estimateFrom, scenarioFrom, withStage } from '../helpers/scenario.js';
import { renderExplain } from '../../src/render/explain.js';
import { makeStyle } from '../../src/render/style.js';

const M = 1e-6;

/** The spec's definition, step by step: weights, inputs, and the long/normal split. */
function bruteForce(P: number, g: number, S: number, T: number): number[] {
  const n = Math.ceil(S);
  const out = [0, 0, 0, 0, n, 0, 0];
  for (let k = 0; k < n; k++) {
    const v = k === n - 1 && S !== Math.floor(S) ? S - Math.floor(S) : 1;
    const I = P + g * k;
    const long = I > T;
    if (long && out[4] === n) out[4] = k;
    out[long ? 2 : 0]! += v;
    out[long ? 3 : 1]! += v * I;
    out[long ? 6 : 5]! += v * k;
  }
  return out;
}

describe('the steps of an agent loop (closed form)', () => {
  it('equals the step-by-step definition for any loop and threshold (fast-check)', () => {
    const sc = stepScratch();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.double({ min: 1, max: 60, noNaN: true }),
        fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constant(Infinity)),
        (P, g, S, T) => {
          splitSteps(P, g, S, T, sc);
          const b = bruteForce(P, g, S, T);
          expect(sc[FIRST_LONG]).toBe(b[4]);
          expect(sc[W_NORMAL]! + sc[W_LONG]!).toBeCloseTo(S, 9);
          for (const [slot, want] of [[W_NORMAL, b[0]!], [J_NORMAL, b[1]!], [W_LONG, b[2]!], [J_LONG, b[3]!], [K_NORMAL, b[5]!], [K_LONG, b[6]!]] as const) {
            expect(Math.abs(sc[slot]! - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('a step whose input equals the threshold is not long (I_k > threshold, not ≥)', () => {
    expect(firstLongStep(90_000, 10_000, 3, 100_000)).toBe(2); // I_1 = 100,000 is not above it
    expect(firstLongStep(90_000, 10_001, 3, 100_000)).toBe(1);
    expect(firstLongStep(100_000, 0, 5, 100_000)).toBe(5);
    expect(firstLongStep(100_001, 0, 5, 100_000)).toBe(0);
  });
  it('costs no loop over the steps: S = 1,000 and huge growth are O(1)', () => {
    const sc = stepScratch();
    splitSteps(1000, 1e9, 1000, 5e11, sc);
    expect(sc[FIRST_LONG]).toBe(500); // 1,000 + 1e9 × 500 > 5e11 ≥ 1,000 + 1e9 × 499
    expect(sc[W_NORMAL]).toBe(500);
    expect(sc[W_LONG]).toBe(500);
  });
});

describe('estimate prices each agent step at the rates for its own input', () => {
  it('a loop that crosses the long-context tier pays it only on the steps past it', () => {
    // steps: I_0 = 90,000 (base), I_1 = 110,000 and I_2 = 130,000 (long); C = 3,000, C ÷ S = 1,000
    const r = estimateFrom(withStage('model: acme-large\ninput: { context: 90000 }\nagent_steps: 3\ncontext_growth_per_step: 20000\noutput: 100'));
    const perRequest = 90_000 * 10 + 100 * 40 + (110_000 * 20 + 100 * 60) + (130_000 * 20 + 100 * 60); // 5,716,000 × 1e-6
    expect(r.total_monthly_cost).toBeCloseTo(1000 * perRequest * M, 9); // $5,716
    // the mean input (110,000) alone would have priced every step long: 3,000 × (110,000 × 20 + 100 × 60) × 1e-6 = $6,618
    expect(r.total_monthly_cost).toBeLessThan(6618 - 900);
    const m = r.stages[0]!.models[0]!;
    expect(m.long_context).toBe(true);
    expect(m.long_context_from_step).toBe(2);
    expect(m.tokens.input).toBeCloseTo(1000 * (90_000 + 110_000 + 130_000), 3);
    expect(m.cost.input).toBeCloseTo(1000 * (90_000 * 10 + 110_000 * 20 + 130_000 * 20) * M, 9);
    expect(m.cost.output).toBeCloseTo(1000 * (100 * 40 + 2 * 100 * 60) * M, 9);
    expect(r.warnings.join('\n')).toMatch(/crosses acme\/acme-large's long-context tier part-way: steps 2–3 of 3/);
  });
  it('a fractional mean gives the last step its fraction: S = 2.5 → weights 1, 1, 0.5', () => {
    // I_k = 1,000, 1,400, 1,800; Σ v_k I_k = 1,000 + 1,400 + 900 = 3,300; C = 2,500, C ÷ S = 1,000
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 1000 }\nagent_steps: 2.5\ncontext_growth_per_step: 400\noutput: 10'));
    const m = r.stages[0]!.models[0]!;
    expect(m.calls_per_month).toBeCloseTo(2500, 9);
    expect(m.tokens.input).toBeCloseTo(1000 * 3300, 3); // mean input 1,320 per call (the old mean formula said 1,300)
    expect(m.tokens.input / m.calls_per_month).toBeCloseTo(1320, 9);
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (3300 * 1 + 2.5 * 10 * 4) * M, 12); // $3.40
    expect(m.long_context_from_step).toBeNull();
  });
  it('the fractional last step alone may cross the tier; a step at exactly the threshold does not', () => {
    // I_k = 95,000, 100,000 (= threshold: base), 105,000 (long, weight 0.5)
    const r = estimateFrom(withStage('model: acme-large\ninput: { context: 95000 }\nagent_steps: 2.5\ncontext_growth_per_step: 5000\noutput: 100'));
    const per = 95_000 * 10 + 100_000 * 10 + 0.5 * 105_000 * 20 + 2 * 100 * 40 + 0.5 * 100 * 60; // 3,011,000
    expect(r.total_monthly_cost).toBeCloseTo(1000 * per * M, 9);
    expect(r.stages[0]!.models[0]!.long_context_from_step).toBe(3);
  });
  it('every step long when the first one is: the single-call rule', () => {
    const r = estimateFrom(withStage('model: acme-large\ninput: { context: 100001 }\nagent_steps: 2\ncontext_growth_per_step: 1\noutput: 0'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (100_001 + 100_002) * 20 * M, 9);
    expect(r.stages[0]!.models[0]!.long_context_from_step).toBe(1);
    expect(r.warnings.join('\n')).not.toMatch(/part-way/);
  });
  it('cached prefixes are cached on every step, at each step’s cache rates', () => {
    // system 20,000 cacheable at hit 0.5; I_0 = 90,000 base, I_1 = 110,000 long (cache_read 2, cache write = input 20)
    const r = estimateFrom(withStage('model: acme-large\ninput: { system: 20000, context: 70000 }\nagent_steps: 2\ncontext_growth_per_step: 20000\noutput: 0\ncache: { hit_rate: 0.5 }'));
    const step0 = 70_000 * 10 + 20_000 * 0.5 * 1 + 20_000 * 0.5 * 10;
    const step1 = 90_000 * 20 + 20_000 * 0.5 * 2 + 20_000 * 0.5 * 20;
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (step0 + step1) * M, 9);
    const m = r.stages[0]!.models[0]!;
    expect(m.tokens.cache_read).toBeCloseTo(1000 * 2 * 10_000, 3);
    expect(m.tokens.cache_write).toBeCloseTo(1000 * 2 * 10_000, 3);
    expect(m.tokens.input).toBeCloseTo(1000 * (70_000 + 90_000), 3);
  });
});

describe('thresholds compared with decimal token counts (a sum one unit in the last place off counts as equal)', () => {
  it('99,990.1 + 0.1 + 4 × 2.45 = 100,000 tokens at step 4 is not past the 100,000 tier (the float sum 100,000.00000000001 paid long-context rates)', () => {
    expect(0 + 0 + 99990.1 + 0 + 0.1 + 2.45 * 4).toBeGreaterThan(100_000);
    const m = estimateFrom(withStage('model: acme-large\ninput: { context: 99990.1, user: 0.1 }\nagent_steps: 5\ncontext_growth_per_step: 2.45\noutput: 0')).stages[0]!.models[0]!;
    expect(m.long_context_from_step).toBeNull();
    expect(m.long_context).toBe(false);
    // boundary: a millionth of a token over the tier is past it
    const over = estimateFrom(withStage('model: acme-large\ninput: { context: 100000.000001 }\noutput: 0')).stages[0]!.models[0]!;
    expect(over.long_context).toBe(true);
  });
  it('512.3 + 0.3 + 511.4 = 1,024 cacheable tokens reach the 1,024 minimum (the float sum 1,023.9999999999999 was not cached: +98% cost)', () => {
    expect(512.3 + 0.3 + 511.4).toBeLessThan(1024);
    const m = estimateFrom(withStage('model: acme-small\ninput: { system: 512.3, tools: 0.3, context: 511.4, user: 100 }\noutput: 0\ncache: { hit_rate: 0.9, cacheable: [system, tools, context] }')).stages[0]!.models[0]!;
    expect(m.tokens.cache_read).toBeCloseTo(1000 * 1024 * 0.9, 6);
    const below = estimateFrom(withStage('model: acme-small\ninput: { system: 1023.999, user: 100 }\noutput: 0\ncache: { hit_rate: 0.9 }')).stages[0]!.models[0]!;
    expect(below.tokens.cache_read).toBe(0); // a thousandth of a token short is short
  });
  it('the Monte Carlo kernel compares the same way: each sample equals estimate of its values at the boundary', () => {
    const s = scenarioFrom(withStage('model: acme-large\ninput: { context: 99990.1, user: 0.1 }\nagent_steps: { low: 4, high: 6 }\ncontext_growth_per_step: 2.45\noutput: 10'));
    const sim = simulate(s, uncertaintyOf(s), { samples: 200, seed: 3 });
    const res = kernelResults(200);
    runEach(sim.program, [sim.program.slotOf(['pipeline', 0, 'agent_steps'])], [sim.draws[0]!], 200, res);
    for (let i = 0; i < 200; i++) expect(Object.is(sim.total[i], res.total[i]), `sample ${i}`).toBe(true);
  });
});

describe('the input outside the cached prefix, Σ v_k × (I_k − Ic′) (spec §3), from non-negative terms', () => {
  const cachedLoop = (input: string, steps: number, extra = '') => estimateFrom(withStage(`model: acme-large\ninput: ${input}\nagent_steps: ${steps}\noutput: 0\ncache: { hit_rate: 0.8${extra} }`)).stages[0]!.models[0]!;
  it('a prefix that is the whole input leaves exactly 0, not rounding below it (S = 2.7 and 4.9: it gave −9.1e-10 tokens, and diff refused the report)', () => {
    for (const [input, S] of [['{ system: 3000 }', 2.7], ['{ system: 1500 }', 4.9], ['{ system: 3000 }', 4.9], ['{ system: 1500 }', 2.7]] as const) {
      const m = cachedLoop(input, S);
      expect(m.tokens.input, `${input} × ${S}`).toBe(0);
      expect(m.cost.input, `${input} × ${S}`).toBe(0);
      expect(m.tokens.cache_read + m.tokens.cache_write).toBeCloseTo(1000 * S * (input.includes('3000') ? 3000 : 1500), 6);
    }
  });
  it('a small uncached part next to a huge cached one keeps its precision: 777.3 steps × 1 user token = 777,300 a month for 1,000 requests (it gave 777,300.0488)', () => {
    const m = cachedLoop('{ system: 999999999, user: 1 }', 777.3, ', cacheable: [system]');
    expect(Math.abs(m.tokens.input - 777_300)).toBeLessThanOrEqual(777_300 * 1e-12);
  });
  it('--explain shows the uncached input as W × U + growth × Σ v_k k, and the input hit rate even when the prefix is too short to cache (it printed hit_rate = 0)', () => {
    const loop = scenarioFrom(withStage('model: acme-large\ninput: { system: 3000, user: 100 }\nagent_steps: 2.5\ncontext_growth_per_step: 10\noutput: 0\ncache: { hit_rate: 0.8 }'));
    const text = renderExplain(loop, estimateScenario(loop), makeStyle(false));
    // W = 2.5, U = 100 (user), Σ v_k k = 0 + 1 + 0.5 × 2 = 2: 250 + 10 × 2 = 270
    expect(text).toContain("Σ v_k (I_k − Ic') = W × U + growth × Σ v_k k, U = the input outside the cached prefix = 100");
    expect(text).toContain('= 270 × ');
    const short = scenarioFrom(withStage('model: acme-small\ninput: { system: 400, user: 100 }\noutput: 0\ncache: { hit_rate: 0.9 }'));
    expect(renderExplain(short, estimateScenario(short), makeStyle(false))).toContain("Ic = system + tools = 400 → Ic' = 0 (below cache_min_tokens); hit_rate = 0.9 (unused), ttl 5m");
  });
  it('property: never negative, and the step-by-step sum within 1e-9 of it (with growth, fractional steps, any cacheable parts)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.double({ min: 1, max: 12, noNaN: true }),
        fc.subarray(['system', 'context', 'user'], { minLength: 1 }),
        (system, context, user, g, S, cacheable) => {
          const input = { system, context, user } as Record<string, number>;
          const m = estimateFrom(withStage(`model: acme-small\ninput: { system: ${system}, context: ${context}, user: ${user} }\nagent_steps: ${S}\ncontext_growth_per_step: ${g}\noutput: 0\ncache: { hit_rate: 0.5, cacheable: [${cacheable.join(', ')}] }`)).stages[0]!.models[0]!;
          expect(m.tokens.input).toBeGreaterThanOrEqual(0);
          const Ic = cacheable.reduce((a, p) => a + input[p]!, 0);
          const cachedOn = m.tokens.cache_read + m.tokens.cache_write > 0;
          let want = 0;
          const n = Math.ceil(S);
          for (let k = 0; k < n; k++) want += (k === n - 1 && S !== Math.floor(S) ? S - Math.floor(S) : 1) * (system + context + user + g * k - (cachedOn ? Ic : 0));
          expect(Math.abs(m.tokens.input - 1000 * want)).toBeLessThanOrEqual(1e-9 * Math.max(1, 1000 * want));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the Monte Carlo prices steps the same way', () => {
  it('with uncertain agent steps crossing the tier, every sample equals estimate of that sample’s values', () => {
    const yaml = withStage('model: acme-large\ninput: { context: 90000 }\nagent_steps: { low: 1, high: 4 }\ncontext_growth_per_step: 7000\noutput: 100');
    const s = scenarioFrom(yaml);
    const m = uncertaintyOf(s);
    const n = 40;
    const sim = simulate(s, m, { samples: n, seed: 5 });
    const k = m.inputs.findIndex((inp) => uncertainRole(inp.path) === 'cost');
    const slots = [sim.program.slotOf(m.inputs[k]!.path)];
    const ref = kernelResults(n);
    runEach(sim.program, slots, [sim.draws[k]!], n, ref);
    expect(ref.total).toEqual(sim.total);
    let crossed = 0;
    for (let i = 0; i < n; i++) {
      const steps = sim.draws[k]![i]!;
      const fixed = scenarioFrom(yaml.replace('{ low: 1, high: 4 }', String(steps)));
      const est = estimateScenario(fixed);
      expect(sim.total[i]).toBe(est.total_monthly_cost);
      if ((est.stages[0]!.models[0]!.long_context_from_step ?? 0) > 1) crossed++;
    }
    expect(crossed).toBeGreaterThan(0);
  });
});
