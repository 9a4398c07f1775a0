/**
 * Where a catalogue and the @pydantic/genai-prices data disagree. Pure: the genai-prices provider
 * data is passed in (the command loads the installed package), so tests can use their own.
 *
 * Model lookup follows genai-prices itself: the first model of the provider whose `match` rule
 * accepts the id (then the provider's fallback providers, then the id with its date written
 * YYYY-MM-DD). Conditional prices: the last entry in force on `date` (no constraint, or a
 * start_date on or before it) is the list price; daily time windows (peak / off-peak) are
 * alternatives, and a bundled price equal to one of them agrees.
 */
import { pricesAt } from './prices-at.js';
import type { Catalogue, CatalogueModel } from '../schema/catalogue.js';
import type { LoadedCatalogue } from './registry.js';

// ---- the parts of the genai-prices data this reads ----------------------------------------

export type GenaiMatch =
  | { and: GenaiMatch[] }
  | { or: GenaiMatch[] }
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string };

export interface GenaiTiered {
  base: number;
  tiers: { start: number; price: number }[];
}

export type GenaiPrices = Record<string, number | GenaiTiered | undefined>;

export interface GenaiConditional {
  constraint?: { type: 'start_date'; start_date: string } | { type: 'time_of_date'; start_time: string; end_time: string };
  prices: GenaiPrices;
}

export interface GenaiModel {
  id: string;
  match: GenaiMatch;
  context_window?: number;
  deprecated?: boolean;
  prices: GenaiPrices | GenaiConditional[];
}

export interface GenaiProvider {
  id: string;
  name: string;
  models: GenaiModel[];
  fallback_model_providers?: string[];
}

/** Find a provider by id (genai-prices' `findProvider`). */
export type ProviderLookup = (id: string) => GenaiProvider | undefined;

// ---- the diff ------------------------------------------------------------------------------

/** Our field → the genai-prices price key. */
export const FIELD_KEYS = {
  input: 'input_mtok',
  output: 'output_mtok',
  cache_read: 'cache_read_mtok',
  cache_write: 'cache_write_mtok',
  cache_write_1h: 'cache_write_1h_mtok',
} as const;
type Field = keyof typeof FIELD_KEYS;

export type DiffStatus = 'differs' | 'only in genai-prices' | 'only in the catalogue' | 'deliberate';

export interface PriceDifference {
  /** provider/model as the catalogue names it. */
  model: string;
  /** genai-prices model id it was matched to. */
  genai_model: string;
  /** The name genai-prices was asked about: the configured upstream id, the model id or an alias. */
  asked: string;
  /** e.g. `input`, `long_context.input`, `long_context.threshold`, `context_window`. */
  field: string;
  catalogue: number | null;
  genai: number | null;
  /** Other genai-prices values in force at some times of day, with their window. */
  genai_alternatives: { value: number; when: string }[];
  status: DiffStatus;
  /** Why the catalogue differs on purpose (status `deliberate`), else null. */
  reason: string | null;
  catalogue_file: string;
}

/**
 * How `npm run pricing:sync` maps the bundled catalogues onto genai-prices
 * (pricing/sync/models.yaml): provider → genai-prices provider, model id → upstream id
 * (null: genai-prices does not know the model under another name).
 */
export interface SyncMap {
  providers: Record<string, { genai_provider?: string; models?: Record<string, { upstream?: string | null } | null> }>;
}

/** A difference recorded as deliberate (pricing/sync/deliberate-differences.yaml). */
export interface Deliberate {
  model: string;
  /** Only when genai-prices was asked under this name; absent = any name. */
  name?: string;
  /** A field, or `long_context` for the whole long-context block. */
  field: string;
  reason: string;
}

export interface DiffOptions {
  sync?: SyncMap;
  deliberate?: readonly Deliberate[];
}

export interface ProviderDiff {
  catalogue_file: string;
  provider: string;
  /** The genai-prices provider id, or null when genai-prices has no such provider. */
  genai_provider: string | null;
  models_compared: number;
  /** Catalogue models genai-prices does not know (hand-added, or under another name). */
  unmatched: string[];
  /** Current genai-prices models (not deprecated) the catalogue has no entry for. */
  not_in_catalogue: string[];
}

