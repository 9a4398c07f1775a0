/**
 * Vendor quotes priced on the same workload, month by month over a horizon (docs/quotes.md).
 * Pure: the loaded scenario, the resolved quotes and the monthly volume multipliers in; the
 * ranked `quotes` report out.
 *
 * Per quote and month m (volume multiplier g_m):
 *   L_m = Σ list cost of the scenario's calls on the mapped vendor models × g_m
 *   D_m = Σ the same at the quote's rates (list × (1 − discount)) × g_m
 *   monthly commitment C:  D_m ≤ C → pay C (C − D_m unused);  else C + overage(D_m − C)
 *   term commitment C_T:   usage draws the term's balance down; beyond it, overage;
 *                          any balance left at the term's end is billed (true-up)
 *   overage(x) = x × (L_m / D_m) × (1 − overage discount)   (x at list, at the overage rate)
 *   + seats (ratcheted within a term: added, never removed) + fees
 *   + calls the quote leaves outside (model_map: outside) at the scenario's own list prices
 */
import { grouped } from '../util/number.js';
import { priceStageModel } from './estimate.js';
import { TOKENS_PER_PRICE_UNIT, type PricedModel, type Scenario } from './model.js';
import { addDays, monthStart } from './dates.js';
import { modelScheduleWarnings, monthPricingDate, priceModelAt, repriceScenario, scenarioModels, scheduleWarnings, shutdownWarnings } from './prices-at.js';
import { TOKEN_KINDS } from '../schema/report.js';
import {
  QUOTES_REPORT_SCHEMA_VERSION,
  type CommitmentReport,
  type Components,
  type ModelMapping,
  type QuoteMonth,
  type QuoteResult,
  type QuotesReport,
} from '../schema/quote.js';

export interface ResolvedMapping {
  stage: number;
  model: number;
  vendor: PricedModel;
  via: 'model' | 'tier' | 'same';
  /** true: the calls stay with the scenario's own model and provider, outside the quote. */
  outside: boolean;
  discount: number;
}

export interface ResolvedQuote {
  name: string;
  vendor: string;
  file: string;
  reference: string | null;
  validUntil: string | null;
  termMonths: number;
  discount: number;
  overageDiscount: number | null;
  commitment: { amount: number; per: 'month' | 'term' } | null;
  seats: { name: string; perSeatMonth: number; seats: number | 'users'; minSeats: number }[];
  fees: { name: string; kind: 'one_time' | 'monthly' | 'annual'; amount: number }[];
  mappings: ResolvedMapping[];
  /** Notes from loading (e.g. a model_map key that matches nothing in this scenario). */
  warnings: string[];
}

export interface Growth {
  monthlyRate: number;
  source: 'flag' | 'scenario' | 'none';
}

/** Volume multipliers for months 1..H under compound monthly growth. */
export function volumes(months: number, monthlyRate: number): number[] {
  return Array.from({ length: months }, (_, i) => (1 + monthlyRate) ** i);
}

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}

/** A quote's usage in one month at volume 1, at the prices in force on `date`: list, quoted, outside, tokens. */
function usageAt(s: Scenario, q: ResolvedQuote, date: string): { L: number; D: number; out: number; tokens: number } {
  const R = s.traffic.requestsPerMonth;
  let L = 0;
  let D = 0;
  let out = 0;
  let tokens = 0;
  for (const m of q.mappings) {
    const stage = s.stages[m.stage]!;
    const sm = stage.models[m.model]!;
    const mc = priceStageModel(stage, { ...sm, model: priceModelAt(m.vendor, date) }, R);
    if (m.outside) out += mc.total;
    else {
      L += mc.total;
      D += mc.total * (1 - m.discount);
    }
    for (const k of TOKEN_KINDS) tokens += mc.tokens[k];
  }
  return { L, D, out, tokens };
}

/** Month m (1-based) of a horizon is priced on the first day of its calendar month, from the pricing date's month. */
export function horizonDates(s: Scenario, months: number): string[] {
  return Array.from({ length: months }, (_, i) => monthPricingDate(null, s.pricedAsOf, i + 1));
}

