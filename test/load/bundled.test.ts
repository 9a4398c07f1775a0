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
  });
  it('bare first-party ids resolve to the provider itself, never to a reseller', () => {
    const reg = new ModelRegistry(bundledCatalogues(), '2026-11-23');
    for (const [name, ref] of [['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'], ['claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5'], ['gpt-5.4', 'openai/gpt-5.4'], ['gemini-2.5-flash-lite', 'google/gemini-2.5-flash-lite']]) {
      const r = reg.resolve(name!);
      expect(r.ok && r.model.ref).toBe(ref);
    }
  });
});
