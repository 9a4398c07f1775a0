/** copyData copies data read from YAML or JSON as structuredClone does, without setting up Node's messaging. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyData } from '../../src/util/copy-data.js';

describe('copyData', () => {
  it('property: equals structuredClone of any JSON value, and shares nothing with the original', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = copyData(v);
        expect(c).toStrictEqual(structuredClone(v));
        if (v !== null && typeof v === 'object') expect(c).not.toBe(v);
      }),
    );
  });
  it('an object met twice (a YAML alias) is one object in the copy too, as structuredClone keeps it', () => {
    const shared = { model: 'llama', share: 0.5 };
    const data = { a: shared, b: shared, list: [shared] };
    const c = copyData(data);
    expect(c.a).toBe(c.b);
    expect(c.list[0]).toBe(c.a);
    expect(c.a).not.toBe(shared);
    const s = structuredClone(data);
    expect(s.a).toBe(s.b);
  });
  it('a key named __proto__ stays an own key, not the prototype', () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    const c = copyData(data);
    expect(Object.keys(c)).toEqual(['__proto__', 'y']);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
  });
});
