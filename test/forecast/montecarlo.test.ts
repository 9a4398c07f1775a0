/**
 * The Monte Carlo: the compiled kernel reproduces the engine (spec §3) exactly, degenerate
 * distributions give the point estimate, the mean converges to it where the formula is linear,
 * runs are deterministic by seed, and the budget-overrun probability has a known answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { mean } from '../../src/core/distributions.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { costAt, drawCostInputs, drawInputs, estimateUncertainty, runEach, scenarioCostAt, simulate, stdError, uncertainRole, withUncertainty } from '../../src/core/montecarlo.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { acme, scenarioFrom, withStage } from '../helpers/scenario.js';
import { loadScenario } from '../../src/load/scenario.js';
import { fileURLToPath } from 'node:url';

const FOUR_STAGE = fileURLToPath(new URL('../fixtures/forecast-four-stage/scenario.yaml', import.meta.url));

function results(n: number): KernelResults {
  return kernelResults(n);
}

/** A scenario exercising every branch of the formula (long context, cache minimum, batch, list-form mix, every line item kind). */
const EVERYTHING = `version: 1
name: everything
traffic: { users: 120, requests_per_user_per_day: 7, days_per_month: 21.7 }
pipeline:
  - name: plan
    model: acme-large
    input: { system: 3000, context: 99000, user: 400 }
    context_growth_per_step: 1500
    agent_steps: 3
    output: 900
    reasoning: 2500
    cache: { hit_rate: 0.7, cacheable: [system, context], ttl: 1h }
    retry_rate: 0.1
    max_retries: 3
    tool_calls: { web_search: 0.4, grounding: 0.2 }
    tool_hours: { code_execution: 0.05 }
    audio: { input: 900, output: 350, cache_hit_rate: 0.25 }
    image: { input: 1100, output: 40 }
    cache_storage: { tokens: 120000, hours_per_day: 9 }
  - name: answer
    models:
      - { id: acme-small, share: 0.6 }
      - { id: acme-large, share: 0.4, output: 100, reasoning: 50 }
    share_of_requests: 0.8
    input: { system: 800, tools: 100, history: 300, user: 120 }
    output: 300
    cache: { hit_rate: "85%" }
    response_cache_hit_rate: 0.1
    batch_share: 0.3
costs:
  - { name: db, category: retrieval, monthly: 450 }
  - { name: moderation, per_request: 0.0004, share_of_requests: 0.5 }
  - { name: seats, per_user: 3 }
  - { name: review, category: human review, share_of_requests: 0.01, minutes: 4, hourly_rate: 38 }
  - { name: embed, model: acme-embed, tokens_per_month: 60000000 }
outcomes: { name: done, per_request: 0.4, value: 2 }
budget: { monthly: 20000 }
`;

