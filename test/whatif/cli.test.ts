/** The what-if commands through the real bin: golden outputs, formats, files, exit codes and messages. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { dollars, estimateTotal } from '../helpers/figures.js';

const ACME = ['--pricing', 'test/fixtures/catalogues/acme.yaml'];
const EXTRA = [...ACME, '--pricing', 'test/fixtures/whatif-catalogue/acme-extra.yaml'];
const S = 'test/fixtures/whatif-basic/scenario.yaml';
const OPT = 'test/fixtures/whatif-basic/optimised.yaml';
const G = '../fixtures/whatif-basic';

const tmp = mkdtempSync(join(tmpdir(), 'aifinops-whatif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ok(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}
const json = (args: string[]) => JSON.parse(ok([...args, '-f', 'json']));
const stable = (s: string) => s.replace(/"tool_version": "[^"]*"/, '"tool_version": "(version)"');

describe('golden outputs (acme fixture)', () => {
  const cases: [string, string[]][] = [
    ['whatif', ['whatif', S, ...ACME, '--variant', 'cheaper', '--set', 'pipeline.agent.agent_steps=6']],
    ['compare-files', ['compare', S, OPT, ...ACME]],
    ['compare-variants', ['compare', S, '--variants', 'all', ...ACME]],
    ['sweep', ['sweep', S, ...ACME, '--param', 'traffic.requests_per_day', '--range', '500:2000:6']],
    ['sweep-grid', ['sweep', S, ...ACME, '--param', 'pipeline.agent.agent_steps', '--range', '2:20:9', '--param', 'pipeline.answer.cache.hit_rate', '--values', '0,50%,90%']],
    ['sweep-models', ['sweep', S, ...ACME, '--param', 'pipeline.agent.model', '--values', 'acme-large,acme-small', '--budget', '4000']],
    ['levers', ['levers', S, ...EXTRA]],
    ['sensitivity', ['sensitivity', S, ...ACME]],
  ];
  // beside each golden: totals the output must show, as `estimate` computes them
  const figures: Record<string, string[][]> = {
    whatif: [[S, ...ACME], [S, ...ACME, '--variant', 'cheaper', '--set', 'pipeline.agent.agent_steps=6']],
    'compare-files': [[S, ...ACME], [OPT, ...ACME]],
    'compare-variants': [[S, ...ACME], [S, ...ACME, '--variant', 'cheaper']],
    sweep: [[S, ...ACME, '--set', 'traffic.requests_per_day=500'], [S, ...ACME, '--set', 'traffic.requests_per_day=2000']],
    'sweep-grid': [[S, ...ACME, '--set', 'pipeline.agent.agent_steps=2', '--set', 'pipeline.answer.cache.hit_rate=0']],
    'sweep-models': [[S, ...ACME, '--set', 'pipeline.agent.model=acme-large'], [S, ...ACME, '--set', 'pipeline.agent.model=acme-small']],
    levers: [[S, ...ACME]],
    sensitivity: [[S, ...ACME]],
  };
  for (const [name, args] of cases) {
    it(`${name}: table`, async () => {
      const out = ok(args);
      for (const f of figures[name]!) expect(out, f.join(' ')).toContain(dollars(estimateTotal(f)));
      await expect(out).toMatchFileSnapshot(`${G}/${name}.txt`);
    });
  }
  for (const [name, args] of cases.filter(([n]) => ['whatif', 'compare-variants', 'sweep', 'levers', 'sensitivity'].includes(n))) {
    it(`${name}: json`, async () => {
      const out = ok([...args, '-f', 'json']);
      // beside the golden: the reference total is estimate's, to the 12 digits JSON keeps
      const ref = estimateTotal(figures[name]![0]!);
      expect(out).toContain(String(Number(ref.toPrecision(12))));
      await expect(stable(out)).toMatchFileSnapshot(`${G}/${name}.json`);
    });
    it(`${name}: markdown`, async () => {
      const out = ok([...args, '-f', 'markdown']);
      for (const f of figures[name]!) expect(out, f.join(' ')).toContain(dollars(estimateTotal(f)));
      await expect(out).toMatchFileSnapshot(`${G}/${name}.md`);
    });
  }
});

describe('whatif and compare', () => {
  it('whatif: the changes with the value the file has, deltas against "as is"', () => {
    const j = json(['whatif', S, ...ACME, '--set', 'pipeline.answer.cache.hit_rate=90%', '--set', 'pipeline.classify.retry_rate=0.1']);
    expect(j).toMatchObject({ schema_version: 1, kind: 'whatif', currency: 'USD', reference: 0 });
    expect(j.columns.map((c: { label: string }) => c.label)).toEqual(['As is', 'What if']);
    expect(j.columns[1].changes).toEqual([
      { path: 'pipeline.answer.cache.hit_rate', from: 0.5, to: '90%', source: '--set' },
      { path: 'pipeline.classify.retry_rate', from: null, to: 0.1, source: '--set' },
    ]);
    // the "what if" column is exactly what estimate reports (alternative_of is estimate's roll-up field)
    const { alternative_of: _, ...est } = JSON.parse(ok(['estimate', S, ...ACME, '-f', 'json', '--set', 'pipeline.answer.cache.hit_rate=90%', '--set', 'pipeline.classify.retry_rate=0.1'])).scenarios[0];
    expect(j.scenarios[1]).toEqual(est);
    expect(j.columns[1].delta).toBeCloseTo(est.total_monthly_cost - j.scenarios[0].total_monthly_cost, 9);
  });

  it('json is byte-identical across runs; -o writes the file and prints nothing', () => {
    const args = ['compare', S, '--variants', 'all', ...ACME, '-f', 'json'];
    expect(ok(args)).toBe(ok(args));
    const out = join(tmp, 'compare.json');
    expect(ok([...args, '-o', out])).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(ok(args));
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('compare --variants NAME picks variants; --set applies to every column', () => {
    const j = json(['compare', S, '--variants', 'peak', ...ACME, '--set', 'costs.vector db.monthly=0']);
    expect(j.columns.map((c: { label: string }) => c.label)).toEqual(['as is', 'peak']);
    expect(j.set).toEqual(['costs.vector db.monthly=0']);
    expect(j.lines.find((l: { name: string }) => l.name === 'vector db').values).toEqual([0, 0]);
    expect(j.columns[1].delta_ratio).toBeGreaterThan(1.9);
  });

  it('bad input: exit 2, one clear message, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['whatif', S, ...ACME], /nothing to change — give --set path=value/],
      [['whatif', S, ...ACME, '--set', 'pipeline.answer.ouput=3'], /--set pipeline.answer.ouput: pipeline.answer.ouput names nothing: no key "ouput" under pipeline.1 — did you mean "output"\?/],
      [['whatif', S, ...ACME, '--set', 'pipeline.answer.cache.hit_rate=1.5'], /--set pipeline.answer.cache.hit_rate: expected a fraction in \[0, 1\]/],
      [['whatif', S, ...ACME, '--variant', 'cheapr'], /no variant named "cheapr" — did you mean "cheaper"\?/],
      [['compare', S, ...ACME], /one column only/],
      [['compare', S, '--variants', 'peek', ...ACME], /--variants peek: no variant named "peek" — did you mean "peak"\?/],
      [['compare', S, 'test/fixtures/whatif-basic/missing.yaml', ...ACME], /missing.yaml: file not found/],
    ];
    for (const [args, re] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('sweep', () => {
  it('the point at the scenario value equals estimate; the crossing is in the JSON', () => {
    const j = json(['sweep', S, ...ACME, '--param', 'traffic.requests_per_day', '--values', '1000,2000']);
    const est = JSON.parse(ok(['estimate', S, ...ACME, '-f', 'json'])).scenarios[0];
    expect(j.points[0].total_monthly_cost).toBe(est.total_monthly_cost);
    expect(j.scenario_total_monthly_cost).toBe(est.total_monthly_cost);
    expect(j.crossings).toHaveLength(1);
    expect(j.crossings[0]).toMatchObject({ kind: 'continuous', direction: 'rises_above', between: [1000, 2000], series: null });
    // cost is linear in traffic: 1,000 + (6,000 − total) / slope
    const slope = (j.points[1].total_monthly_cost - j.points[0].total_monthly_cost) / 1000;
    expect(j.crossings[0].value).toBeCloseTo(1000 + (6000 - est.total_monthly_cost) / slope, 4);
  });

  it('pairs each --values/--range with the --param before it', () => {
    const j = json(['sweep', S, ...ACME, '--param', 'pipeline.agent.agent_steps', '--range', '2:4:2', '--param', 'traffic.days_per_month', '--values', '20,30']);
    expect(j.params.map((p: { path: string; values: number[] }) => [p.path, p.values])).toEqual([
      ['pipeline.agent.agent_steps', [2, 3, 4]],
      ['traffic.days_per_month', [20, 30]],
    ]);
    expect(j.points).toHaveLength(6);
  });

  it('bad input: exit 2 with the fix', () => {
    const cases: [string[], RegExp][] = [
      [['sweep', S, ...ACME], /which parameter\? --param PATH is required/],
      [['sweep', S, ...ACME, '--values', '1,2', '--param', 'traffic.users'], /--values 1,2 comes before any --param/],
      [['sweep', S, ...ACME, '--param', 'traffic.users'], /--param traffic.users: has no values/],
      [['sweep', S, ...ACME, '--param', 'traffic.users', '--values', '1', '--range', '1:2:1'], /more than one --values\/--range/],
      [['sweep', S, ...ACME, '--param', 'a', '--values', '1', '--param', 'b', '--values', '1', '--param', 'c', '--values', '1'], /one or two parameters/],
      [['sweep', S, ...ACME, '--param', 'pipeline.anser.output', '--values', '1'], /no entry named "anser" under pipeline — did you mean "answer"\?/],
      [['sweep', S, ...ACME, '--param', 'pipeline.answer.retry_rate', '--values', '0.5,2'], /--set pipeline.answer.retry_rate: expected a fraction in \[0, 1\]/],
      [['sweep', S, ...ACME, '--param', 'traffic.users', '--range', '0:10'], /expected from:to:steps/],
      [['sweep', S, ...ACME, '--param', 'traffic.users', '--values', '1,,2'], /has an empty value/],
      [['sweep', S, ...ACME, '--param', 'traffic.users', '--values', '1', '--budget', 'lots'], /--budget: expected an amount above 0/],
    ];
    for (const [args, re] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
    }
  });
});

describe('levers and sensitivity', () => {
  it('levers: overrides show in the assumption and the params; the total saving is consistent', () => {
    const j = json(['levers', S, ...ACME, '--lever', 'route.share=25%', '--lever', 'batch=off', '--lever', 'contracts.discount=0.1']);
    const route = j.levers.find((l: { id: string }) => l.id === 'route');
    expect(route.assumption).toBe('move 25% of premium and mid traffic one tier down (same provider)');
    expect(route.params.share).toBe(0.25);
    expect(j.levers.find((l: { id: string }) => l.id === 'batch').status).toBe('off');
    expect(j.levers.find((l: { id: string }) => l.id === 'contracts').status).toBe('priced');
    expect(j.total_saving).toBeCloseTo(j.scenario_total_monthly_cost - j.final_monthly_cost, 9);
  });

  it('sensitivity: --delta, --top and --no-prices', () => {
    const j = json(['sensitivity', S, ...ACME, '--delta', '0.5', '--no-prices']);
    expect(j.delta).toBe(0.5);
    expect(j.inputs.some((i: { kind: string }) => i.kind === 'price')).toBe(false);
    expect(j.inputs[0].path).toBe('traffic.requests_per_day');
    const t = ok(['sensitivity', S, ...ACME, '--top', '3']);
    expect(t).toMatch(/more inputs with smaller swings \(--top 0 shows all\)/);
  });

  it('bad input: exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['levers', S, ...ACME, '--lever', 'rout.share=0.5'], /no lever "rout" — did you mean "route"\?/],
      [['levers', S, ...ACME, '--lever', 'context.max=-1'], /expected a number of tokens ≥ 0/],
      [['levers', S, ...ACME, '--lever', 'batch.stages=clasify'], /did you mean "classify"\?/],
      [['sensitivity', S, ...ACME, '--delta', '0'], /--delta: expected a relative move above 0/],
      [['sensitivity', S, ...ACME, '--top', 'x'], /--top: expected a whole number/],
      [['levers', S, ...ACME, '-f', 'csv'], /unknown format "csv"/],
    ];
    for (const [args, re] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
    }
  });

  it('help text has examples', () => {
    for (const c of ['whatif', 'compare', 'sweep', 'levers', 'sensitivity']) {
      const r = runCli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:\n {2}\$ aifinops /);
    }
  });
});
