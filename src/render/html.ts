/**
 * Self-contained HTML reports: one file, inline CSS, inline SVG charts, no scripts and nothing
 * fetched (a Content-Security-Policy of `default-src 'none'` makes sure of it). Pure: data in,
 * string out.
 */
import { maxOf, minOf } from '../util/extent.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A page with the report's own styles and a policy that forbids every fetch and every script. */
export function htmlPage(opts: { title: string; body: string; generator: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(opts.generator)}">
<title>${escapeHtml(opts.title)}</title>
<style>${CSS}</style>
</head>
<body>
${opts.body}
</body>
</html>
`;
}

const CSS = `
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --band: #9fc5f8; --mid: #1f5fbf; --point: #7b8794; --budget: #c62828; --alert: #e8a317; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 24px 20px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .k { color: var(--muted); font-size: 12px; }
.card .v { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .r { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.over { color: var(--budget); }
figure { margin: 8px 0 0; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis text, svg text.tick { fill: var(--muted); font-size: 11px; }
svg .band { fill: var(--band); fill-opacity: 0.55; stroke: none; }
svg .mid { fill: none; stroke: var(--mid); stroke-width: 2.5; }
svg .point { fill: none; stroke: var(--point); stroke-width: 1.5; stroke-dasharray: 5 4; }
svg .at { fill: none; stroke: var(--mid); stroke-width: 1.5; stroke-dasharray: 1 3; stroke-linecap: round; }
svg .dot { fill: var(--mid); }
svg .budget { stroke: var(--budget); stroke-width: 1.5; stroke-dasharray: 2 3; }
svg text.budget-label { fill: var(--budget); font-size: 11px; }
svg .bar { fill: var(--budget); fill-opacity: 0.75; }
svg .legend text { fill: var(--ink); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { font-weight: 600; background: #f5f7fa; }
td.l, th.l { text-align: left; white-space: normal; }
.warn { color: #8a5a00; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

/** "Nice" axis ticks from 0 (or below) to at least `max`. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  const lo = Math.min(0, min);
  const span = max - lo || Math.abs(max) || 1;
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  if (!(step > 0) || !Number.isFinite(step)) return [lo, max > lo ? max : lo + 1];
  const start = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let k = 0; k <= target * 3; k++) {
    const v = start + k * step;
    ticks.push(+v.toPrecision(12));
    if (v >= max) break;
  }
  if (ticks.length < 2) ticks.push(start + step);
  return ticks;
}

export interface ChartBand {
  lower: readonly number[];
  upper: readonly number[];
  label: string;
}

export interface ChartLine {
  values: readonly number[];
  label: string;
  /** `mid` (solid, with dots and tooltips), `point` (dashed) or `at` (dotted: the percentile a budget is judged at). */
  kind: 'mid' | 'point' | 'at';
}

export interface FanChartOptions {
  /** Accessible name of the chart. */
  title: string;
  /** One label per x position (months). */
  labels: readonly string[];
  band?: ChartBand;
  lines: readonly ChartLine[];
  hLine?: { y: number; label: string };
  yFormat: (v: number) => string;
  width?: number;
  height?: number;
}

const f1 = (v: number): string => (Math.round(v * 10) / 10).toString();

/** A line chart over categorical x (months) with an optional shaded band and a horizontal reference line. */
export function fanChartSvg(o: FanChartOptions): string {
  const W = o.width ?? 900;
  const H = o.height ?? 320;
  const m = { left: 84, right: 40, top: 16, bottom: 56 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const all = [...(o.band ? [...o.band.lower, ...o.band.upper] : []), ...o.lines.flatMap((l) => [...l.values]), ...(o.hLine ? [o.hLine.y] : [])].filter(Number.isFinite);
  const ticks = niceTicks(minOf(all, 0), maxOf(all, 0));
  const y0 = ticks[0]!;
  const y1 = ticks[ticks.length - 1]!;
  const n = o.labels.length;
  const x = (i: number): number => m.left + (n === 1 ? pw / 2 : (pw * i) / (n - 1));
  const y = (v: number): number => m.top + ph - ((v - y0) / (y1 - y0 || 1)) * ph;
  const out: string[] = [];
  out.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(o.title)}" xmlns="http://www.w3.org/2000/svg">`);
  out.push(`<title>${escapeHtml(o.title)}</title>`);
  out.push('<g class="axis">');
  for (const t of ticks) {
    const ty = f1(y(t));
    out.push(`<line class="grid" x1="${m.left}" x2="${W - m.right}" y1="${ty}" y2="${ty}"/>`);
    out.push(`<text class="tick" x="${m.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(o.yFormat(t))}</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 12));
  o.labels.forEach((label, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    out.push(`<text class="tick" x="${f1(x(i))}" y="${H - m.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>`);
  });
  out.push('</g>');
  if (o.band && n > 0) {
    const up = o.band.upper.map((v, i) => `${f1(x(i))},${f1(y(v))}`);
    const down = o.band.lower.map((v, i) => `${f1(x(i))},${f1(y(v))}`).reverse();
    const d = n === 1 ? `M${f1(x(0) - 4)},${f1(y(o.band.upper[0]!))}H${f1(x(0) + 4)}V${f1(y(o.band.lower[0]!))}H${f1(x(0) - 4)}Z` : `M${up.join('L')}L${down.join('L')}Z`;
    out.push(`<path class="band" d="${d}"><title>${escapeHtml(o.band.label)}</title></path>`);
  }
  if (o.hLine) {
    const hy = f1(y(o.hLine.y));
    out.push(`<line class="budget" x1="${m.left}" x2="${W - m.right}" y1="${hy}" y2="${hy}"/>`);
    out.push(`<text class="budget-label" x="${W - m.right}" y="${f1(y(o.hLine.y) - 5)}" text-anchor="end">${escapeHtml(o.hLine.label)}</text>`);
  }
  for (const l of o.lines) {
    const pts = l.values.map((v, i) => `${f1(x(i))},${f1(y(v))}`).join(' ');
    out.push(`<polyline class="${l.kind}" points="${pts}"><title>${escapeHtml(l.label)}</title></polyline>`);
    if (l.kind === 'mid') {
      l.values.forEach((v, i) => {
        out.push(`<circle class="dot" cx="${f1(x(i))}" cy="${f1(y(v))}" r="3"><title>${escapeHtml(`${o.labels[i]}: ${o.yFormat(v)}`)}</title></circle>`);
      });
    }
  }
  // legend
  const items: { cls: string; label: string }[] = [];
  if (o.band) items.push({ cls: 'band', label: o.band.label });
  for (const l of o.lines) items.push({ cls: l.kind, label: l.label });
  if (o.hLine) items.push({ cls: 'budget', label: o.hLine.label });
  out.push(`<g class="legend" transform="translate(${m.left},${H - 16})">`);
  let lx = 0;
  for (const it of items) {
    const sw = it.cls === 'band' ? `<rect class="band" x="${lx}" y="-9" width="18" height="10"/>` : `<line class="${it.cls}" x1="${lx}" x2="${lx + 18}" y1="-4" y2="-4"/>`;
    out.push(`${sw}<text x="${lx + 24}" y="0">${escapeHtml(it.label)}</text>`);
    lx += 24 + it.label.length * 6.6 + 18;
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}

/** Vertical bars of a share (0–1) per x label, e.g. the chance of going over budget each month. */
export function shareBarsSvg(o: { title: string; labels: readonly string[]; values: readonly number[]; width?: number; height?: number }): string {
  const W = o.width ?? 900;
  const H = o.height ?? 180;
  const m = { left: 84, right: 40, top: 12, bottom: 30 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const n = o.labels.length;
  const slot = pw / Math.max(1, n);
  const bw = Math.max(2, slot * 0.6);
  const y = (v: number): number => m.top + ph - v * ph;
  const out: string[] = [];
  out.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(o.title)}" xmlns="http://www.w3.org/2000/svg">`);
  out.push(`<title>${escapeHtml(o.title)}</title>`);
  out.push('<g class="axis">');
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(`<line class="grid" x1="${m.left}" x2="${W - m.right}" y1="${f1(y(t))}" y2="${f1(y(t))}"/>`);
    out.push(`<text class="tick" x="${m.left - 8}" y="${f1(y(t))}" text-anchor="end" dominant-baseline="middle">${t * 100}%</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 12));
  o.labels.forEach((label, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    out.push(`<text class="tick" x="${f1(m.left + slot * (i + 0.5))}" y="${H - m.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>`);
  });
  out.push('</g>');
  o.values.forEach((v, i) => {
    const h = Math.max(0, v) * ph;
    out.push(`<rect class="bar" x="${f1(m.left + slot * (i + 0.5) - bw / 2)}" y="${f1(y(v))}" width="${f1(bw)}" height="${f1(h)}"><title>${escapeHtml(`${o.labels[i]}: ${(v * 100).toFixed(1)}%`)}</title></rect>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** A plain HTML table; cells are escaped. `align` marks left-aligned columns with 'l'. */
export function htmlTable(head: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const cls = (i: number): string => (align?.[i] === 'l' ? ' class="l"' : '');
  const th = head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs}\n</tbody>\n</table>`;
}
