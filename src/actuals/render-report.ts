/** Renderings of the actuals report: terminal table with a chart, markdown, CSV. Pure. */
import { displaySafe } from '../util/excerpt.js';
import { lineChart } from '../render/chart.js';
import { csvRows } from '../render/csv.js';
import { compact, count, money, signedPercent } from '../render/format.js';
import { mdEscape, mdTable } from '../render/markdown.js';
import type { Style } from '../render/style.js';
import { newTable } from '../render/table.js';
import { fitLines, type ColumnFit } from '../render/fit.js';
import type { ActualsGroup, ActualsReport } from '../schema/actuals-report.js';

const inputAll = (g: Omit<ActualsGroup, 'key'>) => g.tokens.input + g.tokens.cache_read + g.tokens.cache_write_5m + g.tokens.cache_write_1h;
const cacheShare = (g: Omit<ActualsGroup, 'key'>) => {
  const all = inputAll(g);
  return all > 0 ? g.tokens.cache_read / all : null;
};

/** `unpriced`: no catalogue prices this group's model, so its re-priced figure is unknown ("—"), not $0.00. */
function groupCells(g: Omit<ActualsGroup, 'key'>, cur: string, unpriced = false): string[] {
  const c = cacheShare(g);
  return [
    count(g.requests), compact(inputAll(g)), c === null ? '—' : `${(c * 100).toFixed(1)}%`, compact(g.tokens.output),
    unpriced ? '—' : money(g.repriced, cur), money(g.billed, cur),
  ];
}

/** Whether a group is one model that no catalogue prices (grouped by model). */
const unpricedGroup = (r: ActualsReport, g: ActualsGroup): boolean => r.by === 'model' && r.unpriced_models.includes(g.key);

const HEAD = (by: string) => [by, 'requests', 'input tokens', 'cache read', 'output tokens', 're-priced', 'billed'];

/**
 * How the group table gives way at a terminal's width (render/fit.ts): a billed column that is
 * "—" on every row goes first, then cache read, requests, output tokens, input tokens, and a
 * billed column with figures; re-priced (the spend) is never left out.
 */
function groupFit(r: ActualsReport): ColumnFit[] {
  const noBilling = r.total.billed === null && r.groups.every((g) => g.billed === null);
  return [{ wrap: true, models: r.by === 'model' }, { drop: 2 }, { drop: 4 }, { drop: 1 }, { drop: 3 }, {}, { drop: noBilling ? 0 : 5 }];
}

function period(r: ActualsReport): string {
  return r.period.from ? `${r.period.from} to ${r.period.to} (${r.period.days} day${r.period.days === 1 ? '' : 's'} with usage)` : 'no usage in the store for this period';
}

function dayChart(r: ActualsReport, maxWidth: number | undefined): string {
  if (r.daily.length < 2) return '';
  const x = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
  const series = [{ name: 're-priced at catalogue prices', points: r.daily.map((d) => ({ x: x(d.day), y: d.repriced })) }];
  // a day without cost data is a gap in the billed line, never $0 (nor a line drawn across it)
  if (r.daily.some((d) => d.billed !== null)) series.push({ name: 'billed', points: r.daily.map((d) => ({ x: x(d.day), y: d.billed ?? Number.NaN })) });
  return lineChart(series, {
    title: `Daily spend (${r.currency})`,
    height: 10,
    maxWidth,
    xFormat: (v) => new Date(Math.round(v) * 86_400_000).toISOString().slice(0, 10),
    yFormat: (v) => money(v, r.currency),
  });
}

/** The re-priced figure of a finding: a range (time windows, hour unknown) as low–high; the difference is to the nearer bound. */
function repricedCell(f: ActualsReport['audit']['flagged'][number], currency: string): string {
  return f.range ? `${money(f.range.low, currency)}–${money(f.range.high, currency)}` : money(f.repriced, currency);
}

