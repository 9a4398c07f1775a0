/** levers: each lever's arithmetic by hand, the reasons when one does not apply, and the invariants. */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseLeverOptions, priceLevers } from '../../src/core/levers.js';
import { ModelRegistry } from '../../src/core/registry.js';
import { InputError } from '../../src/errors.js';
import type { LeverReport, LeversReport } from '../../src/schema/whatif-report.js';
import { acme } from '../helpers/scenario.js';
import type { LoadedCatalogue } from '../../src/core/registry.js';
import { loadScenario } from '../../src/load/scenario.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { acmeExtra, CATALOGUES, close, Inline, registry } from './helpers.js';

function levers(text: string, opts: string[] = [], reg = registry): LeversReport {
  const s = new Inline(text);
  const scenario = s.load();
  const ctx = { registry: reg, file: 'inline.yaml' };
  return priceLevers({ scenario, ref: s.ref(), parsed: parseLeverOptions(opts, scenario, ctx), ctx, toolVersion: 'test', pricedAsOf: '2026-11-23' });
}
const lever = (r: LeversReport, id: string): LeverReport => r.levers.find((l) => l.id === id)!;

/** One stage, 1,000 requests a month. */
function one(stage: string, extra = ''): string {
  return `version: 1
name: t
traffic: { requests_per_month: 1000 }
pipeline:
  - name: s
${stage.replace(/^/gm, '    ')}
${extra}`;
}

