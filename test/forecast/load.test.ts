/** Distributions and growth in scenario files: what is accepted, and located errors for what is not. */
import { describe, expect, it } from 'vitest';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { scenarioFrom, withStage } from '../helpers/scenario.js';
import { inputErrorOf } from '../helpers/errors.js';

const errorOf = (yaml: string, set: string[] = []): string => inputErrorOf(() => scenarioFrom(yaml, { set })).message;

const stage = (lines: string, extra = '', traffic?: string) => withStage(`model: acme-small\n${lines}`, extra, traffic);

describe('accepted', () => {
  it('each of the four kinds, at its point value (the mean), remembered by path', () => {
    const s = scenarioFrom(
      stage(
        'input: { system: { min: 1000, mode: 2000, max: 6000 }, user: { mean: 150, sd: 10 } }\noutput: { p50: 300, p90: 300 }\ncache: { hit_rate: { low: "60%", high: "90%" } }',
        '',
        'requests_per_day: { p50: 1000, p90: 2000 }',
      ),
    );
    const m = uncertaintyOf(s);
    expect(m.inputs.map((i) => [i.name, i.fitted.spec.kind])).toEqual([
      ['traffic.requests_per_day', 'lognormal'],
      ['pipeline.s.input.system', 'triangular'],
      ['pipeline.s.input.user', 'normal'],
      ['pipeline.s.output', 'lognormal'],
      ['pipeline.s.cache.hit_rate', 'uniform'],
    ]);
    expect(s.stages[0]!.input.system).toBe(3000);
    expect(s.stages[0]!.input.user).toBeCloseTo(150, 12);
    expect(s.stages[0]!.output).toBe(300);
    expect(s.stages[0]!.cache!.hitRate).toBeCloseTo(0.75, 15);
    expect(m.inputs[4]!.fitted.spec).toEqual({ kind: 'uniform', low: 0.6, high: 0.9 });
    expect(s.traffic.requestsPerDay).toBeGreaterThan(1000); // the log-normal's mean lies above its median
  });
  it('from a variant and from --set, and each input named as users write paths', () => {
    const yaml = stage('input: { user: 100 }', 'variants:\n  wide:\n    pipeline.s.input.user: { low: 50, high: 250 }');
    expect(uncertaintyOf(scenarioFrom(yaml)).inputs).toEqual([]);
    expect(uncertaintyOf(scenarioFrom(yaml, { variant: 'wide' })).inputs.map((i) => i.name)).toEqual(['pipeline.s.input.user']);
    const s = scenarioFrom(yaml, { set: ['pipeline.s.output={ min: 10, mode: 20, max: 60 }'] });
    expect(s.stages[0]!.output).toBe(30);
  });
  it('a stage output distribution reaches list-form models that do not set their own', () => {
    const s = scenarioFrom(withStage('models:\n  - { id: acme-small, share: 0.5 }\n  - { id: acme-large, share: 0.5, output: 10 }\noutput: { low: 100, high: 300 }'));
    expect(s.stages[0]!.models.map((x) => x.output)).toEqual([200, 10]);
    expect(uncertaintyOf(s).ownOutput).toEqual([[false, true]]);
  });
  it('budget.at and growth', () => {
    const s = scenarioFrom(stage('input: { user: 100 }', 'budget: { monthly: 100, at: p95 }\ngrowth: { monthly_rate: 8%, months: 18, start: 2026-03 }'));
    expect(uncertaintyOf(s)).toMatchObject({ budgetAt: 'p95', growth: { kind: 'rate', monthlyRate: 0.08, months: 18, start: '2026-03' } });
    const c = scenarioFrom(stage('input: { user: 100 }', 'growth: { curve: [0.2, 0.5, { low: 0.8, high: 1.2 }, 1.3] }'));
    expect(uncertaintyOf(c).growth).toMatchObject({ kind: 'curve', curve: [0.2, 0.5, 1, 1.3], months: 4 });
    expect(uncertaintyOf(c).inputs.map((i) => i.name)).toEqual(['growth.curve[2]']);
    expect(uncertaintyOf(scenarioFrom(stage('input: { user: 100 }', 'growth: { months: 6 }'))).growth).toMatchObject({ kind: 'flat', months: 6 });
  });
  it('a scenario without distributions carries none (and loads as before)', () => {
    const s = scenarioFrom(stage('input: { user: 100 }'));
    expect(uncertaintyOf(s)).toMatchObject({ inputs: [], growth: null, budgetAt: null });
  });
});

