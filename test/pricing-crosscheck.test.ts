/**
 * Every bundled price that @pydantic/genai-prices also knows must equal its value, unless the
 * difference is recorded, with a reason, in pricing/sync/deliberate-differences.yaml.
 *
 * The reference values come from genai-prices itself: `calcPrice` matches the name and resolves
 * conditional prices at an instant, so this does not reuse the sync script's own lookup or mapping.
 * Dated prices are checked on every date that matters: `prices_at`, and for each of the model's
 * dated prices the day it starts and the day before (our side resolved by src/core/prices-at.ts,
 * theirs by calcPrice at that day's `prices_at` time of day).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DIFFERENCES_FILE, loadModelsConfig } from '../scripts/pricing-sync.mjs';
import { ROOT, tokenCatalogues, type RawCatalogue } from './helpers/pricing.js';
import { addDays } from '../src/core/dates.js';
import { pricesAt } from '../src/core/prices-at.js';
import type { CatalogueModel } from '../src/schema/catalogue.js';

type Value = number | Record<string, number> | null;
interface Difference {
  model: string;
  name: string;
  field: string;
  ours: Value;
  genai_prices: Value;
}
interface Recorded {
  model: string;
  name?: string;
  field: string;
  ours: Value;
  genai_prices: Value;
  reason: string;
}

const FIELDS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h'] as const;
const GENAI_KEYS: Record<(typeof FIELDS)[number], string> = {
  input: 'input_mtok',
  output: 'output_mtok',
  cache_read: 'cache_read_mtok',
  cache_write: 'cache_write_mtok',
  cache_write_1h: 'cache_write_1h_mtok',
};

const config = loadModelsConfig();
const recorded = ((parse(readFileSync(join(ROOT, DIFFERENCES_FILE), 'utf8')) as { differences?: Recorded[] } | null)?.differences ?? []) as Recorded[];
const catalogues = tokenCatalogues();

type Rates = Partial<Record<(typeof FIELDS)[number], number>> & { long_context?: Record<string, number> };

/**
 * What genai-prices charges, in catalogue terms. A price it does not list costs nothing for input
 * and output (an embedding model has no output rate); a tier applies its price to the whole call once
 * input exceeds `start`, and a flat rate stays flat for long calls too.
 */
function genaiRates(price: Record<string, unknown>): Rates {
  const rates: Rates = {};
  let threshold: number | undefined;
  const long: Record<string, number> = {};
  for (const f of FIELDS) {
    const v = price[GENAI_KEYS[f]];
    if (typeof v === 'number') rates[f] = v;
    else if (v && typeof v === 'object') {
      const t = v as { base: number; tiers: { start: number; price: number }[] };
      rates[f] = t.base;
      if (t.tiers.length !== 1) throw new Error(`unexpected ${t.tiers.length} tiers`);
      threshold = t.tiers[0]!.start;
      long[f] = t.tiers[0]!.price;
    }
  }
  rates.input ??= 0;
  rates.output ??= 0;
  if (threshold !== undefined) {
    rates.long_context = { threshold };
    for (const f of FIELDS) if (rates[f] !== undefined && price[GENAI_KEYS[f]] !== undefined) rates.long_context[f] = long[f] ?? rates[f]!;
  }
  return rates;
}

function ourRates(m: Record<string, unknown>): Rates {
  const rates: Rates = {};
  for (const f of FIELDS) if (typeof m[f] === 'number') rates[f] = m[f] as number;
  if (m.long_context) rates.long_context = m.long_context as Record<string, number>;
  return rates;
}

function compare(model: string, name: string, ours: Rates, theirs: Rates): Difference[] {
  const out: Difference[] = [];
  for (const f of [...FIELDS, 'long_context'] as const) {
    const a = (ours[f] ?? null) as Value;
    const b = (theirs[f] ?? null) as Value;
    if (!isDeepStrictEqual(a, b)) out.push({ model, name, field: f, ours: a, genai_prices: b });
  }
  return out;
}

/** The names genai-prices is asked about: the upstream id from models.yaml, our id, our aliases. */
function probes(provider: string, id: string, m: { aliases?: string[] }): string[] {
  const upstream = config.providers[provider]?.models[id]?.upstream;
  return [...new Set([...(upstream ? [upstream] : []), id, ...(m.aliases ?? [])])];
}

const pricesAtDay = config.pricesAt.toISOString().slice(0, 10);
const timeOfDay = config.pricesAt.toISOString().slice(10);