export interface PricingDiff {
  genai_version: string;
  date: string;
  providers: ProviderDiff[];
  differences: PriceDifference[];
  /** Differences not recorded as deliberate. */
  unexplained: number;
}

/** Provider ids of ours that genai-prices names differently. */
export const PROVIDER_ALIASES: Record<string, string> = {
  bedrock: 'aws',
  'aws-bedrock': 'aws',
  gemini: 'google',
  vertex: 'google',
  'google-vertex': 'google',
  'azure-openai': 'azure',
  xai: 'x-ai',
};

export function matches(rule: GenaiMatch, text: string): boolean {
  const t = text.toLowerCase();
  if ('or' in rule) return rule.or.some((r) => matches(r, text));
  if ('and' in rule) return rule.and.every((r) => matches(r, text));
  if ('equals' in rule) return t === rule.equals.toLowerCase();
  if ('starts_with' in rule) return t.startsWith(rule.starts_with.toLowerCase());
  if ('ends_with' in rule) return t.endsWith(rule.ends_with.toLowerCase());
  if ('contains' in rule) return t.includes(rule.contains.toLowerCase());
  if ('regex' in rule) return new RegExp(rule.regex).test(text);
  return false;
}

const DATED = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

export function findModel(provider: GenaiProvider, id: string, lookup: ProviderLookup): GenaiModel | undefined {
  const direct = (p: GenaiProvider, name: string, depth: number): GenaiModel | undefined => {
    const m = p.models.find((x) => matches(x.match, name));
    if (m || depth > 2) return m;
    for (const fb of p.fallback_model_providers ?? []) {
      const fp = lookup(fb);
      const r = fp ? direct(fp, name, depth + 1) : undefined;
      if (r) return r;
    }
    return undefined;
  };
  const withDate = id.replace(DATED, (all, dash: string, y: string, m: string, d: string) => `${dash}${y}-${m}-${d}`);
  return direct(provider, id, 0) ?? (withDate !== id ? direct(provider, withDate, 0) : undefined);
}

/** The list price in force on `date`, and the time-of-day alternatives. */
export function pricesOn(model: GenaiModel, date: string): { prices: GenaiPrices; alternatives: { prices: GenaiPrices; when: string }[] } {
  if (!Array.isArray(model.prices)) return { prices: model.prices, alternatives: [] };
  const list = model.prices;
  let primary = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i]!.constraint;
    if (c === undefined || (c.type === 'start_date' && c.start_date.slice(0, 10) <= date)) {
      primary = i;
      break;
    }
  }
  const base = primary >= 0 ? list[primary]!.prices : list[0]!.prices;
  const alternatives = list
    .slice(primary + 1)
    .flatMap((e) => (e.constraint?.type === 'time_of_date' ? [{ prices: e.prices, when: `${e.constraint.start_time.slice(0, 5)}–${e.constraint.end_time.slice(0, 5)} UTC` }] : []));
  return { prices: base, alternatives };
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const baseOf = (v: number | GenaiTiered | undefined) => (v === undefined ? null : typeof v === 'number' ? v : v.base);
const tierOf = (v: number | GenaiTiered | undefined) => (v !== undefined && typeof v === 'object' && v.tiers.length > 0 ? v.tiers[0]! : null);

function compareModel(ref: string, file: string, ours: CatalogueModel, theirs: GenaiModel, asked: string, date: string): PriceDifference[] {
  const out: PriceDifference[] = [];
  const { prices, alternatives } = pricesOn(theirs, date);
  const push = (field: string, mine: number | null, genai: number | null, alts: { value: number; when: string }[]) => {
    if (mine === null && genai === null) return;
    if (mine !== null && genai !== null && (same(mine, genai) || alts.some((a) => same(a.value, mine)))) return;
    // no output price for an embedding model is the same as output: 0
    if (field === 'output' && genai === null && mine === 0) return;
    const status: DiffStatus = mine === null ? 'only in genai-prices' : genai === null ? 'only in the catalogue' : 'differs';
    out.push({ model: ref, genai_model: theirs.id, asked, field, catalogue: mine, genai, genai_alternatives: alts, status, reason: null, catalogue_file: file });
  };
  const lc = ours.long_context;
  for (const [field, key] of Object.entries(FIELD_KEYS) as [Field, string][]) {
    const alts = alternatives.flatMap((a) => {
      const v = baseOf(a.prices[key]);
      return v === null ? [] : [{ value: v, when: a.when }];
    });
    // an absent cache_write_1h falls back to cache_write in our format: compare what is written
    push(field, ours[field] ?? null, baseOf(prices[key]), alts);
    const tier = tierOf(prices[key]);
    const lcValue = lc ? ((lc as Record<string, number | undefined>)[field] ?? null) : null;
    if (tier || lcValue !== null) push(`long_context.${field}`, lcValue, tier?.price ?? null, []);
  }
  const threshold = tierOf(prices.input_mtok)?.start ?? null;
  if (threshold !== null || lc) push('long_context.threshold', lc?.threshold ?? null, threshold, []);
  if (ours.context_window !== undefined && theirs.context_window !== undefined) push('context_window', ours.context_window, theirs.context_window, []);
  return out;
}

