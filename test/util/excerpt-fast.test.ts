/**
 * `excerpt`, `quoted` and `quotedPath` show a short text with nothing to escape as it is, after
 * one pattern test instead of a walk over its characters: the same strings as the walk, for any
 * text (the walk is kept here as the reference, character by character as before).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXCERPT_MAX, excerpt, quoted, quotedPath } from '../../src/util/excerpt.js';

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb\ufffe\uffff]/;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '"': '\\"', '\\': '\\\\' };
const u = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
function escapeChar(ch: string): string {
  const short = SHORT[ch];
  if (short !== undefined) return short;
  const code = ch.codePointAt(0)!;
  if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) return u(code);
  if (INVISIBLE.test(ch)) return u(code);
  return ch;
}
/** The walk `cut` always took before. */
function refCut(text: string, max: number): { shown: string; cut: boolean } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    const pair = code > 0xffff;
    const shown = escapeChar(pair ? text.slice(i, i + 2) : text[i]!);
    if (out.length + shown.length > max) return { shown: out, cut: true };
    out += shown;
    i += pair ? 2 : 1;
  }
  return { shown: out, cut: false };
}
const refExcerpt = (t: string, max = EXCERPT_MAX): string => {
  const r = refCut(t, max);
  return r.cut ? `${r.shown}…` : r.shown;
};

// mostly plain text (the fast path), with every kind of character the walk escapes mixed in
const special = fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u00ad', '\u061c', '\u180e', '\u200b', '\u202e', '\u2028', '\u2066', '\ufeff', '\ufff0', '\uffff', '\ud800', '\udfff', '😀', 'é', '€');
const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), special), { maxLength: 30 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 70 }),
  fc.string({ unit: 'binary', maxLength: 70 }),
);

describe('excerpts of text with nothing to escape', () => {
  it('are what the character walk gives, for any text and length limit (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 90 }), (t, max) => {
        expect(excerpt(t, max)).toBe(refExcerpt(t, max));
        expect(excerpt(t)).toBe(refExcerpt(t));
        expect(quoted(t)).toBe(`"${refExcerpt(t)}"`);
      }),
      { numRuns: 2000 },
    );
  });

  it('pins the boundary: a plain text of exactly the limit is whole, one character more is cut', () => {
    const at = 'a'.repeat(EXCERPT_MAX);
    expect(excerpt(at)).toBe(at);
    expect(excerpt(`${at}b`)).toBe(`${at}…`);
    expect(quotedPath(at)).toBe(`"${at}"`);
    expect(excerpt('a"b')).toBe('a\\"b');
    expect(excerpt('x\ud800y')).toBe('x\\ud800y');
    expect(excerpt('😀')).toBe('😀');
  });
});
