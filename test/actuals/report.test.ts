/** The actuals report: re-pricing, grouping and the 1% bill audit (pure), and the CLI on the fixtures. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PricedModel } from '../../src/core/model.js';
import type { AggregateRow, Counts } from '../../src/actuals/aggregate.js';
import { buildActualsReport } from '../../src/actuals/report.js';
import { runCli } from '../helpers/cli.js';
import { fixture, workDir } from './helpers.js';

/** A model at $1 / 1M input, $0.10 cache read, $1.25 cache write, $2 1h write, $5 output, 50% batch discount. */
const MODEL: PricedModel = {
  ref: 'acme/m1', provider: 'acme', id: 'm1',
  prices: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25, cache_write_1h: 2, batch_discount: 0.5 } as PricedModel['prices'],
  catalogue: { file: 'acme.yaml', as_of: '2025-01-01', source: 'test', currency: 'USD' },
  entry: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25, cache_write_1h: 2, batch_discount: 0.5 },
  effectiveFrom: null,
  pricedAsOf: '2025-06-01',
};
const price = (m: string | null) => (m === 'acme/m1' ? MODEL : null);

function row(p: Omit<Partial<AggregateRow>, 'counts'> & { counts?: Partial<Counts> }): AggregateRow {
  return {
    day: '2025-06-01', source: 'anthropic-usage', provider: 'acme', model: 'acme/m1', project: null, workspace: null, api_key: null, tags: null, service_tier: null,
    failed: null, traces: null, billed_cost: null, currency: null,
    ...p,
    counts: { requests: null, input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0, audio: 0, tool_calls: 0, ...p.counts },
  };
}
const opts = { by: 'model' as const, from: null, to: null, sources: [], toolVersion: 't' };

describe('buildActualsReport', () => {
  it('re-prices each token kind at its rate: 1M of each kind = $1 + $0.10 + $1.25 + $2 + $5', () => {
    const r = buildActualsReport([row({ counts: { input: 1e6, cache_read: 1e6, cache_write_5m: 1e6, cache_write_1h: 1e6, output: 1e6 } })], price, opts);
    expect(r.total.repriced).toBeCloseTo(9.35, 10);
  });

  it('re-prices a row in Anthropic\'s long-context band ("200k-1M") at the long-context rates, which replace every base rate; "0-200k" at the base rates', () => {
    // long context: $2 input, $7.50 output, $0.20 cache read, no cache write (→ the long input rate, $2), 50% batch discount kept
    const long = { ...MODEL, entry: { ...MODEL.entry, long_context: { threshold: 200_000, input: 2, output: 7.5, cache_read: 0.2 } } } as PricedModel;
    const priceLong = (m: string | null) => (m === 'acme/m1' ? long : null);
    const counts = { input: 1e6, cache_read: 1e6, cache_write_5m: 1e6, output: 1e6 };
    const r = buildActualsReport([row({ tags: 'context_window=200k-1M', counts })], priceLong, opts);
    expect(r.total.repriced).toBeCloseTo(2 + 0.2 + 2 + 7.5, 10);
    expect(buildActualsReport([row({ tags: 'context_window=0-200k', counts })], priceLong, opts).total.repriced).toBeCloseTo(1 + 0.1 + 1.25 + 5, 10);
    expect(buildActualsReport([row({ tags: 'context_window=200k-1M', service_tier: 'batch', counts: { input: 1e6 } })], priceLong, opts).total.repriced).toBeCloseTo(1, 10);
    // a catalogue without long-context rates: the base rates (the audit then shows the gap)
    expect(buildActualsReport([row({ tags: 'context_window=200k-1M', counts })], price, opts).total.repriced).toBeCloseTo(1 + 0.1 + 1.25 + 5, 10);
  });

  it("re-prices a priority-tier row at standard rates and says so when the model's catalogue entry has no priority tier", () => {
    const r = buildActualsReport([row({ service_tier: 'priority', counts: { input: 1e6 } }), row({ service_tier: 'standard', counts: { input: 1e6 } })], price, opts);
    expect(r.total.repriced).toBeCloseTo(2, 10);
    expect(r.notes).toEqual(['anthropic-usage rows of acme/m1 on the "priority" service tier are re-priced at standard rates: its catalogue entry has no rates for that tier (the audit may flag those days)']);
  });

  it('prices the batch tier at the batch discount', () => {
    const r = buildActualsReport([row({ service_tier: 'batch', counts: { input: 2e6 } })], price, opts);
    expect(r.total.repriced).toBeCloseTo(1, 10);
  });

  it('flags a billed cost more than 1% off the re-priced tokens, and not one exactly 1% off (the boundary is strict)', () => {
    const usage = (day: string) => row({ day, counts: { input: 1e6 } }); // $1.00
    const billed = (day: string, usd: number) => row({ day, source: 'anthropic-cost', billed_cost: usd, currency: 'USD' });
    const r = buildActualsReport(
      [usage('2025-06-01'), billed('2025-06-01', 1.01), usage('2025-06-02'), billed('2025-06-02', 1.0101), usage('2025-06-03'), billed('2025-06-03', 0.98)],
      price,
      opts,
    );
    expect(r.audit.checked).toBe(3);
    expect(r.audit.flagged.map((f) => [f.day, Number(f.share.toFixed(4))])).toEqual([['2025-06-03', -0.02], ['2025-06-02', 0.0101]]);
  });

  it('leaves unpriced models out of re-pricing and names them; foreign-currency bills out of the audit', () => {
    const r = buildActualsReport([row({ model: 'acme/unknown', counts: { input: 5 } }), row({ counts: { input: 1e6 } }), row({ source: 'focus', billed_cost: 9, currency: 'EUR' })], price, opts);
    expect(r.unpriced_models).toEqual(['acme/unknown']);
    expect(r.total.repriced).toBeCloseTo(1, 10);
    expect(r.total.billed).toBeNull();
    expect(r.audit.checked).toBe(0);
    expect(r.notes[0]).toMatch(/billed in EUR/);
  });

  it('groups by tag pair: a row with two tags counts in both groups', () => {
    const r = buildActualsReport([row({ tags: 'env=prod;team=a', counts: { input: 1e6, requests: 3 } }), row({ tags: null, counts: { input: 1e6, requests: 1 } })], price, { ...opts, by: 'tag' });
    expect(r.groups.map((g) => [g.key, g.requests])).toEqual([['(none)', 1], ['env=prod', 3], ['team=a', 3]]);
    expect(r.total.requests).toBe(4);
  });
});