describe('each lever, by hand', () => {
  it('compress: 20% off system and tools', () => {
    // acme-large input $10/M: 1,000 × (1,000 + 1,000) × 10e-6 = $20 → system 800: $18
    const r = levers(one('model: acme-large\ninput: { system: 1000, user: 1000 }'));
    const l = lever(r, 'compress');
    expect(l.status).toBe('priced');
    expect(r.scenario_total_monthly_cost).toBeCloseTo(20, 12);
    expect(l.alone!.monthly_cost).toBeCloseTo(18, 12);
    expect(l.alone!.saving).toBeCloseTo(2, 12);
    expect(l.alone!.changes).toEqual(['s: system 1,000 → 800 tokens per call']);
    expect(l.assumption).toBe('compress the system and tools prompt by 20%');
    expect(l.params).toEqual({ by: 0.2, parts: ['system', 'tools'], stages: 'all' });
  });

  it('route: half of premium traffic one tier down, to the mid model of the same provider, and says which', () => {
    // acme-large $10/M → acme-medium $3/M: 1,000 × 1,000 × (0.5 × 10 + 0.5 × 3)e-6 = $6.50
    const r = levers(one('model: acme-large\ninput: { user: 1000 }'), ['compress=off']);
    const l = lever(r, 'route');
    expect(l.alone!.monthly_cost).toBeCloseTo(6.5, 12);
    expect(l.alone!.changes[0]).toBe("s: 50% of acme/acme-large's calls (100% → 50% of the stage) go to acme/acme-medium (mid: the cheapest mid model of acme for this stage's calls)");
    // without a mid model in the catalogues, one tier down is the next tier that has one
    const r2 = levers(one('model: acme-large\ninput: { user: 1000 }'), [], new ModelRegistry([acme], '2026-11-23'));
    expect(lever(r2, 'route').alone!.changes[0]).toMatch(/go to acme\/acme-small \(budget: the cheapest budget model of acme for this stage's calls; acme has no mid model\)/);
    expect(lever(r2, 'route').alone!.monthly_cost).toBeCloseTo(5.5, 12); // 0.5 × 10 + 0.5 × 1
  });

  it('route: one tier down never picks a model whose provider announced its shutdown, even when it is the cheapest', () => {
    // acme-medium-old: mid, $1/M, deprecated (shutdown 2027-01-01) — cheaper than acme-medium ($3/M) but going away
    const old: LoadedCatalogue = {
      file: 'acme-old.yaml',
      catalogue: { ...acmeExtra.catalogue, models: { 'acme-medium-old': { ...acmeExtra.catalogue.models['acme-medium']!, input: 1, output: 4, deprecated: { shutdown: '2027-01-01' } } } },
    };
    const reg = new ModelRegistry([...CATALOGUES, old], '2026-11-23');
    expect(reg.resolve('acme-medium-old').ok).toBe(true);
    const r = levers(one('model: acme-large\ninput: { user: 1000 }'), ['compress=off'], reg);
    expect(lever(r, 'route').alone!.changes[0]).toMatch(/go to acme\/acme-medium \(mid: the cheapest mid model of acme/);
    // already in the mix, it is still not where the traffic goes
    const mixed = loadScenario('inline.yaml', { bundled: [...CATALOGUES, old], yaml: parseYamlText(one('models: { acme-large: 0.9, acme-medium-old: 0.1 }\ninput: { user: 1000 }'), 'inline.yaml') });
    const ctx = { registry: reg, file: 'inline.yaml' };
    const ref = { name: mixed.name, file: mixed.file, variant: null, currency: mixed.currency, set: [] };
    const r2 = priceLevers({ scenario: mixed, ref, parsed: parseLeverOptions(['compress=off'], mixed, ctx), ctx, toolVersion: 'test', pricedAsOf: '2026-11-23' });
    expect(lever(r2, 'route').alone!.changes[0]).toMatch(/go to acme\/acme-medium \(mid: the cheapest mid model of acme/);
  });

  it('route: a model of the next tier already in the mix takes the traffic; route.to and route.share override', () => {
    const mix = one('models: { acme-small: 0.6, acme-medium: 0.4 }\ninput: { user: 1000 }');
    const l = lever(levers(mix), 'route');
    // acme-medium (mid) 40% → 20%, acme-small gains 20%: 1,000 × 1,000 × (0.8 × 1 + 0.2 × 3)e-6 = $1.40
    expect(l.alone!.monthly_cost).toBeCloseTo(1.4, 12);
    expect(l.alone!.changes[0]).toMatch(/go to acme\/acme-small \(budget, already in the mix\)/);
    const to = lever(levers(mix, ['route.to=zeta-mini', 'route.share=100%']), 'route');
    // all of acme-medium to zeta-mini ($0.50/M): 1,000 × 1,000 × (0.6 × 1 + 0.4 × 0.5)e-6 = $0.80
    expect(to.alone!.monthly_cost).toBeCloseTo(0.8, 12);
    expect(to.assumption).toBe('move 100% of premium and mid traffic to zeta/zeta-mini');
  });

  it('route: never to a model that costs more per call; budget-only stages do not apply', () => {
    const up = lever(levers(one('model: acme-medium\ninput: { user: 1000 }'), ['route.to=acme-large']), 'route');
    expect(up.status).toBe('not_applicable');
    expect(up.reason).toBe('s: acme/acme-large is not cheaper per call than acme/acme-medium in this stage, so its traffic stays');
    const budget = lever(levers(one('model: acme-small\ninput: { user: 1000 }')), 'route');
    expect(budget.status).toBe('not_applicable');
    expect(budget.reason).toBe('s: no premium and mid model (acme/acme-small is budget)');
  });

  it('context: cap the retrieved context', () => {
    // acme-small: 1,000 × (6,000 + 100) × 1e-6 = $6.10 → 1,000 × 2,100 × 1e-6 = $2.10
    const l = lever(levers(one('model: acme-small\ninput: { context: 6000, user: 100 }')), 'context');
    expect(l.alone!.monthly_cost).toBeCloseTo(2.1, 12);
    expect(l.alone!.changes).toEqual(['s: context 6,000 → 2,000 tokens per call']);
    // a cap over two parts cuts each in proportion
    const two = lever(levers(one('model: acme-small\ninput: { context: 3000, history: 1000 }'), ['context.parts=context,history', 'context.max=1000']), 'context');
    expect(two.alone!.changes).toEqual(['s: context 3,000 → 750, history 1,000 → 250 tokens per call']);
    expect(two.alone!.monthly_cost).toBeCloseTo(1, 12);
  });

  it('cache: adds a cache block where the model supports caching, raises a low hit rate', () => {
    // acme-large: read $1/M, no cache_write → input $10/M. 1,000 × 1,000 × (0.8 × 1 + 0.2 × 10)e-6 = $2.80 (was $10)
    const l = lever(levers(one('model: acme-large\ninput: { system: 1000 }')), 'cache');
    expect(l.alone!.monthly_cost).toBeCloseTo(2.8, 12);
    expect(l.alone!.changes).toEqual(['s: prompt cache added: system and tools prefix cached (5m), hit rate 80%']);
    const raise = lever(levers(one('model: acme-large\ninput: { system: 1000 }\ncache: { hit_rate: 0.5 }'), ['cache.hit_rate=0.9']), 'cache');
    // 0.5 × 1 + 0.5 × 10 = 5.5 → 0.9 × 1 + 0.1 × 10 = 1.9
    expect(raise.alone!.saving).toBeCloseTo(3.6, 12);
    expect(raise.alone!.changes).toEqual(['s: prompt-cache hit rate 50% → 90%']);
  });

  it('cache: says why it does not apply — no caching in the catalogue, prefix below the minimum', () => {
    const zeta = lever(levers(one('model: zeta-chat\ninput: { system: 5000 }')), 'cache');
    expect(zeta.status).toBe('not_applicable');
    expect(zeta.reason).toBe('s: no prompt caching: zeta/zeta-chat has no cache_read price in the catalogue');
    const small = lever(levers(one('model: acme-small\ninput: { system: 1000, user: 5000 }')), 'cache');
    expect(small.reason).toBe('s: the cacheable prefix is 1,000 tokens, below the cache minimum (acme/acme-small caches from 1,024)');
  });

  it('batch: not priced until non-interactive stages are named; no batch API is a reason, not a zero', () => {
    const text = one('model: acme-small\ninput: { user: 1000 }');
    const r = levers(text);
    const l = lever(r, 'batch');
    expect(l.status).toBe('not_priced');
    expect(l.reason).toBe('which stages can wait for batch results is not in the scenario data: name them with --lever batch.stages=s (or some of them). If every stage could wait for batch results, this lever would save up to 50%');
    const named = lever(levers(text, ['batch.stages=s']), 'batch');
    expect(named.alone!.monthly_cost).toBeCloseTo(0.5, 12); // acme-small batch_discount 0.5
    const zeta = lever(levers(one('model: zeta-chat\ninput: { user: 1000 }'), ['batch.stages=all']), 'batch');
    expect(zeta.status).toBe('not_applicable');
    expect(zeta.reason).toBe('s: no batch API: zeta/zeta-chat has no batch_discount in the catalogue');
    // a stage that already batches some calls is taken as non-interactive
    const part = lever(levers(one('model: acme-small\ninput: { user: 1000 }\nbatch_share: 0.5')), 'batch');
    expect(part.alone!.changes).toEqual(['s: batch share 50% → 100%']);
    expect(part.alone!.monthly_cost).toBeCloseTo(0.5, 12);
  });

  it('retries and agent steps: capped', () => {
    // attempts Σ 0.5^k: max 3 → 1.875, max 1 → 1.5; 1,000 × 1,000 × $1/M
    const rt = lever(levers(one('model: acme-small\ninput: { user: 1000 }\nretry_rate: 0.5\nmax_retries: 3')), 'retries');
    expect(rt.alone!.monthly_cost).toBeCloseTo(1.5, 12);
    expect(rt.alone!.saving).toBeCloseTo(0.375, 12);
    // steps 12 → 10, growth 1,000: I = 1,000 + 1,000 × (n − 1)/2; calls = 1,000 × n
    const st = lever(levers(one('model: acme-small\nagent_steps: 12\ncontext_growth_per_step: 1000\ninput: { user: 1000 }')), 'steps');
    expect(st.alone!.monthly_cost).toBeCloseTo((1000 * 10 * (1000 + 1000 * 4.5)) / 1e6, 12);
    expect(st.alone!.changes).toEqual(['s: agent steps 12 → 10 (and less context growth per call)']);
  });

  it('response cache and contracts: not priced without their assumption, priced with it', () => {
    const text = one('model: acme-small\ninput: { user: 1000 }', 'costs: [{ name: e, model: acme-embed, tokens_per_month: 1000000 }, { name: db, monthly: 5 }]');
    const r = levers(text);
    expect(lever(r, 'response_cache').status).toBe('not_priced');
    expect(lever(r, 'contracts')).toMatchObject({ status: 'not_priced', see: 'aifinops quotes inline.yaml QUOTE.yaml' });
    const p = levers(text, ['response_cache.hit_rate=25%', 'contracts.discount=10%']);
    expect(lever(p, 'response_cache').alone!.monthly_cost).toBeCloseTo(0.75 + 0.02 + 5, 12);
    // 10% off every token rate, the embedding line item included; the flat item unchanged
    expect(lever(p, 'contracts').alone!.monthly_cost).toBeCloseTo(0.9 + 0.018 + 5, 12);
    const onlyZeta = lever(levers(text, ['contracts.discount=10%', 'contracts.providers=zeta']), 'contracts');
    expect(onlyZeta.status).toBe('not_applicable');
  });

  it('observe is a prerequisite, infrastructure points to breakeven, any lever can be switched off', () => {
    const r = levers(one('model: acme-large\ninput: { system: 2000 }'), ['cache=off']);
    expect(lever(r, 'observe').status).toBe('prerequisite');
    expect(lever(r, 'infrastructure')).toMatchObject({ status: 'not_modelled', see: 'aifinops breakeven inline.yaml --deployment NAME' });
    expect(lever(r, 'cache')).toMatchObject({ status: 'off', alone: null, cumulative: null });
    expect(r.levers.map((l) => [l.step, l.id])).toEqual([
      [1, 'observe'], [2, 'compress'], [3, 'route'], [4, 'context'], [5, 'cache'], [5, 'response_cache'],
      [6, 'retries'], [6, 'steps'], [6, 'batch'], [7, 'infrastructure'], [8, 'contracts'],
    ]);
  });

  it('a lever is not applied where it would raise the cost: compressing a prefix below the cache minimum', () => {
    // acme-small, prefix 1,100 cached at hit rate 1: 1,100 × $0.10/M; compressed to 880 it is below 1,024 → 880 × $1/M
    const l = lever(levers(one('model: acme-small\ninput: { system: 1100 }\ncache: { hit_rate: 1 }')), 'compress');
    expect(l.status).toBe('not_applicable');
    expect(l.reason).toBe("s: it would raise the stage's cost by 700% (the cacheable prefix (880 tokens) would fall below acme/acme-small's cache minimum of 1,024, losing the cache discount)");
  });

  it('cumulative: each lever on top of the ones above it; totals add up', () => {
    const r = levers(one('models: { acme-small: 0.5, acme-large: 0.5 }\nagent_steps: 14\ncontext_growth_per_step: 500\ninput: { system: 3000, tools: 500, context: 8000, user: 100 }\noutput: 300\nretry_rate: 0.1\nmax_retries: 3'));
    const priced = r.levers.filter((l) => l.status === 'priced');
    expect(priced.map((l) => l.id)).toEqual(['compress', 'route', 'context', 'cache', 'retries', 'steps']);
    let running = r.scenario_total_monthly_cost;
    for (const l of priced) {
      expect(close(l.cumulative!.monthly_cost, running - l.cumulative!.saving)).toBe(true);
      running = l.cumulative!.monthly_cost;
    }
    expect(close(r.final_monthly_cost, running)).toBe(true);
    expect(close(r.total_saving, r.scenario_total_monthly_cost - r.final_monthly_cost)).toBe(true);
    expect(close(priced.at(-1)!.cumulative!.total_saving, r.total_saving)).toBe(true);
    expect(r.notes[0]).toMatch(/overlap/);
  });
});

describe('prompt files counted per model', () => {
  it('compress and context change each model\'s own input counts, not only the stage\'s', () => {
    const s = new Inline(one('models: { acme-small: 0.5, acme-large: 0.5 }\ninput: { system: 1000, context: 5000 }'));
    const scenario = s.load();
    // as the prompt-file loader leaves it: the stage carries the lead model's counts, each model its own
    scenario.stages[0]!.models[1]!.input = { system: 1200, tools: 0, context: 5000, history: 0, user: 0 };
    const ctx = { registry, file: 'inline.yaml' };
    const r = priceLevers({ scenario, ref: s.ref(), parsed: parseLeverOptions([], scenario, ctx), ctx, toolVersion: 'test', pricedAsOf: '2026-11-23' });
    // large: 1,000 calls × 0.5 × (1,200 + 5,000) × $10/M = $31; small: 1,000 × 0.5 × 6,000 × $1/M = $3
    expect(r.scenario_total_monthly_cost).toBeCloseTo(34, 12);
    // compress 20% of system: large 1,200 → 960 saves 0.5 × 240 × 10e-3 = $1.20, small 1,000 → 800 saves $0.10
    expect(lever(r, 'compress').alone!.saving).toBeCloseTo(1.3, 12);
    // context 5,000 → 2,000 on both: 0.5 × 3,000 × (10 + 1)e-3 = $16.50
    expect(lever(r, 'context').alone!.saving).toBeCloseTo(16.5, 12);
  });
});

describe('--lever parsing', () => {
  const s = new Inline(one('model: acme-small\ninput: { user: 1 }'));
  const parse = (opts: string[]) => parseLeverOptions(opts, s.load(), { registry, file: 'inline.yaml' });
  it('defaults, overrides, percents', () => {
    const p = parse(['route.share=30%', 'context.max=1500', 'steps.max=8']);
    expect(p.params.route).toMatchObject({ share: 0.3, from: ['premium', 'mid'], to: 'auto' });
    expect(p.params.context!.max).toBe(1500);
    expect(p.params.steps!.max).toBe(8);
    expect(p.params.batch!.stages).toEqual([]);
  });
  it('bad names and values are input errors with a did-you-mean', () => {
    const msg = (opts: string[]) => {
      try {
        parse(opts);
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      return 'no error';
    };
    expect(msg(['rout.share=0.5'])).toBe('--lever rout.share: no lever "rout" — did you mean "route"?');
    expect(msg(['route.shar=0.5'])).toBe('--lever route.shar: lever route has no parameter "shar" — did you mean "share"?');
    expect(msg(['route.share=1.5'])).toBe('--lever route.share: expected a fraction in [0, 1] or a percent such as "50%", got "1.5" — e.g. route.share=0.5');
    expect(msg(['batch.stages=ss'])).toBe('--lever batch.stages: expected stage names of this scenario (s) or all, got "ss" — did you mean "s"?');
    expect(msg(['route.to=acme-smal'])).toMatch(/unknown model "acme-smal" — did you mean "acme-small"/);
    expect(msg(['route.from=premum'])).toMatch(/did you mean "premium"/);
    expect(msg(['retries.max=1.5'])).toMatch(/expected a whole number ≥ 0/);
    expect(msg(['observe.x=1'])).toMatch(/lever observe has no parameters/);
    expect(msg(['route'])).toMatch(/expected id.key=value/);
  });
});

describe('invariants (fast-check)', () => {
  const MODELS = ['acme-small', 'acme-large', 'acme-medium', 'zeta-chat', 'zeta-mini'] as const;
  const stageArb = fc.record({
    models: fc.uniqueArray(fc.constantFrom(...MODELS), { minLength: 1, maxLength: 3 }),
    weights: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 3, maxLength: 3 }),
    system: fc.integer({ min: 0, max: 5000 }),
    tools: fc.integer({ min: 0, max: 2000 }),
    context: fc.integer({ min: 0, max: 150000 }),
    user: fc.integer({ min: 0, max: 500 }),
    output: fc.integer({ min: 0, max: 2000 }),
    steps: fc.double({ min: 1, max: 20, noNaN: true }),
    growth: fc.integer({ min: 0, max: 2000 }),
    cache: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    batch: fc.double({ min: 0, max: 1, noNaN: true }),
    retry: fc.double({ min: 0, max: 0.9, noNaN: true }),
    maxRetries: fc.integer({ min: 0, max: 4 }),
    rc: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });
  const optsArb = fc.record({
    by: fc.double({ min: 0, max: 1, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    max: fc.integer({ min: 0, max: 20000 }),
    hit: fc.double({ min: 0, max: 1, noNaN: true }),
    retries: fc.integer({ min: 0, max: 3 }),
    steps: fc.integer({ min: 1, max: 15 }),
    discount: fc.double({ min: 0, max: 1, noNaN: true }),
    rcache: fc.double({ min: 0, max: 1, noNaN: true }),
    from: fc.subarray(['budget', 'mid', 'premium', 'reasoning'], { minLength: 1 }),
  });

  function scenarioText(stages: (typeof stageArb extends fc.Arbitrary<infer T> ? T : never)[], requests: number): string {
    return stringify({
      version: 1,
      name: 'prop',
      traffic: { requests_per_month: requests },
      pipeline: stages.map((st, i) => {
        const w = st.models.map((_, k) => st.weights[k]!);
        const sum = w.reduce((a, b) => a + b, 0);
        const shares = w.map((x) => x / sum);
        shares[shares.length - 1] = 1 - shares.slice(0, -1).reduce((a, b) => a + b, 0);
        return {
          name: `s${i}`,
          models: Object.fromEntries(st.models.map((m, k) => [m, shares[k]])),
          agent_steps: st.steps,
          context_growth_per_step: st.growth,
          input: { system: st.system, tools: st.tools, context: st.context, user: st.user },
          output: st.output,
          ...(st.cache === null ? {} : { cache: { hit_rate: st.cache } }),
          batch_share: st.batch,
          retry_rate: st.retry,
          max_retries: st.maxRetries,
          response_cache_hit_rate: st.rc,
        };
      }),
      costs: [{ name: 'db', monthly: 50 }, { name: 'e', model: 'acme-embed', tokens_per_month: 1000000 }],
    });
  }

  it('a lever never raises the cost; cumulative savings never exceed the total and add up to it', () => {
    fc.assert(
      fc.property(fc.array(stageArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2_000_000 }), optsArb, (stages, requests, o) => {
        const r = levers(scenarioText(stages, requests), [
          `compress.by=${o.by}`, `route.share=${o.share}`, `route.from=${o.from.join(',')}`, `context.max=${o.max}`, `cache.hit_rate=${o.hit}`,
          `retries.max=${o.retries}`, `steps.max=${o.steps}`, 'batch.stages=all', `contracts.discount=${o.discount}`, `response_cache.hit_rate=${o.rcache}`,
        ]);
        const base = r.scenario_total_monthly_cost;
        let running = base;
        let sum = 0;
        for (const l of r.levers) {
          if (l.status !== 'priced') {
            expect(l.alone).toBeNull();
            continue;
          }
          expect(l.alone!.saving).toBeGreaterThanOrEqual(0);
          expect(l.alone!.monthly_cost).toBeLessThanOrEqual(base);
          expect(l.cumulative!.saving).toBeGreaterThanOrEqual(0);
          expect(l.cumulative!.monthly_cost).toBeLessThanOrEqual(running);
          running = l.cumulative!.monthly_cost;
          sum += l.cumulative!.saving;
        }
        expect(r.total_saving).toBeLessThanOrEqual(base);
        expect(r.final_monthly_cost).toBeGreaterThanOrEqual(0);
        expect(close(sum, base - r.final_monthly_cost, 1e-9)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

