/**
 * Provider rules (issue 14 §3), each defect with a hand-derived figure: DeepSeek's peak windows
 * (+21% on a flat day, +78% on Beijing business hours), Bedrock Claude 1-hour cache writes (the
 * 5-minute rate was 37.5% under), flex / priority service tiers and their interplay with batch.
 * Bundled catalogues at a fixed pricing date, so the figures are the catalogue's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCatalogue } from '../../src/core/catalogue-checks.js';
import { diffScenario } from '../../src/core/diff.js';
import { estimateScenario, priceStageModel } from '../../src/core/estimate.js';
import { applyProviderRules, FLAT_PROFILE, makeProfile, minuteWeights, windowShare } from '../../src/core/provider-rules.js';
import type { LoadedCatalogue } from '../../src/core/registry.js';
import { InputError } from '../../src/errors.js';
import { bundledCatalogues } from '../../src/load/catalogues.js';
import { loadScenario, type LoadOptions } from '../../src/load/scenario.js';
import { parseYamlText } from '../../src/load/yaml.js';
import type { CatalogueModel } from '../../src/schema/catalogue.js';

const AS_OF = '2026-12-06';
const load = (text: string, opts: LoadOptions = {}) => loadScenario('inline.yaml', { yaml: parseYamlText(text, 'inline.yaml'), asOf: AS_OF, ...opts });
const report = (text: string, opts: LoadOptions = {}) => estimateScenario(load(text, opts));
const errorOf = (text: string, opts: LoadOptions = {}): string => {
  try {
    load(text, opts);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.path}: ${p.message} — ${p.fix ?? ''}`).join('\n');
    throw e;
  }
  throw new Error('expected an input error');
};

const stage = (model: string, extra = '', top = '', traffic = '') => `version: 1
name: t
${top}
traffic:
  requests_per_month: 1000
${traffic}
pipeline:
  - name: s
    model: ${model}
    input: { user: 1000 }
    output: 500
${extra}`;

// deepseek-v4-pro from 2026-08-17: off-peak 0.66 in / 1.98 out; peak (weekdays 01:00-04:00 and
// 06:00-10:00 UTC, 7 hours) 1.32 / 3.96. 1,000 calls × (1,000 × 0.66 + 500 × 1.98) / 1e6 = $1.65.
const OFF_PEAK = (1000 * (1000 * 0.66 + 500 * 1.98)) / 1e6;

describe('DeepSeek peak windows priced by the traffic profile', () => {
  it('flat traffic (the default): 7/24 of each day × 5/7 weekdays = 5/24 of calls at 2× → ×29/24 (+20.8%)', () => {
    const r = report(stage('deepseek-v4-pro'));
    expect(OFF_PEAK).toBeCloseTo(1.65, 12);
    expect(r.total_monthly_cost).toBeCloseTo((OFF_PEAK * 29) / 24, 12);
    expect(r.total_monthly_cost / OFF_PEAK - 1).toBeCloseTo(0.2083333, 6);
    const pr = r.stages[0]!.models[0]!.provider_rules!;
    expect(pr.time_windows![0]!.share).toBeCloseTo(5 / 24, 12);
    expect(pr.outside_windows_share).toBeCloseTo(19 / 24, 12);
    expect(pr.effective_rates.input).toBeCloseTo(0.66 * (29 / 24), 12);
    // what the catalogue alone would charge: the off-peak rates
    expect(pr.cost_at_catalogue_rates.input + pr.cost_at_catalogue_rates.output).toBeCloseTo(OFF_PEAK, 12);
  });

  it('Beijing business hours (09:00-18:00 at UTC+8, weekdays): 7 of the 9 hours are peak → ×16/9 (+77.8%)', () => {
    const r = report(stage('deepseek-v4-pro', '', '', '  time_profile: { preset: business-hours, utc_offset: 8 }'));
    expect(r.total_monthly_cost).toBeCloseTo((OFF_PEAK * 16) / 9, 12);
    expect(r.total_monthly_cost / OFF_PEAK - 1).toBeCloseTo(0.7777778, 6);
  });

  it('window edges: 01:00 is in, 04:00 is out, and a half-hour offset splits an hour', () => {
    const only = (h: number, extra = '') => `  time_profile: { hours: [${Array.from({ length: 24 }, (_, i) => (i === h ? 1 : 0)).join(', ')}], weekday_share: 1${extra} }`;
    expect(report(stage('deepseek-v4-pro', '', '', only(1))).total_monthly_cost).toBeCloseTo(2 * OFF_PEAK, 12);
    expect(report(stage('deepseek-v4-pro', '', '', only(3))).total_monthly_cost).toBeCloseTo(2 * OFF_PEAK, 12);
    expect(report(stage('deepseek-v4-pro', '', '', only(4))).total_monthly_cost).toBeCloseTo(OFF_PEAK, 12);
    expect(report(stage('deepseek-v4-pro', '', '', only(0))).total_monthly_cost).toBeCloseTo(OFF_PEAK, 12);
    // local hour 0 at UTC-0.5 is 00:30-01:30 UTC: half of it in the 01:00 window → ×1.5
    expect(report(stage('deepseek-v4-pro', '', '', only(0, ', utc_offset: -0.5'))).total_monthly_cost).toBeCloseTo(1.5 * OFF_PEAK, 12);
    // weekends only: never peak
    expect(report(stage('deepseek-v4-pro', '', '', only(2).replace('weekday_share: 1', 'weekday_share: 0'))).total_monthly_cost).toBeCloseTo(OFF_PEAK, 12);
  });

  it('a stage profile overrides the scenario profile (a nightly batch stage)', () => {
    const night = '    time_profile: { hours: [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1] }';
    const r = report(stage('deepseek-v4-pro', night, '', '  time_profile: { preset: business-hours, utc_offset: 8 }'));
    expect(r.total_monthly_cost).toBeCloseTo(OFF_PEAK, 12);
  });

  it('before 2026-08-17 the base rates have no windows: no rule, no provider_rules block', () => {
    const r = report(stage('deepseek-v4-pro'), { asOf: '2026-08-01' });
    expect(r.total_monthly_cost).toBeCloseTo((1000 * (1000 * 0.435 + 500 * 0.87)) / 1e6, 12);
    expect('provider_rules' in r.stages[0]!.models[0]!).toBe(false);
  });

  it('a model without rules keeps the report exactly as before (no provider_rules key)', () => {
    const m = report(stage('gpt-4o-mini')).stages[0]!.models[0]!;
    expect(Object.keys(m)).toEqual(['model', 'share', 'monthly_cost', 'calls_per_month', 'tokens', 'cost', 'long_context', 'long_context_from_step', 'priced_by', 'token_counts']);
  });

  it('window shares of any profile sum with the outside share to 1, and a flat week puts 5/24 in the peak', () => {
    const peak = { name: 'peak', days: 'weekdays' as const, hours: ['01:00-04:00', '06:00-10:00'], input: 2 };
    expect(windowShare(peak, minuteWeights(FLAT_PROFILE), FLAT_PROFILE.weekdayShare)).toBeCloseTo(5 / 24, 12);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 24, maxLength: 24 }), fc.integer({ min: -48, max: 56 }), (hours, q) => {
        if (!hours.some((h) => h > 0)) return;
        const p = makeProfile({ hours, utc_offset: q / 4 });
        const w = minuteWeights(p);
        const total = w.reduce((a, b) => a + b, 0);
        expect(total).toBeCloseTo(1, 9);
        const all = { name: 'all', hours: ['00:00-24:00'], input: 1 };
        expect(windowShare(all, w, p.weekdayShare)).toBeCloseTo(1, 9);
      }),
    );
  });
});

describe('Bedrock Claude 1-hour cache writes', () => {
  // global.anthropic.claude-sonnet-4-6: input 3, cache_write 3.75, cache_write_1h 6 (2 × 3) per 1M.
  // 1,000 calls, a 10,000-token cacheable system prompt, hit_rate 0: 10M cache-write tokens a month.
  const cached = (model: string, ttl: string) =>
    stage(model, `    input: { system: 10000 }\n    output: 0\n    cache: { hit_rate: 0, ttl: ${ttl} }`).replace('    input: { user: 1000 }\n    output: 500\n', '');

  it('are priced at 2× input: 10M × 6/1M = $60; the 5-minute rate (3.75) was $37.50, 37.5% under', () => {
    const r = report(cached('global.anthropic.claude-sonnet-4-6', '1h'));
    const m = r.stages[0]!.models[0]!;
    expect(m.tokens.cache_write).toBeCloseTo(10_000_000, 6);
    expect(m.cost.cache_write).toBeCloseTo(60, 9);
    const fiveMin = report(cached('global.anthropic.claude-sonnet-4-6', '5m')).stages[0]!.models[0]!.cost.cache_write;
    expect(fiveMin).toBeCloseTo(37.5, 9);
    expect(1 - fiveMin / m.cost.cache_write).toBeCloseTo(0.375, 12);
  });

  it('every bundled Bedrock Claude entry with caching has cache_write_1h = 2 × input', () => {
    const bedrock = bundledCatalogues().find((c) => c.catalogue.provider === 'bedrock')!;
    const claude = Object.entries(bedrock.catalogue.models).filter(([id, m]) => /claude/.test(id) && m.cache_read !== undefined);
    expect(claude.length).toBeGreaterThanOrEqual(24);
    for (const [id, m] of claude) expect([id, m.cache_write_1h]).toEqual([id, +(2 * m.input).toPrecision(12)]);
  });

  const custom = (provider: string, id: string, entry: Partial<CatalogueModel>): LoadedCatalogue => ({
    file: 'negotiated.yaml',
    catalogue: { version: 1, provider, currency: 'USD', as_of: '2026-12-01', source: 'contract', models: { [id]: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75, ...entry } } },
  });

  it('a Claude entry without cache_write_1h is an error with a 1-hour cache, not a silent 5-minute price', () => {
    const msg = errorOf(cached('bedrock/anthropic.claude-sonnet-9', '1h'), { bundled: [custom('bedrock', 'anthropic.claude-sonnet-9', {})] });
    expect(msg).toContain('pipeline.s.cache.ttl: bedrock/anthropic.claude-sonnet-9 has no cache_write_1h rate in negotiated.yaml');
    expect(msg).toContain('add cache_write_1h: 6 to bedrock/anthropic.claude-sonnet-9');
    // with the 5-minute cache the same entry is fine
    expect(report(cached('bedrock/anthropic.claude-sonnet-9', '5m'), { bundled: [custom('bedrock', 'anthropic.claude-sonnet-9', {})] }).total_monthly_cost).toBeCloseTo(37.5, 9);
  });

  it('pricing validate flags a Claude entry without cache_write_1h (and only Claude)', () => {
    const notes = checkCatalogue(custom('bedrock', 'anthropic.claude-sonnet-9', {}).catalogue);
    expect(notes.map((n) => n.path)).toEqual(['models.anthropic.claude-sonnet-9.cache_write_1h']);
    expect(notes[0]!.message).toContain('2× input (6 here)');
    expect(checkCatalogue(custom('acme', 'model-x', {}).catalogue)).toEqual([]);
    expect(checkCatalogue(custom('bedrock', 'anthropic.claude-sonnet-9', { cache_write_1h: 6 }).catalogue)).toEqual([]);
  });

  it('other providers keep the spec fallback (absent cache_write_1h → cache_write)', () => {
    const r = report(cached('acme/model-x', '1h'), { bundled: [custom('acme', 'model-x', {})] });
    expect(r.total_monthly_cost).toBeCloseTo(37.5, 9);
  });
});

describe('service tiers', () => {
  // gpt-5.5: 5 in / 30 out per 1M, batch 50%; priority ×2.5 (12.50 / 75), flex ×0.5.
  // 1,000 calls × (1,000 × 5 + 500 × 30) / 1e6 = $20 standard.
  const STD = (1000 * (1000 * 5 + 500 * 30)) / 1e6;
  it('priority multiplies every rate by its factor: $20 × 2.5 = $50; flex $10', () => {
    expect(STD).toBe(20);
    expect(report(stage('gpt-5.5', '    service_tier: priority')).total_monthly_cost).toBeCloseTo(50, 9);
    expect(report(stage('gpt-5.5', '    service_tier: flex')).total_monthly_cost).toBeCloseTo(10, 9);
  });

  it('shares across tiers: T = 0.5 × 1 + 0.5 × 2.5 = 1.75 → $35; the scenario default and a stage override', () => {
    expect(report(stage('gpt-5.5', '    service_tier: { standard: 0.5, priority: "50%" }')).total_monthly_cost).toBeCloseTo(35, 9);
    expect(report(stage('gpt-5.5', '', 'service_tier: priority')).total_monthly_cost).toBeCloseTo(50, 9);
    expect(report(stage('gpt-5.5', '    service_tier: standard', 'service_tier: priority')).total_monthly_cost).toBeCloseTo(20, 9);
  });

  it('flex and batch are not cumulative: half batch (50% off) and half flex (50% off) is $10, not $5', () => {
    expect(report(stage('gpt-5.5', '    service_tier: flex\n    batch_share: 0.5')).total_monthly_cost).toBeCloseTo(0.5 * 10 + 0.5 * 10, 9);
    // priority with half the calls through batch: 0.5 × $10 + 0.5 × $50 = $30
    expect(report(stage('gpt-5.5', '    service_tier: priority\n    batch_share: 0.5')).total_monthly_cost).toBeCloseTo(30, 9);
  });

  it("d' = 1 − (1 − d) ÷ T reproduces b(1 − d) + (1 − b)T for every batch share, so a drawn batch_share stays exact", () => {
    const s = load(stage('gpt-5.5'));
    const st = s.stages[0]!;
    const sm = st.models[0]!;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), (b, d, T) => {
        const prices: CatalogueModel = { ...sm.model.prices, batch_discount: d, service_tiers: { priority: { factor: T } } };
        const eff = applyProviderRules(prices, { profile: FLAT_PROFILE, tiers: { priority: 1 } }).prices;
        const tiered = priceStageModel({ ...st, batchShare: b }, { ...sm, model: { ...sm.model, prices: eff } }, 1000).total;
        const plain = priceStageModel({ ...st, batchShare: 0 }, { ...sm, model: { ...sm.model, prices: { ...prices } } }, 1000).total;
        expect(tiered).toBeCloseTo(plain * (b * (1 - d) + (1 - b) * T), 9);
      }),
    );
  });

  it('a model without a batch API keeps none under a tier: its batch_share calls are tiered calls, with the usual warning', () => {
    const cat: LoadedCatalogue = { file: 'x.yaml', catalogue: { version: 1, provider: 'acme', currency: 'USD', as_of: '2026-12-01', source: 's', models: { m: { input: 5, output: 30, service_tiers: { priority: { factor: 2 } } } } } };
    const r = report(stage('acme/m', '    service_tier: priority\n    batch_share: 0.5'), { bundled: [cat] });
    // $20 standard × 2 on every call: the half "sent to batch" has no batch API to go to
    expect(r.total_monthly_cost).toBeCloseTo(40, 9);
    expect(r.warnings).toContain('s: acme/m has no batch discount in its catalogue, so batch_share saves nothing on it');
    expect(r.stages[0]!.models[0]!.provider_rules!.effective_rates.batch_discount).toBe(0);
  });

  it('a tier the model does not sell, or shares that do not sum to 1, are located errors', () => {
    expect(errorOf(stage('gpt-4o-mini', '    service_tier: flex'))).toContain('pipeline.s.service_tier: openai/gpt-4o-mini has no flex tier in pricing/openai.yaml');
    expect(errorOf(stage('gpt-4o', '', 'service_tier: flex'))).toContain('service_tier: openai/gpt-4o has no flex tier in pricing/openai.yaml (it sells priority)');
    expect(errorOf(stage('gpt-5.5', '    service_tier: { standard: 0.5, flex: 0.4 }'))).toContain('the service-tier shares sum to 0.9, expected 1');
    expect(errorOf(stage('gpt-5.5', '    service_tier: premium'))).toContain('expected one of standard, flex, priority');
  });
});

describe('diff: provider rules are usage, catalogue rates are price', () => {
  it('standard → priority is all usage; the same tokens at new catalogue rates are all price', () => {
    const base = report(stage('gpt-5.5'));
    const prio = report(stage('gpt-5.5', '    service_tier: priority'));
    const d = diffScenario(base, prio);
    expect(d.change).toBeCloseTo(30, 9);
    expect(d.price_effect).toBeCloseTo(0, 9);
    expect(d.usage_effect).toBeCloseTo(30, 9);
    // a flat day → Beijing business hours on DeepSeek: usage too
    const flat = report(stage('deepseek-v4-pro'));
    const bh = report(stage('deepseek-v4-pro', '', '', '  time_profile: { preset: business-hours, utc_offset: 8 }'));
    const d2 = diffScenario(flat, bh);
    expect(d2.price_effect).toBeCloseTo(0, 9);
    expect(d2.usage_effect).toBeCloseTo(bh.total_monthly_cost - flat.total_monthly_cost, 9);
    // DeepSeek's own dated change (0.435 → 0.66 base rates), same profile: price
    const before = report(stage('deepseek-v4-pro', '', '', '  time_profile: { preset: business-hours, utc_offset: 8 }'), { asOf: '2026-08-01' });
    const d3 = diffScenario(before, bh);
    expect(d3.price_effect).toBeGreaterThan(0);
  });
});

describe('init wizard: the traffic profile of a model with time windows', () => {
  it('writes traffic.time_profile, and the written file loads and prices the peak share', async () => {
    const { buildScenario } = await import('../../src/wizard/build.js');
    const { draftToYaml } = await import('../../src/wizard/yaml.js');
    const { startingAnswers } = await import('../../src/wizard/defaults.js');
    const { ModelRegistry } = await import('../../src/core/registry.js');
    const registry = new ModelRegistry(bundledCatalogues(), AS_OF);
    const a = startingAnswers('chatbot', registry, { model: ['deepseek-v4-pro'] } as never, []);
    a.timeProfile = { preset: 'business-hours', utcOffset: 8 };
    const text = draftToYaml(buildScenario(a), { schemaPath: '../schemas/scenario.schema.json', header: [], footer: [] });
    expect(text).toMatch(/time_profile:[\s\S]*preset: business-hours[\s\S]*utc_offset: 8/);
    const r = estimateScenario(loadScenario('/tmp/x/gen.yaml', { yaml: parseYamlText(text, 'gen.yaml'), asOf: AS_OF }));
    expect(r.stages[0]!.models[0]!.provider_rules!.time_windows![0]!.share).toBeCloseTo(7 / 9, 12);
  });
});
