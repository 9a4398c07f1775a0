/** --as-of through the real bin: estimate, forecast, diff, pricing show/list/validate (docs/cost-model.md "The pricing date"). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// 1,000,000 requests × (1,000 input + 200 output) tokens on google/gemini-3.6-flash + $100 hosting
// (the header of the fixture): 1,500 a month at 0.75 / 3.75 per 1M, 3,000 at 1.50 / 7.50 from 2027-01-01.
const GEMINI = 'test/fixtures/dated/gemini-flash.yaml';
const json = (args: string[]) => {
  const r = runCli(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('estimate --as-of', () => {
  it('prices at the rates in force on the date: 2026-12-31 the introductory rate, 2027-01-01 the new one', () => {
    const before = json(['estimate', GEMINI, '--as-of', '2026-12-31', '-f', 'json']);
    const after = json(['estimate', GEMINI, '--as-of', '2027-01-01', '-f', 'json']);
    expect(before.priced_as_of).toBe('2026-12-31');
    expect(before.scenarios[0].total_monthly_cost).toBeCloseTo(1500 + 100, 9);
    expect(after.scenarios[0].total_monthly_cost).toBeCloseTo(3000 + 100, 9);
    expect(before.scenarios[0].stages[0].models[0].priced_by.effective_from).toBeNull();
    expect(after.scenarios[0].stages[0].models[0].priced_by.effective_from).toBe('2027-01-01');
  });

  it('defaults to today (pinned by AIFINOPS_TODAY in tests), and warns of the change within 90 days', () => {
    const r = json(['estimate', GEMINI, '-f', 'json']);
    expect(r.priced_as_of).toBe('2026-11-23');
    expect(r.scenarios[0].warnings).toContain(
      'google/gemini-3.6-flash input $0.75 → $1.50, output $3.75 → $7.50, cache read $0.075 → $0.15 per 1M tokens on 2027-01-01 (within 90 days of the pricing date 2026-11-23)',
    );
    const unpinned = runCli(['estimate', GEMINI, '-f', 'json'], { env: { AIFINOPS_TODAY: '' } });
    expect(JSON.parse(unpinned.stdout).priced_as_of).toBe(new Date().toISOString().slice(0, 10));
  });

  it('a date that is not real is a usage error (exit 2), with no stack trace', () => {
    const r = runCli(['estimate', GEMINI, '--as-of', '2027-02-30']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--as-of: expected a real calendar date \(month 01–12, a day that month has\), got "2027-02-30"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--max-price-age: prices checked more than N days before the pricing date are flagged', () => {
    // the bundled google catalogue is as of 2026-09-23: 69 days before 2026-12-01
    const warn = (days: string) => json(['estimate', GEMINI, '--as-of', '2026-12-01', '--max-price-age', days, '-f', 'json']).scenarios[0].warnings.filter((w: string) => w.includes('checked on'));
    expect(warn('69')).toEqual([]);
    expect(warn('68')).toEqual(['google/gemini-3.6-flash: its prices were checked on 2026-09-23 (pricing/google.yaml as_of), 69 days before the pricing date 2026-12-01, more than 68; check them, or raise --max-price-age']);
  });
});

describe('forecast prices each month on its first day', () => {
  it('across 2026-12 → 2027-01: hand-derived month costs', () => {
    const r = json(['forecast', GEMINI, '--set', 'growth.start=2026-12', '--set', 'growth.months=3', '--as-of', '2026-12-06', '-f', 'json']);
    // month m volume = 1.1^(m−1); model cost 1,500 (December) or 3,000 (2027); hosting 100 fixed
    expect(r.months.map((m: { priced_as_of: string }) => m.priced_as_of)).toEqual(['2026-12-01', '2027-01-01', '2027-02-01']);
    expect(r.months[0].point_cost).toBeCloseTo(1500 + 100, 6);
    expect(r.months[1].point_cost).toBeCloseTo(3000 * 1.1 + 100, 6);
    expect(r.months[2].point_cost).toBeCloseTo(3000 * 1.21 + 100, 6);
    expect(r.point_total).toBeCloseTo(1600 + 3400 + 3730, 6);
    expect(r.priced_as_of).toBe('2026-12-06');
  });

  it('warns of a change inside the horizon even beyond 90 days', () => {
    const r = json(['forecast', GEMINI, '--set', 'growth.start=2026-06', '--set', 'growth.months=12', '--as-of', '2026-06-01', '-f', 'json']);
    expect(r.warnings).toContain('google/gemini-3.6-flash input $0.75 → $1.50, output $3.75 → $7.50, cache read $0.075 → $0.15 per 1M tokens on 2027-01-01 (inside the 12-month forecast (2026-06 to 2027-05))');
    expect(r.months[7].priced_as_of).toBe('2027-01-01');
    expect(r.months[7].point_cost).toBeGreaterThan(r.months[6].point_cost * 1.5);
  });

  it('a forecast that starts before the pricing date names the change its first months were priced before (month 1: 1,600, where estimate on the pricing date gives 3,100)', () => {
    const r = json(['forecast', GEMINI, '--set', 'growth.start=2026-12', '--set', 'growth.months=2', '--as-of', '2027-01-15', '-f', 'json']);
    expect(r.months[0].point_cost).toBeCloseTo(1500 + 100, 6);
    expect(json(['estimate', GEMINI, '--as-of', '2027-01-15', '-f', 'json']).scenarios[0].total_monthly_cost).toBeCloseTo(3000 + 100, 6);
    expect(r.warnings).toContain(
      'google/gemini-3.6-flash input $0.75 → $1.50, output $3.75 → $7.50, cache read $0.075 → $0.15 per 1M tokens on 2027-01-01 (after 2026-12-01, the first day of the 2-month forecast (2026-12 to 2027-01), and on or before the pricing date 2027-01-15: the months that begin before it are priced at the earlier rates)',
    );
    // boundary: a forecast whose first month starts on the change day has nothing to name
    const same = json(['forecast', GEMINI, '--set', 'growth.start=2027-01', '--set', 'growth.months=2', '--as-of', '2027-01-15', '-f', 'json']);
    expect(same.warnings.filter((w: string) => w.includes('earlier rates'))).toEqual([]);
  });

  it("carries estimate's warnings for the scenario as written: a deprecated model shutting down after the horizon (it said nothing)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-forecast-dep-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'version: 1\nname: t\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - { name: a, model: gpt-4o, input: { user: 100 }, output: 10 }\ngrowth: { monthly_rate: 0%, months: 1 }\n');
    const est = json(['estimate', file, '--as-of', '2026-12-01', '-f', 'json']).scenarios[0].warnings as string[];
    const r = json(['forecast', file, '--as-of', '2026-12-01', '-f', 'json']);
    expect(est).toContain('openai/gpt-4o is deprecated: openai shuts it down on 2027-01-14');
    for (const w of est) expect(r.warnings).toContain(w);
  });

  it("levers, sensitivity and sweep carry estimate's warnings too, in JSON and in the table (they said nothing)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-whatif-dep-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'version: 1\nname: t\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - { name: a, model: gpt-4o, input: { user: 100 }, output: 10 }\n');
    const est = json(['estimate', file, '--as-of', '2026-12-01', '-f', 'json']).scenarios[0].warnings as string[];
    expect(est).toContain('openai/gpt-4o is deprecated: openai shuts it down on 2027-01-14');
    const runs: string[][] = [['levers', file], ['sensitivity', file], ['sweep', file, '--param', 'traffic.requests_per_month', '--values', '1000,2000']];
    for (const args of runs) {
      expect(json([...args, '--as-of', '2026-12-01', '-f', 'json']).warnings, args[0]).toEqual(est);
      expect(runCli([...args, '--as-of', '2026-12-01']).stdout, args[0]).toContain('warning: openai/gpt-4o is deprecated: openai shuts it down on 2027-01-14');
    }
  });

  it('a forecast that starts after the pricing date: a change before its first day applies to every month, and says so', () => {
    const r = json(['forecast', GEMINI, '--set', 'growth.start=2027-06', '--set', 'growth.months=2', '--as-of', '2026-06-01', '-f', 'json']);
    expect(r.months.map((m: { point_cost: number }) => m.point_cost)).toEqual([expect.closeTo(3100, 6), expect.closeTo(3000 * 1.1 + 100, 6)]);
    expect(r.warnings).toContain(
      'google/gemini-3.6-flash input $0.75 → $1.50, output $3.75 → $7.50, cache read $0.075 → $0.15 per 1M tokens on 2027-01-01 (on or before the first day of the 2-month forecast (2027-06 to 2027-07): every month of it is priced at the new rates)',
    );
  });
});

describe('diff attributes a scheduled change to price, not usage', () => {
  it('a baseline priced before 2027-01-01, diffed after it: the gemini change is all price effect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-dated-'));
    const base = join(dir, 'baseline.json');
    const b = runCli(['estimate', GEMINI, '--as-of', '2026-12-15', '-f', 'json', '-o', base]);
    expect(b.code).toBe(0);
    const d = json(['diff', GEMINI, '--base', base, '--as-of', '2027-01-15', '-f', 'json']);
    expect(d.base.priced_as_of).toBe('2026-12-15');
    expect(d.head.priced_as_of).toBe('2027-01-15');
    const s = d.scenarios[0];
    // same tokens, double rates: 1,500 → 3,000 on the model
    expect(s.change).toBeCloseTo(1500, 6);
    expect(s.price_effect).toBeCloseTo(1500, 6);
    expect(s.usage_effect).toBeCloseTo(0, 6);
    expect(s.notes).toContainEqual({ kind: 'dated_price', model: 'google/gemini-3.6-flash', before: null, after: '2027-01-01' });
    const t = runCli(['diff', GEMINI, '--base', base, '--as-of', '2027-01-15']);
    expect(t.stdout).toContain('prices as of 2026-12-15 → 2027-01-15');
    expect(t.stdout).toContain("google/gemini-3.6-flash: the catalogue's dated price from 2027-01-01 now applies (was the base rates)");
  });

  it('a baseline from before dated prices (no priced_as_of) still loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-dated-'));
    const base = join(dir, 'old.json');
    const r = JSON.parse(runCli(['estimate', GEMINI, '--as-of', '2026-12-15', '-f', 'json']).stdout);
    delete r.priced_as_of;
    for (const st of r.scenarios[0].stages) for (const m of st.models) delete m.priced_by.effective_from;
    writeFileSync(base, JSON.stringify(r));
    const d = json(['diff', GEMINI, '--base', base, '--as-of', '2026-12-15', '-f', 'json']);
    expect(d.base.priced_as_of).toBeNull();
    expect(d.scenarios[0].change).toBeCloseTo(0, 9);
  });
});

describe('pricing show, list and validate know the schedule', () => {
  it("show and list name a model's shutdown (openai/gpt-4o, deprecated.shutdown 2027-01-14): before it, and on and after it (it said nothing)", () => {
    const before = runCli(['pricing', 'show', 'gpt-4o', '--as-of', '2027-01-13']);
    expect(before.stdout).toMatch(/^deprecated: openai shuts it down on 2027-01-14/m);
    const on = runCli(['pricing', 'show', 'gpt-4o', '--as-of', '2027-01-14']);
    expect(on.stdout).toMatch(/^shut down: openai shut it down on 2027-01-14, on or before 2027-01-14, so a scenario priced on this date cannot use it/m);
    expect(runCli(['pricing', 'show', 'gpt-5.4', '--as-of', '2027-01-14']).stdout).not.toMatch(/shut|deprecated/);
    const list = runCli(['pricing', 'list', '--provider', 'openai', '--as-of', '2026-12-01']).stdout;
    expect(list).toMatch(/openai\/gpt-4o †/);
    expect(list).not.toMatch(/openai\/gpt-5\.4 †/);
    expect(list).toContain('† its provider shuts it down (or has): see pricing show');
    const rows = json(['pricing', 'list', '--provider', 'openai', '--as-of', '2026-12-01', '-f', 'json']).models as { model: string; shutdown: string | null }[];
    expect(rows.find((r) => r.model === 'openai/gpt-4o')!.shutdown).toBe('2027-01-14');
    expect(rows.find((r) => r.model === 'openai/gpt-5.4')!.shutdown).toBeNull();
  });

  it('show lists the base rates and each dated price, marking the one in force', () => {
    const r = runCli(['pricing', 'show', 'gemini-3.6-flash', '--as-of', '2027-01-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rates in force on 2027-01-01 (the dated price from 2027-01-01)');
    expect(r.stdout).toMatch(/base \(before 2027-01-01\)\s*│\s*\$0\.75\s*│\s*\$3\.75/);
    expect(r.stdout).toMatch(/from 2027-01-01\s*│\s*\$1\.50\s*│\s*\$7\.50.*in force on 2027-01-01/);
    const j = json(['pricing', 'show', 'gemini-3.6-flash', '--as-of', '2026-12-31', '-f', 'json']);
    expect(j.prices.input).toBe(0.75);
    expect(j.schedule.map((s: { from: string | null; in_force: boolean }) => [s.from, s.in_force])).toEqual([[null, true], ['2027-01-01', false]]);
  });

  it('list marks a model with a change scheduled after the date; after the change it is no longer marked', () => {
    const before = runCli(['pricing', 'list', '--provider', 'google', '--as-of', '2026-12-31']).stdout;
    expect(before).toMatch(/gemini-3\.6-flash \*/);
    expect(before).toContain('* price change after 2026-12-31: see pricing show');
    const after = runCli(['pricing', 'list', '--provider', 'google', '--as-of', '2027-01-01']).stdout;
    expect(after).not.toMatch(/gemini-3\.6-flash \*/);
    const j = json(['pricing', 'list', '--provider', 'google', '--as-of', '2026-12-31', '-f', 'json']);
    const g = j.models.find((m: { model: string }) => m.model === 'google/gemini-3.6-flash');
    expect([g.input, g.effective_from, g.next_change]).toEqual([0.75, null, '2027-01-01']);
  });

  it('validate checks the schedule: order is an error, a price that changes nothing a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-dated-'));
    const f = join(dir, 'neg.yaml');
    const head = 'version: 1\nprovider: neg\ncurrency: USD\nas_of: 2026-11-01\nsource: contract\nmodels:\n  m:\n    input: 1\n    output: 2\n    prices:\n';
    writeFileSync(f, `${head}      - { from: 2027-01-01, input: 1, output: 2 }\n`);
    const ok = runCli(['pricing', 'validate', f]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 model of neg, USD, as of 2026-11-01, 1 dated price');
    expect(ok.stderr).toContain('models.m.prices[0].from: the price from 2027-01-01 restates the rates already in force, so it changes nothing');
    writeFileSync(f, `${head}      - { from: 2027-03-01, input: 1, output: 3 }\n      - { from: 2027-01-01, input: 1, output: 4 }\n`);
    const bad = runCli(['pricing', 'validate', f]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neg\.yaml:12:\d+: models\.m\.prices\[1\]\.from: dated prices must be in date order/);
  });
});

describe('breakeven warns about stale GPU prices', () => {
  const BASIC = ['breakeven', 'test/fixtures/breakeven-basic/scenario.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml', '--gpus', 'test/fixtures/breakeven-catalogue/gpus.yaml', '--deployments', 'test/fixtures/breakeven-catalogue/deployments.yaml', '-d', 'acme-8b', '--replaces', 'answer', '-f', 'json'];
  const stale = (args: string[]) => json([...BASIC, ...args]).warnings.filter((w: string) => w.startsWith('GPU prices'));

  it('names each price option older than the maximum age (2026-01-01 → 2026-11-23 is 326 days)', () => {
    expect(stale(['--max-price-age', '326'])).toEqual([]);
    const [w] = stale(['--max-price-age', '325']);
    expect(w).toContain('acme-cloud/on-demand (as of 2026-01-01, 326 days)');
    expect(w).toContain('owned (as of 2026-01-01, 326 days)');
    expect(json([...BASIC, '--as-of', '2026-03-01']).priced_as_of).toBe('2026-03-01');
    expect(stale(['--as-of', '2026-03-01'])).toEqual([]);
  });
});
