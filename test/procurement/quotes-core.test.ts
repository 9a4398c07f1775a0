/**
 * Vendor quotes, hand-computed on the synthetic acme catalogue (test/fixtures/quotes-acme):
 * the workload lists at $340/month on acme (draft $200 + review $140) and $212/month on beta,
 * 136M tokens a month.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareQuotes, type Growth } from '../../src/core/quotes.js';
import { loadQuote, parseGrowth } from '../../src/load/quotes.js';
import { loadScenario } from '../../src/load/scenario.js';
import type { QuotesReport } from '../../src/schema/quote.js';
import { acme } from '../helpers/scenario.js';
import { fixture } from './helpers.js';
import { inputErrorOf } from '../helpers/errors.js';

const SCENARIO = fixture('quotes-acme/scenario.yaml');
const scenario = loadScenario(SCENARIO, { bundled: [acme] });
const ctx = { catalogues: [acme] };
const NONE: Growth = { monthlyRate: 0, source: 'none' };
const grow = (r: number): Growth => ({ monthlyRate: r, source: 'flag' });

const dir = mkdtempSync(join(tmpdir(), 'aifinops-quotes-'));
// a quote may name catalogues inside its own repository only (docs/security.md): copy beta's in
copyFileSync(fixture('quotes-acme/beta-catalogue.yaml'), join(dir, 'beta-catalogue.yaml'));
let n = 0;
/** Write a quote file (in a temp folder) and return its path. */
function quoteFile(body: string): string {
  const file = join(dir, `q${++n}.yaml`);
  writeFileSync(file, `version: 1\nkind: quote\nvendor: Test\nterm_months: 12\n${body}`);
  return file;
}

function run(files: string[], horizon: number, growth: Growth = NONE, s = scenario): QuotesReport {
  return compareQuotes(s, files.map((f) => loadQuote(f, s, ctx)), horizon, growth, 'test');
}

const problems = (fn: () => unknown): string => inputErrorOf(fn).message;

describe('monthly commitments', () => {
  it('under-used: binds every month and the shortfall is paid', () => {
    // 20% off: $272 of usage against a $300 minimum, 12 months
    const q = run([fixture('quotes-acme/acme-monthly.yaml')], 12).quotes[0]!;
    expect(q.tco).toBeCloseTo(3600, 9);
    expect(q.components.usage).toBeCloseTo(272 * 12, 9);
    expect(q.components.unused_commitment).toBeCloseTo(28 * 12, 9);
    expect(q.commitment!.binding_months).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(q.commitment!.first_binding_month).toBe(1);
    expect(q.commitment!.exceeded_from_month).toBeNull();
    expect(q.commitment!.committed_total).toBeCloseTo(3600, 9);
    expect(q.months.every((m) => m.commitment_binding && Math.abs(m.total - 300) < 1e-9)).toBe(true);
  });

  it('over-used: usage above the minimum is billed at the overage rate', () => {
    // $272 against $200: the $72 excess at quote rates is $90 at list, billed 10% off = $81
    const f = quoteFile('rate_card: { discount: 20% }\ncommitment: { amount: 200, per: month }\noverage: { discount: 10% }\n');
    const q = run([f], 12).quotes[0]!;
    expect(q.months[0]!.overage).toBeCloseTo(81, 9);
    expect(q.months[0]!.total).toBeCloseTo(281, 9);
    expect(q.commitment!.binding_months).toEqual([]);
    expect(q.commitment!.first_binding_month).toBeNull();
    expect(q.commitment!.exceeded_from_month).toBe(1);
    expect(q.components.unused_commitment).toBe(0);
  });

  it('without an overage block the excess keeps the committed rate', () => {
    const f = quoteFile('rate_card: { discount: 20% }\ncommitment: { amount: 200, per: month }\n');
    expect(run([f], 1).quotes[0]!.months[0]!.total).toBeCloseTo(272, 9);
  });

  it('growth crosses the commitment: binds in months 1–3, exceeded from month 4', () => {
    // 272 × 1.05^(m−1): 272, 285.6, 299.88 < 300 ≤ 314.87
    const q = run([fixture('quotes-acme/acme-monthly.yaml')], 12, grow(0.05)).quotes[0]!;
    expect(q.commitment!.binding_months).toEqual([1, 2, 3]);
    expect(q.commitment!.first_binding_month).toBe(1);
    expect(q.commitment!.exceeded_from_month).toBe(4);
    expect(q.commitment!.unused).toBeCloseTo(28 + 14.4 + 0.12, 9);
    // month 4: 300 + (272 × 1.05³ − 300) × (1 / 0.8) × 0.9
    expect(q.months[3]!.total).toBeCloseTo(300 + (272 * 1.05 ** 3 - 300) * 1.125, 9);
  });

  it('shrinking usage: the commitment starts to bind in the month usage falls below it', () => {
    // 272, 258.4, 245.48 … against $250: binds from month 3
    const f = quoteFile('rate_card: { discount: 20% }\ncommitment: { amount: 250, per: month }\n');
    const q = run([f], 6, grow(-0.05)).quotes[0]!;
    expect(q.commitment!.first_binding_month).toBe(3);
    expect(q.commitment!.binding_months).toEqual([3, 4, 5, 6]);
    expect(q.commitment!.exceeded_from_month).toBe(1);
  });
});