export function priceQuote(s: Scenario, q: ResolvedQuote, vols: readonly number[]): Omit<QuoteResult, 'rank' | 'versus_best'> {
  const R = s.traffic.requestsPerMonth;
  const H = vols.length;
  const warnings = [...q.warnings];
  // each month at the vendor's list prices in force that month (core/prices-at.ts)
  const dates = horizonDates(s, H);
  const byDate = new Map<string, ReturnType<typeof usageAt>>();
  const usage = dates.map((d) => {
    let u = byDate.get(d);
    if (!u) byDate.set(d, (u = usageAt(s, q, d)));
    return u;
  });

  // the model map at month 1's prices
  const model_map: ModelMapping[] = [];
  const byPair = new Map<string, ModelMapping>();
  for (const m of q.mappings) {
    const stage = s.stages[m.stage]!;
    const sm = stage.models[m.model]!;
    const mc = priceStageModel(stage, { ...sm, model: priceModelAt(m.vendor, dates[0]!) }, R);
    if (!m.outside && mc.cacheSkipped === 'no cache_read price') warnings.push(`${stage.name}: ${m.vendor.ref} has no cache_read price, so prompt caching is not applied on this quote`);
    if (!m.outside && mc.cacheSkipped === 'below cache_min_tokens') {
      warnings.push(`${stage.name}: the cacheable prefix of ${grouped(Math.round(mc.Ic), 0)} tokens is below ${m.vendor.ref}'s cache minimum of ${grouped(m.vendor.prices.cache_min_tokens ?? 0, 0)}, so it is never cached on this quote`);
    }
    const key = `${sm.model.ref}→${m.vendor.ref}`;
    const prev = byPair.get(key);
    if (prev) {
      prev.list_monthly += mc.total;
      prev.quoted_monthly += mc.total * (1 - m.discount);
    } else {
      const row: ModelMapping = {
        scenario_model: sm.model.ref,
        vendor_model: m.vendor.ref,
        via: m.via,
        outside: m.outside,
        discount: m.discount,
        list_monthly: mc.total,
        quoted_monthly: mc.total * (1 - m.discount),
        priced_by: { catalogue: m.vendor.catalogue.file, as_of: m.vendor.catalogue.as_of, effective_from: priceModelAt(m.vendor, dates[0]!).effectiveFrom },
      };
      byPair.set(key, row);
      model_map.push(row);
    }
  }

  const horizonEnd = addDays(monthStart(dates[0]!, H), -1);
  const vendorModels = [...new Map(q.mappings.map((m) => [m.vendor.ref, m.vendor])).values()];
  for (const w of modelScheduleWarnings(vendorModels, s.currency, s.pricedAsOf, { horizonEnd, horizonLabel: `${H}-month horizon` })) warnings.push(w);
  for (const w of shutdownWarnings(vendorModels, horizonEnd, `${H}-month horizon`)) warnings.push(w);
  const T = q.termMonths;
  if (H > T) warnings.push(`the ${H}-month horizon is longer than the ${T}-month term: the quote is assumed to renew on the same terms (commitment, seats and recurring fees; one-time fees once)`);
  if (q.commitment?.per === 'term' && H % T !== 0) {
    warnings.push(`the ${H}-month horizon ends inside a ${T}-month term: that term's commitment is pro-rated to ${H % T} month${H % T === 1 ? '' : 's'}`);
  }
  const overageRatio = (L: number, D: number): number => (D > 0 ? (L / D) * (1 - (q.overageDiscount ?? 0)) : 0);

  const months: QuoteMonth[] = [];
  let cumulative = 0;
  let balance = 0;
  let periodSeats = new Map<number, number>();
  const commitment: CommitmentReport | null = q.commitment
    ? { per: q.commitment.per, amount: q.commitment.amount, committed_total: 0, used: 0, unused: 0, first_binding_month: null, binding_months: [], exceeded_from_month: null }
    : null;

  for (let i = 0; i < H; i++) {
    const month = i + 1;
    const g = vols[i]!;
    const u = usage[i]!;
    const L = u.L * g;
    const D = u.D * g;
    const periodStart = i % T === 0;
    const periodEnd = (i + 1) % T === 0 || i === H - 1;
    if (periodStart) periodSeats = new Map();
    let billed = D;
    let overage = 0;
    let unused = 0;
    let binding = false;
    const excess = (x: number): number => (q.overageDiscount === null ? x : x * overageRatio(L, D));
    if (q.commitment && commitment) {
      const C = q.commitment.amount;
      if (q.commitment.per === 'month') {
        commitment.committed_total += C;
        if (D < C) {
          unused = C - D;
          binding = true;
          commitment.used += D;
        } else {
          overage = excess(D - C);
          billed = C + overage;
          commitment.used += C;
          if (D > C && commitment.exceeded_from_month === null) commitment.exceeded_from_month = month;
        }
      } else {
        if (periodStart) {
          const len = Math.min(T, H - i);
          balance = (C * len) / T;
          commitment.committed_total += balance;
        }
        if (D <= balance) {
          balance -= D;
          commitment.used += D;
        } else {
          overage = excess(D - balance);
          billed = balance + overage;
          commitment.used += balance;
          balance = 0;
          // docs/quotes.md: cumulative usage within the FIRST term; a renewal (or the pro-rated
          // term a horizon ends inside) is an assumption of the comparison, not the deal signed
          if (commitment.exceeded_from_month === null && i < T) commitment.exceeded_from_month = month;
        }
        if (periodEnd && balance > 0) {
          unused = balance;
          binding = true;
          balance = 0;
        }
      }
      commitment.unused += unused;
      if (binding) {
        commitment.binding_months.push(month);
        if (commitment.first_binding_month === null) commitment.first_binding_month = month;
      }
    }

    let seats = 0;
    let seatCost = 0;
    q.seats.forEach((c, k) => {
      let n = c.seats === 'users' ? Math.ceil((s.traffic.users ?? 0) * g - 1e-9) : c.seats;
      n = Math.max(n, c.minSeats, periodSeats.get(k) ?? 0);
      periodSeats.set(k, n);
      seats += n;
      seatCost += n * c.perSeatMonth;
    });
    let fees = 0;
    for (const f of q.fees) {
      if (f.kind === 'monthly') fees += f.amount;
      else if (f.kind === 'one_time' && i === 0) fees += f.amount;
      else if (f.kind === 'annual' && i % 12 === 0) fees += f.amount;
    }
    const outside = u.out * g;
    const total = billed + unused + seatCost + fees + outside;
    cumulative += total;
    months.push({
      month,
      volume: g,
      priced_as_of: dates[i]!,
      requests: R * g,
      tokens: u.tokens * g,
      list_usage: L,
      usage_at_quote_rates: D,
      usage_billed: billed,
      overage,
      unused_commitment: unused,
      seats,
      seat_cost: seatCost,
      fees,
      outside,
      total,
      cumulative,
      commitment_binding: binding,
    });
  }

  const components: Components = {
    usage: sum(months.map((m) => m.usage_billed)),
    unused_commitment: sum(months.map((m) => m.unused_commitment)),
    seats: sum(months.map((m) => m.seat_cost)),
    fees: sum(months.map((m) => m.fees)),
    outside: sum(months.map((m) => m.outside)),
  };
  const tco = components.usage + components.unused_commitment + components.seats + components.fees + components.outside;
  const tokens = sum(months.map((m) => m.tokens));
  if (commitment && commitment.unused > 0) {
    warnings.push(`${fmtShare(commitment.unused / commitment.committed_total)} of the commitment goes unused over the horizon`);
  }
  return {
    name: q.name,
    vendor: q.vendor,
    file: q.file,
    reference: q.reference,
    valid_until: q.validUntil,
    term_months: T,
    discount: q.discount,
    overage_discount: q.overageDiscount,
    tco,
    monthly_average: tco / H,
    tokens,
    effective_price_per_million: tokens > 0 ? (tco / tokens) * TOKENS_PER_PRICE_UNIT : null,
    components,
    commitment,
    model_map,
    months,
    warnings: [...new Set(warnings)],
  };
}

