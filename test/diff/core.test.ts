/** The diff core: hand-computed price/usage splits on the acme catalogue, matching, invariants. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffScenario, splitChange, type DiffInputScenario } from '../../src/core/diff.js';
import { buildDiff, matchScenarios, nothingMoved } from '../../src/core/diff-report.js';
import { InputError } from '../../src/errors.js';
import { validateCatalogue } from '../../src/load/catalogues.js';
import { parseYamlText } from '../../src/load/yaml.js';
import type { TokenDriver } from '../../src/schema/diff-report.js';
import { TOKEN_KINDS } from '../../src/schema/report.js';
import { ACME_FILE, acme, estimateFrom, withStage } from '../helpers/scenario.js';

const SIDE = { kind: 'report' as const, label: 'base.json', commit: null, tool_version: '0.1.0', priced_as_of: null };
const HEAD = { kind: 'working-tree' as const, label: 'working tree', commit: null, tool_version: null, priced_as_of: null };

/** The acme catalogue with text replacements (a catalogue that moved). */
function acmeWith(...edits: [string, string][]) {
  let text = readFileSync(ACME_FILE, 'utf8');
  for (const [a, b] of edits) {
    expect(text).toContain(a);
    text = text.replace(a, b);
  }
  return validateCatalogue(parseYamlText(text, 'acme.yaml'), 'acme.yaml');
}

const tokenDriver = (d: { drivers: unknown[] }, kind: string, model = 'acme/acme-large') =>
  d.drivers.find((x) => (x as TokenDriver).kind === 'tokens' && (x as TokenDriver).token_kind === kind && (x as TokenDriver).model === model) as TokenDriver | undefined;

// 1,000 requests/month, one call each: input 1M tokens, output 100K tokens.
const LARGE = withStage('model: acme-large\ninput: { user: 1000 }\noutput: 100');

