/**
 * The bill audit prices what the catalogue knows beyond plain rates: service tiers (flex /
 * priority factors, with the estimate's semantics) and time windows (DeepSeek's peak hours, audited
 * as a range because the daily aggregate has no hours). Hand-derived figures throughout.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ModelRegistry } from '../../src/core/registry.js';
import { bundledCatalogues } from '../../src/load/catalogues.js';
import { pricer } from '../../src/actuals/pricing.js';
import { workDir } from './helpers.js';
import type { PricedModel } from '../../src/core/model.js';
import type { AggregateRow, Counts } from '../../src/actuals/aggregate.js';
import { catalogueTierOf, ratesOn, tierPremium, windowBounds } from '../../src/actuals/pricing.js';
import { auditRange, buildActualsReport } from '../../src/actuals/report.js';

/** $1 / 1M input, $5 output, 50% batch discount; flex ×0.5, priority ×1.75; long context $2 / $7.50 from 200k. */
const ENTRY = {
  input: 1, output: 5, batch_discount: 0.5,
  service_tiers: { flex: { factor: 0.5 }, priority: { factor: 1.75 } },
  long_context: { threshold: 200_000, input: 2, output: 7.5 },
};
function model(ref: string, entry: object): PricedModel {
  const [provider, id] = ref.split('/') as [string, string];
  return { ref, provider, id, prices: entry as PricedModel['prices'], entry: entry as PricedModel['entry'], catalogue: { file: `${provider}.yaml`, as_of: '2026-11-23', source: 'test', currency: 'USD' }, effectiveFrom: null, pricedAsOf: '2026-11-23' };
}
const TIERED = model('acme/tiered', ENTRY);
/** No service tiers at all. */
const PLAIN = model('acme/plain', { input: 1, output: 5 });
/** DeepSeek-like: off-peak $0.15 / $0.60; peak (weekdays 01:00-04:00 and 06:00-10:00 UTC, 7 h) doubles both. */
const WINDOWED = model('acme/windowed', {
  input: 0.15, output: 0.6,
  time_windows: [{ name: 'peak', days: 'weekdays', hours: ['01:00-04:00', '06:00-10:00'], input: 0.3, output: 1.2 }],
});
const MODELS = new Map([TIERED, PLAIN, WINDOWED].map((m) => [m.ref, m]));
const price = (m: string | null) => (m ? MODELS.get(m) ?? null : null);

function row(p: Omit<Partial<AggregateRow>, 'counts'> & { counts?: Partial<Counts> }): AggregateRow {
  return {
    day: '2026-12-07', source: 'openai-usage', provider: 'acme', model: 'acme/tiered', project: null, workspace: null, api_key: null, tags: null, service_tier: null,
    failed: null, traces: null, billed_cost: null, currency: null,
    ...p,
    counts: { requests: null, input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0, audio: 0, tool_calls: 0, ...p.counts },
  };
}
const opts = { by: 'model' as const, from: null, to: null, sources: [], toolVersion: 't' };
const ONE_EACH = { input: 1e6, output: 1e6 }; // $1 + $5 = $6 at standard rates
const billed = (usd: number, p: Partial<AggregateRow> = {}) => row({ source: 'openai-costs', billed_cost: usd, currency: 'USD', ...p });

