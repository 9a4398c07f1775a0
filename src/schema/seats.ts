/**
 * Seat plans versus tokens (docs/seat-plans.md): the seat-plan catalogue (`pricing/seats.yaml`),
 * the scenario's optional `seats:` block (who the users are), and the `aifinops seats` report.
 */
import type * as Z from 'zod/mini';
import { deferred, z } from './zod.js';
import { currency, isoDate, LOWER_ID_RE, nonNegative } from './common.js';

// ---------------------------------------------------------------- catalogue

/** Billing terms a seat price can be quoted on. `annual` commits for 12 months, `monthly` for one. */
export const SEAT_TERMS = ['annual', 'monthly'] as const;
export type SeatTerm = (typeof SEAT_TERMS)[number];
export const TERM_MONTHS: Record<SeatTerm, number> = { annual: 12, monthly: 1 };

export const SOURCE_KINDS = ['vendor', 'secondary'] as const;

/**
 * The schemas, built on first use (zod/mini, see common.ts): `seats` reads the bundled
 * catalogue from the build's validated snapshot (load/seats.ts), so only an edited or extra
 * seat-plan catalogue, or `validate` of one, builds them.
 */
function build() {
  const money = z
    .number({ error: 'expected a price per seat per month (a number ≥ 0), or null when the vendor publishes none' })
    .check(z.gte(0, { error: 'expected a price ≥ 0' }));

  /** Price per seat per month by term; `null` (for the whole price or one term) = not published. */
  const seatPriceSchema = z
    .strictObject({
      annual: z.optional(z.nullable(money)),
      monthly: z.optional(z.nullable(money)),
    })
    .check(z.refine((p) => p.annual !== undefined || p.monthly !== undefined, { error: 'give the price for at least one term: annual or monthly (null when not published)' }));

  const tokenFee = z.optional(nonNegative());

  /** What a seat includes, and how usage beyond it is billed. */
  const seatUsageSchema = z.discriminatedUnion(
    'kind',
    [
      z.strictObject({
        /** The seat covers the product's use within the vendor's limits; no metered overage. */
        kind: z.literal('included'),
        limits: z.optional(z.string()),
      }),
      z.strictObject({
        /** Each seat brings an allowance of metered usage (money at the vendor's metered rates); beyond it, usage is billed. */
        kind: z.literal('allowance'),
        /** Allowance per seat per month in the catalogue's currency; null = the vendor does not publish its size. */
        per_seat: z.nullable(z.number({ error: 'expected the allowance per seat per month (money), or null when not published' }).check(z.gte(0))),
        /** true: allowances pool across the organisation's seats; false: each user has their own. */
        pooled: z.boolean({ error: 'expected true (allowances are pooled across seats) or false (per user)' }),
        /** Extra charge per 1M metered tokens on top of the API price (e.g. Cursor's token rate). */
        token_fee_per_million: tokenFee,
      }),
      z.strictObject({
        /** The seat fee buys access only; all usage is billed on top at API rates. */
        kind: z.literal('metered'),
        token_fee_per_million: tokenFee,
      }),
    ],
    { error: 'expected usage.kind: included, allowance or metered' },
  );

  const minSeats = 'expected a whole number of seats ≥ 1';
  const seatPlanSchema = z.strictObject({
    vendor: z.string({ error: 'expected the vendor name' }).check(z.minLength(1)),
    product: z.string({ error: 'expected the product and plan name' }).check(z.minLength(1)),
    /** Per seat per month by term, or null when the vendor publishes no price ("contact sales"). */
    price: z.nullable(seatPriceSchema),
    min_seats: z.optional(z.number({ error: minSeats }).check(z.int({ error: minSeats }), z.gte(1, { error: minSeats }))),
    usage: seatUsageSchema,
    as_of: z.optional(isoDate()),
    source: z.string({ error: 'expected the URL the price was read from' }).check(z.minLength(1)),
    /** `vendor`: read on the vendor's own page; `secondary`: only confirmed by other sources. */
    source_kind: z.optional(z.enum(SOURCE_KINDS, { error: 'expected vendor or secondary' })),
    /** What else to know: prerequisites, limits, what the price excludes. Not used in arithmetic. */
    notes: z.optional(z.string()),
  });

  const seatCatalogueSchema = z.strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    kind: z.literal('seat-plans', { error: 'expected kind: seat-plans' }),
    currency: currency(),
    /** Default date the prices were checked (each plan may give its own). */
    as_of: isoDate(),
    plans: z.record(z.string().check(z.regex(LOWER_ID_RE, { error: 'expected a lower-case plan id (letters, digits, . _ -)' })), seatPlanSchema),
  });
  return { seatUsageSchema, seatPlanSchema, seatCatalogueSchema };
}

let built: ReturnType<typeof build> | undefined;
const schemas = () => (built ??= build());

/** The seat-plan catalogue schema (a lazy wrapper: the schema itself is built when first used). */
export const seatCatalogueSchema = /* @__PURE__ */ deferred(() => z.lazy(() => schemas().seatCatalogueSchema));

export type SeatCatalogue = Z.output<typeof seatCatalogueSchema>;
export type SeatPlanParsed = Z.output<ReturnType<typeof schemas>['seatPlanSchema']>;
export type SeatUsage = Z.output<ReturnType<typeof schemas>['seatUsageSchema']>;

