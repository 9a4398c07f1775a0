/**
 * Issue 13, the pure helpers behind the hostile-input fixes: CSV cells, the markdown escaper,
 * number formatting at the extremes, the nesting pre-scan, calendar dates, the overflow walker.
 * Boundaries are pinned (≤ vs <).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstNonFinite } from '../../src/core/finite.js';
import { findDeepNesting, MAX_NESTING } from '../../src/load/nesting.js';
import { csvField } from '../../src/render/csv.js';
import { compact, count, money, percent, unitPrice } from '../../src/render/format.js';
import { mdCode, mdEscape, mdFence, mdLink } from '../../src/render/markdown.js';
import { isRealDate } from '../../src/schema/common.js';
import { grouped, sci } from '../../src/util/number.js';

describe('csvField: formula injection (OWASP) neutralised, numbers kept', () => {
  it('text starting with = + - @ tab or CR gets a leading quote and is quoted', () => {
    expect(csvField('=SUM(A1:A9)')).toBe(`"'=SUM(A1:A9)"`);
    expect(csvField('+cmd|calc')).toBe(`"'+cmd|calc"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(1)')).toBe(`"'@SUM(1)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });
  it('numbers stay numeric: -12.5 as a number or as plain number text', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('+3')).toBe('+3');
    expect(csvField('-1e-6')).toBe('-1e-6');
    expect(csvField(Number.NaN)).toBe('');
  });
  it('ordinary text is unchanged; commas and quotes are quoted as before', () => {
    expect(csvField('answer')).toBe('answer');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a=b')).toBe('a=b');
  });
  it('property: no cell a spreadsheet would evaluate ever leaves unneutralised', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string(), (c, rest) => {
        const cell = csvField(c + rest);
        const numeric = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(c + rest);
        expect(numeric || cell.startsWith(`"'`)).toBe(true);
      }),
    );
  });
});

describe('mdEscape: one escaper for every markdown output', () => {
  it('HTML, links, code spans and table breaks render as text', () => {
    expect(mdEscape('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mdEscape('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(mdEscape('a|b`c`\\')).toBe('a\\|b\\`c\\`\\\\');
    expect(mdEscape('R&D\nnext')).toBe('R&amp;D next');
  });
  it('emphasis and strike-through characters render as themselves', () => {
    expect(mdEscape('**bold** _it_ ~~gone~~')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~');
  });
  it('an @ never mentions anyone: a zero-width space follows it', () => {
    expect(mdEscape('@org/team')).toBe('@\u200borg/team');
    expect(mdEscape('ops@example.com')).toBe('ops@\u200bexample.com');
  });
  it('property: the output has no raw < > or unescaped [ ] ` | and no line break', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = mdEscape(s);
        expect(e).not.toMatch(/[<>\n\r\u2028\u2029]/);
        // every [ ] ` | is preceded by an odd number of backslashes
        for (const m of e.matchAll(/(\\*)([[\]`|*_~])/g)) expect(m[1]!.length % 2).toBe(1);
        // every @ is followed by a zero-width space
        expect(e).not.toMatch(/@(?!\u200b)/);
      }),
    );
  });
  it('code spans and fences cannot be closed from inside', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('x``y')).not.toMatch(/``y/);
    const lines = mdFence('label\n```\n<img>').split('\n');
    const [open, close] = [lines[0], lines[lines.length - 1]];
    expect(open).toBe('````text');
    expect(close).toBe('````');
  });
  it('links only to http(s); javascript: is shown as code', () => {
    expect(mdLink('docs', 'https://example.com/p')).toBe('[docs](https://example.com/p)');
    expect(mdLink('docs', 'javascript:alert(1)')).toBe('docs `javascript:alert(1)`');
  });
});

describe('numbers at the extremes: scientific notation, three significant digits, everywhere', () => {
  it('huge and tiny numbers', () => {
    expect(sci(1.52e307)).toBe('1.52e+307');
    expect(sci(1e308)).toBe('1e+308');
    expect(sci(1e-12)).toBe('1e-12');
    expect(sci(-2.5e20)).toBe('-2.5e+20');
    expect(grouped(1e308, 0)).toBe('1e+308');
    expect(count(1e308)).toBe('1e+308');
    expect(count(1.52e307)).toBe('1.52e+307');
    expect(compact(1e23)).toBe('1e+23');
    expect(money(1.52e307, 'USD')).toBe('$1.52e+307');
    expect(money(-1.52e307, 'EUR')).toBe('-€1.52e+307');
    // money is never shown in scientific notation below one unit: a residue of a sum is 0.00, not '$1e-12'
    expect(money(1e-12, 'USD')).toBe('$0.00');
    expect(money(3e-16, 'USD')).toBe('$0.00');
    expect(money(-3e-16, 'USD')).toBe('$0.00');
    expect(unitPrice(1e-12, 'USD')).toBe('$1e-12');
    expect(unitPrice(1e300, 'USD')).toBe('$1e+300');
    expect(percent(1e20)).toBe('1e+22%');
  });
  it('the boundaries: 1e15 switches to scientific notation, 999,999,999,999,999 does not; 1e-6 stays fixed, below it does not', () => {
    expect(count(999_999_999_999_999)).toBe('999,999,999,999,999');
    expect(count(1e15)).toBe('1e+15');
    expect(money(1e-6, 'USD')).toBe('$0.000001');
    expect(money(9.99e-7, 'USD')).toBe('$0.000000999'); // money keeps fixed notation below 1e-6 (up to 10 decimals)
    expect(money(1e15, 'USD')).toBe('$1e+15');
    expect(money(999_999_999_999, 'USD')).toBe('$999,999,999,999.00'); // (money is rounded to 12 significant digits first, so 999,999,999,999,999 reads as $1e+15)
  });
  it('ordinary numbers are unchanged, negatives grouped correctly', () => {
    expect(grouped(-1234567.5, 1)).toBe('-1,234,567.5');
    expect(money(1234567.891, 'USD')).toBe('$1,234,567.89');
    expect(compact(1520000)).toBe('1.52M');
  });
});

describe('nesting pre-scan', () => {
  it('skips the text of a block scalar after any header form (trailing spaces, comment, CR, indicators) and nothing else', () => {
    const deep = `  ${'['.repeat(MAX_NESTING + 5)}\n`;
    for (const header of ['a: |', 'a: >-', 'a: |2+', 'a: >+1', '- >', 'a: |   ', 'a: | # note', 'a: >-\r', 'a:\t|\t', 'x: a - |']) {
      expect(findDeepNesting(`${header}\n${deep}b: 1\n`), JSON.stringify(header)).toBeUndefined();
    }
    for (const plain of ['a: b', 'a: |x', 'a: 5', 'a: x-', 'a: "|"', 'a: \u00a0']) {
      expect(findDeepNesting(`${plain}\n${deep}`), JSON.stringify(plain)).toBeDefined();
    }
  });

  const flow = (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`;
  it(`pins the limit: ${MAX_NESTING} levels pass, one more is refused at its column`, () => {
    // the mapping `a:` is one level, so n flow levels make n + 1
    expect(findDeepNesting(flow(MAX_NESTING - 1))).toBeUndefined();
    expect(findDeepNesting(flow(MAX_NESTING))).toEqual({ line: 1, column: 4 + MAX_NESTING - 1 });
  });
  it('block indentation and "- " sequences count; brackets in quotes, comments and block scalars do not', () => {
    const block = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(findDeepNesting(block(MAX_NESTING))).toBeUndefined();
    expect(findDeepNesting(block(MAX_NESTING + 1))?.line).toBe(MAX_NESTING + 1);
    expect(findDeepNesting(`${'- '.repeat(MAX_NESTING + 1)}x`)).toBeDefined();
    const deep = '['.repeat(200);
    expect(findDeepNesting(`a: "${deep}"\nb: '${deep}'\nc: x # ${deep}\nd: |\n  ${deep}\n  ${deep}\ne: 1\n`)).toBeUndefined();
  });
  it('JSON, minified or pretty', () => {
    expect(findDeepNesting(JSON.stringify({ a: [[[1]]], b: '[[[[[[' }))).toBeUndefined();
    expect(findDeepNesting('['.repeat(100_000))?.column).toBe(MAX_NESTING + 1);
  });
});

describe('calendar dates', () => {
  it('months 01–12, days the month has, leap years', () => {
    expect(isRealDate('2026-01-31')).toBe(true);
    expect(isRealDate('2026-13-45')).toBe(false);
    expect(isRealDate('2026-00-10')).toBe(false);
    expect(isRealDate('2026-04-30')).toBe(true);
    expect(isRealDate('2026-04-31')).toBe(false);
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2000-02-29')).toBe(true);
    expect(isRealDate('2100-02-29')).toBe(false);
    expect(isRealDate('2026-01-00')).toBe(false);
  });
});

describe('firstNonFinite', () => {
  it('finds Infinity and NaN anywhere, with its path; finite data gives undefined', () => {
    expect(firstNonFinite({ a: [1, { b: Number.NaN }] })).toEqual({ path: ['a', 1, 'b'], value: Number.NaN });
    expect(firstNonFinite({ a: 1, b: [2, 3], c: null, d: 'x' })).toBeUndefined();
    expect(firstNonFinite([0, -Infinity])?.path).toEqual([1]);
  });

  it('finds the first one depth-first, left to right, with the path under the given prefix (as a walk that copies the path at every node)', () => {
    // the walk before paths were kept as parent links: the reference
    const reference = (value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: number } | undefined => {
      const stack: { v: unknown; p: (string | number)[] }[] = [{ v: value, p: path }];
      while (stack.length > 0) {
        const { v, p } = stack.pop()!;
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) return { path: p, value: v };
        } else if (Array.isArray(v)) {
          for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], p: [...p, i] });
        } else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
          const keys = Object.keys(v);
          for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: (v as Record<string, unknown>)[keys[i]!], p: [...p, keys[i]!] });
        }
      }
      return undefined;
    };
    const leaf = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.string({ maxLength: 2 }), fc.constant(null), fc.boolean());
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj')),
      arr: fc.array(tie('node'), { maxLength: 4 }),
      obj: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('node'), { maxKeys: 4 }),
    })).node;
    fc.assert(
      fc.property(tree, fc.constantFrom<(string | number)[][]>([], ['stages', 0]), (t, prefix) => {
        expect(firstNonFinite(t, prefix)).toStrictEqual(reference(t, prefix));
      }),
      { numRuns: 2000 },
    );
  });
});
