/** sensitivity: inputs found in the data, bounded moves, ranking by swing. */
import { describe, expect, it } from 'vitest';
import { assignments, moves, numericInputs, runSensitivity } from '../../src/core/sensitivity.js';
import { close, Inline } from './helpers.js';

const S = new Inline(`
version: 1
name: sens
traffic: { requests_per_month: 1000, users: 10 }
pipeline:
  - name: a
    models: { acme-small: 0.75, acme-large: "25%" }
    input: { system: 0, user: 1000 }
    cache: { hit_rate: 0.9 }
    retry_rate: 0.5
    max_retries: 2
    agent_steps: 1
  - name: b
    models: [{ id: acme-small, share: 1, output: 100 }]
costs:
  - { name: db, monthly: 10 }
  - { name: seats, per_user: 2 }
outcomes: { per_request: 0.5, value: 3 }
budget: { monthly: 100 }
`);

function run(delta = 0.2, prices = true) {
  const scenario = S.load();
  return runSensitivity({ scenario, ref: S.ref(), raw: S.raw(), delta, evaluate: (set) => S.total(set), prices, toolVersion: 'test', pricedAsOf: '2026-11-23' });
}

describe('numeric inputs', () => {
  it('every number the file writes that the cost depends on, by dotted path; not budget or outcomes', () => {
    expect(numericInputs(S.raw()).map((i) => `${i.path}:${i.kind}:${i.base}`)).toEqual([
      'traffic.requests_per_month:count:1000',
      'traffic.users:count:10',
      'pipeline.a.models.acme-small:share:0.75',
      'pipeline.a.models.acme-large:share:0.25',
      'pipeline.a.input.system:count:0',
      'pipeline.a.input.user:count:1000',
      'pipeline.a.agent_steps:steps:1',
      'pipeline.a.retry_rate:rate:0.5',
      'pipeline.a.max_retries:whole_number:2',
      'pipeline.a.cache.hit_rate:rate:0.9',
      'pipeline.b.models.acme-small:share:1',
      'pipeline.b.models.acme-small.output:count:100',
      'costs.db.monthly:count:10',
      'costs.seats.per_user:count:2',
    ]);
  });

  it('moves stay within bounds and say so; whole numbers move by whole steps', () => {
    expect(moves('rate', 0.9, 0.2)).toEqual({ low: expect.closeTo(0.72, 12), high: 1, adjusted: ['up move cut at 1 (a rate is at most 1; 0.9 + 20% would be 1.08)'] });
    expect(moves('steps', 1, 0.2)).toMatchObject({ low: 1, high: 1.2, adjusted: ['down move cut at 1 (agent_steps is at least 1; 1 − 20% would be 0.8)'] });
    expect(moves('whole_number', 2, 0.2)).toEqual({ low: 1, high: 3, adjusted: ['whole numbers: 2 moved to 1 and 3'] });
    expect(moves('count', 100, 1.5)).toMatchObject({ low: 0, high: 250, adjusted: ['down move cut at 0 (it cannot be negative; 100 − 150% would be -50)'] });
    expect(moves('count', 100, 0.2)).toEqual({ low: 80, high: 120, adjusted: [] });
  });

  it('a share moves with the rest of its mix rescaled to keep the sum at 1', () => {
    const spec = numericInputs(S.raw()).find((i) => i.path === 'pipeline.a.models.acme-small')!;
    expect(assignments(spec, 0.9)).toEqual(['pipeline.a.models.acme-small=0.9', `pipeline.a.models.acme-large=${0.25 * ((1 - 0.9) / (1 - 0.75))}`]);
  });
});

describe('runSensitivity', () => {
  const r = run();
  const get = (path: string) => r.inputs.find((i) => i.path === path)!;
  it('traffic moves every per-request cost: swing = 0.4 × the traffic-driven cost', () => {
    const perRequest = r.scenario_total_monthly_cost - 10 - 20; // db and seats do not scale with requests
    expect(get('traffic.requests_per_month').swing).toBeCloseTo(0.4 * perRequest, 9);
    // a: 1,000 × 1.75 attempts × (0.75 × 1,000 × $1 + 0.25 × 1,000 × $10)/1e6 = $5.6875; b: 1,000 × 100 × $4/1e6 = $0.40
    expect(perRequest).toBeCloseTo(6.0875, 12);
    expect(r.inputs[0]!.path).toBe('costs.seats.per_user'); // ±20% of $20 beats ±20% of $6.09
  });
  it('is ranked by swing, largest first', () => {
    for (let i = 1; i < r.inputs.length; i++) expect(r.inputs[i - 1]!.swing).toBeGreaterThanOrEqual(r.inputs[i]!.swing);
  });
  it('reports cuts and rounding next to the input', () => {
    expect(get('pipeline.a.max_retries')).toMatchObject({ low: 1, high: 3, adjusted: ['whole numbers: 2 moved to 1 and 3'] });
    // the cache does not apply to a 0-token prefix: the hit rate changes nothing
    expect(r.unmoved).toContainEqual({ path: 'pipeline.a.cache.hit_rate', reason: 'moving it leaves the monthly cost unchanged' });
    expect(r.unmoved).toContainEqual({ path: 'pipeline.a.input.system', reason: 'it is 0 in the scenario, and a relative move leaves it at 0' });
    expect(r.unmoved).toContainEqual({ path: 'pipeline.b.models.acme-small', reason: 'the only model with a share in its mix: its share stays 1' });
    expect(get('pipeline.a.agent_steps')).toMatchObject({ low: 1, high: 1.2, adjusted: ['down move cut at 1 (agent_steps is at least 1; 1 − 20% would be 0.8)'] });
    expect(get('pipeline.a.agent_steps').low_cost).toBeCloseTo(r.scenario_total_monthly_cost, 12);
  });
  it('line items and model prices are inputs too', () => {
    expect(get('costs.seats.per_user').swing).toBeCloseTo(8, 12); // 10 users × 2 × ±20%
    expect(get('costs.db.monthly').swing).toBeCloseTo(4, 12);
    const large = get('price:acme/acme-large');
    expect(large).toMatchObject({ kind: 'price', base: 1, low: 0.8, high: 1.2 });
    const largeCost = S.estimate().stages[0]!.models[1]!.monthly_cost;
    expect(large.swing).toBeCloseTo(0.4 * largeCost, 9);
    expect(run(0.2, false).inputs.some((i) => i.kind === 'price')).toBe(false);
  });
  it('low and high costs are the scenario evaluated with the input moved', () => {
    const i = get('pipeline.a.retry_rate');
    expect(close(i.low_cost, S.total(['pipeline.a.retry_rate=0.4']))).toBe(true);
    expect(close(i.high_cost, S.total(['pipeline.a.retry_rate=0.6']))).toBe(true);
  });
});
