/**
 * A zod-free fast check of a vendor quote's shape (schema/quote.ts), the sibling of
 * schema/scenario-fast.ts: for a quote it is sure the schema accepts it gives exactly what
 * `quoteSchema.safeParse` gives (the same values, keys and key order; percent strings as
 * fractions), and `undefined` for anything else — any value outside its bounds or type, any
 * unknown key, a missing required key, a date given as a Date object. The loaders then run the
 * schema, which gives the located messages: nothing here ever reports a problem.
 *
 * Why: building the quote schema's zod nodes and their first parse cost `validate quotes/` and
 * `aifinops quotes` 4 ms on the first quote — more than the rest of its load. The schema stays
 * the single source of truth: test/schema/quote-fast.test.ts checks this against it on the
 * bundled quotes and on generated valid and invalid ones.
 */
import { CURRENCY_RE, isRealDate, ISO_DATE_RE, LIMITS, LOWER_ID_RE } from './common.js';
import { anyString, list, mapping, NO, object, oneOf, percentOr, range, text, type R } from './fast-check.js';
import { COMMITMENT_PERIODS, type QuoteParsed } from './quote.js';

/** A finite number ≥ 0 (schema/common.ts nonNegative). */
const nonNegative = range(0, Infinity);
/** A whole number (zod's int: a safe integer) in [lo, hi]. */
const whole = (lo: number, hi: number) => range(lo, hi, true);
/** A fraction in [0, 1], or a percent string taken as one (schema/common.ts rate). */
const rate = percentOr(0, 1);
/** A string of at least one character. */
const nonEmpty = text();
const matching =
  (re: RegExp) =>
  (v: unknown): R<string> =>
    typeof v === 'string' && re.test(v) ? v : NO;

/** YYYY-MM-DD on the calendar, written as a string (a Date object is for the schema). */
const isoDate = (v: unknown): R<string> => (typeof v === 'string' && ISO_DATE_RE.test(v) && isRealDate(v) ? v : NO);

// ---- the quote's blocks, in the schema's shape order ----------------------------------------------

const rateCard = object({
  catalogues: list(nonEmpty),
  provider: matching(LOWER_ID_RE),
  discount: rate,
  model_discounts: mapping(rate),
});

const seatComponent = object(
  {
    name: nonEmpty,
    per_seat_month: nonNegative,
    seats: (v: unknown): unknown => (v === 'users' ? v : whole(0, Number.MAX_SAFE_INTEGER)(v)),
    min_seats: whole(0, Number.MAX_SAFE_INTEGER),
  },
  ['name', 'per_seat_month', 'seats'],
);

const fee = object({ name: nonEmpty, one_time: nonNegative, monthly: nonNegative, annual: nonNegative }, ['name']);

const quote = object(
  {
    version: oneOf([1]),
    kind: oneOf(['quote']),
    vendor: nonEmpty,
    name: nonEmpty,
    reference: anyString,
    valid_until: isoDate,
    currency: matching(CURRENCY_RE),
    term_months: whole(1, LIMITS.months),
    rate_card: rateCard,
    model_map: mapping(nonEmpty),
    commitment: object({ amount: nonNegative, per: oneOf(COMMITMENT_PERIODS) }, ['amount', 'per']),
    overage: object({ discount: rate }, ['discount']),
    seats: list(seatComponent),
    fees: list(fee),
    notes: anyString,
  },
  ['version', 'kind', 'vendor', 'term_months'],
);

/** The quote schema's output for `raw` when this check is sure of it, else undefined (run the schema). */
export function fastQuote(raw: unknown): QuoteParsed | undefined {
  const r = quote(raw);
  return r === NO ? undefined : (r as QuoteParsed);
}
