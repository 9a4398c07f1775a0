/**
 * The whole-file UTF-8 check for tables DuckDB reads itself (util/read.ts assertUtf8File): a
 * character cut by the 8 MiB chunk boundary is not an error, a bad byte anywhere is named by its
 * line and byte offset; and the import names a bad byte past the first 64 KiB the same way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertUtf8File } from '../../src/util/read.js';
import { runCli } from '../helpers/cli.js';
import { fixture, workDir } from './helpers.js';

const CHUNK = 8 * 1024 * 1024;

describe('assertUtf8File', () => {
  it('accepts characters of 2, 3 and 4 bytes cut by the chunk boundary at every position', () => {
    const dir = workDir();
    for (const ch of ['é', '€', '😀']) {
      const bytes = Buffer.from(ch);
      for (let shift = 1; shift < bytes.length; shift++) {
        const file = join(dir, `ok-${bytes.length}-${shift}.csv`);
        // the character starts `shift` bytes before the boundary
        writeFileSync(file, Buffer.concat([Buffer.alloc(CHUNK - shift, 0x61), bytes, Buffer.from('\nend\n')]));
        expect(() => assertUtf8File(file, 'f.csv')).not.toThrow();
      }
    }
  });

  it('names a bad byte in the second chunk by its line and offset, and a file ending in a cut character', () => {
    const dir = workDir();
    const file = join(dir, 'bad.csv');
    const lines = Buffer.from('abc\n'.repeat(CHUNK / 4 + 10));
    const at = CHUNK + 9; // line CHUNK/4 + 3, third byte
    lines[at] = 0xff;
    writeFileSync(file, lines);
    expect(() => assertUtf8File(file, 'bad.csv')).toThrow(`bad.csv:${CHUNK / 4 + 3}: is not valid UTF-8: byte 0xff at byte offset ${at}`);
    const cut = join(dir, 'cut.csv');
    writeFileSync(cut, Buffer.concat([Buffer.from('abc\n'), Buffer.from('€').subarray(0, 2)]));
    expect(() => assertUtf8File(cut, 'cut.csv')).toThrow('cut.csv:2: is not valid UTF-8: byte 0xe2 at byte offset 4');
  });
});

describe('actuals import of a CSV with a bad byte past its first 64 KiB', () => {
  it('exits 2 naming the line and byte offset (DuckDB is not left to find it)', () => {
    const dir = workDir();
    const [header, ...rows] = readFileSync(fixture('litellm.csv'), 'utf8').trimEnd().split('\n');
    const body: string[] = [];
    for (let i = 0; body.length < 2000; i++) for (const r of rows) body.push(r.replace('req-', `req-${i}-`));
    const text = Buffer.from(`${[header, ...body].join('\n')}\n`);
    const line = 1500;
    let offset = 0;
    for (let n = 1; n < line; n++) offset = text.indexOf(10, offset) + 1;
    offset += 2;
    expect(offset).toBeGreaterThan(64 * 1024);
    text[offset] = 0xff;
    writeFileSync(join(dir, 'log.csv'), text);
    const r = runCli(['actuals', 'import', 'log.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`aifinops: error: log.csv:${line}: is not valid UTF-8: byte 0xff at byte offset ${offset} — save the file as UTF-8 (aifinops reads UTF-8 text only)\n`);
  });
});
