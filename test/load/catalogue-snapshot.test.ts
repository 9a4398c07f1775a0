/**
 * The build's catalogue snapshot (load/catalogue-snapshot.ts): each model's entry is parsed when
 * first read. It gives exactly the catalogues parsed from the YAML, and a registry over it answers
 * every name exactly as a registry over those does, while building only the entries it is asked for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/core/registry.js';
import { parseSnapshotText, snapshotText } from '../../src/load/catalogue-snapshot.js';
import { readBundledCatalogues } from '../../src/load/catalogues.js';

const { snapshot: parsed, json } = readBundledCatalogues();
/** A fresh lazy snapshot (nothing read yet). */
const lazy = () => parseSnapshotText(json)!;
/** Whether `models[id]` is still unread (an accessor, not yet a value). */
const unread = (models: object, id: string) => typeof Object.getOwnPropertyDescriptor(models, id)?.get === 'function';

const refs = parsed.catalogues.flatMap(({ catalogue }) => Object.keys(catalogue.models).map((id) => [catalogue.provider, id] as const));
const names = parsed.catalogues.flatMap(({ catalogue }) =>
  Object.entries(catalogue.models).flatMap(([id, e]) => [id, `${catalogue.provider}/${id}`, id.toUpperCase(), ...(e.aliases ?? [])]),
);

describe('the catalogue snapshot, each entry parsed on first read', () => {
  it('is ASCII, and gives the catalogues parsed from the YAML (keys in the same order)', () => {
    expect([...json].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    const s = lazy();
    expect(s).toEqual(parsed);
    expect(JSON.stringify(s)).toBe(JSON.stringify(parsed));
    expect(refs.length).toBeGreaterThan(100);
  });

  it('any model read first, alone, is the parsed entry, and leaves the others unread (property over every model id)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...refs), ([provider, id]) => {
        const s = lazy();
        const c = s.catalogues.find((x) => x.catalogue.provider === provider)!;
        const want = parsed.catalogues.find((x) => x.catalogue.provider === provider)!.catalogue.models[id];
        expect(unread(c.catalogue.models, id)).toBe(true);
        expect(c.catalogue.models[id]).toEqual(want);
        // read once: a plain property from then on, the same object
        expect(unread(c.catalogue.models, id)).toBe(false);
        expect(c.catalogue.models[id]).toBe(c.catalogue.models[id]);
        for (const other of Object.keys(c.catalogue.models)) if (other !== id) expect(unread(c.catalogue.models, other)).toBe(true);
      }),
      { numRuns: refs.length * 2 },
    );
  });

  it('a registry over it resolves any name or misspelling as one over the parsed catalogues, building only the entries it prices (property)', () => {
    const misspelt = fc.constantFrom(...names).chain((n) => fc.integer({ min: 0, max: Math.max(0, n.length - 1) }).map((i) => n.slice(0, i) + n.slice(i + 1)));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...names), misspelt), { minLength: 1, maxLength: 6 }), (asked) => {
        const s = lazy();
        const fromSnapshot = new ModelRegistry(s.catalogues, '2026-11-23');
        const fromYaml = new ModelRegistry(parsed.catalogues, '2026-11-23');
        const priced = new Set<string>();
        for (const name of asked) {
          expect(fromSnapshot.resolveInService(name)).toEqual(fromYaml.resolveInService(name));
          // (a model refused as shut down was found, and priced, first)
          const found = fromYaml.resolve(name);
          if (found.ok) priced.add(found.model.ref);
        }
        // no entry read but those of the models found: ids and aliases come from the first line
        const readRefs = s.catalogues.flatMap(({ catalogue }) => Object.keys(catalogue.models).filter((id) => !unread(catalogue.models, id)).map((id) => `${catalogue.provider}/${id}`));
        expect(readRefs.filter((r) => !priced.has(r))).toEqual([]);
        const read = s.catalogues.reduce((n, { catalogue }) => n + Object.keys(catalogue.models).filter((id) => !unread(catalogue.models, id)).length, 0);
        expect(read).toBeLessThanOrEqual(asked.length);
        expect(fromSnapshot.all()).toEqual(fromYaml.all());
      }),
      { numRuns: 60 },
    );
  });

  it('an entry can be replaced before it is read, and survives writing the snapshot again', () => {
    const s = lazy();
    const openai = s.catalogues.find((c) => c.catalogue.provider === 'openai')!;
    openai.catalogue.models['gpt-5.4'] = { ...openai.catalogue.models['gpt-5.5']!, input: 99 };
    const again = parseSnapshotText(snapshotText(s))!;
    expect(again.catalogues.find((c) => c.catalogue.provider === 'openai')!.catalogue.models['gpt-5.4']!.input).toBe(99);
    expect(again.catalogues.find((c) => c.catalogue.provider === 'anthropic')).toEqual(parsed.catalogues.find((c) => c.catalogue.provider === 'anthropic'));
  });

  it('is not taken in another layout: no first line, another format, or the older one-document JSON', () => {
    expect(parseSnapshotText(JSON.stringify(parsed))).toBeUndefined();
    expect(parseSnapshotText(json.replace('{"format":2,', '{"format":3,'))).toBeUndefined();
    expect(() => parseSnapshotText(`${JSON.stringify(parsed)}\n`)).not.toThrow();
    expect(parseSnapshotText(`${JSON.stringify(parsed)}\n`)).toBeUndefined();
  });
});
