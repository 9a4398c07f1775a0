/** core/dates.ts: calendar arithmetic over every four-digit year, and the pricing dates a run takes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isCalendarDate, LAST_PRICING_DATE, monthStart, pricingDateProblem } from '../../src/core/dates.js';
import { monthLabel } from '../../src/core/forecast.js';
import { MONTH_START_RE } from '../../src/schema/scenario.js';

describe('years 1 to 99 are those years, not 1900–1999 (Date.UTC reads them so)', () => {
  it('0050-01-01 to 2026-12-07 is 722,059 days (Python: date(2026,12,7) - date(50,1,1)); it read 28,099', () => {
    expect(daysBetween('0050-01-01', '2026-12-07')).toBe(722_059);
  });
  it('0100 is not a leap year, 0004 is: the day before 0100-03-01 is 0100-02-28, before 0004-03-01 it is 0004-02-29', () => {
    expect(addDays('0100-03-01', -1)).toBe('0100-02-28');
    expect(addDays('0004-03-01', -1)).toBe('0004-02-29');
    expect(isCalendarDate('0004-02-29')).toBe(true);
    expect(isCalendarDate('0100-02-29')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
  });
  it('property: addDays and daysBetween agree over years 1–9999 (a day-count round trip)', () => {
    const date = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -3000, max: 3000 }), (d, n) => {
        const e = addDays(d, n);
        if (e < '0001-01-01' || e > '9999-12-31') return;
        expect(isCalendarDate(e)).toBe(true);
        expect(daysBetween(d, e)).toBe(n);
      }),
    );
  });
  it('forecast month labels keep four digits: 0050-11 + 2 months is 0051-01 (it printed 51-01)', () => {
    expect(monthLabel('0050-11', 3)).toBe('0051-01');
    expect(monthLabel('2026-12', 2)).toBe('2027-01');
    expect(monthLabel(null, 2)).toBe('M2');
  });
});

describe('pricing dates stop at 9989-12-31, so every horizon (up to 120 months) ends by 9999-12-31', () => {
  it('boundary: 9989-12-31 is taken, 9990-01-01 is refused with the reason', () => {
    expect(LAST_PRICING_DATE).toBe('9989-12-31');
    expect(pricingDateProblem('9989-12-31')).toBeNull();
    expect(pricingDateProblem('9990-01-01')).toBe('expected a pricing date up to 9989-12-31 (forecasts and terms run up to 120 months past it)');
    expect(monthStart(LAST_PRICING_DATE, 120)).toBe('9999-12-01');
    expect(addDays(monthStart(LAST_PRICING_DATE, 120), 30)).toBe('9999-12-31');
  });
  it('a date that is not on the calendar and one not written as YYYY-MM-DD get different messages', () => {
    expect(pricingDateProblem('2026-02-29')).toBe('expected a real calendar date (month 01–12, a day that month has)');
    expect(pricingDateProblem('26-1-1')).toBe('expected a date written as YYYY-MM-DD');
    expect(pricingDateProblem('2028-02-29')).toBeNull();
  });
  it("growth.start: 0001-01 to 9989-12 (boundaries pinned: 0000-12 and 9990-01 are refused)", () => {
    for (const ok of ['0001-01', '0999-12', '2026-01', '8999-12', '9000-01', '9899-12', '9900-01', '9989-12']) expect(MONTH_START_RE.test(ok), ok).toBe(true);
    for (const bad of ['0000-12', '9990-01', '9999-06', '2026-00', '2026-13', '12026-01', '2026-1']) expect(MONTH_START_RE.test(bad), bad).toBe(false);
  });
});
