/**
 * The counter against the tokenizers' own test vectors and against tiktoken itself (OpenAI's Rust
 * core, through the `tiktoken` WASM package).
 * Vectors: openai/tiktoken tests/test_encoding.py and tests/test_offsets.py (cl100k_base),
 * zurawiki/tiktoken-rs tests/tiktoken.rs (cl100k_base and o200k_base).
 */
import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { get_encoding } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { counterFor } from '../../src/tokens/encodings.js';

const ours = { cl100k_base: counterFor('cl100k_base'), o200k_base: counterFor('o200k_base') };
const reference = { cl100k_base: get_encoding('cl100k_base'), o200k_base: get_encoding('o200k_base') };
afterAll(() => {
  reference.cl100k_base.free();
  reference.o200k_base.free();
});
/** tiktoken's encode_ordinary: special-token text counted as plain text. */
const refCount = (enc: keyof typeof reference, text: string): number => reference[enc].encode_ordinary(text).length;

describe('known vectors', () => {
  it('cl100k_base (tiktoken test_encoding.py / test_offsets.py, tiktoken-rs)', () => {
    const c = ours.cl100k_base;
    expect(c.count('hello world')).toBe(2); // [15339, 1917]
    expect(c.count('rer')).toBe(1); // [38149]
    expect(c.count("'rer")).toBe(2); // [2351, 81]
    expect(c.count('today\n ')).toBe(3); // [31213, 198, 220]
    expect(c.count('today\n \n')).toBe(2); // [31213, 27907]
    expect(c.count('today\n  \n')).toBe(2); // [31213, 14211]
    expect(c.count(' \x850')).toBe(4); // [220, 126, 227, 15]
    expect(c.count('👍')).toBe(3); // [9468, 239, 235]
    expect(c.count('\ud83d\udc4d')).toBe(3); // surrogate pair → code point
    expect(c.count('\ud83d')).toBe(c.count('�')); // lone surrogate → U+FFFD
    expect(c.count('我非常渴望与人工智能一起工作')).toBe(17); // 17 offsets
    expect(c.count('நடிகர் சூர்யா')).toBe(19); // 19 offsets
    expect(c.count(' Ġ除')).toBe(2); // [0, 1]
    expect(c.count('This is a test         with a lot of spaces')).toBe(10); // [2028, 374, 264, 1296, 260, 449, 264, 2763, 315, 12908]
    expect(c.count('')).toBe(0);
  });

  it('o200k_base (tiktoken-rs o200k_base_test)', () => {
    const o = ours.o200k_base;
    expect(o.count('This is a test         with a lot of spaces')).toBe(10); // [2500, 382, 261, 1746, 269, 483, 261, 3261, 328, 18608]
    expect(o.count('')).toBe(0);
  });

  it('special-token text is counted as ordinary text, as tiktoken encode_ordinary does', () => {
    for (const enc of ['cl100k_base', 'o200k_base'] as const) {
      const text = 'hello <|endoftext|> world <|endofprompt|>';
      expect(ours[enc].count(text)).toBe(refCount(enc, text));
      expect(ours[enc].count(text)).toBeGreaterThan(6);
    }
  });

  it('splits on Unicode White_Space as tiktoken (Rust) does, not on JavaScript \\s as js-tiktoken does', () => {
    const js = new Tiktoken(o200k);
    for (const text of [' \x850', 'a\u0085 b', 'x\ufeff y']) expect(ours.o200k_base.count(text)).toBe(refCount('o200k_base', text));
    expect(js.encode(' \x850', [], []).length).not.toBe(refCount('o200k_base', ' \x850')); // the difference this guards
  });

  it('has the full vocabularies', () => {
    expect(ours.o200k_base.size).toBe(199998);
    expect(ours.cl100k_base.size).toBe(100256);
  });
});

const PIECES = [
  'the', ' quick', ' brown', 'Fox', ' JUMPS', "'s", "'LL", "'re", ' ', '  ', '   ', '\t', '\n', '\r\n', '\n\n', ' \n ',
  '0', '12', '12345', '3.14', '-', '—', '...', '!!', '?', '{', '}', '[]', '()', '"', "'", '`', '```', '==', '=>', '/', '\\',
  'café', 'naïve', 'Größe', 'ÉCOLE', 'é', 'e\u0301', 'こんにちは', '世界', '数据', 'Привет', 'مرحبا', 'नमस्ते', '한국어',
  '🚀', '👍🏽', '👨‍👩‍👧', '✨', '\u00a0', '\u2028', '\u3000', '<|endoftext|>', 'ab'.repeat(40), ' '.repeat(200), 'x'.repeat(300),
  '0'.repeat(150), '-'.repeat(160), 'aGVsbG8gd29ybGQ='.repeat(12),
];

describe('same counts as tiktoken', () => {
  it('on text built from tricky pieces (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(ours.o200k_base.count(text)).toBe(refCount('o200k_base', text));
        expect(ours.cl100k_base.count(text)).toBe(refCount('cl100k_base', text));
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary Unicode strings (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        expect(ours.o200k_base.count(text)).toBe(refCount('o200k_base', text));
        expect(ours.cl100k_base.count(text)).toBe(refCount('cl100k_base', text));
      }),
      { numRuns: 300 },
    );
  });

  it('on long single pieces (the heap merge path)', () => {
    for (const text of ['x'.repeat(5000), 'ab'.repeat(1500), ' '.repeat(4000), '0123456789'.repeat(300), 'aGVsbG8'.repeat(500), 'é'.repeat(900)]) {
      expect(ours.o200k_base.count(text)).toBe(refCount('o200k_base', text));
      expect(ours.cl100k_base.count(text)).toBe(refCount('cl100k_base', text));
    }
  });

  it('handles a 1,000,000-character piece without blowing up (tiktoken test_large_repeated)', () => {
    expect(ours.o200k_base.count('x'.repeat(1_000_000))).toBeGreaterThan(1000);
  });
});
