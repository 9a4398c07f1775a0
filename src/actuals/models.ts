/**
 * Canonical `provider/model` names for the model strings usage exports carry, through the
 * project's model registry (src/core/registry.ts). Pure: the registry is passed in.
 */
import type { ModelRegistry } from '../core/registry.js';

export interface CanonicalModel {
  provider: string | null;
  /** `provider/model` as the catalogues name it, or `provider/raw` (or the raw name) when none does. */
  model: string;
  /** The catalogues know it: it can be re-priced. */
  known: boolean;
}

/** Date stamps providers append to model ids: `-2024-08-06`, `-20250514`. */
const DATE_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;

/** Resolve a model name from an export; `providerHint` is the provider the source belongs to. */
export function canonicalModel(registry: ModelRegistry, raw: string, providerHint: string | null): CanonicalModel {
  const name = raw.trim();
  const tries = [name];
  if (providerHint && !name.includes('/')) tries.unshift(`${providerHint}/${name}`);
  const undated = name.replace(DATE_SUFFIX, '');
  if (undated !== name) {
    if (providerHint && !undated.includes('/')) tries.push(`${providerHint}/${undated}`);
    tries.push(undated);
  }
  for (const t of tries) {
    const r = registry.resolve(t);
    if (r.ok) return { provider: r.model.provider, model: r.model.ref, known: true };
  }
  const slash = name.indexOf('/');
  if (slash > 0) return { provider: name.slice(0, slash), model: name, known: false };
  return { provider: providerHint, model: providerHint ? `${providerHint}/${name}` : name, known: false };
}

/** A memo of `canonicalModel` for one import (exports repeat the same few names). */
export function modelResolver(registry: ModelRegistry): (raw: string, providerHint: string | null) => CanonicalModel {
  const memo = new Map<string, CanonicalModel>();
  return (raw, hint) => {
    const key = `${hint ?? ''}\u0000${raw}`;
    let m = memo.get(key);
    if (!m) memo.set(key, (m = canonicalModel(registry, raw, hint)));
    return m;
  };
}
