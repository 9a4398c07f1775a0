/**
 * Fitting tables and text to a terminal's width (render/fit.ts), in process: every line fits,
 * nothing kept is lost or reordered, and without a width nothing changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLines, fitTable, tableWidth, wrapLine } from '../../src/render/fit.js';
import { Grid, textWidth } from '../../src/render/grid.js';
import { makeStyle } from '../../src/render/style.js';

const SGR = /\u001b\[[0-9;]*m/g;
const plain = (s: string) => s.replace(SGR, '');
const words = (s: string) => plain(s).split(/\s+/).filter(Boolean).join('');
const colour = makeStyle(true);

const WORDS = ['a', 'cost', 'per', 'request', '$1,234.56', 'anthropic/claude-haiku-4-5', 'openai/gpt-6-luna', '中文', 'é', '—', 'supercalifragilisticexpialidocious', '12%'];
const text = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 8 }).map((w) => w.join(' '));
const styled = fc.tuple(text, fc.constantFrom<(s: string) => string>((s) => s, colour.bold, colour.red, colour.dim)).map(([t, c]) => (t ? c(t) : t));

describe('wrapLine', () => {
  it('every line fits, the words come back in order, colour is closed on every line', () => {
    fc.assert(
      fc.property(styled, fc.integer({ min: 4, max: 60 }), (t, width) => {
        const lines = wrapLine(t, width);
        for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(width);
        expect(lines.map(words).join('')).toBe(words(t));
        for (const l of lines.slice(0, -1)) if (l.includes('\u001b[')) expect(l.endsWith('\u001b[0m') || /\u001b\[(22|39)m$/.test(l)).toBe(true);
      }),
    );
  });

  it('breaks at spaces when the words fit, keeping the indentation of continuation lines', () => {
    expect(wrapLine('  one two three four', 10, '  ')).toEqual(['  one two', '  three', '  four']);
    expect(wrapLine('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    // exactly the width fits (≤), one more does not
    expect(wrapLine('abcd efgh', 9)).toEqual(['abcd efgh']);
    expect(wrapLine('abcd efghi', 9)).toEqual(['abcd', 'efghi']);
  });
});

describe('fitLines', () => {
  it('leaves text alone without a width or when it fits', () => {
    expect(fitLines('x'.repeat(200), undefined)).toBe('x'.repeat(200));
    expect(fitLines('a b\nc', 3)).toBe('a b\nc');
  });
});

const cell = fc.oneof(styled, fc.constantFrom('', '0', '$3,881.60', '75%', '1.16B'));
const table = fc.integer({ min: 1, max: 9 }).chain((cols) =>
  fc.record({
    head: fc.array(fc.constantFrom('Stage', 'Model', 'Share', 'Cache write', 'Monthly', ''), { minLength: cols, maxLength: cols }),
    rows: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: 6 }),
    fit: fc.array(fc.record({ drop: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }), wrap: fc.boolean(), models: fc.boolean() }), { minLength: cols, maxLength: cols }),
  }),
);

describe('fitTable', () => {
  it('at any width from 40 up: every line fits, kept columns keep their order and their words (provider prefixes aside), a table that fits is untouched', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 40, max: 200 }), ({ head, rows, fit }, width) => {
        const fits = (f: (typeof fit)[number]) => ({ ...(f.drop === undefined ? {} : { drop: f.drop }), wrap: f.wrap, models: f.models });
        const cols = head.length;
        const g = new Grid(head, head.map(() => 'left'), fit.map(fits), width);
        g.push(...rows);
        const out = g.toString();
        // a table of n columns cannot be narrower than 3n + 1: below that the test has no claim
        if (3 * cols + 1 <= width) for (const l of out.split('\n')) expect(textWidth(l)).toBeLessThanOrEqual(width);
        const all = [head, ...rows];
        const natural = tableWidth(head.map((_, c) => Math.max(...all.map((r) => Math.max(...r[c]!.split('\n').map(textWidth))))));
        const f = fitTable(all, fit.map(fits), width);
        if (natural <= width) expect(f.rows).toEqual(all);
        expect(f.kept).toEqual([...f.kept].sort((a, b) => a - b));
        f.kept.forEach((c, i) => {
          all.forEach((r, y) => expect(words(f.rows[y]![i]!)).toBe(fit[c]!.models ? words(f.rows[y]![i]!) : words(r[c]!)));
        });
        // only columns that may go, go
        for (let c = 0; c < cols; c++) if (!f.kept.includes(c)) expect(fit[c]!.drop).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('drops columns lowest priority first and names them under the table', () => {
    const g = new Grid(['Name', 'A', 'B', 'Total'], ['left', 'right', 'right', 'right'], [{}, { drop: 2 }, { drop: 1 }, {}], 30);
    g.push(['x'.repeat(10), 'a'.repeat(6), 'b'.repeat(6), '1']);
    // natural: 1 + 13 + 9 + 9 + 8 = 40 > 30; without B: 31 > 30; without A and B: 23
    expect(g.toString()).toBe(
      ['┌────────────┬───────┐', '│ Name       │ Total │', '├────────────┼───────┤', '│ xxxxxxxxxx │     1 │', '└────────────┴───────┘', '(A, B left out to fit 30', 'columns: --wide shows all)'].join('\n'),
    );
  });

  it('drops a provider prefix only where the rest is unambiguous, and names a single provider in the header', () => {
    // natural 1 + 30 + 10 = 41; without the prefix 1 + 20 + 10 = 31, and the header fits beside the longest id (17)
    const f = fitTable([['Model', 'Monthly'], ['anthropic/claude-sonnet-4-6', '$1.00'], ['anthropic/claude-opus-4-8', '$2.00']], [{ models: true }, {}], 31);
    expect(f.rows.map((r) => r[0])).toEqual(['Model (anthropic)', 'claude-sonnet-4-6', 'claude-opus-4-8']);
    // x-model is in a/ and b/: those keep their prefix; natural 1 + 17 + 4 = 22, abbreviated 1 + 15 + 4 = 20
    const g = fitTable([['Model', 'M'], ['a/x-model', '1'], ['b/x-model', '2'], ['b/y-model-long', '3']], [{ models: true }, {}], 20);
    expect(g.rows.map((r) => r[0])).toEqual(['Model', 'a/x-model', 'b/x-model', 'y-model-long']);
  });
});
