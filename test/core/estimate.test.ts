/**
 * The spec §3 arithmetic on hand-computed cases. acme-small: in 1, out 4, cache read 0.1,
 * cache write 1.25 (1h 2.0), min 1024, batch 50%. acme-large: in 10, out 40, cache read 1,
 * reasoning 50, long context > 100,000: in 20, out 60, cache read 2. Prices per 1M tokens.
 */
import { describe, expect, it } from 'vitest';
import { attemptsPerCall } from '../../src/core/estimate.js';
import { InputError } from '../../src/errors.js';
import { estimateFrom, withStage } from '../helpers/scenario.js';

const M = 1e-6;

describe('traffic', () => {
  it('requests_per_day uses 365/12 days by default', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { user: 1000 }', '', 'requests_per_day: 100'));
    expect(r.requests_per_month).toBeCloseTo(100 * (365 / 12), 9);
  });
  it('users × requests_per_user_per_day × days_per_month, and cost per user', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { user: 1000 }', '', 'users: 50, requests_per_user_per_day: 4, days_per_month: 21.7'));
    expect(r.requests_per_month).toBeCloseTo(50 * 4 * 21.7, 9);
    expect(r.users).toBe(50);
    expect(r.cost_per_user).toBeCloseTo(r.total_monthly_cost / 50, 12);
  });
  it('requires exactly one way to give volume', () => {
    expect(() => estimateFrom(withStage('model: acme-small', '', 'requests_per_day: 1, requests_per_month: 30'))).toThrow(/given 2 ways/);
    expect(() => estimateFrom(withStage('model: acme-small', '', 'users: 5'))).toThrow(/traffic volume is missing/);
    expect(() => estimateFrom(withStage('model: acme-small', '', 'requests_per_user_per_day: 5'))).toThrow(/needs traffic.users/);
  });
});

describe('one stage, one model', () => {
  it('input and output at list rates', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 500, user: 100 }\noutput: 200'));
    // 1000 calls × (600 × 1 + 200 × 4) / 1e6
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (600 * 1 + 200 * 4) * M, 12);
    const m = r.stages[0]!.models[0]!;
    expect(m.tokens).toEqual({ input: 600_000, cache_read: 0, cache_write: 0, output: 200_000, reasoning: 0 });
    expect(m.model).toBe('acme/acme-small');
  });
  it('retries: A = Σ retry_rate^k up to max_retries', () => {
    expect(attemptsPerCall(0.1, 1)).toBeCloseTo(1.1, 15);
    expect(attemptsPerCall(0.5, 3)).toBeCloseTo(1.875, 15);
    expect(attemptsPerCall(0.2, 0)).toBe(1);
    const r = estimateFrom(withStage('model: acme-small\ninput: { user: 1000 }\nretry_rate: 0.5\nmax_retries: 2'));
    expect(r.stages[0]!.calls_per_month).toBeCloseTo(1000 * 1.75, 9);
  });
  it('share_of_requests, response cache and agent steps scale the calls', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { user: 1000 }\nshare_of_requests: 0.5\nresponse_cache_hit_rate: "20%"\nagent_steps: 3'));
    expect(r.stages[0]!.calls_per_month).toBeCloseTo(1000 * 0.5 * 0.8 * 3, 9);
  });
  it('context growth adds growth × (steps − 1) / 2 input tokens per call', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 1000 }\nagent_steps: 5\ncontext_growth_per_step: 400'));
    const m = r.stages[0]!.models[0]!;
    expect(m.tokens.input / m.calls_per_month).toBeCloseTo(1000 + (400 * 4) / 2, 9);
  });
  it('reasoning tokens at the reasoning rate, or at the output rate when absent', () => {
    const large = estimateFrom(withStage('model: acme-large\ninput: { user: 100 }\noutput: 10\nreasoning: 1000'));
    expect(large.total_monthly_cost).toBeCloseTo(1000 * (100 * 10 + 10 * 40 + 1000 * 50) * M, 12);
    const small = estimateFrom(withStage('model: acme-small\ninput: { user: 100 }\noutput: 10\nreasoning: 1000'));
    expect(small.total_monthly_cost).toBeCloseTo(1000 * (100 * 1 + 10 * 4 + 1000 * 4) * M, 12);
  });
});

