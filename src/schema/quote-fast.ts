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
import { isRealDate, PERCENT_RE } from './common.js';
import type { QuoteParsed } from './quote.js';

/** Not a value this check is sure of: the schema decides. */
const NO: unique symbol = Symbol('not fast');
type R<T> = T | typeof NO;
type Check = (v: unknown) => unknown;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A plain mapping (what the YAML reader and structuredClone give): zod's object check, and no odd prototype. */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A finite number (zod's numbers are) ≥ 0 (schema/common.ts nonNegative). */
const nonNegative = (v: unknown): R<number> => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : NO);

/** A whole number (zod's int: a safe integer) in [lo, hi]. */
const whole =
  (lo: number, hi: number) =>
  (v: unknown): R<number> =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= lo && v <= hi ? v : NO;

/** A fraction in [0, 1], or a percent string taken as one (schema/common.ts rate: union → transform → checks). */
const rate = (v: unknown): R<number> => {
  const x = typeof v === 'number' ? (Number.isFinite(v) ? v : Number.NaN) : typeof v === 'string' && PERCENT_RE.test(v) ? Number.parseFloat(v) / 100 : Number.NaN;
  return x >= 0 && x <= 1 ? x : NO;
};

const anyString = (v: unknown): R<string> => (typeof v === 'string' ? v : NO);
/** A string of at least one character. */
const nonEmpty = (v: unknown): R<string> => (typeof v === 'string' && v.length > 0 ? v : NO);
const matching =
  (re: RegExp) =>
  (v: unknown): R<string> =>
    typeof v === 'string' && re.test(v) ? v : NO;
const oneOf =
  (values: readonly unknown[]) =>
  (v: unknown): unknown =>
    values.includes(v) ? v : NO;

/** YYYY-MM-DD on the calendar, written as a string (a Date object is for the schema). */
const isoDate = (v: unknown): R<string> => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v) ? v : NO);

/** A list, each element checked. */
const list =
  (element: Check) =>
  (v: unknown): R<unknown[]> => {
    if (!Array.isArray(v)) return NO;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) return NO;
      const r = element(v[i]);
      if (r === NO) return NO;
      out[i] = r;
    }
    return out;
  };

/** A mapping of non-empty keys to checked values, in the input's key order. */
const mapping =
  (value: Check) =>
  (v: unknown): R<Record<string, unknown>> => {
    if (!isPlain(v)) return NO;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k.length === 0 || k === '__proto__') return NO;
      const r = value(v[k]);
      if (r === NO) return NO;
      out[k] = r;
    }
    return out;
  };

/**
 * A strict object: every key of the input is one of `fields`, the `required` ones present; the
 * output has the present keys in the order of `fields`, which is the schema's shape order.
 */
const object =
  (fields: Record<string, Check>, required: readonly string[] = []) =>
  (v: unknown): R<Record<string, unknown>> => {
    if (!isPlain(v)) return NO;
    for (const k of Object.keys(v)) if (!hasOwn(fields, k)) return NO;
    for (const k of required) if (!hasOwn(v, k)) return NO;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(fields)) {
      if (!hasOwn(v, k)) continue;
      const r = fields[k]!(v[k]);
      if (r === NO) return NO;
      out[k] = r;
    }
    return out;
  };

// ---- the quote's blocks, in the schema's shape order ----------------------------------------------

const rateCard = object({
  catalogues: list(nonEmpty),
  provider: matching(/^[a-z0-9][a-z0-9._-]*$/),
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
    currency: matching(/^[A-Z]{3}$/),
    term_months: whole(1, 120),
    rate_card: rateCard,
    model_map: mapping(nonEmpty),
    commitment: object({ amount: nonNegative, per: oneOf(['month', 'term']) }, ['amount', 'per']),
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
