/** `levers` report → table with details, or markdown. Pure. */
import { displaySafe } from '../util/excerpt.js';
import type TableModule from 'cli-table3';
import type { LeverReport, LeversReport } from '../schema/whatif-report.js';
import { money, percent } from './format.js';
import { mdCode, mdEscape, addMdWarningLines, mdTable } from './markdown.js';
import { addWarningLines, type Style } from './style.js';
import { newTable } from './table.js';
import { Grid, textWidth, type Align } from './grid.js';
import { plainText, wrapFixed } from './fixed-wrap.js';

const STATUS_TEXT: Record<LeverReport['status'], string> = {
  priced: 'priced',
  not_applicable: 'does not apply',
  not_priced: 'not priced',
  not_modelled: 'not modelled here',
  prerequisite: 'prerequisite',
  off: 'switched off',
};

function paramText(id: string, params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const shown = v === undefined ? '(not given)' : Array.isArray(v) ? (v.length ? v.join(',') : '(none)') : String(v);
      return `${id}.${k}=${shown}`;
    })
    .join(' ');
}

function saving(x: number, ratio: number | null, cur: string): string {
  return `${money(x, cur)}${ratio === null ? '' : ` (${percent(ratio)})`}`;
}

function details(l: LeverReport, cur: string): string[] {
  const out: string[] = [];
  if (l.status !== 'priced') {
    if (l.reasons.length > 1) out.push(`${STATUS_TEXT[l.status]}:`, ...l.reasons.map((x) => `  ${x}`));
    else out.push(`${STATUS_TEXT[l.status]}: ${l.reason ?? ''}`.trim());
    if (l.see) out.push(`see: ${l.see}`);
    return out;
  }
  const alone = l.alone!;
  const cum = l.cumulative!;
  out.push(...alone.changes);
  const differs = cum.changes.join('\n') !== alone.changes.join('\n');
  if (differs) out.push(...cum.changes.map((c) => `in order: ${c}`));
  out.push(...[...new Set([...alone.skipped, ...(differs ? cum.skipped : [])])].map((s) => `not applied to ${s}`));
  if (alone.saving === 0 && cum.saving === 0 && alone.changes.length > 0) out.push(`changes the scenario but saves ${money(0, cur)} here`);
  return out;
}

/** Width of the assumption column at full width, padding included (cli-table3's colWidths). */
const ASSUMPTION_WIDTH = 42;

/**
 * The lever table. At a terminal's width, our own grid fits it (render/fit.ts). At full width the
 * assumptions wrap at 42 columns as cli-table3 wraps them: without colour, the grid draws the
 * wrapped lines (render/fixed-wrap.ts, the same characters); with colour, cli-table3 itself, which
 * carries the codes across the lines it wraps.
 */
function leversTable(head: string[], align: Align[], rows: string[][], style: Style): string {
  if (style.width !== undefined) {
    const t = newTable(head, style, align, [{}, { wrap: true }, { wrap: true, drop: 3 }, { drop: 2 }, { drop: 1 }, {}]);
    t.push(...rows);
    return t.toString();
  }
  const heads = head.map((h) => style.bold(h));
  const wrapped = [...heads, ...rows.flat()].every(plainText) ? [heads, ...rows].map((row) => wrapFixed(row[2]!, ASSUMPTION_WIDTH)) : [];
  if (wrapped.length > 0 && wrapped.every((w) => w !== undefined)) {
    // the header's first line padded to the column's width: cli-table3's column is that wide whatever it holds
    const first = wrapped[0]!.split('\n');
    first[0] = first[0]!.padEnd(first[0]!.length + ASSUMPTION_WIDTH - 2 - textWidth(first[0]!));
    const t = new Grid(heads.map((h, c) => (c === 2 ? first.join('\n') : h)), align);
    t.push(...rows.map((row, y) => row.map((cell, c) => (c === 2 ? wrapped[y + 1]! : cell))));
    return t.toString();
  }
  // loaded only here: without colour, a run never needs it
  const Table = require('cli-table3') as typeof TableModule;
  const t = new Table({
    head: heads,
    style: { head: [], border: [], compact: true },
    colAligns: align,
    colWidths: [null, null, ASSUMPTION_WIDTH, null, null, null] as unknown as number[],
    wordWrap: true,
  });
  t.push(...rows);
  return t.toString();
}

