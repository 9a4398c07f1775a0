/**
 * Seats versus tokens, hand-computed on the synthetic acme catalogue and seat plans
 * (test/fixtures/seats-acme/plans.yaml). One request costs $0.02 and carries 12,500 tokens;
 * a month has 20 days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { negativeIntervals } from '../../src/core/intervals.js';
import { plan, seatScenario, seatsReport } from './helpers.js';

describe('minimum seats', () => {
  it('binds when there are fewer users than the minimum: you pay for the minimum', () => {
    // 3 users × 10 req/day × 20 days × $0.02 = $12 on the API; acme-chat needs 10 seats × $20
    const r = seatsReport(3, 10, [plan('acme-chat')]);
    const p = r.plans[0]!;
    expect(r.api.monthly_cost).toBeCloseTo(12, 10);
    expect(p.seats).toBe(10);
    expect(p.minimum_binding).toBe(true);
    expect(p.seat_fees_monthly).toBeCloseTo(200, 10);
    expect(p.monthly_cost).toBeCloseTo(200, 10);
    expect(p.difference_monthly).toBeCloseTo(188, 10);
    expect(p.cheaper).toBe('api');
    expect(p.cost_per_active_user).toBeCloseTo(200 / 3, 10);
    expect(p.warnings.join('\n')).toContain('the minimum of 10 seats binds');
    // 200 − 12k < 0 from k = 16.67: 10 × 16.67 = 166.67 requests/day, × 20 × 12,500 tokens
    expect(p.crossover_usage.intervals).toHaveLength(1);
    expect(p.crossover_usage.intervals[0]!.from).toBeCloseTo(500 / 3, 8);
    expect(p.crossover_usage.intervals[0]!.to).toBeNull();
    expect(p.crossover_usage.tokens_per_month_at_from).toBeCloseTo((500 / 3) * 20 * 12500, 3);
    // seats cost $20 a user against $4 on the API, and the API has no fixed costs: never
    expect(p.crossover_users.intervals).toEqual([]);
    expect(p.crossover_users.summary).toBe('never');
  });

  it('does not bind above the minimum, and the monthly term uses the monthly price', () => {
    const p = seatsReport(50, 10, [plan('acme-chat', { term: 'monthly' })]).plans[0]!;
    expect(p.term).toBe('monthly');
    expect(p.commitment_months).toBe(1);
    expect(p.seats).toBe(50);
    expect(p.minimum_binding).toBe(false);
    expect(p.seat_fees_monthly).toBeCloseTo(50 * 25, 10);
    expect(p.commitment_total).toBeCloseTo(50 * 25, 10);
    expect(p.warnings.join('\n')).not.toContain('binds');
  });

  it('the annual term commits seats × price × 12', () => {
    const p = seatsReport(50, 10, [plan('acme-chat')]).plans[0]!;
    expect(p.commitment_total).toBeCloseTo(50 * 20 * 12, 10);
  });
});

describe('active share', () => {
  it('seats are bought for every user and spread over the active ones', () => {
    // 100 users, half active; 8 req/day over all users = 16 per active user; API $320
    const r = seatsReport(100, 8, [plan('acme-chat')], 'seats: { active_share: 0.5 }');
    const p = r.plans[0]!;
    expect(r.scenario.active_users).toBe(50);
    expect(r.scenario.requests_per_active_user_per_day).toBeCloseTo(16, 10);
    expect(r.api.monthly_cost).toBeCloseTo(320, 10);
    expect(r.api.cost_per_active_user).toBeCloseTo(6.4, 10);
    expect(p.seats).toBe(100);
    expect(p.cost_per_active_user).toBeCloseTo(40, 10);
    // 2000 − 320k < 0 from k = 6.25 → 100 requests per active user per day
    expect(p.crossover_usage.intervals[0]!.from).toBeCloseTo(100, 8);
    expect(r.scenario.segments.map((s) => [s.name, s.users])).toEqual([
      ['active users', 50],
      ['inactive', 50],
    ]);
    // licensing only the active users (50 seats, $1,000) still loses to $320 on the API
    expect(p.cheapest_mix.on_seats).toEqual([]);
    expect(p.cheapest_mix.monthly_cost).toBeCloseTo(320, 10);
  });

  it('without segments the API side is exactly the scenario estimate, line items included', () => {
    const extra = `costs:
  - { name: platform, monthly: 500 }
  - { name: connector, per_user: 1 }
  - { name: moderation, per_request: 0.001 }
  - { name: review, minutes: 1, hourly_rate: 60, share_of_requests: 0.01 }
  - { name: reindex, model: acme-embed, tokens_per_month: 1000000 }
seats: { active_share: 0.8, keep_costs: [moderation] }`;
    const { scenario } = seatScenario(100, 10, extra);
    const e = estimateScenario(scenario);
    const r = seatsReport(100, 10, [plan('acme-chat')], extra);
    expect(r.api.monthly_cost).toBeCloseTo(e.total_monthly_cost, 9);
    expect(r.api.fixed_monthly).toBeCloseTo(500 + 0.02, 10);
    expect(r.api.per_user_items).toBeCloseTo(1, 10);
    // 20,000 requests: review 200 × 1 min × $1 = $200 → $0.01 per request; moderation is kept
    expect(r.api.items_cost_per_request).toBeCloseTo(0.01, 10);
    expect(r.api.kept_monthly).toBeCloseTo(20, 10);
    expect(r.plans[0]!.kept_monthly).toBeCloseTo(20, 10);
    expect(r.plans[0]!.monthly_cost).toBeCloseTo(100 * 20 + 20, 10);
  });
});

describe('usage allowances', () => {
  // 10 users, all active: 5 light (1/day = 20 req = $0.40) and 5 heavy (50/day = 1,000 req = $20)
  const segs = `seats:
  segments:
    - { name: light, share: 0.5, requests_per_user_per_day: 1 }
    - { name: heavy, share: 0.5, requests_per_user_per_day: 50 }`;

  it('pooled: light users\' unused allowance covers heavy users', () => {
    // 10 seats × $10 = $100 pool; usage $102 → $2 billed beyond it
    const p = seatsReport(10, 25.5, [plan('acme-code')], segs).plans[0]!;
    expect(p.usage_monthly).toBeCloseTo(2, 10);
    expect(p.monthly_cost).toBeCloseTo(202, 10);
    expect(p.allowance_per_seat).toBe(10);
  });

  it('per user: each heavy user pays beyond their own allowance, plus the token fee', () => {
    // $0.02 + 12,500 × $0.25/1M = $0.023125 per request; heavy 1,000 × that − $15 = $8.125 each
    const p = seatsReport(10, 25.5, [plan('acme-ide')], segs).plans[0]!;
    expect(p.usage_monthly).toBeCloseTo(5 * 8.125, 10);
    expect(p.monthly_cost).toBeCloseTo(300 + 40.625, 10);
    const heavy = p.segments.find((s) => s.name === 'heavy')!;
    expect(heavy.plan_cost_per_user).toBeCloseTo(30 + 8.125, 10);
  });

  it('metered: the seat buys access and all usage is billed, with the minimum binding', () => {
    const p = seatsReport(10, 25.5, [plan('acme-enterprise')], segs).plans[0]!;
    expect(p.seats).toBe(20);
    expect(p.usage_monthly).toBeCloseTo(102, 10);
    expect(p.monthly_cost).toBeCloseTo(302, 10);
  });

  it('an allowance the vendor does not publish is priced only when --allowance gives it', () => {
    expect(() => plan('acme-hidden')).toThrow(/does not publish how much usage/);
    const p = seatsReport(10, 25.5, [plan('acme-hidden', { allowance: 0 })], segs).plans[0]!;
    expect(p.usage_monthly).toBeCloseTo(102, 10); // all usage billed beyond a zero allowance
    expect(p.warnings.join('\n')).toContain('set with --allowance');
    expect(p.warnings.join('\n')).toContain('secondary sources');
  });
});

describe('segments and the cheapest mix', () => {
  const team = `costs:
  - { name: platform, monthly: 500 }
  - { name: connector, per_user: 1 }
seats:
  active_share: 0.8
  segments:
    - { name: light, share: 0.5, requests_per_user_per_day: 2 }
    - { name: regular, share: 0.3, requests_per_user_per_day: 10 }
    - { name: heavy, share: 0.2, requests_per_user_per_day: 50 }`;

  it('recommends per segment and finds the cheapest mix, fixed costs and minimums included', () => {
    const r = seatsReport(100, 11.2, [plan('acme-chat')], team);
    expect(r.warnings).toEqual([]);
    expect(r.api.monthly_cost).toBeCloseTo(448 + 100 + 500, 9);
    const p = r.plans[0]!;
    expect(p.segments.map((s) => [s.name, s.recommendation])).toEqual([
      ['light', 'api'],
      ['regular', 'api'],
      ['heavy', 'seat'],
      ['inactive', 'api'],
    ]);
    // heavy (16 users) on 16 seats: $320; the rest on the API: 40 × $1.80 + 24 × $5 + 20 × $1 + $500
    expect(p.cheapest_mix.on_seats).toEqual(['heavy']);
    expect(p.cheapest_mix.seats).toBe(16);
    expect(p.cheapest_mix.monthly_cost).toBeCloseTo(1032, 9);
    expect(p.cheapest_mix.saving_vs_all_api).toBeCloseTo(16, 9);
    // 20n − 5.48n − 500 < 0 → up to 34 users
    expect(p.crossover_users.intervals[0]!.from).toBeCloseTo(1, 10);
    expect(p.crossover_users.intervals[0]!.to).toBeCloseTo(500 / 14.52, 8);
    expect(p.crossover_users.summary).toBe('up to 34 users');
  });

  it('warns when the segments imply other traffic than the scenario gives, and uses the segments', () => {
    const r = seatsReport(100, 10, [plan('acme-chat')], team);
    expect(r.warnings.join('\n')).toContain('the segments imply 22,400 requests/month');
    expect(r.scenario.requests_per_month).toBeCloseTo(22400, 8);
  });

  it('a minimum above a segment keeps small groups off the plan', () => {
    // acme-enterprise needs 20 seats: putting only the 16 heavy users on it pays for 20
    const p = seatsReport(100, 11.2, [plan('acme-enterprise')], team).plans[0]!;
    expect(p.cheapest_mix.on_seats.length === 0 || p.cheapest_mix.seats >= 20).toBe(true);
  });
});

describe('negativeIntervals', () => {
  it('finds roots inside pieces and follows the last piece to infinity', () => {
    expect(negativeIntervals((x) => 10 - x, [], 0)).toEqual([{ from: 10, to: null }]);
    expect(negativeIntervals((x) => x - 10, [], 0)).toEqual([{ from: 0, to: 10 }]);
    expect(negativeIntervals(() => -1, [], 0)).toEqual([{ from: 0, to: null }]);
    expect(negativeIntervals(() => 0, [], 0)).toEqual([]);
    // V shape: negative between 2 and 6
    const v = (x: number) => Math.abs(x - 4) - 2;
    const iv = negativeIntervals(v, [4], 0);
    expect(iv).toHaveLength(1);
    expect(iv[0]!.from).toBeCloseTo(2, 12);
    expect(iv[0]!.to).toBeCloseTo(6, 12);
  });

  it('a last piece whose fall over one step is within a billionth of the values\' size is flat; just beyond it, it falls', () => {
    // f(0) = -40, f(0.5) = 0, then a tail of slope s: tolerance 1e-9 × 40 = 4e-8 over a step of 1
    const tail = (s: number) => (t: number) => (t <= 0.5 ? -40 + 80 * t : s * (t - 0.5));
    expect(negativeIntervals(tail(-4e-8), [0.5], 0)).toEqual([{ from: 0, to: 0.5 }]); // at the tolerance: flat
    const falling = negativeIntervals(tail(-4.1e-8), [0.5], 0);
    expect(falling).toEqual([{ from: 0, to: null }]); // beyond it: negative from 0.5 on, joined to the first piece
  });

  it('agrees with sampling on random continuous piecewise-linear functions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 50, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (gaps, values) => {
          const kinks: number[] = [];
          let x = 0;
          for (const g of gaps) kinks.push((x += g));
          const xs = [0, ...kinks];
          const ys = values.slice(0, xs.length);
          const tailSlope = values[6]! / 10;
          const f = (t: number): number => {
            if (t >= xs[xs.length - 1]!) return ys[ys.length - 1]! + tailSlope * (t - xs[xs.length - 1]!);
            let i = 0;
            while (t > xs[i + 1]!) i++;
            return ys[i]! + ((ys[i + 1]! - ys[i]!) * (t - xs[i]!)) / (xs[i + 1]! - xs[i]!);
          };
          const iv = negativeIntervals(f, kinks, 0);
          const inside = (t: number) => iv.some((r) => t >= r.from && (r.to === null || t <= r.to));
          const end = xs[xs.length - 1]! * 3 + 100;
          // negativeIntervals counts a last piece as flat when its fall over one step (max(1, x))
          // is within a billionth of the values' size (rounding noise, not a crossover): sample
          // such a tail as flat too
          const xl = xs[xs.length - 1]!;
          const tol = 1e-9 * Math.max(1, Math.abs(f(0)), Math.abs(f(xl)));
          const flatTail = Math.abs(tailSlope * Math.max(1, xl)) <= tol;
          const g = (t: number) => (flatTail && t > xl ? f(xl) : f(t));
          for (let k = 0; k <= 400; k++) {
            const t = (end * k) / 400;
            const y = g(t);
            if (Math.abs(y) < 1e-6) continue; // at a root either answer is right
            if ((y < 0) !== inside(t)) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('invariants', () => {
  it('the cheapest mix is never dearer than all on the API or all on seats, and the usage crossover is where the verdict flips', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.5, max: 60, noNaN: true }),
        fc.double({ min: 0.2, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 2000 }),
        (users, perDay, active, fixed) => {
          const extra = `costs:\n  - { name: fixed, monthly: ${fixed} }\nseats: { active_share: ${active} }`;
          const r = seatsReport(users, perDay, [plan('acme-chat')], extra);
          const p = r.plans[0]!;
          if (p.cheapest_mix.monthly_cost > Math.min(r.api.monthly_cost, p.monthly_cost) + 1e-6) return false;
          const from = p.crossover_usage.intervals[0]?.from;
          if (from === undefined || from <= 0) return true;
          // scale everyone's usage to just above / below the crossover: the verdict flips there
          const mean = r.scenario.requests_per_active_user_per_day;
          const above = seatsReport(users, (perDay * from * 1.01) / mean, [plan('acme-chat')], extra).plans[0]!;
          const below = seatsReport(users, (perDay * from * 0.99) / mean, [plan('acme-chat')], extra).plans[0]!;
          return above.difference_monthly < 0 && below.difference_monthly > 0;
        },
      ),
      { numRuns: 60 },
    );
  });
});