/** A plan as loaded, with the catalogue it came from. */
export interface CataloguedPlan {
  id: string;
  plan: SeatPlanParsed;
  /** Display path of the catalogue file. */
  file: string;
  currency: string;
  asOf: string;
}

// ---------------------------------------------------------------- scenario `seats:` block

// In its own module: every command that reads a scenario builds it, while the rest of this file
// (catalogue and report schemas) is only for `aifinops seats`.
export { scenarioSeatsSchema, type ScenarioSeatsParsed } from './scenario-seats.js';

// ---------------------------------------------------------------- report (JSON contract)

export const SEATS_REPORT_SCHEMA_VERSION = 1;

/** A range of the varied quantity where the plan is cheaper; `to: null` = no upper end. */
export interface Interval {
  from: number;
  to: number | null;
}

export interface SegmentInput {
  name: string;
  /** Share of active users (the implicit `inactive` group: share of all users). */
  share: number;
  users: number;
  requests_per_user_per_day: number;
  tokens_per_user_month: number;
  /** API cost per user per month: the pipeline and per-request items for this usage, plus per-user items. */
  api_cost_per_user: number;
}

export interface ApiSide {
  monthly_cost: number;
  cost_per_active_user: number | null;
  /** Pipeline (model inference) cost per request. */
  model_cost_per_request: number;
  /** Per-request and labour line items per request (not kept). */
  items_cost_per_request: number;
  /** Per-user line items per user (not kept). */
  per_user_items: number;
  /** Monthly and token line items (not kept): fixed costs of the API build. */
  fixed_monthly: number;
  /** Line items kept under the seat plan too (in both totals). */
  kept_monthly: number;
}

export interface SegmentChoice {
  name: string;
  users: number;
  api_cost_per_user: number;
  plan_cost_per_user: number;
  /** Per user, without minimums or the API's fixed costs: the cheaper side (`either` within a cent). */
  recommendation: 'seat' | 'api' | 'either';
}

export interface MixReport {
  on_seats: string[];
  on_api: string[];
  seats: number;
  monthly_cost: number;
  /** Positive = the mix is cheaper. */
  saving_vs_all_api: number;
  saving_vs_all_seats: number;
}

export interface Crossover {
  /** Where the plan is cheaper, in the varied quantity. Empty = never; [{from: lo, to: null}] = always. */
  intervals: Interval[];
  /** Plain-language summary, e.g. "above 4.2". */
  summary: string;
}

export interface PlanComparison {
  plan: string;
  vendor: string;
  product: string;
  term: SeatTerm;
  commitment_months: number;
  price_per_seat_month: number;
  min_seats: number;
  usage_kind: SeatUsage['kind'];
  as_of: string;
  source: string;
  source_kind: 'vendor' | 'secondary';
  seats: number;
  /** True when the minimum, not the user count, sets the number of seats. */
  minimum_binding: boolean;
  seat_fees_monthly: number;
  /** Metered usage billed beyond the seats' allowance (or all of it for `metered`). */
  usage_monthly: number;
  kept_monthly: number;
  monthly_cost: number;
  cost_per_active_user: number | null;
  /** Seats × price × commitment months: what signing commits you to. */
  commitment_total: number;
  /** Metered usage included per seat per month (allowance plans), else null. */
  allowance_per_seat: number | null;
  /** plan − API per month; negative = the plan is cheaper. */
  difference_monthly: number;
  /**
   * Over the plan's commitment term, each month priced at the model prices in force on its first
   * day (core/prices-at.ts): a scheduled price change inside the term moves these, not the monthly figures.
   */
  over_term: SeatTermCost;
  cheaper: 'plan' | 'api' | 'equal';
  /** Varying requests per active user per day (all segments scaled together) at the scenario's user count. */
  crossover_usage: Crossover & { tokens_per_month_at_from: number | null };
  /** Varying the number of users at the scenario's usage per active user. */
  crossover_users: Crossover;
  segments: SegmentChoice[];
  cheapest_mix: MixReport;
  warnings: string[];
}

/** A plan and the API over the plan's commitment term, month by month at each month's prices. */
export interface SeatTermCost {
  months: number;
  /** The day the first and the last month are priced on. */
  first_month: string;
  last_month: string;
  /** Σ months of the all-on-seats option (seats, metered usage, kept items). */
  plan_total: number;
  /** Σ months of the all-on-API option. */
  api_total: number;
  /** plan_total − api_total; negative = the plan is cheaper over the term. */
  difference: number;
}

export interface SeatsReport {
  schema_version: typeof SEATS_REPORT_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`, default today in UTC). */
  priced_as_of: string;
  scenario: {
    name: string;
    file: string;
    variant: string | null;
    currency: string;
    users: number;
    active_share: number;
    active_users: number;
    days_per_month: number;
    requests_per_month: number;
    tokens_per_request: number;
    /** Mean requests per active user per day. */
    requests_per_active_user_per_day: number;
    segments: SegmentInput[];
    kept_costs: string[];
  };
  api: ApiSide;
  plans: PlanComparison[];
  warnings: string[];
}