describe('price versus usage (hand-computed on acme)', () => {
  it('a catalogue price move is all price: output $40 → $44 per 1M on 100K tokens = +$0.40', () => {
    const b = estimateFrom(LARGE);
    const h = estimateFrom(LARGE, { bundled: [acmeWith(['    output: 40.00', '    output: 44.00'])] });
    const d = diffScenario(b, h);
    expect(d.status).toBe('changed');
    expect(d.change).toBeCloseTo(0.4, 12);
    expect(d.price_effect).toBeCloseTo(0.4, 12);
    expect(d.usage_effect).toBeCloseTo(0, 12);
    const out = tokenDriver(d, 'output')!;
    expect(out.rate_before).toBeCloseTo(40, 9);
    expect(out.rate_after).toBeCloseTo(44, 9);
    expect(d.drivers).toHaveLength(1); // input did not move
  });

  it('more tokens at the same price is all usage: output 100 → 200 tokens = +$4.00', () => {
    const d = diffScenario(estimateFrom(LARGE), estimateFrom(LARGE.replace('output: 100', 'output: 200')));
    expect(d.change).toBeCloseTo(4, 12);
    expect(d.price_effect).toBeCloseTo(0, 12);
    expect(d.usage_effect).toBeCloseTo(4, 12);
  });

  it('both at once: the symmetric split values the price move on the mean tokens', () => {
    // k0 = 100K × $40/M = $4; k1 = 200K × $44/M = $8.80
    // price = ($44 − $40)/M × (100K + 200K)/2 = $0.60; usage = (200K − 100K) × ($40 + $44)/2/M = $4.20
    const b = estimateFrom(LARGE);
    const h = estimateFrom(LARGE.replace('output: 100', 'output: 200'), { bundled: [acmeWith(['    output: 40.00', '    output: 44.00'])] });
    const d = diffScenario(b, h);
    expect(d.change).toBeCloseTo(4.8, 12);
    expect(d.price_effect).toBeCloseTo(0.6, 12);
    expect(d.usage_effect).toBeCloseTo(4.2, 12);
  });

  it('a model switch is usage (the mix moved), with the old model out and the new one in', () => {
    const small = withStage('model: acme-small\ninput: { user: 1000 }\noutput: 100');
    // small: 1M × $1 + 100K × $4 = $1.40; large: 1M × $10 + 100K × $40 = $14
    const d = diffScenario(estimateFrom(small), estimateFrom(LARGE));
    expect(d.change).toBeCloseTo(12.6, 12);
    expect(d.price_effect).toBeCloseTo(0, 12);
    expect(d.usage_effect).toBeCloseTo(12.6, 12);
    expect(tokenDriver(d, 'input', 'acme/acme-small')).toMatchObject({ before: 1, after: 0, rate_after: null });
    expect(tokenDriver(d, 'input', 'acme/acme-large')).toMatchObject({ before: 0, after: 10, rate_before: null });
    expect(d.notes).toEqual(expect.arrayContaining([
      { kind: 'model_added', stage: 's', model: 'acme/acme-large' },
      { kind: 'model_removed', stage: 's', model: 'acme/acme-small' },
    ]));
  });

  it('traffic is usage: twice the requests, twice the cost, no price effect', () => {
    const d = diffScenario(estimateFrom(LARGE), estimateFrom(LARGE.replace('requests_per_month: 1000', 'requests_per_month: 2000')));
    expect(d.change).toBeCloseTo(14, 12);
    expect(d.usage_effect).toBeCloseTo(14, 12);
    expect(d.price_effect).toBeCloseTo(0, 12);
    expect([d.requests_before, d.requests_after]).toEqual([1000, 2000]);
  });

  it('a higher cache hit rate is usage: tokens move from cache writes to cache reads at unchanged rates', () => {
    const st = (hit: number) => withStage(`model: acme-small\ninput: { system: 2000, user: 100 }\noutput: 0\ncache: { hit_rate: ${hit} }`);
    // 1,000 calls × 2,000 cacheable: writes 1M × $1.25 → 0.4M; reads 1M × $0.10 → 1.6M
    const d = diffScenario(estimateFrom(st(0.5)), estimateFrom(st(0.8)));
    expect(d.change).toBeCloseTo(0.6 * 1.25 * -1 + 0.6 * 0.1, 12);
    expect(d.price_effect).toBeCloseTo(0, 12);
    expect(tokenDriver(d, 'cache_write', 'acme/acme-small')).toMatchObject({ rate_before: 1.25, rate_after: 1.25 });
  });

  it('the batch API is price (rate optimisation): the same tokens cost less', () => {
    const st = (share: number) => withStage(`model: acme-small\ninput: { user: 1000 }\noutput: 100\nbatch_share: ${share}`);
    // acme-small batch_discount 0.5: $1.40 → $0.70
    const d = diffScenario(estimateFrom(st(0)), estimateFrom(st(1)));
    expect(d.change).toBeCloseTo(-0.7, 12);
    expect(d.price_effect).toBeCloseTo(-0.7, 12);
    expect(d.usage_effect).toBeCloseTo(0, 12);
  });

  it('crossing the long-context threshold shows as a price move on that model, with a note', () => {
    const st = (user: number) => withStage(`model: acme-large\ninput: { user: ${user} }\noutput: 0`);
    const d = diffScenario(estimateFrom(st(100_000)), estimateFrom(st(100_001)));
    // 100M tokens at $10/M = $1,000 → 100.001M at $20/M
    expect(d.change).toBeCloseTo(100.001 * 20 - 1000, 9);
    expect(d.price_effect).toBeCloseTo(10 * (100 + 100.001) / 2, 6);
    expect(d.notes).toContainEqual({ kind: 'long_context', stage: 's', model: 'acme/acme-large', now: true, from_step: 1, was_from_step: null });
  });

  it('a longer agent loop that moves the long-context tier to an earlier step is noted with both steps', () => {
    // I_k = 90,000 + g × k over 3 steps: g = 6,000 → step 3 (102,000) is long; g = 20,000 → steps 2 and 3
    const st = (g: number) => withStage(`model: acme-large\ninput: { context: 90000 }\nagent_steps: 3\ncontext_growth_per_step: ${g}\noutput: 0`);
    const d = diffScenario(estimateFrom(st(6000)), estimateFrom(st(20_000)));
    expect(d.notes).toContainEqual({ kind: 'long_context', stage: 's', model: 'acme/acme-large', now: true, from_step: 2, was_from_step: 3 });
    // 1,000 × (90,000 × 10 + 102,000 × 10… ) by hand: before 90k×10 + 96k×10 + 102k×20; after 90k×10 + 110k×20 + 130k×20 (× 1,000 × 1e-6)
    expect(d.change).toBeCloseTo((90_000 * 10 + 110_000 * 20 + 130_000 * 20 - (90_000 * 10 + 96_000 * 10 + 102_000 * 20)) * 1e-3, 6);
  });

  it('line items are their own bucket; a catalogue date change is noted', () => {
    const y = (m: number) => withStage('model: acme-small\ninput: { user: 1000 }', `costs:\n  - { name: db, category: retrieval, monthly: ${m} }`);
    const d = diffScenario(estimateFrom(y(100)), estimateFrom(y(130), { bundled: [acmeWith(['as_of: 2026-11-01', 'as_of: 2026-11-20'])] }));
    expect(d.line_items_effect).toBeCloseTo(30, 12);
    expect(d.price_effect + d.usage_effect).toBeCloseTo(0, 12);
    expect(d.drivers).toEqual([{ kind: 'line_item', name: 'db', category: 'retrieval', before: 100, after: 130, change: 30 }]);
    expect(d.notes).toContainEqual({ kind: 'repriced', model: 'acme/acme-small', before: { catalogue: 'acme.yaml', as_of: '2026-11-01' }, after: { catalogue: 'acme.yaml', as_of: '2026-11-20' } });
  });

  it('identical inputs: unchanged, no drivers, 0%', () => {
    const d = diffScenario(estimateFrom(LARGE), estimateFrom(LARGE));
    expect(d).toMatchObject({ status: 'unchanged', change: 0, change_percent: 0, drivers: [], notes: [] });
  });

  it('added and removed scenarios', () => {
    const r = estimateFrom(LARGE);
    expect(diffScenario(null, r)).toMatchObject({ status: 'added', before: null, after: 14, change: 14, change_percent: null, usage_effect: 14 });
    expect(diffScenario(r, null)).toMatchObject({ status: 'removed', before: 14, after: null, change: -14, usage_effect: -14 });
  });
});

