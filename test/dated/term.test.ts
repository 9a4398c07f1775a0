/** quotes and seats over a term: each month at the prices in force on its first day. */
import { describe, expect, it } from 'vitest';
import { compareQuotes, type ResolvedQuote } from '../../src/core/quotes.js';
import { validateCatalogue } from '../../src/load/catalogues.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { runCli } from '../helpers/cli.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';

const dated = validateCatalogue(
  parseYamlText('version: 1\nprovider: dated\ncurrency: USD\nas_of: 2026-11-01\nsource: test\nmodels:\n  flash:\n    input: 0.75\n    output: 3.75\n    prices:\n      - { from: 2027-01-01, input: 1.5, output: 7.5 }\n', 'dated.yaml'),
  'dated.yaml',
);

describe('quotes over a horizon', () => {
  it('prices month 1 (2026-12) at the introductory rate and months 2–3 (2027) at the new one: hand-derived', () => {
    // 1000 requests × (1,000,000 input + 100,000 output): 1e9 × 0.75/1e6 + 1e8 × 3.75/1e6 = 1,125 in 2026,
    // 1e9 × 1.50/1e6 + 1e8 × 7.50/1e6 = 2,250 in 2027; a 10% discount applies to both
    const s = scenarioFrom(withStage('model: dated/flash\ninput: { user: 1000000 }\noutput: 100000'), { bundled: [dated], asOf: '2026-12-06' });
    const vendor = s.stages[0]!.models[0]!.model;
    const q: ResolvedQuote = {
      name: 'q', vendor: 'V', file: 'q.yaml', reference: null, validUntil: null, termMonths: 3, discount: 0.1, overageDiscount: null,
      commitment: null, seats: [], fees: [], mappings: [{ stage: 0, model: 0, vendor, via: 'same', outside: false, discount: 0.1 }], warnings: [],
    };
    const r = compareQuotes(s, [q], 3, { monthlyRate: 0, source: 'none' }, 'test');
    const months = r.quotes[0]!.months;
    expect(months.map((m) => m.priced_as_of)).toEqual(['2026-12-01', '2027-01-01', '2027-02-01']);
    expect(months.map((m) => m.list_usage)).toEqual([1125, 2250, 2250].map((x) => expect.closeTo(x, 9)));
    expect(r.quotes[0]!.tco).toBeCloseTo(0.9 * (1125 + 2250 + 2250), 9);
    expect(r.baseline_total).toBeCloseTo(1125 + 2250 + 2250, 9);
    expect(r.priced_as_of).toBe('2026-12-06');
    expect(r.quotes[0]!.warnings.join('\n')).toContain('dated/flash input $0.75 → $1.50, output $3.75 → $7.50 per 1M tokens on 2027-01-01');
  });
});

describe('seats over the commitment term', () => {
  it('without dated prices, the term totals are 12 × the monthly figures (annual term)', () => {
    const r = runCli(['seats', 'test/fixtures/seats-acme/team.yaml', '--plans', 'test/fixtures/seats-acme/plans.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml', '--plan', 'acme-chat', '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const p = j.plans[0];
    expect(p.over_term.months).toBe(12);
    expect(p.over_term.first_month).toBe('2026-11-01');
    expect(p.over_term.api_total).toBeCloseTo(12 * j.api.monthly_cost, 6);
    expect(p.over_term.plan_total).toBeCloseTo(12 * p.monthly_cost, 6);
  });
});
