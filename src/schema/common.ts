/** Building blocks shared by the schemas. */
import * as z from 'zod';

export const PERCENT_RE = /^\s*-?\d+(?:\.\d+)?\s*%\s*$/;
const RATE_EXPECTED = 'expected a fraction in [0, 1] or a percent string like "35%"';

/** A fraction in [0, 1]; YAML may write it as a percent string ("35%"). Never clamped. */
export const rate = z
  .union([z.number({ error: RATE_EXPECTED }), z.string().regex(PERCENT_RE, { error: RATE_EXPECTED })], {
    error: RATE_EXPECTED,
  })
  .transform((v) => (typeof v === 'string' ? Number.parseFloat(v) / 100 : v))
  .pipe(
    z
      .number()
      .min(0, { error: `${RATE_EXPECTED} (a fraction cannot be negative)` })
      .max(1, { error: `${RATE_EXPECTED} (at most 1, i.e. 100%)` }),
  );

/** A non-negative number that may also be written as a percent string (e.g. outcomes per request). */
export const nonNegativeOrPercent = z
  .union([z.number(), z.string().regex(PERCENT_RE)], { error: 'expected a number ≥ 0 or a percent string like "60%"' })
  .transform((v) => (typeof v === 'string' ? Number.parseFloat(v) / 100 : v))
  .pipe(z.number().min(0, { error: 'expected a number ≥ 0' }));

export const nonNegative = z.number({ error: 'expected a number ≥ 0' }).min(0, { error: 'expected a number ≥ 0' });
export const positive = z.number({ error: 'expected a number > 0' }).gt(0, { error: 'expected a number > 0' });
export const finiteNumber = z.number({ error: 'expected a number' });

/** ISO 4217-style currency code. */
export const currency = z
  .string({ error: 'expected a currency code such as "USD"' })
  .regex(/^[A-Z]{3}$/, { error: 'expected a three-letter upper-case currency code such as "USD" or "EUR"' });

/** A date written as YYYY-MM-DD (YAML may hand us a Date object for an unquoted date). */
export const isoDate = z
  .union([z.string(), z.date()], { error: 'expected a date written as YYYY-MM-DD' })
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as YYYY-MM-DD' }));
