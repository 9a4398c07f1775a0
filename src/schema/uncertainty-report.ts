/**
 * Report shapes for uncertainty: the `uncertainty` block of a scenario in the estimate report, and
 * the forecast report (`aifinops forecast --format json`). Keys are snake_case; every field is
 * always present (null where not applicable); numbers are unrounded. See docs/uncertainty.md and
 * docs/forecast.md.
 */
import type { BudgetStatus } from './report.js';

export const FORECAST_SCHEMA_VERSION = 1;

/** Mean and percentiles of a quantity over the Monte Carlo samples. */
export interface Summary {
  mean: number;
  p10: number;
  p50: number;
  p80: number;
  p90: number;
  p95: number;
}

export type BudgetPercentile = 'p50' | 'p80' | 'p95';

/** One uncertain input as the scenario gives it. */
export interface InputReport {
  /** Dotted path, stages and line items by name: `pipeline.answer.cache.hit_rate`. */
  path: string;
  distribution: 'log-normal' | 'triangular' | 'normal' | 'uniform';
  /** As written (percent strings converted): { p50, p90 } / { min, mode, max } / { mean, sd } / { low, high }. */
  parameters: Record<string, number>;
  /** The value the deterministic estimate uses: the distribution's mean as sampled. */
  point: number;
  /** The field's valid range the distribution is truncated to (null: unbounded on that side). */
  range: { min: number | null; max: number | null };
  /** Share of the untruncated distribution inside the range (1: nothing cut off). */
  mass_kept: number;
}

export interface UncertaintyBudgetReport {
  monthly: number;
  alert_at: number;
  /** `budget.at`, or null: judged on the point estimate. */
  at: BudgetPercentile | null;
  /** The monthly cost the status is judged on: that percentile, or the point estimate. */
  judged_cost: number;
  status: BudgetStatus;
  /** judged_cost / monthly. */
  used: number;
  /** Share of samples whose monthly cost is above the budget. */
  overrun_probability: number;
}

/** `scenarios[].uncertainty` in the estimate report: null when no input of the monthly cost is uncertain. */
export interface UncertaintyReport {
  samples: number;
  seed: number;
  /** How an uncertain input enters the deterministic estimate: always its mean. */
  point: 'mean';
  inputs: InputReport[];
  monthly_cost: Summary;
  /** Standard error of `monthly_cost.mean` (Monte Carlo noise). */
  monthly_cost_std_error: number;
  /** Null when some sample has no requests (the ratio is undefined). */
  cost_per_request: Summary | null;
  /** Null without traffic.users. */
  cost_per_user: Summary | null;
  /** Null without outcomes. */
  cost_per_outcome: Summary | null;
  /** Null without outcomes.value. */
  net_value: Summary | null;
  budget: UncertaintyBudgetReport | null;
}

export interface ForecastMonth {
  /** 1-based. */
  month: number;
  /** YYYY-MM when growth.start is given, else M1, M2, … */
  label: string;
  /** The day the month is priced on: the first day of its calendar month (docs/forecast.md). */
  priced_as_of: string;
  requests: Summary;
  cost: Summary;
  /** The deterministic path: point inputs and point growth. */
  point_cost: number;
  /** Spend from month 1 to this month, per sample path. */
  cumulative: Summary;
  point_cumulative: number;
  /** Share of sample paths whose cost this month is above the monthly budget; null without a budget. */
  over_budget_probability: number | null;
}

export interface ForecastBudgetReport {
  monthly: number;
  alert_at: number;
  at: BudgetPercentile | null;
  /** First month whose judged cost (the percentile `at`, else the point path) is above the budget; null: never within the horizon. */
  over_month: number | null;
  over_label: string | null;
  /** First month whose judged cost reaches alert_at × monthly. */
  alert_month: number | null;
  alert_label: string | null;
}

export interface ForecastGrowthReport {
  kind: 'rate' | 'curve' | 'flat';
  /** Point monthly rate (kind `rate`), else null. */
  monthly_rate: number | null;
  /** Point multipliers (kind `curve`), else null. */
  curve: number[] | null;
  months: number;
  start: string | null;
}

export interface ForecastReport {
  schema_version: typeof FORECAST_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`); each month is priced on its own first day (`months[].priced_as_of`). */
  priced_as_of: string;
  name: string;
  file: string;
  variant: string | null;
  currency: string;
  /** 0 when nothing is uncertain: a single deterministic path. */
  samples: number;
  seed: number;
  growth: ForecastGrowthReport;
  inputs: InputReport[];
  budget: ForecastBudgetReport | null;
  months: ForecastMonth[];
  /** Spend over the whole horizon (the last month's cumulative). */
  total: Summary;
  point_total: number;
  warnings: string[];
}