describe('located errors', () => {
  it('a misspelt parameter: did you mean, with file:line:column and the dotted path', () => {
    const msg = errorOf(stage('input: { user: 100 }\noutput: { p50: 300, p95: 900 }'));
    expect(msg).toMatch(/^inline\.yaml:\d+:\d+: pipeline\.s\.output\.p95: unknown key "p95" in a distribution — did you mean "p90"\?/);
  });
  it('an incomplete distribution says what is missing', () => {
    expect(errorOf(stage('output: { p50: 300 }'))).toMatch(/pipeline\.s\.output: \{ p50 \} is not a distribution — a log-normal needs p90 too/);
    expect(errorOf(stage('output: { low: 1, mode: 2 }'))).toMatch(/is not a distribution — write \{ p50, p90 \} \(log-normal\), \{ min, mode, max \} \(triangular\)/);
  });
  it('parameters outside the field’s range are errors, never clamped', () => {
    expect(errorOf(stage('cache: { hit_rate: { low: 0.5, high: 1.2 } }'))).toMatch(
      /pipeline\.s\.cache\.hit_rate\.high: 1\.2 is outside the valid range of pipeline\.s\.cache\.hit_rate \(in \[0, 1\]\)/,
    );
    expect(errorOf(stage('agent_steps: { mean: 0.5, sd: 1 }'))).toMatch(/agent_steps\.mean: 0\.5 is outside the valid range .*\(in \[1, 1000\]\)/);
  });
  it('order and sign rules', () => {
    expect(errorOf(stage('output: { low: 5, high: 1 }'))).toMatch(/pipeline\.s\.output\.high: high \(1\) is below low \(5\) — a uniform needs low ≤ high/);
    expect(errorOf(stage('output: { min: 1, mode: 9, max: 5 }'))).toMatch(/max \(5\) is below mode \(9\)/);
    expect(errorOf(stage('output: { mean: 5, sd: -1 }'))).toMatch(/output\.sd: sd must be ≥ 0/);
    expect(errorOf(stage('output: { p50: 0, p90: 5 }'))).toMatch(/a log-normal is positive: p50 must be > 0, got 0 — for an input that may be 0, use \{ min, mode, max \} or \{ low, high \}/);
    expect(errorOf(stage('output: { p50: 50, p90: 5 }'))).toMatch(/p90 \(5\) is below p50 \(50\)/);
    expect(errorOf(stage('output: { low: "5%", high: 9 }'))).toMatch(/output\.low: expected a number, got "5%"/);
  });
  it('a budget is not an uncertain input', () => {
    expect(errorOf(stage('input: { user: 100 }', 'budget: { monthly: { low: 10, high: 20 } }'))).toMatch(
      /budget\.monthly: a budget is a threshold you set, not an uncertain input — give a number; to judge the budget at a percentile of the monthly cost, add at: p80 under budget/,
    );
    expect(errorOf(stage('input: { user: 100 }', 'budget: { monthly: 10, at: p90 }'))).toMatch(/budget\.at: expected p50, p80 or p95/);
  });
  it('a bad distribution given by --set names the override', () => {
    expect(errorOf(stage('input: { user: 100 }'), ['pipeline.s.output={ p50: 1, p99: 2 }'])).toMatch(/--set pipeline\.s\.output: unknown key "p99"/);
  });
  it('growth: one way to give it, and a horizon that agrees with the curve', () => {
    expect(errorOf(stage('input: { user: 1 }', 'growth: { monthly_rate: 5%, curve: [1, 2] }'))).toMatch(/^inline\.yaml:\d+:\d+: growth: give monthly_rate or curve, not both/);
    expect(errorOf(stage('input: { user: 1 }', 'growth: { curve: [1, 2], months: 3 }'))).toMatch(/growth\.months: months is 3 but the curve has 2 multipliers/);
    expect(errorOf(stage('input: { user: 1 }', 'growth: { monthly_rate: 8 }'))).toMatch(/growth\.monthly_rate: expected a monthly growth rate between -100% and 100%, e\.g\. 0\.08 or "8%" \(at most 100%, i\.e\. 1\)/);
    expect(errorOf(stage('input: { user: 1 }', 'growth: { monthly_rate: 5%, months: 200 }'))).toMatch(/growth\.months: expected a whole number of months \(1 to 120\)/);
    expect(errorOf(stage('input: { user: 1 }', 'growth: { monthy_rate: 5% }'))).toMatch(/unknown key "monthy_rate" — did you mean "monthly_rate"\?/);
  });
});
