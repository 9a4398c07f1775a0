/** Side-by-side tables for `compare` and `whatif` (table and markdown). Pure: report in, string out. */
import { displaySafe } from '../util/excerpt.js';
import { yamlLib } from '../load/yaml-lib.js';
import type { ComparisonLine, ComparisonReport, OverrideChange } from '../schema/whatif-report.js';
import type { BudgetReport } from '../schema/report.js';
import { count, money, percent, signedPercent } from './format.js';
import { mdCode, mdEscape, mdTable } from './markdown.js';
import type { Style } from './style.js';
import type { ColumnFit } from './fit.js';
import { newTable } from './table.js';

/** +$1,234.00 / -$56.00 / $0.00 */
export function signedMoney(x: number | null, cur: string): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const m = money(x, cur);
  return x > 0 && m !== money(0, cur) ? `+${m}` : m;
}

/** Money in a few characters for chart axes: $12.3K, $1.25M. */
export function moneyShort(x: number, cur: string): string {
  const abs = Math.abs(x);
  if (abs >= 1e15) return money(x, cur); // scientific notation (util/number.ts)
  const units: [number, string][] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [v, s] of units) {
    if (abs >= v) {
      const digits = `${Number((abs / v).toFixed(abs / v >= 100 ? 0 : abs / v >= 10 ? 1 : 2))}${s}`;
      return money(x < 0 ? -1 : 1, cur).replace(/1\.00$/, digits);
    }
  }
  return money(x, cur);
}

/** A scenario value as written (numbers, strings, mappings) in one line. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '(default)';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return yamlLib().stringify(v, { flow: true }).trim(); // the library is loaded only for a mapping or list (load/yaml-lib.ts)
}

export function changeText(c: OverrideChange): string {
  return `${c.path}: ${showValue(c.from)} → ${showValue(c.to)}`;
}

function budgetText(b: BudgetReport | null, cur: string, withAmount: boolean): string {
  if (!b) return '—';
  return `${b.status} · ${percent(b.used)}${withAmount ? ` of ${money(b.monthly, cur)}` : ''}`;
}

/** The budget row: the amount goes in the label when every column has the same budget. */
function budgetRow(report: ComparisonReport): string[] | null {
  if (!report.columns.some((c) => c.budget)) return null;
  const amounts = new Set(report.columns.map((c) => c.budget?.monthly ?? null));
  const same = amounts.size === 1;
  const row = [same ? `Budget (${money(report.columns[0]!.budget!.monthly, report.currency)})` : 'Budget'];
  report.columns.forEach((c, i) => {
    row.push(budgetText(c.budget, report.currency, !same));
    if (i > 0) row.push('', '');
  });
  return row;
}

function isCount(l: ComparisonLine): boolean {
  return l.kind === 'requests_per_month';
}

function valueCell(l: ComparisonLine, v: number | null, cur: string): string {
  if (v === null) return '—';
  return isCount(l) ? count(v) : money(v, cur);
}

function deltaCell(l: ComparisonLine, d: number | null, cur: string): string {
  if (d === null) return '—';
  if (isCount(l)) return d > 0 ? `+${count(d)}` : count(d);
  return signedMoney(d, cur);
}

function ratioCell(l: ComparisonLine, i: number): string {
  const r = l.ratios[i] ?? null;
  if (r !== null) return signedPercent(r);
  const ref = l.values[0] ?? null;
  const v = l.values[i] ?? null;
  if ((ref === null || ref === 0) && v !== null && v !== 0) return 'new';
  if (ref !== null && ref !== 0 && v === null) return 'gone';
  return '—';
}

/** Stages with more than one model across the columns show a line per model. */
function visibleLines(report: ComparisonReport): { line: ComparisonLine; label: string; section: string }[] {
  const out: { line: ComparisonLine; label: string; section: string }[] = [];
  const modelsPerStage = new Map<string, number>();
  for (const l of report.lines) if (l.kind === 'model') modelsPerStage.set(l.stage!, (modelsPerStage.get(l.stage!) ?? 0) + 1);
  for (const l of report.lines) {
    if (l.kind === 'category') continue;
    if (l.kind === 'stage') out.push({ line: l, label: `${l.name}${(modelsPerStage.get(l.name) ?? 0) === 1 ? ` (${report.lines.find((m) => m.kind === 'model' && m.stage === l.name)!.name})` : ''}`, section: 'Stages' });
    else if (l.kind === 'model') {
      if ((modelsPerStage.get(l.stage!) ?? 0) > 1) out.push({ line: l, label: `  ${l.name}`, section: 'Stages' });
    } else if (l.kind === 'line_item') out.push({ line: l, label: l.name, section: 'Line items' });
    else if (l.kind === 'total') out.push({ line: l, label: 'Total / month', section: 'Total' });
    else out.push({ line: l, label: l.name[0]!.toUpperCase() + l.name.slice(1), section: 'Unit figures' });
  }
  return out;
}

function head(report: ComparisonReport): string[] {
  const h = [''];
  report.columns.forEach((c, i) => {
    h.push(c.label);
    if (i > 0) h.push('Change', '%');
  });
  return h;
}

