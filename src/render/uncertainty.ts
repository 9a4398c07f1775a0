/** The uncertainty section of the estimate report (table and markdown). Pure: report in, string out. */
import { displaySafe } from '../util/excerpt.js';
import { describeSpec, type DistributionSpec } from '../core/distributions.js';
import type { ScenarioReport } from '../schema/report.js';
import type { InputReport, Summary, UncertaintyReport } from '../schema/uncertainty-report.js';
import { count, money, num, percent } from './format.js';
import { mdCode, mdEscape, mdTable } from './markdown.js';
import type { Style } from './style.js';
import { newTable } from './table.js';

const COLS = ['mean', 'p50', 'p80', 'p95'] as const;
const HEAD = ['Mean', 'P50', 'P80', 'P95'];

function rows(u: UncertaintyReport): [string, Summary][] {
  const out: [string, Summary][] = [['Monthly cost', u.monthly_cost]];
  if (u.cost_per_request) out.push(['Cost per request', u.cost_per_request]);
  if (u.cost_per_user) out.push(['Cost per user / month', u.cost_per_user]);
  if (u.cost_per_outcome) out.push(['Cost per outcome', u.cost_per_outcome]);
  if (u.net_value) out.push(['Net value / month', u.net_value]);
  return out;
}

/** "log-normal (p50 12000, p90 20000)" from a report row. */
export function describeInput(i: InputReport): string {
  const kind = i.distribution === 'log-normal' ? 'lognormal' : i.distribution;
  return describeSpec({ kind, ...i.parameters } as DistributionSpec, num);
}

export function budgetLine(u: UncertaintyReport, cur: string): string | null {
  const b = u.budget;
  if (!b) return null;
  const judged = b.at ? `the ${b.at.toUpperCase()} monthly cost` : 'the point estimate';
  return `Budget ${money(b.monthly, cur)} judged on ${judged} (${money(b.judged_cost, cur)}): ${b.status.toUpperCase()} — ${percent(b.used)} used; chance the monthly cost is over budget: ${percent(b.overrun_probability)}`;
}

function header(u: UncertaintyReport): string {
  return `${count(u.samples)} samples · seed ${u.seed} · ${u.inputs.length} uncertain input${u.inputs.length === 1 ? '' : 's'} · the estimate above uses each input's mean`;
}

export function renderUncertaintyTable(s: ScenarioReport, style: Style): string {
  s = displaySafe(s); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const u = s.uncertainty;
  if (!u) return '';
  const cur = s.currency;
  const out: string[] = [];
  out.push(`${style.bold(`Uncertainty — ${s.name}${s.variant ? ` [variant: ${s.variant}]` : ''}`)}`);
  out.push(style.dim(header(u)));
  // at a terminal's width P50, then the mean, go before the tail percentiles budgets are judged on
  const t = newTable(['', ...HEAD], style, undefined, [{ wrap: true }, { drop: 2 }, { drop: 1 }, {}, {}]);
  for (const [label, sm] of rows(u)) t.push([label, ...COLS.map((c) => money(sm[c], cur))]);
  out.push(t.toString());
  out.push(style.dim(`Monte Carlo standard error of the mean monthly cost: ${money(u.monthly_cost_std_error, cur)}`));
  const b = budgetLine(u, cur);
  if (b && u.budget) out.push(u.budget.status === 'over' ? style.red(b) : u.budget.status === 'alert' ? style.yellow(b) : style.green(b));
  const inputs = newTable(['Uncertain input', 'Distribution', 'Mean'], style, ['left', 'left', 'right']);
  for (const i of u.inputs) inputs.push([i.path, describeInput(i) + (1 - i.mass_kept >= 0.00005 ? style.dim(` truncated: ${percent(1 - i.mass_kept, 2)} cut off`) : ''), num(i.point)]);
  out.push('', inputs.toString());
  return out.join('\n') + '\n';
}

export function renderUncertaintyMarkdown(s: ScenarioReport): string {
  s = displaySafe(s); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const u = s.uncertainty;
  if (!u) return '';
  const cur = s.currency;
  const out: string[] = [];
  out.push(`### Uncertainty — ${mdEscape(s.name)}${s.variant ? ` — variant ${mdCode(s.variant)}` : ''}`, '');
  out.push(header(u), '');
  out.push(mdTable(['', ...HEAD], rows(u).map(([label, sm]) => [label, ...COLS.map((c) => money(sm[c], cur))])));
  const b = budgetLine(u, cur);
  if (b) out.push('', b);
  out.push('', mdTable(['Uncertain input', 'Distribution', 'Mean'], u.inputs.map((i) => [`${mdCode(i.path)}`, mdEscape(describeInput(i)), num(i.point)]), ['l', 'l', 'r']));
  return out.join('\n') + '\n';
}
