/** The resolved, validated model of a scenario: what the pure cost engine computes on. */
import type { CatalogueModel } from '../schema/catalogue.js';
import type { TokenCountsReport } from '../schema/report.js';
import type { InputPart } from '../schema/scenario.js';
import type { ScenarioSeatsParsed } from '../schema/seats.js';
import type { RuleContext, RulesApplied } from './provider-rules.js';

/** Default month length in days: 365/12 (spec §2). */
export const DEFAULT_DAYS_PER_MONTH = 365 / 12;
/** Hours in a month: 8760/12 (spec conventions). */
export const HOURS_PER_MONTH = 730;
/** Catalogue prices are per this many tokens. */
export const TOKENS_PER_PRICE_UNIT = 1_000_000;
/** Shares of a tier mix must sum to 1 within this tolerance. */
export const SHARE_TOLERANCE = 1e-6;
/** Default alert threshold as a fraction of the monthly budget. */
export const DEFAULT_ALERT_AT = 0.8;

export interface CatalogueRef {
  /** Display path of the catalogue file (bundled ones as `pricing/<provider>.yaml`). */
  file: string;
  as_of: string;
  source: string;
  currency: string;
}

/** A model as a catalogue priced it, at one pricing date (core/prices-at.ts). */
export interface PricedModel {
  /** Canonical `provider/model`. */
  ref: string;
  provider: string;
  id: string;
  /** The rates in force on `pricedAsOf` (the schedule resolved away). What the cost engine reads. */
  prices: CatalogueModel;
  catalogue: CatalogueRef;
  /** The catalogue entry as written, with its dated `prices` schedule, to re-price at another date. */
  entry: CatalogueModel;
  /** `from` of the dated price in force, or null when the base rates are. */
  effectiveFrom: string | null;
  /** The date `prices` was resolved at. */
  pricedAsOf: string;
  /**
   * Provider rules for the stage using this model (core/provider-rules.ts): its traffic profile and
   * service-tier mix. Absent on registry models; `prices` then are the catalogue's rates as such.
   */
  rules?: RuleContext;
  /** What the rules did to `prices` (null or absent: nothing). */
  applied?: RulesApplied | null;
}

export interface StageModel {
  model: PricedModel;
  /** The name the scenario used (bare id, alias or provider/model). */
  name: string;
  share: number;
  output: number;
  reasoning: number;
  /**
   * Input tokens per call for this model when they differ from `Stage.input`: prompt files are
   * counted with each model's tokenizer, so one stage can carry different counts per model.
   */
  input?: Record<InputPart, number>;
  /** How the input counts were obtained, when the stage uses prompt files. */
  tokenCounts?: TokenCountsReport;
}

export interface StageCache {
  hitRate: number;
  cacheable: InputPart[];
  ttl: '5m' | '1h';
}

export interface Stage {
  name: string;
  models: StageModel[];
  shareOfRequests: number;
  agentSteps: number;
  input: Record<InputPart, number>;
  contextGrowthPerStep: number;
  output: number;
  reasoning: number;
  /** null: no `cache` block, prompt caching not in use. */
  cache: StageCache | null;
  responseCacheHitRate: number;
  batchShare: number;
  retryRate: number;
  maxRetries: number;
  /** Fees beyond text tokens (core/fees.ts); absent or null: the stage uses none. */
  fees?: import('./fees.js').StageFees | null;
}

export type TrafficMode = 'requests_per_day' | 'requests_per_month' | 'users';

export interface Traffic {
  mode: TrafficMode;
  requestsPerDay: number | null;
  requestsPerMonth: number;
  users: number | null;
  requestsPerUserPerDay: number | null;
  daysPerMonth: number;
}

export type LineItem =
  | { kind: 'monthly'; name: string; category: string; monthly: number }
  | { kind: 'per_request'; name: string; category: string; perRequest: number; shareOfRequests: number }
  | { kind: 'per_user'; name: string; category: string; perUser: number }
  | { kind: 'labour'; name: string; category: string; minutes: number; hourlyRate: number; shareOfRequests: number }
  | { kind: 'tokens'; name: string; category: string; model: PricedModel; tokensPerMonth: number };

export interface Outcomes {
  name: string;
  perRequest: number | null;
  perMonth: number | null;
  value: number | null;
}

export interface Budget {
  monthly: number;
  alertAt: number;
}

export interface Scenario {
  name: string;
  /** Display path of the scenario file. */
  file: string;
  variant: string | null;
  currency: string;
  tags: Record<string, string>;
  /** `alternative_of:` — the scenario (name or file) this one is an alternative to; null: none. */
  alternativeOf?: string | null;
  traffic: Traffic;
  stages: Stage[];
  lineItems: LineItem[];
  outcomes: Outcomes | null;
  budget: Budget | null;
  /** Notes gathered while loading (e.g. a model without batch API given a batch share). */
  warnings: string[];
  /** The optional `seats:` block, as validated (read by `aifinops seats` only). */
  seats?: ScenarioSeatsParsed | null;
  /** The pricing date every model was priced at (YYYY-MM-DD; core/prices-at.ts). */
  pricedAsOf: string;
}
