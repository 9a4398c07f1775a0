/**
 * The build's trim of cli-table3's string-width (scripts/build.mjs, startupTrims): a string with
 * none of the code units of scripts/emoji-candidates.mjs is measured without the emoji pattern.
 * That is exact only if no such string holds an emoji match; checked here against the pattern.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emojiCandidateClass } from '../../scripts/emoji-candidates.mjs';

const requireFrom = createRequire(createRequire(import.meta.url).resolve('cli-table3'));
const swRequire = createRequire(requireFrom.resolve('string-width'));
const emojiRegex = swRequire('emoji-regex') as () => RegExp;
const candidates = new RegExp(emojiCandidateClass(emojiRegex));
const unchanged = (s: string) => s.replace(emojiRegex(), '  ') === s;

describe('emoji candidates for string-width', () => {
  it('every string the pattern changes holds a candidate code unit: each BMP code point, and pairs of emoji-like characters', () => {
    const outside: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCharCode(c);
      if (!candidates.test(s)) {
        expect(unchanged(s), c.toString(16)).toBe(true);
        if (/\p{Emoji}|\p{Emoji_Component}|\p{Extended_Pictographic}/u.test(s)) outside.push(s);
      }
    }
    expect(outside.length).toBeGreaterThan(50); // ©, ®, digits, #, ‼, ™, ↔, ☺ …: emoji only with a mark
    for (const a of outside) for (const b of outside) expect(unchanged(a + b), JSON.stringify(a + b)).toBe(true);
  });

  it('agrees on generated strings: no candidate, no change', () => {
    const pool = fc.constantFrom('a', '1', '#', '*', ' ', '—', '·', '≤', '©', '®', '‼', '™', 'ℹ', '↔', '☺', '☝', '✌', '❤', '中', 'é', '\u0301', '\u200d', '\u20e3', '\ufe0f', '\u231a', '\u2614', '\ud83d\ude00', '\ud83c\udffb', '\ud83c\uddfa');
    fc.assert(
      fc.property(fc.array(pool, { maxLength: 6 }).map((xs) => xs.join('')), (s) => {
        if (!candidates.test(s)) expect(unchanged(s), JSON.stringify(s)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // and the candidates do catch real emoji
    for (const s of ['\u231a', '\u2764\ufe0f', '#\ufe0f\u20e3', '\ud83d\ude00', '\ud83d\udc4d\ud83c\udffb']) {
      expect(candidates.test(s), s).toBe(true);
      expect(unchanged(s), s).toBe(false);
    }
  });
});
