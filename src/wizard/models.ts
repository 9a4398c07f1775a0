/** The models the wizard offers: searchable, with prices shown, and a sensible default. Pure. */
import type { PricedModel } from '../core/model.js';
import type { ModelRegistry } from '../core/registry.js';
import { unitPrice } from '../render/format.js';
import { SUGGESTED_PROVIDERS, type FeaturePreset } from './answers.js';

/** Models that can answer a request (embedding models cannot). */
export function answeringModels(registry: ModelRegistry): PricedModel[] {
  return registry
    .all()
    .filter((m) => m.prices.tier !== 'embedding')
    .sort((a, b) => a.ref.localeCompare(b.ref));
}

/**
 * The model suggested for a feature type, from whatever the catalogues hold (no names are built
 * in, so the suggestion follows the catalogues): not deprecated, of the preset's tier, from the
 * first of SUGGESTED_PROVIDERS that has one, the cheapest of those. Falls back to any tier, then
 * to deprecated models.
 */
export function defaultModel(preset: FeaturePreset, registry: ModelRegistry): PricedModel | undefined {
  const all = answeringModels(registry);
  const cost = (m: PricedModel) => m.prices.input + m.prices.output;
  const rank = (m: PricedModel) => {
    const i = SUGGESTED_PROVIDERS.indexOf(m.provider);
    return i < 0 ? SUGGESTED_PROVIDERS.length : i;
  };
  const best = (list: PricedModel[]) => [...list].sort((a, b) => rank(a) - rank(b) || cost(a) - cost(b) || a.ref.localeCompare(b.ref))[0];
  const current = all.filter((m) => m.prices.deprecated === undefined);
  return best(current.filter((m) => m.prices.tier === preset.preferredTier)) ?? best(current) ?? best(all);
}

/** `in $0.40 · out $1.60 · cache $0.10` (per 1M tokens). */
export function priceLine(m: PricedModel): string {
  const p = m.prices;
  const cur = m.catalogue.currency;
  const parts = [`in ${unitPrice(p.input, cur)}`, `out ${unitPrice(p.output, cur)}`];
  if (p.cache_read !== undefined) parts.push(`cache ${unitPrice(p.cache_read, cur)}`);
  if (p.batch_discount !== undefined) parts.push(`batch −${Math.round(p.batch_discount * 100)}%`);
  return parts.join(' · ');
}

export interface ModelChoice {
  value: string;
  name: string;
  short: string;
  description: string;
}

export function modelChoice(m: PricedModel, width: number): ModelChoice {
  const p = m.prices;
  const facts = [
    p.deprecated ? `deprecated: shuts down ${p.deprecated.shutdown}${p.deprecated.replacement ? `, use ${p.deprecated.replacement}` : ''}` : undefined,
    p.tier,
    p.context_window ? `${Math.round(p.context_window / 1000)}K context` : undefined,
    `${m.catalogue.file}, as of ${m.catalogue.as_of}`,
  ];
  return {
    value: m.ref,
    name: `${m.ref.padEnd(width)}  ${priceLine(m)}${p.deprecated ? '  (deprecated)' : ''}`,
    short: m.ref,
    description: `${facts.filter(Boolean).join(' · ')} — prices per 1M tokens`,
  };
}

/**
 * Models matching what the user typed: every word must appear in the ref, an alias or the tier.
 * With nothing typed, `first` comes first (Enter accepts it).
 */
export function searchModels(models: readonly PricedModel[], term: string | undefined, first?: string): PricedModel[] {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const hay = (m: PricedModel) => [m.ref, ...(m.prices.aliases ?? []), m.prices.tier ?? ''].join(' ').toLowerCase();
  const found = models.filter((m) => words.every((w) => hay(m).includes(w)));
  const score = (m: PricedModel) => (m.ref === first && words.length === 0 ? -2 : words.length && (m.id.toLowerCase().startsWith(words[0]!) || m.ref.toLowerCase().startsWith(words[0]!)) ? -1 : 0);
  return found.sort((a, b) => score(a) - score(b) || a.ref.localeCompare(b.ref));
}