function reference(provider: string, name: string, day: string): Rates | null {
  const gp = config.providers[provider]!.genaiProvider;
  const r = calcPrice({ input_tokens: 1000, output_tokens: 1000 }, name, { providerId: gp, timestamp: new Date(`${day}${timeOfDay}`) });
  return r ? genaiRates(r.model_price as Record<string, unknown>) : null;
}

/** The days compared: prices_at, and each dated price's first day and the day before it. */
function probeDays(m: { prices?: { from: string }[] }): string[] {
  const days = new Set([pricesAtDay]);
  for (const d of m.prices ?? []) {
    days.add(addDays(d.from, -1));
    days.add(d.from);
  }
  return [...days].sort();
}

function differencesOf(c: RawCatalogue, id: string, m: Record<string, unknown> & { aliases?: string[] }): { found: string[]; diffs: Difference[] } {
  const found: string[] = [];
  const diffs: Difference[] = [];
  for (const name of probes(c.data.provider, id, m)) {
    for (const day of probeDays(m as { prices?: { from: string }[] })) {
      const theirs = reference(c.data.provider, name, day);
      if (!theirs) continue;
      if (!found.includes(name)) found.push(name);
      const ours = ourRates(pricesAt(m as unknown as CatalogueModel, day).prices as Record<string, unknown>);
      for (const d of compare(`${c.data.provider}/${id}`, name, ours, theirs)) if (!diffs.some((x) => isDeepStrictEqual(x, d))) diffs.push(d);
    }
  }
  return { found, diffs };
}

const covers = (r: Recorded, d: Difference) =>
  r.model === d.model && r.field === d.field && (r.name === undefined || r.name === d.name) && isDeepStrictEqual(r.ours ?? null, d.ours) && isDeepStrictEqual(r.genai_prices ?? null, d.genai_prices);

const observed: Difference[] = [];
const unknownToGenai: string[] = [];
for (const c of catalogues) {
  for (const [id, m] of Object.entries(c.data.models)) {
    const { found, diffs } = differencesOf(c, id, m);
    observed.push(...diffs);
    if (found.length === 0 && config.providers[c.data.provider]?.models[id]?.upstream !== null) unknownToGenai.push(`${c.data.provider}/${id}`);
  }
}

describe('bundled prices against @pydantic/genai-prices', () => {
  it('genai-prices prices every bundled model that models.yaml says it knows', () => {
    expect(unknownToGenai).toEqual([]);
  });

  it('every bundled price genai-prices also knows equals its value, unless recorded as a deliberate difference', () => {
    const unrecorded = observed.filter((d) => !recorded.some((r) => covers(r, d)));
    expect(unrecorded).toEqual([]);
  });

  it('every recorded deliberate difference still occurs and says why', () => {
    const stale = recorded.filter((r) => !observed.some((d) => covers(r, d)));
    expect(stale).toEqual([]);
    for (const r of recorded) expect(typeof r.reason === 'string' && r.reason.trim().length > 20, `${r.model} ${r.field}: reason`).toBe(true);
  });

  it('compares dated prices on the day they start and the day before', () => {
    const google = catalogues.find((c) => c.data.provider === 'google')!;
    const gemini = google.data.models['gemini-3.6-flash']!;
    expect(probeDays(gemini as { prices?: { from: string }[] })).toEqual([pricesAtDay, '2026-12-31', '2027-01-01'].sort());
    // a dated price moved by one day is caught: on 2026-12-31 genai-prices still charges 0.75
    const early = { ...gemini, prices: [{ ...(gemini as { prices: { from: string }[] }).prices[0]!, from: '2026-12-31' }] };
    const { diffs } = differencesOf(google, 'gemini-3.6-flash', early);
    expect(diffs).toContainEqual({ model: 'google/gemini-3.6-flash', name: 'gemini-3.6-flash', field: 'input', ours: 1.5, genai_prices: 0.75 });
  });

  it('catches a price that differs from genai-prices (the check is not vacuous)', () => {
    const openai = catalogues.find((c) => c.data.provider === 'openai')!;
    const model = { ...openai.data.models['gpt-5.4']!, input: 2.6 };
    const { found, diffs } = differencesOf(openai, 'gpt-5.4', model);
    expect(found).toContain('gpt-5.4');
    expect(diffs).toEqual([{ model: 'openai/gpt-5.4', name: 'gpt-5.4', field: 'input', ours: 2.6, genai_prices: 2.5 }]);
    expect(diffs.filter((d) => !recorded.some((r) => covers(r, d)))).toHaveLength(1);
  });
});
