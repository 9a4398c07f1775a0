/** The what-if page's payload in Node, for tests of its controls: the views and a model resolver over its embedded catalogues. */
import fc from 'fast-check';
import { reportPayload } from '../../src/commands/report.js';
import { ModelRegistry, type LoadedCatalogue } from '../../src/core/registry.js';
import type { Control } from '../../src/report/controls.js';

export function pagePayload(file: string, asOf: string, variant: string | null = null) {
  const p = reportPayload(file, { asOf, ...(variant ? { variant } : {}) });
  const registry = new ModelRegistry(p.catalogues as unknown as LoadedCatalogue[], asOf);
  const resolve = (ref: string) => {
    const r = registry.resolve(ref);
    if (!r.ok) throw new Error(r.message);
    return r.model;
  };
  return { p, view: p.views[0]!, resolve };
}

/** A random value for each control the reader can move (a model from its options; shares up to 60%). */
export function controlValues(controls: readonly Control[], requiredKeys: string[] = []) {
  return fc.record(
    Object.fromEntries(
      controls.map((c) => [
        c.id,
        c.kind === 'model' ? fc.constantFrom(...c.options!)
        : c.kind === 'share' ? fc.integer({ min: 0, max: 60 }).map((x) => x / 100)
        : c.kind === 'rate' ? fc.integer({ min: 0, max: 100 }).map((x) => x / 100)
        : c.kind === 'steps' ? fc.integer({ min: 1, max: 40 })
        : fc.integer({ min: 0, max: c.sliderMax }),
      ]),
    ),
    { requiredKeys },
  );
}