describe('service tiers in the bill audit', () => {
  it('maps the sources\' tier names to the catalogue\'s: default/auto/standard → standard, flex, priority, batch; scale and unknown names → none', () => {
    expect(['standard', 'default', 'auto', 'flex', 'priority', 'batch', 'scale', 'priority_on_demand', 'toString'].map(catalogueTierOf))
      .toEqual(['standard', 'standard', 'standard', 'flex', 'priority', 'batch', null, null, null]);
    expect(catalogueTierOf(null)).toBe('standard');
  });

  it('re-prices a priority row at 1.75× the standard cost ($6 → $10.50) and a flex row at 0.5× ($3)', () => {
    expect(buildActualsReport([row({ counts: ONE_EACH })], price, opts).total.repriced).toBeCloseTo(6, 10);
    const pri = buildActualsReport([row({ service_tier: 'priority', counts: ONE_EACH })], price, opts);
    expect(pri.total.repriced).toBeCloseTo(10.5, 10);
    expect(pri.notes).toEqual([]);
    expect(buildActualsReport([row({ service_tier: 'flex', counts: ONE_EACH })], price, opts).total.repriced).toBeCloseTo(3, 10);
    // OpenAI's "default" and "auto" are the standard tier
    expect(buildActualsReport([row({ service_tier: 'default', counts: ONE_EACH }), row({ service_tier: 'auto', counts: ONE_EACH })], price, opts).total.repriced).toBeCloseTo(12, 10);
  });

  it('scales the long-context rates on a priority long-context row: ($2 + $7.50) × 1.75 = $16.625', () => {
    const r = buildActualsReport([row({ source: 'anthropic-usage', service_tier: 'priority', tags: 'context_window=200k-1M', counts: ONE_EACH })], price, opts);
    expect(r.total.repriced).toBeCloseTo(16.625, 10);
  });

  it('does not stack batch and tiers: a batch row is the batch discount of the standard rates ($3), whatever the tier factors', () => {
    expect(tierPremium(TIERED, '2026-12-07', 'batch')).toBe(1);
    expect(buildActualsReport([row({ service_tier: 'batch', counts: ONE_EACH })], price, opts).total.repriced).toBeCloseTo(3, 10);
  });

  it('keeps the note and standard rates for a tier the catalogue does not price for that model (priority on a model without tiers; OpenAI scale)', () => {
    const r = buildActualsReport([row({ model: 'acme/plain', source: 'anthropic-usage', service_tier: 'priority', counts: ONE_EACH }), row({ service_tier: 'scale', counts: ONE_EACH })], price, opts);
    expect(r.total.repriced).toBeCloseTo(12, 10);
    expect(r.notes).toEqual([
      'anthropic-usage rows of acme/plain on the "priority" service tier are re-priced at standard rates: its catalogue entry has no rates for that tier (the audit may flag those days)',
      'openai-usage rows of acme/tiered on the "scale" service tier are re-priced at standard rates: its catalogue entry has no rates for that tier (the audit may flag those days)',
    ]);
    expect(tierPremium(PLAIN, '2026-12-07', 'flex')).toBeNull();
  });

  it('quotes a tier name from a file only as a short escaped excerpt', () => {
    const r = buildActualsReport([row({ service_tier: `\u001b[31m${'x'.repeat(200)}`, counts: ONE_EACH })], price, opts);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).not.toMatch(/\u001b/);
    expect(r.notes[0]).toMatch(/on the "\\u001b\[31mx+…" service tier/);
    expect(r.notes[0]!.length).toBeLessThan(220);
  });

  it('no longer flags a correctly billed priority day ($10.50 billed for $10.50 of priority tokens); a priority day billed at standard rates is flagged', () => {
    const ok = buildActualsReport([row({ service_tier: 'priority', counts: ONE_EACH }), billed(10.5)], price, opts);
    expect(ok.audit.checked).toBe(1);
    expect(ok.audit.flagged).toEqual([]);
    const under = buildActualsReport([row({ service_tier: 'priority', counts: ONE_EACH }), billed(6)], price, opts);
    expect(under.audit.flagged.map((f) => [f.day, f.model, Number(f.share.toFixed(6))])).toEqual([['2026-12-07', 'acme/tiered', Number((6 / 10.5 - 1).toFixed(6))]]);
  });

  it('mixes tiers within a day: $6 standard + $10.50 priority + $3 flex billed $19.50 passes', () => {
    const rows = [row({ counts: ONE_EACH }), row({ service_tier: 'priority', counts: ONE_EACH }), row({ service_tier: 'flex', counts: ONE_EACH }), billed(19.5)];
    const r = buildActualsReport(rows, price, opts);
    expect(r.total.repriced).toBeCloseTo(19.5, 10);
    expect(r.audit.flagged).toEqual([]);
  });
});

