/** `levers` report → table with details, or markdown. Pure. */
import { displaySafe } from '../util/excerpt.js';
import Table from 'cli-table3';
import type { LeverReport, LeversReport } from '../schema/whatif-report.js';
import { money, percent } from './format.js';
import { mdCode, mdEscape, mdTable } from './markdown.js';
import type { Style } from './style.js';
import { newTable } from './table.js';

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

export function renderLeversTable(r: LeversReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.scenario.currency;
  const out: string[] = [];
  out.push(style.bold(`Levers: ${r.scenario.name}${r.scenario.variant ? ` [variant: ${r.scenario.variant}]` : ''}  ${r.scenario.file}`));
  if (r.scenario.set.length) out.push(style.dim(`with ${r.scenario.set.map((s) => `--set ${s}`).join(' ')}`));
  out.push(style.dim(`As it is: ${money(r.scenario_total_monthly_cost, cur)} / month. In the practitioners' order; "alone" = this lever on the scenario as it is, "in order" = after every lever above it.`));
  out.push('');
  const head = ['#', 'Lever', 'Assumption', 'Saves alone', 'Saves in order', 'Monthly after'];
  // full width: cli-table3 wraps the assumptions at 42 columns; at a terminal's width, our own grid fits it (render/fit.ts)
  const t =
    style.width === undefined
      ? new Table({
          head: head.map((h) => style.bold(h)),
          style: { head: [], border: [], compact: true },
          colAligns: ['right', 'left', 'left', 'right', 'right', 'right'],
          colWidths: [null, null, 42, null, null, null] as unknown as number[],
          wordWrap: true,
        })
      : newTable(head, style, ['right', 'left', 'left', 'right', 'right', 'right'], [{}, { wrap: true }, { wrap: true, drop: 3 }, { drop: 2 }, { drop: 1 }, {}]);
  for (const l of r.levers) {
    if (l.status === 'priced') {
      t.push([String(l.step), l.title, l.assumption, saving(l.alone!.saving, l.alone!.saving_ratio, cur), saving(l.cumulative!.saving, l.cumulative!.saving_ratio, cur), money(l.cumulative!.monthly_cost, cur)]);
    } else {
      t.push([String(l.step), style.dim(l.title), style.dim(l.assumption), style.dim(STATUS_TEXT[l.status]), '', '']);
    }
  }
  t.push(['', style.bold('All priced levers'), '', '', style.bold(saving(r.total_saving, r.total_saving_ratio, cur)), style.bold(money(r.final_monthly_cost, cur))]);
  out.push(t.toString());
  out.push('');
  for (const l of r.levers) {
    out.push(`${style.bold(`${l.step} ${l.title}`)}${Object.keys(l.params).length ? style.dim(`  ${paramText(l.id, l.params)}`) : ''}`);
    for (const d of details(l, cur)) out.push(`  ${l.status === 'priced' ? d : style.dim(d)}`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => style.dim(n)));
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
  return `${out.join('\n')}\n`;
}
