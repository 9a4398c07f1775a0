/**
 * Building blocks shared by the schemas.
 *
 * The schemas every run builds (this file, the scenario's, its `seats:` block) use zod/mini: a
 * short `aifinops estimate` spent more time constructing classic zod schemas (each classic schema
 * class installs its dozens of chained methods on first use) than on anything else. Mini schemas
 * are the same zod core — same parsing, issues and JSON Schema — with functions instead of
 * methods: `z.optional(rate)` rather than `rate.optional()`, also from classic schema files.
 */
import type * as Z from 'zod/mini';
import { z } from './zod.js';
import { grouped } from '../util/number.js';

// (zod's English messages are installed when zod is loaded, on the first schema node built: schema/zod.ts)

/**
 * A schema built on its first use (a parse of a value at its place, a walk of the schema, a JSON
 * Schema): until then one `z.lazy` node stands for it. For the blocks most scenarios lack (fees,
 * provider rules, seats, growth …): zod builds every schema node at module load otherwise, and
 * building them was most of a command's module initialisation. The built schema is memoised, so
 * every reader (zod, load/distributions.ts and load/issues.ts, which call the getter) gets the same
 * one. Same parsing, issues, paths and JSON Schema (test/load/scenario-schema-blocks.test.ts).
 */
/* @__NO_SIDE_EFFECTS__ */ export function lazily<T extends Z.core.SomeType>(build: () => T): Z.ZodMiniLazy<T> {
  let built: T | undefined;
  const node = z.lazy(() => (built ??= build()));
  // zod's `z.optional(node)` asks the node whether it is optional (`optin`) when an object with that
  // key first parses, and a lazy node answers by building its schema: answer for it now with what
  // the block would say, "no" (undefined: a block is never optional itself, its key is, and
  // test/load/scenario-schema-blocks.test.ts checks every lazy node of the schemas), so the block is
  // built only when a value at its key is parsed.
  const internals = node._zod as { optin?: unknown; optout?: unknown };
  internals.optin = undefined;
  internals.optout = undefined;
  return node;
}

/**
 * `z.number({ error }).check(...checks)` as one schema node: `.check` builds a copy of the schema it
 * is called on, and zod/mini takes the checks in the definition as well (the same definition, the
 * same parsing and issues; JSON Schema the same: `aifinops schema` writes the same files).
 */
/* @__NO_SIDE_EFFECTS__ */ export function num(error?: string, ...checks: Z.core.$ZodCheck<number>[]): Z.ZodMiniNumber<number> {
  return z.number(withChecks(error, checks));
}
/** `z.string({ error }).check(...checks)` as one schema node (see `num`). */
/* @__NO_SIDE_EFFECTS__ */ export function str(error?: string, ...checks: Z.core.$ZodCheck<string>[]): Z.ZodMiniString<string> {
  return z.string(withChecks(error, checks));
}
/** `z.array(element, { error }).check(...checks)` as one schema node (see `num`). */
/* @__NO_SIDE_EFFECTS__ */ export function arr<T extends Z.core.SomeType>(element: T, error?: string, ...checks: Z.core.$ZodCheck<never>[]): Z.ZodMiniArray<T> {
  return z.array(element, withChecks(error, checks));
}
// (an `error` of undefined is zod's default message, as if none were given)
const withChecks = (error: string | undefined, checks: Z.core.$ZodCheck<never>[]): never => ({ error, checks }) as never;

export const PERCENT_RE = /^\s*-?\d+(?:\.\d+)?\s*%\s*$/;
/** A currency code: three upper-case letters. */
export const CURRENCY_RE = /^[A-Z]{3}$/;
/** A date written as YYYY-MM-DD (whether the calendar has it: isRealDate). */
export const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A lower-case id: a provider, a GPU, a seat plan (letters, digits, . _ -). */
export const LOWER_ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
const RATE_EXPECTED = 'expected a fraction in [0, 1] or a percent string like "35%"';

/**
 * A value built on its first call, then the same value every time: the shared building blocks
 * below (and the hover-text tables, descriptions.ts). No schema node is built at module load, so
 * a run whose files pass the zod-free fast check (schema/scenario-fast.ts) and take the bundled
 * catalogues from the build's snapshot never builds one, nor pays for zod's first use of each
 * schema class.
 */
/* @__NO_SIDE_EFFECTS__ */ export function once<T>(build: () => T): () => T {
  let node: T | undefined;
  return () => (node ??= build());
}

/** A percent string ("35%") as a fraction; numbers pass through. */
const fromPercent = once(() => z.transform((v: number | string) => (typeof v === 'string' ? Number.parseFloat(v) / 100 : v)));

