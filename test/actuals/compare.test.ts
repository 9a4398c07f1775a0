/** actuals compare: the variance parts add up exactly; usage generated from the scenario itself gives ≈ 0 variance; the CLI on the fixtures. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '../../src/actuals/aggregate.js';
import { compareScenario } from '../../src/actuals/compare.js';
import { matcherOf, rowsByStage } from '../../src/actuals/match.js';
import { pricer } from '../../src/actuals/pricing.js';
import { priceStageModel } from '../../src/core/estimate.js';
import { ModelRegistry } from '../../src/core/registry.js';
import { bundledCatalogues } from '../../src/load/catalogues.js';
import { loadScenario } from '../../src/load/scenario.js';
import { runCli } from '../helpers/cli.js';
import { fixture, workDir } from './helpers.js';

const registry = new ModelRegistry(bundledCatalogues(), '2026-11-23');
const price = pricer(registry);
const scenario = loadScenario(fixture('support-openai.yaml'));

/** Daily usage exactly as the scenario estimates it, scaled by `k` (volume) per day. */
function usageFromScenario(days: number, k = 1, tokenScale = 1): AggregateRow[] {
  const rows: AggregateRow[] = [];
  const st = scenario.stages[0]!;
  for (let d = 0; d < days; d++) {
    for (const sm of st.models) {
      const mc = priceStageModel(st, sm, scenario.traffic.requestsPerMonth);
      const perDay = 1 / scenario.traffic.daysPerMonth;
      const C = mc.C * perDay * k;
      rows.push({
        day: `2025-06-${String(d + 1).padStart(2, '0')}`, source: 'openai-usage', provider: 'openai', model: sm.model.ref, project: 'proj_support', workspace: null, api_key: null, tags: null, service_tier: null,
        failed: null, traces: null, billed_cost: null, currency: null,
        counts: {
          requests: C, input: mc.tokens.input * perDay * k * tokenScale, cache_read: mc.tokens.cache_read * perDay * k * tokenScale,
          // OpenAI bills no cache write: a miss of the prefix is plain input
          cache_write_5m: 0, cache_write_1h: 0, output: mc.tokens.output * perDay * k, reasoning: 0, audio: 0, tool_calls: 0,
        },
      });
    }
  }
  // the misses of the cacheable prefix as plain input
  for (const r of rows) {
    const sm = scenario.stages[0]!.models.find((m) => m.model.ref === r.model)!;
    const mc = priceStageModel(scenario.stages[0]!, sm, scenario.traffic.requestsPerMonth);
    r.counts.input += (mc.tokens.cache_write / scenario.traffic.daysPerMonth) * k * tokenScale;
  }
  return rows;
}

const compare = (rows: AggregateRow[]) => compareScenario(scenario, rowsByStage(scenario, matcherOf({ project: 'proj_support' }, registry), [matcherOf(undefined, registry)], rows), price);

describe('compareScenario', () => {
  it('usage generated from the scenario itself: variance ≈ 0 and every part ≈ 0', () => {
    const c = compare(usageFromScenario(30));
    expect(Math.abs(c.total.variance)).toBeLessThan(1e-9 * c.total.estimated);
    for (const v of Object.values(c.total.parts)) expect(Math.abs(v)).toBeLessThan(1e-9 * c.total.estimated);
    const rpd = c.furthest_off.find((g) => g.path === 'traffic.requests_per_day')!;
    expect(rpd.actual).toBeCloseTo(1000, 6);
  });

  it('twice the traffic: the variance is all volume and equals the estimate', () => {
    const c = compare(usageFromScenario(10, 2));
    expect(c.total.parts.volume).toBeCloseTo(c.total.estimated, 9);
    expect(c.total.variance).toBeCloseTo(c.total.estimated, 9);
    expect(Math.abs(c.total.parts.mix) + Math.abs(c.total.parts.tokens_per_call) + Math.abs(c.total.parts.cache_hit_rate)).toBeLessThan(1e-9);
  });

  it('the parts add up to the variance for any volume and token change (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }), fc.integer({ min: 1, max: 40 }), (k, t, days) => {
        const c = compare(usageFromScenario(days, k, t));
        const sum = Object.values(c.total.parts).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(c.total.variance, 6);
      }),
      { numRuns: 40 },
    );
  });

  it('says when no source billed anything, and not when one day of one model was billed', () => {
    const rows = usageFromScenario(3);
    const note = /no source gave a billed cost/;
    expect(compare(rows).notes.some((n) => note.test(n))).toBe(true);
    rows[0]!.billed_cost = 0; // a bill of zero is still a bill
    expect(compare(rows).notes.some((n) => note.test(n))).toBe(false);
    expect(compare([]).notes.some((n) => note.test(n))).toBe(false); // no usage: the no-match note alone
  });

  it('refuses two stages sharing a model without their own match: blocks', () => {
    const s2 = { ...scenario, stages: [scenario.stages[0]!, { ...scenario.stages[0]!, name: 'second' }] };
    expect(() => rowsByStage(s2, {}, [{}, {}], [])).toThrow(/stages answer and second both call openai\/gpt-5-mini/);
  });
});

describe('actuals compare (CLI)', () => {
  it('compares the pre-launch estimate with the OpenAI fixtures month by month and names the inputs furthest off', () => {
    const dir = workDir();
    expect(runCli(['actuals', 'import', fixture('openai-usage.json'), fixture('openai-costs.json')], { cwd: dir }).code).toBe(0);
    const r = runCli(['actuals', 'compare', fixture('support-openai.yaml'), '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.months.map((m: { month: string; days: number }) => [m.month, m.days])).toEqual([['2025-06', 3]]);
    const parts = Object.values(s.total.parts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(parts).toBeCloseTo(s.total.variance, 9);
    // about 1,350 calls a day against 1,000 guessed: requests a day is among the inputs furthest off
    const rpd = s.furthest_off.find((g: { path: string }) => g.path === 'traffic.requests_per_day');
    expect(rpd.actual).toBeGreaterThan(1200);
    expect(rpd.actual).toBeLessThan(1500);
    expect(runCli(['actuals', 'compare', fixture('support-openai.yaml')], { cwd: dir }).stdout).toMatch(/Inputs furthest off/);
  });
});
