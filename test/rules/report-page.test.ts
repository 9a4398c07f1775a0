/** The what-if page (aifinops report) switches a model within a stage's provider rules, as loading does. */
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { loadScenario } from '../../src/load/scenario.js';
import { applyControls, assignments } from '../../src/report/controls.js';
import { pagePayload } from '../report/payload.js';

const AS_OF = '2026-12-06';
const FILE = 'test/fixtures/rules/deepseek-peak.yaml';

describe('report page: a model switch keeps the stage’s traffic profile', () => {
  it('switching deepseek-v4-pro → deepseek-flash prices the flash peak window like --set does', () => {
    const { view, resolve } = pagePayload(FILE, AS_OF);
    const model = view.controls.find((c) => c.kind === 'model')!;
    const flash = model.options!.find((o) => o.includes('deepseek-flash'));
    expect(flash).toBeDefined();
    const values = { [model.id]: flash! };
    const page = estimateScenario(applyControls(view.scenario, view.controls, values, resolve));
    const cli = estimateScenario(loadScenario(FILE, { asOf: AS_OF, set: assignments(view.controls, values) }));
    // flash off-peak: 1,000 × (1,000 × 0.15 + 500 × 0.6) / 1e6 = $0.45; × 16/9 in Beijing business hours = $0.80
    expect(cli.total_monthly_cost).toBeCloseTo(0.8, 12);
    expect(page.total_monthly_cost).toBe(cli.total_monthly_cost);
  });
});
