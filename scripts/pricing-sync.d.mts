/** Types for scripts/pricing-sync.mjs (used by the tests). */

export const MODELS_FILE: string;
export const SUPPLEMENTS_FILE: string;
export const DIFFERENCES_FILE: string;
export const GENERATED_MARK: string;

export interface SyncModelConfig {
  /** genai-prices id, or null when genai-prices does not know the model. */
  upstream: string | null;
  tier?: string;
}

export interface SyncProviderConfig {
  genaiProvider: string;
  pricingUrl: string;
  models: Record<string, SyncModelConfig>;
}

export interface SyncConfig {
  version: string;
  asOf: string;
  pricesAt: Date;
  providers: Record<string, SyncProviderConfig>;
}

export function loadModelsConfig(root?: string): SyncConfig;
export function tierFor(input: number): 'budget' | 'mid' | 'premium';
export function toRates(price: Record<string, unknown>, where: string): Record<string, unknown>;

/** Every bundled token catalogue as `{ 'pricing/<provider>.yaml': text }`. Writes nothing. */
export function generate(options?: { root?: string }): Record<string, string>;

export interface SyncSupplement {
  provider: string;
  models: string[];
  set: Record<string, unknown>;
  unset: string[];
  aliases: string[];
  note?: string;
  source: string;
  /** The date the entry was checked against its source. */
  asOf: string;
}

export function loadSupplements(config: SyncConfig, root?: string): SyncSupplement[];

/** genai-prices' price list as base rates (the earliest), dated prices and time-of-day windows. */
export function schedule(
  model: { prices: unknown },
  where: string,
): { base: Record<string, unknown>; dated: { from: string; prices: Record<string, unknown> }[]; windows: unknown[] };
