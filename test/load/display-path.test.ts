/**
 * displayPath (src/load/catalogues.ts) takes a path below the current folder as the rest of it
 * instead of asking path.relative: the same result as the formula it replaced, on any folder and path.
 */
import { relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/load/catalogues.js';

/** displayPath as it was before (commit ae9705f). */
function throughRelative(file: string, cwd: string): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !resolve(rel).startsWith('..') ? rel : abs;
  return shown.split(sep).join('/');
}

describe('displayPath', () => {
  it('gives what path.relative gave, for folders and paths with ., .., //, trailing slashes and names like ..x', () => {
    const seg = fc.constantFrom('a', 'b', 'scenarios', '.', '..', '..x', 'x..', '', 'é', 'a b');
    const path = fc.array(seg, { maxLength: 5 }).map((s) => s.join('/'));
    const cwd = fc.oneof(fc.constant('/'), path.map((p) => `/${p}`), fc.constantFrom('/work/wt/val', '/work/wt/val/', '/a/./b', '/a//b', '/a/b/..'));
    const file = fc.oneof(path, path.map((p) => `/${p}`), cwd.chain((c) => path.map((p) => `${c}/${p}`)));
    fc.assert(
      fc.property(file, cwd, (f, c) => {
        expect(displayPath(f, c), `${f} from ${c}`).toBe(throughRelative(f, c));
      }),
      { numRuns: 3000 },
    );
  });

  it('shows a file below the folder relative, the folder itself and anything outside it absolute', () => {
    expect(displayPath('scenarios/a.yaml', '/w')).toBe('scenarios/a.yaml');
    expect(displayPath('/w/scenarios/a.yaml', '/w')).toBe('scenarios/a.yaml');
    expect(displayPath('/w', '/w')).toBe('/w');
    expect(displayPath('/wx/a.yaml', '/w')).toBe('/wx/a.yaml');
    expect(displayPath('../a.yaml', '/w/x')).toBe('/w/a.yaml');
    expect(displayPath('..a.yaml', '/w')).toBe('/w/..a.yaml');
    expect(displayPath('a.yaml', '/')).toBe('a.yaml');
  });
});
