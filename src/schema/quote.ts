/**
 * Vendor quote files (`quotes/*.yaml`, docs/quotes.md) and the `aifinops quotes` report.
 * A quote prices the scenario's own workload: its pipeline's token usage, mapped onto the vendor's
 * models, at the rate card minus the discount, against the commitment, plus seats and fees.
 */
import type * as Z from 'zod/mini';
import { deferred, z } from './zod.js';
import { currency, isoDate, LIMITS, LOWER_ID_RE, nonNegative, rate } from './common.js';

export const COMMITMENT_PERIODS = ['month', 'term'] as const;

/**
 * The schemas, built on first use (zod/mini, see common.ts): only `quotes` and `validate` of a
 * quote file parse one, so no other command pays for building them.
 */
function build() {
  const months = `expected a whole number of months (1 to ${LIMITS.months})`;
  const wholeMonths = z.number({ error: months }).check(z.int({ error: months }), z.gte(1, { error: months }), z.lte(LIMITS.months, { error: months }));

  const rateCardSchema = z.strictObject({
    /** Extra catalogues (negotiated prices), relative to the quote file, loaded after the bundled ones. */
    catalogues: z.optional(z.array(z.string().check(z.minLength(1)), { error: 'expected a list of catalogue file paths' })),
    /** The vendor's provider id in the catalogues: every model the quote prices must be this provider's. */
    provider: z.optional(z.string().check(z.regex(LOWER_ID_RE, { error: 'expected a lower-case provider id such as "anthropic"' }))),
    /** Off the catalogue's list price, on every token rate (default 0). */
    discount: z.optional(rate()),
    /** Per vendor model: replaces `discount` for that model. */
    model_discounts: z.optional(z.record(z.string().check(z.minLength(1)), rate())),
  });

  const commitmentSchema = z.strictObject({
    /** Committed spend at the quote's (discounted) rates; use-it-or-lose-it. */
    amount: nonNegative(),
    /** `month`: a minimum every month; `term`: a total over each term (shortfall billed at the term's end). */
    per: z.enum(COMMITMENT_PERIODS, { error: 'expected month or term' }),
  });

  const overageSchema = z.strictObject({
    /** Off list price for usage above the commitment (default: the rate card's discount). */
    discount: rate(),
  });

  const seatComponentSchema = z.strictObject({
    name: z.string({ error: 'expected a name for the seat component' }).check(z.minLength(1)),
    per_seat_month: nonNegative(),
    /** A number of seats, or `users`: the scenario's users, growing with the workload. */
    seats: z.union([z.literal('users'), z.number().check(z.int(), z.gte(0))], { error: 'expected a whole number of seats or "users"' }),
    min_seats: z.optional(z.number({ error: 'expected a whole number of seats' }).check(z.int(), z.gte(0))),
  });

  const feeSchema = z.strictObject({
    name: z.string({ error: 'expected a name for the fee' }).check(z.minLength(1)),
    one_time: z.optional(nonNegative()),
    monthly: z.optional(nonNegative()),
    annual: z.optional(nonNegative()),
  });

  const quoteSchema = z.strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    kind: z.literal('quote', { error: 'expected kind: quote' }),
    vendor: z.string({ error: 'expected the vendor name' }).check(z.minLength(1)),
    /** Shown in reports (default: the vendor and the file name). */
    name: z.optional(z.string().check(z.minLength(1))),
    reference: z.optional(z.string()),
    valid_until: z.optional(isoDate()),
    currency: z.optional(currency()),
    term_months: wholeMonths,
    rate_card: z.optional(rateCardSchema),
    /** Scenario model (id, alias or provider/model) or `tier:<tier>` → the vendor's model, or `outside`. */
    model_map: z.optional(z.record(z.string().check(z.minLength(1)), z.string({ error: 'expected the vendor model name' }).check(z.minLength(1)))),
    commitment: z.optional(commitmentSchema),
    overage: z.optional(overageSchema),
    seats: z.optional(z.array(seatComponentSchema)),
    fees: z.optional(z.array(feeSchema)),
    notes: z.optional(z.string()),
  });
  return { quoteSchema, feeSchema, seatComponentSchema };
}

let built: ReturnType<typeof build> | undefined;
const schemas = () => (built ??= build());

