/** sweep: value lists, ranges, points, and the budget crossing by bisection. */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { numericValue, parseRange, runSweep, type SweepParamSpec } from '../../src/core/sweep.js';
import { readPath } from '../../src/core/whatif.js';
import { InputError } from '../../src/errors.js';
import { scenarioKeysAt } from '../../src/load/scenario.js';
import { close, Inline } from './helpers.js';

function sweep(s: Inline, params: { path: string; values: unknown[] }[], budget?: number) {
  const specs: SweepParamSpec[] = params.map((p) => {
    const r = readPath(s.raw(), p.path, scenarioKeysAt);
    return { path: p.path, values: p.values, scenarioValue: r.ok ? r.value : undefined };
  });
  return runSweep({
    scenario: s.ref(),
    base: s.estimate(),
    params: specs,
    evaluate: (values) => s.estimate(values.map((v, i) => `${specs[i]!.path}=${String(v)}`)),
    budget,
    toolVersion: 'test',
    pricedAsOf: '2026-11-23',
  });
}

// 1,000 × $1/1e6 per input token: cost = requests × 0.001 + $100 fixed
const LINEAR = new Inline(`
version: 1
name: linear
traffic: { requests_per_month: 1000 }
pipeline:
  - { name: s, model: acme-small, input: { user: 1000 } }
costs: [{ name: fixed, monthly: 100 }]
budget: { monthly: 150 }
`);

