/** compareReports: lines matched by name across columns, deltas and ratios against the first. */
import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/core/compare.js';
import { describeChanges, readPath } from '../../src/core/whatif.js';
import { InputError } from '../../src/errors.js';
import { scenarioKeysAt } from '../../src/load/scenario.js';
import { Inline } from './helpers.js';

// R = 1,000/month. a: 1,000 × (1,000 × $1 + 100 × $4)/1e6 = $1.40; b: 1,000 × (500 × $10)/1e6 = $5.00
const TWO = new Inline(`
version: 1
name: two
traffic: { requests_per_month: 1000, users: 10 }
pipeline:
  - { name: a, model: acme-small, input: { user: 1000 }, output: 100 }
  - { name: b, model: acme-large, input: { user: 500 } }
costs:
  - { name: db, category: retrieval, monthly: 10 }
budget: { monthly: 20 }
`);

const opts = { kind: 'compare' as const, toolVersion: 'test', set: [], pricedAsOf: '2026-11-23' };

describe('compareReports', () => {
  it('deltas and ratios per stage, model, item and total against the first column', () => {
    const ref = TWO.estimate();
    const other = TWO.estimate(['pipeline.b.input.user=250', 'costs.db.monthly=15']);
    const r = compareReports([{ label: 'x', report: ref, changes: [] }, { label: 'y', report: other, changes: [] }], opts);
    const get = (kind: string, name: string) => r.lines.find((l) => l.kind === kind && l.name === name)!;
    expect(get('stage', 'a').deltas).toEqual([null, 0]);
    expect(get('stage', 'b').values[0]).toBeCloseTo(5, 12);
    expect(get('stage', 'b').deltas[1]).toBeCloseTo(-2.5, 12);
    expect(get('stage', 'b').ratios[1]).toBeCloseTo(-0.5, 12);
    expect(get('line_item', 'db').deltas[1]).toBe(5);
    expect(get('total', 'total').values[0]).toBeCloseTo(16.4, 12);
    expect(get('total', 'total').deltas[1]).toBeCloseTo(2.5, 12);
    expect(r.columns[1]!.delta).toBeCloseTo(2.5, 12);
    expect(r.columns[1]!.delta_ratio).toBeCloseTo(2.5 / 16.4, 12);
    expect(r.columns[0]!.delta).toBeNull();
    expect(get('cost_per_user', 'cost per user').deltas[1]).toBeCloseTo(0.25, 12);
    expect(r.scenarios).toHaveLength(2);
  });

  it('a stage or model one column lacks is null there and counts as 0 in the delta', () => {
    const ref = TWO.estimate();
    const other = TWO.estimate(['pipeline.b.model=acme-small']);
    const r = compareReports([{ label: 'x', report: ref, changes: [] }, { label: 'y', report: other, changes: [] }], opts);
    const large = r.lines.find((l) => l.kind === 'model' && l.stage === 'b' && l.name === 'acme/acme-large')!;
    const small = r.lines.find((l) => l.kind === 'model' && l.stage === 'b' && l.name === 'acme/acme-small')!;
    expect(large.values[1]).toBeNull();
    expect(large.deltas[1]).toBeCloseTo(-5, 12);
    expect(large.ratios[1]).toBeCloseTo(-1, 12);
    expect(small.values[0]).toBeNull();
    expect(small.deltas[1]).toBeCloseTo(0.5, 12); // 1,000 × 500 × $1/1e6
    expect(small.ratios[1]).toBeNull();
  });

  it('never compares amounts in different currencies', () => {
    const ref = TWO.estimate();
    const eur = { ...TWO.estimate(), currency: 'EUR', file: 'eur.yaml' };
    expect(() => compareReports([{ label: 'x', report: ref, changes: [] }, { label: 'y', report: eur, changes: [] }], opts)).toThrow(InputError);
    expect(() => compareReports([{ label: 'x', report: ref, changes: [] }], opts)).toThrow(/at least two/);
  });
});

describe('reading paths and describing changes', () => {
  it('reads what --set would change, undefined for a default, an error for a path that names nothing', () => {
    const raw = TWO.raw();
    expect(readPath(raw, 'pipeline.a.input.user', scenarioKeysAt)).toMatchObject({ ok: true, value: 1000 });
    expect(readPath(raw, 'pipeline.a.cache.hit_rate', scenarioKeysAt)).toMatchObject({ ok: true, value: undefined });
    const bad = readPath(raw, 'pipeline.a.ouput', scenarioKeysAt);
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.fix).toMatch(/output/);
    expect(raw).toEqual(TWO.raw()); // reading never changes the data
  });
  it('changes carry the value the file has', () => {
    const c = describeChanges(TWO.raw(), [{ path: 'traffic.requests_per_month', value: 2000 }, { path: 'pipeline.b.retry_rate', value: 0.1 }], '--set', scenarioKeysAt);
    expect(c).toEqual([
      { path: 'traffic.requests_per_month', from: 1000, to: 2000, source: '--set' },
      { path: 'pipeline.b.retry_rate', from: null, to: 0.1, source: '--set' },
    ]);
  });
});