describe('time windows in the bill audit (the hour of a call is unknown in a daily aggregate)', () => {
  // 2026-12-07 is a Monday: the peak window applies; 2026-12-06 is a Sunday: it does not
  const monday = (p: Partial<AggregateRow> = {}) => row({ model: 'acme/windowed', source: 'litellm', counts: ONE_EACH, ...p });

  it('bounds a weekday: every call off-peak $0.75, every call at peak $1.50; the point spreads calls over the UTC day (7 of 24 h at peak)', () => {
    const b = windowBounds(WINDOWED, '2026-12-07')!;
    expect(b.windows).toEqual(['peak']);
    const cost = (r: typeof b.low) => r.input * 1e6 + r.output * 1e6;
    expect(cost(b.low)).toBeCloseTo(0.75, 12);
    expect(cost(b.high)).toBeCloseTo(1.5, 12);
    expect(cost(b.flat)).toBeCloseTo(0.75 * (17 / 24) + 1.5 * (7 / 24), 12);
    expect(buildActualsReport([monday()], price, opts).total.repriced).toBeCloseTo(0.96875, 12);
    // the rates inside the window, as such
    expect(ratesOn(WINDOWED, '2026-12-07', undefined, { name: 'peak', hours: ['01:00-04:00'], input: 0.3 }).input * 1e6).toBeCloseTo(0.3, 12);
  });

  it('has no range on a weekend day (a weekdays window does not apply): the off-peak rates, audited as a point', () => {
    expect(windowBounds(WINDOWED, '2026-12-06')).toBeNull();
    const r = buildActualsReport([monday({ day: '2026-12-06' }), billed(1.5, { day: '2026-12-06', model: 'acme/windowed' })], price, opts);
    expect(r.total.repriced).toBeCloseTo(0.75, 12);
    expect(r.audit.ranged).toEqual([]);
    expect(r.audit.flagged.map((f) => [f.day, Number(f.share.toFixed(6)), f.range])).toEqual([['2026-12-06', 1, undefined]]);
  });

  it('flags a windowed day only when the bill is more than 1% outside [$0.75, $1.50]: exactly 1% outside is not flagged', () => {
    const audit = (usd: number) => buildActualsReport([monday(), billed(usd, { model: 'acme/windowed' })], price, opts).audit;
    for (const usd of [0.75, 0.9, 1.5, 1.515, 0.7425]) expect(audit(usd).flagged, `billed ${usd}`).toEqual([]);
    const over = audit(1.5151).flagged;
    expect(over).toHaveLength(1);
    expect(over[0]!.repriced).toBeCloseTo(1.5, 12); // measured against the nearer bound
    expect(over[0]!.share).toBeCloseTo(1.5151 / 1.5 - 1, 9);
    expect(over[0]!.range!.low).toBeCloseTo(0.75, 12);
    expect(over[0]!.range!.high).toBeCloseTo(1.5, 12);
    expect(audit(0.7424).flagged.map((f) => Number(f.share.toFixed(6)))).toEqual([Number((0.7424 / 0.75 - 1).toFixed(6))]);
  });

  it('says which pairs were audited as a range, and why', () => {
    const r = buildActualsReport([monday(), billed(1, { model: 'acme/windowed' }), row({ counts: ONE_EACH }), billed(6)], price, opts);
    expect(r.audit.checked).toBe(2);
    expect(r.audit.ranged).toEqual([{ day: '2026-12-07', model: 'acme/windowed', low: expect.closeTo(0.75, 12), high: expect.closeTo(1.5, 12), windows: ['peak'] }]);
    expect(r.notes).toEqual([expect.stringMatching(/^1 day × model pair of acme\/windowed audited as a range: the daily aggregate does not say at what hour the calls were made, and the catalogue prices time windows \(peak\) apart, so a bill is flagged only when it lies more than 1% outside/)]);
  });

  it('follows the bundled catalogue\'s dated windows: deepseek-v4-pro has none before 2026-08-17, then peak at 2× ($0.66 / $1.98 off-peak per 1M)', () => {
    const pro = pricer(new ModelRegistry(bundledCatalogues(), '2026-11-23'))('deepseek/deepseek-v4-pro')!;
    expect(pro).not.toBeNull();
    expect(windowBounds(pro, '2026-08-14')).toBeNull(); // a Friday under the old price, which had no window
    const b = windowBounds(pro, '2026-08-17')!; // a Monday
    expect(b.low.input * 1e6).toBeCloseTo(0.66, 12);
    expect(b.high.input * 1e6).toBeCloseTo(1.32, 12);
    expect(b.high.output * 1e6).toBeCloseTo(3.96, 12);
    expect(windowBounds(pro, '2026-08-22')).toBeNull(); // a Saturday
  });

  it('property: however the calls split between the windows and outside, their cost lies in [low, high], and so does the flat point', () => {
    // two windows that move the rates in opposite directions: the per-kind bounds must still hold
    const m = model('acme/two', {
      input: 1, output: 4, cache_read: 0.1,
      time_windows: [
        { name: 'cheap', hours: ['00:00-06:00'], input: 0.5, output: 6 },
        { name: 'dear', hours: ['12:00-13:00'], input: 3, cache_read: 0.05 },
      ],
    });
    const b = windowBounds(m, '2026-12-07')!;
    const kinds = ['input', 'cache_read', 'output'] as const;
    const cost = (r: typeof b.low, t: Record<(typeof kinds)[number], number>) => kinds.reduce((a, k) => a + r[k] * t[k], 0);
    const tokens = fc.record({ input: fc.nat(1e7), cache_read: fc.nat(1e7), output: fc.nat(1e7) });
    fc.assert(fc.property(fc.array(fc.tuple(tokens, fc.constantFrom(null, 0, 1)), { minLength: 1, maxLength: 6 }), (calls) => {
      const all = { input: 0, cache_read: 0, output: 0 };
      let paid = 0;
      for (const [t, w] of calls) {
        for (const k of kinds) all[k] += t[k];
        paid += cost(ratesOn(m, '2026-12-07', undefined, w === null ? null : m.entry.time_windows![w]!), t);
      }
      const lo = cost(b.low, all);
      const hi = cost(b.high, all);
      const eps = 1e-9 * (1 + hi);
      return paid >= lo - eps && paid <= hi + eps && cost(b.flat, all) >= lo - eps && cost(b.flat, all) <= hi + eps;
    }));
  });

  it('auditRange: inside never flags; outside measures against the nearer bound, strictly above the threshold', () => {
    expect(auditRange(1, 0.5, 2, 0.01)).toEqual({ flagged: false, against: 1 });
    expect(auditRange(2.02, 0.5, 2, 0.01).flagged).toBe(false);
    expect(auditRange(2.0201, 0.5, 2, 0.01)).toEqual({ flagged: true, against: 2 });
    expect(auditRange(0.495, 0.5, 2, 0.01).flagged).toBe(false);
    expect(auditRange(0.4949, 0.5, 2, 0.01)).toEqual({ flagged: true, against: 0.5 });
  });
});

