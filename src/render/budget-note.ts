/** How the estimate and diff renderers state a budget: the judged figure with its own share (docs/uncertainty.md). Pure. */
import type { ScenarioReport } from '../schema/report.js';
import type { ScenarioDiff } from '../schema/diff-report.js';
import { money, percent } from './format.js';

/**
 * The share of the budget an estimate shows: "110.9% of $12,500.00", or, when the budget is judged
 * at a percentile (`budget.at`) and the scenario has distributions, that figure with its own share:
 * "P80 $13,864.41 = 110.9% of $12,500.00" (budget.status and budget.used are judged on that bill,
 * not on the total shown above, so the two are never paired).
 */
export function budgetShare(s: ScenarioReport): string {
  const b = s.budget!;
  const judged = s.uncertainty?.budget;
  const share = `${percent(b.used)} of ${money(b.monthly, s.currency)}`;
  return judged?.at ? `${judged.at.toUpperCase()} ${money(judged.judged_cost, s.currency)} = ${share}` : share;
}

/**
 * "P80 $187,000.00 = 124.7% of $150,000.00", or "monthly cost $94,091.89 = 62.7% of $150,000.00":
 * the figure a diff's budget is judged on, with its own share of the budget (never the point
 * estimate beside a percentile's share).
 */
export function budgetFigure(b: NonNullable<ScenarioDiff['budget_after']>, currency: string): string {
  return `${b.at ? b.at.toUpperCase() : 'monthly cost'} ${money(b.judged, currency)} = ${percent(b.used)} of ${money(b.monthly, currency)}`;
}
