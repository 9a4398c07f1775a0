/**
 * "Today" for a run: the pricing date every command uses when `--as-of` is not given.
 * AIFINOPS_TODAY (YYYY-MM-DD) pins it, for tests and for CI jobs that must give the same numbers
 * on every day; otherwise it is the current date in UTC.
 */
import { pricingDateProblem, utcDay } from '../core/dates.js';
import { InputError } from '../errors.js';
import { quoted } from './excerpt.js';

export function today(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const pinned = env.AIFINOPS_TODAY;
  if (pinned !== undefined && pinned !== '') {
    const problem = pricingDateProblem(pinned);
    if (problem) throw new InputError({ path: 'AIFINOPS_TODAY', message: `${problem}, got ${quoted(pinned)}`, fix: 'unset it, or set a real date such as AIFINOPS_TODAY=2027-01-01' });
    return pinned;
  }
  return utcDay(now());
}
