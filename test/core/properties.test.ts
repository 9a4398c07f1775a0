/** Invariants of the cost model (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderJson } from '../../src/render/json.js';
import { TOKEN_KINDS } from '../../src/schema/report.js';
import { estimateFrom } from '../helpers/scenario.js';

const MODELS = ['acme-small', 'acme-large'] as const;

const stageArb = fc.record({
  small: fc.double({ min: 0, max: 1, noNaN: true }),
  system: fc.integer({ min: 0, max: 20000 }),
  context: fc.integer({ min: 0, max: 150000 }),
  user: fc.integer({ min: 0, max: 2000 }),
  output: fc.integer({ min: 0, max: 4000 }),
  reasoning: fc.integer({ min: 0, max: 4000 }),
  steps: fc.double({ min: 1, max: 10, noNaN: true }),
  growth: fc.integer({ min: 0, max: 3000 }),
  hit: fc.double({ min: 0, max: 1, noNaN: true }),
  cached: fc.boolean(),
  batch: fc.double({ min: 0, max: 1, noNaN: true }),
  retry: fc.double({ min: 0, max: 0.9, noNaN: true }),
  maxRetries: fc.integer({ min: 0, max: 3 }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  rc: fc.double({ min: 0, max: 1, noNaN: true }),
});
type StageArb = typeof stageArb extends fc.Arbitrary<infer T> ? T : never;

function stage(s: StageArb, name = 'answer', order: readonly string[] = MODELS) {
  const shares: Record<string, number> = { 'acme-small': s.small, 'acme-large': 1 - s.small };
  return {
    name,
    models: Object.fromEntries(order.map((m) => [m, shares[m]])),
    share_of_requests: s.share,
    agent_steps: s.steps,
    context_growth_per_step: s.growth,
    input: { system: s.system, context: s.context, user: s.user },
    output: s.output,
    reasoning: s.reasoning,
    ...(s.cached ? { cache: { hit_rate: s.hit, cacheable: ['system'] } } : {}),
    response_cache_hit_rate: s.rc,
    batch_share: s.batch,
    retry_rate: s.retry,
    max_retries: s.maxRetries,
  };
}

function scenario(stages: object[], requests: number, extra: object = {}): string {
  return stringify({ version: 1, name: 'prop', traffic: { requests_per_month: requests }, pipeline: stages, ...extra });
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('cost model invariants', () => {
  it('cost is linear in traffic', () => {
    fc.assert(
      fc.property(stageArb, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 50 }), (s, r, k) => {
        const extra = { costs: [{ name: 'mod', per_request: 0.001 }, { name: 'review', share_of_requests: 0.1, minutes: 2, hourly_rate: 40 }] };
        const a = estimateFrom(scenario([stage(s)], r, extra)).total_monthly_cost;
        const b = estimateFrom(scenario([stage(s)], r * k, extra)).total_monthly_cost;
        return close(b, a * k);
      }),
      { numRuns: 150 },
    );
  });

  it('never rises when the cache hit rate rises (cache read cheaper than input and writes)', () => {
    fc.assert(
      fc.property(stageArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (s, h1, h2) => {
        const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
        const a = estimateFrom(scenario([stage({ ...s, cached: true, hit: lo })], 10000)).total_monthly_cost;
        const b = estimateFrom(scenario([stage({ ...s, cached: true, hit: hi })], 10000)).total_monthly_cost;
        return b <= a * (1 + 1e-12) + 1e-12;
      }),
      { numRuns: 150 },
    );
  });

  it('never rises with the batch share', () => {
    fc.assert(
      fc.property(stageArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (s, b1, b2) => {
        const [lo, hi] = b1 <= b2 ? [b1, b2] : [b2, b1];
        const a = estimateFrom(scenario([stage({ ...s, batch: lo })], 10000)).total_monthly_cost;
        const b = estimateFrom(scenario([stage({ ...s, batch: hi })], 10000)).total_monthly_cost;
        return b <= a * (1 + 1e-12) + 1e-12;
      }),
      { numRuns: 150 },
    );
  });

  it('permuting the tier mix or the stages gives the same total', () => {
    fc.assert(
      fc.property(stageArb, stageArb, (s1, s2) => {
        const a = estimateFrom(scenario([stage(s1, 'a'), stage(s2, 'b')], 5000)).total_monthly_cost;
        const b = estimateFrom(scenario([stage(s2, 'b', [...MODELS].reverse()), stage(s1, 'a', [...MODELS].reverse())], 5000)).total_monthly_cost;
        return close(a, b);
      }),
      { numRuns: 100 },
    );
  });

  it('the parts add up: token-kind costs → model → stage → total; categories → total', () => {
    fc.assert(
      fc.property(stageArb, stageArb, fc.double({ min: 0, max: 1e5, noNaN: true }), (s1, s2, fixed) => {
        const r = estimateFrom(scenario([stage(s1, 'a'), stage(s2, 'b')], 7000, { costs: [{ name: 'db', category: 'retrieval', monthly: fixed }] }));
        for (const st of r.stages) {
          for (const m of st.models) {
            const sum = TOKEN_KINDS.reduce((acc, k) => acc + m.cost[k], 0);
            if (!close(sum, m.monthly_cost)) return false;
          }
          if (!close(st.models.reduce((a, m) => a + m.monthly_cost, 0), st.monthly_cost)) return false;
        }
        const stages = r.stages.reduce((a, st) => a + st.monthly_cost, 0);
        const cats = Object.values(r.by_category).reduce((a, v) => a + v, 0);
        return close(stages + fixed, r.total_monthly_cost) && close(cats, r.total_monthly_cost) && r.total_monthly_cost >= 0;
      }),
      { numRuns: 100 },
    );
  });

  it('the same input gives byte-identical JSON', () => {
    fc.assert(
      fc.property(stageArb, (s) => {
        const y = scenario([stage(s)], 1234);
        return renderJson(estimateFrom(y)) === renderJson(estimateFrom(y));
      }),
      { numRuns: 30 },
    );
  });
});
