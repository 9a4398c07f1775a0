/**
 * The count cache checks an entry when it is looked up, not every entry when the file is read:
 * every lookup answers as the whole-file check (readDoc, still what a write merges with) does,
 * for any file content. And the home folder comes from $HOME where os.homedir() would take it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, CountCache, cacheDirs, readDoc } from '../../src/tokens/cache.js';

const HEX = 'a'.repeat(64);
const key = fc.oneof(
  fc.constantFrom(`o200k_base:${HEX}`, `cl100k_base:${'0'.repeat(64)}`, `o200k_base:${HEX.toUpperCase()}`, `bad key:${HEX}`, '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
  fc.string({ maxLength: 12 }),
);
const countValue = fc.oneof(fc.nat(), fc.integer({ min: -5, max: -1 }), fc.double(), fc.string(), fc.constant(null), fc.constant([1]), fc.constant({ n: 1 }));
const fileValue = fc.oneof(fc.constant(`1:2:3:4:5|${HEX}`), fc.constant(`1:2|${'f'.repeat(64)}`), fc.constant(`x|${HEX}`), fc.constant(`1:2|${HEX}0`), fc.string(), fc.nat(), fc.constant(null));
const entries = <V>(k: fc.Arbitrary<string>, v: fc.Arbitrary<V>) => fc.array(fc.tuple(k, v), { maxLength: 8 });
/** Writes an object with these entries as own JSON keys, in order (duplicates: the last wins, as JSON.parse does). */
const obj = (list: [string, unknown][]): string => `{${list.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;

const doc = fc.oneof(
  fc.record({ counts: entries(key, countValue), files: entries(fc.oneof(key, fc.constant('/abs/p.md')), fileValue) }).map(
    ({ counts, files }) => `{"format":"aifinops-token-counts","version":1,"counts":${obj(counts)},"files":${obj(files)}}`,
  ),
  fc.record({ counts: entries(key, countValue) }).map(({ counts }) => `{"format":"aifinops-token-counts","version":1,"counts":${obj(counts)},"files":[1]}`),
  fc.constantFrom('', 'null', '[]', '{"format":"aifinops-token-counts","version":2,"counts":{}}', '{"format":"aifinops-token-counts","version":1,"counts":[]}', '{"format":"x","version":1,"counts":{}}', '{"format":"aifinops-token-counts","version":1,"counts":{"o200k_base:' + HEX + '":3},"files":null}', '{ torn'),
);

describe('count cache lookups', () => {
  it('answer as the whole-file check does, for any file content (property)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-cache-lookup-'));
    try {
      fc.assert(
        fc.property(doc, fc.array(key, { maxLength: 4 }), (text, probes) => {
          writeFileSync(join(dir, CACHE_FILE), text);
          const eager = readDoc(join(dir, CACHE_FILE));
          const cache = new CountCache([dir]);
          const keys = [...new Set([...eager.counts.keys(), ...probes, ...Object.keys(safeParse(text)?.counts ?? {})])];
          for (const k of keys) expect(cache.get(k), k).toBe(eager.counts.get(k));
          const paths = [...new Set([...eager.files.keys(), '/abs/p.md', ...probes, ...Object.keys(safeParse(text)?.files ?? {})])];
          const raw = safeParse(text)?.files;
          for (const p of paths) {
            const v = eager.files.get(p);
            // probe with the signature of the entry as written too, valid or not
            const written = raw && typeof raw === 'object' && Object.hasOwn(raw, p) ? raw[p] : undefined;
            const signatures = ['1:2:3:4:5', ...[v, written].filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, x.lastIndexOf('|')))];
            for (const signature of signatures) {
              const expected = v !== undefined && v.slice(0, v.lastIndexOf('|')) === signature ? v.slice(v.lastIndexOf('|') + 1) : undefined;
              expect(cache.fileHash(p, signature), `${p} ${signature}`).toBe(expected);
            }
          }
        }),
        { numRuns: 300 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a write merges with the file and later lookups see the merged entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-cache-lookup-'));
    try {
      writeFileSync(join(dir, CACHE_FILE), `{"format":"aifinops-token-counts","version":1,"counts":{"o200k_base:${HEX}":7,"bad":1},"files":{}}`);
      const cache = new CountCache([dir]);
      expect(cache.get(`o200k_base:${HEX}`)).toBe(7);
      expect(cache.get('bad')).toBeUndefined();
      cache.set(`cl100k_base:${HEX}`, 9);
      cache.flush();
      expect(cache.get(`cl100k_base:${HEX}`)).toBe(9);
      expect(cache.get(`o200k_base:${HEX}`)).toBe(7);
      expect(new CountCache([dir]).get(`cl100k_base:${HEX}`)).toBe(9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the home folder is the one os.homedir() gives, with HOME set or not', () => {
    const saved = process.env.HOME;
    try {
      for (const home of ['/tmp/aifinops-home-a', '/tmp/aifinops home b', undefined]) {
        if (home === undefined) delete process.env.HOME;
        else process.env.HOME = home;
        const dirs = cacheDirs({}, '/nowhere');
        const h = homedir();
        if (process.platform === 'linux') expect(dirs[0]).toBe(join(h, '.cache', 'aifinops'));
      }
    } finally {
      if (saved === undefined) delete process.env.HOME;
      else process.env.HOME = saved;
    }
  });
});

function safeParse(text: string): { counts?: Record<string, unknown>; files?: Record<string, unknown> } | undefined {
  try {
    const d = JSON.parse(text) as unknown;
    return typeof d === 'object' && d !== null && !Array.isArray(d) ? (d as { counts?: Record<string, unknown>; files?: Record<string, unknown> }) : undefined;
  } catch {
    return undefined;
  }
}
