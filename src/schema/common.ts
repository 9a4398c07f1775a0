/**
 * Building blocks shared by the schemas.
 *
 * The schemas every run builds (this file, the scenario's, its `seats:` block) use zod/mini: a
 * short `aifinops estimate` spent more time constructing classic zod schemas (each classic schema
 * class installs its dozens of chained methods on first use) than on anything else. Mini schemas
 * are the same zod core — same parsing, issues and JSON Schema — with functions instead of
 * methods: `z.optional(rate)` rather than `rate.optional()`, also from classic schema files.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Classic zod installs its English messages when imported; zod/mini leaves that to the program.
// Every schema module imports this one, so messages are the same whichever zod a run loaded.
z.config(en());

export const PERCENT_RE = /^\s*-?\d+(?:\.\d+)?\s*%\s*$/;
const RATE_EXPECTED = 'expected a fraction in [0, 1] or a percent string like "35%"';

/** A percent string ("35%") as a fraction; numbers pass through. */
const fromPercent = z.transform((v: number | string) => (typeof v === 'string' ? Number.parseFloat(v) / 100 : v));

/** A fraction in [0, 1]; YAML may write it as a percent string ("35%"). Never clamped. */
export const rate = z.pipe(
  z.pipe(z.union([z.number({ error: RATE_EXPECTED }), z.string().check(z.regex(PERCENT_RE, { error: RATE_EXPECTED }))], { error: RATE_EXPECTED }), fromPercent),
  z.number().check(z.gte(0, { error: `${RATE_EXPECTED} (a fraction cannot be negative)` }), z.lte(1, { error: `${RATE_EXPECTED} (at most 1, i.e. 100%)` })),
);

/** A non-negative number that may also be written as a percent string (e.g. outcomes per request). */
export const nonNegativeOrPercent = z.pipe(
  z.pipe(z.union([z.number(), z.string().check(z.regex(PERCENT_RE))], { error: 'expected a number ≥ 0 or a percent string like "60%"' }), fromPercent),
  z.number().check(z.gte(0, { error: 'expected a number ≥ 0' })),
);

export const nonNegative = z.number({ error: 'expected a number ≥ 0' }).check(z.gte(0, { error: 'expected a number ≥ 0' }));
export const positive = z.number({ error: 'expected a number > 0' }).check(z.gt(0, { error: 'expected a number > 0' }));
export const finiteNumber = z.number({ error: 'expected a number' });

/** ISO 4217-style currency code. */
export const currency = z
  .string({ error: 'expected a currency code such as "USD"' })
  .check(z.regex(/^[A-Z]{3}$/, { error: 'expected a three-letter upper-case currency code such as "USD" or "EUR"' }));

/** A date written as YYYY-MM-DD (YAML may hand us a Date object for an unquoted date). */
export const isoDate = z.pipe(
  z.pipe(
    z.union([z.string(), z.date()], { error: 'expected a date written as YYYY-MM-DD' }),
    z.transform((v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
  ),
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as YYYY-MM-DD' })),
);