function rowFor(report: ComparisonReport, l: ComparisonLine): string[] {
  const cur = report.currency;
  const cells: string[] = [];
  report.columns.forEach((_, i) => {
    cells.push(valueCell(l, l.values[i] ?? null, cur));
    if (i > 0) cells.push(deltaCell(l, l.deltas[i] ?? null, cur), ratioCell(l, i));
  });
  return cells;
}

function warningsBlock(report: ComparisonReport): string[] {
  const all = report.scenarios.map((s) => s.warnings);
  const common = (all[0] ?? []).filter((w) => all.every((ws) => ws.includes(w)));
  const out = common.map((w) => `warning: ${w}`);
  all.forEach((ws, i) => {
    for (const w of ws) if (!common.includes(w)) out.push(`warning (${report.columns[i]!.label}): ${w}`);
  });
  return out;
}

/**
 * At a terminal's width (render/fit.ts) the change columns go first, right to left, then the
 * percentages, then the columns compared, right to left; the labels, the reference and the first
 * column compared stay.
 */
function fitOf(report: ComparisonReport): ColumnFit[] {
  const k = report.columns.length - 1;
  const fit: ColumnFit[] = [{ wrap: true, models: true }, {}];
  for (let i = 1; i <= k; i++) fit.push(i === 1 ? {} : { drop: 2 * k + 1 + (k - i) }, { drop: 1 + (k - i) }, { drop: k + 1 + (k - i) });
  return fit;
}

function headerLines(report: ComparisonReport): { title: string; sub: string[] } {
  const first = report.columns[0]!;
  const sub: string[] = [];
  if (report.set.length) sub.push(`every column with: ${report.set.map((s) => `--set ${s}`).join(' ')}`);
  if (report.kind === 'whatif') {
    const changed = report.columns[1]!;
    for (const c of changed.changes) sub.push(`${changeText(c)}  (${c.source})`);
    return { title: `What if: ${first.name}  ${first.file}`, sub };
  }
  report.columns.forEach((c, i) => {
    if (i > 0 && c.changes.length) sub.push(`${c.label}: ${c.changes.map(changeText).join('; ')}`);
  });
  const files = [...new Set(report.columns.map((c) => c.file))];
  return { title: `Compare: ${report.columns.length} columns, the first (${first.label}) is the reference  ${files.length === 1 ? files[0] : ''}`.trimEnd(), sub };
}

export function renderComparisonTable(report: ComparisonReport, style: Style): string {
  report = displaySafe(report); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const h = headerLines(report);
  const out: string[] = [style.bold(h.title), ...h.sub.map((s) => style.dim(`  ${s}`)), ''];
  const t = newTable(head(report), style, undefined, fitOf(report));
  let section = '';
  for (const { line, label, section: sec } of visibleLines(report)) {
    if (sec !== section && sec !== 'Stages' && sec !== 'Total') t.push([style.dim(sec), ...head(report).slice(1).map(() => '')]);
    section = sec;
    const cells = rowFor(report, line);
    t.push(line.kind === 'total' ? [style.bold(label), ...cells.map((c) => style.bold(c))] : [label, ...cells]);
  }
  const b = budgetRow(report);
  if (b) t.push(b);
  out.push(t.toString());
  const totals = report.columns.slice(1).map((c) => {
    const d = c.delta ?? 0;
    const verb = d < 0 ? style.green(`saves ${money(-d, report.currency)}`) : d > 0 ? style.red(`costs ${money(d, report.currency)} more`) : 'costs the same';
    return `${style.bold(c.label)} ${verb} a month${c.delta_ratio !== null && d !== 0 ? ` (${signedPercent(c.delta_ratio)})` : ''} against ${report.columns[0]!.label}.`;
  });
  out.push('', ...totals);
  const w = warningsBlock(report);
  if (w.length) out.push('', ...w.map((x) => style.yellow(x)));
  return `${out.join('\n')}\n`;
}

export function renderComparisonMarkdown(report: ComparisonReport): string {
  report = displaySafe(report); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const h = headerLines(report);
  const out: string[] = [`## ${mdEscape(h.title)}`, ''];
  if (h.sub.length) out.push(...h.sub.map((s) => `- ${mdCode(s)}`), '');
  const rows: string[][] = [];
  for (const { line, label } of visibleLines(report)) {
    const cells = rowFor(report, line);
    const name = label.startsWith('  ') ? `&nbsp;&nbsp;${mdCode(label.trim())}` : mdEscape(label);
    rows.push(line.kind === 'total' ? [`**${name}**`, ...cells.map((c) => `**${c}**`)] : [name, ...cells]);
  }
  const b = budgetRow(report);
  if (b) rows.push(b.map(mdEscape));
  out.push(mdTable(head(report).map(mdEscape), rows));
  const w = warningsBlock(report);
  if (w.length) out.push('', ...w.map((x) => `> ⚠️ ${mdEscape(x)}`));
  return `${out.join('\n')}\n`;
}
