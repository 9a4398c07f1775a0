/**
 * The glob matcher (src/util/glob.ts) against a reference: the regular-expression translations
 * aifinops used before (kept here verbatim), which are correct but can backtrack exponentially.
 * On small alphabets and short names both must agree on every input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandBraces, GlobError, MAX_BRACE_EXPANSIONS, pathMatcher, segmentMatcher } from '../../src/util/glob.js';

/** The old prompt-file segment matcher (src/tokens/guard.ts before issue 13). */
function referenceSegment(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = seg.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The old project-file glob (src/load/project.ts before issue 13). */
function referencePath(glob: string): RegExp {
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  let re = '';
  let depth = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    const segStart = i === 0 || g[i - 1] === '/';
    if ((c === '?' || (c === '*' && g[i + 1] !== '*')) && segStart) re += '(?!\\.)';
    if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const slashAfter = g[i + 2] === '/';
        if (atStart && slashAfter) {
          re += '(?:(?!\\.)[^/]+/)*';
          i += 2;
        } else if (atStart && i + 2 === g.length) {
          re += '.*';
          i += 1;
        } else {
          re += '[^/]*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = g.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      re += '(?:';
      depth++;
    } else if (c === '}' && depth > 0) {
      re += ')';
      depth--;
    } else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.+^$()|\\\]{}]/g, '\\$&');
  }
  while (depth-- > 0) re += ')';
  return new RegExp(`^${re}$`);
}

const segPattern = fc.array(fc.constantFrom('a', 'b', '.', '*', '?', '[ab]', '[!a]', '[a-b]'), { maxLength: 6 }).map((p) => p.join(''));
const name = fc.array(fc.constantFrom('a', 'b', 'c', '.'), { maxLength: 7 }).map((n) => n.join(''));

describe('segment matching', () => {
  it('agrees with the regular-expression reference (fast-check)', () => {
    fc.assert(
      fc.property(segPattern, name, (p, n) => {
        expect(segmentMatcher(p)(n)).toBe(referenceSegment(p).test(n));
      }),
      { numRuns: 20_000 },
    );
  });

  it('examples', () => {
    expect(segmentMatcher('*.md')('a.md')).toBe(true);
    expect(segmentMatcher('a?c')('abc')).toBe(true);
    expect(segmentMatcher('[!a]*')('abc')).toBe(false);
    expect(segmentMatcher('[a-c]x')('bx')).toBe(true);
    expect(segmentMatcher('[x')('[x')).toBe(true); // an unclosed class is literal
    expect(segmentMatcher('*a*a*a*a*a*a*a*a*a*a*a*ax.md')('a'.repeat(5000))).toBe(false); // answers (the reference would not, in any useful time)
  });
});

describe('path matching (the project file\'s rules)', () => {
  const part = fc.constantFrom('a', 'b', '.h', '*', '?', '**', '[ab]', '*.y', 'a.y', '{a,b}', '{a,b.y}', '{.h,b}');
  const glob = fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
  const path = fc.array(fc.constantFrom('a', 'b', '.h', 'a.y', 'b.y', '.y'), { minLength: 1, maxLength: 5 }).map((p) => p.join('/'));

  it('agrees with the regular-expression reference (fast-check)', () => {
    fc.assert(
      fc.property(glob, path, (g, p) => {
        expect(pathMatcher(g).test(p)).toBe(referencePath(g).test(p));
      }),
      { numRuns: 20_000 },
    );
  });

  it('differs from the reference only where the reference broke the documented rules: a wildcard just after { or ,', () => {
    // docs/project-file.md: `*` does not match a leading dot; the regex forgot that inside {…}
    expect(pathMatcher('{a,*.y}').test('.y')).toBe(false);
    expect(referencePath('{a,*.y}').test('.y')).toBe(true);
    // braces expand first, so `{a,**}` is `a` or `**` (everything), as in a shell
    expect(pathMatcher('{a,**}').test('a/a')).toBe(true);
  });

  it('examples', () => {
    const m = (g: string, p: string) => pathMatcher(g).test(p);
    expect(m('scenarios/**/*.yaml', 'scenarios/a.yaml')).toBe(true);
    expect(m('scenarios/**/*.yaml', 'scenarios/x/y/a.yaml')).toBe(true);
    expect(m('scenarios/**/*.yaml', 'scenarios/.x/a.yaml')).toBe(false);
    expect(m('teams/**', 'teams/x/.y.yaml')).toBe(true);
    expect(m('teams/**', 'teams')).toBe(false);
    expect(m('*a*a*a*a*a*a*a*a*a*a*a*a*ax.yaml', 'a'.repeat(5000))).toBe(false);
  });
});

describe('brace expansion', () => {
  it('expands alternatives, nested, and keeps a lone {x} literal', () => {
    expect(expandBraces('p/{a,b}.md')).toEqual(['p/a.md', 'p/b.md']);
    expect(expandBraces('{x,y/{1,2}}.md')).toEqual(['x.md', 'y/1.md', 'y/2.md']);
    expect(expandBraces('{single}.md')).toEqual(['{single}.md']);
  });

  it(`allows exactly ${MAX_BRACE_EXPANSIONS} expansions and refuses one more`, () => {
    // 10 × 10 × 10 = 1000
    const ten = `{${Array.from({ length: 10 }, (_, i) => i).join(',')}}`;
    expect(expandBraces(ten.repeat(3))).toHaveLength(MAX_BRACE_EXPANSIONS);
    expect(() => expandBraces(`${ten.repeat(3)}{a,b}`)).toThrow(GlobError);
    expect(() => expandBraces('{a,b}'.repeat(30))).toThrow(/more than 1000 patterns/);
  });
});
