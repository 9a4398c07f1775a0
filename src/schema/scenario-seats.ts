/** The scenario's optional `seats:` block: who the users are, for `aifinops seats` (docs/seat-plans.md). */
import type * as Z from 'zod/mini';
import { z } from './zod.js';
import { arr, boundedCount, lazily, LIMITS, once, rate, str } from './common.js';

/** A group of active users with its own usage (light / regular / heavy …). */
const seatSegmentSchema = /* @__PURE__ */ once(() => lazily(() => z.strictObject({
  name: str('expected a segment name such as light, regular or heavy', z.minLength(1)),
  /** Share of the ACTIVE users in this segment; the shares sum to 1. */
  share: rate(),
  /** Requests an active user of this segment makes per day. */
  requests_per_user_per_day: boundedCount(LIMITS.requests_per_user_per_day, 'requests a user makes a day'),
})));

/** Optional scenario block read by `aifinops seats` (every other command ignores it); built on first use (common.ts `lazily`). */
export const scenarioSeatsSchema = /* @__PURE__ */ once(() => lazily(() => z.strictObject({
  /** Share of `traffic.users` active in a month (default 1). Seats are bought for every user. */
  active_share: z.optional(rate()),
  /** Usage segments of the active users; without them every active user has the scenario's mean usage. */
  segments: z.optional(
    arr(seatSegmentSchema(), 'expected a list of segments { name, share, requests_per_user_per_day }', z.minLength(1), z.maxLength(8, { error: 'expected at most 8 segments' })),
  ),
  /** Names of `costs` line items you pay under a seat plan too (default: none; the plan replaces the whole build). */
  keep_costs: z.optional(z.array(str(undefined, z.minLength(1)), { error: 'expected a list of line item names' })),
})));

export type ScenarioSeatsParsed = Z.output<ReturnType<typeof scenarioSeatsSchema>>;
