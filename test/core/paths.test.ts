import { describe, expect, it } from 'vitest';
import { applyOverride } from '../../src/core/paths.js';
import { scenarioKeysAt } from '../../src/load/scenario.js';
import { estimateFrom, scenarioFrom } from '../helpers/scenario.js';

const base = () => ({
  version: 1,
  name: 't',
  traffic: { requests_per_day: 100 },
  pipeline: [
    { name: 'answer', models: { 'acme-small': 0.5, 'acme-large-latest': 0.5 }, input: { user: 10 } },
    { name: 'judge.v2', model: 'acme-small', output: 5 },
  ],
  costs: [{ name: 'db', monthly: 100 }],
});

describe('override paths', () => {
  it('addresses stages by name and model mixes by model name, even with dots in names', () => {
    const raw = base();
    expect(applyOverride(raw, 'pipeline.answer.models.acme-large-latest', 0.25, scenarioKeysAt).ok).toBe(true);
    expect(raw.pipeline[0]!.models).toEqual({ 'acme-small': 0.5, 'acme-large-latest': 0.25 });
    expect(applyOverride(raw, 'pipeline.judge.v2.output', 9, scenarioKeysAt).ok).toBe(true);
    expect(raw.pipeline[1]!.output).toBe(9);
  });
  it('sets keys the file leaves to their defaults and creates the block they live in', () => {
    const raw = base() as Record<string, unknown>;
    const r = applyOverride(raw, 'pipeline.answer.cache.hit_rate', 0.8, scenarioKeysAt);
    expect(r.ok).toBe(true);
    expect((raw.pipeline as { cache?: unknown }[])[0]!.cache).toEqual({ hit_rate: 0.8 });
  });
  it('setting one way of giving traffic replaces the others; model replaces models', () => {
    const raw = base() as { traffic: Record<string, unknown>; pipeline: Record<string, unknown>[] };
    applyOverride(raw, 'traffic.requests_per_month', 5000, scenarioKeysAt);
    expect(raw.traffic).toEqual({ requests_per_month: 5000 });
    applyOverride(raw, 'pipeline.answer.model', 'acme-large', scenarioKeysAt);
    expect(raw.pipeline[0]!.models).toBeUndefined();
    expect(raw.pipeline[0]!.model).toBe('acme-large');
  });
  it('a path that names nothing is an error with a did-you-mean, never a no-op', () => {
    const raw = base();
    const bad = applyOverride(raw, 'pipeline.answr.output', 1, scenarioKeysAt);
    expect(bad.ok).toBe(false);
    expect(bad.fix).toBe('did you mean "answer"?');
    const badKey = applyOverride(raw, 'pipeline.answer.ouput', 1, scenarioKeysAt);
    expect(badKey.ok).toBe(false);
    expect(badKey.fix).toBe('did you mean "output"?');
    expect(applyOverride(raw, 'pipeline.answer.models.acme-huge', 1, scenarioKeysAt).ok).toBe(false);
    expect(applyOverride(raw, 'costs.db.monthly', 5, scenarioKeysAt).ok).toBe(true);
    expect(applyOverride(raw, 'costs.dbx.monthly', 5, scenarioKeysAt).ok).toBe(false);
    expect(raw).toEqual({ ...base(), costs: [{ name: 'db', monthly: 5 }] });
  });
});

describe('variants and --set through the loader', () => {
  const y = `version: 1
name: t
traffic: { requests_per_month: 1000 }
pipeline:
  - name: answer
    model: acme-small
    input: { system: 2000, user: 100 }
    output: 100
variants:
  cached:
    pipeline.answer.cache.hit_rate: 0.9
  bigger:
    traffic.requests_per_month: 2000
`;
  it('applies a variant, then --set on top', () => {
    const plain = estimateFrom(y).total_monthly_cost;
    expect(estimateFrom(y, { variant: 'bigger' }).total_monthly_cost).toBeCloseTo(plain * 2, 12);
    expect(estimateFrom(y, { variant: 'bigger', set: ['traffic.requests_per_month=3000'] }).total_monthly_cost).toBeCloseTo(plain * 3, 12);
    expect(estimateFrom(y, { variant: 'cached' }).total_monthly_cost).toBeLessThan(plain);
    expect(scenarioFrom(y, { variant: 'cached' }).variant).toBe('cached');
  });
  it('--set values are read as YAML: numbers, percent strings, mappings', () => {
    expect(scenarioFrom(y, { set: ['pipeline.answer.cache={hit_rate: "50%", ttl: 1h}'] }).stages[0]!.cache).toEqual({ hitRate: 0.5, cacheable: ['system', 'tools'], ttl: '1h' });
  });
  it('an unknown variant lists the ones there are', () => {
    expect(() => scenarioFrom(y, { variant: 'cachd' })).toThrow(/no variant named "cachd" — did you mean "cached"\?/);
  });
  it('a bad --set value is reported against the --set flag', () => {
    expect(() => scenarioFrom(y, { set: ['pipeline.answer.output=-5'] })).toThrow(/--set pipeline.answer.output: expected a number of tokens ≥ 0/);
  });
});