describe('term commitments', () => {
  it('over-used: the balance runs out in the last month, no true-up', () => {
    // 25% off: $255/month; $3,000 over 12 months runs out in month 12 (11 × 255 = 2,805)
    const q = run([fixture('quotes-acme/acme-term.yaml')], 12).quotes[0]!;
    expect(q.commitment!.exceeded_from_month).toBe(12);
    expect(q.components.unused_commitment).toBe(0);
    expect(q.tco).toBeCloseTo(3060, 9);
    expect(q.effective_price_per_million).toBeCloseTo((3060 / (136e6 * 12)) * 1e6, 12);
  });

  it('under-used: the balance left at the term end is billed (true-up) — the commitment binds then', () => {
    const q = run([fixture('quotes-acme/acme-term.yaml')], 12, grow(-0.05)).quotes[0]!;
    const used = (255 * (1 - 0.95 ** 12)) / 0.05;
    expect(q.commitment!.used).toBeCloseTo(used, 9);
    expect(q.commitment!.unused).toBeCloseTo(3000 - used, 9);
    expect(q.commitment!.binding_months).toEqual([12]);
    expect(q.months[11]!.unused_commitment).toBeCloseTo(3000 - used, 9);
    expect(q.tco).toBeCloseTo(3000, 9);
    expect(q.warnings.join('\n')).toMatch(/of the commitment goes unused/);
  });

  it('a horizon shorter than the term pro-rates it; a longer one renews it', () => {
    const short = run([fixture('quotes-acme/acme-term.yaml')], 6).quotes[0]!;
    expect(short.commitment!.committed_total).toBeCloseTo(1500, 9);
    expect(short.commitment!.exceeded_from_month).toBe(6); // 5 × 255 = 1,275 < 1,500 < 1,530
    expect(short.warnings.join('\n')).toContain('pro-rated to 6 months');
    const long = run([fixture('quotes-acme/acme-term.yaml')], 24).quotes[0]!;
    expect(long.commitment!.committed_total).toBeCloseTo(6000, 9);
    expect(long.tco).toBeCloseTo(255 * 24, 9);
    expect(long.warnings.join('\n')).toContain('assumed to renew on the same terms');
  });
});