export interface CatalogueInput {
  file: string;
  catalogue: Catalogue;
}

/** A genai-prices model by exact id, in the provider or the providers it falls back to. */
function byId(provider: GenaiProvider, id: string, lookup: ProviderLookup): GenaiModel | undefined {
  const m = provider.models.find((x) => x.id === id);
  if (m) return m;
  for (const fb of provider.fallback_model_providers ?? []) {
    const r = lookup(fb)?.models.find((x) => x.id === id);
    if (r) return r;
  }
  return undefined;
}

export function diffCatalogues(
  catalogues: readonly (CatalogueInput | LoadedCatalogue)[],
  lookup: ProviderLookup,
  genaiVersion: string,
  date: string,
  opts: DiffOptions = {},
): PricingDiff {
  const providers: ProviderDiff[] = [];
  const differences: PriceDifference[] = [];
  for (const { file, catalogue } of catalogues) {
    const conf = opts.sync?.providers[catalogue.provider];
    const gpId = conf?.genai_provider ?? catalogue.provider;
    const gp = lookup(gpId) ?? (PROVIDER_ALIASES[gpId] ? lookup(PROVIDER_ALIASES[gpId]!) : undefined);
    const pd: ProviderDiff = { catalogue_file: file, provider: catalogue.provider, genai_provider: gp?.id ?? null, models_compared: 0, unmatched: [], not_in_catalogue: [] };
    providers.push(pd);
    if (!gp) continue;
    const used = new Set<string>();
    for (const [id, model] of Object.entries(catalogue.models)) {
      const ref = `${catalogue.provider}/${id}`;
      const upstream = conf?.models?.[id]?.upstream;
      let found: { m: GenaiModel; asked: string } | undefined;
      if (typeof upstream === 'string') {
        const m = byId(gp, upstream, lookup) ?? findModel(gp, upstream, lookup);
        if (m) found = { m, asked: upstream };
      } else {
        for (const name of [id, ...(model.aliases ?? [])]) {
          const m = findModel(gp, name, lookup);
          if (m) {
            found = { m, asked: name };
            break;
          }
        }
      }
      if (!found) {
        pd.unmatched.push(ref);
        continue;
      }
      used.add(found.m.id);
      pd.models_compared++;
      differences.push(...compareModel(ref, file, pricesAt(model, date).prices, found.m, found.asked, date));
    }
    // models the catalogue lists as retired are left out on purpose
    const ours = [...Object.entries(catalogue.models).flatMap(([id, m]) => [id, ...(m.aliases ?? [])]), ...Object.keys(catalogue.retired ?? {})];
    pd.not_in_catalogue = gp.models
      .filter((m) => !m.deprecated && !used.has(m.id) && !ours.some((o) => matches(m.match, o)))
      .map((m) => m.id)
      .sort();
  }
  for (const d of differences) {
    const why = (opts.deliberate ?? []).find(
      (e) => e.model === d.model && (e.field === d.field || (e.field === 'long_context' && d.field.startsWith('long_context.'))) && (e.name === undefined || e.name === d.asked),
    );
    if (why) {
      d.status = 'deliberate';
      d.reason = why.reason;
    }
  }
  return { genai_version: genaiVersion, date, providers, differences, unexplained: differences.filter((d) => d.status !== 'deliberate').length };
}
