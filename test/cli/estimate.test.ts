/** `aifinops estimate` through the real bin: exit codes, formats, files, roll-ups. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ACME = ['--pricing', 'test/fixtures/catalogues/acme.yaml'];
const A = 'test/fixtures/scenarios/team-a.yaml'; // 10,000 × (1000 × 1 + 250 × 4) / 1e6 = $20
const B = 'test/fixtures/scenarios/team-b.yaml'; // 1,000 × (1000 × 10 + 100 × 40) / 1e6 + 40 = $54
const A2 = 'test/fixtures/scenarios/team-a2.yaml'; // 5,000 × 100,000 × 0.02 / 1e6 = $10

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'aifinops-test-'));
}

describe('estimate', () => {
  it('prints the table by default, with totals, budget status and sources', () => {
    const r = runCli(['estimate', A, ...ACME]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Team A bot');
    expect(r.stdout).toContain('Monthly total: $20.00');
    expect(r.stdout).toContain('Budget: OVER — 133.3% of $15.00');
    expect(r.stdout).toContain('acme/acme-small: test/fixtures/catalogues/acme.yaml (as of 2026-11-01)');
    expect(r.stdout).not.toMatch(/\x1b\[/); // NO_COLOR
  });

  it('colour only when asked for or on a terminal, never with --no-color or NO_COLOR', () => {
    const forced = runCli(['estimate', A, ...ACME], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[/);
    expect(runCli(['estimate', A, ...ACME, '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(['estimate', A, ...ACME], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(['estimate', A, ...ACME], { env: { NO_COLOR: undefined } }).stdout).not.toMatch(/\x1b\[/); // a pipe, not a terminal
  });

  it('a model shut down by the pricing date is exit 2 at its line, naming the replacement; the day before it is priced with a warning', () => {
    const file = 'examples/actuals/support-assistant.yaml'; // line 13: models: { gpt-5-mini: 0.6, gpt-5: 0.4 }; both shut down 2026-12-11
    const on = runCli(['estimate', file, '--as-of', '2026-12-11']);
    expect(on.code).toBe(2);
    expect(on.stdout).toBe('');
    expect(on.stderr).toMatch(/support-assistant\.yaml:13:\d+: pipeline\.answer\.models\.gpt-5-mini: model "gpt-5-mini" \(openai\/gpt-5-mini\) is shut down: openai shut it down on 2026-12-11, on or before the pricing date 2026-12-11/);
    expect(on.stderr).toContain('use "gpt-5.6-terra", or price an earlier date with --as-of');
    expect(on.stderr).not.toMatch(/\n\s+at /);
    const before = runCli(['estimate', file, '--as-of', '2026-12-10']);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('warning: openai/gpt-5-mini is deprecated: openai shuts it down on 2026-12-11; its replacement is gpt-5.6-terra');
  });

  it('a scenario, stage or line item name of only spaces is exit 2; one visible character is enough', () => {
    const dir = tmp();
    const file = (name: string, stage: string, item: string) => {
      const f = join(dir, 'names.yaml');
      writeFileSync(f, `version: 1\nname: ${JSON.stringify(name)}\ntraffic: { requests_per_day: 10 }\npipeline:\n  - { name: ${JSON.stringify(stage)}, model: acme-small, input: { user: 10 }, output: 5 }\ncosts:\n  - { name: ${JSON.stringify(item)}, monthly: 1 }\n`);
      return f;
    };
    const bad = runCli(['estimate', file('   ', '\t', ' '), ...ACME]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('names.yaml:2:7: name: expected a scenario name with a visible character, not only spaces, got "   "');
    expect(bad.stderr).toContain('expected a stage name with a visible character, not only spaces');
    expect(bad.stderr).toContain('expected a line item name with a visible character, not only spaces');
    expect(runCli(['estimate', file(' x', 'a b', '.'), ...ACME]).code).toBe(0);
  });

  it('exit code stays 0 when a budget is over: estimate reports, diff enforces', () => {
    expect(runCli(['estimate', A, ...ACME, '-f', 'json']).code).toBe(0);
  });

  it('json is byte-identical across runs and carries the spec §4 fields', () => {
    const r1 = runCli(['estimate', A, B, ...ACME, '-f', 'json']);
    const r2 = runCli(['estimate', A, B, ...ACME, '-f', 'json']);
    expect(r1.stdout).toBe(r2.stdout);
    const j = JSON.parse(r1.stdout);
    expect(Object.keys(j)).toEqual(['schema_version', 'tool_version', 'priced_as_of', 'scenarios', 'totals', 'groups', 'alternatives']);
    expect(Object.keys(j.scenarios[0])).toEqual([
      'name', 'file', 'variant', 'currency', 'tags', 'requests_per_month', 'users', 'total_monthly_cost', 'cost_per_request',
      'cost_per_user', 'outcomes_per_month', 'cost_per_outcome', 'net_value', 'roi', 'budget', 'stages', 'line_items', 'by_category', 'warnings',
      'uncertainty', 'alternative_of',
    ]);
    expect(j.alternatives).toEqual([]);
    expect(j.scenarios[0].alternative_of).toBeNull();
    expect(j.scenarios[0].uncertainty).toBeNull(); // no distributions in these scenarios
    expect(j.scenarios[0].total_monthly_cost).toBeCloseTo(20, 10);
    expect(j.scenarios[1].total_monthly_cost).toBeCloseTo(54, 10);
    expect(j.totals).toEqual([{ currency: 'USD', total_monthly_cost: expect.closeTo(74, 10) }]);
    expect(j.scenarios[0].budget).toEqual({ monthly: 15, alert_at: 0.8, status: 'over', used: expect.closeTo(20 / 15, 11) }); // 12 significant digits (docs/report-json.md)
    expect(j.scenarios[1].cost_per_user).toBeNull();
  });

  it('--group-by rolls scenarios up by a tag', () => {
    const j = JSON.parse(runCli(['estimate', A, B, A2, ...ACME, '-f', 'json', '--group-by', 'team']).stdout);
    expect(j.groups.map((g: { value: string; total_monthly_cost: number; scenarios: string[] }) => [g.value, Math.round(g.total_monthly_cost * 100) / 100, g.scenarios])).toEqual([
      ['beta', 54, ['Team B agent']],
      ['alpha', 30, ['Team A bot', 'Team A search']],
    ]);
    const t = runCli(['estimate', A, B, A2, ...ACME, '--group-by', 'team']).stdout;
    expect(t).toContain('Showback by team');
    expect(t).toMatch(/Grand total \(USD\)\s*│\s*\$84\.00/);
  });

  it('markdown and csv', () => {
    const md = runCli(['estimate', A, ...ACME, '-f', 'markdown']).stdout;
    expect(md).toContain('## Team A bot');
    expect(md).toContain('| answer | `acme/acme-small` |');
    const csv = runCli(['estimate', A, B, ...ACME, '-f', 'csv']).stdout.trim().split('\n');
    expect(csv[0]).toBe('scenario,variant,file,currency,row,stage,line_item,model,category,share,calls_per_month,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,reasoning_tokens,monthly_cost');
    expect(csv.filter((l) => l.includes(',total,'))).toHaveLength(2);
    expect(csv.find((l) => l.startsWith('Team B agent') && l.includes('line_item'))).toBe('Team B agent,,test/fixtures/scenarios/team-b.yaml,USD,line_item,,sandbox,,infrastructure,,,,,,,,40');
  });

  it('--output writes atomically and prints nothing; a failing run leaves the old file intact', () => {
    const dir = tmp();
    const out = join(dir, 'report.json');
    const ok = runCli(['estimate', A, ...ACME, '-f', 'json', '-o', out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    const before = readFileSync(out, 'utf8');
    expect(JSON.parse(before).scenarios[0].name).toBe('Team A bot');
    const bad = runCli(['estimate', 'test/fixtures/scenarios/misspelt-key.yaml', ...ACME, '-f', 'json', '-o', out]);
    expect(bad.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('--set and --variant change the numbers; --explain shows the arithmetic', () => {
    const j = JSON.parse(runCli(['estimate', A, ...ACME, '-f', 'json', '--set', 'traffic.requests_per_month=20000']).stdout);
    expect(j.scenarios[0].total_monthly_cost).toBeCloseTo(40, 10);
    const ex = runCli(['estimate', A, ...ACME, '--explain']).stdout;
    expect(ex).toContain('C  = R × share_of_requests × (1 − response_cache_hit_rate) × agent_steps × A × share');
    expect(ex).toContain('= 10000 × 1 × (1 − 0) × 1 × 1 × 1 = 10000 calls/month');
    expect(ex).toContain('cost = C × (input + output per call) × f = 10000 × (0.001 + 0.001) × 1 = $20.00');
  });
});

describe('estimate: bad input exits 2 with one located message and no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing file', ['estimate', 'nope.yaml'], /nope\.yaml: file not found/],
    ['misspelt key', ['estimate', 'test/fixtures/scenarios/misspelt-key.yaml', ...ACME], /misspelt-key\.yaml:8:5: pipeline\.answer\.ouput: unknown key "ouput" — did you mean "output"\?/],
    ['unknown model', ['estimate', A, ...ACME, '--set', 'pipeline.answer.model=acme-smal'], /unknown model "acme-smal" — did you mean "acme-small"\?/],
    ['path that names nothing', ['estimate', A, ...ACME, '--set', 'pipeline.answer.cache.hit_rat=0.5'], /--set pipeline\.answer\.cache\.hit_rat: .*did you mean "hit_rate"\?/],
    ['unknown format', ['estimate', A, ...ACME, '-f', 'jsno'], /unknown format "jsno" — did you mean "json"\?/],
    ['unknown option', ['estimate', A, '--explian'], /unknown option '--explian'/],
    ['bad catalogue', ['estimate', A, '--pricing', 'test/fixtures/scenarios/team-a.yaml'], /team-a\.yaml:\d+:\d+: .*unknown key/],
  ];
  for (const [name, args, re] of cases) {
    it(name, () => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
      expect(r.stdout).toBe('');
    });
  }

  it('invalid YAML is located', () => {
    const dir = tmp();
    const f = join(dir, 'broken.yaml');
    writeFileSync(f, 'version: 1\nname: x\ntraffic: { requests_per_day: 1\n');
    const r = runCli(['estimate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
  });
});
