/**
 * Scans that find their next character by pattern instead of walking every character (they run
 * cold on every file a command reads, and a character loop there gets optimised at some cost):
 * - the nesting pre-scan (src/load/nesting.ts) must give exactly what the character-by-character
 *   scan it replaced gave (kept below as the reference) on any text: the same place, or none;
 * - the YAML fast path's control-character check, indentation and plain-scalar ends
 *   (src/load/yaml-simple.ts) must agree with the `yaml` library at each of those boundaries.
 */
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/load/yaml-simple.js';
import { findDeepNesting, MAX_NESTING, type DepthExceeded } from '../../src/load/nesting.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

describe('findDeepNesting (jumping scan) against the character-by-character scan', () => {
  it('agrees on generated texts: brackets, quotes, escapes, comments, block scalars, tabs, CR, at small limits', () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('[', '{', '[[', '{[') },
      { weight: 3, arbitrary: fc.constantFrom(']', '}', '\n', '"', "'") },
      { weight: 2, arbitrary: fc.constantFrom('#', '\\', ' ', '  ', '\t', '\r\n', '- ', ': ', ',', 'a') },
      { weight: 1, arbitrary: fc.constantFrom('? ', '|', '>-', '|2', 'key: ', '1', '+', ' #', '"a\\"b"', "'it''s'", '"a\\', '\\"') },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }).map((ps) => ps.join('')), fc.integer({ min: 1, max: 6 }), (text, max) => {
        expect(findDeepNesting(text, max), JSON.stringify(text)).toEqual(characterByCharacter(text, max));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on every YAML file of the repository, at the real limit and at limits that the files reach', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(name)) files.push(p);
      }
    };
    walk(ROOT);
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const max of [MAX_NESTING, 4, 2]) expect(findDeepNesting(text, max), `${f} at ${max}`).toEqual(characterByCharacter(text, max));
    }
  });
});

describe('the YAML fast path where it searches by pattern', () => {
  /** The fast path's data, or 'library' when it steps aside; the library's data or an error must agree with it. */
  function agrees(text: string): 'simple' | 'library' {
    const fast = parseSimpleYaml(text);
    if (fast === undefined) return 'library';
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
    expect(doc.errors, `the fast path accepted YAML the library rejects: ${JSON.stringify(text)}`).toEqual([]);
    expect(fast.data, JSON.stringify(text)).toStrictEqual(doc.toJS({ maxAliasCount: 100 }));
    return 'simple';
  }

  it('ends a plain value at " #", never at "#" glued to it, and steps aside for ": " or a final ":" on its line', () => {
    expect(parseSimpleYaml('k: a #c\n')?.data).toEqual({ k: 'a' });
    expect(parseSimpleYaml('k: a#b\n')?.data).toEqual({ k: 'a#b' });
    expect(parseSimpleYaml('k: a:b\n')?.data).toEqual({ k: 'a:b' });
    expect(parseSimpleYaml('k: a  # c: d\n')?.data).toEqual({ k: 'a' });
    for (const t of ['k: a: b\n', 'k: a:\n', 'k: a:\nj: 1\n']) expect(parseSimpleYaml(t), t).toBeUndefined();
    for (const t of ['k: a #c\n', 'k: a#b\n', 'k: a:b\n', 'k: a: b\n', 'k: a:\n', 'k: 1 #x: y\n']) agrees(t);
  });

  it('ends a plain scalar in a flow collection at , [ ] { } or ": ", steps aside for a comment or an unclosed collection', () => {
    expect(parseSimpleYaml('k: [a, b]\n')?.data).toEqual({ k: ['a', 'b'] });
    expect(parseSimpleYaml('k: { a: b, c: d:e }\n')?.data).toEqual({ k: { a: 'b', c: 'd:e' } });
    expect(parseSimpleYaml('k: [a#b]\n')?.data).toEqual({ k: ['a#b'] });
    for (const t of ['k: [a #c]\n', 'k: [a, b\n', 'k: { a: b #c }\n', 'k: [a:]\n', 'k: {a:}\n']) expect(parseSimpleYaml(t), t).toBeUndefined();
    for (const t of ['k: [a, b]\n', 'k: { a: b, c: d:e }\n', 'k: [a#b]\n', 'k: [a #c]\n', 'k: [a:]\n', 'k: {a: b:}\n', 'k: [a: b]\n']) agrees(t);
  });

  it('steps aside for every control character but the line feed, DEL, C1 controls and a byte-order mark, and only for those', () => {
    for (let c = 0; c <= 0xa0; c++) {
      const text = `k: a${String.fromCharCode(c)}b\n`;
      const odd = (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f);
      if (odd) expect(parseSimpleYaml(text), `U+${c.toString(16)}`).toBeUndefined();
      else if (c !== 0x0a) agrees(text);
    }
    expect(parseSimpleYaml('\ufeffk: 1\n')).toBeUndefined();
    expect(parseSimpleYaml('k: \ufeff\n')).toBeUndefined();
    expect(parseSimpleYaml('k: a\u2028b\n')?.data).toEqual({ k: 'a\u2028b' });
  });

  it('reads indentation as spaces only: blank and space-only lines are skipped, a comment line too', () => {
    expect(parseSimpleYaml('a:\n  b: 1\n   \n  # c\n  d: 2\n')?.data).toEqual({ a: { b: 1, d: 2 } });
    agrees('a:\n\u00a0 b: 1\n');
  });
});

