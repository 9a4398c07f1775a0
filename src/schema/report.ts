/**
 * The JSON report (spec §4): a stable, versioned contract and the CI baseline.
 * Keys are snake_case; every field is always present (null where not applicable), except a
 * model's `fees`, present only when its stage uses a fee beyond text tokens (so reports of
 * scenarios without them are byte-identical to before).
 */

import type { UncertaintyReport } from './uncertainty-report.js';

export const REPORT_SCHEMA_VERSION = 1;

export const TOKEN_KINDS = ['input', 'cache_read', 'cache_write', 'output', 'reasoning'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
export type TokenBreakdown = Record<TokenKind, number>;

export const MODEL_INFERENCE = 'model inference';

export interface PricedBy {
  catalogue: string;
  as_of: string;
  source: string;
  /** `from` of the catalogue's dated price that applied on the pricing date; null: its base rates. */
  effective_from: string | null;
}

export interface ModelReport {
  /** Canonical `provider/model`. */
  model: string;
  share: number;
  monthly_cost: number;
  calls_per_month: number;
  /** Tokens per month by kind. */
  tokens: TokenBreakdown;
  /** Cost per month by token kind (batch discount applied). */
  cost: TokenBreakdown;
  /** True when any agent step's input exceeds the model's long-context threshold, so its rates apply to that step. */
  long_context: boolean;
  /**
   * The first agent step (1-based) priced at the long-context rates, null when none is. Each step
   * is priced at the rates for its own input (spec §3, 2026-12): 1 means every step is long.
   */
  long_context_from_step: number | null;
  priced_by: PricedBy;
  /** How this model's input tokens per call were obtained when the stage uses prompt files, else null. */
  token_counts: TokenCountsReport | null;
  /**
   * Fees beyond text tokens (docs/cost-model.md "Fees beyond text tokens"): one line per fee the
   * stage uses — server-side tools, audio and image tokens, cache storage. Present only when the
   * stage gives a fee field (`tool_calls`, `tool_hours`, `audio`, `image`, `cache_storage`), so
   * reports of scenarios without them are unchanged. `monthly_cost` includes them.
   */
  fees?: FeeLineReport[];
  /**
   * Present only when a provider rule priced this model (time windows, a service tier other than
   * standard; core/provider-rules.ts): absent, the report is byte-identical to one made before the
   * rules existed. See docs/report-json.md, "provider_rules".
   */
  provider_rules?: ProviderRulesReport;
}

/** How the provider rules turned the catalogue's rates into the rates this model was priced at. */
export interface ProviderRulesReport {
  /** Shares of the stage's synchronous calls per tier; null: standard only. */
  service_tier: Partial<Record<'standard' | 'flex' | 'priority', number>> | null;
  /** T = Σ share × tier factor (1 for standard only). */
  tier_factor: number;
  /** The time windows in force on the pricing date and the share of the stage's traffic in each; null: none. */
  time_windows: { name: string; days: 'all' | 'weekdays' | 'weekends'; hours: string[]; share: number; rates: Record<string, number> }[] | null;
  /** Share of the traffic outside every window (priced at the entry's own rates); null: no windows. */
  outside_windows_share: number | null;
  /** The traffic profile the shares come from; null: no windows. */
  time_profile: { kind: string; utc_offset: number; weekday_share: number } | null;
  /** The rates per 1M tokens after the rules (what the cost engine used), and the batch discount d' = 1 − (1 − d) ÷ T. */
  effective_rates: { input: number; output: number; cache_read: number | null; cache_write: number | null; cache_write_1h: number | null; reasoning: number | null; batch_discount: number };
  /** Cost per token kind at the catalogue's own rates (standard tier, outside the windows): diff splits price from usage with it. */
  cost_at_catalogue_rates: TokenBreakdown;
}

/** One fee of a stage model per month. */
export interface FeeLineReport {
  /** `tool_calls.<tool>`, `tool_hours.<tool>`, `audio_input`, `audio_cache_read`, `audio_output`, `image_input`, `image_cache_read`, `image_output` or `cache_storage`. */
  kind: string;
  /** The `by_category` entry it is counted in: server-side tools, audio and image tokens, cache storage. */
  category: string;
  /** Uses, container-hours, tokens or token-hours per month (see `unit`). */
  quantity: number;
  unit: string;
  /** Price per unit of the quantity, before the batch factor (which applies to audio and image tokens only). */
  rate: number;
  cost: number;
}

/** How an input count was obtained: from the model's own tokenizer, a calibrated estimate, or given as a number. */
export type TokenCountMethod = 'exact' | 'estimated' | 'given';

export interface PromptFileCount {
  /** The file as reports show paths (relative to the current folder). */
  file: string;
  /** Its tokens for this model (estimates rounded to whole tokens); for a template, its fixed text. */
  tokens: number;
}

export interface InputPartCount {
  /** system | tools | context | history | user */
  part: string;
  method: TokenCountMethod;
  /** Tokens per call of this part for this model: Σ files + fill. */
  tokens: number;
  files: PromptFileCount[];
  /** A template's declared allowance for its placeholders, else null. */
  fill: number | null;
}

export interface TokenCountsReport {
  /** "estimated" when any part was counted with an estimated tokenizer, else "exact". */
  method: 'exact' | 'estimated';
  /** o200k_base, cl100k_base, or an estimated family such as anthropic-claude. */
  tokenizer: string;
  /** The public encoding the files were counted with. */
  encoding: string;
  /** Multiplier applied to the encoding's counts (1 when exact). */
  ratio: number;
  /** Where the ratio comes from (docs/prompt-files.md), null when exact. */
  basis: string | null;
  /** Every input part the stage gives, in the order of spec §3. */
  parts: InputPartCount[];
}

export interface StageReport {
  name: string;
  monthly_cost: number;
  calls_per_month: number;
  models: ModelReport[];
}

export interface LineItemReport {
  name: string;
  category: string;
  monthly_cost: number;
  /** The model that prices a `tokens_per_month` item, else null. */
  model: string | null;
}

export type BudgetStatus = 'ok' | 'alert' | 'over';

export interface BudgetReport {
  monthly: number;
  alert_at: number;
  status: BudgetStatus;
  /** total / monthly budget. */
  used: number;
}

export interface ScenarioReport {
  name: string;
  file: string;
  variant: string | null;
  currency: string;
  tags: Record<string, string>;
  requests_per_month: number;
  users: number | null;
  total_monthly_cost: number;
  cost_per_request: number | null;
  cost_per_user: number | null;
  outcomes_per_month: number | null;
  cost_per_outcome: number | null;
  net_value: number | null;
  roi: number | null;
  budget: BudgetReport | null;
  stages: StageReport[];
  line_items: LineItemReport[];
  by_category: Record<string, number>;
  warnings: string[];
  /**
   * Monte Carlo summary when some input is a distribution (docs/uncertainty.md). `estimate` always
   * sets it (null without distributions); it is absent from reports built by other code paths.
   */
  uncertainty?: UncertaintyReport | null;
  /**
   * `alternative_of:` of the scenario (the name or file of the scenario it is an alternative to),
   * or null. `estimate` always sets it; absent from reports built by other code paths.
   */
  alternative_of?: string | null;
}

export interface CurrencyTotal {
  currency: string;
  total_monthly_cost: number;
}

export interface GroupReport {
  /** The tag key grouped by. */
  key: string;
  /** The tag value; null for scenarios without that tag. */
  value: string | null;
  currency: string;
  total_monthly_cost: number;
  scenarios: string[];
  /** Alternatives with this tag value: shown, not added to the group (see Report.alternatives). */
  alternatives: string[];
}

export interface Report {
  schema_version: typeof REPORT_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`, default today in UTC): every model is priced at its rates on this day. */
  priced_as_of: string;
  scenarios: ScenarioReport[];
  /** Grand total per currency across all scenarios. */
  totals: CurrencyTotal[];
  /** Roll-up by tag when `--group-by` is given, else null. */
  groups: GroupReport[] | null;
  /**
   * Scenarios that are an alternative of another scenario of the same run (`alternative_of:`):
   * listed in `scenarios`, but not added to `totals` or `groups`.
   */
  alternatives: AlternativeReport[];
}

export interface AlternativeReport {
  name: string;
  file: string;
  variant: string | null;
  /** The name of the scenario of this run it is an alternative to. */
  alternative_of: string;
  currency: string;
  total_monthly_cost: number;
}
