import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { changeText, showValue } from '../../src/render/compare.js';
import type { OverrideChange } from '../../src/schema/whatif-report.js';

// showValue reaches the yaml library only for a mapping or a list (src/load/yaml-lib.ts loads it on
// that first call), so sensitivity, sweep and whatif tables start without initialising it.
describe('showValue (compare and whatif override values)', () => {
  it('writes scalars as they are and a missing value as (default)', () => {
    expect(showValue(undefined)).toBe('(default)');
    expect(showValue(null)).toBe('(default)');
    expect(showValue('claude-haiku-4-5')).toBe('claude-haiku-4-5');
    expect(showValue(0.35)).toBe('0.35');
    expect(showValue(true)).toBe('true');
  });

  it('writes a mapping or a list as one line of flow YAML', () => {
    expect(showValue({ hit_rate: 0.5, ttl: '5m' })).toBe('{ hit_rate: 0.5, ttl: 5m }');
    expect(showValue([1, 'a'])).toBe('[ 1, a ]');
    const change: OverrideChange = { path: 'pipeline.answer.cache', from: null, to: { hit_rate: 0.9 }, source: '--set' };
    expect(changeText(change)).toBe('pipeline.answer.cache: (default) → { hit_rate: 0.9 }');
  });

  it('gives the yaml library\'s flow text for any mapping or list', () => {
    const value = fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.double({ noNaN: true }), fc.string({ maxLength: 6 }), fc.boolean())), fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { maxLength: 5 }));
    fc.assert(fc.property(value, (v) => showValue(v) === stringify(v, { flow: true }).trim()));
  });
});