describe('the compiled cost formula is the engine’s, exactly', () => {
  it('at the point values, the kernel, the reference evaluator and estimateScenario agree bit for bit', () => {
    for (const yaml of [EVERYTHING, withStage('model: acme-small\ninput: { system: 2000, user: 10 }\ncache: { hit_rate: 0.5 }\noutput: 20')]) {
      const s = scenarioFrom(yaml);
      const sim = simulate(s, uncertaintyOf(s), { samples: 3, seed: 1 });
      const expected = estimateScenario(s).total_monthly_cost;
      expect(sim.point.total).toBe(expected);
      expect([...sim.total]).toEqual([expected, expected, expected]);
    }
  });

  const stageArb = fc.record({
    small: fc.double({ min: 0, max: 1, noNaN: true }),
    system: fc.integer({ min: 0, max: 20000 }),
    context: fc.integer({ min: 0, max: 150000 }),
    output: fc.integer({ min: 0, max: 4000 }),
    reasoning: fc.integer({ min: 0, max: 4000 }),
    steps: fc.double({ min: 1, max: 10, noNaN: true }),
    growth: fc.integer({ min: 0, max: 3000 }),
    hit: fc.double({ min: 0, max: 1, noNaN: true }),
    cached: fc.boolean(),
    batch: fc.double({ min: 0, max: 1, noNaN: true }),
    retry: fc.double({ min: 0, max: 0.9, noNaN: true }),
    maxRetries: fc.integer({ min: 0, max: 3 }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    // fees beyond text tokens (core/fees.ts): absent, or each drawn
    fees: fc.option(
      fc.record({
        search: fc.double({ min: 0, max: 5, noNaN: true }),
        hours: fc.double({ min: 0, max: 2, noNaN: true }),
        audioIn: fc.integer({ min: 0, max: 20000 }),
        audioOut: fc.integer({ min: 0, max: 20000 }),
        audioHit: fc.double({ min: 0, max: 1, noNaN: true }),
        imageIn: fc.integer({ min: 0, max: 5000 }),
        imageOut: fc.integer({ min: 0, max: 5000 }),
        storageTokens: fc.integer({ min: 0, max: 2_000_000 }),
        perDay: fc.boolean(),
        hours2: fc.double({ min: 0, max: 24, noNaN: true }),
      }),
      { nil: undefined },
    ),
  });

  it('property: for random scenarios the point run equals estimateScenario exactly', () => {
    fc.assert(
      fc.property(fc.array(stageArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 1e7 }), (stages, rpm) => {
        const doc = {
          version: 1,
          name: 'p',
          traffic: { requests_per_month: rpm },
          pipeline: stages.map((st, i) => ({
            name: `s${i}`,
            models: { 'acme-small': st.small, 'acme-large': 1 - st.small },
            share_of_requests: st.share,
            agent_steps: st.steps,
            context_growth_per_step: st.growth,
            input: { system: st.system, context: st.context },
            output: st.output,
            reasoning: st.reasoning,
            ...(st.cached ? { cache: { hit_rate: st.hit } } : {}),
            batch_share: st.batch,
            retry_rate: st.retry,
            max_retries: st.maxRetries,
            ...(st.fees
              ? {
                  tool_calls: { web_search: st.fees.search },
                  tool_hours: { code_execution: st.fees.hours },
                  audio: { input: st.fees.audioIn, output: st.fees.audioOut, cache_hit_rate: st.fees.audioHit },
                  image: { input: st.fees.imageIn, output: st.fees.imageOut },
                  cache_storage: { tokens: st.fees.storageTokens, ...(st.fees.perDay ? { hours_per_day: st.fees.hours2 } : { hours_per_month: st.fees.hours2 * 30 }) },
                }
              : {}),
          })),
          costs: [{ name: 'x', per_request: 0.001 }, { name: 'y', monthly: 10 }],
        };
        const s = scenarioFrom(stringify(doc));
        expect(simulate(s, uncertaintyOf(s), { samples: 1, seed: 1 }).total[0]).toBe(estimateScenario(s).total_monthly_cost);
      }),
      { numRuns: 60 },
    );
  });

  it('every sample equals estimateScenario of the scenario with that sample’s values written in', () => {
    const s = loadScenario(FOUR_STAGE, { bundled: [acme] });
    const m = uncertaintyOf(s);
    const n = 12;
    const sim = simulate(s, m, { samples: n, seed: 3 });
    const shareKeys = ['pipeline.answer.models.acme-small', 'pipeline.answer.models.acme-large'];
    for (let i = 0; i < n; i++) {
      const set: string[] = [];
      let weight = 0;
      m.inputs.forEach((inp, k) => {
        if (uncertainRole(inp.path) !== 'cost') return;
        if (inp.name === shareKeys[1]) weight = sim.draws[k]![i]!;
        else set.push(`${inp.name}=${String(sim.draws[k]![i])}`);
      });
      // the uncertain share is a weight next to acme-small's 0.8: write the rescaled shares
      set.push(`${shareKeys[0]}=${String(0.8 / (0.8 + weight))}`, `${shareKeys[1]}=${String(weight / (0.8 + weight))}`);
      const fixed = loadScenario(FOUR_STAGE, { bundled: [acme], set });
      expect(uncertaintyOf(fixed).inputs.map((x) => x.name)).toEqual(['growth.monthly_rate']);
      expect(sim.total[i]).toBe(estimateScenario(fixed).total_monthly_cost);
    }
  });

  it('the compiled kernel reproduces the reference evaluator sample for sample', () => {
    const s = loadScenario(FOUR_STAGE, { bundled: [acme] });
    const m = uncertaintyOf(s);
    const n = 5000;
    const sim = simulate(s, m, { samples: n, seed: 11 });
    const idx = m.inputs.map((inp, k) => (uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
    const ref = results(n);
    runEach(sim.program, idx.map((k) => sim.program.slotOf(m.inputs[k]!.path)), idx.map((k) => sim.draws[k]!), n, ref);
    expect(ref.total).toEqual(sim.total);
    expect(ref.requests).toEqual(sim.requests);
    expect(ref.fixed).toEqual(sim.fixed);
    expect(ref.outcomes).toEqual(sim.outcomes);
    expect(ref.netValue).toEqual(sim.netValue);
  });
});

/** EVERYTHING with each number replaced by a zero-width distribution of the same value. */
const DEGENERATE = EVERYTHING.replace('users: 120', 'users: { low: 120, high: 120 }')
  .replace('requests_per_user_per_day: 7', 'requests_per_user_per_day: { min: 7, mode: 7, max: 7 }')
  .replace('context: 99000', 'context: { p50: 99000, p90: 99000 }')
  .replace('agent_steps: 3', 'agent_steps: { mean: 3, sd: 0 }')
  .replace('hit_rate: 0.7', 'hit_rate: { low: 0.7, high: 0.7 }')
  .replace('retry_rate: 0.1', 'retry_rate: { mean: 0.1, sd: 0 }')
  .replace('max_retries: 3', 'max_retries: { low: 3, high: 3 }')
  .replace('{ id: acme-large, share: 0.4, output: 100', '{ id: acme-large, share: 0.4, output: { low: 100, high: 100 }')
  .replace('output: 300', 'output: { min: 300, mode: 300, max: 300 }')
  .replace('batch_share: 0.3', 'batch_share: { low: 30%, high: 30% }')
  .replace('monthly: 450', 'monthly: { p50: 450, p90: 450 }')
  .replace('per_user: 3', 'per_user: { mean: 3, sd: 0 }')
  .replace('minutes: 4', 'minutes: { low: 4, high: 4 }')
  .replace('tokens_per_month: 60000000', 'tokens_per_month: { low: 60000000, high: 60000000 }')
  .replace('per_request: 0.4', 'per_request: { low: 0.4, high: 0.4 }')
  .replace('web_search: 0.4', 'web_search: { low: 0.4, high: 0.4 }')
  .replace('audio: { input: 900', 'audio: { input: { p50: 900, p90: 900 }')
  .replace('tokens: 120000', 'tokens: { min: 120000, mode: 120000, max: 120000 }');

describe('degenerate distributions', () => {
  it('give exactly the plain scenario’s estimate, every sample, and a mean that converges to it', () => {
    const plain = estimateScenario(scenarioFrom(EVERYTHING));
    const s = scenarioFrom(DEGENERATE);
    const m = uncertaintyOf(s);
    expect(m.inputs.length).toBe(18);
    const point = estimateScenario(s);
    expect(point.total_monthly_cost).toBe(plain.total_monthly_cost);
    const u = estimateUncertainty(s, m, point, { samples: 20_000, seed: 9 });
    expect(u.monthly_cost.p50).toBe(plain.total_monthly_cost);
    expect(u.monthly_cost.p95).toBe(plain.total_monthly_cost);
    expect(u.monthly_cost.mean / plain.total_monthly_cost).toBeCloseTo(1, 13);
    expect(u.monthly_cost_std_error).toBe(0);
    expect(u.cost_per_request!.p50).toBe(plain.cost_per_request);
    expect(u.cost_per_outcome!.p50).toBe(plain.cost_per_outcome);
    expect(u.net_value!.p50).toBe(plain.net_value);
  });

  it('the mean converges to the point estimate where the cost is linear in each input', () => {
    // every uncertain input enters the cost linearly and independently, so E[cost] = cost(E[inputs])
    const yaml = `version: 1
name: linear
traffic: { requests_per_day: { p50: 5000, p90: 9000 } }
pipeline:
  - name: s
    model: acme-small
    input: { system: 600, context: { min: 1000, mode: 2000, max: 6000 }, user: { mean: 150, sd: 40 } }
    output: { low: 100, high: 500 }
    batch_share: { low: 0, high: 1 }
costs:
  - { name: review, share_of_requests: { low: 0.01, high: 0.03 }, minutes: 3, hourly_rate: 40 }
`;
    const s = scenarioFrom(yaml);
    const point = estimateScenario(s);
    const u = estimateUncertainty(s, uncertaintyOf(s), point, { samples: 200_000, seed: 2 });
    const z = Math.abs(u.monthly_cost.mean - point.total_monthly_cost) / u.monthly_cost_std_error;
    expect(z).toBeLessThan(4);
    expect(u.monthly_cost_std_error / point.total_monthly_cost).toBeLessThan(0.005);
  });
});

describe('determinism', () => {
  const s = loadScenario(FOUR_STAGE, { bundled: [acme] });
  const m = uncertaintyOf(s);
  it('the same seed gives identical samples; another seed other samples', () => {
    const a = simulate(s, m, { samples: 2000, seed: 5 });
    const b = simulate(s, m, { samples: 2000, seed: 5 });
    const c = simulate(s, m, { samples: 2000, seed: 6 });
    expect(b.total).toEqual(a.total);
    expect(c.total).not.toEqual(a.total);
  });
  it('more samples extend the same run: the first draws do not change', () => {
    const a = simulate(s, m, { samples: 1000, seed: 5 });
    const b = simulate(s, m, { samples: 3000, seed: 5 });
    expect(b.total.subarray(0, 1000)).toEqual(a.total);
  });
  it('each input has its own stream: adding an input leaves the others’ draws alone', () => {
    const two = scenarioFrom(withStage('model: acme-small\ninput: { user: { low: 10, high: 20 } }\noutput: { low: 1, high: 5 }'));
    const one = scenarioFrom(withStage('model: acme-small\ninput: { user: { low: 10, high: 20 } }\noutput: 3'));
    const [u2] = drawInputs(uncertaintyOf(two).inputs, 100, 4);
    const [u1] = drawInputs(uncertaintyOf(one).inputs, 100, 4);
    expect(u2).toEqual(u1);
  });
  it('estimate draws only the inputs of the monthly cost: the same columns as drawing every input, a growth input left empty, the same report', () => {
    const s = scenarioFrom(withStage('model: acme-small\ninput: { user: { low: 10, high: 20 } }\noutput: { mean: 5, sd: 2 }', 'growth: { monthly_rate: { p50: 4%, p90: 10% }, months: 6 }'));
    const m = uncertaintyOf(s);
    expect(m.inputs.map((x) => uncertainRole(x.path))).toEqual(['cost', 'cost', 'growth']);
    const all = drawInputs(m.inputs, 3000, 9);
    const cost = drawCostInputs(m.inputs, 3000, 9);
    expect([cost[0], cost[1]]).toEqual([all[0], all[1]]);
    expect(cost[2]!.length).toBe(0);
    expect(all[2]!.length).toBe(3000);
    // the run reads the cost inputs alone: the same totals, bit for bit, with either set of draws
    expect(simulate(s, m, { samples: 3000, seed: 9 }, cost).total).toEqual(simulate(s, m, { samples: 3000, seed: 9 }).total);
  });
});

describe('budget-overrun probability and budgets at a percentile', () => {
  // cost = R × 1000 tokens × $1/1M = R / 1000; R uniform on [1000, 3000] → cost uniform on [$1, $3]
  const yaml = (at: string) =>
    withStage('model: acme-small\ninput: { user: 1000 }', `budget: { monthly: 2.5${at} }`, 'requests_per_month: { low: 1000, high: 3000 }');

  it('P(cost > budget) is the known 25%', () => {
    const s = scenarioFrom(yaml(''));
    const point = estimateScenario(s);
    expect(point.total_monthly_cost).toBeCloseTo(2, 12);
    const u = estimateUncertainty(s, uncertaintyOf(s), point, { samples: 100_000, seed: 1 });
    const sd = Math.sqrt((0.25 * 0.75) / 100_000);
    expect(Math.abs(u.budget!.overrun_probability - 0.25)).toBeLessThan(4 * sd);
    expect(u.monthly_cost.p80).toBeCloseTo(2.6, 2);
    expect(u.monthly_cost.p95).toBeCloseTo(2.9, 2);
    // without `at`, the budget is judged on the point estimate, as spec §3 says
    expect(u.budget).toMatchObject({ at: null, judged_cost: point.total_monthly_cost, status: 'alert' }); // $2 ≥ 80% of $2.50
  });

  it('budget.at: p80 judges status and used on the P80 bill, which fattens with the tail', () => {
    const s = scenarioFrom(yaml(', at: p80'));
    const report = withUncertainty(estimateScenario(s), s, uncertaintyOf(s), { samples: 50_000, seed: 1 });
    const p80 = report.uncertainty!.monthly_cost.p80;
    expect(p80).toBeGreaterThan(2.5);
    expect(report.budget!.status).toBe('over');
    expect(report.uncertainty!.budget).toMatchObject({ at: 'p80', status: 'over', judged_cost: p80 });
    expect(report.budget!.used).toBeCloseTo(p80 / 2.5, 12);
    expect(costAt(report, 'p80')).toBe(p80);
    expect(costAt(report, 'point')).toBe(report.total_monthly_cost);
    // the same number straight from the scenario, for a diff side that has no report yet
    expect(scenarioCostAt(s, uncertaintyOf(s), 'p80', { samples: 50_000, seed: 1 })).toBe(p80);
    expect(scenarioCostAt(s, uncertaintyOf(s), 'point', { samples: 50_000, seed: 1 })).toBe(report.total_monthly_cost);
    // the same scenario judged at P50 is within budget
    const s50 = scenarioFrom(yaml(', at: p50'));
    expect(withUncertainty(estimateScenario(s50), s50, uncertaintyOf(s50), { samples: 50_000, seed: 1 }).budget!.status).toBe('ok');
  });

  it('without distributions there is no uncertainty block and every percentile is the point', () => {
    const s = scenarioFrom(withStage('model: acme-small\ninput: { user: 1000 }', 'budget: { monthly: 5, at: p95 }'));
    const report = withUncertainty(estimateScenario(s), s, uncertaintyOf(s), { samples: 100, seed: 1 });
    expect(report.uncertainty).toBeNull();
    expect(report.budget!.status).toBe('ok');
    expect(costAt(report, 'p95')).toBe(report.total_monthly_cost);
  });
});

describe('tier mixes with an uncertain share', () => {
  it('are weights rescaled to sum to 1, at the point and in every sample', () => {
    const s = scenarioFrom(withStage('models: { acme-small: 0.7, acme-large: { low: 0.2, high: 0.4 } }\ninput: { user: 1000 }'));
    const shares = s.stages[0]!.models.map((x) => x.share);
    expect(shares[0]).toBeCloseTo(0.7, 15);
    expect(shares[1]).toBeCloseTo(0.3, 15);
    expect(s.warnings).toEqual([]);
    const sim = simulate(s, uncertaintyOf(s), { samples: 2000, seed: 1 });
    // cost per call: small $0.001, large $0.01 → total = 1000 × (0.001 × 0.7 + 0.01 × w) / (0.7 + w)
    const w = sim.draws[0]!;
    for (let i = 0; i < 50; i++) expect(sim.total[i]! / ((1000 * (0.001 * 0.7 + 0.01 * w[i]!)) / (0.7 + w[i]!))).toBeCloseTo(1, 12);
  });
  it('warn when the means do not add up to 1', () => {
    const s = scenarioFrom(withStage('models: { acme-small: 0.9, acme-large: { low: 0.2, high: 0.4 } }\ninput: { user: 1000 }'));
    const shares = s.stages[0]!.models.map((x) => x.share);
    expect(shares[0]).toBeCloseTo(0.75, 15);
    expect(shares[1]).toBeCloseTo(0.25, 15);
    expect(s.warnings.join('\n')).toMatch(/pipeline\.s\.models: with uncertain shares the tier mix is a set of weights.*sum to 1\.2/);
  });
});

describe('the standard error', () => {
  it('is sd / √n', () => {
    const v = Float64Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 1 : 3));
    expect(mean(v)).toBe(2);
    expect(stdError(v)).toBeCloseTo(Math.sqrt(10_000 / 9_999) / 100, 12);
  });
});
