/**
 * util/collate.ts: the sign of `localeCompare` without ICU's collator, exactly, for the strings it
 * answers itself (a-z, 0-9, `_ - : . /` under an English default locale); everything else is
 * `localeCompare`'s own answer. Sensitivity sorts its ties with it, so its order is unchanged.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localeCompare, resetCollateForTests } from '../../src/util/collate.js';

const ALPHABET = '_-:./0123456789abcdefghijklmnopqrstuvwxyz';
const sign = (a: string, b: string) => Math.sign(a.localeCompare(b));

describe('localeCompare without the collator', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetCollateForTests();
  });

  it('this test process has an English default locale (else the comparisons below test only the fallback)', () => {
    expect(new Intl.PluralRules().resolvedOptions().locale).toMatch(/^en(-[A-Z]{2})?$/);
  });

  it('agrees with localeCompare on every pair of strings of up to two characters of the alphabet', () => {
    const strings = [''];
    for (const a of ALPHABET) {
      strings.push(a);
      for (const b of ALPHABET) strings.push(a + b);
    }
    let differ = 0;
    for (const a of strings) for (const b of strings) if (localeCompare(a, b) !== sign(a, b)) differ++;
    expect(differ).toBe(0);
  });

  it('agrees on random paths, plain or not (fast-check)', () => {
    const plain = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 });
    const any = fc.oneof(plain, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), plain.map((s) => `${s}A`), plain.map((s) => `pipeline.${s} é`));
    fc.assert(fc.property(any, any, (a, b) => localeCompare(a, b) === sign(a, b)), { numRuns: 3000, seed: 16 });
  });

  it('orders punctuation before digits before letters, a prefix first — not by code point', () => {
    expect(localeCompare('a_b', 'a.b')).toBe(-1); // '_' (U+005F) sorts before '.' (U+002E)
    expect(localeCompare('a/1', 'a.1')).toBe(1);
    expect(localeCompare('pipeline.a', 'pipeline.a.input')).toBe(-1);
    expect(localeCompare('price:x', 'price:x')).toBe(0);
  });

  it('leaves a locale set with keywords to ICU', () => {
    vi.stubEnv('LC_ALL', 'en_US.UTF-8@collation=standard');
    resetCollateForTests();
    const spy = vi.spyOn(String.prototype, 'localeCompare');
    localeCompare('a.b', 'a_b');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('does not call localeCompare for plain strings under an English locale', () => {
    const spy = vi.spyOn(String.prototype, 'localeCompare');
    localeCompare('pipeline.execute.input.system', 'pipeline.execute.input.tools');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
