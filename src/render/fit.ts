/**
 * Fitting output to a terminal's width, once for every table and report (docs/terminal.md).
 * Pure: the width is an input (the command reads the terminal; commands/common.ts).
 *
 * A table that is wider than the terminal is narrowed in this order, stopping as soon as it fits:
 *   1. provider prefixes are dropped from model columns where the rest is unambiguous
 *      (`anthropic/claude-haiku-4-5` → `claude-haiku-4-5`; the header names the provider when
 *      there is only one);
 *   2. text columns are word-wrapped, down to their longest word (at least 24 columns);
 *   3. whole columns are left out, least important first (each table declares the order; by
 *      default the columns between the first and the last, right to left), and a note under the
 *      table names them and says `--wide` shows everything;
 *   4. if it is still too wide, the widest columns are wrapped further, breaking words.
 * Lines of prose longer than the width are word-wrapped, keeping their indentation.
 */
import { maxOf } from '../util/extent.js';
import { textWidth } from './grid.js';

/** How one column may give way when its table is too wide. */
export interface ColumnFit {
  /** Order in which columns are left out: the lowest goes first. Without it the column is never left out. */
  drop?: number;
  /** Word-wrap this column's text (left-aligned columns of words). */
  wrap?: boolean;
  /** Cells start with a `provider/model` id whose provider prefix can be dropped. */
  models?: boolean;
}

