/** Provider rules through the real bin: --explain arithmetic, variants, --set, pricing show, diff (docs/cost-model.md "Provider rules"). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FILE = 'test/fixtures/rules/deepseek-peak.yaml';
const AS_OF = ['--as-of', '2026-12-06'];
const OFF_PEAK = 1.65;

describe('provider rules on the command line', () => {
  it('prices Beijing business hours at ×16/9, and the overnight variant (weekends, flat) at the off-peak rates', () => {
    const r = runCli(['estimate', FILE, ...AS_OF, '-f', 'json']);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.total_monthly_cost).toBeCloseTo((OFF_PEAK * 16) / 9, 9);
    expect(s.stages[0].models[0].provider_rules.time_windows[0].share).toBeCloseTo(7 / 9, 9);
    const v = JSON.parse(runCli(['estimate', FILE, ...AS_OF, '--variant', 'overnight', '-f', 'json']).stdout).scenarios[0];
    expect(v.total_monthly_cost).toBeCloseTo(OFF_PEAK, 9);
  });

  it('--explain shows window shares × rates', () => {
    const r = runCli(['estimate', FILE, ...AS_OF, '--explain', '--no-color']);
    expect(r.stdout).toContain('peak: 01:00-04:00, 06:00-10:00 UTC, weekdays → share s = 0.777778');
    expect(r.stdout).toContain('input: 0.222222 × 0.66 + 0.777778 × 1.32 = 1.17333/1M');
    expect(r.stdout).toContain('answer / deepseek/deepseek-v4-pro: peak 77.7778% of calls (business-hours, UTC+8, weekdays 100%)');
  });

  it('--set a service tier on a stage, with the tier factor and d\' in --explain', () => {
    const r = runCli(['estimate', FILE, ...AS_OF, '--set', 'pipeline.answer.model=gpt-5.5', '--set', 'pipeline.answer.service_tier=priority', '--set', 'pipeline.answer.batch_share=0.5', '--explain', '--no-color']);
    expect(r.stderr).toBe('');
    // 1,000 × (1,000 × 5 + 500 × 30) / 1e6 = $20 standard; half batch ($10 × 0.5), half priority ($50 × 0.5) = $30
    expect(r.stdout).toContain('service tier: T = Σ share × factor = 1 × 2.5 (priority) = 2.5; every rate × T');
    expect(r.stdout).toContain("d' = 1 − (1 − batch_discount) ÷ T = 1 − (1 − 0.5) ÷ 2.5 = 0.8");
    expect(r.stdout).toContain('Monthly total: $30.00');
  });

  it('pricing show lists the time window and the service tiers', () => {
    expect(runCli(['pricing', 'show', 'deepseek-v4-pro', ...AS_OF]).stdout).toContain('time window peak: 01:00-04:00, 06:00-10:00 UTC, weekdays — input $1.32, output $3.96, cache read $0.044');
    expect(runCli(['pricing', 'show', 'gpt-5.5', ...AS_OF]).stdout).toContain('service tiers: standard ×1, flex ×0.5, priority ×2.5');
    // JSON: the schedule row of the 2026-08-17 price carries its windows; the base row has none
    const j = JSON.parse(runCli(['pricing', 'show', 'deepseek-v4-pro', ...AS_OF, '-f', 'json']).stdout);
    expect(j.schedule.map((r: { from: string | null; time_windows?: unknown[] }) => [r.from, r.time_windows?.length ?? 0])).toEqual([[null, 0], ['2026-08-17', 1]]);
    expect(j.prices.time_windows[0].name).toBe('peak');
  });

  it('diff: moving the traffic to the night is a usage effect, not a price effect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-rules-'));
    const base = join(dir, 'base.json');
    writeFileSync(base, runCli(['estimate', FILE, ...AS_OF, '-f', 'json']).stdout);
    const r = runCli(['diff', '--base', base, FILE, ...AS_OF, '--set', 'traffic.time_profile.preset=flat', '--set', 'traffic.time_profile.weekday_share=0', '-f', 'json']);
    expect(r.stderr).toBe('');
    const t = JSON.parse(r.stdout).totals[0];
    expect(t.change).toBeCloseTo(OFF_PEAK - (OFF_PEAK * 16) / 9, 9);
    expect(t.price_effect).toBeCloseTo(0, 9);
    expect(t.usage_effect).toBeCloseTo(t.change, 9);
  });

  it('pricing list at 40 columns wraps its "price change" footer too (the table fitted; the footer was 49 wide)', () => {
    const r = runCli(['pricing', 'list'], { env: { AIFINOPS_TTY_COLUMNS: '40' } });
    const widest = Math.max(...r.stdout.split('\n').map((l) => [...l].length));
    expect(r.stdout).toContain('* price change after');
    expect(widest).toBeLessThanOrEqual(40);
  });
});
