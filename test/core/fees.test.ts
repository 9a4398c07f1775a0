/**
 * Fees beyond text tokens (issue 14 §3; docs/cost-model.md "Fees beyond text tokens"): each fee
 * with its arithmetic derived by hand from the acme fixture (test/fixtures/catalogues/acme.yaml):
 *   acme-large: input 10, output 40 per 1M; audio in 40, cached audio 2.5, audio out 80; image in 5,
 *     cached image 0.5, image out 30; cache storage 4.5 per 1M tokens per hour; web_search $10 and
 *     grounding $35 per 1,000 uses; code_execution $0.05 per container-hour; no batch discount.
 *   acme-small: input 1, cache_read 0.1 per 1M; audio in 20, cached audio 1, audio out 40; no
 *     image input rate (image tokens bill as text input); image out 10; storage 1; batch 50% off.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffScenario } from '../../src/core/diff.js';
import { buildBasis } from '../../src/core/seats.js';
import { scalePrices } from '../../src/core/whatif.js';
import { numericInputs } from '../../src/core/sensitivity.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { runEach, simulate, uncertainRole } from '../../src/core/montecarlo.js';
import { kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { InputError } from '../../src/errors.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { renderExplain } from '../../src/render/explain.js';
import { makeStyle } from '../../src/render/style.js';
import { estimateFrom, scenarioFrom, withStage } from '../helpers/scenario.js';

const close = (a: number, b: number): void => expect(a).toBeCloseTo(b, 9);
const fees = (r: ReturnType<typeof estimateFrom>, stage = 0, model = 0) => r.stages[stage]!.models[model]!.fees!;
const feeCost = (r: ReturnType<typeof estimateFrom>, kind: string) => fees(r).find((f) => f.kind === kind)!.cost;

describe('server-side tools: per 1,000 uses, or per container-hour, on every call C counts', () => {
  // C = R × agent_steps × A = 1000 × 2 × (1 + 0.5) = 3000 calls a month (steps and retries each call the tools)
  const r = estimateFrom(
    withStage(`model: acme-large
agent_steps: 2
retry_rate: 0.5
max_retries: 1
input: { system: 1000 }
tool_calls: { web_search: 0.4, grounding: 0.1 }
tool_hours: { code_execution: 0.02 }`),
  );
  it('web_search: 3000 × 0.4 = 1,200 uses × $10/1000 = $12', () => {
    const f = fees(r).find((x) => x.kind === 'tool_calls.web_search')!;
    close(f.quantity, 1200);
    expect(f.unit).toBe('uses');
    close(f.cost, 12);
  });
  it('grounding: 3000 × 0.1 = 300 grounded prompts × $35/1000 = $10.50', () => close(feeCost(r, 'tool_calls.grounding'), 10.5));
  it('code_execution by the hour: 3000 × 0.02 = 60 container-hours × $0.05 = $3', () => {
    const f = fees(r).find((x) => x.kind === 'tool_hours.code_execution')!;
    close(f.quantity, 60);
    close(f.cost, 3);
  });
  it('the model, stage and total include the tools; by_category splits them out', () => {
    // tokens: 3000 calls × 1000 input × $10/1M = $30
    close(r.total_monthly_cost, 30 + 12 + 10.5 + 3);
    close(r.stages[0]!.models[0]!.monthly_cost, 55.5);
    close(r.by_category['model inference']!, 30);
    close(r.by_category['server-side tools']!, 25.5);
  });
  it('a tool whose price is per hour given per use (or unpriced) is an error that says so', () => {
    expect(() => scenarioFrom(withStage('model: acme-large\ninput: { system: 1 }\ntool_hours: { grounding: 1 }'))).toThrow(/acme\/acme-large has no per-hour grounding.*per 1,000 uses: give tool_calls\.grounding/);
    expect(() => scenarioFrom(withStage('model: acme-large\ninput: { system: 1 }\ntool_calls: { code_execution: 1 }'))).toThrow(/per container-hour: give tool_hours\.code_execution/);
    expect(() => scenarioFrom(withStage('model: acme-embed\ninput: { system: 1 }\ntool_calls: { web_search: 0.1 }'))).toThrow(InputError);
    expect(() => scenarioFrom(withStage('model: acme-embed\ninput: { system: 1 }\ntool_calls: { web_search: 0.1 }'))).toThrow(/pipeline\.s\.tool_calls\.web_search: acme\/acme-embed has no web_search price/);
  });
  it('an unpriced tool at 0 uses costs nothing and is no error (a variant may switch it off)', () => {
    const z = estimateFrom(withStage('model: acme-embed\ninput: { system: 1000 }\ntool_calls: { web_search: 0 }'));
    expect(fees(z)).toEqual([]);
    close(z.total_monthly_cost, (1000 * 1000 * 0.02) / 1e6);
  });
  it('a misspelt tool name is a did-you-mean error', () => {
    expect(() => scenarioFrom(withStage('model: acme-large\ninput: { system: 1 }\ntool_calls: { web_serch: 1 }'))).toThrow(/tool_calls\.web_serch: unknown key "web_serch" — did you mean "web_search"\?/);
  });
  it('uses per call are bounded: 1000 is accepted, 1000.5 refused', () => {
    expect(() => scenarioFrom(withStage('model: acme-large\ninput: { system: 1 }\ntool_calls: { web_search: 1000 }'))).not.toThrow();
    expect(() => scenarioFrom(withStage('model: acme-large\ninput: { system: 1 }\ntool_calls: { web_search: 1000.5 }'))).toThrow(/at most 1,000/);
  });
});

describe('cache storage: tokens × hours × the rate per 1M tokens per hour, per model, not per call', () => {
  const stage = (storage: string, traffic = 'requests_per_month: 1000, days_per_month: 30') => withStage(`model: acme-large\ninput: { system: 100 }\ncache_storage: ${storage}`, '', traffic);
  it('hours_per_day × days_per_month: 200,000 × (10 × 30) = 60M token-hours × $4.50/1M = $270', () => {
    const r = estimateFrom(stage('{ tokens: 200000, hours_per_day: 10 }'));
    const f = fees(r)[0]!;
    expect(f).toMatchObject({ kind: 'cache_storage', unit: 'token-hours', category: 'cache storage' });
    close(f.quantity, 60_000_000);
    close(f.cost, 270);
    // tokens: 1000 calls × 100 × $10/1M = $1
    close(r.total_monthly_cost, 271);
    close(r.by_category['cache storage']!, 270);
  });
  it('hours_per_month: 200,000 × 730 × $4.50/1M = $657; twice the traffic leaves it unchanged', () => {
    close(feeCost(estimateFrom(stage('{ tokens: 200000, hours_per_month: 730 }')), 'cache_storage'), 657);
    close(feeCost(estimateFrom(stage('{ tokens: 200000, hours_per_month: 730 }', 'requests_per_month: 2000')), 'cache_storage'), 657);
  });
  it('each model of a mix holds its own cache: 1M tokens × 100 h at $1 (small) and $4.50 (large)', () => {
    const r = estimateFrom(withStage('models: { acme-small: 0.5, acme-large: 0.5 }\ninput: { system: 100 }\ncache_storage: { tokens: 1000000, hours_per_month: 100 }'));
    close(feeCost(r, 'cache_storage'), 100);
    close(r.stages[0]!.models[1]!.fees![0]!.cost, 450);
  });
  it('hours are bounded (24 a day, 744 a month: accepted; 24.01 and 745 refused) and given exactly one way', () => {
    expect(() => scenarioFrom(stage('{ tokens: 1, hours_per_day: 24 }'))).not.toThrow();
    expect(() => scenarioFrom(stage('{ tokens: 1, hours_per_day: 24.01 }'))).toThrow(/at most 24 hours a day/);
    expect(() => scenarioFrom(stage('{ tokens: 1, hours_per_month: 744 }'))).not.toThrow();
    expect(() => scenarioFrom(stage('{ tokens: 1, hours_per_month: 745 }'))).toThrow(/at most 744 hours a month/);
    expect(() => scenarioFrom(stage('{ tokens: 1, hours_per_month: 1, hours_per_day: 1 }'))).toThrow(/either hours_per_month or hours_per_day, not both/);
    expect(() => scenarioFrom(stage('{ tokens: 1 }'))).toThrow(/cache_storage gives no hours/);
  });
  it('--set hours_per_day replaces hours_per_month (one way at a time): 200,000 × 5 × 30 × $4.50/1M = $135', () => {
    const r = estimateScenario(scenarioFrom(stage('{ tokens: 200000, hours_per_month: 730 }'), { set: ['pipeline.s.cache_storage.hours_per_day=5'] }));
    close(feeCost(r, 'cache_storage'), 135);
  });
  it('a model without a storage price is an error (never a silent zero)', () => {
    expect(() => scenarioFrom(withStage('model: acme-embed\ninput: { system: 1 }\ncache_storage: { tokens: 10, hours_per_month: 1 }'))).toThrow(/acme\/acme-embed has no cache storage \(per 1M tokens per hour\) price/);
  });
  it('seats count storage as fixed, not per request: cPipe = $1 / 1000 requests, fixed = $270', () => {
    const s = scenarioFrom(withStage('model: acme-large\ninput: { system: 100 }\ncache_storage: { tokens: 200000, hours_per_day: 10 }', '', 'requests_per_month: 1000, users: 10, days_per_month: 30'));
    const { basis } = buildBasis(s, estimateScenario(s), { activeShare: 1, segments: null, keep: [] });
    close(basis.fixed, 270);
    close(basis.cPipe, 0.001);
  });
  it('storage is part of the fixed cost the Monte Carlo keeps out of volume scaling', () => {
    const s = scenarioFrom(stage('{ tokens: 200000, hours_per_day: 10 }'));
    const sim = simulate(s, uncertaintyOf(s), { samples: 2, seed: 1 });
    close(sim.point.fixed, 270);
    expect(sim.point.total).toBe(estimateScenario(s).total_monthly_cost);
  });
});

describe('audio and image tokens at their own rates', () => {
  it('audio, 1000 calls, batch_share 1 on acme-small (f = 1 − 1 × 0.5 = 0.5)', () => {
    const r = estimateFrom(withStage('model: acme-small\nbatch_share: 1\naudio: { input: 1000, output: 500, cache_hit_rate: 0.25 }'));
    // input: 1000 × 1000 × 0.75 = 750,000 × $20/1M = $15 × 0.5 = $7.50
    close(feeCost(r, 'audio_input'), 7.5);
    // cached: 1000 × 1000 × 0.25 = 250,000 × $1/1M = $0.25 × 0.5 = $0.125
    close(feeCost(r, 'audio_cache_read'), 0.125);
    // output: 1000 × 500 = 500,000 × $40/1M = $20 × 0.5 = $10
    close(feeCost(r, 'audio_output'), 10);
    close(r.total_monthly_cost, 17.625);
    close(r.by_category['audio and image tokens']!, 17.625);
  });
  it('image tokens without their own rate bill as text input (and text cache reads): 2000 in, half cached, 100 out', () => {
    const r = estimateFrom(withStage('model: acme-small\nimage: { input: 2000, output: 100, cache_hit_rate: 0.5 }'));
    close(feeCost(r, 'image_input'), 1); // 1,000,000 × $1/1M
    close(feeCost(r, 'image_cache_read'), 0.1); // 1,000,000 × $0.10/1M
    close(feeCost(r, 'image_output'), 1); // 100,000 × $10/1M
  });
  it('image tokens at the model’s own rate: 1000 × 1000 × $5/1M = $5', () => {
    close(feeCost(estimateFrom(withStage('model: acme-large\nimage: { input: 1000 }')), 'image_input'), 5);
  });
  it('scaling a model’s token rates (sensitivity, whatif) scales its audio and image rates too: $17.625 → $35.25', () => {
    const s = scenarioFrom(withStage('model: acme-small\nbatch_share: 1\naudio: { input: 1000, output: 500, cache_hit_rate: 0.25 }'));
    close(estimateScenario(scalePrices(s, () => true, 2)).by_category['audio and image tokens']!, 35.25);
  });
  it('a model without an audio rate is an error naming the field', () => {
    expect(() => scenarioFrom(withStage('model: acme-embed\naudio: { input: 10 }'))).toThrow(/pipeline\.s\.audio\.input: acme\/acme-embed has no input_audio price/);
    expect(() => scenarioFrom(withStage('model: acme-embed\nimage: { output: 10 }'))).toThrow(/has no output_image price/);
  });
});

describe('a scenario without fee fields is priced and reported exactly as before', () => {
  it('no `fees` key, and model inference is the whole pipeline', () => {
    const r = estimateFrom(withStage('model: acme-large\ninput: { system: 1000 }\noutput: 10'));
    expect('fees' in r.stages[0]!.models[0]!).toBe(false);
    expect(Object.keys(r.by_category)).toEqual(['model inference']);
    expect(r.by_category['model inference']).toBe(r.total_monthly_cost);
  });
});

describe('paths, variants, explain and the Monte Carlo reach every fee input', () => {
  const YAML = `version: 1
name: f
traffic: { requests_per_day: { p50: 300, p90: 500 }, days_per_month: 30 }
pipeline:
  - name: s
    models: { acme-small: 0.3, acme-large: 0.7 }
    agent_steps: 2
    input: { system: 500 }
    batch_share: 0.5
    tool_calls: { web_search: { low: 0.1, high: 0.9 } }
    tool_hours: { code_execution: { p50: 0.02, p90: 0.05 } }
    audio: { input: { min: 100, mode: 400, max: 900 }, output: 300, cache_hit_rate: { low: 0.2, high: 0.6 } }
    image: { input: 800, output: { low: 0, high: 50 } }
    cache_storage: { tokens: { p50: 100000, p90: 300000 }, hours_per_day: { low: 4, high: 12 } }
variants:
  more_search: { pipeline.s.tool_calls.web_search: 2 }
`;
  it('the kernel reproduces the reference evaluator sample for sample, with every fee input drawn', () => {
    const s = scenarioFrom(YAML);
    const m = uncertaintyOf(s);
    expect(m.inputs.length).toBe(8);
    const n = 400;
    const sim = simulate(s, m, { samples: n, seed: 5 });
    const idx = m.inputs.map((inp, k) => (uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
    const ref: KernelResults = kernelResults(n);
    runEach(sim.program, idx.map((k) => sim.program.slotOf(m.inputs[k]!.path)), idx.map((k) => sim.draws[k]!), n, ref);
    expect(ref.total).toEqual(sim.total);
    expect(ref.fixed).toEqual(sim.fixed);
    expect(sim.point.total).toBe(estimateScenario(s).total_monthly_cost);
  });
  it('every sample equals estimate of the scenario with that sample’s values written in with --set', () => {
    const s = scenarioFrom(YAML);
    const m = uncertaintyOf(s);
    const sim = simulate(s, m, { samples: 6, seed: 2 });
    for (let i = 0; i < 6; i++) {
      const set = m.inputs.map((inp, k) => `${inp.name}=${String(sim.draws[k]![i])}`);
      expect(sim.total[i]).toBe(estimateScenario(scenarioFrom(YAML, { set })).total_monthly_cost);
    }
  });
  it('a variant changes a tool rate: C × (2 − point) × $10/1000 more on each model', () => {
    const base = estimateScenario(scenarioFrom(YAML));
    const more = estimateScenario(scenarioFrom(YAML, { variant: 'more_search' }));
    // C = 300·… : calls per month of the whole mix = R × 2 steps; the point of uniform(0.1, 0.9) is 0.5
    const calls = base.stages[0]!.calls_per_month;
    close(more.total_monthly_cost - base.total_monthly_cost, calls * (2 - 0.5) * 0.01);
  });
  it('--explain shows each fee with its numbers', () => {
    const s = scenarioFrom(withStage('model: acme-large\nagent_steps: 2\ninput: { system: 1000 }\ntool_calls: { web_search: 0.4 }\ncache_storage: { tokens: 200000, hours_per_month: 730 }'));
    const text = renderExplain(s, estimateScenario(s), makeStyle(false));
    expect(text).toContain('tool_calls.web_search: C × uses per call × price per use = 2000 × 0.4 × 10/1000 = 8');
    expect(text).toContain('cache_storage: tokens × hours × cache_storage = 200000 × 730 hours/month × 4.5/1M per hour = 657');
    expect(text).toMatch(/monthly cost = tokens \+ fees = 20 \+ 665 = \$685\.00/);
  });
});

describe('sensitivity moves the fee inputs', () => {
  it('lists tool uses, audio tokens and cache hit rate, and the cache size', () => {
    const raw = { pipeline: [{ name: 's', tool_calls: { web_search: 0.4 }, audio: { input: 10, cache_hit_rate: '50%' }, cache_storage: { tokens: 5, hours_per_day: 3 } }] };
    expect(numericInputs(raw).map((i) => [i.path, i.kind, i.base])).toEqual([
      ['pipeline.s.tool_calls.web_search', 'count', 0.4],
      ['pipeline.s.audio.input', 'count', 10],
      ['pipeline.s.audio.cache_hit_rate', 'rate', 0.5],
      ['pipeline.s.cache_storage.tokens', 'count', 5],
    ]);
  });
});

describe('diff splits a fee’s change into price and usage like tokens', () => {
  it('web_search 0.4 → 0.8 uses per call and $10 → $20 per 1,000: price $18, usage $18', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-fees-'));
    const dear = join(dir, 'dear.yaml');
    writeFileSync(
      dear,
      'version: 1\nprovider: acme\ncurrency: USD\nas_of: 2026-11-02\nsource: test\nmodels:\n  acme-large:\n    input: 10\n    output: 40\n    tools: { web_search: { per_1k: 20 } }\n',
    );
    const stage = (n: number) => withStage(`model: acme-large\ninput: { system: 0 }\ntool_calls: { web_search: ${n} }`, '', 'requests_per_month: 3000');
    const before = estimateFrom(stage(0.4));
    const after = estimateFrom(stage(0.8), { pricing: [dear] });
    // uses 3000 × 0.4 = 1,200 at $0.01 = $12 → 3000 × 0.8 = 2,400 at $0.02 = $48
    // price = (0.02 − 0.01) × (1200 + 2400) / 2 = $18; usage = 36 − 18 = $18
    const d = diffScenario(before, after);
    const fee = d.drivers.find((x) => x.kind === 'fee')!;
    expect(fee).toMatchObject({ kind: 'fee', fee_kind: 'tool_calls.web_search', unit: 'uses', quantity_before: 1200, quantity_after: 2400 });
    close(fee.change, 36);
    close(fee.kind === 'fee' ? fee.price_effect : NaN, 18);
    close(fee.kind === 'fee' ? fee.usage_effect : NaN, 18);
    close(d.price_effect, 18);
    close(d.usage_effect, 18);
  });
});
