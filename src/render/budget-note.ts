/** The note the estimate renderers add to a budget judged at a percentile (docs/uncertainty.md). Pure. */
import type { ScenarioReport } from '../schema/report.js';
import { money } from './format.js';

/**
 * ", judged on the P80 bill of $24,661.19" when the budget names a percentile (`budget.at`) and the
 * scenario has distributions, else ''. The estimate renderers append it to their budget line, since
 * `budget.status` and `budget.used` are then judged on that bill rather than the total shown above.
 */
export function budgetJudgedNote(s: ScenarioReport): string {
  const b = s.uncertainty?.budget;
  return b?.at ? `, judged on the ${b.at.toUpperCase()} bill of ${money(b.judged_cost, s.currency)}` : '';
}
