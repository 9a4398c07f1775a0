/**
 * A model shut down since: `estimate` (traffic from the pricing date on) refuses it, while
 * `actuals compare` still describes the usage billed while it ran (src/load/scenario.ts `inService`).
 */
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { loadScenario } from '../../src/load/scenario.js';
import { runCli } from '../helpers/cli.js';
import { fixture, workDir } from './helpers.js';

// support-openai.yaml prices openai/gpt-5-mini and openai/gpt-5: both shut down on 2026-12-11 (pricing/openai.yaml)
const AFTER = { AIFINOPS_TODAY: '2026-12-12' };

describe('models shut down after the usage was billed', () => {
  it('estimate refuses them after the shutdown; actuals compare still compares the months they ran, with the warning in the past tense', () => {
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
});
