/**
 * Boxed terminal tables: a header row, a rule under it, then the rows (no rules between them),
 * each column as wide as its widest cell plus one space each side, aligned left or right.
 *
 * The output is the same, character for character, as cli-table3's with the options aifinops
 * used (`style: { compact: true, head: [], border: [] }`, `colAligns`, no word wrap) for cells
 * whose colour codes open and close on one line; the tests hold the two side by side. It is our own because the reports draw several tables per
 * run and cli-table3's per-cell option merging and width measurement (an emoji regex over
 * every string) was the largest single cost of a short `aifinops estimate`. cli-table3 stays
 * for word-wrapped columns of a fixed width (render/levers.ts).
 */

import { fitTable, hiddenNote, type ColumnFit } from './fit.js';
import { maxOf } from '../util/extent.js';

export type Align = 'left' | 'right';

const SGR = /\u001b\[[0-9;]*m/g;
/** Emoji, including sequences (flags, skin tones, families); made on first use (`v` flag: Node 20 has it, TypeScript's ES2022 target does not). */
let emoji: RegExp | undefined;
/**
 * Code points at least one of which every emoji (every `\p{RGI_Emoji}` string) holds: one with
 * emoji presentation (which covers flags' regional indicators, skin-tone modifiers and the tag
 * sequences' black flag), or the emoji variation selector U+FE0F that a text-style symbol needs
 * to be an emoji (which keycaps have too), and, to be safe, the keycap mark, ZWJ and tag
 * characters. Building the emoji pattern takes some 30 ms, so a line without any of these (as
 * with "—", "≤" or CJK text) is measured without it. Cheap to build (a property class).
 */
let emojiMark: RegExp | undefined;
const EMOJI_MARK = '[\\p{Emoji_Presentation}\\p{Emoji_Modifier}\\p{Regional_Indicator}\\u200D\\u20E3\\uFE0F\\u{E0020}-\\u{E007F}]';

/**
 * Characters the reports draw with — dashes and "…" (U+2010–2027), arrows and mathematical operators
 * such as "→" and "≤" (U+2190–22FF), box drawing and blocks such as "│" and "█" (U+2500–259F) — none
 * of which is an emoji mark or wide (test/render/text-width.test.ts checks every one): a line holding
 * only these above U+1100 is measured without even the mark pattern (~0.5 ms to build and tier up).
 */
function noMark(c: number): boolean {
  return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2190 && c <= 0x22ff) || (c >= 0x2500 && c <= 0x259f);
}

/** Columns a code point takes in a terminal: East Asian wide and fullwidth ones take two. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo
    cp === 0x2329 ||
    cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0x3247 && cp !== 0x303f) || // CJK radicals … enclosed CJK
    (cp >= 0x3250 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0xa4c6) || // CJK unified ideographs, Yi
    (cp >= 0xa960 && cp <= 0xa97c) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6b) ||
    (cp >= 0xff01 && cp <= 0xff60) || // fullwidth forms
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1b000 && cp <= 0x1b001) ||
    (cp >= 0x1f200 && cp <= 0x1f251) ||
    (cp >= 0x20000 && cp <= 0x3fffd) // CJK extensions
  );
}

/** Terminal columns of one line of text: colour codes take none, emoji two. */
export function textWidth(text: string): number {
  const s = text.includes('\u001b') ? text.replace(SGR, '') : text;
  let plain = true; // nothing from U+1100 up
  let markFree = true; // nothing from U+1100 up but the punctuation, arrows, maths and box drawing of noMark (so true when plain)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x1100) {
      plain = false;
      if (!noMark(c)) {
        markFree = false;
        break;
      }
    }
  }
  // Below U+1100 nothing is wide and nothing starts an emoji (©, ®, digits need U+FE0F/U+20E3).
  const t = markFree || !(emojiMark ??= new RegExp(EMOJI_MARK, 'u')).test(s) ? s : s.replace((emoji ??= new RegExp('\\p{RGI_Emoji}', 'gv')), '  ');
  let width = 0;
  for (let i = 0; i < t.length; i++) {
    let cp = t.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < t.length) {
      cp = t.codePointAt(i)!;
      i++;
    }
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) continue; // control characters
    if (cp >= 0x300 && cp <= 0x36f) continue; // combining marks
    width += !plain && isWide(cp) ? 2 : 1;
  }
  return width;
}

export class Grid {
  private readonly rows: string[][] = [];

  /**
   * `width`: the terminal columns the table must fit (render/fit.ts), narrowing columns as `fit`
   * says; without it the table is as wide as its content.
   */
  constructor(
    private readonly head: readonly string[],
    private readonly align: readonly Align[],
    private readonly fit: readonly (ColumnFit | undefined)[] = [],
    private readonly width?: number,
  ) {}

  /** Add rows (one array of cells each); a row shorter than the header is filled with empty cells. */
  push(...rows: readonly (string | number)[][]): number {
    for (const row of rows) this.rows.push(row.map(String));
    return this.rows.length;
  }

  get length(): number {
    return this.rows.length;
  }

  toString(): string {
    const columns = maxOf(this.rows.map((r) => r.length), this.head.length);
    let all = [this.head.map(String), ...this.rows].map((r) => Array.from({ length: columns }, (_, c) => r[c] ?? ''));
    let align: readonly Align[] = this.align;
    let note = '';
    if (this.width !== undefined) {
      const f = fitTable(all, this.fitOf(columns), this.width);
      all = f.rows;
      align = f.kept.map((c) => this.align[c] ?? 'left');
      if (f.hidden.length) note = `\n${hiddenNote(f.hidden, this.width)}`;
    }
    return this.draw(all, align) + note;
  }

  /** Each column's fit: as given, or by default text columns wrap and the columns between the first and the last go right to left. */
  private fitOf(columns: number): (ColumnFit | undefined)[] {
    if (this.fit.length) return Array.from({ length: columns }, (_, c) => this.fit[c]);
    return Array.from({ length: columns }, (_, c) => ({
      wrap: (this.align[c] ?? 'left') === 'left',
      ...(c > 0 && c < columns - 1 ? { drop: columns - c } : {}),
    }));
  }

  private draw(all: string[][], align: readonly Align[]): string {
    const columns = all[0]?.length ?? 0;
    // each cell as its lines, and each line's width
    const cells = all.map((r) => Array.from({ length: columns }, (_, c) => (r[c] ?? '').split('\n').map((line) => ({ line, width: textWidth(line) }))));
    const widths = Array.from({ length: columns }, (_, c) => maxOf(cells.map((r) => maxOf(r[c]!.map((l) => l.width)) + 2), 1));
    const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
    const out = [rule('┌', '┬', '┐')];
    cells.forEach((row, y) => {
      if (y === 1) out.push(rule('├', '┼', '┤'));
      const height = maxOf(row.map((cell) => cell.length));
      for (let n = 0; n < height; n++) {
        const parts = row.map((cell, c) => {
          const { line, width } = cell[n] ?? { line: '', width: 0 };
          const pad = ' '.repeat(Math.max(0, widths[c]! - 2 - width));
          return ` ${(align[c] ?? 'left') === 'right' ? pad + line : line + pad} `;
        });
        out.push(`│${parts.join('│')}│`);
      }
    });
    out.push(rule('└', '┴', '┘'));
    return out.join('\n');
  }
}
