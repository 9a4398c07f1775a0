/** Prices on the date they apply (core/prices-at.ts): resolution, boundaries, schedule validation, warnings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, monthStart } from '../../src/core/dates.js';
import { changesBetween, describeChange, effectiveFromAt, monthPricingDate, pricesAt, repriceScenario, scheduleWarnings, shutdownWarnings, staleWarnings } from '../../src/core/prices-at.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { ModelRegistry } from '../../src/core/registry.js';
import { validateCatalogue } from '../../src/load/catalogues.js';
import { parseYamlText } from '../../src/load/yaml.js';
import type { CatalogueModel } from '../../src/schema/catalogue.js';
import { inputErrorOf } from '../helpers/errors.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';

const CATALOGUE = `version: 1
provider: dated
currency: USD
as_of: 2026-11-01
source: test
models:
  flash:
    input: 0.75
    output: 3.75
    cache_read: 0.075
    batch_discount: 0.5
    prices:
      - from: 2027-01-01
        input: 1.5
        output: 7.5
        cache_read: 0.15
      - from: 2027-06-01
        input: 1.2
        output: 6
`;
const dated = () => validateCatalogue(parseYamlText(CATALOGUE, 'dated.yaml'), 'dated.yaml');
const flash = (): CatalogueModel => dated().catalogue.models.flash!;

describe('pricesAt: the entry with the latest from on or before the date', () => {
  it('a price from 2027-01-01 applies on 2027-01-01, not on 2026-12-31 (boundary pinned)', () => {
    expect([effectiveFromAt(flash(), '2026-12-31'), effectiveFromAt(flash(), '2027-01-01'), effectiveFromAt(flash(), '2027-06-01')]).toEqual([null, '2027-01-01', '2027-06-01']);
    expect(effectiveFromAt({ input: 1, output: 1 }, '2030-01-01')).toBeNull();
    expect(pricesAt(flash(), '2026-12-31')).toMatchObject({ effectiveFrom: null, prices: { input: 0.75, output: 3.75, cache_read: 0.075 } });
    expect(pricesAt(flash(), '2027-01-01')).toMatchObject({ effectiveFrom: '2027-01-01', prices: { input: 1.5, output: 7.5, cache_read: 0.15 } });
    expect(pricesAt(flash(), '2027-05-31').effectiveFrom).toBe('2027-01-01');
    expect(pricesAt(flash(), '2027-06-01').effectiveFrom).toBe('2027-06-01');
  });

  it('a dated price restates every rate: a rate it omits is absent (no cache_read = no caching), not inherited', () => {
    const p = pricesAt(flash(), '2027-06-01').prices;
    expect(p).toMatchObject({ input: 1.2, output: 6 });
    expect(p.cache_read).toBeUndefined();
    // fields that are not rates stay: the batch discount does not change with the date
    expect(p.batch_discount).toBe(0.5);
    expect(p.prices).toBeUndefined();
  });

  it('property: any date gets the entry with the latest from ≤ date, else the base rates', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 0, maxLength: 6 }), day, (froms, date) => {
        const sorted = [...froms].sort();
        const entry: CatalogueModel = { input: 100, output: 100, prices: sorted.map((from, i) => ({ from, input: i, output: i })) };
        const r = pricesAt(entry, date);
        const eligible = sorted.filter((f) => f <= date);
        const want = eligible.length ? eligible[eligible.length - 1]! : null;
        expect(r.effectiveFrom).toBe(want);
        expect(r.prices.input).toBe(want === null ? 100 : sorted.indexOf(want));
        // what forecast keys its pricings by, without building the prices: the same answer
        expect(effectiveFromAt(entry, date)).toBe(want);
      }),
    );
  });
});

describe('the registry prices every model at the run date', () => {
  it('the same catalogue gives the introductory rate before 2027 and the new rate after', () => {
    expect(new ModelRegistry([dated()], '2026-12-31').all()[0]!.prices.input).toBe(0.75);
    const after = new ModelRegistry([dated()], '2027-01-01').all()[0]!;
    expect(after.prices.input).toBe(1.5);
    expect(after.effectiveFrom).toBe('2027-01-01');
  });

  it('an estimate at 2027-01-01 costs the hand-derived new figure and says which dated price applied', () => {
    // 1000 requests × (1,000,000 input + 100,000 output) tokens: 1e9 × 1.50/1e6 + 1e8 × 7.50/1e6 = 1500 + 750
    const y = withStage('model: dated/flash\ninput: { user: 1000000 }\noutput: 100000');
    const before = estimateScenario(scenarioFrom(y, { bundled: [dated()], asOf: '2026-12-31' }));
    const after = estimateScenario(scenarioFrom(y, { bundled: [dated()], asOf: '2027-01-01' }));
    expect(before.total_monthly_cost).toBeCloseTo(1e9 * 0.75e-6 + 1e8 * 3.75e-6, 9); // 750 + 375
    expect(after.total_monthly_cost).toBeCloseTo(1500 + 750, 9);
    expect(before.stages[0]!.models[0]!.priced_by.effective_from).toBeNull();
    expect(after.stages[0]!.models[0]!.priced_by.effective_from).toBe('2027-01-01');
    // re-pricing the loaded scenario gives the same as loading it at that date
    const re = estimateScenario(repriceScenario(scenarioFrom(y, { bundled: [dated()], asOf: '2026-12-31' }), '2027-01-01'));
    expect(re.total_monthly_cost).toBe(after.total_monthly_cost);
  });
});

describe('schedule validation', () => {
  const bad = (schedule: string) =>
    inputErrorOf(() => validateCatalogue(parseYamlText(`version: 1\nprovider: x\ncurrency: USD\nas_of: 2026-11-01\nsource: t\nmodels:\n  m:\n    input: 1\n    output: 2\n    prices:\n${schedule}`, 'x.yaml'), 'x.yaml')).message;

  it('rejects dates out of order, a date twice, and dates that are not real, naming the entry', () => {
    expect(bad('      - { from: 2027-02-01, input: 1, output: 1 }\n      - { from: 2027-01-01, input: 2, output: 2 }\n')).toMatch(/x\.yaml:\d+:\d+: models\.m\.prices\[1\]\.from: dated prices must be in date order, but 2027-01-01 comes after 2027-02-01/);
    expect(bad('      - { from: 2027-01-01, input: 1, output: 1 }\n      - { from: 2027-01-01, input: 2, output: 2 }\n')).toMatch(/models\.m\.prices\[1\]\.from: two prices from 2027-01-01/);
    expect(bad('      - { from: 2027-02-29, input: 1, output: 1 }\n')).toMatch(/models\.m\.prices\[0\]\.from: expected a real calendar date/);
    expect(bad('      - { from: 2027-01-01, input: 1 }\n')).toMatch(/models\.m\.prices\[0\]\.output: is required/);
    expect(bad('      - { from: 2027-01-01, input: 1, output: 1, tier: mid }\n')).toMatch(/unknown key "tier"/);
  });

  it('calendar dates: leap days only in leap years', () => {
    expect(['2028-02-29', '2027-02-28', '2027-12-31'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2027-02-29', '2027-13-01', '2027-04-31', '2027-1-01'].map(isCalendarDate)).toEqual([false, false, false, false]);
    expect(monthStart('2026-12-06', 1)).toBe('2027-01-01');
    expect(monthPricingDate('2026-11', '2030-01-01', 3)).toBe('2027-01-01');
    expect(monthPricingDate(null, '2026-12-06', 1)).toBe('2026-12-01');
  });
});

describe('warnings', () => {
  const s = (asOf: string) => scenarioFrom(withStage('model: dated/flash\ninput: { user: 1000 }\noutput: 10'), { bundled: [dated()], asOf });

  it('names the change with the real figures when it falls within 90 days after the pricing date', () => {
    expect(s('2026-10-03').warnings).toContain(
      'dated/flash input $0.75 → $1.50, output $3.75 → $7.50, cache read $0.075 → $0.15 per 1M tokens on 2027-01-01 (within 90 days of the pricing date 2026-10-03)',
    );
  });

  it('90 days is inclusive: 2026-10-03 + 90 days = 2027-01-01 warns, 2026-10-02 does not; the change day itself no longer warns', () => {
    expect(addDays('2026-10-03', 90)).toBe('2027-01-01');
    const about = (w: string[]) => w.filter((x) => x.includes('on 2027-01-01'));
    expect(about(s('2026-10-03').warnings)).toHaveLength(1);
    expect(about(s('2026-10-02').warnings)).toHaveLength(0);
    expect(about(s('2027-01-01').warnings)).toHaveLength(0);
  });

  it('a horizon reaches further than 90 days', () => {
    const sc = s('2026-06-01');
    expect(scheduleWarnings(sc, '2026-06-01')).toEqual([]);
    expect(scheduleWarnings(sc, '2026-06-01', { horizonEnd: '2027-05-31', horizonLabel: '12-month forecast' })).toEqual([
      'dated/flash input $0.75 → $1.50, output $3.75 → $7.50, cache read $0.075 → $0.15 per 1M tokens on 2027-01-01 (inside the 12-month forecast)',
    ]);
  });

  it('a horizon that starts later (a forecast from growth.start): a change up to its first day applies to every month, one after it is inside (boundary: the first day itself)', () => {
    const sc = s('2026-06-01');
    const at = (horizonStart: string) => scheduleWarnings(sc, '2026-06-01', { horizonEnd: '2027-12-31', horizonLabel: '12-month forecast', horizonStart });
    expect(at('2027-01-01')[0]).toBe('dated/flash input $0.75 → $1.50, output $3.75 → $7.50, cache read $0.075 → $0.15 per 1M tokens on 2027-01-01 (on or before the first day of the 12-month forecast: every month of it is priced at the new rates)');
    expect(at('2027-01-01')[1]).toMatch(/on 2027-06-01 \(inside the 12-month forecast\)$/);
    expect(at('2026-12-01')[0]).toMatch(/on 2027-01-01 \(inside the 12-month forecast\)$/);
  });

  it('a shutdown before a later horizon starts leaves every month pricing a model that no longer runs (boundary: on its first day)', () => {
    const m = new ModelRegistry([dated()], '2026-06-01').all()[0]!;
    const gone = { ...m, prices: { ...m.prices, deprecated: { shutdown: '2027-01-10', replacement: 'flash-2' } } };
    expect(shutdownWarnings([gone], '2028-02-29', '2-month forecast', '2028-01-01')).toEqual([
      'dated/flash shuts down on 2027-01-10, on or before the first day of the 2-month forecast: every month of it prices a model dated no longer runs; its replacement is flash-2',
    ]);
    expect(shutdownWarnings([gone], '2027-02-28', '2-month forecast', '2027-01-10')[0]).toContain('on or before the first day of the 2-month forecast');
    expect(shutdownWarnings([gone], '2027-02-28', '2-month forecast', '2027-01-01')[0]).toContain('inside the 2-month forecast: from that day on');
    expect(shutdownWarnings([gone], '2027-01-09', '1-month forecast', '2026-12-10')).toEqual([]);
  });

  it('describes dropped rates', () => {
    const m = new ModelRegistry([dated()], '2027-01-01').all()[0]!;
    const [c] = changesBetween(m, '2027-01-01', '2027-12-31');
    expect(describeChange(c!, 'USD')).toBe('input $1.50 → $1.20, output $7.50 → $6.00, cache read $0.15 → none');
  });

  it('warns when prices were checked more than the maximum age before the pricing date (boundary: 120 days is not stale)', () => {
    const m = new ModelRegistry([dated()], '2027-03-01').all()[0]!; // catalogue as_of 2026-11-01
    expect(staleWarnings([m], addDays('2026-11-01', 120))).toEqual([]);
    expect(staleWarnings([m], addDays('2026-11-01', 121))).toEqual([
      'dated/flash: its prices were checked on 2026-11-01 (dated.yaml as_of), 121 days before the pricing date 2027-03-02, more than 120; check them, or raise --max-price-age',
    ]);
    // one day is "1 day"
    expect(staleWarnings([m], '2026-11-02', 0)[0]).toContain('1 day before the pricing date 2026-11-02, more than 0');
    expect(staleWarnings([m], addDays('2026-11-01', 121), 200)).toEqual([]);
    // an entry's own as_of (a hand supplement's date) wins over the catalogue's
    const own = { ...m, entry: { ...m.entry, as_of: '2027-02-01' } };
    expect(staleWarnings([own], '2027-03-02')).toEqual([]);
  });
});

describe('actuals re-price each day at that day’s rates', () => {
  it('ratesOn resolves the schedule per day: 2026-12-31 introductory, 2027-01-01 new', async () => {
    const { ratesOn } = await import('../../src/actuals/pricing.js');
    const m = new ModelRegistry([dated()], '2026-11-23').all()[0]!;
    expect(ratesOn(m, '2026-12-31').input).toBeCloseTo(0.75e-6, 15);
    expect(ratesOn(m, '2027-01-01').input).toBeCloseTo(1.5e-6, 15);
    expect(ratesOn(m, '2027-06-01').cache_read).toBeCloseTo(1.2e-6, 15); // no cache_read that day: reads cost input
  });
});