/** The scan as it was before (commit ae9705f), character by character. */
function characterByCharacter(text: string, max: number): DepthExceeded | undefined {
  let flow = 0; // open [ and { at this point
  const indents: number[] = []; // block levels: the column of each open block node
  let line = 1;
  let i = 0;
  const n = text.length;
  let blockScalarParent = -1; // inside a | or > scalar: the indentation of its parent, else -1
  while (i < n) {
    // one line: [i, end)
    let end = text.indexOf('\n', i);
    if (end === -1) end = n;
    let p = i;
    while (p < end && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09)) p++;
    const indent = p - i;
    const blank = p === end || text[p] === '#' || (p === end - 1 && text[p] === '\r');
    if (blockScalarParent >= 0) {
      if (blank || indent > blockScalarParent) {
        line++;
        i = end + 1;
        continue;
      }
      blockScalarParent = -1;
    }
    if (blank) {
      line++;
      i = end + 1;
      continue;
    }
    if (flow === 0) {
      // block structure: close deeper levels, then open this line's node(s)
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      // a line that is a flow collection is counted by its brackets below
      if (text[p] !== '[' && text[p] !== '{') indents.push(indent);
      // `- - - x` and `? ` open one more level per indicator on the same line
      while ((text[p] === '-' || text[p] === '?') && (p + 1 === end || text[p + 1] === ' ')) {
        p += 2;
        while (p < end && text.charCodeAt(p) === 0x20) p++;
        indents.push(p - i);
        if (indents.length > max) return { line, column: p - i + 1 };
      }
      if (indents.length > max) return { line, column: indent + 1 };
    }
    // the rest of the line: flow brackets outside quotes and comments; a block scalar indicator
    let quote: string | null = null;
    let prev = ' ';
    for (; p < end; p++) {
      const c = text[p]!;
      if (quote !== null) {
        if (c === '\\' && quote === '"') p++;
        else if (c === quote) quote = null;
        prev = c;
        continue;
      }
      if (c === '#' && (prev === ' ' || prev === '\t')) break;
      if ((c === '"' || c === "'") && (prev === ' ' || prev === '[' || prev === '{' || prev === ',' || prev === ':' || prev === '-' || prev === '\t')) {
        quote = c;
      } else if (c === '[' || c === '{') {
        flow++;
        if (flow + indents.length > max) return { line, column: p - i + 1 };
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
      prev = c;
    }
    // `key: |`, `- >-`, `key: |2+` …: the following more-indented lines are text
    if (flow === 0 && mayEndBlockScalarHeader(text, i, p) && /(^|[\s:-])[|>][0-9+-]{0,2}$/.test(text.slice(i, p).trimEnd())) {
      blockScalarParent = indent;
    }
    // a quoted scalar may continue on the next line: the quote state is reset per line (conservative)
    line++;
    i = end + 1;
  }
  return undefined;
}

function mayEndBlockScalarHeader(text: string, i: number, p: number): boolean {
  let q = p - 1;
  while (q >= i) {
    const c = text.charCodeAt(q);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) q--;
    else return c >= 0x80 || c === 0x7c || c === 0x3e || c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39);
  }
  return false;
}
