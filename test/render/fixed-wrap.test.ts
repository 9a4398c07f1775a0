/**
 * The levers table's word-wrapped assumption column (render/fixed-wrap.ts + render/grid.ts) against
 * cli-table3, which draws it with `colWidths` and `wordWrap: true`: for text without escape codes
 * the table must come out the same, character for character — wrapping at word boundaries, runs
 * of spaces and tabs, words longer than the column cut with "…", wide and zero-width characters,
 * line breaks, empty cells. With colour (or any escape code) the table stays cli-table3's.
 */
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText, wrapFixed } from '../../src/render/fixed-wrap.js';
import { Grid, textWidth, type Align } from '../../src/render/grid.js';
import { renderLeversTable } from '../../src/render/levers.js';
import { makeStyle } from '../../src/render/style.js';
import type { LeversReport } from '../../src/schema/whatif-report.js';

const ALIGN: Align[] = ['right', 'left', 'left', 'right'];

function viaCliTable3(head: string[], rows: string[][], width: number): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true }, colAligns: ALIGN, colWidths: [null, null, width, null] as unknown as number[], wordWrap: true });
  t.push(...rows);
  return t.toString();
}

/** The grid's drawing, or undefined when wrapFixed leaves the table to cli-table3. */
function viaGrid(head: string[], rows: string[][], width: number): string | undefined {
  const wrapped = [head, ...rows].map((r) => wrapFixed(r[2]!, width));
  if (wrapped.some((w) => w === undefined)) return undefined;
  const first = wrapped[0]!.split('\n');
  first[0] = first[0]!.padEnd(first[0]!.length + width - 2 - textWidth(first[0]!));
  const g = new Grid(head.map((h, c) => (c === 2 ? first.join('\n') : h)), ALIGN);
  g.push(...rows.map((r, y) => r.map((cell, c) => (c === 2 ? wrapped[y + 1]! : cell))));
  return g.toString();
}

const WORDS = ['a', 'the', 'cache', 'hit-rate', '35%', 'claude-haiku-4-5', '—', '≤', 'é', 'e\u0301', '中文', '한국어', 'Ａ', '😀', '👍🏽', 'x'.repeat(41), 'y'.repeat(60), '中'.repeat(25), 'ab中'.repeat(9)];
const GAPS = [' ', ' ', ' ', '  ', '\t', ' \t ', '\n', '\u00a0', '   '];
const text = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...GAPS)), { maxLength: 14 }).chain((parts) =>
  fc.tuple(fc.constantFrom('', ' ', '\n'), fc.constantFrom('', ' ', '\n')).map(([lead, tail]) => lead + parts.map(([w, g]) => w + g).join('').trimEnd() + tail),
);

describe('wrapFixed', () => {
  it('a table with a wrapped fixed-width column is drawn as cli-table3 draws it (fast-check)', () => {
    let left = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('1', '10', ''), fc.constantFrom('Route', 'All priced levers', ''), text, fc.constantFrom('$1.00', '', '$12,345.67 (3.4%)')), { minLength: 1, maxLength: 5 }), fc.constantFrom(42, 12, 6), (rows, width) => {
        const head = ['#', 'Lever', 'Assumption', 'Saves'];
        const r = rows.map((x) => [...x]);
        const grid = viaGrid(head, r, width);
        if (grid === undefined) left++;
        else expect(grid).toBe(viaCliTable3(head, r, width));
      }),
      { numRuns: 250, seed: 16 },
    );
    // the grid drew most of them
    expect(left).toBeLessThan(25);
  });

  it('leaves a line cli-table3 would draw past the border to cli-table3 (a wide character beside a combining mark)', () => {
    expect(wrapFixed(' Ａ e\u0301', 6)).toBeUndefined();
    expect(viaCliTable3(['#', 'L', 'A', 'S'], [['1', 'R', ' Ａ e\u0301', '']], 6).split('\n')[3]).toBe('│ 1 │ R │  Ａ … │   │');
  });

  it('pins the layout: a word longer than the column is cut with "…", the column keeps its width', () => {
    expect(wrapFixed(`short ${'z'.repeat(45)} end`, 42)).toBe(`short\n${'z'.repeat(39)}…\nend`);
    expect(wrapFixed('', 42)).toBe('');
    expect(wrapFixed('   ', 42)).toBe('');
    expect(wrapFixed('a b', 42)).toBe('a b');
  });

  it('leaves text with escape codes to cli-table3', () => {
    expect(plainText('plain — text 中')).toBe(true);
    expect(plainText('\u001b[2mdim\u001b[22m')).toBe(false);
    expect(plainText('a\u009b2mb')).toBe(false);
  });
});

describe('the levers table at full width', () => {
  const report: LeversReport = {
    schema_version: 1,
    tool_version: 'test',
    priced_as_of: '2026-12-01',
    kind: 'levers',
    scenario: { name: 'S', file: 's.yaml', variant: null, currency: 'USD', set: [] },
    scenario_total_monthly_cost: 100,
    final_monthly_cost: 80,
    total_saving: 20,
    total_saving_ratio: 0.2,
    levers: [
      { id: 'route', step: 3, step_name: 'route', title: 'Route to cheaper tiers', assumption: 'send 30% of the calls of every stage to the cheapest model of the same provider that is one tier down', params: {}, status: 'priced', reason: null, reasons: [], see: null, alone: { monthly_cost: 80, saving: 20, saving_ratio: 0.2, changes: [], skipped: [] }, cumulative: { monthly_cost: 80, saving: 20, saving_ratio: 0.2, changes: [], skipped: [], total_saving: 20 } },
      { id: 'observe', step: 1, step_name: 'observe', title: 'Observe', assumption: 'measure tokens, calls and cost per stage and model in production', params: {}, status: 'prerequisite', reason: null, reasons: [], see: null, alone: null, cumulative: null },
    ],
    notes: [],
    warnings: [],
  } as unknown as LeversReport;

  it('is the same with and without colour once the codes are taken out (cli-table3 draws the coloured one)', () => {
    const plain = renderLeversTable(report, makeStyle(false));
    const coloured = renderLeversTable(report, makeStyle(true));
    expect(coloured).toMatch(/\u001b\[/);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
    expect(plain).toContain('│ send 30% of the calls of every stage to  │');
  });
});
