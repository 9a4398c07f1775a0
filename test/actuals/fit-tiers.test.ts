/** Fitting the service-tier mix from the tiers the calls used, and writing it as a scenario does (pure). */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AggregateRow, Counts } from '../../src/actuals/aggregate.js';
import { calibrate, tierValue } from '../../src/actuals/calibrate.js';
import { fitStage } from '../../src/actuals/fit.js';
import { loadScenario } from '../../src/load/scenario.js';
import { fixture, workDir } from './helpers.js';

const scenario = loadScenario(fixture('roundtrip-guess.yaml'));
const st = scenario.stages[0]!;

function row(tier: string | null, requests: number, p: Partial<AggregateRow> = {}): AggregateRow {
  const counts: Counts = { requests, input: 1000 * requests, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 100 * requests, reasoning: 0, audio: 0, tool_calls: 0 };
  return { day: '2025-06-01', source: 'openai-usage', provider: 'openai', model: 'openai/gpt-5-mini', project: 'proj_roundtrip', workspace: null, api_key: null, tags: null, service_tier: tier, failed: null, traces: null, billed_cost: null, currency: null, ...p, counts };
}

describe('tier shares', () => {
  it('are shares of the synchronous calls: 60 default + 30 priority + 10 flex, with 50 batch calls left out → 60% / 30% / 10%', () => {
    const f = fitStage(st, [row('default', 60), row('priority', 30), row('flex', 10), row('batch', 50)], 1);
    expect(f.tierShares).toEqual({ standard: 0.6, priority: 0.3, flex: 0.1 });
    expect(f.batchShare).toBeCloseTo(50 / 150, 12);
  });

  it('are unknown when a row does not say its tier, or names one no catalogue prices (scale)', () => {
    expect(fitStage(st, [row('priority', 30), row(null, 70)], 1).tierShares).toBeNull();
    expect(fitStage(st, [row('priority', 30), row('scale', 70)], 1).tierShares).toBeNull();
    expect(fitStage(st, [row('standard', 70, { source: 'anthropic-usage' }), row('priority', 30, { source: 'anthropic-usage' })], 1).tierShares).toEqual({ standard: 0.7, priority: 0.3 });
  });

  it('are written as one tier when it has every call, else shares at 3 digits that sum to exactly 1', () => {
    expect(tierValue({ priority: 1 })).toBe('priority');
    expect(tierValue({ standard: 0.9996, priority: 0.0004 })).toBe('standard');
    expect(tierValue({ standard: 2 / 3, priority: 1 / 3 })).toEqual({ standard: 0.667, priority: 0.333 });
    const three = tierValue({ standard: 0.3334, flex: 0.3333, priority: 0.3333 }) as Record<string, number>;
    expect(three).toEqual({ standard: 0.334, flex: 0.333, priority: 0.333 });
    expect(Object.values(three).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('calibrate writes the stage\'s service_tier with the old value and the evidence, and leaves an all-standard stage alone', () => {
    const doc = () => parseDocument(readFileSync(fixture('roundtrip-guess.yaml'), 'utf8'));
    const ev = { from: '2025-06-01', to: '2025-06-01', days: 1, calls: 100 };
    const fitted = fitStage(st, [row('default', 70), row('priority', 30)], 1);
    const c = calibrate(doc(), scenario, [fitted], ev, [{ day: '2025-06-01', requests: 100 }]);
    expect(c.changes.find((x) => x.path === 'pipeline.answer.service_tier')).toEqual({ path: 'pipeline.answer.service_tier', old: undefined, value: { standard: 0.7, priority: 0.3 } });
    expect(c.text).toMatch(/service_tier:\n\s+# calibrated \(share of synchronous calls per service tier\): was not set; actuals 2025-06-01 to 2025-06-01, 1 days, 100 calls\n\s+standard: 0.7\n\s+priority: 0.3/);
    const plain = calibrate(doc(), scenario, [fitStage(st, [row('default', 100)], 1)], ev, [{ day: '2025-06-01', requests: 100 }]);
    expect(plain.changes.map((x) => x.path)).not.toContain('pipeline.answer.service_tier');
  });

  it('calibrate does not write a tier the stage\'s model does not sell (flex on gpt-5-mini): it says so', () => {
    const fitted = fitStage(st, [row('default', 70), row('flex', 30)], 1);
    const c = calibrate(parseDocument(readFileSync(fixture('roundtrip-guess.yaml'), 'utf8')), scenario, [fitted], { from: '2025-06-01', to: '2025-06-01', days: 1, calls: 100 }, []);
    expect(c.changes.map((x) => x.path)).not.toContain('pipeline.answer.service_tier');
    expect(c.notes.join('\n')).toMatch(/stage answer: the calls used tiers its catalogue does not price \(openai\/gpt-5-mini has no flex tier; openai\/gpt-5 has no flex tier\): service_tier is not rewritten/);
  });

  it('calibrate says the value a stage inherited from the scenario\'s service_tier when it writes the stage\'s own', () => {
    const file = join(workDir(), 'guess.yaml');
    const text = readFileSync(fixture('roundtrip-guess.yaml'), 'utf8').replace(/^traffic:/m, 'service_tier: priority\ntraffic:');
    writeFileSync(file, text);
    const s = loadScenario(file);
    const fitted = fitStage(s.stages[0]!, [row('default', 70), row('priority', 30)], 1);
    const c = calibrate(parseDocument(text), s, [fitted], { from: '2025-06-01', to: '2025-06-01', days: 1, calls: 100 }, []);
    expect(c.text).toMatch(/# calibrated \(share of synchronous calls per service tier\): was priority \(the scenario's service_tier\); actuals/);
    expect(c.text).toMatch(/^service_tier: priority$/m);
  });
});
