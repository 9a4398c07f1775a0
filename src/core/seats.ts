/**
 * Seat plans versus tokens (docs/seat-plans.md). Pure: a loaded scenario, its estimate, who the
 * users are and the seat plans in; the `seats` report out.
 *
 * The API option is the scenario's own estimate, split by how each part scales:
 *   per request  c_req = pipeline cost / R + per-request and labour line items / R
 *   per user     c_user = per-user line items / users
 *   fixed        F = monthly and token line items
 * A seat plan replaces all of it except the line items listed in `seats.keep_costs` (paid in both).
 * Users fall into groups (the segments of the active users, plus the inactive users); a group on
 * the plan costs seats (max(users, minimum seats) × price) plus metered usage beyond the seats'
 * allowance; a group on the API costs its requests and per-user items, and F is paid while any
 * group is on the API.
 */
import { CATEGORY_STORAGE } from './fees.js';
import { describeIntervals, negativeIntervals } from './intervals.js';
import type { Audience, ResolvedPlan, ResolvedUsage } from './seat-plan.js';
import { grouped } from '../util/number.js';
import { estimateScenario, lineItemCost } from './estimate.js';
import { monthPricingDate, pricesAt, repriceScenario, scenarioModels, scheduleWarnings, shutdownWarnings } from './prices-at.js';
import { addDays, monthStart } from './dates.js';
import { maxOf } from '../util/extent.js';
import { TOKENS_PER_PRICE_UNIT, type LineItem, type Scenario } from './model.js';
import { TOKEN_KINDS, type ScenarioReport } from '../schema/report.js';
import {
  SEATS_REPORT_SCHEMA_VERSION,
  TERM_MONTHS,
  type Crossover,
  type Interval,
  type MixReport,
  type PlanComparison,
  type SeatsReport,
  type SegmentChoice,
  type SegmentInput,
  type SeatTermCost,
} from '../schema/seats.js';

/** Name of the implicit group of users who are not active in a month. */
export const INACTIVE = 'inactive';

interface Group {
  name: string;
  /** Share as reported (of active users; the inactive group: of all users). */
  share: number;
  users: number;
  /** Requests per user per month. */
  q: number;
}

/** Everything the cost functions need, derived once from the scenario and its estimate. */
export interface Basis {
  users: number;
  activeShare: number;
  days: number;
  groups: Group[];
  /** Pipeline cost per request (metered usage value). */
  cPipe: number;
  /** Pipeline + per-request line items per request. */
  cReq: number;
  /** Per-user line items per user. */
  cUser: number;
  /** Fixed monthly line items of the API build. */
  fixed: number;
  /** Tokens per request (all kinds). */
  tau: number;
  kept: LineItem[];
}

export function buildBasis(s: Scenario, e: ScenarioReport, audience: Audience): { basis: Basis; warnings: string[] } {
  const warnings: string[] = [];
  const N = s.traffic.users ?? 0;
  const R = e.requests_per_month;
  const a = audience.activeShare;
  const days = s.traffic.daysPerMonth;
  let pipeline = 0;
  let tokens = 0;
  for (const st of e.stages) {
    pipeline += st.monthly_cost;
    for (const m of st.models) for (const k of TOKEN_KINDS) tokens += m.tokens[k];
  }
  let perRequestItems = 0;
  let perUserItems = 0;
  let fixed = 0;
  const kept: LineItem[] = [];
  s.lineItems.forEach((item) => {
    if (audience.keep.includes(item.name)) {
      kept.push(item);
      return;
    }
    const cost = lineItemCost(item, R, N);
    if (item.kind === 'per_request' || item.kind === 'labour') perRequestItems += cost;
    else if (item.kind === 'per_user') perUserItems += cost;
    else fixed += cost;
  });
  // cache storage (core/fees.ts) is held whatever the volume: fixed, not per request
  const storage = e.by_category[CATEGORY_STORAGE] ?? 0;
  pipeline -= storage;
  fixed += storage;
  const cPipe = pipeline / R;
  const groups: Group[] = [];
  const active = N * a;
  if (audience.segments) {
    for (const seg of audience.segments) groups.push({ name: seg.name, share: seg.share, users: active * seg.share, q: seg.requestsPerUserPerDay * days });
  } else {
    groups.push({ name: 'active users', share: 1, users: active, q: R / active });
  }
  if (a < 1) groups.push({ name: INACTIVE, share: 1 - a, users: N * (1 - a), q: 0 });
  const implied = groups.reduce((t, g) => t + g.users * g.q, 0);
  if (audience.segments && Math.abs(implied - R) > 0.005 * R) {
    warnings.push(
      `the segments imply ${fmtCount(implied)} requests/month but the scenario's traffic gives ${fmtCount(R)}; the comparison uses the segments (API side included), so its API cost differs from \`aifinops estimate\``,
    );
  }
  return {
    basis: { users: N, activeShare: a, days, groups, cPipe, cReq: cPipe + perRequestItems / R, cUser: N > 0 ? perUserItems / N : 0, fixed, tau: tokens / R, kept },
    warnings,
  };
}