describe('prompt caching', () => {
  it('reads hit_rate of the cacheable prefix at cache_read and writes the rest at cache_write', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 2000, tools: 500, user: 100 }\ncache: { hit_rate: 0.8 }'));
    const per = 100 * 1 + 2500 * 0.8 * 0.1 + 2500 * 0.2 * 1.25;
    expect(r.total_monthly_cost).toBeCloseTo(1000 * per * M, 12);
    const m = r.stages[0]!.models[0]!;
    expect(m.tokens.cache_read).toBeCloseTo(1000 * 2500 * 0.8, 6);
    expect(m.tokens.cache_write).toBeCloseTo(1000 * 2500 * 0.2, 6);
    expect(m.tokens.input).toBeCloseTo(1000 * 100, 6);
  });
  it('uses cache_write_1h when ttl is 1h', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 2000 }\ncache: { hit_rate: 0.5, ttl: 1h }'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (2000 * 0.5 * 0.1 + 2000 * 0.5 * 2.0) * M, 12);
  });
  it('cache writes cost input when the model has no cache_write', () => {
    const r = estimateFrom(withStage('model: acme-large\ninput: { system: 2000 }\ncache: { hit_rate: 0.5 }'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (2000 * 0.5 * 1 + 2000 * 0.5 * 10) * M, 12);
  });
  it('a prefix shorter than cache_min_tokens is never cached, with a warning', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 1000, user: 10 }\ncache: { hit_rate: 0.9 }'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * 1010 * 1 * M, 12);
    expect(r.warnings.join('\n')).toMatch(/below acme\/acme-small's cache minimum of 1,024/);
  });
  // spec §3: the prefix is cached when Ic ≥ cache_min_tokens (issue 13 pins the boundary)
  it('a prefix of exactly cache_min_tokens (1024) is cached', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 1024, user: 10 }\ncache: { hit_rate: 0.5 }'));
    // 10 uncached at 1.00 + 1024 × 0.5 read at 0.10 + 1024 × 0.5 written at 1.25, × 1000 calls
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (10 * 1 + 512 * 0.1 + 512 * 1.25) * M, 12);
    expect(r.stages[0]!.models[0]!.tokens.cache_read).toBe(1000 * 512);
    expect(r.warnings.join('\n')).not.toMatch(/cache minimum/);
  });
  it('a prefix of cache_min_tokens − 1 (1023) is not cached', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 1023, user: 10 }\ncache: { hit_rate: 0.5 }'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * 1033 * 1 * M, 12);
    expect(r.stages[0]!.models[0]!.tokens.cache_read).toBe(0);
    expect(r.warnings.join('\n')).toMatch(/cacheable prefix of 1,023 tokens is below acme\/acme-small's cache minimum of 1,024/);
  });
  it('a model without cache_read is not cached, with a warning', () => {
    const r = estimateFrom(withStage('model: acme-embed\ninput: { system: 5000 }\ncache: { hit_rate: 0.9 }'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * 5000 * 0.02 * M, 12);
    expect(r.warnings.join('\n')).toMatch(/no cache_read price/);
  });
  it('no cache block: no reads and no write premium', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 5000 }'));
    expect(r.stages[0]!.models[0]!.tokens.cache_write).toBe(0);
    expect(r.total_monthly_cost).toBeCloseTo(1000 * 5000 * M, 12);
  });
  it('cacheable lists which parts form the prefix', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 1000, context: 3000, user: 50 }\ncache: { hit_rate: 1, cacheable: [system, context] }'));
    expect(r.stages[0]!.models[0]!.tokens.cache_read).toBeCloseTo(1000 * 4000, 6);
    expect(r.stages[0]!.models[0]!.tokens.input).toBeCloseTo(1000 * 50, 6);
  });
});

