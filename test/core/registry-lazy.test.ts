/**
 * The registry prices a catalogue entry when a command first asks for it (core/registry.ts): it
 * answers every name exactly as a registry that priced every entry up front, at any pricing date
 * (dated prices included), and hands out one object per model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelRegistry, type LoadedCatalogue } from '../../src/core/registry.js';
import { pricesAt } from '../../src/core/prices-at.js';
import { bundledCatalogues } from '../../src/load/catalogues.js';

const catalogues: LoadedCatalogue[] = bundledCatalogues();

/** Every model priced up front, in catalogue order, later catalogues replacing earlier ones. */
function eager(cats: readonly LoadedCatalogue[], asOf: string) {
  const byRef = new Map<string, unknown>();
  for (const { file, catalogue } of cats) {
    const ref = { file, as_of: catalogue.as_of, source: catalogue.source, currency: catalogue.currency };
    for (const [id, entry] of Object.entries(catalogue.models)) {
      const key = `${catalogue.provider}/${id}`;
      const { prices, effectiveFrom } = pricesAt(entry, asOf);
      byRef.set(key, { ref: key, provider: catalogue.provider, id, prices, catalogue: ref, entry, effectiveFrom, pricedAsOf: asOf });
    }
  }
  return byRef;
}

const names = catalogues.flatMap(({ catalogue }) =>
  Object.entries(catalogue.models).flatMap(([id, e]) => [id, `${catalogue.provider}/${id}`, id.toUpperCase(), ...(e.aliases ?? []), ` ${id} `]),
);
const date = fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('the registry prices models on first use', () => {
  it('the bundled catalogues have dated prices to check (so the property below covers them)', () => {
    expect(catalogues.some(({ catalogue }) => Object.values(catalogue.models).some((e) => (e.prices?.length ?? 0) > 0))).toBe(true);
    expect(names.length).toBeGreaterThan(100);
  });

  it('lists every model as an up-front registry does, in the same order (property over dates)', () => {
    fc.assert(
      fc.property(date, (asOf) => {
        const all = new ModelRegistry(catalogues, asOf).all();
        expect(all).toEqual([...eager(catalogues, asOf).values()]);
      }),
      { numRuns: 20 },
    );
  });

  it('resolves any name, alias or misspelling as an up-front registry does, before and after all() (property)', () => {
    const misspelt = fc.constantFrom(...names).chain((n) => fc.integer({ min: 0, max: Math.max(0, n.length - 1) }).map((i) => n.slice(0, i) + n.slice(i + 1)));
    fc.assert(
      fc.property(date, fc.array(fc.oneof(fc.constantFrom(...names), misspelt), { minLength: 1, maxLength: 8 }), fc.boolean(), (asOf, asked, listFirst) => {
        const lazy = new ModelRegistry(catalogues, asOf);
        if (listFirst) lazy.all();
        const up = eager(catalogues, asOf);
        for (const name of asked) {
          const r = lazy.resolveInService(name);
          if (r.ok) expect(r.model).toEqual(up.get(r.model.ref));
          // the same object every time it is asked for
          if (r.ok) expect(lazy.resolve(r.model.ref)).toEqual({ ok: true, model: r.model });
          if (r.ok) expect((lazy.resolve(r.model.ref) as { model: unknown }).model).toBe(r.model);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('names each provider as all() does, in the same order, without pricing a model (any subset of catalogues)', () => {
    fc.assert(
      fc.property(fc.subarray(catalogues), date, (cats, asOf) => {
        const r = new ModelRegistry(cats, asOf);
        const providers = r.providers();
        expect((r as unknown as { priced: Map<string, unknown> }).priced.size).toBe(0);
        expect(providers).toEqual([...new Set(r.all().map((m) => m.provider))]);
      }),
      { numRuns: 50 },
    );
  });
});
