/**
 * Calendar dates as `YYYY-MM-DD` strings, in UTC. Pure: no clock. The pricing date of a run comes
 * from `--as-of` or from the caller's clock (src/util/clock.ts); everything here takes it as input.
 */

const DAY_MS = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The last pricing date a run takes (`--as-of`, AIFINOPS_TODAY) and the last month a forecast
 * starts in: forecasts, quote horizons and seat terms run up to 120 months past it, and these
 * dates have four-digit years (9999-12-31 at most).
 */
export const LAST_PRICING_DATE = '9989-12-31';

/** True for a real calendar date written as YYYY-MM-DD (2027-02-29 is not one). */
export function isCalendarDate(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(utcMs(y, mo, 0)).getUTCDate();
}

/**
 * What is wrong with `s` as a pricing date, as the end of an error message ("expected …"), or
 * null when it is one: a real calendar date written as YYYY-MM-DD, from 0001-01-01 to
 * LAST_PRICING_DATE.
 */
export function pricingDateProblem(s: string): string | null {
  if (!ISO_RE.test(s)) return 'expected a date written as YYYY-MM-DD';
  if (!isCalendarDate(s)) return 'expected a real calendar date (month 01–12, a day that month has)';
  if (s > LAST_PRICING_DATE) return `expected a pricing date up to ${LAST_PRICING_DATE} (forecasts and terms run up to 120 months past it)`;
  return null;
}

/** Date.UTC for any year from 1 on (Date.UTC reads years 0–99 as 1900–1999). */
function utcMs(y: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(y, monthIndex, day);
  return d.getTime();
}

function toMs(date: string): number {
  const m = ISO_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return utcMs(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `date` plus `days` (negative: minus). */
export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS);
}

/** The first day of the calendar month `months` after the month of `date` (0: its own month). */
export function monthStart(date: string, months = 0): string {
  const m = ISO_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const idx = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  return `${String(Math.floor(idx / 12)).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
}

/** The date the UTC clock shows at `now`. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}
