/**
 * Provider-specific pricing rules (issue 14 §3), resolved into effective rates at load time. Pure.
 *
 * The cost is linear in every token rate, so a rule that makes the rate depend on *when* or *how*
 * a call is made can be priced by replacing each rate with its traffic-weighted mean — the Monte
 * Carlo kernel and spec §3's formula stay as they are (docs/cost-model.md, "Provider rules"):
 *
 * - **Time windows** (DeepSeek's peak hours): a catalogue entry lists daily UTC windows with their
 *   own rates. With s_w the share of the stage's traffic inside window w (from the scenario's
 *   hour-of-day profile and weekday share), each rate r becomes
 *     r_eff = (1 − Σ_w s_w) × r + Σ_w s_w × r_w      (r_w absent → r).
 * - **Service tiers** (flex / priority processing): a tier is a multiple `factor` of the rates in
 *   force. A stage sends its synchronous calls in a mix of tiers with shares q_t, so the tier
 *   factor is T = Σ_t q_t × factor_t (standard: 1), and every token rate (long-context ones too) is
 *   multiplied by T. Batch calls are their own API and are not also discounted by a tier (flex and
 *   batch are not cumulative): with batch share b and discount d the stage pays
 *     b × (1 − d) + (1 − b) × T    times the standard rates,
 *   which is exactly what the kernel's f = 1 − b × d' computes on rates × T with
 *     d' = 1 − (1 − d) ÷ T.
 *   That identity holds for every b, so a drawn batch_share (Monte Carlo) stays exact.
 *
 * Windows apply first (they set the standard rates of the hour), the tier factor after.
 */
import { HOUR_RANGE_RE, WINDOW_RATE_FIELDS, type CatalogueModel, type ServiceTierName, type TimeWindow } from '../schema/catalogue.js';

export const MINUTES_PER_DAY = 1440;
/** Share of a flat week's traffic on Monday–Friday. */
export const FLAT_WEEKDAY_SHARE = 5 / 7;
export const TIME_PROFILE_PRESETS = ['flat', 'business-hours'] as const;
export type TimeProfilePreset = (typeof TIME_PROFILE_PRESETS)[number];
/** business-hours: 09:00–18:00 local time, Monday to Friday. */
export const BUSINESS_HOURS = { from: 9, to: 18 } as const;
export const SERVICE_TIER_NAMES = ['standard', 'flex', 'priority'] as const;
export type ServiceTier = (typeof SERVICE_TIER_NAMES)[number];

/** The traffic's time of day and week, as written in the scenario (after defaults). */
export interface TimeProfile {
  /** 'flat', 'business-hours', or 'hours' (24 weights given). */
  kind: TimeProfilePreset | 'hours';
  /** 24 relative weights of the hours in local time (utcOffset), as given or from the preset. */
  hours: number[];
  /** Local time = UTC + utcOffset hours. */
  utcOffset: number;
  /** Share of the traffic on (UTC) Monday–Friday. */
  weekdayShare: number;
}

export const FLAT_PROFILE: TimeProfile = { kind: 'flat', hours: new Array<number>(24).fill(1), utcOffset: 0, weekdayShare: FLAT_WEEKDAY_SHARE };

/** The profile of a preset, or of 24 given weights. */
export function makeProfile(p: { preset?: TimeProfilePreset; hours?: number[]; utc_offset?: number; weekday_share?: number } | undefined): TimeProfile {
  if (!p) return FLAT_PROFILE;
  const utcOffset = p.utc_offset ?? 0;
  if (p.hours) return { kind: 'hours', hours: [...p.hours], utcOffset, weekdayShare: p.weekday_share ?? FLAT_WEEKDAY_SHARE };
  if (p.preset === 'business-hours') {
    const hours = Array.from({ length: 24 }, (_, h) => (h >= BUSINESS_HOURS.from && h < BUSINESS_HOURS.to ? 1 : 0));
    return { kind: 'business-hours', hours, utcOffset, weekdayShare: p.weekday_share ?? 1 };
  }
  return { kind: 'flat', hours: new Array<number>(24).fill(1), utcOffset, weekdayShare: p.weekday_share ?? FLAT_WEEKDAY_SHARE };
}

