/** Renderings of `actuals compare`: a month-by-month table per scenario and the inputs furthest off. Pure. */
import { displaySafe } from '../util/excerpt.js';
import { money, signedPercent } from '../render/format.js';
import { mdEscape, mdTable } from '../render/markdown.js';
import type { Style } from '../render/style.js';
import { newTable } from '../render/table.js';
import { fitLines } from '../render/fit.js';
import type { CompareReport, MonthComparison, ScenarioComparison } from './compare.js';
import type { InputGap } from './fit.js';

const HEAD = ['month', 'days', 'estimated', 'actual', 'variance', 'volume', 'mix', 'tokens/call', 'cache hit', 'price'];

function cells(label: string, m: Omit<MonthComparison, 'month'>, cur: string): string[] {
  const p = m.parts;
  const v = (x: number) => money(x, cur);
  return [label, String(m.days), v(m.estimated), v(m.actual), `${v(m.variance)}${m.estimated ? ` (${signedPercent(m.variance / m.estimated)})` : ''}`,
    p.unsplit ? `${v(p.unsplit)}*` : v(p.volume), p.unsplit ? '*' : v(p.mix), p.unsplit ? '*' : v(p.tokens_per_call), p.unsplit ? '*' : v(p.cache_hit_rate), v(p.price)];
}

const num = (x: number) => (Math.abs(x) < 1 && x !== 0 ? x.toFixed(3) : Math.abs(x) < 100 ? x.toFixed(2) : Math.round(x).toLocaleString('en-US'));
const gapCells = (g: InputGap) => [g.path, num(g.estimated), num(g.actual), g.relative === null ? '—' : signedPercent(g.relative)];

function scenarioTable(s: ScenarioComparison, style: Style): string {
  const out = [style.bold(`${s.name}${s.variant ? ` (variant ${s.variant})` : ''} — estimate against actuals (${s.currency})`)];
  const t = newTable(HEAD, style);
  for (const m of s.months) t.push(cells(m.month, m, s.currency));
  t.push(cells('total', s.total, s.currency).map((c) => style.bold(c)));
  out.push(t.toString());
  if (s.total.parts.unsplit) out.push(style.dim('* usage variance not split: a source does not count calls'));
  if (s.furthest_off.length) {
    out.push('', 'Inputs furthest off:');
    const g = newTable(['input', 'scenario', 'actual', 'off by'], style, ['left', 'right', 'right', 'right']);
    for (const x of s.furthest_off) g.push(gapCells(x));
    out.push(g.toString());
  }
  for (const n of s.notes) out.push(fitLines(style.dim(`Note: ${n}.`), style.width)); // prose wraps at the terminal's width
  return out.join('\n');
}

export function renderCompareTable(r: CompareReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  return `${r.scenarios.map((s) => scenarioTable(s, style)).join('\n\n')}\n`;
}

export function renderCompareMarkdown(r: CompareReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const out: string[] = [];
  for (const s of r.scenarios) {
    out.push(`## ${mdEscape(s.name)} — estimate against actuals`, '');
    out.push(mdTable(HEAD, [...s.months.map((m) => cells(m.month, m, s.currency)), cells('**total**', s.total, s.currency)]), '');
    if (s.furthest_off.length) out.push('Inputs furthest off:', '', mdTable(['input', 'scenario', 'actual', 'off by'], s.furthest_off.map((g) => gapCells(g).map(mdEscape)), ['l', 'r', 'r', 'r']), '');
    for (const n of s.notes) out.push(`_Note: ${mdEscape(n)}._`);
  }
  return `${out.join('\n')}\n`;
}
