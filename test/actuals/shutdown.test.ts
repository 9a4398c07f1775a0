/**
 * A model shut down since: `estimate` (traffic from the pricing date on) refuses it, while
 * `actuals compare` still describes the usage billed while it ran (src/load/scenario.ts `inService`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { loadScenario } from '../../src/load/scenario.js';
import { runCli } from '../helpers/cli.js';
import { fixture, workDir } from './helpers.js';

// support-openai.yaml prices openai/gpt-5-mini and openai/gpt-5: both shut down on 2026-12-11 (pricing/openai.yaml)
const AFTER = { AIFINOPS_TODAY: '2026-12-12' };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('models shut down after the usage was billed', () => {
  it('estimate refuses them after the shutdown; actuals compare still compares the months they ran', () => {
    expect(runCli(['estimate', fixture('support-openai.yaml')], { env: AFTER }).code).toBe(2);
    const dir = workDir();
    expect(runCli(['actuals', 'import', fixture('openai-usage.json'), fixture('openai-costs.json')], { cwd: dir }).code).toBe(0);
    const r = runCli(['actuals', 'compare', fixture('support-openai.yaml'), '-f', 'json'], { cwd: dir, env: AFTER });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.months.map((m: { month: string }) => m.month)).toEqual(['2025-06']);
  });

  it('priced after its shutdown (inService: false), the estimate warns in the past tense; before it, in the future', () => {
    const after = estimateScenario(loadScenario(fixture('support-openai.yaml'), { asOf: '2026-12-11', inService: false }));
    expect(after.warnings).toContain('openai/gpt-5-mini is deprecated: openai shut it down on 2026-12-11, on or before the pricing date 2026-12-11; its replacement is gpt-5.6-terra');
    const before = estimateScenario(loadScenario(fixture('support-openai.yaml'), { asOf: '2026-12-10' }));
    expect(before.warnings).toContain('openai/gpt-5-mini is deprecated: openai shuts it down on 2026-12-11; its replacement is gpt-5.6-terra');
    expect(() => loadScenario(fixture('support-openai.yaml'), { asOf: '2026-12-11' })).toThrow(/is shut down: openai shut it down on 2026-12-11/);
  });

  it('the README walk-through still runs after its models shut down (commands as the README gives them, today pinned to 2027-06-01)', () => {
    const dir = workDir();
    const later = { AIFINOPS_TODAY: '2027-06-01' };
    const ex = (f: string) => join(ROOT, 'examples/actuals', f);
    const gen = spawnSync(process.execPath, [join(ROOT, 'scripts/actuals-fixtures.mjs'), '--scenario', ex('what-really-happened.yaml'), '--days', '91', '--start', '2026-04-01', '--growth', '0.06', '--noise', '0.12', '--project', 'proj_support', 'exports/openai-usage-2026-q2.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...later } });
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    expect(runCli(['estimate', ex('support-assistant.yaml'), '--as-of', '2026-03-31'], { cwd: dir, env: later }).code).toBe(0);
    expect(runCli(['actuals', 'import', 'exports/openai-usage-2026-q2.json'], { cwd: dir, env: later }).code).toBe(0);
    expect(runCli(['actuals', 'compare', ex('support-assistant.yaml')], { cwd: dir, env: later }).code).toBe(0);
    expect(runCli(['calibrate', ex('support-assistant.yaml'), '-o', 'support-assistant.calibrated.yaml'], { cwd: dir, env: later }).code).toBe(0);
    const fc = runCli(['forecast', 'support-assistant.calibrated.yaml', '--set', 'growth.months=6', '--as-of', '2026-07-01'], { cwd: dir, env: later });
    expect(fc.code).toBe(0);
    expect(fc.stdout).toContain('6 months from 2026-07');
    // without the pricing date, the run is priced today (2027-06-01), after the shutdown: refused, naming the replacement
    expect(runCli(['estimate', ex('support-assistant.yaml')], { cwd: dir, env: later }).stderr).toContain('use "gpt-5.6-terra"');
  });
});

