/** Plausibility checks on a catalogue beyond its shape: things that are legal but probably wrong. Pure. */
import { DATED_RATE_FIELDS, type Catalogue, type CatalogueModel, type DatedPrice } from '../schema/catalogue.js';
import { quoted } from '../util/excerpt.js';
import { billsOneHourWritesApart } from './provider-rules.js';

/** The token rates of the base entry or of one dated price. */
type RateSet = Pick<CatalogueModel, (typeof DATED_RATE_FIELDS)[number]> | DatedPrice;

function sameRates(a: RateSet, b: RateSet): boolean {
  return DATED_RATE_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

/** Checks on one set of rates (the base rates, or a dated price). */
function rateChecks(m: RateSet, contextWindow: number | undefined, at: (k: string) => string, notes: CatalogueNote[]): void {
  if (m.cache_read !== undefined && m.cache_read > m.input) notes.push({ path: at('cache_read'), message: `cache_read (${m.cache_read}) is above input (${m.input}): caching would cost more than not caching` });
  if (m.cache_write_1h !== undefined && m.cache_write === undefined && m.cache_read === undefined) notes.push({ path: at('cache_write_1h'), message: 'cache_write_1h is set but the model has no cache_read, so caching never applies' });
  const lc = m.long_context;
  if (lc) {
    if (contextWindow !== undefined && lc.threshold >= contextWindow) notes.push({ path: at('long_context.threshold'), message: `threshold ${lc.threshold} is not below the context window ${contextWindow}, so it never applies` });
    for (const k of ['cache_read', 'cache_write', 'cache_write_1h', 'reasoning'] as const) {
      if (m[k] !== undefined && lc[k] === undefined) {
        const effect = k === 'cache_read' ? 'long calls get no prompt caching' : k === 'reasoning' ? 'long calls bill reasoning at the long-context output rate' : k === 'cache_write' ? 'long calls write the cache at the long-context input rate' : 'long calls write the 1-hour cache at the long-context cache_write rate';
        notes.push({ path: at(`long_context.${k}`), message: `the base rates have ${k} but long_context does not: ${effect} (spec §3: long-context rates replace all of them)` });
      }
    }
    if (lc.input < m.input || lc.output < m.output) notes.push({ path: at('long_context'), message: 'long-context rates are below the base rates' });
  }
}

export interface CatalogueNote {
  /** Dotted path inside the catalogue, e.g. `models.gpt-4o.cache_read`. */
  path: string;
  message: string;
}

export function checkCatalogue(c: Catalogue): CatalogueNote[] {
  const notes: CatalogueNote[] = [];
  const names = new Map<string, string>();
  for (const [id, m] of Object.entries(c.models)) {
    const at = (k: string) => `models.${id}${k ? `.${k}` : ''}`;
    for (const name of [id, ...(m.aliases ?? [])]) {
      const prev = names.get(name.toLowerCase());
      if (prev && prev !== id) notes.push({ path: at('aliases'), message: `${quoted(name)} also names ${prev} in this catalogue, so it is ambiguous` });
      names.set(name.toLowerCase(), id);
    }
    rateChecks(m, m.context_window, at, notes);
    if (billsOneHourWritesApart(c.provider, id) && m.cache_read !== undefined && m.cache_write_1h === undefined) {
      notes.push({ path: at('cache_write_1h'), message: `Claude bills 1-hour cache writes at 2× input (${+(2 * m.input).toPrecision(12)} here); without cache_write_1h a scenario with cache.ttl: 1h on this model is an error (docs/pricing-catalogue.md)` });
    }
    let prev: RateSet = m;
    (m.prices ?? []).forEach((d, i) => {
      const dat = (k: string) => `${at(`prices[${i}]`)}${k ? `.${k}` : ''}`;
      rateChecks(d, m.context_window, dat, notes);
      if (sameRates(prev, d)) notes.push({ path: dat('from'), message: `the price from ${d.from} restates the rates already in force, so it changes nothing` });
      prev = d;
    });
    if (m.tier === 'embedding' && m.output !== 0) notes.push({ path: at('output'), message: 'an embedding model normally has output: 0' });
  }
  return notes;
}
