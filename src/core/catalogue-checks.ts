/** Plausibility checks on a catalogue beyond its shape: things that are legal but probably wrong. Pure. */
import type { Catalogue } from '../schema/catalogue.js';
import { quoted } from '../util/excerpt.js';

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
    if (m.cache_read !== undefined && m.cache_read > m.input) notes.push({ path: at('cache_read'), message: `cache_read (${m.cache_read}) is above input (${m.input}): caching would cost more than not caching` });
    if (m.cache_write_1h !== undefined && m.cache_write === undefined && m.cache_read === undefined) notes.push({ path: at('cache_write_1h'), message: 'cache_write_1h is set but the model has no cache_read, so caching never applies' });
    if (m.tier === 'embedding' && m.output !== 0) notes.push({ path: at('output'), message: 'an embedding model normally has output: 0' });
    const lc = m.long_context;
    if (lc) {
      if (m.context_window !== undefined && lc.threshold >= m.context_window) notes.push({ path: at('long_context.threshold'), message: `threshold ${lc.threshold} is not below the context window ${m.context_window}, so it never applies` });
      for (const k of ['cache_read', 'cache_write', 'cache_write_1h', 'reasoning'] as const) {
        if (m[k] !== undefined && lc[k] === undefined) {
          const effect = k === 'cache_read' ? 'long calls get no prompt caching' : k === 'reasoning' ? 'long calls bill reasoning at the long-context output rate' : k === 'cache_write' ? 'long calls write the cache at the long-context input rate' : 'long calls write the 1-hour cache at the long-context cache_write rate';
          notes.push({ path: at(`long_context.${k}`), message: `the base rates have ${k} but long_context does not: ${effect} (spec §3: long-context rates replace all of them)` });
        }
      }
      if (lc.input < m.input || lc.output < m.output) notes.push({ path: at('long_context'), message: 'long-context rates are below the base rates' });
    }
  }
  return notes;
}
