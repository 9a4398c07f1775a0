/**
 * FOCUS rows say what was charged (ServiceName, SkuId, ChargeDescription, ResourceId) in the
 * provider's words, not which model and token kind. This maps each distinct combination once:
 * the model is the longest catalogue model name (or alias) found in those fields; the token kind
 * comes from the words input / output / cache read / cache write; ConsumedUnit gives the scale
 * ("Tokens", "1K tokens", "1M tokens"). Rows of other services are left out of the store. Pure.
 */
import type { ModelRegistry } from '../core/registry.js';
import { tagString } from './rows.js';

export type TokenKind = 'input' | 'output' | 'cache_read' | 'cache_write_5m' | 'cache_write_1h' | 'other';

export interface FocusMapping {
  provider: string | null;
  model: string | null;
  model_raw: string | null;
  kind: TokenKind;
  /** Tokens per ConsumedQuantity unit (0 when the unit is not tokens). */
  scale: number;
  /** The row is an AI model charge (kept in the store). */
  ai: boolean;
}

const AI_SERVICE = /bedrock|openai|anthropic|claude|vertex ai|gemini|generative|foundry|azure ai|cognitive services|mistral|deepseek/i;

export function tokenKind(text: string): TokenKind {
  const t = text.toLowerCase();
  if (/cache[ _-]?(read|hit)|cached[ _-]?input/.test(t)) return 'cache_read';
  if (/cache[ _-]?(write|creation)/.test(t)) return /1h|1-hour|one hour/.test(t) ? 'cache_write_1h' : 'cache_write_5m';
  if (/output|completion|response[ _-]?tokens/.test(t)) return 'output';
  if (/input|prompt/.test(t)) return 'input';
  return 'other';
}

export function tokenScale(unit: string | null): number {
  const u = (unit ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  const m = /^(\d+(?:\.\d+)?)?\s*(k|m|thousand|million)?\s*tokens?$/.exec(u);
  if (!m) return 0;
  const n = m[1] ? Number(m[1]) : 1;
  const mult = m[2] === 'k' || m[2] === 'thousand' ? 1e3 : m[2] === 'm' || m[2] === 'million' ? 1e6 : 1;
  return n * mult;
}

/** A matcher for the catalogue's model names inside free text, longest name first. */
export function modelFinder(registry: ModelRegistry): (text: string) => { provider: string; model: string; name: string } | null {
  const names: { name: string; provider: string; model: string }[] = [];
  for (const m of registry.all()) {
    for (const n of [m.id, ...(m.prices.aliases ?? [])]) names.push({ name: n.toLowerCase(), provider: m.provider, model: m.ref });
  }
  names.sort((a, b) => b.name.length - a.name.length);
  return (text) => {
    const t = text.toLowerCase();
    for (const n of names) {
      const i = t.indexOf(n.name);
      if (i === -1) continue;
      const after = t[i + n.name.length];
      // "gpt-4o" must not match inside "gpt-4o-mini"
      if (after !== undefined && /[a-z0-9.]/.test(after) && !/^[-:]v?\d/.test(t.slice(i + n.name.length))) continue;
      return n;
    }
    return null;
  };
}

export function mapFocusRow(find: ReturnType<typeof modelFinder>, r: Record<string, string | null>): FocusMapping {
  const words = [r.ResourceName, r.ResourceId, r.ChargeDescription, r.SkuId].filter((x): x is string => !!x).join(' | ');
  const hit = find(words);
  const ai = hit !== null || AI_SERVICE.test(r.ServiceName ?? '');
  const kind = tokenKind(`${r.ChargeDescription ?? ''} ${r.SkuId ?? ''} ${r.ConsumedUnit ?? ''}`);
  return {
    provider: hit?.provider ?? (r.ProviderName ? r.ProviderName.toLowerCase() : null),
    model: hit?.model ?? null,
    model_raw: r.ResourceName ?? r.ResourceId ?? r.SkuId ?? null,
    kind,
    scale: kind === 'other' ? 0 : tokenScale(r.ConsumedUnit ?? null),
    ai,
  };
}

/** FOCUS `Tags` (a JSON object) as the store's tag string; malformed tags are kept out, not guessed. */
export function focusTags(json: string | null): string | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const flat: Record<string, string> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') flat[k] = String(x);
    return tagString(flat);
  } catch {
    return null;
  }
}
