/** The what-if page's chart: monthly cost against one control, as an inline SVG built in the page. */
import { niceTicks } from '../render/html.js';
import { maxOf } from '../util/extent.js';

const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface Curve {
  xs: number[];
  ys: number[];
  /** The control's value now, and the total there. */
  x: number;
  y: number | null;
  budget: number | null;
  fmt: (v: number) => string;
  label: string;
}

const short = (v: number): string => (Math.abs(v) >= 1e6 ? `${+(v / 1e6).toPrecision(3)}M` : Math.abs(v) >= 1e3 ? `${+(v / 1e3).toPrecision(3)}k` : String(+v.toPrecision(3)));

export function curveSvg(c: Curve): SVGElement {
  const W = 520;
  const H = 240;
  const L = 80;
  const R = 16;
  const T = 14;
  const B = 44;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': `Monthly cost against ${c.label}; now ${c.y === null ? '—' : c.fmt(c.y)}` });
  if (c.xs.length < 2) return svg;
  const xMin = c.xs[0]!;
  const xMax = c.xs[c.xs.length - 1]!;
  const yMax = Math.max(maxOf(c.ys, 0), c.budget ?? 0, c.y ?? 0) || 1;
  const yTicks = niceTicks(0, yMax, 4);
  const top = Math.max(yMax, yTicks[yTicks.length - 1] ?? yMax);
  const px = (x: number) => L + ((x - xMin) / (xMax - xMin || 1)) * (W - L - R);
  const py = (y: number) => T + (1 - y / top) * (H - T - B);
  for (const t of yTicks) {
    svg.append(svgEl('line', { x1: L, x2: W - R, y1: py(t), y2: py(t), class: 'grid' }));
    svg.append(svgEl('text', { x: L - 6, y: py(t) + 4, 'text-anchor': 'end', class: 'tick' }, c.fmt(t).replace(/\.00$/, '')));
  }
  for (const t of niceTicks(xMin, xMax, 5)) {
    if (t < xMin || t > xMax) continue;
    svg.append(svgEl('text', { x: px(t), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, short(t)));
  }
  svg.append(svgEl('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, c.label));
  if (c.budget !== null && c.budget <= top) {
    svg.append(svgEl('line', { x1: L, x2: W - R, y1: py(c.budget), y2: py(c.budget), class: 'budget' }));
    svg.append(svgEl('text', { x: W - R, y: py(c.budget) - 4, 'text-anchor': 'end', class: 'tick' }, `budget ${c.fmt(c.budget)}`));
  }
  svg.append(svgEl('polyline', { points: c.xs.map((x, i) => `${px(x).toFixed(1)},${py(c.ys[i]!).toFixed(1)}`).join(' '), class: 'curve' }));
  if (c.y !== null && c.x >= xMin && c.x <= xMax) svg.append(svgEl('circle', { cx: px(c.x), cy: py(c.y), r: 5, class: 'now' }));
  return svg;
}
