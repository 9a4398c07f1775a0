/**
 * Terminal charts, plain text (no colour needed, so they survive logs and CI): a line chart with
 * several series (optionally log-scale x), horizontal bars, and a tornado. Pure: data in, string out.
 */
import { needsSci, sci } from '../util/number.js';
import { maxOf, minOf } from '../util/extent.js';

export interface Point {
  x: number;
  /** NaN: no data at this x (a gap: the line stops there and starts again after it). */
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
  /** One character; defaults cycle through ● ○ ◆ × + ■. */
  symbol?: string;
}

export interface LineChartOptions {
  width?: number;
  /** The widest a line of the chart may be (a terminal's width): the plot narrows to fit. */
  maxWidth?: number | undefined;
  height?: number;
  logX?: boolean;
  /** Start the y axis at zero (default true when every y ≥ 0). */
  yFromZero?: boolean;
  xFormat?: (x: number) => string;
  yFormat?: (y: number) => string;
  /** Horizontal reference lines (e.g. a budget), drawn with ┄. */
  hLines?: { y: number; label: string }[];
  /** Vertical reference lines (e.g. today's volume, a break-even point), drawn with ┆. */
  vLines?: { x: number; label: string }[];
  title?: string;
}

const SYMBOLS = ['●', '○', '◆', '×', '+', '■'];