describe('actuals report (CLI): a priority day billed correctly', () => {
  it('passes the audit: 1M input + 1M output of gpt-4.1 on priority ($2 + $8 = $10 standard, ×1.75 = $17.50) billed $17.50', () => {
    const dir = workDir();
    const start = Date.UTC(2025, 5, 2) / 1000;
    const bucket = (results: object[]) => ({ object: 'page', data: [{ object: 'bucket', start_time: start, end_time: start + 86400, results }], has_more: false, next_page: null });
    const usage = { object: 'organization.usage.completions.result', input_tokens: 1_000_000, output_tokens: 1_000_000, input_cached_tokens: 0, num_model_requests: 500, project_id: 'proj_a', user_id: null, api_key_id: null, model: 'gpt-4.1', batch: false, service_tier: 'priority' };
    const cost = (item: string, value: number) => ({ object: 'organization.costs.result', amount: { value, currency: 'usd' }, line_item: item, project_id: 'proj_a' });
    writeFileSync(join(dir, 'usage.json'), JSON.stringify(bucket([usage])));
    writeFileSync(join(dir, 'costs.json'), JSON.stringify(bucket([cost('gpt-4.1, input', 3.5), cost('gpt-4.1, output', 14)])));
    expect(runCli(['actuals', 'import', 'usage.json', 'costs.json'], { cwd: dir }).code).toBe(0);
    const rep = JSON.parse(runCli(['actuals', 'report', '-f', 'json'], { cwd: dir }).stdout);
    expect(rep.total.repriced).toBeCloseTo(17.5, 9);
    expect(rep.audit.checked).toBe(1);
    expect(rep.audit.flagged).toEqual([]);
    expect(rep.notes).toEqual([]);
  });
});

describe('actuals import (CLI): the length of a text field', () => {
  it('a service_tier of 1,000 characters is read; one of 1,001 is refused as too long, not as "not a string"', () => {
    const start = Date.UTC(2025, 5, 2) / 1000;
    const page = (tier: string) => ({
      object: 'page',
      data: [{ object: 'bucket', start_time: start, end_time: start + 86400, results: [{ object: 'organization.usage.completions.result', input_tokens: 10, output_tokens: 10, input_cached_tokens: 0, num_model_requests: 1, project_id: 'p', user_id: null, api_key_id: null, model: 'gpt-4.1', batch: false, service_tier: tier }] }],
      has_more: false,
      next_page: null,
    });
    const dir = workDir();
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(page('x'.repeat(1000))));
    writeFileSync(join(dir, 'long.json'), JSON.stringify(page('x'.repeat(1001))));
    expect(runCli(['actuals', 'import', 'ok.json'], { cwd: dir }).code).toBe(0);
    const r = runCli(['actuals', 'import', 'long.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('service_tier: expected a string of at most 1000 characters, got one of 1001');
    expect(r.stderr.length).toBeLessThan(600);
  });
});
