/** Policies: threshold syntax, per-scenario and total increases, budget status, per-tag budgets. */
import { describe, expect, it } from 'vitest';
import type { DiffInputScenario } from '../../src/core/diff.js';
import { buildDiff } from '../../src/core/diff-report.js';
import { evaluatePolicy, parseThreshold, type Policy } from '../../src/core/policy.js';
import { InputError } from '../../src/errors.js';
import { estimateFrom, withStage } from '../helpers/scenario.js';

const SIDES = {
  base: { kind: 'report' as const, label: 'base.json', commit: null, tool_version: '0.1.0', priced_as_of: null },
  head: { kind: 'working-tree' as const, label: 'working tree', commit: null, tool_version: null, priced_as_of: null },
  toolVersion: '0.1.0',
};

/** A scenario costing `users × $1` a month (per_user line item) — easy totals. */
function cost(file: string, amount: number, extra: Partial<DiffInputScenario> = {}): DiffInputScenario {
  const r = estimateFrom(withStage('model: acme-small', `costs:\n  - { name: seats, per_user: 1 }`, `requests_per_month: 0, users: ${amount}`));
  return { ...r, name: file.replace('.yaml', ''), file, ...extra };
}

const policy = (p: Partial<Policy>): Policy => ({ failOnIncrease: [], failOnBudgetOver: 'change', tagBudgets: [], thresholdsFrom: '--fail-on-increase', ...p });
const th = (raw: string | number) => {
  const t = parseThreshold(raw);
  if ('error' in t) throw new Error(t.error);
  return t;
};

describe('parseThreshold', () => {
  it.each([
    ['10%', { kind: 'percent', fraction: 0.1 }],
    [' 2.5 % ', { kind: 'percent', fraction: 0.025 }],
    ['500', { kind: 'amount', amount: 500, currency: null }],
    ['500 EUR', { kind: 'amount', amount: 500, currency: 'EUR' }],
    ['USD 12.5', { kind: 'amount', amount: 12.5, currency: 'USD' }],
    [0, { kind: 'amount', amount: 0, currency: null }],
  ])('%j', (raw, want) => expect(parseThreshold(raw)).toMatchObject(want));

  it.each(['ten', '-5', '5%%', 'USD 5 EUR', '', '10 usd'])('refuses %j', (raw) => expect(parseThreshold(raw)).toHaveProperty('error'));
  it('refuses a negative number', () => expect(parseThreshold(-1)).toHaveProperty('error'));
});