export function renderLeversTable(r: LeversReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.scenario.currency;
  const out: string[] = [];
  out.push(style.bold(`Levers: ${r.scenario.name}${r.scenario.variant ? ` [variant: ${r.scenario.variant}]` : ''}  ${r.scenario.file}`));
  if (r.scenario.set.length) out.push(style.dim(`with ${r.scenario.set.map((s) => `--set ${s}`).join(' ')}`));
  out.push(style.dim(`As it is: ${money(r.scenario_total_monthly_cost, cur)} / month. In the practitioners' order; "alone" = this lever on the scenario as it is, "in order" = after every lever above it.`));
  out.push('');
  const head = ['#', 'Lever', 'Assumption', 'Saves alone', 'Saves in order', 'Monthly after'];
  const align: Align[] = ['right', 'left', 'left', 'right', 'right', 'right'];
  const rows: string[][] = r.levers.map((l) =>
    l.status === 'priced'
      ? [String(l.step), l.title, l.assumption, saving(l.alone!.saving, l.alone!.saving_ratio, cur), saving(l.cumulative!.saving, l.cumulative!.saving_ratio, cur), money(l.cumulative!.monthly_cost, cur)]
      : [String(l.step), style.dim(l.title), style.dim(l.assumption), style.dim(STATUS_TEXT[l.status]), '', ''],
  );
  rows.push(['', style.bold('All priced levers'), '', '', style.bold(saving(r.total_saving, r.total_saving_ratio, cur)), style.bold(money(r.final_monthly_cost, cur))]);
  out.push(leversTable(head, align, rows, style));
  out.push('');
  for (const l of r.levers) {
    out.push(`${style.bold(`${l.step} ${l.title}`)}${Object.keys(l.params).length ? style.dim(`  ${paramText(l.id, l.params)}`) : ''}`);
    for (const d of details(l, cur)) out.push(`  ${l.status === 'priced' ? d : style.dim(d)}`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => style.dim(n)));
  addWarningLines(out, r.warnings, style);
  return `${out.join('\n')}\n`;
}

export function renderLeversMarkdown(r: LeversReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.scenario.currency;
  const out: string[] = [`## Levers: ${mdEscape(r.scenario.name)}${r.scenario.variant ? ` — variant ${mdCode(r.scenario.variant)}` : ''}`, ''];
  out.push(`As it is: **${money(r.scenario_total_monthly_cost, cur)} / month**. In the practitioners' order; *alone* = this lever on the scenario as it is, *in order* = after every lever above it.`, '');
  const rows = r.levers.map((l) =>
    l.status === 'priced'
      ? [String(l.step), mdEscape(l.title), mdEscape(l.assumption), saving(l.alone!.saving, l.alone!.saving_ratio, cur), saving(l.cumulative!.saving, l.cumulative!.saving_ratio, cur), money(l.cumulative!.monthly_cost, cur)]
      : [String(l.step), mdEscape(l.title), mdEscape(l.assumption), `*${STATUS_TEXT[l.status]}*`, '', ''],
  );
  rows.push(['', '**All priced levers**', '', '', `**${saving(r.total_saving, r.total_saving_ratio, cur)}**`, `**${money(r.final_monthly_cost, cur)}**`]);
  out.push(mdTable(['#', 'Lever', 'Assumption', 'Saves alone', 'Saves in order', 'Monthly after'], rows, ['r', 'l', 'l', 'r', 'r', 'r']));
  out.push('');
  for (const l of r.levers) {
    const params = Object.keys(l.params).length ? ` — ${mdCode(paramText(l.id, l.params))}` : '';
    out.push(`- **${l.step} ${mdEscape(l.title)}**${params}`);
    for (const d of details(l, cur)) out.push(d.startsWith('  ') ? `    - ${mdEscape(d.trim())}` : `  - ${mdEscape(d)}`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => `<sub>${mdEscape(n)}</sub>`));
  addMdWarningLines(out, r.warnings);
  return `${out.join('\n')}\n`;
}
