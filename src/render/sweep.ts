/** `sweep` report → table + terminal chart, or markdown. Pure. */
import { displaySafe } from '../util/excerpt.js';
import { numericValue } from '../core/sweep.js';
import type { SweepCrossing, SweepPoint, SweepReport } from '../schema/whatif-report.js';
import { barChart, lineChart, type Series } from './chart.js';
import { moneyShort, showValue, signedMoney } from './compare.js';
import { money, num, percent } from './format.js';
import { mdEscape, mdFence, addMdWarningLines, mdTable } from './markdown.js';
import { addWarningLines, type Style } from './style.js';
import { newTable } from './table.js';

/** Rates and shares read better as percents. */
function isRatePath(path: string): boolean {
  const last = path.split('.').pop() ?? '';
  return /(_rate|_share|^share|share_of_requests)$/.test(last) || /\.models\.[^.]+$/.test(path);
}

function fmtValue(path: string, v: unknown): string {
  const n = numericValue(v);
  if (n === null) return showValue(v);
  if (typeof v === 'string') return v;
  return isRatePath(path) && n >= 0 && n <= 1 ? percent(n, 2) : num(n);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (b === null || b === undefined) return false;
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na !== null && nb !== null) return Math.abs(na - nb) <= 1e-12 * Math.max(1, Math.abs(nb));
  return String(a) === String(b);
}

function crossingText(r: SweepReport, c: SweepCrossing): string {
  const cur = r.scenario.currency;
  const p1 = r.params[0]!;
  const p2 = r.params[1];
  const at = p2 ? `at ${p2.path} = ${fmtValue(p2.path, c.series)}: ` : '';
  const x = fmtValue(p1.path, c.value);
  const side = c.direction === 'rises_above' ? 'above' : 'below';
  const [a, b] = c.costs.map((v) => money(v, cur));
  switch (c.kind) {
    case 'continuous':
      return `${at}crosses the budget at ${p1.path} = ${x}, over budget ${side} it`;
    case 'jump':
      return `${at}steps across the budget at ${p1.path} ≈ ${x} (${a} → ${b}), over budget ${side} it`;
    case 'whole_number':
      return `${at}${c.direction === 'rises_above' ? 'over budget' : 'within budget'} from ${p1.path} = ${x} up (${b}; ${a} at ${fmtValue(p1.path, c.value - 1)})`;
  }
}

function budgetLines(r: SweepReport): string[] {
  if (!r.budget) return ['No budget: set budget.monthly in the scenario or give --budget to find where the cost crosses it.'];
  const head = `Budget ${money(r.budget.monthly, r.scenario.currency)}${r.budget.source === '--budget' ? ' (--budget)' : ''}:`;
  return [head, ...r.crossings.map((c) => `  ${crossingText(r, c)}`), ...r.budget_notes.map((n) => `  ${n}`)];
}

function chart(r: SweepReport, maxWidth?: number): string | null {
  const p1 = r.params[0]!;
  const p2 = r.params[1];
  const cur = r.scenario.currency;
  const yFormat = (y: number) => moneyShort(y, cur);
  if (!p1.numeric) {
    if (p2) return null;
    return barChart(r.points.map((pt) => ({ label: showValue(pt.values[0]), value: pt.total_monthly_cost })), { maxWidth, format: (v) => money(v, cur) });
  }
  const seriesValues: unknown[] = p2 ? p2.values : [null];
  const series: Series[] = seriesValues.map((sv) => ({
    name: p2 ? fmtValue(p2.path, sv) : 'monthly cost',
    points: r.points.filter((pt) => !p2 || pt.values[1] === sv).map((pt) => ({ x: numericValue(pt.values[0])!, y: pt.total_monthly_cost })),
  }));
  const rate = isRatePath(p1.path);
  const hLines = r.budget ? [{ y: r.budget.monthly, label: `budget ${money(r.budget.monthly, cur)}` }] : [];
  const vLines = !p2 && r.crossings.length > 0 && r.crossings.length <= 3 ? r.crossings.map((c) => ({ x: c.value, label: `crossing at ${fmtValue(p1.path, c.value)}` })) : [];
  const title = `Monthly cost by ${p1.path}${p2 ? `, one line per ${p2.path}` : ''}`;
  return lineChart(series, { width: 60, maxWidth, height: 12, title, yFormat, xFormat: (x) => (rate ? percent(x, 1) : num(Number(x.toPrecision(4)))), hLines, vLines });
}

