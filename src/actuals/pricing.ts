/**
 * Re-pricing actual tokens with the catalogue. Every price lookup goes through `ratesOn`, the
 * one place that decides which prices were in force on a day: the catalogue entry's rates on that
 * day, resolved by core/prices-at.ts `pricesAt` (its dated `prices:` schedule). Pure.
 */
import { TOKENS_PER_PRICE_UNIT, type PricedModel } from '../core/model.js';
import type { ModelRegistry } from '../core/registry.js';
import { pricesAt } from '../core/prices-at.js';
import { applyProviderRules, MINUTES_PER_DAY, minuteWeights, windowMinutes, type TimeProfile } from '../core/provider-rules.js';
import { WINDOW_RATE_FIELDS, type TimeWindow } from '../schema/catalogue.js';
import type { ActualTokens } from '../schema/actuals-report.js';

/** Per-token rates for the token columns of the store, and the batch discount. */
export interface ActualRates {
  input: number;
  cache_read: number;
  cache_write_5m: number;
  cache_write_1h: number;
  output: number;
  reasoning: number;
  batchDiscount: number;
  currency: string;
}

/** How the source says a row was served, where it says so. */
export interface Served {
  /** Anthropic's `context_window` band above the first ("200k-1M"): the call's input passed the long-context threshold. */
  longContext: boolean;
  /** The service tier the source names (`priority`, `standard`, `batch`, …), or null. */
  tier: string | null;
}

/** A `context_window` band whose lower bound is above zero ("200k-1M", not "0-200k") is long context. */
export function isLongContextBand(band: string): boolean {
  const lower = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*-/.exec(band);
  return lower !== null && Number(lower[1]) > 0;
}

/** What a stored row says about how it was served: the band from its `context_window=` tag, the tier from `service_tier`. */
export function servedOf(r: { tags: string | null; service_tier: string | null }): Served {
  const band = r.tags?.split(';').find((t) => t.startsWith('context_window='))?.slice('context_window='.length) ?? null;
  return { longContext: band !== null && isLongContextBand(band), tier: r.service_tier };
}

/** The catalogue's names for how a call was served: a tier it may price, or the batch API. */
export type CatalogueTier = 'standard' | 'flex' | 'priority' | 'batch';

/**
 * The sources' tier names, mapped to the catalogue's (docs/actuals.md, "Service tier"). Anthropic's
 * usage and cost reports say `standard`, `batch` or `priority`; OpenAI's Usage API says `default`,
 * `auto`, `flex`, `priority` or `scale` (`batch: true` is stored as `batch`). `auto` is what the
 * project's setting resolves to, `default` unless the project changed it, so it is read as
 * standard. Any other name (OpenAI's `scale`: reserved capacity billed by the unit, not the token)
 * has no catalogue tier: null.
 */
const TIER_NAMES: Readonly<Record<string, CatalogueTier>> = {
  standard: 'standard',
  default: 'standard',
  auto: 'standard',
  batch: 'batch',
  flex: 'flex',
  priority: 'priority',
};

/** The catalogue tier a source's tier name means; null tier (the source does not say) is standard; null when it has none. */
export function catalogueTierOf(tier: string | null): CatalogueTier | null {
  if (tier === null) return 'standard';
  return Object.hasOwn(TIER_NAMES, tier) ? TIER_NAMES[tier]! : null;
}

/**
 * The factor a service tier puts on every token rate of `model` on `day` (the estimate's semantics,
 * core/provider-rules.ts): standard 1; flex and priority their catalogue `service_tiers` factor,
 * long-context rates included; batch 1, since batch calls get the batch discount and are not also
 * tiered. null when the catalogue does not price that tier for the model (the report notes it and
 * re-prices at standard rates). Audio tokens are not re-priced, so no factor reaches them.
 */
export function tierPremium(model: PricedModel, day: string, tier: string | null): number | null {
  const t = catalogueTierOf(tier);
  if (t === null) return null;
  if (t === 'standard' || t === 'batch') return 1;
  return pricesAt(model.entry, day).prices.service_tiers?.[t]?.factor ?? null;
}

/** Whether a row's tier is one the catalogues cannot price for its model (the report notes it). */
export function tierUnpriced(model: PricedModel, day: string, served: Served): boolean {
  return tierPremium(model, day, served.tier) === null;
}

