/** The bundled token catalogues (`pricing/*.yaml` with `models:`): format, prices and unambiguous names. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogue } from '../src/core/catalogue-checks.js';
import { catalogueSchema } from '../src/schema/catalogue.js';
import { tokenCatalogues } from './helpers/pricing.js';

const catalogues = tokenCatalogues();

describe('bundled token catalogues', () => {
  it('are the seven provider catalogues, each file named after its provider', () => {
    expect(catalogues.map((c) => c.data.provider)).toEqual(['anthropic', 'azure', 'bedrock', 'deepseek', 'google', 'mistral', 'openai']);
    for (const c of catalogues) expect(basename(c.file, '.yaml')).toBe(c.data.provider);
  });

  it('treat only files with a top-level models: key as token catalogues', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-pricing-'));
    writeFileSync(join(dir, 'acme.yaml'), 'version: 1\nprovider: acme\ncurrency: USD\nas_of: 2026-01-01\nsource: test\nmodels:\n  m: { input: 1, output: 2 }\n');
    writeFileSync(join(dir, 'gpus.yaml'), 'version: 1\ngpus:\n  h100: { hourly: 2.5 }\n');
    writeFileSync(join(dir, 'seats.yaml'), '# models: is only mentioned in a comment here\nplans:\n  - { name: team, per_user: 30 }\n');
    expect(tokenCatalogues(dir).map((c) => c.file)).toEqual(['pricing/acme.yaml']);
  });

  it.each(catalogues.map((c) => [c.file, c] as const))('%s validates against catalogueSchema', (_file, c) => {
    const parsed = catalogueSchema.safeParse(c.data);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('give every model a numeric input and output price', () => {
    const missing: string[] = [];
    for (const c of catalogues) {
      for (const [id, m] of Object.entries(c.data.models)) {
        if (typeof m.input !== 'number' || !Number.isFinite(m.input)) missing.push(`${c.data.provider}/${id}: input`);
        if (typeof m.output !== 'number' || !Number.isFinite(m.output)) missing.push(`${c.data.provider}/${id}: output`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('price cache reads below input wherever a model has them (base and long-context rates)', () => {
    const bad: string[] = [];
    for (const c of catalogues) {
      for (const [id, m] of Object.entries(c.data.models)) {
        for (const [where, rates] of [['', m], ['long_context.', m.long_context]] as const) {
          const r = rates as { input?: number; cache_read?: number } | undefined;
          if (r?.cache_read !== undefined && !(r.cache_read < (r.input ?? Number.NaN))) bad.push(`${c.data.provider}/${id}: ${where}cache_read ${r.cache_read} ≥ ${where}input ${r.input}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('never use one bare id or alias for models of two providers', () => {
    const owners = new Map<string, Set<string>>();
    for (const c of catalogues) {
      for (const [id, m] of Object.entries(c.data.models)) {
        for (const name of [id, ...(m.aliases ?? [])]) {
          const key = name.toLowerCase(); // the resolver matches names case-insensitively
          if (!owners.has(key)) owners.set(key, new Set());
          owners.get(key)!.add(`${c.data.provider}/${id}`);
        }
      }
    }
    const shared = [...owners].filter(([, refs]) => new Set([...refs].map((r) => r.split('/')[0])).size > 1).map(([name, refs]) => `${name}: ${[...refs].join(', ')}`);
    expect(shared).toEqual([]);
  });

  it.each(catalogues.map((c) => [c.file, c] as const))('%s passes the plausibility checks of `pricing validate` (no name used twice, caching consistent)', (_file, c) => {
    const parsed = catalogueSchema.parse(c.data);
    expect(checkCatalogue(parsed)).toEqual([]);
  });
});