function header(r: SweepReport): string[] {
  const cur = r.scenario.currency;
  const lines = [`Sweep: ${r.scenario.name}${r.scenario.variant ? ` [variant: ${r.scenario.variant}]` : ''}  ${r.scenario.file}`];
  if (r.scenario.set.length) lines.push(`with ${r.scenario.set.map((s) => `--set ${s}`).join(' ')}`);
  for (const p of r.params) lines.push(`${p.path}: scenario value ${p.scenario_value === null ? '(not set in the file)' : fmtValue(p.path, p.scenario_value)}`);
  lines.push(`Scenario total: ${money(r.scenario_total_monthly_cost, cur)} / month`);
  return lines;
}

function oneDRows(r: SweepReport): string[][] {
  const cur = r.scenario.currency;
  const p1 = r.params[0]!;
  return r.points.map((pt: SweepPoint) => {
    const mark = sameValue(pt.values[0], p1.scenario_value) ? ' (scenario)' : '';
    const row = [`${fmtValue(p1.path, pt.values[0])}${mark}`, money(pt.total_monthly_cost, cur), signedMoney(pt.delta, cur), money(pt.cost_per_request, cur)];
    if (r.budget) row.push(pt.budget_status ?? '');
    return row;
  });
}

function gridRows(r: SweepReport): { head: string[]; rows: string[][] } {
  const cur = r.scenario.currency;
  const [p1, p2] = [r.params[0]!, r.params[1]!];
  const head = [`${p1.path} \\ ${p2.path}`, ...p2.values.map((v) => `${fmtValue(p2.path, v)}${sameValue(v, p2.scenario_value) ? ' (scenario)' : ''}`)];
  const rows = p1.values.map((v1, i) => [
    `${fmtValue(p1.path, v1)}${sameValue(v1, p1.scenario_value) ? ' (scenario)' : ''}`,
    ...p2.values.map((_, j) => {
      const pt = r.points[i * p2.values.length + j]!;
      return `${money(pt.total_monthly_cost, cur)}${pt.budget_status === 'over' ? ' *' : ''}`;
    }),
  ]);
  return { head, rows };
}

export function renderSweepTable(r: SweepReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const h = header(r);
  const out: string[] = [style.bold(h[0]!), ...h.slice(1).map((l) => style.dim(l)), ''];
  if (r.params.length === 1) {
    const head = [r.params[0]!.path, 'Monthly', 'vs scenario', 'Per request', ...(r.budget ? ['Budget'] : [])];
    const t = newTable(head, style);
    for (const row of oneDRows(r)) {
      if (row[4] === 'over') row[4] = style.red('over');
      t.push(row);
    }
    out.push(t.toString());
  } else {
    const g = gridRows(r);
    const t = newTable(g.head, style);
    for (const row of g.rows) t.push(row);
    out.push(t.toString());
    if (r.budget) out.push(style.dim('* over budget'));
  }
  const c = chart(r, style.width);
  if (c) out.push('', c.trimEnd());
  out.push('', ...budgetLines(r));
  addWarningLines(out, r.warnings, style);
  return `${out.join('\n')}\n`;
}

export function renderSweepMarkdown(r: SweepReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const h = header(r);
  const out: string[] = [`## ${mdEscape(h[0]!)}`, '', ...h.slice(1).map((l) => `- ${mdEscape(l)}`), ''];
  if (r.params.length === 1) {
    const head = [r.params[0]!.path, 'Monthly', 'vs scenario', 'Per request', ...(r.budget ? ['Budget'] : [])];
    out.push(mdTable(head.map(mdEscape), oneDRows(r).map((row) => row.map(mdEscape))));
  } else {
    const g = gridRows(r);
    out.push(mdTable(g.head.map(mdEscape), g.rows.map((row) => row.map(mdEscape))));
    if (r.budget) out.push('', '\\* over budget');
  }
  const c = chart(r);
  if (c) out.push('', mdFence(c.trimEnd()));
  out.push('', ...budgetLines(r).map((l) => (l.startsWith('  ') ? `- ${mdEscape(l.trim())}` : `**${mdEscape(l)}**`)));
  addMdWarningLines(out, r.warnings);
  return `${out.join('\n')}\n`;
}
