/**
 * Forecast bands read at the ranks of the simulated columns (src/core/forecast.ts, percentiles.ts
 * `summarizeMapped`) equal the definition bit for bit: each month priced at its date, each path's
 * cost fixed + (total − fixed) × multiplier added to its cumulative cost, and every month's
 * requests, cost and cumulative cost summarised by a full sort. Covered: prices that change within
 * the horizon (one of which no sample reaches: the same totals, read at the same ranks), an
 * adoption curve, a fixed cost that is drawn (no shortcut), a
 * drawn growth rate (each path its own multiplier), many zero costs (the shortcut's ±0 fallback),
 * and long columns (selection instead of sorting).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forecastScenario } from '../../src/core/forecast.js';
import type { Scenario } from '../../src/core/model.js';
import { simulate, type UncertaintyModel } from '../../src/core/montecarlo.js';
import { summarizeInPlace } from '../../src/core/percentiles.js';
import { monthPricingDate, repriceScenario } from '../../src/core/prices-at.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { loadScenario } from '../../src/load/scenario.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';

const scenarioFile = (name: string): string => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

/** The definition: a simulation per month at its prices, the month's columns, a sort per band. */
function definition(s: Scenario, m: UncertaintyModel, samples: number, seed: number) {
  const g = m.growth!;
  const first = simulate(s, m, { samples, seed });
  const rate = m.inputs.findIndex((inp) => inp.path[0] === 'growth' && inp.path[1] === 'monthly_rate');
  const cumulative = new Float64Array(samples);
  const months = [];
  for (let t = 1; t <= g.months; t++) {
    const priced = simulate(repriceScenario(s, monthPricingDate(g.start, s.pricedAsOf, t)), m, { samples, seed });
    const cost = new Float64Array(samples);
    const requests = new Float64Array(samples);
    for (let i = 0; i < samples; i++) {
      const mult =
        g.kind === 'rate' ? (1 + (rate >= 0 ? first.draws[rate]![i]! : g.monthlyRate)) ** (t - 1) : g.kind === 'curve' ? g.curve![t - 1]! : 1;
      const c = mult === 1 ? priced.total[i]! : priced.fixed[i]! + (priced.total[i]! - priced.fixed[i]!) * mult;
      cost[i] = c;
      cumulative[i]! += c;
      requests[i] = first.requests[i]! * mult;
    }
    months.push({ requests: summarizeInPlace(requests), cost: summarizeInPlace(Float64Array.from(cost)), cumulative: summarizeInPlace(Float64Array.from(cumulative)) });
  }
  return months;
}

function expectDefinition(s: Scenario, samples = 4000, seed = 5): void {
  const m = uncertaintyOf(s);
  const report = forecastScenario(s, m, { samples, seed, toolVersion: 'test' });
  const want = definition(s, m, samples, seed);
  expect(report.months).toHaveLength(want.length);
  report.months.forEach((mo, t) => {
    // toEqual compares numbers with Object.is: −0 and +0 differ, as bits do
    expect(mo.requests).toEqual(want[t]!.requests);
    expect(mo.cost).toEqual(want[t]!.cost);
    expect(mo.cumulative).toEqual(want[t]!.cumulative);
  });
}

describe('forecast bands read at ranks equal the sort of every month', () => {
  it('the README example: an adoption curve and prices that change within the year', () => {
    const s = loadScenario(scenarioFile('coding-agent-growth.yaml'));
    const m = uncertaintyOf(s);
    const pointTotals = new Set(Array.from({ length: 12 }, (_, i) => simulate(repriceScenario(s, monthPricingDate('2026-01', s.pricedAsOf, i + 1)), m, { samples: 1, seed: 1 }).point.total));
    expect(pointTotals.size).toBeGreaterThan(1);
    // April's price change (a long-context tier dropped) reaches no sample: its totals are January's
    // bit for bit, which the forecast reads at January's ranks (the cumulative too) — checked here
    const at = (month: number) => simulate(repriceScenario(s, monthPricingDate('2026-01', s.pricedAsOf, month)), m, { samples: 4000, seed: 5 }).total;
    expect(Buffer.from(at(4).buffer).equals(Buffer.from(at(1).buffer))).toBe(true);
    expect(Buffer.from(at(8).buffer).equals(Buffer.from(at(1).buffer))).toBe(false);
    expectDefinition(s);
  });

  it('a drawn fixed cost (the fixed column differs between samples: every month sorted)', () => {
    expectDefinition(loadScenario(scenarioFile('coding-agent-growth.yaml'), { set: ['costs.observability.monthly={ low: 100, high: 500 }'] }));
  });

  it('a drawn growth rate (each path its own multiplier)', () => {
    expectDefinition(loadScenario(scenarioFile('rag-support-uncertain.yaml')));
  });

  it('a fixed rate over 70,000 samples (selection, not sorting, on both sides)', () => {
    expectDefinition(loadScenario(scenarioFile('rag-support-uncertain.yaml'), { set: ['growth.monthly_rate=3%', 'growth.months=4'] }), 70_000, 2);
  });

  it('every sample costs exactly 0 (a percentile reads ±0: those bands are sorted)', () => {
    const s = scenarioFrom(withStage('model: acme-small\ninput: { user: 100 }\noutput: 10', 'growth: { monthly_rate: 5%, months: 6 }', 'requests_per_month: { min: 0, mode: 0, max: 0 }'));
    const m = uncertaintyOf(s);
    const report = forecastScenario(s, m, { samples: 4000, seed: 3, toolVersion: 'test' });
    expect(report.months[0]!.cost.p10).toBe(0);
    expectDefinition(s);
  });
});
