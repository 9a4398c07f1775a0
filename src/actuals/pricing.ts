/**
 * Re-pricing actual tokens with the catalogue. Every price lookup goes through `ratesOn`, the
 * one place that decides which prices were in force on a day: today it returns the catalogue's
 * current prices. (When catalogues carry a dated `prices:` schedule, resolve the model's prices
 * at `day` here and nothing else changes.) Pure.
 */
import { TOKENS_PER_PRICE_UNIT, type PricedModel } from '../core/model.js';
import type { ModelRegistry } from '../core/registry.js';

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

/** The prices of `model` in force on `day` (YYYY-MM-DD). Today: the catalogue's current prices. */
export function ratesOn(model: PricedModel, day: string): ActualRates {
  void day; // dated prices plug in here
  const p = model.prices;
  const per = (x: number | undefined) => (x ?? 0) / TOKENS_PER_PRICE_UNIT;
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

export interface TokenSums {
  input: number;
  cache_read: number;
  cache_write_5m: number;
  cache_write_1h: number;
  output: number;
  reasoning: number;
}

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
