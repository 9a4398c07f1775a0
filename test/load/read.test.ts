/** The shared input reader (src/util/read.ts) and the excerpt helper (src/util/excerpt.ts). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { BIN, runCli, TEST_CACHE_DIR } from '../helpers/cli.js';
import { EXCERPT_MAX, excerpt, quoted, quotedPath } from '../../src/util/excerpt.js';
import { decodeUtf8, inputAt, invalidUtf8Offset, MAX_INPUT_BYTES, readTextFile } from '../../src/util/read.js';

const dir = mkdtempSync(join(tmpdir(), 'aifinops-read-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('no InputError');
};

describe('readTextFile', () => {
  it('reads a regular file as UTF-8, keeping a byte order mark as before', () => {
    expect(readTextFile(file('a.txt', '\ufeffcafé\n'))).toBe('\ufeffcafé\n');
  });

  it('the size limit is inclusive: exactly the limit is read, one byte more is refused', () => {
    expect(readTextFile(file('at.txt', 'x'.repeat(100)), { limit: 100 })).toHaveLength(100);
    expect(messageOf(() => readTextFile(file('over.txt', 'x'.repeat(101)), { limit: 100 }))).toMatch(/is 101 bytes; inputs are limited to 100 bytes/);
    expect(MAX_INPUT_BYTES).toBe(5 * 1024 * 1024);
  });

  it('refuses a FIFO, a character device and a folder without opening them for long', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(messageOf(() => readTextFile(fifo))).toMatch(/is a FIFO \(named pipe\), not a regular file/);
    expect(messageOf(() => readTextFile('/dev/zero'))).toMatch(/is a character device, not a regular file/);
    expect(messageOf(() => readTextFile(dir))).toMatch(/is a folder, expected a file/);
  });

  it('leaves a missing file to the caller (Node\'s ENOENT)', () => {
    expect(() => readTextFile(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('records what it read as an input (by device and inode), for -o to refuse', () => {
    const p = file('input.yaml', 'x: 1\n');
    readTextFile(p);
    expect(inputAt(statSync(p, { bigint: true }))).toBe(p);
    expect(inputAt(statSync(file('other.yaml', 'y'), { bigint: true }))).toBeUndefined();
  });
});

describe('standard input, read in chunks', () => {
  it('multi-byte characters split across chunks decode; a bad byte far in is found at its exact offset', () => {
    const text = 'é€😀'.repeat(30_000); // 270,000 bytes: several pipe reads, most boundaries inside a character
    const ok = runCli(['tokens', '-', '-f', 'json'], { input: text });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).files[0].bytes).toBe(Buffer.byteLength(text));
    const bad = Buffer.concat([Buffer.from(text), Buffer.from([0xff])]);
    const r = spawnSync(process.execPath, [BIN, 'tokens', '-'], { input: bad, encoding: 'utf8', env: { ...process.env, AIFINOPS_CACHE_DIR: TEST_CACHE_DIR } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`(stdin):1: is not valid UTF-8: byte 0xff at byte offset ${Buffer.byteLength(text)}`);
  });
});

describe('UTF-8', () => {
  it('a file of any size reads back exactly, around the pooled-buffer and first-chunk sizes and when many are read in turn (fast-check)', () => {
    // a small file is read into Node's shared buffer pool (src/util/read.ts readChunks): each text
    // must be decoded before the next read reuses the pool
    const sizes = [0, 1, 4094, 4095, 4096, 4097, 8191, 8192, 65535, 65536, 65537];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...sizes), fc.nat({ max: 70_000 })), { minLength: 1, maxLength: 5 }), fc.nat({ max: 25 }), (lengths, shift) => {
        const texts = lengths.map((n, k) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i + shift + k) % 26))).join(''));
        const paths = texts.map((t, k) => file(`sized-${k}.txt`, t));
        expect(paths.map((p) => readTextFile(p))).toEqual(texts);
      }),
      { numRuns: 40, seed: 4 },
    );
  });

  it('names the line and byte offset of the first bad byte', () => {
    expect(messageOf(() => decodeUtf8(Buffer.from([0x61, 0x0a, 0x62, 0xff]), 'f'))).toBe('f:2: is not valid UTF-8: byte 0xff at byte offset 3 — save the file as UTF-8 (aifinops reads UTF-8 text only)');
    expect(invalidUtf8Offset(Buffer.from([0xe2, 0x82]))).toBe(0); // cut short at the end
    expect(invalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(invalidUtf8Offset(Buffer.from('añ€😀', 'utf8'))).toBe(-1);
  });

  it('decodeUtf8 gives what a fatal TextDecoder that keeps the byte-order mark gives, and fails where it fails (fast-check)', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
      fc.string({ maxLength: 12 }).map((t) => new Uint8Array(Buffer.from(`\ufeff${t}`, 'utf8'))),
    );
    // (also through a view into a larger buffer, as a chunk read into a pooled Buffer is)
    fc.assert(
      fc.property(bytes, fc.nat({ max: 7 }), (raw, pad) => {
        const big = new Uint8Array(raw.length + 2 * pad).fill(0xff);
        big.set(raw, pad);
        const view = big.subarray(pad, pad + raw.length);
        let want: string | undefined;
        try {
          want = strict.decode(raw);
        } catch {
          want = undefined;
        }
        if (want === undefined) expect(() => decodeUtf8(view, 'f')).toThrow(/is not valid UTF-8/);
        else expect(decodeUtf8(view, 'f')).toBe(want);
      }),
      { numRuns: 3000 },
    );
    expect(decodeUtf8(Buffer.from('\ufeffa: 1\n', 'utf8'), 'f')).toBe('\ufeffa: 1\n');
  });

  it('invalidUtf8Offset agrees with a fatal TextDecoder on random bytes (fast-check)', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const at = invalidUtf8Offset(bytes);
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(at === -1).toBe(valid);
        // the prefix before the offset is valid UTF-8
        if (at >= 0) expect(() => strict.decode(bytes.subarray(0, at))).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});

describe('excerpt', () => {
  it('is JSON.stringify for short printable text, and escapes what a terminal would act on', () => {
    expect(quoted('budgett')).toBe(JSON.stringify('budgett'));
    expect(quoted('a "b" \\ c')).toBe(JSON.stringify('a "b" \\ c'));
    expect(excerpt('\u001b[2J\u0007x\n')).toBe('\\u001b[2J\\u0007x\\n');
    expect(excerpt('left\u202eright\u200b')).toBe('left\\u202eright\\u200b');
    expect(excerpt('\ud800x')).toBe('\\ud800x');
  });

  it('cuts at the limit with "…", never inside an escape (the boundary: exactly max is not cut)', () => {
    expect(excerpt('x'.repeat(EXCERPT_MAX))).toBe('x'.repeat(EXCERPT_MAX));
    expect(excerpt('x'.repeat(EXCERPT_MAX + 1))).toBe(`${'x'.repeat(EXCERPT_MAX)}…`);
    expect(excerpt(`${'x'.repeat(EXCERPT_MAX - 2)}\n`)).toBe(`${'x'.repeat(EXCERPT_MAX - 2)}\\n`);
    expect(excerpt(`${'x'.repeat(EXCERPT_MAX - 1)}\n`)).toBe(`${'x'.repeat(EXCERPT_MAX - 1)}…`);
  });

  it('any input: at most max characters plus "…", and no control or invisible character (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 80 }), (s, max) => {
        const e = excerpt(s, max);
        expect(e.length).toBeLessThanOrEqual(max + 1);
        expect(e).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028-\u202e\ufeff]/);
        expect(e).not.toMatch(/\p{Cs}/u); // no lone surrogate
        // uncut, it is the whole input, escaped
        if (!e.endsWith('…')) expect([...e.replace(/\\u[0-9a-f]{4}|\\[nrtbf"\\]/g, '.')].length).toBe([...s].length);
      }),
      { numRuns: 2000 },
    );
  });

  it('a long path is cut in the middle, keeping the file name (the boundary: exactly max is not cut)', () => {
    const p = `${'../'.repeat(10)}work/checkouts/a-long-folder-name/test/fixtures/catalogues/acme.yaml`;
    const q = quotedPath(p);
    // a third of 60 from the start (20 characters), the rest of the 60 from the end
    expect(q).toBe(`"${p.slice(0, 20)}…${p.slice(-40)}"`);
    expect(q).toMatch(/\/acme\.yaml"$/);
    expect(quotedPath('x'.repeat(EXCERPT_MAX))).toBe(`"${'x'.repeat(EXCERPT_MAX)}"`);
    expect(quotedPath('x'.repeat(EXCERPT_MAX + 1))).toBe(`"${'x'.repeat(20)}…${'x'.repeat(40)}"`);
    expect(quotedPath(`a\n${'b'.repeat(70)}\u202e.yaml`)).toMatch(/^"a\\n.*….*\\u202e\.yaml"$/);
  });

  it('quotedPath on any input: at most max escaped characters besides the quotes and "…" (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 3, max: 80 }), (s, max) => {
        const q = quotedPath(s, max);
        expect(q.length).toBeLessThanOrEqual(max + 3);
        expect(q).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028-\u202e\ufeff]/);
        expect(q).not.toMatch(/\p{Cs}/u);
        if (excerpt(s, max).endsWith('…')) expect(q).toContain('…');
        else expect(q).toBe(quoted(s, max));
      }),
      { numRuns: 2000 },
    );
  });
});