/** The quote file schema (a lazy wrapper: the schema itself is built when first used). */
export const quoteSchema = /* @__PURE__ */ deferred(() => z.lazy(() => schemas().quoteSchema));

export type QuoteParsed = Z.output<typeof quoteSchema>;
export type FeeParsed = Z.output<ReturnType<typeof schemas>['feeSchema']>;
export type SeatComponentParsed = Z.output<ReturnType<typeof schemas>['seatComponentSchema']>;

// ---------------------------------------------------------------- report (JSON contract)

export const QUOTES_REPORT_SCHEMA_VERSION = 1;

export interface ModelMapping {
  /** The scenario's model (canonical provider/model). */
  scenario_model: string;
  /** The vendor model that prices it (canonical provider/model). */
  vendor_model: string;
  /** How the mapping was found: a model_map key naming the model, its tier, or the same model. */
  via: 'model' | 'tier' | 'same';
  /** `outside`: these calls stay with the scenario's own provider at its list price, outside this quote. */
  outside: boolean;
  discount: number;
  /** Month-1 cost of this model's calls at the rate card's list price and after the discount. */
  list_monthly: number;
  quoted_monthly: number;
  /** `effective_from`: the vendor catalogue's dated price in force in month 1 (null: its base rates). */
  priced_by: { catalogue: string; as_of: string; effective_from: string | null };
}

export interface QuoteMonth {
  month: number;
  /** The day the month is priced on: the first day of its calendar month, counted from the pricing date's. */
  priced_as_of: string;
  /** Workload multiplier from growth (month 1 = 1). */
  volume: number;
  requests: number;
  tokens: number;
  /** Usage at the rate card's list prices. */
  list_usage: number;
  /** Usage at the quote's rates (before the commitment). */
  usage_at_quote_rates: number;
  /** What the month's usage bills: drawn from the commitment, or overage. */
  usage_billed: number;
  overage: number;
  /** Commitment paid for but not used (monthly minimum shortfall, or the term's true-up). */
  unused_commitment: number;
  seats: number;
  seat_cost: number;
  fees: number;
  /** Calls the quote leaves outside (model_map: outside), at the scenario's own list prices. */
  outside: number;
  total: number;
  cumulative: number;
  /** The commitment, not usage, sets what this month's usage costs. */
  commitment_binding: boolean;
}

export interface CommitmentReport {
  per: 'month' | 'term';
  amount: number;
  /** Committed over the horizon (monthly × months, or per term, pro-rated for a partial term). */
  committed_total: number;
  used: number;
  unused: number;
  /** First month the commitment binds (usage below the monthly minimum; the term's true-up month). */
  first_binding_month: number | null;
  binding_months: number[];
  /** First month usage exceeds the commitment (monthly: that month's; term: cumulative within the first term, else null). */
  exceeded_from_month: number | null;
}

export interface Components {
  usage: number;
  unused_commitment: number;
  seats: number;
  fees: number;
  outside: number;
}

export interface QuoteResult {
  rank: number;
  name: string;
  vendor: string;
  file: string;
  reference: string | null;
  valid_until: string | null;
  term_months: number;
  discount: number;
  overage_discount: number | null;
  tco: number;
  monthly_average: number;
  tokens: number;
  /** TCO per 1M tokens of the workload. */
  effective_price_per_million: number | null;
  components: Components;
  commitment: CommitmentReport | null;
  model_map: ModelMapping[];
  months: QuoteMonth[];
  /** This quote minus the best one, by component; null for the best. */
  versus_best: (Components & { total: number }) | null;
  warnings: string[];
}

export interface QuotesReport {
  schema_version: typeof QUOTES_REPORT_SCHEMA_VERSION;
  tool_version: string;
  /** The pricing date (`--as-of`, default today in UTC). */
  priced_as_of: string;
  scenario: {
    name: string;
    file: string;
    variant: string | null;
    currency: string;
    requests_per_month: number;
    tokens_per_month: number;
    users: number | null;
    /** The scenario's own pipeline at its own catalogues' list prices, month 1. */
    list_monthly: number;
  };
  horizon_months: number;
  growth: { monthly_rate: number; source: 'flag' | 'scenario' | 'none' };
  /** The scenario's pipeline at its own list prices over the horizon, with growth: the no-deal baseline. */
  baseline_total: number;
  quotes: QuoteResult[];
  warnings: string[];
}
