/**
 * resolvePath and joinPath (src/util/read.ts) give exactly what path.resolve and path.join give:
 * they only skip Node's normaliser for a path it would give back unchanged.
 */
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinPath, resolvePath } from '../../src/util/read.js';

const segment = fc.constantFrom('', '.', '..', '...', 'a', 'b.yaml', '.hidden', 'x..y', ' sp ', 'é', '\\', '~', '-');
const path = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 6 }), fc.boolean()).map(([abs, segs, trailing]) => `${abs ? '/' : ''}${segs.join('/')}${trailing ? '/' : ''}`);

describe('resolvePath and joinPath', () => {
  it('resolvePath(from, to) is path.resolve(from, to) for any paths (property)', () => {
    fc.assert(
      fc.property(path, path, (from, to) => {
        expect(resolvePath(from, to)).toBe(resolve(from, to));
      }),
      { numRuns: 3000 },
    );
  });

  it('resolvePath(p) is path.resolve(p) for any path (property)', () => {
    fc.assert(
      fc.property(path, (p) => {
        expect(resolvePath(p)).toBe(resolve(p));
      }),
      { numRuns: 3000 },
    );
  });

  it('joinPath(dir, name) is path.join(dir, name) (property)', () => {
    fc.assert(
      fc.property(path, fc.oneof(segment, path), (dir, name) => {
        expect(joinPath(dir, name)).toBe(join(dir, name));
      }),
      { numRuns: 3000 },
    );
  });

  it('the boundaries: the root, a trailing slash, dot segments, empty parts', () => {
    for (const [from, to] of [
      ['/', 'a'],
      ['/', ''],
      ['/a', '.'],
      ['/a', './b'],
      ['/a/', 'b'],
      ['/a', 'b/'],
      ['/a', '/b//c'],
      ['/a', '/'],
      ['/a/b', '..'],
      ['/a/.b', 'c'],
    ] as const) {
      expect(resolvePath(from, to), `${from} ${to}`).toBe(resolve(from, to));
    }
    for (const p of ['/', '//', '/a/', '/a/.', '/a/..', '/a/...', 'a', '', '.', './a', 'a/b/../c']) expect(resolvePath(p), p).toBe(resolve(p));
    for (const [d, n] of [['/', 'a'], ['/a', '..'], ['/a', '.'], ['/a', ''], ['/a/', 'b'], ['a', 'b'], ['/a', 'b/c']] as const) expect(joinPath(d, n), `${d} ${n}`).toBe(join(d, n));
  });
});