const SGR_ONE = /^\u001b\[([0-9;]*)m/;
const TOKEN = /\u001b\[[0-9;]*m| +|[^ \u001b]+/g;

/** The SGR codes still open after `code`, given those open before it. */
function applySgr(open: string[], code: string): string[] {
  const params = (SGR_ONE.exec(code)?.[1] ?? '').split(';');
  let next = open;
  for (const p of params) {
    const n = p === '' ? 0 : Number(p);
    const kind = (c: string): number => Number((SGR_ONE.exec(c)?.[1] ?? '0').split(';')[0]);
    if (n === 0) next = [];
    else if (n === 22) next = next.filter((c) => kind(c) !== 1 && kind(c) !== 2);
    else if (n === 23 || n === 24 || n === 27 || n === 29) next = next.filter((c) => kind(c) !== n - 20);
    else if (n === 39) next = next.filter((c) => !((kind(c) >= 30 && kind(c) <= 38) || (kind(c) >= 90 && kind(c) <= 97)));
    else if (n === 49) next = next.filter((c) => !((kind(c) >= 40 && kind(c) <= 48) || (kind(c) >= 100 && kind(c) <= 107)));
    else next = [...next, `\u001b[${p}m`];
  }
  return next;
}

/**
 * One line of text as lines of at most `width` terminal columns: broken at spaces, and inside a
 * word only when the word alone is wider than the line. Colour codes take no room and are closed
 * at the end of each line and reopened on the next; continuation lines start with `indent`.
 */
export function wrapLine(text: string, width: number, indent = ''): string[] {
  if (textWidth(text) <= width) return [text];
  const ind = textWidth(indent) * 2 <= width ? indent : '';
  const indW = textWidth(ind);
  const lines: string[] = [];
  let open: string[] = [];
  let cur = '';
  let curW = 0;
  let space = '';
  let started = false; // anything but leading spaces on the first line
  const flush = () => {
    lines.push(cur.replace(/ +$/, '') + (open.length ? '\u001b[0m' : ''));
    cur = ind + open.join('');
    curW = indW;
    space = '';
  };
  for (const tok of text.match(TOKEN) ?? []) {
    if (tok.startsWith('\u001b')) {
      cur += tok;
      open = applySgr(open, tok);
      continue;
    }
    if (tok.startsWith(' ')) {
      if (!started) {
        cur += tok;
        curW += tok.length;
      } else space = tok;
      continue;
    }
    started = true;
    const w = textWidth(tok);
    if (curW + space.length + w <= width) {
      cur += space + tok;
      curW += space.length + w;
      space = '';
      continue;
    }
    if (w <= width - indW && curW > indW) {
      flush();
      cur += tok;
      curW += w;
      continue;
    }
    // a word wider than a whole line: break it where the line ends
    if (curW > indW && curW + space.length < width) {
      cur += space;
      curW += space.length;
    } else if (curW > indW) flush();
    space = '';
    for (const ch of tok) {
      const cw = textWidth(ch);
      if (curW + cw > width && curW > indW) flush();
      cur += ch;
      curW += cw;
    }
  }
  lines.push(cur.replace(/ +$/, ''));
  return lines;
}

/** Every line of `text` at most `width` columns wide (word-wrapped, indentation kept); unchanged without a width. */
export function fitLines(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .flatMap((line) => (textWidth(line) <= width ? [line] : wrapLine(line, width, /^ */.exec(line)![0])))
    .join('\n');
}

/** A `provider/model` id inside a cell: at its start (after colour codes) or after a space, `(` or `·`. */
const MODEL_ID = /(^(?:\u001b\[[0-9;]*m)*|[\s(\u00b7])([a-z0-9][a-z0-9_.-]*)\/([a-z0-9][^\s/()\u001b]*)/gi;
const plainOf = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** Drop `provider/` from the model ids in one column where the rest names one model only. */
function abbreviateModels(cells: string[], head: string): { cells: string[]; head: string } {
  const full = new Map<string, Set<string>>(); // model without provider → the providers it is found under
  for (const cell of cells) for (const m of cell.matchAll(MODEL_ID)) (full.get(m[3]!) ?? full.set(m[3]!, new Set()).get(m[3]!)!).add(m[2]!);
  const providers = new Set<string>();
  let kept = false; // a prefix left where it was needed
  const out = cells.map((cell) =>
    cell.replace(MODEL_ID, (all, before: string, provider: string, model: string) => {
      if (full.get(model)!.size > 1) {
        kept = true;
        return all;
      }
      providers.add(provider);
      return before + model;
    }),
  );
  const widest = maxOf(out.map(cellWidth), 0);
  const named = head !== '' && providers.size === 1 && !kept ? `${head} (${[...providers][0]})` : head;
  return { cells: out, head: textWidth(named) <= widest ? named : head };
}

export interface Fitted {
  rows: string[][];
  /** The indexes (into the original columns) of the columns kept. */
  kept: number[];
  /** The headers of the columns left out, in column order. */
  hidden: string[];
}

const cellWidth = (cell: string) => maxOf(cell.split('\n').map(textWidth), 0);
/** A table's width from its columns' content widths: one space each side of a cell, one border between cells and at each end. */
export const tableWidth = (content: readonly number[]) => content.reduce((a, w) => a + Math.max(1, w + 2) + 1, 1);

/**
 * `rows` (the header first) narrowed to `width` as the file comment says, or as they are when
 * they fit. Cells may hold several lines and colour codes.
 */
export function fitTable(rows: readonly (readonly string[])[], fit: readonly (ColumnFit | undefined)[], width: number): Fitted {
  const n = rows[0]?.length ?? 0;
  let cols: string[][] = Array.from({ length: n }, (_, c) => rows.map((r) => r[c] ?? ''));
  let kept = cols.map((_, c) => c);
  const content = () => cols.map((col) => maxOf(col.map(cellWidth), 0));
  if (tableWidth(content()) <= width) return { rows: rows.map((r) => [...r]), kept, hidden: [] };

  // 1. provider prefixes
  cols = cols.map((col, c) => {
    if (!fit[c]?.models) return col;
    const a = abbreviateModels(col.slice(1), col[0]!);
    return [a.head, ...a.cells];
  });
  // the narrowest each column goes before columns are left out: text columns to their longest word
  const soft = (c: number, col: string[]) => {
    const natural = maxOf(col.map(cellWidth), 0);
    if (!fit[c]?.wrap) return natural;
    const longestWord = maxOf(col.flatMap((cell) => plainOf(cell).split(/\s+/).map(textWidth)), 0);
    return Math.min(natural, Math.max(longestWord, 24));
  };
  // 3. leave out columns, least important first
  const hidden = new Set<number>();
  const order = kept.filter((c) => fit[c]?.drop !== undefined).sort((a, b) => fit[a]!.drop! - fit[b]!.drop! || b - a);
  const softTotal = () => tableWidth(kept.filter((c) => !hidden.has(c)).map((c) => soft(c, cols[c]!)));
  for (const c of order) {
    if (softTotal() <= width) break;
    hidden.add(c);
  }
  kept = kept.filter((c) => !hidden.has(c));
  cols = kept.map((c) => cols[c]!);
  // 2 and 4. wrap: text columns down to their soft width, then any column, widest first
  const w = content();
  const floors = kept.map((c, i) => soft(c, cols[i]!));
  const over = () => tableWidth(w) - width;
  const shrink = (floor: (i: number) => number) => {
    while (over() > 0) {
      let best = -1;
      for (let i = 0; i < w.length; i++) if (w[i]! > floor(i) && (best < 0 || w[i]! > w[best]!)) best = i;
      if (best < 0) return;
      w[best]!--;
    }
  };
  shrink((i) => (fit[kept[i]!]?.wrap ? floors[i]! : w[i]!));
  shrink(() => 1);
  const wrapped = cols.map((col, i) => col.map((cell) => cell.split('\n').flatMap((line) => wrapLine(line, w[i]!)).join('\n')));
  return {
    rows: rows.map((_, r) => wrapped.map((col) => col[r]!)),
    kept,
    hidden: [...hidden].sort((a, b) => a - b).map((c) => plainOf(rows[0]?.[c] ?? '') || `column ${c + 1}`),
  };
}

/** The line under a table that left columns out: which, and how to see them. */
export function hiddenNote(hidden: readonly string[], width: number): string {
  return wrapLine(`(${hidden.join(', ')} left out to fit ${width} columns: --wide shows all)`, width).join('\n');
}