/** The profile's traffic per UTC minute of the day, summing to 1 (traffic is even within an hour). */
export function minuteWeights(p: TimeProfile): Float64Array {
  const total = p.hours.reduce((a, b) => a + b, 0);
  const w = new Float64Array(MINUTES_PER_DAY);
  const shift = Math.round(p.utcOffset * 60);
  for (let local = 0; local < MINUTES_PER_DAY; local++) {
    const utc = (((local - shift) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    w[utc] = p.hours[Math.floor(local / 60)]! / 60 / total;
  }
  return w;
}

/** A clock range "HH:MM-HH:MM" as [start, end) minutes of the UTC day; end ≤ start wraps past midnight. */
export function parseRange(r: string): { start: number; end: number } {
  const m = HOUR_RANGE_RE.exec(r);
  if (!m) throw new Error(`not a clock range: ${r}`);
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

/** Minutes of the day a window covers (a set, so overlapping ranges count once). */
export function windowMinutes(hours: readonly string[]): Uint8Array {
  const on = new Uint8Array(MINUTES_PER_DAY);
  for (const r of hours) {
    const { start, end } = parseRange(r);
    const stop = end > start ? end : end + MINUTES_PER_DAY;
    for (let t = start; t < stop; t++) on[t % MINUTES_PER_DAY] = 1;
  }
  return on;
}

/** Share of the profile's traffic in a window: its minutes' weight × the share of its days. */
export function windowShare(w: TimeWindow, weights: Float64Array, weekdayShare: number): number {
  const on = windowMinutes(w.hours);
  let s = 0;
  for (let t = 0; t < MINUTES_PER_DAY; t++) if (on[t]) s += weights[t]!;
  const days = w.days ?? 'all';
  return s * (days === 'all' ? 1 : days === 'weekdays' ? weekdayShare : 1 - weekdayShare);
}

/** Catalogue problems with a list of time windows (reported by the catalogue schema). */
export function timeWindowProblems(windows: readonly TimeWindow[], base: Partial<Record<(typeof WINDOW_RATE_FIELDS)[number], number>>, hasLongContext: boolean): { index: number; key: string; message: string }[] {
  const out: { index: number; key: string; message: string }[] = [];
  if (hasLongContext && windows.length) out.push({ index: 0, key: '', message: 'time windows and long_context rates together are not supported: give the model one or the other' });
  const seen = new Set<string>();
  windows.forEach((w, i) => {
    if (seen.has(w.name)) out.push({ index: i, key: 'name', message: `two windows named "${w.name}": give each window its own name` });
    seen.add(w.name);
    w.hours.forEach((r, k) => {
      const { start, end } = parseRange(r);
      if (start === end) out.push({ index: i, key: `hours.${k}`, message: `${r} is empty: a range needs different start and end (use "00:00-24:00" for the whole day)` });
    });
    const listed = WINDOW_RATE_FIELDS.filter((f) => w[f] !== undefined);
    if (listed.length === 0) out.push({ index: i, key: '', message: `window "${w.name}" lists no rate: give the rates in force in it (input, output, …)` });
    for (const f of listed) if (base[f] === undefined) out.push({ index: i, key: f, message: `window "${w.name}" sets ${f}, which the rates outside the windows do not have: add ${f} to them too` });
  });
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const a = windows[i]!;
      const b = windows[j]!;
      const da = a.days ?? 'all';
      const db = b.days ?? 'all';
      if (da !== 'all' && db !== 'all' && da !== db) continue;
      const ma = windowMinutes(a.hours);
      const mb = windowMinutes(b.hours);
      if (ma.some((v, t) => v === 1 && mb[t] === 1)) out.push({ index: j, key: 'hours', message: `window "${b.name}" overlaps window "${a.name}": a minute of the day can be in one window only` });
    }
  }
  return out;
}

/** The stage's service tiers: one tier, or shares of its synchronous calls across tiers (sum 1). */
export type TierMix = Partial<Record<ServiceTier, number>>;

/** What the rules did to one (stage, model): for the report, `--explain` and `pricing show`. */
export interface RulesApplied {
  /** Time windows in force and the share of the stage's traffic in each. */
  windows: { name: string; days: 'all' | 'weekdays' | 'weekends'; hours: string[]; share: number; rates: Partial<Record<(typeof WINDOW_RATE_FIELDS)[number], number>> }[];
  /** Share of the traffic outside every window (at the entry's own rates). */
  outside: number;
  /** The profile the shares come from; null when the model has no windows. */
  profile: TimeProfile | null;
  /** The tier mix, null when standard only. */
  tiers: TierMix | null;
  /** Factor of each tier used, from the catalogue (standard 1). */
  tierFactors: Partial<Record<ServiceTier, number>>;
  /** T = Σ q_t × factor_t. */
  tierFactor: number;
  /** The catalogue's batch discount d, and d' = 1 − (1 − d) ÷ T that the kernel uses (both 0 without a batch API). */
  batchDiscount: number;
  effectiveBatchDiscount: number;
  /** The rates (per 1M) in force on the date, before the rules. */
  before: CatalogueModel;
}

/** The scenario-side context the rules need for one stage. */
export interface RuleContext {
  profile: TimeProfile;
  /** null: standard only. */
  tiers: TierMix | null;
}

const RATE_KEYS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'reasoning'] as const;

