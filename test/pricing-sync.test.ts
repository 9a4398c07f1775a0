/** The committed catalogues are exactly what `npm run pricing:sync` generates now. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { GENERATED_MARK, SUPPLEMENTS_FILE, generate, loadModelsConfig, loadSupplements, schedule, tierFor } from '../scripts/pricing-sync.mjs';
import { PRICING_DIR, ROOT } from './helpers/pricing.js';

const generated = generate();

describe('pricing:sync', () => {
  it.each(Object.keys(generated).map((f) => [f]))('committed %s equals the generated text', (file) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).toBe(generated[file]);
  });

  it('leaves no stale generated catalogue behind (every generated-marked file is still generated)', () => {
    const marked = readdirSync(PRICING_DIR)
      .filter((f) => f.endsWith('.yaml') && readFileSync(join(PRICING_DIR, f), 'utf8').startsWith(GENERATED_MARK))
      .map((f) => `pricing/${f}`);
    expect(marked.sort()).toEqual(Object.keys(generated).sort());
  });

  it('is deterministic: a second run gives byte-identical text', () => {
    expect(generate()).toEqual(generated);
  });

  it('sets the price band on the input rate: budget ≤ $1, mid < $4, premium ≥ $4 per 1M tokens', () => {
    expect([0.05, 1, 1.01, 3.99, 4, 15].map(tierFor)).toEqual(['budget', 'budget', 'mid', 'mid', 'premium', 'premium']);
  });

  it('keeps every dated price genai-prices lists: the earliest price is the base, later start dates become prices: entries', () => {
    const google = parse(generated['pricing/google.yaml']!) as { models: Record<string, Record<string, unknown>> };
    const gemini = google.models['gemini-3.6-flash']!;
    // genai-prices 0.1.8: 0.75 / 3.75 / 0.075 until 2026-12-31, then 1.5 / 7.5 / 0.15 from 2027-01-01
    expect([gemini.input, gemini.output, gemini.cache_read]).toEqual([0.75, 3.75, 0.075]);
    expect(gemini.prices).toEqual([{ from: '2027-01-01', input: 1.5, output: 7.5, cache_read: 0.15 }]);
    const openai = parse(generated['pricing/openai.yaml']!) as { models: Record<string, Record<string, unknown>> };
    // a past change too: o3 was 10 / 40 before its cut to 2 / 8 on 2025-06-10
    expect([openai.models.o3!.input, openai.models.o3!.output]).toEqual([10, 40]);
    expect((openai.models.o3!.prices as { from: string; input: number; output: number }[]).map((d) => [d.from, d.input, d.output])).toEqual([['2025-06-10', 2, 8]]);
    // a dated price may drop the long-context tier (claude-sonnet-4-6 from 2026-03-13)
    const anthropic = parse(generated['pricing/anthropic.yaml']!) as { models: Record<string, Record<string, unknown>> };
    const sonnet = anthropic.models['claude-sonnet-4-6']!;
    expect(sonnet.long_context).toBeDefined();
    expect((sonnet.prices as Record<string, unknown>[])[0]).not.toHaveProperty('long_context');
  });

  it("turns genai-prices' time-of-day prices into the time_windows of the price they double, on the supplement's days", () => {
    const deepseek = parse(generated['pricing/deepseek.yaml']!) as { models: Record<string, Record<string, unknown>> };
    const pro = deepseek.models['deepseek-v4-pro']!;
    // genai-prices 0.1.8: 0.66 / 1.98 / 0.022 from 2026-08-17, and 1.32 / 3.96 / 0.044 between
    // 01:00-04:00 and 06:00-10:00 UTC; DeepSeek: Monday to Friday only (window_days: weekdays)
    expect(pro.time_windows).toBeUndefined();
    expect(pro.prices).toEqual([
      { from: '2026-08-17', input: 0.66, output: 1.98, cache_read: 0.022, time_windows: [{ name: 'peak', days: 'weekdays', hours: ['01:00-04:00', '06:00-10:00'], input: 1.32, output: 3.96, cache_read: 0.044 }] },
    ]);
    const openai = parse(generated['pricing/openai.yaml']!) as { models: Record<string, Record<string, unknown>> };
    expect(openai.models['gpt-5.5']!.service_tiers).toEqual({ flex: { factor: 0.5 }, priority: { factor: 2.5 } });
    const bedrock = parse(generated['pricing/bedrock.yaml']!) as { models: Record<string, Record<string, unknown>> };
    expect(bedrock.models['global.anthropic.claude-sonnet-4-6']!.cache_write_1h).toBe(6);
  });

  it('rejects start dates out of order and a first price with a constraint', () => {
    const p = (input: number) => ({ input_mtok: input, output_mtok: 1 });
    const ok = schedule({ prices: [{ prices: p(1) }, { constraint: { type: 'start_date', start_date: '2027-01-01' }, prices: p(2) }] }, 'x');
    expect(ok.dated).toEqual([{ from: '2027-01-01', prices: p(2) }]);
    expect(() => schedule({ prices: [{ prices: p(1) }, { constraint: { type: 'start_date', start_date: '2027-02-01' }, prices: p(2) }, { constraint: { type: 'start_date', start_date: '2027-01-01' }, prices: p(3) }] }, 'x')).toThrow(/out of order/);
    expect(() => schedule({ prices: [{ constraint: { type: 'start_date', start_date: '2027-01-01' }, prices: p(1) }] }, 'x')).toThrow(/unconstrained/);
  });

  it('requires an as_of on every hand supplement, and dates an entry by its oldest figure', () => {
    const config = loadModelsConfig();
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-sync-'));
    mkdirSync(join(dir, 'pricing', 'sync'), { recursive: true });
    writeFileSync(join(dir, SUPPLEMENTS_FILE), 'entries:\n  - { provider: openai, model: o3, set: { batch_discount: 0.5 }, source: "https://example.com" }\n');
    expect(() => loadSupplements(config, dir)).toThrow(/as_of is missing/);
    // deepseek-flash's prices come from a supplement alone: the entry carries the supplement's date
    const deepseek = parse(generated['pricing/deepseek.yaml']!) as { as_of: string; models: Record<string, Record<string, unknown>> };
    expect(deepseek.models['deepseek-flash']!.as_of).toBe('2026-11-23');
    expect(deepseek.as_of).toBe('2026-09-23');
    expect(deepseek.models['deepseek-v4-pro']!.as_of).toBeUndefined();
  });

  // ── fees beyond text tokens (issue 14 §3) ──
  it('keeps genai-prices’ audio and image rates (0.1.8: gpt-realtime audio 32 in / 0.4 cached / 64 out, image 5 / 0.5 cached)', () => {
    const openai = parse(generated['pricing/openai.yaml']!) as { models: Record<string, Record<string, unknown>> };
    const rt = openai.models['gpt-realtime']!;
    expect([rt.input_audio, rt.cache_read_audio, rt.output_audio, rt.input_image, rt.cache_read_image]).toEqual([32, 0.4, 64, 5, 0.5]);
    const google = parse(generated['pricing/google.yaml']!) as { models: Record<string, Record<string, unknown>> };
    // gemini-2.5-flash: input_audio_mtok 1, cache_audio_read_mtok 0.1 — no longer listed as "not modelled"
    expect([google.models['gemini-2.5-flash']!.input_audio, google.models['gemini-2.5-flash']!.cache_read_audio]).toEqual([1, 0.1]);
    expect(String(google.models['gemini-2.5-flash']!.notes)).not.toMatch(/audio/);
    // video stays unmodelled, in the notes
    expect(String(google.models['gemini-embedding-2']!.notes)).toMatch(/input_video_mtok 12/);
  });

  it('gives each supplemented tool price its own as_of and source, and checks its shape', () => {
    const anthropic = parse(generated['pricing/anthropic.yaml']!) as { models: Record<string, { tools?: Record<string, Record<string, unknown>> }> };
    const ws = anthropic.models['claude-sonnet-4-6']!.tools!.web_search!;
    expect(ws).toMatchObject({ per_1k: 10, unit: 'search', as_of: '2026-12-06' });
    expect(String(ws.source)).toMatch(/^https:\/\//);
    const config = loadModelsConfig();
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-sync-'));
    mkdirSync(join(dir, 'pricing', 'sync'), { recursive: true });
    const real = readFileSync(join(ROOT, SUPPLEMENTS_FILE), 'utf8');
    writeFileSync(join(dir, SUPPLEMENTS_FILE), `${real}\n  - { provider: openai, model: o3, set: { tools: { web_search: { per_1k: 10, per_hour: 1 } } }, source: "https://example.com", as_of: 2026-12-06 }\n`);
    writeFileSync(join(dir, 'pricing', 'sync', 'models.yaml'), readFileSync(join(ROOT, 'pricing', 'sync', 'models.yaml'), 'utf8'));
    expect(() => generate({ root: dir })).toThrow(/tools\.web_search: give per_1k or per_hour/);
  });
});
