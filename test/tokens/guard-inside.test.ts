/**
 * The guard's "inside the repository" test takes two resolved paths by their prefix instead of
 * path.relative: the same answer as relative() for any two paths, resolved or not (property).
 */
import { isAbsolute, relative, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realInside } from '../../src/tokens/guard.js';

const byRelative = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};
const segment = fc.constantFrom('', '.', '..', 'a', 'b', 'ab', '..a', '.a', 'a.', 'a b', 'a\nb', '\n', 'é');
const path = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 5 }), fc.boolean()).map(([abs, segs, slash]) => `${abs ? '/' : ''}${segs.join('/')}${slash ? '/' : ''}`);

describe('inside the repository', () => {
  it('answers as path.relative does, for any two paths (property)', () => {
    fc.assert(
      fc.property(path, path, (root, p) => {
        expect(realInside(root, p, 'ref', p).ok, `${JSON.stringify(root)} ${JSON.stringify(p)}`).toBe(byRelative(root, p));
      }),
      { numRuns: 5000 },
    );
  });

  it('pins the prefix boundary: a sibling that shares the prefix is outside; the root itself and "/" hold everything below', () => {
    expect(realInside('/repo', '/repo', 'r', '/repo').ok).toBe(true);
    expect(realInside('/repo', '/repo/a', 'r', '/repo/a').ok).toBe(true);
    expect(realInside('/repo', '/repository/a', 'r', '/repository/a').ok).toBe(false);
    expect(realInside('/repo', '/', 'r', '/').ok).toBe(false);
    expect(realInside('/', '/anything/x', 'r', '/anything/x').ok).toBe(true);
  });
});
