/**
 * JSON reports of the what-if commands (`whatif`, `compare`, `sweep`, `levers`, `sensitivity`):
 * stable, versioned shapes. Keys are snake_case; every field is always present (null where not
 * applicable). Money is in the scenario's currency, per month, at full precision.
 * docs/what-if.md documents each field.
 */
import type { BudgetReport, BudgetStatus, ScenarioReport } from './report.js';

export const WHATIF_SCHEMA_VERSION = 1;

/** The scenario a report is about. */
export interface ScenarioRef {
  name: string;
  file: string;
  variant: string | null;
  currency: string;
  /** `--set` overrides applied to every evaluation, as given. */
  set: string[];
}

// ── whatif / compare ────────────────────────────────────────────────────────────────────────

/** One override a column applies, with the value the scenario file has at that path. */
export interface OverrideChange {
  path: string;
  /** The value in the scenario as written (before any override); null when the file leaves it to its default. */
  from: unknown;
  to: unknown;
  /** `--set`, or `variant NAME`. */
  source: string;
}

export interface ComparisonColumn {
  label: string;
  name: string;
  file: string;
  variant: string | null;
  /** What this column changes relative to the scenario file (whatif and variant columns). */
  changes: OverrideChange[];
  total_monthly_cost: number;
  /** total − the reference column's total; null for the reference itself. */
  delta: number | null;
  /** delta ÷ the reference total; null for the reference or when the reference total is 0. */
  delta_ratio: number | null;
  budget: BudgetReport | null;
}

export type ComparisonLineKind =
  | 'stage'
  | 'model'
  | 'line_item'
  | 'category'
  | 'total'
  | 'requests_per_month'
  | 'cost_per_request'
  | 'cost_per_user'
  | 'cost_per_outcome'
  | 'net_value';

export interface ComparisonLine {
  kind: ComparisonLineKind;
  /** The stage a model line belongs to; null otherwise. */
  stage: string | null;
  name: string;
  /** One value per column; null where the column has no such stage, model or item, or the figure is not defined. */
  values: (number | null)[];
  /**
   * value − reference value, per column (null for the reference column). For costs, an absent
   * stage, model or item counts as 0; for unit figures a missing value gives a null delta.
   */
  deltas: (number | null)[];
  /** delta ÷ reference value; null when the reference value is 0 or absent. */
  ratios: (number | null)[];
}

export interface ComparisonReport {
  schema_version: typeof WHATIF_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`, default today in UTC). */
  priced_as_of: string;
  kind: 'whatif' | 'compare';
  currency: string;
  /** `--set` overrides applied to every column. */
  set: string[];
  /** Index of the reference column (always the first). */
  reference: 0;
  columns: ComparisonColumn[];
  lines: ComparisonLine[];
  /** The full estimate report of each column, as `estimate --format json` gives it. */
  scenarios: ScenarioReport[];
}

// ── sweep ───────────────────────────────────────────────────────────────────────────────────

export interface SweepParam {
  path: string;
  /** The swept values, as given (numbers, or strings such as model names). */
  values: unknown[];
  /** True when every value is a number (a chart and a budget crossing are possible). */
  numeric: boolean;
  /** The value in the scenario (after --variant/--set); null when it is left to its default. */
  scenario_value: unknown;
}

export interface SweepPoint {
  /** One value per parameter, in the order of `params`. */
  values: unknown[];
  total_monthly_cost: number;
  cost_per_request: number | null;
  /** total − the scenario's own total. */
  delta: number;
  budget_status: BudgetStatus | null;
  stages: { name: string; monthly_cost: number }[];
}

export interface SweepCrossing {
  /** The second parameter's value for this series; null for a one-parameter sweep. */
  series: unknown;
  /** The two sweep values that bracket the crossing. */
  between: [number, number];
  /**
   * The parameter value where the cost meets the budget, by bisection. For a whole-number
   * parameter, the first whole value on the far side of the budget.
   */
  value: number;
  /** `continuous`: the cost passes through the budget there; `jump`: it steps across it (e.g. a cache minimum). */
  kind: 'continuous' | 'jump' | 'whole_number';
  /** `rises_above`: the cost goes over the budget as the parameter increases past `value`. */
  direction: 'rises_above' | 'falls_below';
  /** Cost on either side of the crossing: [below value, above value]. */
  costs: [number, number];
}

export interface SweepReport {
  schema_version: typeof WHATIF_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`, default today in UTC). */
  priced_as_of: string;
  kind: 'sweep';
  scenario: ScenarioRef;
  scenario_total_monthly_cost: number;
  params: SweepParam[];
  points: SweepPoint[];
  /** The budget line: the scenario's, or `--budget`; null when there is none. */
  budget: { monthly: number; source: 'scenario' | '--budget' } | null;
  crossings: SweepCrossing[];
  /** Why there is no crossing for a series, or a caveat about it; empty when there is nothing to say. */
  budget_notes: string[];  /** The warnings `estimate` gives for the scenario as it is (stale or soon-changing prices, a deprecated model, caching that does not apply, …). */
  warnings: string[];
}