/** ISO weekday of a YYYY-MM-DD day: 1 Monday … 7 Sunday (UTC). */
function weekdayOf(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The entry's time windows in force on `day` that apply on that (UTC) day of the week. */
export function windowsOn(model: PricedModel, day: string): TimeWindow[] {
  const ws = pricesAt(model.entry, day).prices.time_windows ?? [];
  const weekday = weekdayOf(day) <= 5;
  return ws.filter((w) => {
    const days = w.days ?? 'all';
    return days === 'all' || (days === 'weekdays') === weekday;
  });
}

type RateField = (typeof WINDOW_RATE_FIELDS)[number];

/**
 * The prices of `model` in force on `day` (YYYY-MM-DD): its catalogue entry resolved at that day;
 * for a long-context call (`served.longContext`) its `long_context` rates, which replace all the
 * base rates (spec §3), when the catalogue has them. `window`: the rates of calls made inside
 * that time window (its listed rates replace the entry's); null: outside every window. The tier
 * factor applies after the window (windows set the standard rates of the hour).
 */
export function ratesOn(model: PricedModel, day: string, served: Served = { longContext: false, tier: null }, window: TimeWindow | null = null): ActualRates {
  const base = pricesAt(model.entry, day).prices;
  const lc = served.longContext ? base.long_context : undefined;
  let p: Partial<Record<RateField, number>> = lc ?? base;
  if (window && !lc) {
    p = { ...p };
    for (const f of WINDOW_RATE_FIELDS) if (window[f] !== undefined) p[f] = window[f];
  }
  return toRates(p, tierPremium(model, day, served.tier) ?? 1, base.batch_discount ?? 0, model.catalogue.currency);
}

/** Per-token rates from catalogue rates per 1M tokens, × `factor`, with the catalogue's absence rules (spec §3). */
function toRates(p: Partial<Record<RateField, number>>, factor: number, batchDiscount: number, currency: string): ActualRates {
  const per = (x: number | undefined) => ((x ?? 0) / TOKENS_PER_PRICE_UNIT) * factor;
  // no cache_read → input; no cache_write → input; no 1h → 5m; no reasoning → output
  const input = per(p.input);
  const write5m = p.cache_write === undefined ? input : per(p.cache_write);
  return {
    input,
    cache_read: p.cache_read === undefined ? input : per(p.cache_read),
    cache_write_5m: write5m,
    cache_write_1h: p.cache_write_1h === undefined ? write5m : per(p.cache_write_1h),
    output: per(p.output),
    reasoning: p.reasoning === undefined ? per(p.output) : per(p.reasoning),
    batchDiscount,
    currency,
  };
}

/**
 * The rates the estimate prices a stage's model at on `day`: the entry in force that day with the
 * stage's provider rules applied (windows averaged over its traffic profile, × its tier factor T;
 * `batchDiscount` the effective d' = 1 − (1 − d) ÷ T). A model without rules: `ratesOn`.
 */
export function estimateRatesOn(model: PricedModel, day: string): ActualRates {
  if (!model.rules) return ratesOn(model, day);
  const p = applyProviderRules(pricesAt(model.entry, day).prices, model.rules).prices;
  return toRates(p, 1, p.batch_discount ?? 0, model.catalogue.currency);
}

const PER_TOKEN = ['input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning'] as const;

/** Share of a day's calls inside each window: by its minutes (calls even over the UTC day), or by the profile's minute weights. */
function windowShares(ws: readonly TimeWindow[], profile: TimeProfile | null): number[] {
  if (!profile) return ws.map((w) => windowMinutes(w.hours).reduce((a, b) => a + b, 0) / MINUTES_PER_DAY);
  const weights = minuteWeights(profile);
  return ws.map((w) => {
    const on = windowMinutes(w.hours);
    let s = 0;
    for (let t = 0; t < MINUTES_PER_DAY; t++) if (on[t]) s += weights[t]!;
    return s;
  });
}

/**
 * A day of a time-windowed model, when the hour of its calls is unknown (the aggregate is daily):
 * each rate's lowest and highest value over "outside every window" and each window that applies
 * that day. Every call pays one of those, so the day's cost lies between the tokens priced at
 * `low` and at `high`; for windows that move every rate the same way (DeepSeek's peak doubles
 * them all) that is exactly "no call in the windows" against "every call in them". `flat`: the
 * point between them, each window's rates weighted by its share of the day's calls: calls spread
 * evenly over the UTC day (the report's re-priced totals), or, given a scenario's `profile`, by
 * its hour-of-day weights (`actuals compare`; the day is known, so its weekday share plays no
 * part: a weekday window has the profile's share of a weekday's calls, and no share on a
 * weekend). null when no window applies on that day (or the row is long context, which windows
 * do not price).
 */
export function windowBounds(model: PricedModel, day: string, served: Served = { longContext: false, tier: null }, profile: TimeProfile | null = null): { low: ActualRates; high: ActualRates; flat: ActualRates; windows: string[] } | null {
  const ws = windowsOn(model, day);
  if (ws.length === 0 || (served.longContext && pricesAt(model.entry, day).prices.long_context)) return null;
  const outside = ratesOn(model, day, served, null);
  const each = ws.map((w) => ratesOn(model, day, served, w));
  const low = { ...outside };
  const high = { ...outside };
  const flat = { ...outside };
  const shares = windowShares(ws, profile);
  const inside = shares.reduce((a, b) => a + b, 0);
  for (const k of PER_TOKEN) {
    low[k] = Math.min(outside[k], ...each.map((r) => r[k]));
    high[k] = Math.max(outside[k], ...each.map((r) => r[k]));
    flat[k] = (1 - inside) * outside[k] + each.reduce((a, r, i) => a + shares[i]! * r[k], 0);
  }
  return { low, high, flat, windows: ws.map((w) => w.name) };
}

/** The token columns that rates price (audio tokens are stored, not re-priced). */
export type TokenSums = Omit<ActualTokens, 'audio'>;

/** What these tokens cost at these rates (batch-tier tokens at the batch discount). */
export function costOf(t: TokenSums, r: ActualRates, batch: boolean): number {
  const full = t.input * r.input + t.cache_read * r.cache_read + t.cache_write_5m * r.cache_write_5m + t.cache_write_1h * r.cache_write_1h + t.output * r.output + t.reasoning * r.reasoning;
  return batch ? full * (1 - r.batchDiscount) : full;
}

/** A pricer over the registry: the model behind a canonical name, or null when no catalogue prices it. */
export function pricer(registry: ModelRegistry): (model: string | null) => PricedModel | null {
  const memo = new Map<string, PricedModel | null>();
  return (model) => {
    if (!model) return null;
    let m = memo.get(model);
    if (m === undefined) {
      const r = registry.resolve(model);
      memo.set(model, (m = r.ok ? r.model : null));
    }
    return m;
  };
}