/** Scale factors for the what-ifs: users × u, usage per user × k. */
interface Scale {
  u: number;
  k: number;
  /** Round seats up to whole seats (reports) or keep them continuous (crossover solving). */
  wholeSeats: boolean;
}

const ONE: Scale = { u: 1, k: 1, wholeSeats: true };

function tokenFee(usage: ResolvedUsage): number {
  return usage.kind === 'included' ? 0 : usage.tokenFeePerMillion / TOKENS_PER_PRICE_UNIT;
}

/** Metered usage a plan bills for one user with `q` requests/month on top of the seat, stand-alone. */
function usagePerUser(b: Basis, plan: ResolvedPlan, q: number): number {
  const u = plan.usage;
  const perRequest = b.cPipe + tokenFee(u) * b.tau;
  if (u.kind === 'included') return 0;
  if (u.kind === 'metered') return q * perRequest;
  return Math.max(0, q * perRequest - u.perSeat);
}

export interface OptionCost {
  seats: number;
  seatFees: number;
  usage: number;
  api: number;
  kept: number;
  total: number;
}

/** Monthly cost with the groups flagged in `onSeat` on the plan and the rest on the API. */
export function optionCost(b: Basis, plan: ResolvedPlan, onSeat: readonly boolean[], sc: Scale = ONE): OptionCost {
  let seatUsers = 0;
  let value = 0;
  let tokens = 0;
  let perUserOverage = 0;
  let api = 0;
  let anyApi = false;
  let requests = 0;
  const fee = tokenFee(plan.usage);
  b.groups.forEach((g, i) => {
    const n = g.users * sc.u;
    const q = g.q * sc.k;
    requests += n * q;
    if (onSeat[i]) {
      seatUsers += n;
      value += n * q * b.cPipe;
      tokens += n * q * b.tau;
      if (plan.usage.kind === 'allowance' && !plan.usage.pooled) {
        perUserOverage += n * Math.max(0, q * (b.cPipe + fee * b.tau) - plan.usage.perSeat);
      }
    } else {
      api += n * (q * b.cReq + b.cUser);
      if (n > 0) anyApi = true;
    }
  });
  if (anyApi) api += b.fixed;
  let seats = 0;
  if (seatUsers > 0) {
    const need = sc.wholeSeats ? Math.ceil(seatUsers - 1e-9) : seatUsers;
    seats = Math.max(need, plan.minSeats);
  }
  const seatFees = seats * plan.pricePerSeatMonth;
  let usage = 0;
  const u = plan.usage;
  if (seatUsers > 0) {
    if (u.kind === 'metered') usage = value + fee * tokens;
    else if (u.kind === 'allowance') usage = u.pooled ? Math.max(0, value + fee * tokens - seats * u.perSeat) : perUserOverage;
  }
  const users = b.users * sc.u;
  let kept = 0;
  for (const item of b.kept) kept += lineItemCost(item, requests, users);
  return { seats, seatFees, usage, api, kept, total: seatFees + usage + api + kept };
}

