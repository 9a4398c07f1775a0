/** Seat-plan catalogues and the scenario's seats: block: validation and located, actionable errors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audienceFor, loadSeatCatalogueFile, planIndex, resolvePlan, validateSeatCatalogue } from '../../src/load/seats.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { scenarioFrom } from '../helpers/scenario.js';
import { PLANS_FILE, plan, plansIndex, seatScenario } from './helpers.js';
import { inputErrorOf } from '../helpers/errors.js';

const problems = (fn: () => unknown): string => inputErrorOf(fn).message;

describe('resolving a plan', () => {
  it('unknown plan: did you mean', () => {
    expect(problems(() => plan('acme-chta'))).toMatch(/--plan: unknown seat plan "acme-chta" — did you mean "acme-chat"\?/);
  });

  it('no published price: refuses, says why and what to do', () => {
    const msg = problems(() => plan('acme-sales'));
    expect(msg).toContain('Acme Sales-led (acme-sales) has no published price');
    expect(msg).toContain('plans.acme-sales.price is null');
    expect(msg).toContain('--seat-price');
    expect(plan('acme-sales', { seatPrice: 45 }).pricePerSeatMonth).toBe(45);
  });

  it('no published price with --seat-price: the monthly term (annual only when the vendor publishes an annual price)', () => {
    const p = plan('acme-sales', { seatPrice: 22 });
    expect(p.term).toBe('monthly');
    expect(p.pricePerSeatMonth).toBe(22);
    expect(plan('acme-sales', { seatPrice: 22, term: 'annual' }).term).toBe('annual');
  });

  it('a term without a price, and a term the plan does not offer', () => {
    expect(problems(() => plan('acme-enterprise', { term: 'monthly' }))).toMatch(/publishes no monthly price.*use --term annual/);
    expect(problems(() => plan('acme-code', { term: 'annual' }))).toMatch(/is not offered on an annual term — use --term monthly/);
    expect(problems(() => plan('acme-chat', { term: 'yearly' }))).toMatch(/--term: unknown term "yearly"/);
  });

  it('defaults to the annual price when published, else the term that has one', () => {
    expect(plan('acme-chat').term).toBe('annual');
    expect(plan('acme-code').term).toBe('monthly');
    expect(plan('acme-hidden', { allowance: 5 }).term).toBe('monthly');
  });

  it('currency must match the scenario', () => {
    expect(problems(() => resolvePlan('acme-chat', plansIndex, {}, 'EUR'))).toMatch(/priced in USD .* but the scenario's currency is EUR/);
  });

  it('a later catalogue replaces a plan with the same id', () => {
    const extra = validateSeatCatalogue(
      parseYamlText('version: 1\nkind: seat-plans\ncurrency: USD\nas_of: 2026-02-01\nplans:\n  acme-chat:\n    vendor: Acme\n    product: Acme Chat (negotiated)\n    price: { annual: 15 }\n    usage: { kind: included }\n    source: contract 42\n', 'mine.yaml'),
    );
    const idx = planIndex([loadSeatCatalogueFile(PLANS_FILE, 'plans.yaml'), extra]);
    expect(resolvePlan('acme-chat', idx, {}, 'USD').pricePerSeatMonth).toBe(15);
    expect(idx.get('acme-chat')!.file).toBe('mine.yaml');
    expect(resolvePlan('acme-code', idx, {}, 'USD').pricePerSeatMonth).toBe(20); // the others stay
  });
});

describe('seat catalogue validation', () => {
  it('the bundled catalogue validates, and every plan has a source and a price or an explicit null', () => {
    const y = parseYamlText(readFileSync(new URL('../../pricing/seats.yaml', import.meta.url), 'utf8'), 'pricing/seats.yaml');
    const c = validateSeatCatalogue(y).catalogue;
    expect(Object.keys(c.plans).length).toBeGreaterThanOrEqual(10);
    for (const [id, p] of Object.entries(c.plans)) {
      expect(p.source, id).toMatch(/^https:\/\//);
      expect(p.price === null || p.price.annual !== undefined || p.price.monthly !== undefined, id).toBe(true);
    }
    // never a top-level `models:` line: pricing/*.yaml with one are read as token catalogues
    expect(readFileSync(new URL('../../pricing/seats.yaml', import.meta.url), 'utf8')).not.toMatch(/^models:/m);
  });

  it('misspelt keys and wrong kinds are located, with did-you-mean', () => {
    const text = `version: 1
kind: seat-plans
currency: USD
as_of: 2026-01-01
plans:
  p1:
    vendor: V
    product: P
    price: { anual: 10 }
    usage: { kind: unlimited }
    source: x
`;
    const msg = problems(() => validateSeatCatalogue(parseYamlText(text, 'bad.yaml')));
    expect(msg).toContain('bad.yaml:9:14: plans.p1.price.anual: unknown key "anual" — did you mean "annual"?');
    expect(msg).toMatch(/bad\.yaml:10:\d+: plans\.p1\.usage\.kind: expected usage.kind: included, allowance or metered/);
  });
});

describe('the scenario seats: block', () => {
  const audience = (yamlText: string) => audienceFor(scenarioFrom(yamlText), parseYamlText(yamlText, 'inline.yaml'));

  it('defaults: everyone active, no segments, nothing kept', () => {
    expect(audience(seatScenario(10, 1).yamlText)).toEqual({ activeShare: 1, segments: null, keep: [] });
  });

  it('segment shares must sum to 1; names unique; "inactive" reserved', () => {
    const { yamlText } = seatScenario(
      10,
      1,
      `seats:
  segments:
    - { name: light, share: 0.5, requests_per_user_per_day: 1 }
    - { name: light, share: 0.3, requests_per_user_per_day: 5 }
    - { name: inactive, share: 0.1, requests_per_user_per_day: 0 }`,
    );
    const msg = problems(() => audience(yamlText));
    expect(msg).toContain('inline.yaml:12:15: seats.segments[1].name: segment name "light" is used twice');
    expect(msg).toContain('inline.yaml:13:15: seats.segments[2].name: "inactive" is reserved');
    expect(msg).toMatch(/inline\.yaml:11:5: seats\.segments: the segment shares sum to 0\.9, expected 1/);
  });

  it('kept costs must name line items; active share must be > 0; users are needed', () => {
    const { yamlText } = seatScenario(10, 1, 'costs:\n  - { name: platform, monthly: 5 }\nseats: { active_share: 0, keep_costs: [platfrom] }');
    const msg = problems(() => audience(yamlText));
    expect(msg).toContain('seats.keep_costs[0]: no line item named "platfrom" under costs — did you mean "platform"?');
    expect(msg).toContain('seats.active_share: expected a share > 0');
    const noUsers = 'version: 1\nname: t\ntraffic: { requests_per_month: 100 }\npipeline:\n  - { name: s, model: acme-small, input: { user: 10 } }\n';
    expect(problems(() => audience(noUsers))).toContain('traffic: seats versus tokens needs the number of users');
  });

  it('a misspelt key in the block is caught by the scenario schema, with did-you-mean', () => {
    expect(problems(() => seatScenario(10, 1, 'seats: { active_shar: 0.5 }'))).toContain('inline.yaml:9:10: seats.active_shar: unknown key "active_shar" — did you mean "active_share"?');
  });

  it('--set and variants reach the block', () => {
    const { yamlText } = seatScenario(10, 1, 'seats: { active_share: 0.5 }\nvariants:\n  quiet: { seats.active_share: 0.25 }');
    const y = parseYamlText(yamlText, 'inline.yaml');
    expect(audienceFor(scenarioFrom(yamlText, { set: ['seats.active_share=40%'] }), y).activeShare).toBeCloseTo(0.4, 12);
    expect(audienceFor(scenarioFrom(yamlText, { variant: 'quiet' }), y).activeShare).toBeCloseTo(0.25, 12);
  });
});
