/**
 * The report tables (render/grid.ts) against cli-table3, which drew them before: for the options
 * aifinops used, every table must come out the same, character for character.
 */
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Grid, textWidth, type Align } from '../../src/render/grid.js';
import { makeStyle } from '../../src/render/style.js';

function viaCliTable3(head: string[], rows: string[][], align: Align[]): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true }, colAligns: align, wordWrap: false });
  t.push(...rows);
  return t.toString();
}

function viaGrid(head: string[], rows: string[][], align: Align[]): string {
  const g = new Grid(head, align);
  g.push(...rows);
  return g.toString();
}

// What report cells hold: ASCII, the symbols the renderers use, accented Latin, CJK and
// fullwidth forms, combining marks, emoji (single, with skin tone, ZWJ family, flag, keycap).
const PIECES = ['a', 'Z', '0', '9', ' ', '$', '1,234.56', '-', '%', '—', '…', '×', '≈', '≤', '·', '€', '£', 'é', 'e\u0301', '中', '文', '한', 'Ａ', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', '⚠️', '©', '✓'];
const style = makeStyle(true);
const COLOURS = [(s: string) => s, style.bold, style.dim, style.red, style.green, style.yellow, style.cyan];

const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join(''));
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(line, fc.constantFrom(...COLOURS)).map(([t, colour]) => (t === '' ? t : colour(t))) },
  { weight: 1, arbitrary: fc.array(line, { minLength: 2, maxLength: 3 }).map((ls) => ls.join('\n')) }, // several lines, no colour
);

describe('Grid', () => {
  it('draws what cli-table3 draws (header, rule, rows, alignment, colour, wide text, several lines)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((cols) =>
          fc.record({
            head: fc.array(cell, { minLength: cols, maxLength: cols }),
            rows: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: 6 }),
            align: fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: cols, maxLength: cols }),
          }),
        ),
        ({ head, rows, align }) => {
          expect(viaGrid(head, rows, align)).toBe(viaCliTable3(head, rows, align));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a table with only its header is the header boxed, with no rule', () => {
    expect(viaGrid(['Model', 'Monthly'], [], ['left', 'right'])).toBe('┌───────┬─────────┐\n│ Model │ Monthly │\n└───────┴─────────┘');
  });

  it('right-aligns money and left-aligns names, one space of padding each side', () => {
    expect(viaGrid(['Stage', 'Monthly'], [['answer', '$1,866.16'], ['rewrite', '$46.35']], ['left', 'right'])).toBe(
      ['┌─────────┬───────────┐', '│ Stage   │   Monthly │', '├─────────┼───────────┤', '│ answer  │ $1,866.16 │', '│ rewrite │    $46.35 │', '└─────────┴───────────┘'].join('\n'),
    );
  });
});

describe('textWidth', () => {
  it('counts terminal columns: colour codes 0, CJK and emoji 2, combining marks 0', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth(style.bold('abc'))).toBe(3);
    expect(textWidth('中文')).toBe(4);
    expect(textWidth('😀')).toBe(2);
    expect(textWidth('👨‍👩‍👧')).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('$1,234 — 5%')).toBe(11);
  });
});
