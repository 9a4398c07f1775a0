/** Month-by-month forecast: growth, fixed versus volume costs, bands, cumulative spend, budget crossing. */
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { forecastScenario, monthLabel } from '../../src/core/forecast.js';
import { simulate } from '../../src/core/montecarlo.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';

const OPTS = { samples: 4000, seed: 1, toolVersion: 'test' };

// 1000 requests/month × 1000 tokens × $1/1M = $1 of tokens, + $10 monthly, + $0.5 per user (4 users) = $13
const base = (extra: string, traffic = 'requests_per_month: 1000, users: 4') =>
  withStage('model: acme-small\ninput: { user: 1000 }', `costs:\n  - { name: fixed, monthly: 10 }\n  - { name: seats, per_user: 0.5 }\n${extra}`, traffic);

function forecast(yaml: string) {
  const s = scenarioFrom(yaml);
  return forecastScenario(s, uncertaintyOf(s), OPTS);
}

describe('growth without uncertainty: one deterministic path', () => {
  it('compound monthly rate: requests and users grow, monthly line items stay fixed', () => {
    const r = forecast(base('growth: { monthly_rate: 10%, months: 3 }'));
    expect(r.samples).toBe(0);
    expect(r.months.map((m) => m.point_cost)).toEqual([13, 10 + 3 * 1.1, 10 + 3 * 1.1 ** 2]);
    expect(r.months[2]!.requests.p50).toBeCloseTo(1210, 9);
    expect(r.months.map((m) => m.cost.p10)).toEqual(r.months.map((m) => m.point_cost));
    expect(r.months.map((m) => m.cost.p90)).toEqual(r.months.map((m) => m.point_cost));
    expect(r.point_total).toBeCloseTo(13 + 13.3 + 13.63, 9);
    expect(r.total.p50).toBeCloseTo(r.point_total, 9);
    expect(r.warnings).toEqual([]);
  });
  it('adoption curve: each month’s volume is the base × its multiplier', () => {
    const r = forecast(base('growth: { curve: [0.5, 1, 2.5] }'));
    expect(r.growth).toEqual({ kind: 'curve', monthly_rate: null, curve: [0.5, 1, 2.5], months: 3, start: null });
    expect(r.months.map((m) => m.point_cost)).toEqual([10 + 1.5, 13, 10 + 7.5]);
    expect(r.months.map((m) => m.cumulative.p50)).toEqual([11.5, 24.5, 42]);
  });
  it('no growth block: flat for 12 months, with a warning that says how to add growth', () => {
    const r = forecast(base(''));
    expect(r.months).toHaveLength(12);
    expect(new Set(r.months.map((m) => m.point_cost))).toEqual(new Set([estimateScenario(scenarioFrom(base(''))).total_monthly_cost]));
    expect(r.warnings[0]).toMatch(/no growth block, so volume is held flat for 12 months \(add growth: \{ monthly_rate: 5%, months: 18 \}\)/);
  });
  it('the month a budget is crossed, and the month it reaches its alert level', () => {
    const r = forecast(base('budget: { monthly: 14, alert_at: 0.95 }\ngrowth: { monthly_rate: 10%, months: 6, start: 2025-11 }'));
    // 13, 13.3, 13.63, 13.993, 14.39… → alert (≥ 13.3) in month 2, over (> 14) in month 5
    expect(r.budget).toEqual({ monthly: 14, alert_at: 0.95, at: null, over_month: 5, over_label: '2026-03', alert_month: 2, alert_label: '2025-12' });
    expect(r.months.map((m) => m.over_budget_probability)).toEqual([0, 0, 0, 0, 1, 1]);
  });
  it('labels: M1… without a start month, calendar months across a year end with one', () => {
    expect([1, 2, 12].map((t) => monthLabel(null, t))).toEqual(['M1', 'M2', 'M12']);
    expect([1, 2, 3, 15].map((t) => monthLabel('2025-11', t))).toEqual(['2025-11', '2025-12', '2026-01', '2027-01']);
  });
});

describe('growth with uncertainty: bands', () => {
  const yaml = base('budget: { monthly: 15, at: p80 }\ngrowth: { monthly_rate: { p50: 5%, p90: 15% }, months: 12 }', 'requests_per_month: { low: 500, high: 1500 }, users: 4');
  const s = scenarioFrom(yaml);
  const r = forecastScenario(s, uncertaintyOf(s), OPTS);

  it('month 1 is the estimate’s distribution; growth widens the band month by month', () => {
    const sim = simulate(s, uncertaintyOf(s), OPTS);
    const sorted = Float64Array.from(sim.total).sort();
    expect(r.months[0]!.cost.p50).toBe((sorted[1999]! + sorted[2000]!) / 2);
    expect(r.months[0]!.point_cost).toBe(estimateScenario(s).total_monthly_cost);
    for (const m of r.months) {
      expect(m.cost.p10).toBeLessThanOrEqual(m.cost.p50);
      expect(m.cost.p50).toBeLessThanOrEqual(m.cost.p90);
    }
    const width = (i: number) => r.months[i]!.cost.p90 - r.months[i]!.cost.p10;
    expect(width(11)).toBeGreaterThan(width(0) * 1.5);
  });
  it('cumulative spend is summed along each path, not from the monthly percentiles', () => {
    for (let i = 1; i < r.months.length; i++) expect(r.months[i]!.cumulative.p50).toBeGreaterThan(r.months[i - 1]!.cumulative.p50);
    const sumOfP90 = r.months.reduce((a, m) => a + m.cost.p90, 0);
    expect(r.total.p90).toBeLessThan(sumOfP90); // paths are not all at their own P90 every month
    expect(r.total).toEqual(r.months[11]!.cumulative);
  });
  it('the budget is judged at its percentile, and the chance of going over rises with volume', () => {
    const over = r.budget!.over_month!;
    expect(over).toBeGreaterThan(1);
    expect(r.months[over - 1]!.cost.p80).toBeGreaterThan(15);
    expect(r.months[over - 2]!.cost.p80).toBeLessThanOrEqual(15);
    const p = r.months.map((m) => m.over_budget_probability!);
    expect(p[11]!).toBeGreaterThan(p[0]!);
  });
  it('is deterministic by seed', () => {
    expect(forecastScenario(s, uncertaintyOf(s), OPTS)).toEqual(r);
    expect(forecastScenario(s, uncertaintyOf(s), { ...OPTS, seed: 2 }).months[5]!.cost.p50).not.toBe(r.months[5]!.cost.p50);
  });
});

describe('chart axes', () => {
  it('nice ticks from 0 past the largest value, in steps of 1, 2, 2.5 or 5 × 10^k', async () => {
    const { niceTicks } = await import('../../src/render/html.js');
    expect(niceTicks(0, 113_945)).toEqual([0, 25_000, 50_000, 75_000, 100_000, 125_000]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0)).toEqual([0, 0.2]);
    expect(niceTicks(0, 1e-320).length).toBeLessThanOrEqual(16);
  });
});