describe('splitChange', () => {
  it('a rate that differs by the rounding of a stored baseline (12 significant digits) is no price change', () => {
    // 24.3M cache-write tokens at $1.25/M = $30.375; the baseline wrote the cost rounded to 12 digits
    const q0 = 24_300_000.000000004;
    const k0 = Number((q0 * 1.25e-6).toPrecision(12));
    const exact = splitChange(q0, q0 * 1.25e-6, 25_600_000, 25_600_000 * 1.25e-6);
    const rounded = splitChange(Number(q0.toPrecision(12)), k0, 25_600_000, 25_600_000 * 1.25e-6);
    expect(rounded.price).toBe(0);
    expect(rounded.usage).toBeCloseTo(exact.usage, 9);
    expect(rounded.usage).toBeCloseTo(1_300_000 * 1.25e-6, 9); // $1.625 of usage, by hand
    // a real price change (one part in a million) is still one
    expect(splitChange(1e6, 1, 1e6, 1.000001).price).toBeCloseTo(0.000001, 12);
  });

  it('no tokens on one side: the rate is taken as unchanged (all usage)', () => {
    expect(splitChange(0, 0, 10, 5)).toEqual({ price: 0, usage: 5, rate0: null, rate1: 0.5 });
    expect(splitChange(10, 5, 0, 0)).toEqual({ price: 0, usage: -5, rate0: 0.5, rate1: null });
  });

  const pos = fc.double({ min: 0, max: 1e9, noNaN: true });
  it('price + usage = the change, and swapping sides negates both (fast-check)', () => {
    fc.assert(
      fc.property(pos, pos, pos, pos, (q0, p0, q1, p1) => {
        const k0 = q0 * p0 * 1e-6;
        const k1 = q1 * p1 * 1e-6;
        const a = splitChange(q0, k0, q1, k1);
        const b = splitChange(q1, k1, q0, k0);
        const tol = 1e-9 * Math.max(1, k0, k1, Math.abs(a.price)); // the two effects can be large with opposite signs
        expect(Math.abs(a.price + a.usage - (k1 - k0))).toBeLessThanOrEqual(tol);
        expect(Math.abs(a.price + b.price)).toBeLessThanOrEqual(tol);
        expect(Math.abs(a.usage + b.usage)).toBeLessThanOrEqual(tol);
        if (p0 === p1) expect(Math.abs(a.price)).toBeLessThanOrEqual(tol);
        if (q0 === q1) expect(Math.abs(a.usage)).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 500 },
    );
  });
});

/** A random scenario report (costs = tokens × rate, as the engine makes them). */
const scenarioArb = fc
  .record({
    stages: fc.array(
      fc.record({
        name: fc.constantFrom('a', 'b', 'c'),
        models: fc.array(fc.record({ model: fc.constantFrom('x/m1', 'x/m2', 'y/m3'), tokens: fc.array(fc.double({ min: 0, max: 1e8, noNaN: true }), { minLength: 5, maxLength: 5 }), rate: fc.double({ min: 0, max: 100, noNaN: true }) }), { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    items: fc.array(fc.record({ name: fc.constantFrom('i1', 'i2'), cost: fc.double({ min: 0, max: 1e4, noNaN: true }) }), { maxLength: 2 }),
  })
  .map(({ stages, items }): DiffInputScenario => {
    const uniq = <T extends { name?: string; model?: string }>(xs: T[], k: (x: T) => string) => xs.filter((x, i) => xs.findIndex((y) => k(y) === k(x)) === i);
    const st = uniq(stages, (s) => s.name).map((s) => {
      const models = uniq(s.models, (m) => m.model).map((m) => {
        const tokens = Object.fromEntries(TOKEN_KINDS.map((k, i) => [k, m.tokens[i]!])) as Record<(typeof TOKEN_KINDS)[number], number>;
        const cost = Object.fromEntries(TOKEN_KINDS.map((k) => [k, (tokens[k] * m.rate) / 1e6])) as typeof tokens;
        return { model: m.model, monthly_cost: TOKEN_KINDS.reduce((a, k) => a + cost[k], 0), tokens, cost, priced_by: { catalogue: 'c.yaml', as_of: '2026-01-01' } };
      });
      return { name: s.name, monthly_cost: models.reduce((a, m) => a + m.monthly_cost, 0), models };
    });
    const line_items = uniq(items, (i) => i.name).map((i) => ({ name: i.name, category: 'other', monthly_cost: i.cost }));
    const total = st.reduce((a, s) => a + s.monthly_cost, 0) + line_items.reduce((a, i) => a + i.monthly_cost, 0);
    return { name: 'S', file: 's.yaml', variant: null, currency: 'USD', tags: {}, requests_per_month: 1000, total_monthly_cost: total, budget: null, stages: st, line_items, warnings: [] };
  });

describe('diffScenario invariants (fast-check)', () => {
  it('price + usage + line items = the change of the total; reversing the diff negates every effect', () => {
    fc.assert(
      fc.property(scenarioArb, scenarioArb, (b, h) => {
        const d = diffScenario(b, h);
        const r = diffScenario(h, b);
        const tol = 1e-9 * Math.max(1, b.total_monthly_cost, h.total_monthly_cost, Math.abs(d.price_effect), Math.abs(d.usage_effect));
        expect(Math.abs(d.price_effect + d.usage_effect + d.line_items_effect - (h.total_monthly_cost - b.total_monthly_cost))).toBeLessThanOrEqual(tol);
        expect(Math.abs(d.price_effect + r.price_effect)).toBeLessThanOrEqual(tol);
        expect(Math.abs(d.usage_effect + r.usage_effect)).toBeLessThanOrEqual(tol);
        expect(Math.abs(d.line_items_effect + r.line_items_effect)).toBeLessThanOrEqual(tol);
        // drivers account for every move
        const moved = d.drivers.reduce((a, x) => a + x.change, 0);
        expect(Math.abs(moved - (h.total_monthly_cost - b.total_monthly_cost))).toBeLessThanOrEqual(tol);
        // largest first
        for (let i = 1; i < d.drivers.length; i++) expect(Math.abs(d.drivers[i - 1]!.change)).toBeGreaterThanOrEqual(Math.abs(d.drivers[i]!.change));
      }),
      { numRuns: 300 },
    );
  });
});

describe('matching and the whole diff', () => {
  const s = (file: string, name: string, variant: string | null = null) => ({ file, name, variant });

  it('pairs by file and variant, then a moved file by its unique name; the rest are added or removed', () => {
    const base = [s('a.yaml', 'A'), s('a.yaml', 'A', 'v'), s('old.yaml', 'Moved'), s('gone.yaml', 'Gone')];
    const head = [s('a.yaml', 'A', 'v'), s('a.yaml', 'A'), s('new/place.yaml', 'Moved'), s('fresh.yaml', 'Fresh')];
    const pairs = matchScenarios(base, head).map((p) => [p.base?.file ?? null, p.base?.variant ?? null, p.head?.file ?? null]);
    expect(pairs).toEqual([
      ['a.yaml', 'v', 'a.yaml'],
      ['a.yaml', null, 'a.yaml'],
      ['old.yaml', null, 'new/place.yaml'],
      [null, null, 'fresh.yaml'],
      ['gone.yaml', null, null],
    ]);
  });

  it('a name shared by two unmatched scenarios is not guessed', () => {
    const pairs = matchScenarios([s('x.yaml', 'Bot'), s('y.yaml', 'Bot')], [s('z.yaml', 'Bot')]);
    expect(pairs.filter((p) => p.base && p.head)).toHaveLength(0);
  });

  it('sorts changed (largest first), added, removed, unchanged; counts and totals per currency', () => {
    const small = estimateFrom(withStage('model: acme-small\ninput: { user: 1000 }'));
    const big = estimateFrom(LARGE);
    const at = (r: typeof big, file: string, extra: Partial<typeof big> = {}) => ({ ...r, file, name: file, ...extra });
    const d = buildDiff(
      [at(small, 'u.yaml'), at(small, 'c1.yaml'), at(small, 'c2.yaml'), at(big, 'gone.yaml')],
      [at(small, 'u.yaml'), at(big, 'c1.yaml'), at(small, 'c2.yaml', { total_monthly_cost: 0.5 }), at(small, 'new.yaml')],
      { base: SIDE, head: HEAD, toolVersion: '0.1.0' },
    );
    expect(d.scenarios.map((x) => [x.file, x.status])).toEqual([
      ['c1.yaml', 'changed'],
      ['c2.yaml', 'changed'],
      ['new.yaml', 'added'],
      ['gone.yaml', 'removed'],
      ['u.yaml', 'unchanged'],
    ]);
    expect(d.counts).toEqual({ increased: 1, decreased: 1, unchanged: 1, added: 1, removed: 1 });
    expect(d.totals).toHaveLength(1);
    expect(d.totals[0]!.before).toBeCloseTo(1 + 1 + 1 + 14, 12);
    expect(d.totals[0]!.after).toBeCloseTo(1 + 14 + 0.5 + 1, 12);
    expect(nothingMoved(d)).toBe(false);
  });

  it('refuses to compare a scenario across currencies', () => {
    const r = estimateFrom(LARGE);
    expect(() => buildDiff([{ ...r, currency: 'EUR' }], [r], { base: SIDE, head: HEAD, toolVersion: '0.1.0' })).toThrow(InputError);
    expect(() => buildDiff([{ ...r, currency: 'EUR' }], [r], { base: SIDE, head: HEAD, toolVersion: '0.1.0' })).toThrow(/"t" is in USD but the base \(base.json\) has it in EUR/);
  });

  it('nothing moved when every scenario is unchanged', () => {
    const r = estimateFrom(LARGE);
    expect(nothingMoved(buildDiff([r], [r], { base: SIDE, head: HEAD, toolVersion: '0.1.0' }))).toBe(true);
  });

  it('the acme fixture catalogue is what these tests price with', () => {
    expect(acme.catalogue.provider).toBe('acme');
  });
});