describe('actuals report (CLI)', () => {
  it('audits the Anthropic fixtures: only the overcharged day (+3%) is flagged, for both models', () => {
    const dir = workDir();
    expect(runCli(['actuals', 'import', fixture('anthropic-usage.json'), fixture('anthropic-cost.json')], { cwd: dir }).code).toBe(0);
    const r = runCli(['actuals', 'report', '-f', 'json', '--by', 'day'], { cwd: dir });
    expect(r.stderr).toBe('');
    const rep = JSON.parse(r.stdout);
    expect(rep.schema).toBe('aifinops.actuals-report/1');
    expect(rep.audit.checked).toBe(6);
    expect(rep.audit.flagged.map((f: { day: string; model: string }) => `${f.day} ${f.model}`).sort()).toEqual(['2025-06-02 anthropic/claude-haiku-4-5', '2025-06-02 anthropic/claude-sonnet-4-6']);
    for (const f of rep.audit.flagged) expect(f.share).toBeCloseTo(0.03, 4);
    expect(rep.groups.map((g: { key: string }) => g.key)).toEqual(['2025-06-01', '2025-06-02', '2025-06-03']);
  });

  it('draws a table with the daily chart and takes --from/--to; each format renders', () => {
    const dir = workDir();
    expect(runCli(['actuals', 'import', fixture('openai-usage.json'), fixture('openai-costs.json')], { cwd: dir }).code).toBe(0);
    const t = runCli(['actuals', 'report'], { cwd: dir });
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Daily spend \(USD\)/);
    expect(t.stdout).toMatch(/every billed cost is within 1%/);
    const one = JSON.parse(runCli(['actuals', 'report', '--from', '2025-06-02', '--to', '2025-06-02', '-f', 'json'], { cwd: dir }).stdout);
    expect(one.period).toEqual({ from: '2025-06-02', to: '2025-06-02', days: 1 });
    expect(runCli(['actuals', 'report', '-f', 'csv'], { cwd: dir }).stdout.split('\n')[0]).toBe('model,requests,input,cache_read,cache_write_5m,cache_write_1h,output,reasoning,audio,tool_calls,repriced,billed,currency');
    expect(runCli(['actuals', 'report', '-f', 'markdown'], { cwd: dir }).stdout).toMatch(/^## Actuals 2025-06-01 to 2025-06-03/);
  });

  it('exits 2 on a missing store, a bad day and an unknown --by', () => {
    const dir = workDir();
    expect(runCli(['actuals', 'report'], { cwd: dir }).stderr).toMatch(/actuals\.duckdb: no actuals store here/);
    expect(runCli(['actuals', 'import', fixture('otlp.json')], { cwd: dir }).code).toBe(0);
    const bad = runCli(['actuals', 'report', '--from', '2025-13-01'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from: expected a day as YYYY-MM-DD/);
    expect(runCli(['actuals', 'report', '--by', 'week'], { cwd: dir }).stderr).toMatch(/--by: expected one of day, model, project, tag/);
  });
});
