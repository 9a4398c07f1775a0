/** Policies: threshold syntax, per-scenario and total increases, budget status, per-tag budgets. */
import { describe, expect, it } from 'vitest';
import { buildDiff, type DiffInputScenario } from '../../src/core/diff.js';
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

const policy = (p: Partial<Policy>): Policy => ({ failOnIncrease: [], failOnBudgetOver: true, tagBudgets: [], thresholdsFrom: '--fail-on-increase', ...p });
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

  it('budget status "over" after the change fails (saying when it already was), unless switched off', () => {
    const over = { monthly: 100, status: 'over' as const, used: 1.11 };
    const x = buildDiff([cost('a.yaml', 100, { budget: { monthly: 100, status: 'alert', used: 1 } })], [cost('a.yaml', 111, { budget: over })], SIDES);
    expect(evaluatePolicy(x, policy({})).breaches).toEqual([
      { rule: 'budget_over', scenario: 'a.yaml', message: '"a" (a.yaml) is over its budget: $111.00 a month is 111% of $100.00' },
    ]);
    const y = buildDiff([cost('a.yaml', 100, { budget: over })], [cost('a.yaml', 111, { budget: over })], SIDES);
    expect(evaluatePolicy(y, policy({})).breaches[0]!.message).toMatch(/it was already over before this change/);
    expect(evaluatePolicy(y, policy({ failOnBudgetOver: false })).passed).toBe(true);
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

  it('a tag budget over scenarios in another currency is refused', () => {
    const x = buildDiff([], [cost('a.yaml', 1, { tags: { team: 'x' }, currency: 'EUR' })], SIDES);
    expect(() => evaluatePolicy(x, policy({ tagBudgets: [{ key: 'team', value: 'x', monthly: 10, currency: 'USD' }] }))).toThrow(/amounts in different currencies are not added up/);
  });

  it('nothing to check: passes, and says nothing was checked beyond budgets', () => {
    const r = evaluatePolicy(d, policy({}));
    expect(r).toEqual({ checked: ['scenario budgets (status "over")'], breaches: [], tag_budgets: [], passed: true });
  });
});
