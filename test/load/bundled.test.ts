import { describe, expect, it } from 'vitest';
import { bundledCatalogues, readBundledCatalogues } from '../../src/load/catalogues.js';
import { ModelRegistry } from '../../src/core/registry.js';

describe('bundled catalogues', () => {
  it('the build snapshot (when used) equals the YAML read and validated now', () => {
    expect(bundledCatalogues()).toEqual(readBundledCatalogues().snapshot.catalogues);
  });
  it('a retired model name is an error that says when and what replaces it', () => {
    const reg = new ModelRegistry(bundledCatalogues(), '2026-11-23');
    const r = reg.resolve('o4-mini');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^model "o4-mini" was shut down by openai on 2026-10-23/);
      expect(r.fix).toMatch(/use "gpt-5.6-terra"/);
    }
    // before its shutdown date it is not "was shut down" but retired: the catalogue no longer prices it (boundary: the shutdown day itself)
    const early = new ModelRegistry(bundledCatalogues(), '2026-10-22').resolve('o4-mini');
    expect(!early.ok && early.message).toMatch(/^model "o4-mini" is retired: openai shuts it down on 2026-10-23.*, and the catalogue no longer prices it$/);
    const on = new ModelRegistry(bundledCatalogues(), '2026-10-23').resolve('o4-mini');
    expect(!on.ok && on.message).toMatch(/^model "o4-mini" was shut down by openai on 2026-10-23/);
  });
  it('a deprecated model is refused from its shutdown date on (resolveInService), and still priced the day before', () => {
    // openai/gpt-5-mini: deprecated, shutdown 2026-12-11, replacement gpt-5.6-terra (pricing/openai.yaml)
    const before = new ModelRegistry(bundledCatalogues(), '2026-12-10').resolveInService('gpt-5-mini');
    expect(before.ok && before.model.ref).toBe('openai/gpt-5-mini');
    const on = new ModelRegistry(bundledCatalogues(), '2026-12-11');
    const r = on.resolveInService('gpt-5-mini');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^model "gpt-5-mini" \(openai\/gpt-5-mini\) is shut down: openai shut it down on 2026-12-11, on or before the pricing date 2026-12-11/);
      expect(r.fix).toMatch(/use "gpt-5.6-terra", or price an earlier date with --as-of$/);
      expect(r.candidates).toEqual(['gpt-5.6-terra']);
    }
    // usage billed before the shutdown is still priced (actuals resolve with resolve)
    expect(on.resolve('gpt-5-mini').ok).toBe(true);
  });
  it('bare first-party ids resolve to the provider itself, never to a reseller', () => {
    const reg = new ModelRegistry(bundledCatalogues(), '2026-11-23');
    for (const [name, ref] of [['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'], ['claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5'], ['gpt-5.4', 'openai/gpt-5.4'], ['gemini-2.5-flash-lite', 'google/gemini-2.5-flash-lite']]) {
      const r = reg.resolve(name!);
      expect(r.ok && r.model.ref).toBe(ref);
    }
  });
});