/**
 * The effective rates of a model for one stage: `prices` (the rates in force on the pricing date)
 * with its time windows averaged over the stage's traffic profile and its service-tier mix applied.
 * Returns the prices unchanged (same object) and `applied: null` when no rule concerns the model.
 * Throws nothing: a tier the model does not sell is checked when loading (`missingTiers`).
 */
export function applyProviderRules(prices: CatalogueModel, ctx: RuleContext): { prices: CatalogueModel; applied: RulesApplied | null } {
  const windows = prices.time_windows ?? [];
  const tierMix = ctx.tiers && Object.entries(ctx.tiers).some(([t, q]) => t !== 'standard' && (q ?? 0) > 0) ? ctx.tiers : null;
  if (windows.length === 0 && !tierMix) {
    if (prices.time_windows === undefined) return { prices, applied: null };
    const { time_windows: _drop, ...rest } = prices;
    return { prices: rest, applied: null };
  }
  const { time_windows: _w, ...out } = prices;
  const eff: CatalogueModel = { ...out };
  const applied: RulesApplied = {
    windows: [],
    outside: 1,
    profile: windows.length ? ctx.profile : null,
    tiers: tierMix,
    tierFactors: {},
    tierFactor: 1,
    batchDiscount: prices.batch_discount ?? 0,
    effectiveBatchDiscount: prices.batch_discount ?? 0,
    before: prices,
  };
  if (windows.length) {
    const weights = minuteWeights(ctx.profile);
    const shares = windows.map((w) => windowShare(w, weights, ctx.profile.weekdayShare));
    const inside = shares.reduce((a, b) => a + b, 0);
    applied.outside = 1 - inside;
    windows.forEach((w, i) => {
      const rates: RulesApplied['windows'][number]['rates'] = {};
      for (const f of WINDOW_RATE_FIELDS) if (w[f] !== undefined) rates[f] = w[f];
      applied.windows.push({ name: w.name, days: w.days ?? 'all', hours: [...w.hours], share: shares[i]!, rates });
    });
    for (const f of WINDOW_RATE_FIELDS) {
      const base = prices[f];
      if (base === undefined) continue;
      let r = (1 - inside) * base;
      windows.forEach((w, i) => (r += shares[i]! * (w[f] ?? base)));
      eff[f] = r;
    }
  }
  if (tierMix) {
    let T = 0;
    for (const t of SERVICE_TIER_NAMES) {
      const q = tierMix[t] ?? 0;
      if (q === 0) continue;
      const factor = t === 'standard' ? 1 : (prices.service_tiers?.[t]?.factor ?? 1);
      applied.tierFactors[t] = factor;
      T += q * factor;
    }
    applied.tierFactor = T;
    for (const k of RATE_KEYS) if (eff[k] !== undefined) eff[k] = eff[k]! * T;
    if (eff.long_context) {
      const lc = { ...eff.long_context };
      for (const k of RATE_KEYS) if (lc[k] !== undefined) lc[k] = lc[k]! * T;
      eff.long_context = lc;
    }
    // A model without a batch API (no batch_discount) keeps none: its batch_share calls are
    // ordinary calls, at the tier, and the estimate warns that batch_share saves nothing there.
    if (prices.batch_discount !== undefined) {
      const dEff = 1 - (1 - prices.batch_discount) / T;
      applied.effectiveBatchDiscount = dEff;
      eff.batch_discount = dEff;
    }
  }
  return { prices: eff, applied };
}

/** Tiers of the mix that the model's catalogue entry does not sell. */
export function missingTiers(prices: CatalogueModel, tiers: TierMix | null): ServiceTierName[] {
  if (!tiers) return [];
  const out: ServiceTierName[] = [];
  for (const t of ['flex', 'priority'] as const) if ((tiers[t] ?? 0) > 0 && !prices.service_tiers?.[t]) out.push(t);
  return out;
}

/**
 * Is this a model whose provider bills 1-hour cache writes at their own rate (Claude: 2× input,
 * directly and on Bedrock and Vertex)? Such an entry without `cache_write_1h` must not silently
 * price 1-hour writes at the 5-minute rate (docs/cost-model.md, "Provider rules").
 */
export function billsOneHourWritesApart(provider: string, id: string): boolean {
  return provider === 'anthropic' || /claude/i.test(id);
}

/** One-line description of the rules applied, for warnings-free summaries (`pricing show`, report). */
export function describeTierMix(tiers: TierMix): string {
  return SERVICE_TIER_NAMES.filter((t) => (tiers[t] ?? 0) > 0)
    .map((t) => `${t} ${+(100 * tiers[t]!).toFixed(6)}%`)
    .join(', ');
}
