/**
 * A word-wrapped column of a fixed width, laid out exactly as cli-table3 lays out a cell of a
 * column given in `colWidths` with `wordWrap: true` (cli-table3 0.6, src/utils.js `wordWrap`,
 * `truncate`; src/cell.js `computeLines`, `drawLine`), for text without escape codes: its lines,
 * each cut to the width with "…". `levers` printed its table through cli-table3 only for this
 * column, and cli-table3's per-cell option merging and measuring was some 13 ms of a 95 ms run;
 * render/grid.ts draws the rest as cli-table3 does. Colour codes (and any other escape) stay with
 * cli-table3, which carries them across the wrapped lines. test/render/fixed-wrap.test.ts holds
 * the two side by side on random text.
 */
import { textWidth } from './grid.js';

/** Whether `wrapFixed` lays `text` out as cli-table3 would: no escape codes (ESC or CSI) in it. */
export function plainText(text: string): boolean {
  return !text.includes('\u001b') && !text.includes('\u009b');
}

/** cli-table3's `strlen`: the width of the widest line. */
function strlen(s: string): number {
  let w = 0;
  for (const line of s.split('\n')) w = Math.max(w, textWidth(line));
  return w;
}

/** cli-table3's `wordWrap` of one line (`multiLineWordWrap` splits the text at line breaks first). */
function wordWrap(maxLength: number, input: string): string[] {
  const lines: string[] = [];
  const split = input.split(/(\s+)/g);
  let line: string[] = [];
  let lineLength = 0;
  let whitespace: string | undefined;
  for (let i = 0; i < split.length; i += 2) {
    const word = split[i]!;
    let newLength = lineLength + strlen(word);
    if (lineLength > 0 && whitespace) newLength += whitespace.length;
    if (newLength > maxLength) {
      if (lineLength !== 0) lines.push(line.join(''));
      line = [word];
      lineLength = strlen(word);
    } else {
      line.push(whitespace || '', word);
      lineLength = newLength;
    }
    whitespace = split[i + 1];
  }
  if (lineLength) lines.push(line.join(''));
  return lines;
}

/** cli-table3's `truncate` with "…", for text without escape codes. */
function truncate(str: string, desired: number): string {
  if (strlen(str) <= desired) return str;
  const room = desired - 1;
  let s = str;
  if (s.length === strlen(s)) s = s.substr(0, room);
  else while (strlen(s) > room) s = s.slice(0, -1);
  return `${s}…`;
}

/**
 * The lines of a cell of a column `width` wide (cli-table3's `colWidths` entry, one space of
 * padding each side included), joined with line breaks; '' when cli-table3 gives it no line.
 * Undefined when a line still overflows the column after cli-table3's cut (its shortcut cuts by
 * UTF-16 units when their count equals the width, e.g. a wide character beside a combining mark):
 * cli-table3 then draws past the border, which only cli-table3 itself reproduces.
 */
export function wrapFixed(text: string, width: number): string | undefined {
  const inner = width - 2;
  const lines = text
    .split('\n')
    .flatMap((line) => wordWrap(inner, line))
    .map((line) => truncate(line, inner));
  return lines.every((line) => textWidth(line) <= inner) ? lines.join('\n') : undefined;
}
