/** The note the estimate renderers add to a budget judged at a percentile (docs/uncertainty.md). Pure. */
import type { ScenarioReport } from '../schema/report.js';
import type { ScenarioDiff } from '../schema/diff-report.js';
import { money, percent } from './format.js';

/**
 * ", judged on the P80 bill of $24,661.19" when the budget names a percentile (`budget.at`) and the
 * scenario has distributions, else ''. The estimate renderers append it to their budget line, since
 * `budget.status` and `budget.used` are then judged on that bill rather than the total shown above.
 */
export function budgetJudgedNote(s: ScenarioReport): string {
  const b = s.uncertainty?.budget;
  return b?.at ? `, judged on the ${b.at.toUpperCase()} bill of ${money(b.judged_cost, s.currency)}` : '';
}

/**
 * "P80 $187,000.00 = 124.7% of $150,000.00", or "monthly cost $94,091.89 = 62.7% of $150,000.00":
 * the figure a diff's budget is judged on, with its own share of the budget (never the point
 * estimate beside a percentile's share).
 */
export function budgetFigure(b: NonNullable<ScenarioDiff['budget_after']>, currency: string): string {
  return `${b.at ? b.at.toUpperCase() : 'monthly cost'} ${money(b.judged, currency)} = ${percent(b.used)} of ${money(b.monthly, currency)}`;
}
