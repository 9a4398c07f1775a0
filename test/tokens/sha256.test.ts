import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestHex, LARGE_TEXT, sha256Hex } from '../../src/util/sha256.js';
import { sha256 } from '../../src/tokens/count.js';

const native = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256 without node:crypto (src/util/sha256.ts)', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('equals node:crypto at every padding boundary (55, 56, 63, 64 bytes … one and two blocks)', () => {
    for (let n = 0; n <= 200; n++) {
      const text = 'x'.repeat(n);
      expect(sha256Hex(text), `${n} bytes`).toBe(native(text));
    }
    // multi-byte characters straddling the boundaries
    for (let n = 0; n <= 70; n++) {
      const text = `${'a'.repeat(n)}é€😀`;
      expect(sha256Hex(text), `${n} + multi-byte`).toBe(native(text));
    }
  });

  it('equals node:crypto on any string, lone surrogates included (both encode them as U+FFFD)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expect(sha256Hex(text)).toBe(native(text));
        expect(sha256(text)).toBe(native(text));
      }),
      { numRuns: 300 },
    );
    expect(sha256Hex('\ud800 lone \udfff')).toBe(native('\ud800 lone \udfff'));
  });

  it('equals node:crypto on raw bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(digestHex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 200 },
    );
  });

  it('hands texts of LARGE_TEXT characters or more to node:crypto, with the same digest on either side of the line', () => {
    const below = 'a€'.repeat((LARGE_TEXT - 2) / 2) + 'b'; // LARGE_TEXT − 1 characters: hashed here
    expect(below.length).toBe(LARGE_TEXT - 1);
    expect(sha256Hex(below)).toBe(native(below));
    expect(digestHex(Buffer.from(below + 'c', 'utf8'))).toBe(native(below + 'c')); // LARGE_TEXT characters, this loop
    expect(sha256Hex(below + 'c')).toBe(native(below + 'c')); // LARGE_TEXT characters: node:crypto
  });
});