// ── levers ──────────────────────────────────────────────────────────────────────────────────

export type LeverStatus = 'priced' | 'not_applicable' | 'not_priced' | 'not_modelled' | 'prerequisite' | 'off';

export interface LeverEffect {
  monthly_cost: number;
  /** Cost before this lever − cost after it. Never negative. */
  saving: number;
  /** saving ÷ the scenario's total. */
  saving_ratio: number | null;
  /** What the lever changed, one line per stage or model. */
  changes: string[];
  /** Stages or models it did not apply to, with the reason. */
  skipped: string[];
}

export interface LeverReport {
  id: string;
  /** Position in the practitioners' order: 1 observe … 8 contracts. */
  step: number;
  step_name: string;
  title: string;
  /** The assumption in words, with the parameter values used. */
  assumption: string;
  /** Every parameter of the lever with the value used (override with `--lever id.key=value`). */
  params: Record<string, unknown>;
  status: LeverStatus;
  /** Why it is not priced, not applicable or not modelled; null when priced. */
  reason: string | null;
  /** The reason per stage when the lever applies to none of them (else empty). */
  reasons: string[];
  /** The command that models it instead (infrastructure, contracts). */
  see: string | null;
  /** Applied alone to the scenario as it is; null unless priced. */
  alone: LeverEffect | null;
  /** Applied after every lever above it; null unless priced. */
  cumulative: (LeverEffect & { total_saving: number }) | null;
}

export interface LeversReport {
  schema_version: typeof WHATIF_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`, default today in UTC). */
  priced_as_of: string;
  kind: 'levers';
  scenario: ScenarioRef;
  scenario_total_monthly_cost: number;
  /** After every priced lever, in order. */
  final_monthly_cost: number;
  total_saving: number;
  total_saving_ratio: number | null;
  levers: LeverReport[];
  notes: string[];  /** The warnings `estimate` gives for the scenario as it is (stale or soon-changing prices, a deprecated model, caching that does not apply, …). */
  warnings: string[];
}

// ── sensitivity ─────────────────────────────────────────────────────────────────────────────

export interface SensitivityInput {
  /** The dotted path (spec §2), or `price:provider/model` for a model's catalogue rates. */
  path: string;
  kind: 'count' | 'rate' | 'share' | 'whole_number' | 'steps' | 'days' | 'price';
  base: number;
  low: number;
  high: number;
  /** Monthly cost with the input at `low` and at `high`. */
  low_cost: number;
  high_cost: number;
  /** |high_cost − low_cost|. */
  swing: number;
  /** Moves cut by a bound or adjusted (rounded), in words; empty when both moves are the full delta. */
  adjusted: string[];
}

export interface SensitivityReport {
  schema_version: typeof WHATIF_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`, default today in UTC). */
  priced_as_of: string;
  kind: 'sensitivity';
  scenario: ScenarioRef;
  /** Relative move, e.g. 0.2 for ±20%. */
  delta: number;
  scenario_total_monthly_cost: number;
  /** Inputs that move the monthly cost, largest swing first. */
  inputs: SensitivityInput[];
  /** Inputs whose moves leave the monthly cost unchanged, with the reason when known. */
  unmoved: { path: string; reason: string }[];  /** The warnings `estimate` gives for the scenario as it is (stale or soon-changing prices, a deprecated model, caching that does not apply, …). */
  warnings: string[];
}
