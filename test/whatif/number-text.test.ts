/**
 * whatif-common.ts numberText: a point's value written as JavaScript writes a number is read as that
 * number without the YAML reader — and the reader would have read the very same number (Object.is,
 * so -0 and the last bit count). Anything else (percent, words, YAML's own spellings, padded or
 * non-canonical numbers) is left to the reader.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberText } from '../../src/commands/whatif-common.js';
import { parseSetValue } from '../../src/load/scenario.js';

describe('numberText', () => {
  it('property: for any finite double, String(x) is read as x, as the YAML reader reads it', () => {
    const x = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e15, max: 1e25, noNaN: true }));
    fc.assert(
      fc.property(x, (v) => {
        const text = String(v);
        const n = numberText(text);
        // -0 is written "0", which both read as 0
        const expected = Object.is(v, -0) ? 0 : v;
        return Object.is(n, expected) && Object.is(parseSetValue(text), expected);
      }),
      { numRuns: 20000, seed: 16 },
    );
  });

  it('property: whenever it gives a number, the YAML reader gives the same one (random number-like texts)', () => {
    const digits = fc.stringMatching(/^[0-9]{1,25}$/);
    const text = fc.oneof(
      fc.tuple(fc.constantFrom('', '-', '+'), digits, fc.constantFrom('', '.', '.5', '.50', '.0'), fc.constantFrom('', 'e5', 'e+21', 'e-7', 'E3', 'e+0')).map((p) => p.join('')),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        const n = numberText(t);
        return n === undefined || Object.is(parseSetValue(t), n);
      }),
      { numRuns: 20000, seed: 16 },
    );
  });

  it('leaves to the reader what is not a number as JavaScript writes it', () => {
    for (const t of ['NaN', 'Infinity', '-Infinity', '.inf', '35%', '0.50', '1.', '.5', '+1', '01', '1E3', '1e5', '0x10', ' 1', '1 ', '', '-0', 'abc', '1_000']) expect(numberText(t), t).toBeUndefined();
    expect(numberText('0.85')).toBe(0.85);
    expect(numberText('1e+21')).toBe(1e21);
    expect(numberText('1e-7')).toBe(1e-7);
    expect(numberText('-3')).toBe(-3);
  });
});
