/**
 * Monthly compounding without a per-sample Math.pow, and percentiles by selection, against the
 * definition (src/core/forecast.ts): each path's month-t cost is fixed + (total − fixed) ×
 * (1 + rate)^(t − 1), and each month's bands are the sort-based percentiles of those costs.
 *
 * - A growth rate that is not drawn: the month's multiplier is the point's `(1 + rate) ** (t − 1)`,
 *   worked out once; the forecast equals the definition bit for bit.
 * - A drawn rate: each path multiplies its multiplier by (1 + rate) month by month. V8's Math.pow is
 *   not correctly rounded, so no cheaper computation gives its bits; the product of t − 1 factors
 *   has a relative rounding error of at most (t − 1)·2⁻⁵³, and an order statistic moves no more
 *   than the values under it, so every band is within (t + 1)·2⁻⁵³ relative of the definition's
 *   (the golden CSV moved in the 16th–17th significant digit; the renderers show 4–6).
 */
import { describe, expect, it } from 'vitest';
import { forecastScenario } from '../../src/core/forecast.js';
import { simulate } from '../../src/core/montecarlo.js';
import { percentileSorted } from '../../src/core/percentiles.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';

const OPTS = { samples: 3000, seed: 7, toolVersion: 'test' };
const MONTHS = 36;
const QS = { p10: 0.1, p50: 0.5, p80: 0.8, p90: 0.9, p95: 0.95 } as const;

const base = (growth: string) =>
  withStage(
    'model: acme-small\ninput: { user: 1000 }',
    `costs:\n  - { name: fixed, monthly: 10 }\n  - { name: seats, per_user: 0.5 }\ngrowth: ${growth}`,
    'requests_per_month: { low: 500, high: 1500 }, users: 4',
  );

/** The definition, with Math.pow per path and month and a full sort per band. */
function reference(yaml: string) {
  const s = scenarioFrom(yaml);
  const m = uncertaintyOf(s);
  const sim = simulate(s, m, OPTS);
  const k = m.inputs.findIndex((inp) => inp.path[0] === 'growth');
  const rates = k >= 0 ? sim.draws[k]! : null;
  const months = [];
  for (let t = 1; t <= MONTHS; t++) {
    const cost = new Float64Array(OPTS.samples);
    for (let i = 0; i < cost.length; i++) {
      const mult = (1 + (rates ? rates[i]! : m.growth!.monthlyRate)) ** (t - 1);
      cost[i] = mult === 1 ? sim.total[i]! : sim.fixed[i]! + (sim.total[i]! - sim.fixed[i]!) * mult;
    }
    cost.sort();
    months.push(Object.fromEntries(Object.entries(QS).map(([key, q]) => [key, percentileSorted(cost, q)])));
  }
  return { report: forecastScenario(s, m, OPTS), months };
}

describe('forecast compounding', () => {
  it('a fixed rate: every band equals the pow-and-sort definition bit for bit', () => {
    const { report, months } = reference(base(`{ monthly_rate: 7%, months: ${MONTHS} }`));
    report.months.forEach((mo, t) => {
      for (const key of Object.keys(QS) as (keyof typeof QS)[]) expect(mo.cost[key]).toBe(months[t]![key]);
    });
  });

  it('a drawn rate: every band is within (t + 1)·2⁻⁵³ relative of the pow-and-sort definition', () => {
    const { report, months } = reference(base(`{ monthly_rate: { p50: 5%, p90: 15% }, months: ${MONTHS} }`));
    let worst = 0;
    report.months.forEach((mo, t) => {
      for (const key of Object.keys(QS) as (keyof typeof QS)[]) {
        const want = months[t]![key]!;
        const rel = Math.abs(mo.cost[key] - want) / Math.abs(want);
        worst = Math.max(worst, rel / ((t + 2) * 2 ** -53));
        expect(rel).toBeLessThanOrEqual((t + 2) * 2 ** -53);
      }
    });
    expect(worst).toBeLessThanOrEqual(1);
  });
});
