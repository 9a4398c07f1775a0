/**
 * Re-pricing actual tokens with the catalogue. Every price lookup goes through `ratesOn`, the
 * one place that decides which prices were in force on a day: the catalogue entry's rates on that
 * day, resolved by core/prices-at.ts `pricesAt` (its dated `prices:` schedule). Pure.
 */
import { TOKENS_PER_PRICE_UNIT, type PricedModel } from '../core/model.js';
import type { ModelRegistry } from '../core/registry.js';
import { pricesAt } from '../core/prices-at.js';
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

/**
 * The premium a service tier adds, as a factor on every rate; null when the catalogues do not
 * price that tier. HOOK (priority tier): the catalogue has no service-tier rates yet (they are
 * being added beside this change); until then a `priority` row is re-priced at standard rates and
 * the report says so (`tierUnpriced`). Batch is not a premium: it is the batch discount.
 */
export function tierPremium(_model: PricedModel, _day: string, tier: string | null): number | null {
  if (tier === null || tier === 'standard' || tier === 'batch' || tier === 'default' || tier === 'auto') return 1;
  return null;
}

/** Whether a row's tier is one the catalogues cannot price yet (the report notes it). */
export function tierUnpriced(model: PricedModel, day: string, served: Served): boolean {
  return tierPremium(model, day, served.tier) === null;
}

/**
 * The prices of `model` in force on `day` (YYYY-MM-DD): its catalogue entry resolved at that day;
 * for a long-context call (`served.longContext`) its `long_context` rates, which replace all the
 * base rates (spec §3), when the catalogue has them.
 */
export function ratesOn(model: PricedModel, day: string, served: Served = { longContext: false, tier: null }): ActualRates {
  const base = pricesAt(model.entry, day).prices;
  const lc = served.longContext ? base.long_context : undefined;
  const p = lc ? { ...lc, batch_discount: base.batch_discount } : base;
  const per = (x: number | undefined) => ((x ?? 0) / TOKENS_PER_PRICE_UNIT) * (tierPremium(model, day, served.tier) ?? 1);
  // the catalogue's absence rules (spec §3): no cache_read → input; no cache_write → input; no 1h → 5m; no reasoning → output
  const input = per(p.input);
  const write5m = p.cache_write === undefined ? input : per(p.cache_write);
  return {
    input,
    cache_read: p.cache_read === undefined ? input : per(p.cache_read),
    cache_write_5m: write5m,
    cache_write_1h: p.cache_write_1h === undefined ? write5m : per(p.cache_write_1h),
    output: per(p.output),
    reasoning: p.reasoning === undefined ? per(p.output) : per(p.reasoning),
    batchDiscount: p.batch_discount ?? 0,
    currency: model.catalogue.currency,
  };
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