function defaultFmt(v: number): string {
  const a = Math.abs(v);
  if (needsSci(v)) return sci(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(2)}K`;
  return `${+v.toFixed(a < 1 ? 4 : 2)}`;
}

/** y of a series at x by linear interpolation between its points (in the chart's x space); null outside. */
function interpolate(points: readonly Point[], x: number, tx: (x: number) => number): number | null {
  if (points.length === 0) return null;
  const X = tx(x);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (tx(p.x) === X) return Number.isNaN(p.y) ? null : p.y;
    if (i > 0) {
      const a = points[i - 1]!;
      const xa = tx(a.x);
      const xb = tx(p.x);
      // a NaN point is a gap (no data there): no line is drawn to or from it
      if ((xa <= X && X <= xb) || (xb <= X && X <= xa)) return Number.isNaN(a.y) || Number.isNaN(p.y) ? null : a.y + ((p.y - a.y) * (X - xa)) / (xb - xa);
    }
  }
  return null;
}

export function lineChart(series: readonly Series[], opts: LineChartOptions = {}): string {
  const height = Math.max(5, opts.height ?? 12);
  const xf = opts.xFormat ?? defaultFmt;
  const yf = opts.yFormat ?? defaultFmt;
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (all.length === 0) return '(no data to chart)\n';
  const logX = Boolean(opts.logX) && all.every((p) => p.x > 0);
  const tx = (x: number) => (logX ? Math.log10(x) : x);
  const xs = all.map((p) => tx(p.x));
  let x0 = minOf(xs);
  let x1 = maxOf(xs);
  if (x0 === x1) x1 = x0 + 1;
  const ys = [...all.map((p) => p.y), ...(opts.hLines ?? []).map((h) => h.y)];
  let y0 = minOf(ys);
  let y1 = maxOf(ys);
  if ((opts.yFromZero ?? y0 >= 0) && y0 > 0) y0 = 0;
  if (y0 === y1) y1 = y0 + (Math.abs(y0) || 1);
  const pad = (y1 - y0) * 0.04;
  y1 += pad;
  if (y0 !== 0) y0 -= pad;

  const labels = Array.from({ length: height }, (_, r) => (r === 0 || r === height - 1 || r === (height - 1) >> 1 ? yf(r === height - 1 ? y0 : y1 - ((y1 - y0) * r) / (height - 1)) : ''));
  const lw = maxOf(labels.map((l) => l.length));
  const width = Math.max(20, Math.min(opts.width ?? 60, (opts.maxWidth ?? Infinity) - lw - 2));
  const grid: string[][] = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  const rowOf = (y: number) => Math.round(((y1 - y) / (y1 - y0)) * (height - 1));
  const colOf = (X: number) => Math.round(((X - x0) / (x1 - x0)) * (width - 1));
  for (const h of opts.hLines ?? []) {
    const r = rowOf(h.y);
    if (r >= 0 && r < height) for (let c = 0; c < width; c++) grid[r]![c] = '┄';
  }
  for (const v of opts.vLines ?? []) {
    if (logX && v.x <= 0) continue;
    const c = colOf(tx(v.x));
    if (c >= 0 && c < width) for (let r = 0; r < height; r++) if (grid[r]![c] === ' ') grid[r]![c] = '┆';
  }
  series.forEach((s, si) => {
    const sym = s.symbol ?? SYMBOLS[si % SYMBOLS.length]!;
    const pts = s.points.filter((p) => Number.isFinite(p.x) && (Number.isFinite(p.y) || Number.isNaN(p.y)) && (!logX || p.x > 0)).sort((a, b) => a.x - b.x);
    for (let c = 0; c < width; c++) {
      const X = x0 + ((x1 - x0) * c) / (width - 1);
      const x = logX ? 10 ** X : X;
      const y = interpolate(pts, x, tx);
      if (y === null) continue;
      const r = rowOf(y);
      if (r >= 0 && r < height) grid[r]![c] = sym;
    }
  });

  const out: string[] = [];
  if (opts.title) out.push(opts.title);
  for (let r = 0; r < height; r++) out.push(`${labels[r]!.padStart(lw)} ┤${grid[r]!.join('')}`);
  out.push(`${' '.repeat(lw)} └${'─'.repeat(width)}`);
  const xl = xf(logX ? 10 ** x0 : x0);
  const xm = xf(logX ? 10 ** ((x0 + x1) / 2) : (x0 + x1) / 2);
  const xr = xf(logX ? 10 ** x1 : x1);
  const mid = Math.max(xl.length + 1, Math.floor(width / 2 - xm.length / 2));
  let axis = xl.padEnd(mid) + xm;
  axis = axis.padEnd(Math.max(axis.length + 1, width - xr.length)) + xr;
  out.push(`${' '.repeat(lw + 2)}${axis}${logX ? '  (log scale)' : ''}`);
  const legend = series.map((s, si) => `${s.symbol ?? SYMBOLS[si % SYMBOLS.length]} ${s.name}`);
  for (const h of opts.hLines ?? []) legend.push(`┄ ${h.label}`);
  for (const v of opts.vLines ?? []) legend.push(`┆ ${v.label}`);
  out.push(`${' '.repeat(lw + 2)}${legend.join('   ')}`);
  return out.join('\n') + '\n';
}

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars scaled to the largest |value|. */
export function barChart(rows: readonly Bar[], opts: { width?: number; maxWidth?: number | undefined; format?: (v: number) => string } = {}): string {
  const f = opts.format ?? defaultFmt;
  const max = maxOf(rows.map((r) => Math.abs(r.value)), 0);
  const lw = maxOf(rows.map((r) => r.label.length), 0);
  const vw = maxOf(rows.map((r) => f(r.value).length), 0);
  const width = Math.max(10, Math.min(opts.width ?? 40, (opts.maxWidth ?? Infinity) - lw - vw - 3));
  return rows
    .map((r) => {
      const n = max === 0 ? 0 : Math.round((Math.abs(r.value) / max) * width);
      return `${r.label.padEnd(lw)} │${'█'.repeat(n)}${' '.repeat(width - n)} ${f(r.value)}`;
    })
    .join('\n') + '\n';
}

export interface TornadoRow {
  label: string;
  /** Outcome with the input moved down. */
  low: number;
  /** Outcome with the input moved up. */
  high: number;
}

/**
 * A tornado: for each row a bar from min(low, high) to max(low, high) around the base value,
 * rows as given (sort by swing first). Left of the centre line is below base, right is above.
 */
export function tornado(rows: readonly TornadoRow[], base: number, opts: { width?: number; maxWidth?: number | undefined; format?: (v: number) => string } = {}): string {
  const f = opts.format ?? defaultFmt;
  const reach = maxOf(rows.flatMap((r) => [Math.abs(r.low - base), Math.abs(r.high - base)]), 0);
  const lw = maxOf(rows.map((r) => r.label.length), 0);
  const vw = maxOf(rows.map((r) => `${f(Math.min(r.low, r.high))} … ${f(Math.max(r.low, r.high))}`.length), 0);
  // labels too long to share a line with the bars go on a line of their own above them
  const stacked = opts.maxWidth !== undefined && lw + vw + 3 + 16 > opts.maxWidth;
  const room = opts.maxWidth === undefined ? Infinity : opts.maxWidth - vw - 3 - (stacked ? 2 : lw);
  const half = Math.max(8, Math.floor(Math.min(opts.width ?? 50, room) / 2));
  const cells = (d: number) => (reach === 0 ? 0 : Math.round((Math.abs(d) / reach) * half));
  const lines = rows.map((r) => {
    const lo = Math.min(r.low, r.high) - base;
    const hi = Math.max(r.low, r.high) - base;
    const left = lo < 0 ? cells(lo) : 0;
    const right = hi > 0 ? cells(hi) : 0;
    const bar = `${' '.repeat(half - left)}${'█'.repeat(left)}│${'█'.repeat(right)}${' '.repeat(half - right)}`;
    const values = `${f(Math.min(r.low, r.high))} … ${f(Math.max(r.low, r.high))}`;
    return stacked ? `${r.label}\n  ${bar} ${values}` : `${r.label.padEnd(lw)} ${bar} ${values}`;
  });
  lines.push(`${' '.repeat(stacked ? 2 : lw + 1)}${' '.repeat(half)}└ base ${f(base)}`);
  return lines.join('\n') + '\n';
}
