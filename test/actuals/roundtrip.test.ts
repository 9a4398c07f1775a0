/**
 * The round trip: usage generated from a known scenario with noise (scripts/actuals-fixtures.mjs
 * --scenario), imported, calibrated from a wrong guess: the fitted inputs are within the stated
 * tolerances of the truth, and `actuals compare` of the truth against its own usage is near zero.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';
import { fixture, workDir } from './helpers.js';

function generate(out: string, args: string[]): void {
  const r = spawnSync(process.execPath, ['scripts/actuals-fixtures.mjs', '--scenario', ...args, out], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** Tolerances the fit is held to (noise: 12% a day on traffic, 2% on tokens per call). */
const TOL = { share: 0.01, tokens: 0.02, hitRate: 0.02, growth: 0.015, steps: 0.15, retry: 0.03 };
/** Near zero for 61 days of 10% daily noise: three standard errors of the mean day (3 × 0.1 / √61 ≈ 3.8%). */
const VARIANCE_TOL = (3 * 0.1) / Math.sqrt(61);

describe('round trip: generate → import → calibrate / compare', () => {
  it('recovers requests a day, the model mix, tokens per call, the cache hit rate and monthly growth from OpenAI usage pages', () => {
    const dir = workDir();
    const usage = join(dir, 'usage.json');
    generate(usage, [fixture('roundtrip-truth.yaml'), '--days', '92', '--start', '2025-04-01', '--growth', '0.06', '--noise', '0.12', '--seed', '11']);
    expect(runCli(['actuals', 'import', usage], { cwd: dir }).code).toBe(0);
    const out = join(dir, 'calibrated.yaml');
    const r = runCli(['calibrate', fixture('roundtrip-guess.yaml'), '-o', out], { cwd: dir });
    expect(r.code).toBe(0);
    const y = parse(readFileSync(out, 'utf8'));
    const stage = y.pipeline[0];
    expect(Math.abs(stage.models['gpt-5-mini'] - 0.8)).toBeLessThan(TOL.share);
    expect(Math.abs(stage.models['gpt-5'] - 0.2)).toBeLessThan(TOL.share);
    expect(Math.abs(stage.output / 280 - 1)).toBeLessThan(TOL.tokens);
    const input = stage.input.system + stage.input.tools + stage.input.user;
    expect(Math.abs(input / 2300 - 1)).toBeLessThan(TOL.tokens);
    expect(Math.abs(stage.cache.hit_rate - 0.75)).toBeLessThan(TOL.hitRate);
    expect(Math.abs(y.growth.monthly_rate - 0.06)).toBeLessThan(TOL.growth);
    expect(y.growth.start).toBe('2025-08');
    // the level at the end of the history: 2,400 a day grown 6% a month for three months
    const end = 2400 * 1.06 ** (91 / (365 / 12));
    expect(Math.abs(y.traffic.requests_per_day.p50 / end - 1)).toBeLessThan(0.05);
    expect(y.traffic.requests_per_day.p90).toBeGreaterThan(y.traffic.requests_per_day.p50);
    // each changed value says what it was and on what evidence; the file's own comments stay
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/output: \d+ # calibrated \(output tokens per call\): was 400; actuals 2025-04-01 to 2025-07-01, 92 days, [\d,]+ calls/);
    expect(text).toMatch(/# the project the assistant runs in/);
    expect(text).toMatch(/guessed before launch/);
  });

  it('rewrites a list-form model mix ([{ id, share, output }]): each share, and a model\'s own output, commented; the result still estimates', () => {
    const dir = workDir();
    const usage = join(dir, 'usage.json');
    generate(usage, [fixture('roundtrip-truth.yaml'), '--days', '30', '--start', '2025-04-01', '--noise', '0.1', '--seed', '9']);
    expect(runCli(['actuals', 'import', usage], { cwd: dir }).code).toBe(0);
    const guess = join(dir, 'guess.yaml');
    writeFileSync(guess, readFileSync(fixture('roundtrip-guess.yaml'), 'utf8').replace(
      '    models: { gpt-5-mini: 0.6, gpt-5: 0.4 }\n',
      '    models:\n      - { id: gpt-5-mini, share: 0.6 }   # the cheap tier\n      - id: gpt-5\n        share: 0.4\n        output: 500\n',
    ));
    const out = join(dir, 'calibrated.yaml');
    const r = runCli(['calibrate', guess, '-o', out], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pipeline\.answer\.models\.gpt-5-mini\.share: 0\.6 → 0\.8/);
    expect(r.stderr).toMatch(/pipeline\.answer\.models\.gpt-5\.output: 500 → \d+/);
    const text = readFileSync(out, 'utf8');
    const stage = parse(text).pipeline[0];
    expect(stage.models.map((m: { id: string }) => m.id)).toEqual(['gpt-5-mini', 'gpt-5']);
    expect(Math.abs(stage.models[0].share - 0.8)).toBeLessThan(TOL.share);
    expect(Math.abs(stage.models[1].share - 0.2)).toBeLessThan(TOL.share);
    expect(stage.models[0].share + stage.models[1].share).toBeCloseTo(1, 2);
    // gpt-5 sets its own output: that is fitted from gpt-5's calls; the stage's from gpt-5-mini's
    expect(Math.abs(stage.models[1].output / 280 - 1)).toBeLessThan(TOL.tokens);
    expect(Math.abs(stage.output / 280 - 1)).toBeLessThan(TOL.tokens);
    expect(text).toMatch(/share: 0\.[78]\d* # calibrated \(share of the calls\): was 0\.6; actuals 2025-04-01 to 2025-04-30, 30 days, [\d,]+ calls/);
    expect(text).toMatch(/output: \d+ # calibrated \(output tokens per call of gpt-5\): was 500;/);
    expect(text).toMatch(/# the cheap tier/);
    expect(runCli(['estimate', out, '-f', 'json'], { cwd: dir }).code).toBe(0);
  });

  it('compare of the unchanged truth against usage generated from it (no growth): near-zero variance', () => {
    const dir = workDir();
    const usage = join(dir, 'usage.json');
    generate(usage, [fixture('roundtrip-truth.yaml'), '--days', '61', '--start', '2025-04-01', '--growth', '0', '--noise', '0.1', '--seed', '5']);
    expect(runCli(['actuals', 'import', usage], { cwd: dir }).code).toBe(0);
    const r = runCli(['actuals', 'compare', fixture('roundtrip-truth.yaml'), '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.months.map((m: { month: string }) => m.month)).toEqual(['2025-04', '2025-05']);
    expect(Math.abs(s.total.variance / s.total.estimated)).toBeLessThan(VARIANCE_TOL);
    const cal = JSON.parse(runCli(['calibrate', fixture('roundtrip-guess.yaml'), '-f', 'json'], { cwd: dir }).stdout);
    const rpd = cal.changes.find((c: { path: string }) => c.path === 'traffic.requests_per_day').value;
    expect(Math.abs(rpd.p50 / 2400 - 1)).toBeLessThan(0.05);
  });

  it('recovers agent steps and the retry rate from OpenTelemetry traces', () => {
    const dir = workDir();
    const traces = join(dir, 'traces.json');
    generate(traces, [fixture('roundtrip-agent.yaml'), '--format', 'otlp', '--requests', '600', '--days', '7', '--project', 'agent_roundtrip', '--seed', '3']);
    expect(runCli(['actuals', 'import', traces], { cwd: dir }).code).toBe(0);
    const guess = join(dir, 'guess.yaml');
    const text = readFileSync(fixture('roundtrip-agent.yaml'), 'utf8').replace('agent_steps: 3', 'agent_steps: 1').replace('retry_rate: 0.1', 'retry_rate: 0');
    writeFileSync(guess, text);
    const cal = JSON.parse(runCli(['calibrate', guess, '-f', 'json'], { cwd: dir }).stdout);
    const f = cal.stages[0];
    expect(Math.abs(f.agentSteps - 3)).toBeLessThan(TOL.steps);
    expect(Math.abs(f.retryRate - 0.1)).toBeLessThan(TOL.retry);
    expect(Math.abs(f.hitRate - 0.8)).toBeLessThan(TOL.hitRate);
    // 600 requests over 7 days
    expect(Math.abs(f.requestsPerDay / (600 / 7) - 1)).toBeLessThan(0.05);
  });

  it('recovers a priority share from usage grouped by service tier; compare prices the tier, and puts a tier difference in usage (mix), where diff puts it', () => {
    const dir = workDir();
    const usage = join(dir, 'usage.json');
    generate(usage, [fixture('roundtrip-tiers.yaml'), '--days', '61', '--start', '2025-04-01', '--growth', '0', '--noise', '0.1', '--seed', '5']);
    expect(runCli(['actuals', 'import', usage], { cwd: dir }).code).toBe(0);
    // calibrate: the guess sets no tier; the fitted mix is 70% standard, 30% priority, commented
    const out = join(dir, 'calibrated.yaml');
    const r = runCli(['calibrate', fixture('roundtrip-guess.yaml'), '-o', out], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pipeline\.answer\.service_tier: not set → \{"standard":0\.7\d*,"priority":0\.[23]\d*\}/);
    const text = readFileSync(out, 'utf8');
    const tier = parse(text).pipeline[0].service_tier;
    expect(Math.abs(tier.priority - 0.3)).toBeLessThan(TOL.share);
    expect(tier.standard + tier.priority).toBe(1);
    expect(text).toMatch(/# calibrated \(share of synchronous calls per service tier\): was not set; actuals 2025-04-01 to 2025-05-31, 61 days, [\d,]+ calls/);
    expect(runCli(['estimate', out, '-f', 'json'], { cwd: dir }).code).toBe(0);
    // compare: the truth with its tiers is near zero; without them, the priority premium is the variance, in mix
    const cmp = JSON.parse(runCli(['actuals', 'compare', fixture('roundtrip-tiers.yaml'), fixture('roundtrip-truth.yaml'), '-f', 'json'], { cwd: dir }).stdout);
    const [withTiers, without] = cmp.scenarios;
    expect(Math.abs(withTiers.total.variance / withTiers.total.estimated)).toBeLessThan(VARIANCE_TOL);
    expect(Math.abs(withTiers.total.parts.mix / withTiers.total.estimated)).toBeLessThan(0.005);
    // the premium, hand-derived from the estimates: 30% of calls at priority (gpt-5-mini ×1.8, gpt-5 ×2)
    const est = (f: string) => JSON.parse(runCli(['estimate', fixture(f), '-f', 'json'], { cwd: dir }).stdout).totals[0].total_monthly_cost as number;
    const premium = est('roundtrip-tiers.yaml') / est('roundtrip-truth.yaml') - 1;
    expect(premium).toBeGreaterThan(0.25);
    // mix is measured at the actual calls: relative to the estimate scaled to them (E0 + volume)
    const p = without.total.parts;
    expect(Math.abs(p.mix / (without.total.estimated + p.volume) - premium)).toBeLessThan(0.005);
    expect(Math.abs(p.tokens_per_call + p.cache_hit_rate) / without.total.estimated).toBeLessThan(0.01);
    expect(p.price).toBe(0);
    expect(without.furthest_off[0]).toMatchObject({ path: 'pipeline.answer.service_tier.priority', estimated: 0 });
    // diff puts the same change of tier in usage, none in price
    const base = join(dir, 'base.json');
    writeFileSync(base, runCli(['estimate', fixture('roundtrip-truth.yaml'), '-f', 'json'], { cwd: dir }).stdout);
    const head = join(dir, 'head.yaml');
    writeFileSync(head, readFileSync(fixture('roundtrip-truth.yaml'), 'utf8').replace(/^match:.*$/m, '$&\nservice_tier: { standard: 0.7, priority: 0.3 }'));
    const d = JSON.parse(runCli(['diff', head, '--base', base, '-f', 'json'], { cwd: dir }).stdout).totals[0];
    expect(d.price_effect).toBe(0);
    expect(d.usage_effect / d.before).toBeCloseTo(premium, 9);
  });
});