/** A fraction in [0, 1]; YAML may write it as a percent string ("35%"). Never clamped. */
export const rate = once(() =>
  z.pipe(
    z.pipe(z.union([z.number({ error: RATE_EXPECTED }), str(undefined, z.regex(PERCENT_RE, { error: RATE_EXPECTED }))], { error: RATE_EXPECTED }), fromPercent()),
    num(undefined, z.gte(0, { error: `${RATE_EXPECTED} (a fraction cannot be negative)` }), z.lte(1, { error: `${RATE_EXPECTED} (at most 1, i.e. 100%)` })),
  ),
);

/** A non-negative number that may also be written as a percent string (e.g. outcomes per request). */
export const nonNegativeOrPercent = once(() =>
  lazily(() =>
    z.pipe(
      z.pipe(z.union([z.number(), str(undefined, z.regex(PERCENT_RE))], { error: 'expected a number ≥ 0 or a percent string like "60%"' }), fromPercent()),
      num(undefined, z.gte(0, { error: 'expected a number ≥ 0' })),
    ),
  ),
);

export const nonNegative = once(() => num('expected a number ≥ 0', z.gte(0, { error: 'expected a number ≥ 0' })));
export const positive = once(() => num('expected a number > 0', z.gt(0, { error: 'expected a number > 0' })));

/**
 * Upper bounds on counts (issue 13, docs/scenario.md "Limits"). Each is far above any real
 * workload, and low enough that no product of bounded counts can overflow a double: they catch
 * a typo (`1e308`, an extra exponent) with a clear message instead of an Infinity in a report.
 */
export const LIMITS = {
  /** Requests a day: a trillion (every web search on Earth is ~1e10 a day). */
  requests_per_day: 1e12,
  /** Requests a month: 31 days at the daily bound, rounded up. */
  requests_per_month: 1e14,
  /** Users: 10 billion (more than people on Earth). */
  users: 1e10,
  /** Requests a user makes a day: a million (one every 0.09 s, all day). */
  requests_per_user_per_day: 1e6,
  /** Tokens per call (any input part, output, reasoning, context growth, a template's fill): a billion, ~100× the largest context window. */
  tokens: 1e9,
  /** Tokens a month of a `tokens_per_month` line item. */
  tokens_per_month: 1e18,
  /** Model calls per request of an agent stage. */
  agent_steps: 1000,
  /** Retries of a failed call. */
  max_retries: 10,
  /** Days of a month. */
  days_per_month: 31,
  /** Months of a forecast's horizon or curve, and of a quote's term. */
  months: 120,
  /** Labour minutes per request. */
  minutes: 1e6,
  /** A growth curve's monthly multiplier. */
  growth_multiplier: 1e6,
  /** Outcomes per request, and per month. */
  outcomes_per_request: 1e6,
  outcomes_per_month: 1e15,
} as const;

/** A count in [min, max] (whole numbers when `int`), with the bound in the message. */
/* @__NO_SIDE_EFFECTS__ */ export function boundedCount(max: number, unit: string, min = 0, int = false) {
  const expected = `expected ${int ? 'a whole number' : 'a number'} ≥ ${min}${unit ? ` (${unit})` : ''}`;
  const tooBig = `expected at most ${grouped(max, 0)}${unit ? ` ${unit}` : ''} — a bound against typos (see "Limits" in docs/scenario.md)`;
  return num(expected, ...(int ? [z.int({ error: expected })] : []), z.gte(min, { error: expected }), z.lte(max, { error: tooBig }));
}
/** ISO 4217-style currency code. */
export const currency = once(() => str('expected a currency code such as "USD"', z.regex(CURRENCY_RE, { error: 'expected a three-letter upper-case currency code such as "USD" or "EUR"' })));

/** A date written as YYYY-MM-DD (YAML may hand us a Date object for an unquoted date). Built on first use (catalogues, quotes …). */
export const isoDate = once(() => lazily(() =>
  z.pipe(
    z.pipe(
      z.union([z.string(), z.date()], { error: 'expected a date written as YYYY-MM-DD' }),
      z.transform((v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
    ),
    str(
      undefined,
      z.regex(ISO_DATE_RE, { error: 'expected a date written as YYYY-MM-DD' }),
      // only once the format is right, so a malformed date gets one message
      z.refine((v: string) => !ISO_DATE_RE.test(v) || isRealDate(v), { error: 'expected a real calendar date (month 01–12, a day that month has)' }),
    ),
  ),
));

/** Is `s` (YYYY-MM-DD) a date on the calendar? 2026-13-45 and 2026-02-30 are not. */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}