describe('values and ranges', () => {
  it('from:to:steps gives steps + 1 values, ends included, percents allowed', () => {
    expect(parseRange('0:1:4')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(parseRange('10%:30%:2')).toEqual([0.1, 0.2, 0.3]);
    expect(parseRange('0:0.3:3')).toEqual([0, 0.1, 0.2, 0.3]); // no 0.30000000000000004
    expect(parseRange('5:1:2')).toEqual([5, 3, 1]);
    expect(() => parseRange('0:1')).toThrow(InputError);
    expect(() => parseRange('0:1:0')).toThrow(/whole number from 1/);
    expect(() => parseRange('a:1:2')).toThrow(/not a number/);
  });
  it('numeric values: numbers and percent strings', () => {
    expect(numericValue(3)).toBe(3);
    expect(numericValue('35%')).toBeCloseTo(0.35, 15);
    expect(numericValue('acme-small')).toBeNull();
  });
});

describe('runSweep', () => {
  it('prices each value, with the delta against the scenario', () => {
    const r = sweep(LINEAR, [{ path: 'traffic.requests_per_month', values: [0, 1000, 50000] }]);
    expect(r.points.map((p) => p.total_monthly_cost)).toEqual([100, 101, 150]);
    expect(r.points.map((p) => p.delta)).toEqual([-1, 0, 49]);
    expect(r.points.map((p) => p.budget_status)).toEqual(['ok', 'ok', 'alert']);
    expect(r.params[0]).toMatchObject({ numeric: true, scenario_value: 1000 });
  });

  it('finds the budget crossing of a linear cost exactly', () => {
    // 100 + R × 0.001 = 150 → R = 50,000
    const r = sweep(LINEAR, [{ path: 'traffic.requests_per_month', values: [0, 40000, 80000] }]);
    expect(r.crossings).toHaveLength(1);
    const c = r.crossings[0]!;
    expect(c).toMatchObject({ kind: 'continuous', direction: 'rises_above', between: [40000, 80000] });
    expect(c.value).toBeCloseTo(50000, 3);
    expect(r.budget).toEqual({ monthly: 150, source: 'scenario' });
  });

  it('--budget replaces the scenario budget; a falling cost crosses downwards', () => {
    // cost = 100 + 1,000 × (1 − rc) × 0.001 … response cache from 0 to 1: 101 → 100; budget 100.5 at rc = 0.5
    const r = sweep(LINEAR, [{ path: 'pipeline.s.response_cache_hit_rate', values: [0, 0.25, 1] }], 100.5);
    expect(r.budget).toEqual({ monthly: 100.5, source: '--budget' });
    expect(r.crossings[0]).toMatchObject({ direction: 'falls_below', kind: 'continuous' });
    expect(r.crossings[0]!.value).toBeCloseTo(0.5, 8);
  });

  it('says when the budget is not crossed, and without a budget reports no crossing', () => {
    const r = sweep(LINEAR, [{ path: 'traffic.requests_per_month', values: [0, 1000] }]);
    expect(r.crossings).toEqual([]);
    expect(r.budget_notes).toEqual(['the budget is not crossed within the swept range: every point is within it']);
    const { budget: _drop, ...noBudget } = LINEAR.raw();
    const nb = new Inline(stringify(noBudget));
    const r2 = sweep(nb, [{ path: 'traffic.requests_per_month', values: [0, 1e9] }]);
    expect(r2.budget).toBeNull();
    expect(r2.crossings).toEqual([]);
  });

  it('a cost that steps across the budget (cache minimum) is a jump; a non-monotone cost is flagged', () => {
    // acme-small caches prefixes from 1,024 tokens: below, system × $1/1e6; from 1,024, × $0.10/1e6 (hit rate 1)
    const s = new Inline(`
version: 1
name: jump
traffic: { requests_per_month: 1000000 }
pipeline:
  - { name: s, model: acme-small, input: { system: 500 }, cache: { hit_rate: 1 } }
budget: { monthly: 700 }
`);
    const r = sweep(s, [{ path: 'pipeline.s.input.system', values: [0, 500, 1000, 1500, 2000] }]);
    expect(r.points.map((p) => Math.round(p.total_monthly_cost))).toEqual([0, 500, 1000, 150, 200]);
    expect(r.crossings).toHaveLength(2);
    expect(r.crossings[0]).toMatchObject({ kind: 'continuous', direction: 'rises_above' });
    expect(r.crossings[0]!.value).toBeCloseTo(700, 5);
    expect(r.crossings[1]).toMatchObject({ kind: 'jump', direction: 'falls_below', between: [1000, 1500] });
    expect(r.crossings[1]!.value).toBeCloseTo(1024, 5);
    expect(r.crossings[1]!.costs[0]).toBeCloseTo(1024, 3);
    expect(r.crossings[1]!.costs[1]).toBeCloseTo(102.4, 3);
    expect(r.budget_notes.join(' ')).toMatch(/not monotone/);
  });

  it('a whole-number parameter is searched on whole values', () => {
    // attempts = Σ 0.5^k: 1, 1.5, 1.75, 1.875 → cost 1,000, 1,500, 1,750, 1,875 (1M requests × 1,000 tokens × $1/1e6)
    const s = new Inline(`
version: 1
name: retries
traffic: { requests_per_month: 1000 }
pipeline:
  - { name: s, model: acme-small, input: { user: 1000000 }, retry_rate: 0.5, max_retries: 0 }
budget: { monthly: 1700 }
`);
    const r = sweep(s, [{ path: 'pipeline.s.max_retries', values: [0, 4] }]);
    expect(r.crossings).toHaveLength(1);
    expect(r.crossings[0]).toMatchObject({ kind: 'whole_number', value: 2, direction: 'rises_above' });
    expect(r.crossings[0]!.costs[0]).toBeCloseTo(1500, 6);
    expect(r.crossings[0]!.costs[1]).toBeCloseTo(1750, 6);
  });

  it('a grid prices every pair and finds a crossing per series; categorical values are listed', () => {
    const r = sweep(LINEAR, [
      { path: 'traffic.requests_per_month', values: [0, 100000] },
      { path: 'pipeline.s.model', values: ['acme-small', 'acme-large'] },
    ]);
    expect(r.points.map((p) => [p.values, Math.round(p.total_monthly_cost)])).toEqual([
      [[0, 'acme-small'], 100],
      [[0, 'acme-large'], 100],
      [[100000, 'acme-small'], 200],
      [[100000, 'acme-large'], 1100],
    ]);
    expect(r.crossings.map((c) => [c.series, Math.round(c.value)])).toEqual([['acme-small', 50000], ['acme-large', 5000]]);
    const cat = sweep(LINEAR, [{ path: 'pipeline.s.model', values: ['acme-small', 'acme-large'] }], 101.5);
    expect(cat.params[0]!.numeric).toBe(false);
    expect(cat.budget_notes).toEqual(['over budget: acme-large']);
  });

  it('a path that names nothing, or a value the scenario rejects, is an input error', () => {
    expect(() => sweep(LINEAR, [{ path: 'pipeline.s.ouput', values: [1] }])).toThrow(InputError);
    expect(() => sweep(LINEAR, [{ path: 'pipeline.s.retry_rate', values: [2] }])).toThrow(/at most 1/);
  });

  it('property: the sweep at the scenario\'s own value equals its estimate', () => {
    const paths = ['traffic.requests_per_day', 'pipeline.s.cache.hit_rate', 'pipeline.s.input.context', 'pipeline.s.models.acme-small', 'pipeline.s.agent_steps', 'costs.db.per_request'] as const;
    fc.assert(
      fc.property(
        fc.record({
          rpd: fc.integer({ min: 0, max: 200000 }),
          hit: fc.double({ min: 0, max: 1, noNaN: true }),
          context: fc.integer({ min: 0, max: 200000 }),
          small: fc.double({ min: 0, max: 1, noNaN: true }),
          steps: fc.double({ min: 1, max: 20, noNaN: true }),
          perRequest: fc.double({ min: 0, max: 0.1, noNaN: true }),
          path: fc.constantFrom(...paths),
          other: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        (a) => {
          const s = new Inline(
            stringify({
              version: 1,
              name: 'prop',
              traffic: { requests_per_day: a.rpd },
              pipeline: [{ name: 's', models: { 'acme-small': a.small, 'acme-large': 1 - a.small }, agent_steps: a.steps, context_growth_per_step: 300, input: { system: 1500, context: a.context, user: 50 }, output: 200, cache: { hit_rate: a.hit } }],
              costs: [{ name: 'db', per_request: a.perRequest }],
            }),
          );
          const own = readPath(s.raw(), a.path, scenarioKeysAt);
          if (!own.ok) return false;
          const r = sweep(s, [{ path: a.path, values: [own.value] }]);
          return close(r.points[0]!.total_monthly_cost, s.estimate().total_monthly_cost, 0) && r.points[0]!.delta === 0;
        },
      ),
      { numRuns: 60 },
    );
  });
});
