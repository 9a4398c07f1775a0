/** `sensitivity` report → tornado + table, or markdown. Pure. */
import { displaySafe } from '../util/excerpt.js';
import type { SensitivityInput, SensitivityReport } from '../schema/whatif-report.js';
import { tornado } from './chart.js';
import { moneyShort, signedMoney } from './compare.js';
import { money, num, percent } from './format.js';
import { mdCode, mdEscape, mdFence, addMdWarningLines, mdTable } from './markdown.js';
import { addWarningLines, type Style } from './style.js';
import { newTable } from './table.js';

function value(i: SensitivityInput, x: number): string {
  switch (i.kind) {
    case 'rate':
    case 'share':
      return `${Number((x * 100).toFixed(4))}%`;
    case 'price':
      return `×${num(x)}`;
    default:
      return num(Number(x.toPrecision(6)));
  }
}

function shown(r: SensitivityReport, top: number): SensitivityInput[] {
  return top === 0 ? r.inputs : r.inputs.slice(0, top);
}

function header(r: SensitivityReport): string[] {
  const lines = [`Sensitivity: ${r.scenario.name}${r.scenario.variant ? ` [variant: ${r.scenario.variant}]` : ''}  ${r.scenario.file}`];
  if (r.scenario.set.length) lines.push(`with ${r.scenario.set.map((s) => `--set ${s}`).join(' ')}`);
  lines.push(`Each input moved down and up by ${percent(r.delta, 2)}; scenario total ${money(r.scenario_total_monthly_cost, r.scenario.currency)} / month.`);
  return lines;
}

function rows(r: SensitivityReport, top: number): string[][] {
  const cur = r.scenario.currency;
  return shown(r, top).map((i, k) => [
    String(k + 1),
    i.path,
    value(i, i.base),
    `${value(i, i.low)} … ${value(i, i.high)}`,
    signedMoney(i.low_cost - r.scenario_total_monthly_cost, cur),
    signedMoney(i.high_cost - r.scenario_total_monthly_cost, cur),
    money(i.swing, cur),
  ]);
}

const HEAD = ['#', 'Input', 'Value', 'Moved to', 'Cost change (down)', 'Cost change (up)', 'Swing'];

function footnotes(r: SensitivityReport, top: number): string[] {
  const out: string[] = [];
  for (const i of shown(r, top)) for (const a of i.adjusted) out.push(`${i.path}: ${a}`);
  const hidden = r.inputs.length - shown(r, top).length;
  if (hidden > 0) out.push(`${hidden} more input${hidden === 1 ? '' : 's'} with smaller swings (--top 0 shows all)`);
  if (r.unmoved.length) {
    out.push(`Inputs that do not move the monthly cost (${r.unmoved.length}):`);
    for (const u of r.unmoved) out.push(`  ${u.path}: ${u.reason}`);
  }
  return out;
}

export function renderSensitivityTable(r: SensitivityReport, top: number, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.scenario.currency;
  const h = header(r);
  const out = [style.bold(h[0]!), ...h.slice(1).map((l) => style.dim(l)), ''];
  const list = shown(r, top);
  if (list.length === 0) {
    out.push('No input moves the monthly cost.');
  } else {
    out.push(tornado(list.map((i) => ({ label: i.path, low: i.low_cost, high: i.high_cost })), r.scenario_total_monthly_cost, { width: 40, maxWidth: style.width, format: (v) => moneyShort(v, cur) }).trimEnd());
    out.push(style.dim('  bars: monthly cost with the input moved down and up; left of │ is below the scenario total'), '');
    const t = newTable(HEAD, style, ['right', 'left', 'right', 'right', 'right', 'right', 'right']);
    for (const row of rows(r, top)) t.push(row);
    out.push(t.toString());
  }
  const f = footnotes(r, top);
  if (f.length) out.push('', ...f.map((l) => style.dim(l)));
  addWarningLines(out, r.warnings, style);
  return `${out.join('\n')}\n`;
}

export function renderSensitivityMarkdown(r: SensitivityReport, top: number): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.scenario.currency;
  const h = header(r);
  const out = [`## ${mdEscape(h[0]!)}`, '', ...h.slice(1).map(mdEscape), ''];
  const list = shown(r, top);
  if (list.length === 0) out.push('No input moves the monthly cost.');
  else {
    out.push(mdFence(tornado(list.map((i) => ({ label: i.path, low: i.low_cost, high: i.high_cost })), r.scenario_total_monthly_cost, { width: 40, format: (v) => moneyShort(v, cur) }).trimEnd()), '');
    out.push(mdTable(HEAD, rows(r, top).map((row) => row.map((c, k) => (k === 1 ? `${mdCode(c)}` : mdEscape(c)))), ['r', 'l', 'r', 'r', 'r', 'r', 'r']));
  }
  const f = footnotes(r, top);
  if (f.length) out.push('', ...f.map((l) => (l.startsWith('  ') ? `  - ${mdEscape(l.trim())}` : `- ${mdEscape(l)}`)));
  addMdWarningLines(out, r.warnings);
  return `${out.join('\n')}\n`;
}
