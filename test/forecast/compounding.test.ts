/**
 * Monthly compounding and percentiles by selection, against the definition (src/core/forecast.ts):
 * each path's month-t cost is fixed + (total − fixed) × (1 + rate)^(t − 1), and each month's bands
 * are the sort-based percentiles of those costs. A rate that is not drawn has the month's multiplier
 * worked out once; a drawn one each path's own. Both equal the definition bit for bit.
 *
 * (Compounding a drawn rate month by month instead of a Math.pow per path and month was tried: it
 * is within (t + 1)·2⁻⁵³ of the power, but V8's Math.pow is not correctly rounded, so no cheaper
 * computation gives its bits, and the changed last bits moved a chart label; see bench/README.md.)
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

  it('a drawn rate: every band equals the pow-and-sort definition bit for bit', () => {
    const { report, months } = reference(base(`{ monthly_rate: { p50: 5%, p90: 15% }, months: ${MONTHS} }`));
    report.months.forEach((mo, t) => {
      for (const key of Object.keys(QS) as (keyof typeof QS)[]) expect(mo.cost[key]).toBe(months[t]![key]);
    });
  });
});