function auditLines(r: ActualsReport, style: Style): string[] {
  const out: string[] = [];
  const a = r.audit;
  if (a.checked === 0) {
    out.push('Bill audit: no day and model has both tokens and a billed cost (import a cost report or billing export beside the usage).');
    return out;
  }
  const limit = `${(a.threshold * 100).toFixed(0)}%`;
  if (a.flagged.length === 0) {
    out.push(style.green(`Bill audit: ${a.checked} day × model pairs checked; every billed cost is within ${limit} of the re-priced tokens.`));
    return out;
  }
  out.push(style.yellow(`Bill audit: ${a.flagged.length} of ${a.checked} day × model pairs differ from the re-priced tokens by more than ${limit} (a wrong catalogue price, an unmodelled fee, or a billing error):`));
  // at a terminal's width the day goes before any figure; model ids wrap and lose their provider prefix first
  const t = newTable(['day', 'model', 'billed', 're-priced', 'difference'], style, ['left', 'left', 'right', 'right', 'right'], [{ drop: 1 }, { wrap: true, models: true }, {}, {}, {}]);
  for (const f of a.flagged.slice(0, 20)) t.push([f.day, f.model, money(f.billed, r.currency), repricedCell(f, r.currency), `${money(f.difference, r.currency)} (${signedPercent(f.share)})`]);
  out.push(t.toString());
  if (a.flagged.length > 20) out.push(`… and ${a.flagged.length - 20} more (-f json lists them all)`);
  return out;
}

export function renderActualsTable(r: ActualsReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const out: string[] = [style.bold(`Actuals ${period(r)}`), `sources: ${r.sources.join(', ') || 'none'}`, ''];
  const t = newTable(HEAD(r.by), style, undefined, groupFit(r));
  for (const g of r.groups) t.push([g.key, ...groupCells(g, r.currency, unpricedGroup(r, g))]);
  t.push([style.bold('total'), ...groupCells(r.total, r.currency).map((c) => style.bold(c))]);
  out.push(t.toString());
  if (r.by === 'tag') out.push(style.dim('A row with several tags counts in each of their groups: the groups can add up to more than the total.'));
  const chart = dayChart(r, style.width);
  if (chart) out.push('', chart.trimEnd());
  // prose wraps at the terminal's width (docs/terminal.md); tables and the chart already fit it
  const prose = (line: string) => fitLines(line, style.width);
  out.push('', ...auditLines(r, style).map(prose));
  if (r.unpriced_models.length) out.push('', prose(style.yellow(`Not re-priced (no catalogue prices them): ${r.unpriced_models.join(', ')} — add them with --pricing <catalogue.yaml>.`)));
  for (const n of r.notes) out.push(prose(style.dim(`Note: ${n}.`)));
  return `${out.join('\n')}\n`;
}

export function renderActualsMarkdown(r: ActualsReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const out: string[] = [`## Actuals ${period(r)}`, '', `Sources: ${r.sources.join(', ') || 'none'}`, ''];
  const rows = r.groups.map((g) => [mdEscape(g.key), ...groupCells(g, r.currency, unpricedGroup(r, g))]);
  rows.push(['**total**', ...groupCells(r.total, r.currency).map((c) => `**${c}**`)]);
  out.push(mdTable(HEAD(r.by), rows), '');
  if (r.audit.checked === 0) out.push('Bill audit: no day and model has both tokens and a billed cost.');
  else if (r.audit.flagged.length === 0) out.push(`Bill audit: ${r.audit.checked} day × model pairs checked, all within ${(r.audit.threshold * 100).toFixed(0)}%.`);
  else {
    out.push(`Bill audit: ${r.audit.flagged.length} of ${r.audit.checked} day × model pairs differ by more than ${(r.audit.threshold * 100).toFixed(0)}%:`, '');
    out.push(mdTable(['day', 'model', 'billed', 're-priced', 'difference'], r.audit.flagged.map((f) => [f.day, mdEscape(f.model), money(f.billed, r.currency), repricedCell(f, r.currency), `${money(f.difference, r.currency)} (${signedPercent(f.share)})`]), ['l', 'l', 'r', 'r', 'r']));
  }
  if (r.unpriced_models.length) out.push('', `Not re-priced: ${r.unpriced_models.map(mdEscape).join(', ')}`);
  if (r.notes.length) out.push('', ...r.notes.map((n) => `_Note: ${mdEscape(n)}._`));
  return `${out.join('\n')}\n`;
}

export function renderActualsCsv(r: ActualsReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const head = [r.by, 'requests', 'input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'audio', 'tool_calls', 'repriced', 'billed', 'currency'];
  const line = (key: string, g: Omit<ActualsGroup, 'key'>) => [key, g.requests, g.tokens.input, g.tokens.cache_read, g.tokens.cache_write_5m, g.tokens.cache_write_1h, g.tokens.output, g.tokens.reasoning, g.tokens.audio, g.tool_calls, g.repriced, g.billed, r.currency];
  return csvRows([head, ...r.groups.map((g) => line(g.key, g)), line('total', r.total)]);
}