describe('term commitments: exceeded_from_month reads the first term only (docs/quotes.md)', () => {
  // 25% off acme: $255 in month 1, growing 2% a month; $3,500 committed per 12-month term.
  const q3500 = () => quoteFile('name: Term 3500\nrate_card: { provider: acme, discount: 25% }\ncommitment: { amount: 3500, per: term }');
  it('first term never exceeded (255 × (1.02¹² − 1)/0.02 = 3,420.08 < 3,500): null, even when the pro-rated second term is', () => {
    const firstTerm = (255 * (1.02 ** 12 - 1)) / 0.02;
    expect(firstTerm).toBeCloseTo(3420.08, 2);
    // months 13–18 use 255 × 1.02¹² × (1.02⁶ − 1)/0.02 = 2,040.2 of a pro-rated 3,500 × 6/12 = 1,750: exceeded in month 18
    const secondTerm = (255 * 1.02 ** 12 * (1.02 ** 6 - 1)) / 0.02;
    expect(secondTerm).toBeGreaterThan(1750);
    const q = run([q3500()], 18, grow(0.02)).quotes[0]!;
    expect(q.commitment!.exceeded_from_month).toBeNull();
    expect(q.months[17]!.overage).toBeGreaterThan(0); // the overage itself is still billed
    expect(q.commitment!.binding_months).toEqual([12]); // the first term's true-up
  });
  it('first term exceeded: the month its cumulative usage passes the commitment', () => {
    // $3,400: cumulative 255 × (1.02^m − 1)/0.02 passes 3,400 in month 12 (3,420.08), not in 11 (3,098.1)
    const q = run([quoteFile('name: Term 3400\nrate_card: { provider: acme, discount: 25% }\ncommitment: { amount: 3400, per: term }')], 18, grow(0.02)).quotes[0]!;
    expect(q.commitment!.exceeded_from_month).toBe(12);
  });
});

describe('seats, fees, mapping', () => {
  it('seats given as users grow with the workload, never shrink within a term, reset at renewal', () => {
    const f = quoteFile('rate_card: { discount: 0% }\nseats:\n  - { name: users, per_seat_month: 2, seats: users, min_seats: 10 }\n');
    const q = run([f], 13, grow(-0.1)).quotes[0]!;
    expect(q.months.slice(0, 12).every((m) => m.seats === 50)).toBe(true); // 50 users, shrinking
    expect(q.months[12]!.seats).toBe(Math.ceil(50 * 0.9 ** 12)); // 15 at renewal
    const up = run([f], 3, grow(0.1)).quotes[0]!;
    expect(up.months.map((m) => m.seats)).toEqual([50, 55, Math.ceil(50 * 1.21 - 1e-9)]);
  });

  it('one-time fees once, monthly every month, annual every 12 months', () => {
    const f = quoteFile('fees:\n  - { name: setup, one_time: 500 }\n  - { name: platform, monthly: 20 }\n  - { name: support, annual: 1200 }\n');
    const q = run([f], 24).quotes[0]!;
    expect(q.components.fees).toBeCloseTo(500 + 20 * 24 + 1200 * 2, 9);
    expect(q.months[0]!.fees).toBeCloseTo(1720, 9);
    expect(q.months[12]!.fees).toBeCloseTo(1220, 9);
  });

  it('maps by tier onto another vendor, and keeps calls outside the quote when told', () => {
    const beta = run([fixture('quotes-acme/beta.yaml')], 12).quotes[0]!;
    expect(beta.model_map.map((m) => [m.scenario_model, m.vendor_model, m.via])).toEqual([
      ['acme/acme-small', 'beta/beta-mini', 'tier'],
      ['acme/acme-large', 'beta/beta-pro', 'tier'],
    ]);
    expect(beta.components.usage).toBeCloseTo(212 * 12, 9);
    expect(beta.tco).toBeCloseTo(212 * 12 + 50 * 12 + 20 * 12 + 500, 9);
    const out = quoteFile(`rate_card: { catalogues: [beta-catalogue.yaml], provider: beta }\nmodel_map: { acme-small: beta-mini, tier:premium: outside }\n`);
    const q = run([out], 12).quotes[0]!;
    expect(q.components.usage).toBeCloseTo(100 * 12, 9);
    expect(q.components.outside).toBeCloseTo(140 * 12, 9);
    expect(q.model_map.map((m) => [m.via, m.outside])).toEqual([
      ['model', false],
      ['tier', true],
    ]);
  });

  it('per-model discounts replace the global one for that model', () => {
    const f = quoteFile('rate_card: { discount: 10%, model_discounts: { acme-large: 50% } }\n');
    expect(run([f], 1).quotes[0]!.tco).toBeCloseTo(200 * 0.9 + 140 * 0.5, 9);
  });

  it('ranks by TCO and explains the gap component by component', () => {
    const r = run([fixture('quotes-acme/beta.yaml'), fixture('quotes-acme/acme-monthly.yaml'), fixture('quotes-acme/acme-term.yaml')], 12);
    expect(r.quotes.map((q) => [q.rank, q.name])).toEqual([
      [1, 'Acme term commit'],
      [2, 'Acme monthly commit'],
      [3, 'Beta pay as you go'],
    ]);
    expect(r.quotes[0]!.versus_best).toBeNull();
    for (const q of r.quotes.slice(1)) {
      const d = q.versus_best!;
      expect(d.usage + d.unused_commitment + d.seats + d.fees + d.outside).toBeCloseTo(d.total, 9);
      expect(d.total).toBeCloseTo(q.tco - r.quotes[0]!.tco, 9);
    }
    expect(r.baseline_total).toBeCloseTo(340 * 12, 9);
  });
});