export function compareQuotes(s: Scenario, quotes: readonly ResolvedQuote[], horizon: number, growth: Growth, toolVersion: string): QuotesReport {
  const vols = volumes(horizon, growth.monthlyRate);
  const priced = quotes.map((q) => priceQuote(s, q, vols));
  const order = priced.map((_, i) => i).sort((a, b) => priced[a]!.tco - priced[b]!.tco || priced[a]!.name.localeCompare(priced[b]!.name));
  const best = priced[order[0]!];
  const results: QuoteResult[] = order.map((i, rank) => {
    const p = priced[i]!;
    const versus_best =
      rank === 0 || !best
        ? null
        : {
            total: p.tco - best.tco,
            usage: p.components.usage - best.components.usage,
            unused_commitment: p.components.unused_commitment - best.components.unused_commitment,
            seats: p.components.seats - best.components.seats,
            fees: p.components.fees - best.components.fees,
            outside: p.components.outside - best.components.outside,
          };
    return { rank: rank + 1, ...p, versus_best };
  });

  const R = s.traffic.requestsPerMonth;
  // the scenario at its own list prices, each month at that month's prices
  const listAt = (sc: Scenario): { list: number; tokens: number } => {
    let list = 0;
    let tokens = 0;
    for (const stage of sc.stages) {
      for (const sm of stage.models) {
        const mc = priceStageModel(stage, sm, R);
        list += mc.total;
        for (const k of TOKEN_KINDS) tokens += mc.tokens[k];
      }
    }
    return { list, tokens };
  };
  const { list: list1, tokens: tokens1 } = listAt(s);
  const dates = horizonDates(s, horizon);
  let baselineTotal = 0;
  dates.forEach((d, i) => (baselineTotal += listAt(repriceScenario(s, d)).list * vols[i]!));
  const warnings = [...s.warnings];
  const horizonEnd = addDays(monthStart(dates[0]!, horizon), -1);
  for (const w of scheduleWarnings(s, s.pricedAsOf, { horizonEnd, horizonLabel: `${horizon}-month horizon` })) warnings.push(w);
  for (const w of shutdownWarnings(scenarioModels(s), horizonEnd, `${horizon}-month horizon`)) warnings.push(w);
  if (s.lineItems.length) warnings.push(`the scenario's costs line items (${s.lineItems.map((l) => l.name).join(', ')}) are outside the quotes and not included`);
  return {
    schema_version: QUOTES_REPORT_SCHEMA_VERSION,
    tool_version: toolVersion,
    priced_as_of: s.pricedAsOf,
    scenario: { name: s.name, file: s.file, variant: s.variant, currency: s.currency, requests_per_month: R, tokens_per_month: tokens1, users: s.traffic.users, list_monthly: list1 },
    horizon_months: horizon,
    growth: { monthly_rate: growth.monthlyRate, source: growth.source },
    baseline_total: baselineTotal,
    quotes: results,
    warnings,
  };
}

function fmtShare(x: number): string {
  return `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
