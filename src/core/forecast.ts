/**
 * Month-by-month forecast with growth and uncertainty bands. Each Monte Carlo path draws the
 * uncertain inputs once (and the growth rate or curve), then runs through the months: volume grows,
 * the monthly and tokens_per_month line items stay fixed, everything else scales with volume.
 * Pure: no I/O. See docs/forecast.md.
 */
import {
  FORECAST_SCHEMA_VERSION,
  type ForecastBudgetReport,
  type ForecastMonth,
  type ForecastReport,
} from '../schema/uncertainty-report.js';
import { mean, shareAbove, summarizeSorted, type Summary } from './distributions.js';
import type { Scenario } from './model.js';
import { inputReports, sampleOverflow, simulate, type GrowthModel, type SimulationOptions, type UncertaintyModel } from './montecarlo.js';

/** Months forecast when the scenario has no growth block. */
export const DEFAULT_HORIZON = 12;

export interface ForecastOptions extends SimulationOptions {
  toolVersion: string;
}

/** `M3`, or the calendar month (YYYY-MM) when the growth block gives `start`. `month` is 1-based. */
export function monthLabel(start: string | null, month: number): string {
  if (!start) return `M${month}`;
  const [y, m] = start.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + (month - 1);
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** Volume multiplier of month `month` (1-based) for growth rate `rate` or curve value. */
function multiplier(g: GrowthModel, month: number, rate: number, curveValue: number): number {
  if (g.kind === 'rate') return (1 + rate) ** (month - 1);
  if (g.kind === 'curve') return curveValue;
  return 1;
}

function summarizeInPlace(values: Float64Array): Summary {
  const m = mean(values);
  return summarizeSorted(Float64Array.from(values).sort(), m);
}

export function forecastScenario(s: Scenario, m: UncertaintyModel, opts: ForecastOptions): ForecastReport {
  const g: GrowthModel = m.growth ?? { kind: 'flat', monthlyRate: 0, curve: null, months: DEFAULT_HORIZON, start: null };
  const uncertain = m.inputs.length > 0;
  const n = uncertain ? opts.samples : 1;
  const sim = simulate(s, m, { samples: n, seed: opts.seed });
  for (let i = 0; i < n; i++) if (!Number.isFinite(sim.total[i]!)) throw sampleOverflow(s, m, sim.total[i]!);

  const rateDraws = m.inputs.findIndex((inp) => inp.path[0] === 'growth' && inp.path[1] === 'monthly_rate');
  const curveDraws = new Map<number, Float64Array>();
  m.inputs.forEach((inp, k) => {
    if (inp.path[0] === 'growth' && inp.path[1] === 'curve' && typeof inp.path[2] === 'number') curveDraws.set(inp.path[2], sim.draws[k]!);
  });
  const rates = rateDraws >= 0 ? sim.draws[rateDraws]! : null;

  const cost = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const requests = new Float64Array(n);
  const budget = s.budget;
  const months: ForecastMonth[] = [];
  let pointCumulative = 0;
  for (let t = 1; t <= g.months; t++) {
    const curvePoint = g.curve?.[t - 1] ?? 1;
    const curveCol = curveDraws.get(t - 1);
    for (let i = 0; i < n; i++) {
      const mult = multiplier(g, t, rates ? rates[i]! : g.monthlyRate, curveCol ? curveCol[i]! : curvePoint);
      const total = sim.total[i]!;
      const fixed = sim.fixed[i]!;
      const c = mult === 1 ? total : fixed + (total - fixed) * mult;
      cost[i] = c;
      cumulative[i]! += c;
      requests[i] = sim.requests[i]! * mult;
    }
    const pm = multiplier(g, t, g.monthlyRate, curvePoint);
    const pc = pm === 1 ? sim.point.total : sim.point.fixed + (sim.point.total - sim.point.fixed) * pm;
    pointCumulative += pc;
    months.push({
      month: t,
      label: monthLabel(g.start, t),
      requests: summarizeInPlace(requests),
      cost: summarizeInPlace(cost),
      point_cost: pc,
      cumulative: summarizeInPlace(cumulative),
      point_cumulative: pointCumulative,
      over_budget_probability: budget ? shareAbove(cost, budget.monthly) : null,
    });
  }

  let budgetReport: ForecastBudgetReport | null = null;
  if (budget) {
    const at = m.budgetAt;
    const judged = (mo: ForecastMonth): number => (at ? mo.cost[at] : mo.point_cost);
    const over = months.find((mo) => judged(mo) > budget.monthly) ?? null;
    const alert = months.find((mo) => judged(mo) >= budget.alertAt * budget.monthly) ?? null;
    budgetReport = {
      monthly: budget.monthly,
      alert_at: budget.alertAt,
      at,
      over_month: over?.month ?? null,
      over_label: over?.label ?? null,
      alert_month: alert?.month ?? null,
      alert_label: alert?.label ?? null,
    };
  }

  const warnings = [...s.warnings];
  if (!m.growth) warnings.push(`the scenario has no growth block, so volume is held flat for ${DEFAULT_HORIZON} months (add growth: { monthly_rate: 5%, months: 18 })`);
  const last = months[months.length - 1]!;
  return {
    schema_version: FORECAST_SCHEMA_VERSION,
    tool_version: opts.toolVersion,
    name: s.name,
    file: s.file,
    variant: s.variant,
    currency: s.currency,
    samples: uncertain ? n : 0,
    seed: opts.seed,
    growth: {
      kind: g.kind,
      monthly_rate: g.kind === 'rate' ? g.monthlyRate : null,
      curve: g.curve,
      months: g.months,
      start: g.start,
    },
    inputs: inputReports(m),
    budget: budgetReport,
    months,
    total: last.cumulative,
    point_total: last.point_cumulative,
    warnings: [...new Set(warnings)],
  };
}