function usageKinks(b: Basis, plan: ResolvedPlan, seatsAll: number): number[] {
  const u = plan.usage;
  if (u.kind !== 'allowance') return [];
  const perRequest = b.cPipe + tokenFee(u) * b.tau;
  if (!u.pooled) return b.groups.filter((g) => g.q > 0).map((g) => u.perSeat / (g.q * perRequest));
  const v1 = b.groups.reduce((t, g) => t + g.users * g.q * perRequest, 0);
  return v1 > 0 ? [(seatsAll * u.perSeat) / v1] : [];
}

function userKinks(b: Basis, plan: ResolvedPlan): number[] {
  const kinks = [plan.minSeats / b.users];
  const u = plan.usage;
  if (u.kind === 'allowance' && u.pooled) {
    const perRequest = b.cPipe + tokenFee(u) * b.tau;
    const v1 = b.groups.reduce((t, g) => t + g.users * g.q * perRequest, 0);
    if (v1 > 0) kinks.push((plan.minSeats * u.perSeat) / v1);
  }
  return kinks;
}

export function comparePlan(b: Basis, plan: ResolvedPlan): Omit<PlanComparison, 'over_term'> {
  const G = b.groups.length;
  const all = new Array<boolean>(G).fill(true);
  const none = new Array<boolean>(G).fill(false);
  const seatsOpt = optionCost(b, plan, all);
  const apiOpt = optionCost(b, plan, none);
  const active = b.users * b.activeShare;
  const warnings: string[] = [];

  // crossover in usage: all users on the plan vs all on the API, usage per active user scaled by k
  const meanPerDay = b.groups.reduce((t, g) => t + g.users * g.q, 0) / active / b.days;
  const contAll = (k: number) => optionCost(b, plan, all, { u: 1, k, wholeSeats: true }).total - optionCost(b, plan, none, { u: 1, k, wholeSeats: true }).total;
  const kIntervals = negativeIntervals(contAll, usageKinks(b, plan, seatsOpt.seats), 0);
  const usageIntervals: Interval[] = kIntervals.map((iv) => ({ from: iv.from * meanPerDay, to: iv.to === null ? null : iv.to * meanPerDay }));
  const firstFrom = usageIntervals.find((iv) => iv.from > 0)?.from ?? null;
  const crossoverUsage = {
    intervals: usageIntervals,
    summary: describeIntervals(usageIntervals, 0, fmtRate, fmtRate, 'requests per active user per day'),
    tokens_per_month_at_from: firstFrom === null ? null : firstFrom * b.days * b.tau,
  };

  // crossover in users: usage per active user as in the scenario, user count scaled by u
  const diffU = (u: number) => optionCost(b, plan, all, { u, k: 1, wholeSeats: false }).total - optionCost(b, plan, none, { u, k: 1, wholeSeats: false }).total;
  const uIntervals = negativeIntervals(diffU, userKinks(b, plan), 1 / b.users);
  const userIntervals: Interval[] = uIntervals.map((iv) => ({ from: iv.from * b.users, to: iv.to === null ? null : iv.to * b.users }));
  const crossoverUsers: Crossover = { intervals: userIntervals, summary: describeIntervals(userIntervals, 1, (x) => String(Math.ceil(x - 1e-9)), (x) => String(Math.floor(x + 1e-9)), 'users') };

  // per-segment view (marginal: no minimum, no fixed costs) and the cheapest mix (exact)
  const segments: SegmentChoice[] = b.groups.map((g) => {
    const apiPer = g.q * b.cReq + b.cUser;
    const planPer = plan.pricePerSeatMonth + usagePerUser(b, plan, g.q);
    const recommendation = Math.abs(planPer - apiPer) < 0.005 ? 'either' : planPer < apiPer ? 'seat' : 'api';
    return { name: g.name, users: g.users, api_cost_per_user: apiPer, plan_cost_per_user: planPer, recommendation };
  });
  let best: { assign: boolean[]; cost: OptionCost } | null = null;
  for (let mask = 0; mask < 1 << G; mask++) {
    const assign = b.groups.map((_, i) => (mask & (1 << i)) !== 0);
    const cost = optionCost(b, plan, assign);
    const onSeats = assign.filter(Boolean).length;
    if (!best || cost.total < best.cost.total - 1e-9 || (Math.abs(cost.total - best.cost.total) <= 1e-9 && onSeats < best.assign.filter(Boolean).length)) best = { assign, cost };
  }
  const mix: MixReport = {
    on_seats: b.groups.filter((_, i) => best!.assign[i]).map((g) => g.name),
    on_api: b.groups.filter((_, i) => !best!.assign[i]).map((g) => g.name),
    seats: best!.cost.seats,
    monthly_cost: best!.cost.total,
    saving_vs_all_api: apiOpt.total - best!.cost.total,
    saving_vs_all_seats: seatsOpt.total - best!.cost.total,
  };

  const seatUsers = Math.ceil(b.users - 1e-9);
  const minimumBinding = plan.minSeats > seatUsers;
  const u = plan.usage;
  if (plan.priceOverridden) warnings.push(`${plan.id}: price per seat set with --seat-price, not the catalogue's`);
  if (plan.allowanceOverridden && u.kind === 'allowance') warnings.push(`${plan.id}: usage allowance of ${u.perSeat} per seat set with --allowance, not the catalogue's`);
  if (plan.sourceKind === 'secondary') warnings.push(`${plan.id}: the price is confirmed only by secondary sources (${plan.source}); check the vendor's price list before relying on it`);
  if (minimumBinding) warnings.push(`${plan.id}: the minimum of ${plan.minSeats} seats binds: you pay for ${plan.minSeats} seats for ${fmtCount(b.users)} users`);
  if (u.kind === 'included') warnings.push(`${plan.id}: usage is covered within the vendor's own limits${u.limits ? ` (${u.limits})` : ''}; aifinops does not price hitting them`);
  else {
    const fee = u.tokenFeePerMillion ? ` plus ${plan.currency} ${u.tokenFeePerMillion} per 1M tokens` : '';
    warnings.push(`${plan.id}: metered usage is priced at the scenario's own models' API list prices${fee}; the vendor meters at its own per-model rates`);
  }
  const diff = seatsOpt.total - apiOpt.total;
  return {
    plan: plan.id,
    vendor: plan.vendor,
    product: plan.product,
    term: plan.term,
    commitment_months: TERM_MONTHS[plan.term],
    price_per_seat_month: plan.pricePerSeatMonth,
    min_seats: plan.minSeats,
    usage_kind: u.kind,
    as_of: plan.asOf,
    source: plan.source,
    source_kind: plan.sourceKind,
    seats: seatsOpt.seats,
    minimum_binding: minimumBinding,
    seat_fees_monthly: seatsOpt.seatFees,
    usage_monthly: seatsOpt.usage,
    kept_monthly: seatsOpt.kept,
    monthly_cost: seatsOpt.total,
    cost_per_active_user: active > 0 ? seatsOpt.total / active : null,
    commitment_total: seatsOpt.seatFees * TERM_MONTHS[plan.term],
    allowance_per_seat: u.kind === 'allowance' ? u.perSeat : null,
    difference_monthly: diff,
    cheaper: Math.abs(diff) < 0.005 ? 'equal' : diff < 0 ? 'plan' : 'api',
    crossover_usage: crossoverUsage,
    crossover_users: crossoverUsers,
    segments,
    cheapest_mix: mix,
    warnings,
  };
}

