/** `aifinops estimate` with distributions and `aifinops forecast`, run as a user would (golden outputs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

const SCENARIO = 'test/fixtures/forecast-four-stage/scenario.yaml';
const RUN = ['--samples', '2000', '--seed', '1'];
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-forecast-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aifinops estimate with distributions', () => {
  it('adds mean and P50/P80/P95, the budget at P80 and the overrun probability (table)', async () => {
    const r = runCli(['estimate', SCENARIO, ...RUN]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // beside the golden: the monthly cost's P50 ≤ P80 ≤ P95
    const row = r.stdout.split('\n').find((l) => l.startsWith('│ Monthly cost '))!.split('│').slice(2, -1).map((c) => Number(c.replace(/[$,\s]/g, '')));
    expect(row[1]! <= row[2]! && row[2]! <= row[3]!).toBe(true);
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/forecast-four-stage/estimate.txt');
  });
  it('JSON: an uncertainty block per scenario, byte-identical for the same seed', () => {
    const a = runCli(['estimate', SCENARIO, ...RUN, '-f', 'json']);
    const b = runCli(['estimate', SCENARIO, ...RUN, '-f', 'json']);
    const c = runCli(['estimate', SCENARIO, '--samples', '2000', '--seed', '2', '-f', 'json']);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const s = JSON.parse(a.stdout).scenarios[0];
    expect(Object.keys(s.uncertainty)).toEqual([
      'samples', 'seed', 'point', 'inputs', 'monthly_cost', 'monthly_cost_std_error', 'cost_per_request', 'cost_per_user', 'cost_per_outcome', 'net_value', 'budget',
    ]);
    expect(Object.keys(s.uncertainty.monthly_cost)).toEqual(['mean', 'p10', 'p50', 'p80', 'p90', 'p95']);
    expect(s.uncertainty.samples).toBe(2000);
    expect(s.uncertainty.inputs).toHaveLength(12); // growth.monthly_rate is the forecast's, not the month's
    expect(s.uncertainty.budget.at).toBe('p80');
    // written with 12 significant digits (docs/report-json.md): used = P80 ÷ budget to that precision
    expect(Math.abs(s.budget.used - s.uncertainty.monthly_cost.p80 / 45000)).toBeLessThanOrEqual(1e-12 * s.budget.used);
  });
  it('where code generation is forbidden, the reference evaluator gives the same bytes', () => {
    const args = ['estimate', SCENARIO, ...RUN, '-f', 'json'];
    const compiled = runCli(args);
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(compiled.stdout);
  });
  it('a scenario without distributions reports uncertainty: null', () => {
    const r = runCli(['estimate', 'test/fixtures/scenarios/basic.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml', '-f', 'json']);
    expect(JSON.parse(r.stdout).scenarios[0].uncertainty).toBeNull();
  });
  it('markdown carries the uncertainty section too', () => {
    const r = runCli(['estimate', SCENARIO, ...RUN, '-f', 'markdown']);
    expect(r.stdout).toMatch(/### Uncertainty — Four-stage assistant \(uncertain\)\n\n2,000 samples · seed 1 · 12 uncertain inputs/);
    expect(r.stdout).toMatch(/\| Monthly cost \| \$[\d,.]+ \| \$[\d,.]+ \| \$[\d,.]+ \| \$[\d,.]+ \|/);
  });
  it('bad --samples / --seed and bad distributions exit 2 with one clear message', () => {
    for (const args of [['--samples', 'many'], ['--samples', '2000000'], ['--seed', '-1']]) {
      const r = runCli(['estimate', SCENARIO, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^aifinops: error: --s(amples|eed): expected a whole number/);
    }
    const bad = runCli(['estimate', SCENARIO, '--set', 'pipeline.answer.cache.hit_rate={ low: 0.5, hihg: 0.9 }']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown key "hihg" in a distribution — did you mean "high"?');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('aifinops forecast', () => {
  it('table: chart, month by month bands, cumulative spend and the budget month', async () => {
    const r = runCli(['forecast', SCENARIO, ...RUN]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // beside the golden: in every month P10 ≤ P50 ≤ P90 (table columns 3-5)
    const money = (c: string) => Number(c.replace(/[$,\s]/g, ''));
    const months = r.stdout.split('\n').filter((l) => /^│ 20\d\d-\d\d /.test(l)).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    expect(months).toHaveLength(12);
    for (const m of months) expect(money(m[2]!) <= money(m[3]!) && money(m[3]!) <= money(m[4]!), m[0]).toBe(true);
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/forecast-four-stage/forecast.txt');
  });
  it('markdown and CSV', async () => {
    await expect(runCli(['forecast', SCENARIO, ...RUN, '-f', 'markdown']).stdout).toMatchFileSnapshot('../fixtures/forecast-four-stage/forecast.md');
    const csv = runCli(['forecast', SCENARIO, ...RUN, '-f', 'csv']).stdout;
    // beside the golden: percentiles ordered, cumulative point = running sum of the monthly point
    const [head, ...lines] = csv.trim().split('\n');
    const col = (name: string) => head!.split(',').indexOf(name);
    let running = 0;
    for (const line of lines) {
      const v = line.split(',').map(Number);
      expect(v[col('cost_p10')]! <= v[col('cost_p50')]! && v[col('cost_p50')]! <= v[col('cost_p90')]!).toBe(true);
      running += v[col('point_cost')]!;
      expect(v[col('point_cumulative')]!).toBeCloseTo(running, 3);
    }
    await expect(csv).toMatchFileSnapshot('../fixtures/forecast-four-stage/forecast.csv');
  });
  it('JSON: versioned, deterministic for a seed', () => {
    const a = runCli(['forecast', SCENARIO, ...RUN, '-f', 'json']);
    expect(runCli(['forecast', SCENARIO, ...RUN, '-f', 'json']).stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.schema_version).toBe(1);
    expect(j.months).toHaveLength(12);
    expect(j.months[0].label).toBe('2026-01');
    expect(j.budget).toMatchObject({ monthly: 45000, at: 'p80' });
    expect(j.growth).toMatchObject({ kind: 'rate', months: 12, start: '2026-01' });
  });
  it('--set adds growth to a scenario that has none; without it the volume is flat with a warning', () => {
    const flat = runCli(['forecast', 'test/fixtures/scenarios/basic.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml', '-f', 'json']);
    const j = JSON.parse(flat.stdout);
    expect(j.samples).toBe(0);
    expect(j.months).toHaveLength(12);
    expect(j.warnings.join('\n')).toMatch(/no growth block/);
    const grown = runCli(['forecast', 'test/fixtures/scenarios/basic.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml', '--set', 'growth.monthly_rate=10%', '--set', 'growth.months=3', '-f', 'json']);
    expect(grown.stderr).toBe('');
    const g = JSON.parse(grown.stdout);
    expect(g.months).toHaveLength(3);
    expect(g.months[2].point_cost).toBeGreaterThan(g.months[0].point_cost);
  });
  it('--format html -o writes one self-contained file', () => {
    const out = join(tmp, 'report.html');
    const r = runCli(['forecast', SCENARIO, ...RUN, '-f', 'html', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|\bsrc=|url\(|@import/i);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });
  it('unknown format and a missing file exit 2', () => {
    const f = runCli(['forecast', SCENARIO, '-f', 'pdf']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/unknown format "pdf"/);
    const m = runCli(['forecast', 'nope.yaml']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/nope\.yaml: file not found/);
  });
});

describe('the forecast chart', () => {
  it('draws P90, P10 and P50 with three different glyphs, P90 never below P10 in a column', () => {
    const r = runCli(['forecast', 'scenarios/coding-agent-growth.yaml', '--samples', '2000']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const legend = lines.find((l) => l.includes('P90') && l.includes('P10') && l.includes('P50'))!;
    const glyphs = [...legend.matchAll(/(\S) (P90|P10|P50)/g)].map((m) => [m[2], m[1]] as const);
    expect(Object.fromEntries(glyphs)).toEqual({ P90: '▲', P10: '▼', P50: '●' });
    // the plot rows (between the title and the axis): for each column, the row of ▲ is above (or at) the row of ▼
    const start = lines.indexOf('Monthly cost') + 1;
    const end = lines.findIndex((l, i) => i > start && l.includes('└'));
    const rows = lines.slice(start, end).map((l) => [...l.slice(l.indexOf('┤') + 1)]);
    let compared = 0;
    for (let col = 0; col < Math.max(...rows.map((x) => x.length)); col++) {
      const up = rows.findIndex((x) => x[col] === '▲');
      const down = rows.findIndex((x) => x[col] === '▼');
      if (up >= 0 && down >= 0) {
        expect(up, `column ${col}`).toBeLessThanOrEqual(down);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