describe('evaluatePolicy', () => {
  const base = [cost('a.yaml', 100), cost('b.yaml', 200), cost('c.yaml', 50)];
  const head = [cost('a.yaml', 111), cost('b.yaml', 200), cost('new.yaml', 40)];
  const d = buildDiff(base, head, SIDES);

  it('a percent applies to each scenario with a before, and to the total', () => {
    const r = evaluatePolicy(d, policy({ failOnIncrease: [th('10%')] }));
    expect(r.passed).toBe(false);
    expect(r.breaches.map((b) => [b.rule, b.scenario])).toEqual([['fail_on_increase', 'a.yaml']]); // total: 350 → 351
    expect(r.breaches[0]!.message).toBe('"a" (a.yaml) grew +11% ($100.00 → $111.00), over the 10% limit');
  });

  it('exactly the limit passes', () => {
    expect(evaluatePolicy(d, policy({ failOnIncrease: [th('11%')] })).passed).toBe(true);
  });

  it('an amount applies to increases, counts a new scenario in full, and checks the total', () => {
    const r = evaluatePolicy(d, policy({ failOnIncrease: [th(10)] }));
    expect(r.breaches.map((b) => b.message)).toEqual([
      '"a" (a.yaml) grew by $11.00 a month, over the $10.00 limit',
      '"new" (new.yaml) is new and costs $40.00 a month, over the $10.00 limit',
    ]);
    const total = evaluatePolicy(buildDiff([cost('a.yaml', 100), cost('b.yaml', 100)], [cost('a.yaml', 108), cost('b.yaml', 108)], SIDES), policy({ failOnIncrease: [th(10)] }));
    expect(total.breaches.map((b) => b.message)).toEqual(['the total of all scenarios in USD grew by $16.00 a month, over the $10.00 limit']);
  });

  it('decreases and removals never breach', () => {
    expect(evaluatePolicy(buildDiff(head, base, SIDES), policy({ failOnIncrease: [th('1%'), th(0)] })).breaches.map((b) => b.scenario)).toEqual(['c.yaml']);
  });

  it('a bare amount with scenarios in two currencies is a usage error; a qualified one checks its currency only', () => {
    const eur = cost('e.yaml', 10, { currency: 'EUR' });
    const mixed = buildDiff([eur], [{ ...eur, total_monthly_cost: 100 }, cost('u.yaml', 1)], SIDES);
    expect(() => evaluatePolicy(mixed, policy({ failOnIncrease: [th(5)] }))).toThrow(InputError);
    expect(() => evaluatePolicy(mixed, policy({ failOnIncrease: [th(5)] }))).toThrow(/has no currency, but the scenarios are in EUR and USD/);
    expect(evaluatePolicy(mixed, policy({ failOnIncrease: [th('5 EUR')] })).breaches.map((b) => b.scenario)).toEqual(['e.yaml']);
    expect(evaluatePolicy(mixed, policy({ failOnIncrease: [th('50 USD')] })).passed).toBe(true);
  });

  describe('scenario budgets', () => {
    // a budget of $100 judged on the point estimate: used = cost ÷ 100
    const b = (cost: number) => ({ monthly: 100, status: (cost > 100 ? 'over' : cost >= 80 ? 'alert' : 'ok') as 'over' | 'alert' | 'ok', used: cost / 100 });
    const pair = (x: number | null, y: number | null) =>
      buildDiff(x === null ? [] : [cost('a.yaml', x, { budget: b(x) })], y === null ? [] : [cost('a.yaml', y, { budget: b(y) })], SIDES);

    it('change (the default): going over fails, with the judged figure and its own share', () => {
      expect(evaluatePolicy(pair(100, 111), policy({})).breaches).toEqual([
        { rule: 'budget_over', scenario: 'a.yaml', message: '"a" (a.yaml) goes over its budget: monthly cost $111.00 = 111% of $100.00' },
      ]);
      expect(evaluatePolicy(pair(null, 111), policy({})).breaches.map((x) => x.message)).toEqual(['"a" (a.yaml) is new and over its budget: monthly cost $111.00 = 111% of $100.00']);
      expect(evaluatePolicy(pair(90, 100), policy({})).passed).toBe(true); // exactly the budget is not over
    });

    it('change: one already over that this change leaves as it is, or makes cheaper, is a warning, not a failure', () => {
      for (const [x, y] of [[150, 150], [150, 120]] as const) {
        const r = evaluatePolicy(pair(x, y), policy({}));
        expect(r.passed, `${x} → ${y}`).toBe(true);
        expect(r.warnings).toEqual([`"a" (a.yaml) was already over its budget before this change and is not raised by it: monthly cost $${y}.00 = ${y}% of $100.00`]);
      }
    });

    it('change: one already over that this change makes dearer fails, even by a cent', () => {
      const r = evaluatePolicy(pair(150, 150.01), policy({}));
      expect(r.breaches.map((x) => x.message)).toEqual(['"a" (a.yaml) was already over its budget and this change raises it: monthly cost $150.00 → monthly cost $150.01 = 150% of $100.00']);
      expect(r.warnings).toEqual([]);
    });

    it('always: over after the change fails, saying when it already was; never: budgets are not checked', () => {
      expect(evaluatePolicy(pair(150, 150), policy({ failOnBudgetOver: 'always' })).breaches.map((x) => x.message)).toEqual([
        '"a" (a.yaml) is over its budget: monthly cost $150.00 = 150% of $100.00 (it was already over before this change)',
      ]);
      expect(evaluatePolicy(pair(100, 111), policy({ failOnBudgetOver: 'always' })).breaches).toHaveLength(1);
      const off = evaluatePolicy(pair(100, 500), policy({ failOnBudgetOver: 'never' }));
      expect(off).toMatchObject({ passed: true, warnings: [], checked: [] });
    });

    it('a budget judged at a percentile names that percentile and pairs its figure with its share (not the point estimate)', () => {
      // point estimate $94, P95 $253.35 judged against $150: 168.9%
      const u = (p95: number, used: number) => ({
        total_monthly_cost: 94,
        budget: { monthly: 150, status: 'over' as const, used },
        uncertainty: { monthly_cost: { p50: 90, p80: 120, p95 }, budget: { at: 'p95', judged_cost: p95 } },
      });
      const d2 = buildDiff([cost('a.yaml', 1, { ...u(120, 0.8), budget: { monthly: 150, status: 'alert', used: 0.8 } })], [cost('a.yaml', 1, u(253.35, 253.35 / 150))], SIDES);
      expect(d2.scenarios[0]!.budget_after).toEqual({ monthly: 150, status: 'over', used: 253.35 / 150, at: 'p95', judged: 253.35 });
      expect(evaluatePolicy(d2, policy({})).breaches[0]!.message).toBe('"a" (a.yaml) goes over its budget: P95 $253.35 = 168.9% of $150.00');
    });

    it('an untrusted baseline with a bogus percentile or judged cost falls back to the point estimate / used × monthly', () => {
      const base = cost('a.yaml', 1, { total_monthly_cost: 50, budget: { monthly: 100, status: 'over', used: 2 }, uncertainty: { monthly_cost: { p50: 1, p80: 1, p95: 1 }, budget: { at: 'p99', judged_cost: 7 } } });
      const base2 = cost('a.yaml', 1, { total_monthly_cost: 50, budget: { monthly: 100, status: 'over', used: 2 }, uncertainty: { monthly_cost: { p50: 1, p80: 1, p95: 1 }, budget: { at: 'p80', judged_cost: 'x' } } });
      expect(buildDiff([base], [], SIDES).scenarios[0]!.budget_before).toMatchObject({ at: null, judged: 50 });
      expect(buildDiff([base2], [], SIDES).scenarios[0]!.budget_before).toMatchObject({ at: 'p80', judged: 200 });
    });
  });

  it('per-tag budgets add up the head scenarios with that tag', () => {
    const t = (f: string, n: number, team: string) => cost(f, n, { tags: { team } });
    const x = buildDiff([t('a.yaml', 100, 'x'), t('b.yaml', 50, 'x'), t('c.yaml', 500, 'y')], [t('a.yaml', 120, 'x'), t('b.yaml', 50, 'x'), t('c.yaml', 500, 'y')], SIDES);
    const r = evaluatePolicy(x, policy({ tagBudgets: [{ key: 'team', value: 'x', monthly: 160, currency: 'USD' }, { key: 'team', value: 'y', monthly: 500, currency: 'USD' }] }));
    expect(r.tag_budgets).toEqual([
      { key: 'team', value: 'x', currency: 'USD', monthly: 160, before: 150, after: 170, used: 170 / 160, scenarios: 2 },
      { key: 'team', value: 'y', currency: 'USD', monthly: 500, before: 500, after: 500, used: 1, scenarios: 1 },
    ]);
    expect(r.breaches.map((b) => b.message)).toEqual(['scenarios tagged team=x cost $170.00 a month (was $150.00), 106.3% of their $160.00 budget']);
  });

  it('a tag budget so small that the share used is not a finite percent is refused, naming it (it printed "Infinity% of their $0.00 budget")', () => {
    const x = buildDiff([], [cost('a.yaml', 1, { tags: { team: 'x' } })], SIDES);
    const tiny = () => evaluatePolicy(x, policy({ tagBudgets: [{ key: 'team', value: 'x', monthly: 1e-307, currency: 'USD' }] }));
    expect(tiny).toThrow(InputError);
    expect(tiny).toThrow(/budgets\.team\.x: the share of the budget used comes to Infinity percent/);
    // boundary: a small budget whose percent is finite is reported, not refused
    expect(evaluatePolicy(x, policy({ tagBudgets: [{ key: 'team', value: 'x', monthly: 1e-200, currency: 'USD' }] })).passed).toBe(false);
  });
  it('a tag budget over scenarios in another currency is refused', () => {
    const x = buildDiff([], [cost('a.yaml', 1, { tags: { team: 'x' }, currency: 'EUR' })], SIDES);
    expect(() => evaluatePolicy(x, policy({ tagBudgets: [{ key: 'team', value: 'x', monthly: 10, currency: 'USD' }] }))).toThrow(/amounts in different currencies are not added up/);
  });

  it('nothing to check: passes, and says nothing was checked beyond budgets', () => {
    const r = evaluatePolicy(d, policy({}));
    expect(r).toEqual({ checked: ['scenario budgets (a change that goes over, or raises the cost of one already over)'], breaches: [], warnings: [], tag_budgets: [], passed: true });
  });
});