/**
 * The plan (all users on seats) and the API over the plan's commitment term, each month at the
 * model prices in force on its first day, counted from the pricing date's month.
 */
function termCost(s: Scenario, audience: Audience, plan: ResolvedPlan, bases: Map<string, Basis>): SeatTermCost {
  const T = TERM_MONTHS[plan.term];
  const models = scenarioModels(s);
  let planTotal = 0;
  let apiTotal = 0;
  const dates = Array.from({ length: T }, (_, i) => monthPricingDate(null, s.pricedAsOf, i + 1));
  for (const d of dates) {
    const key = models.map((m) => pricesAt(m.entry, d).effectiveFrom ?? '').join('\u0000');
    let b = bases.get(key);
    if (!b) {
      const sd = repriceScenario(s, d);
      bases.set(key, (b = buildBasis(sd, estimateScenario(sd), audience).basis));
    }
    const G = b.groups.length;
    planTotal += optionCost(b, plan, new Array<boolean>(G).fill(true)).total;
    apiTotal += optionCost(b, plan, new Array<boolean>(G).fill(false)).total;
  }
  return { months: T, first_month: dates[0]!, last_month: dates[T - 1]!, plan_total: planTotal, api_total: apiTotal, difference: planTotal - apiTotal };
}

export function compareSeats(s: Scenario, e: ScenarioReport, audience: Audience, plans: readonly ResolvedPlan[], toolVersion: string): SeatsReport {
  const { basis: b, warnings } = buildBasis(s, e, audience);
  const bases = new Map<string, Basis>();
  const longest = maxOf(plans.map((p) => TERM_MONTHS[p.term]), 1);
  const termEnd = addDays(monthStart(s.pricedAsOf, longest), -1);
  for (const w of scheduleWarnings(s, s.pricedAsOf, { horizonEnd: termEnd, horizonLabel: `${longest}-month commitment term` })) warnings.push(w);
  for (const w of shutdownWarnings(scenarioModels(s), termEnd, `${longest}-month commitment term`)) warnings.push(w);
  const active = b.users * b.activeShare;
  const none = new Array<boolean>(b.groups.length).fill(false);
  const apiOpt = plans.length ? optionCost(b, plans[0]!, none) : null;
  const requests = b.groups.reduce((t, g) => t + g.users * g.q, 0);
  const segments: SegmentInput[] = b.groups.map((g) => ({
    name: g.name,
    share: g.share,
    users: g.users,
    requests_per_user_per_day: g.q / b.days,
    tokens_per_user_month: g.q * b.tau,
    api_cost_per_user: g.q * b.cReq + b.cUser,
  }));
  const apiTotal = apiOpt?.total ?? 0;
  return {
    schema_version: SEATS_REPORT_SCHEMA_VERSION,
    tool_version: toolVersion,
    priced_as_of: s.pricedAsOf,
    scenario: {
      name: s.name,
      file: s.file,
      variant: s.variant,
      currency: s.currency,
      users: b.users,
      active_share: b.activeShare,
      active_users: active,
      days_per_month: b.days,
      requests_per_month: requests,
      tokens_per_request: b.tau,
      requests_per_active_user_per_day: requests / active / b.days,
      segments,
      kept_costs: b.kept.map((i) => i.name),
    },
    api: {
      monthly_cost: apiTotal,
      cost_per_active_user: active > 0 ? apiTotal / active : null,
      model_cost_per_request: b.cPipe,
      items_cost_per_request: b.cReq - b.cPipe,
      per_user_items: b.cUser,
      fixed_monthly: b.fixed,
      kept_monthly: apiOpt?.kept ?? 0,
    },
    plans: plans.map((p) => ({ ...comparePlan(b, p), over_term: termCost(s, audience, p, bases) })),
    warnings: [...new Set([...e.warnings, ...warnings])],
  };
}

/** A whole count of requests or users, grouped. */
function fmtCount(x: number): string {
  return grouped(Math.round(x), 0);
}

/** Requests per day: 2 significant decimals below 10. */
export function fmtRate(x: number): string {
  return x >= 100 ? Math.round(x).toString() : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