describe('long context', () => {
  it('applies the long-context rates to the whole call once input exceeds the threshold', () => {
    const below = estimateFrom(withStage('model: acme-large\ninput: { context: 100000 }\noutput: 100'));
    expect(below.total_monthly_cost).toBeCloseTo(1000 * (100000 * 10 + 100 * 40) * M, 9);
    expect(below.stages[0]!.models[0]!.long_context).toBe(false);
    const above = estimateFrom(withStage('model: acme-large\ninput: { context: 100001 }\noutput: 100'));
    expect(above.total_monthly_cost).toBeCloseTo(1000 * (100001 * 20 + 100 * 60) * M, 9);
    expect(above.stages[0]!.models[0]!.long_context).toBe(true);
  });
  it('within the long-context block the absence rules apply: no reasoning → its output rate', () => {
    const r = estimateFrom(withStage('model: acme-large\ninput: { context: 200000 }\noutput: 0\nreasoning: 100'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * (200000 * 20 + 100 * 60) * M, 9);
  });
  it('each agent step is judged on its own input, not on the mean (spec §3, 2026-12; more in steps.test.ts)', () => {
    // I_k = 90,000, 92,000, 94,000: no step is long, although the old rule's "mean + growth" never mattered here;
    // with growth 20,000 the last two steps are long and the first is not
    const none = estimateFrom(withStage('model: acme-large\ninput: { context: 90000 }\nagent_steps: 3\ncontext_growth_per_step: 2000'));
    expect(none.stages[0]!.models[0]!.long_context).toBe(false);
    const r = estimateFrom(withStage('model: acme-large\ninput: { context: 90000 }\nagent_steps: 3\ncontext_growth_per_step: 20000'));
    expect(r.stages[0]!.models[0]!.long_context).toBe(true);
    expect(r.stages[0]!.models[0]!.long_context_from_step).toBe(2);
  });
});

describe('batch', () => {
  it('f = 1 − batch_share × batch_discount scales every token kind', () => {
    const r = estimateFrom(withStage('model: acme-small\ninput: { system: 2000 }\noutput: 100\ncache: { hit_rate: 0.5 }\nbatch_share: 0.6'));
    const per = 2000 * 0.5 * 0.1 + 2000 * 0.5 * 1.25 + 100 * 4;
    expect(r.total_monthly_cost).toBeCloseTo(1000 * per * (1 - 0.6 * 0.5) * M, 12);
  });
  it('a model without a batch discount pays full price, with a warning', () => {
    const r = estimateFrom(withStage('model: acme-large\ninput: { user: 1000 }\nbatch_share: 1'));
    expect(r.total_monthly_cost).toBeCloseTo(1000 * 1000 * 10 * M, 12);
    expect(r.warnings.join('\n')).toMatch(/no batch discount/);
  });
});

describe('tier mix', () => {
  it('splits calls by share and accepts the list form with per-model output and reasoning', () => {
    const r = estimateFrom(
      withStage(`models:
  - { id: acme-small, share: 0.75 }
  - { id: acme-large, share: 0.25, output: 1000, reasoning: 500 }
input: { user: 100 }
output: 200`),
    );
    const [small, large] = r.stages[0]!.models;
    expect(small!.calls_per_month).toBeCloseTo(750, 9);
    expect(small!.monthly_cost).toBeCloseTo(750 * (100 * 1 + 200 * 4) * M, 12);
    expect(large!.monthly_cost).toBeCloseTo(250 * (100 * 10 + 1000 * 40 + 500 * 50) * M, 12);
  });
  it('rejects shares that do not sum to 1 (±1e-6) and the same model twice', () => {
    expect(() => estimateFrom(withStage('models: { acme-small: 0.5, acme-large: 0.4 }'))).toThrow(/shares sum to 0.9, expected 1/);
    expect(() => estimateFrom(withStage('models: { acme-small: 0.5, acme-small-typo: 0.5 }'))).toThrow(/unknown model "acme-small-typo"/);
    expect(() => estimateFrom(withStage('models: { acme-large: 0.5, acme-large-latest: 0.5 }'))).toThrow(/appears twice/);
    expect(() => estimateFrom(withStage('models: { acme-small: 0.5000004, acme-large: 0.5 }'))).not.toThrow();
  });
});

describe('line items, outcomes, budget', () => {
  const stage = 'model: acme-small\ninput: { user: 1000 }'; // $1 per 1000 requests
  it('prices every kind of line item', () => {
    const r = estimateFrom(
      withStage(
        stage,
        `costs:
  - { name: db, category: retrieval, monthly: 500 }
  - { name: moderation, category: safety, per_request: 0.001 }
  - { name: review, category: human review, share_of_requests: 0.02, minutes: 3, hourly_rate: 45 }
  - { name: seats, category: seats, per_user: 30 }
  - { name: reindex, category: retrieval, model: acme-embed, tokens_per_month: 50000000 }`,
        'requests_per_month: 1000, users: 10',
      ),
    );
    const byName = Object.fromEntries(r.line_items.map((li) => [li.name, li.monthly_cost]));
    expect(byName).toEqual({ db: 500, moderation: 1, review: expect.closeTo(1000 * 0.02 * 3 / 60 * 45, 9), seats: 300, reindex: expect.closeTo(1, 12) });
    expect(r.by_category).toEqual({ 'model inference': expect.closeTo(1, 12), retrieval: expect.closeTo(501, 9), safety: 1, 'human review': expect.closeTo(45, 9), seats: 300 });
    expect(r.total_monthly_cost).toBeCloseTo(1 + 500 + 1 + 45 + 300 + 1, 9);
  });
  it('per_user needs users', () => {
    expect(() => estimateFrom(withStage(stage, 'costs:\n  - { name: seats, per_user: 30 }'))).toThrow(/per_user cost needs traffic.users/);
  });
  it('outcomes, cost per outcome, net value and ROI', () => {
    const r = estimateFrom(withStage(stage, 'outcomes: { name: resolved, per_request: "60%", value: 2 }'));
    expect(r.outcomes_per_month).toBeCloseTo(600, 9);
    expect(r.cost_per_outcome).toBeCloseTo(1 / 600, 12);
    expect(r.net_value).toBeCloseTo(1200 - 1, 9);
    expect(r.roi).toBeCloseTo(1199, 9);
  });
  it('outcomes per month, no value → no net value', () => {
    const r = estimateFrom(withStage(stage, 'outcomes: { per_month: 50 }'));
    expect(r.outcomes_per_month).toBe(50);
    expect(r.net_value).toBeNull();
    expect(r.roi).toBeNull();
  });
  it('budget status: ok below alert_at, alert from alert_at, over above 100%', () => {
    const at = (monthly: number) => estimateFrom(withStage(stage, `budget: { monthly: ${monthly}, alert_at: 0.5 }`)).budget;
    expect(at(3)!.status).toBe('ok'); // 1 < 1.5
    expect(at(2)!.status).toBe('alert'); // 1 ≥ 1.0 (exactly alert_at × monthly)
    expect(at(1)!.status).toBe('alert'); // 1 is not > 1
    expect(at(0.99)!.status).toBe('over');
    expect(at(2)!.used).toBeCloseTo(0.5, 12);
  });
});

describe('input errors', () => {
  it('never clamps an out-of-range rate', () => {
    expect(() => estimateFrom(withStage('model: acme-small\ncache: { hit_rate: 1.2 }'))).toThrow(InputError);
    expect(() => estimateFrom(withStage('model: acme-small\nbatch_share: "120%"'))).toThrow(/at most 1/);
    expect(() => estimateFrom(withStage('model: acme-small\nretry_rate: -0.1'))).toThrow(/cannot be negative/);
  });
  it('names unknown keys with a did-you-mean', () => {
    expect(() => estimateFrom(withStage('model: acme-small\ncahce: { hit_rate: 0.5 }'))).toThrow(/unknown key "cahce" — did you mean "cache"\?/);
  });
  it('stage names are unique', () => {
    const y = `version: 1
name: t
traffic: { requests_per_month: 1 }
pipeline:
  - { name: a, model: acme-small }
  - { name: a, model: acme-small }
`;
    expect(() => estimateFrom(y)).toThrow(/stage name "a" is used twice/);
  });
  it('rejects a scenario currency that differs from the catalogue pricing a model', () => {
    expect(() => estimateFrom(`version: 1\nname: t\ncurrency: EUR\ntraffic: { requests_per_month: 1 }\npipeline:\n  - { name: a, model: acme-small }\n`)).toThrow(/priced in USD .* currency is EUR/);
  });
});