describe('quote validation', () => {
  it('a model the quote does not map is an error that names it and shows the fix', () => {
    const f = quoteFile(`rate_card: { catalogues: [beta-catalogue.yaml], provider: beta }\nmodel_map: { tier:budget: beta-mini }\n`);
    const msg = problems(() => loadQuote(f, scenario, ctx));
    expect(msg).toContain('model_map: the quote does not say which beta model prices acme/acme-large (tier premium) in stage review');
    expect(msg).toContain('add to model_map, e.g. acme-large: <vendor model>, or tier:premium: <vendor model>');
  });

  it('unknown vendor model (did you mean), wrong provider, unknown tier, misspelt key — all located', () => {
    const f = quoteFile(`rate_card: { catalogues: [beta-catalogue.yaml], provider: beta }\nmodel_map:\n  tier:budget: beta-mnii\n  tier:premum: beta-pro\n  acme-large: acme-small\noverrage: { discount: 5% }\n`);
    const msg = problems(() => loadQuote(f, scenario, ctx));
    expect(msg).toMatch(/q\d+\.yaml:10:1: overrage: unknown key "overrage" — did you mean "overage"\?/);
    const f2 = quoteFile(`rate_card: { catalogues: [beta-catalogue.yaml], provider: beta }\nmodel_map:\n  tier:budget: beta-mnii\n  tier:premum: beta-pro\n  acme-large: acme-small\n`);
    const msg2 = problems(() => loadQuote(f2, scenario, ctx));
    expect(msg2).toMatch(/q\d+\.yaml:7:16: model_map\.tier:budget: unknown model "beta-mnii" — did you mean "beta-mini"/);
    expect(msg2).toMatch(/model_map\.tier:premum: unknown tier "premum" — did you mean "premium"\?/);
    expect(msg2).toContain("acme/acme-small is not a beta model, but the rate card is beta's");
  });

  it('a fee needs exactly one amount; the currency must match; a missing rate-card catalogue is located', () => {
    const f = quoteFile('currency: EUR\nrate_card: { catalogues: [nope.yaml] }\nfees:\n  - { name: x, one_time: 1, monthly: 2 }\n');
    const msg = problems(() => loadQuote(f, scenario, ctx));
    expect(msg).toContain('currency: the quote is in EUR but the scenario is priced in USD');
    expect(msg).toContain('rate_card.catalogues[0]: catalogue file not found');
    expect(msg).toContain('fees.x: the fee mixes one_time and monthly');
  });

  it('parses growth rates and rejects nonsense', () => {
    expect(parseGrowth('5%/month')).toBeCloseTo(0.05, 12);
    expect(parseGrowth('5%')).toBeCloseTo(0.05, 12);
    expect(parseGrowth('0.05')).toBeCloseTo(0.05, 12);
    expect(parseGrowth('-2% / mo')).toBeCloseTo(-0.02, 12);
    expect(() => parseGrowth('fast')).toThrow(/--growth: expected a monthly growth rate, got "fast"/);
    expect(() => parseGrowth('-100%')).toThrow(/between -100% and 100%/);
    expect(() => parseGrowth('150%')).toThrow(/between -100% and 100%/);
  });
});
