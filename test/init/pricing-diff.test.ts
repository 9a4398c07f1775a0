/** `aifinops pricing diff`: catalogues against the @pydantic/genai-prices data. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCatalogues, findModel, matches, pricesOn, type GenaiProvider } from '../../src/core/pricing-diff.js';
import type { Catalogue } from '../../src/schema/catalogue.js';
import { ROOT, runCli } from '../helpers/cli.js';

const FIXTURE = 'test/fixtures/pricing-diff/anthropic.yaml';

const providers: Record<string, GenaiProvider> = {
  acme: {
    id: 'acme',
    name: 'Acme',
    fallback_model_providers: ['parent'],
    models: [
      { id: 'acme-chat', match: { or: [{ starts_with: 'acme-chat' }, { equals: 'chatty' }] }, context_window: 1000, prices: { input_mtok: 1, output_mtok: 4, cache_read_mtok: 0.1 } },
      {
        id: 'acme-long',
        match: { and: [{ starts_with: 'acme-long' }, { regex: '^(?!.*-tts)' }] },
        prices: { input_mtok: { base: 2, tiers: [{ start: 100000, price: 4 }] }, output_mtok: { base: 8, tiers: [{ start: 100000, price: 12 }] } },
      },
      {
        id: 'acme-dated',
        match: { equals: 'acme-dated-2025-01-31' },
        prices: [
          { prices: { input_mtok: 1, output_mtok: 2 } },
          { constraint: { type: 'start_date', start_date: '2026-01-01' }, prices: { input_mtok: 0.5, output_mtok: 1 } },
          { constraint: { type: 'time_of_date', start_time: '01:00:00Z', end_time: '04:00:00Z' }, prices: { input_mtok: 0.8, output_mtok: 1.6 } },
        ],
      },
      { id: 'acme-old', match: { equals: 'acme-old' }, deprecated: true, prices: { input_mtok: 9, output_mtok: 9 } },
      { id: 'acme-new', match: { equals: 'acme-new' }, prices: { input_mtok: 3, output_mtok: 3 } },
    ],
  },
  parent: { id: 'parent', name: 'Parent', models: [{ id: 'family-x', match: { starts_with: 'family-x' }, prices: { input_mtok: 7, output_mtok: 7 } }] },
};
const lookup = (id: string) => providers[id];

const cat = (models: Catalogue['models'], provider = 'acme'): { file: string; catalogue: Catalogue } => ({
  file: `${provider}.yaml`,
  catalogue: { version: 1, provider, currency: 'USD', as_of: '2026-01-01', source: 't', models },
});

describe('pricing diff (core)', () => {
  it('matches model ids the way genai-prices does', () => {
    expect(matches({ starts_with: 'Claude-3' }, 'claude-3-opus')).toBe(true);
    expect(matches({ and: [{ starts_with: 'acme-long' }, { regex: '^(?!.*-tts)' }] }, 'acme-long-tts')).toBe(false);
    expect(findModel(providers.acme!, 'chatty', lookup)?.id).toBe('acme-chat');
    expect(findModel(providers.acme!, 'acme-dated-20250131', lookup)?.id).toBe('acme-dated'); // date normalised
    expect(findModel(providers.acme!, 'family-x-large', lookup)?.id).toBe('family-x'); // fallback provider
    expect(findModel(providers.acme!, 'nothing', lookup)).toBeUndefined();
  });

  it('takes the price in force on the date, with the time-of-day windows as alternatives', () => {
    const dated = providers.acme!.models[2]!;
    expect(pricesOn(dated, '2025-12-31')).toEqual({ prices: { input_mtok: 1, output_mtok: 2 }, alternatives: [{ prices: { input_mtok: 0.8, output_mtok: 1.6 }, when: '01:00–04:00 UTC' }] });
    expect(pricesOn(dated, '2026-01-01').prices).toEqual({ input_mtok: 0.5, output_mtok: 1 });
  });

  it('follows the sync map and marks deliberate differences', () => {
    const r = diffCatalogues([cat({ 'our-name': { input: 1, output: 5 }, 'acme-chat': { input: 1, output: 4, cache_read: 0.2 } })], lookup, 'v', '2026-01-01', {
      sync: { providers: { acme: { models: { 'our-name': { upstream: 'acme-chat' } } } } },
      deliberate: [{ model: 'acme/acme-chat', field: 'cache_read', reason: 'negotiated' }],
    });
    expect(r.differences.map((d) => [d.model, d.field, d.asked, d.status, d.reason])).toEqual([
      ['acme/our-name', 'output', 'acme-chat', 'differs', null],
      ['acme/our-name', 'cache_read', 'acme-chat', 'only in genai-prices', null],
      ['acme/acme-chat', 'cache_read', 'acme-chat', 'deliberate', 'negotiated'],
    ]);
    expect(r.unexplained).toBe(2);
    const lc = diffCatalogues([cat({ 'acme-long': { input: 2, output: 8 } })], lookup, 'v', '2026-01-01', { deliberate: [{ model: 'acme/acme-long', field: 'long_context', reason: 'r' }] });
    expect(lc.differences.map((d) => d.status)).toEqual(['deliberate', 'deliberate', 'deliberate']); // input, output, threshold
    expect(lc.unexplained).toBe(0);
  });

  it('reports differing, missing and extra prices, long-context tiers included', () => {
    const r = diffCatalogues(
      [
        cat({
          'acme-chat': { input: 1, output: 5, cache_write: 1.25, context_window: 1000 },
          'acme-long': { input: 2, output: 8, long_context: { threshold: 128000, input: 4, output: 12 } },
          'acme-dated-2025-01-31': { input: 0.8, output: 1 }, // 0.8 is the 01:00–04:00 price: agrees
          'hand-added': { input: 1, output: 1 },
        }),
        cat({ whatever: { input: 1, output: 1 } }, 'nobody'),
      ],
      lookup,
      '9.9.9',
      '2026-06-01',
    );
    const rows = r.differences.map((d) => [d.model, d.field, d.catalogue, d.genai, d.status]);
    expect(rows).toEqual([
      ['acme/acme-chat', 'output', 5, 4, 'differs'],
      ['acme/acme-chat', 'cache_read', null, 0.1, 'only in genai-prices'],
      ['acme/acme-chat', 'cache_write', 1.25, null, 'only in the catalogue'],
      ['acme/acme-long', 'long_context.threshold', 128000, 100000, 'differs'],
    ]);
    expect(r.providers).toEqual([
      { catalogue_file: 'acme.yaml', provider: 'acme', genai_provider: 'acme', models_compared: 3, unmatched: ['acme/hand-added'], not_in_catalogue: ['acme-new'] },
      { catalogue_file: 'nobody.yaml', provider: 'nobody', genai_provider: null, models_compared: 0, unmatched: [], not_in_catalogue: [] },
    ]);
  });
});

describe('aifinops pricing diff', () => {
  it('compares a catalogue with the installed genai-prices data', async () => {
    const r = runCli(['pricing', 'diff', FIXTURE, '--date', '2026-01-15']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/pricing-diff/expected.txt');
    const j = JSON.parse(runCli(['pricing', 'diff', FIXTURE, '--date', '2026-01-15', '-f', 'json']).stdout);
    const rows = j.differences.map((d: { model: string; field: string; asked: string; status: string }) => `${d.model} ${d.field} (${d.asked}) ${d.status}`);
    expect(rows).toEqual([
      'anthropic/claude-3-5-haiku-latest output (claude-3-5-haiku-latest) differs',
      'anthropic/claude-3-5-haiku-latest cache_write_1h (claude-3-5-haiku-latest) deliberate',
      // sync/models.yaml maps it onto a genai-prices model under another name
      'anthropic/my-private-model input (claude-3-5-haiku-latest) differs',
      'anthropic/my-private-model output (claude-3-5-haiku-latest) differs',
      'anthropic/my-private-model cache_read (claude-3-5-haiku-latest) only in genai-prices',
      'anthropic/my-private-model cache_write (claude-3-5-haiku-latest) only in genai-prices',
      'anthropic/my-private-model cache_write_1h (claude-3-5-haiku-latest) only in genai-prices',
    ]);
    expect(j.differences[1].reason).toBe('the fixture leaves the 1-hour cache out on purpose');
    expect(j.unexplained).toBe(6);
  });

  it('the bundled catalogues differ from genai-prices only where pricing/sync/deliberate-differences.yaml says why', () => {
    const r = runCli(['pricing', 'diff', '--check', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.unexplained).toBe(0);
    expect(j.providers.reduce((s: number, p: { models_compared: number }) => s + p.models_compared, 0)).toBeGreaterThan(50);
    for (const d of j.differences) expect(d.reason, `${d.model} ${d.field}`).toBeTruthy();
  });

  it('--check turns a difference not recorded as deliberate into exit 1', () => {
    const r = runCli(['pricing', 'diff', FIXTURE, '--check', '--date', '2026-01-15']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('policy failed: 6 price differences between the catalogues and genai-prices 0.1.8 not recorded as deliberate');
  });

  it('says clearly when genai-prices is not installed (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-nogenai-'));
    try {
      for (const p of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
      // a copy of the built package with no node_modules anywhere above it
      const r = runCliAt(join(dir, 'bin/aifinops.js'), ['pricing', 'diff', join(ROOT, FIXTURE)], dir);
      expect(r.stderr).toContain('@pydantic/genai-prices is not installed');
      expect(r.stderr).toContain('it is a development dependency of aifinops');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function runCliAt(bin: string, args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
