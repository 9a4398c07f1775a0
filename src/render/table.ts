/** Terminal tables for the estimate report. Pure: report in, string out. */
import { displaySafe } from '../util/excerpt.js';
import { rulesSummaryLines } from './explain-rules.js';
import type { Report, ScenarioReport } from '../schema/report.js';
import { compact, count, money, percent } from './format.js';
import { addWarningLines, type Style } from './style.js';
import { budgetShare } from './budget-note.js';
import type { ColumnFit } from './fit.js';
import { Grid, type Align } from './grid.js';

/**
 * A boxed table with a bold header; the first column is left-aligned and the rest right-aligned
 * unless `align` says otherwise. It fits `style.width` (render/fit.ts) as `fit` says, column by
 * column: which are left out first, which wrap, which hold model ids.
 */
export function newTable(head: string[], style: Style, align?: Align[], fit: (ColumnFit | undefined)[] = []): Grid {
  return new Grid(
    head.map((h) => style.bold(h)),
    align ?? head.map((_, i) => (i === 0 ? 'left' : 'right')),
    fit,
    style.width,
  );
}

export function budgetBadge(s: ScenarioReport, style: Style): string {
  if (!s.budget) return '';
  const b = s.budget;
  const text = `${b.status.toUpperCase()} — ${budgetShare(s)} (alert at ${percent(b.alert_at, 0)})`;
  return b.status === 'over' ? style.red(text) : b.status === 'alert' ? style.yellow(text) : style.green(text);
}

export function renderScenarioTable(s: ScenarioReport, style: Style, pricedAsOf?: string): string {
  s = displaySafe(s); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = s.currency;
  const out: string[] = [];
  const title = `${s.name}${s.variant ? ` [variant: ${s.variant}]` : ''}`;
  out.push(`${style.bold(title)}  ${style.dim(s.file)}`);
  const traffic = [`${count(s.requests_per_month)} requests/month`];
  if (s.users !== null) traffic.push(`${count(s.users)} users`);
  const tags = Object.entries(s.tags).map(([k, v]) => `${k}=${v}`);
  if (tags.length) traffic.push(`tags: ${tags.join(', ')}`);
  out.push(style.dim(traffic.join(' · ')));
  out.push('');

  // at a terminal's width: reasoning, cache writes, cache reads, calls, share, input, output are left out in that order
  const calls = newTable(['Stage', 'Model', 'Share', 'Calls/mo', 'Input', 'Cache read', 'Cache write', 'Output', 'Reasoning', 'Monthly'], style, [
    'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right',
  ], [{ wrap: true }, { wrap: true, models: true }, { drop: 5 }, { drop: 4 }, { drop: 6 }, { drop: 3 }, { drop: 2 }, { drop: 7 }, { drop: 1 }, {}]);
  for (const st of s.stages) {
    st.models.forEach((m, i) => {
      calls.push([
        i === 0 ? st.name : '',
        m.model + (m.long_context ? style.yellow(m.long_context_from_step !== null && m.long_context_from_step > 1 ? ` (long ctx from step ${m.long_context_from_step})` : ' (long ctx)') : ''),
        percent(m.share, 0),
        compact(m.calls_per_month),
        compact(m.tokens.input),
        compact(m.tokens.cache_read),
        compact(m.tokens.cache_write),
        compact(m.tokens.output),
        compact(m.tokens.reasoning),
        money(m.monthly_cost, cur),
      ]);
    });
    if (st.models.length > 1) calls.push(['', style.dim(`${st.name} subtotal`), '', compact(st.calls_per_month), '', '', '', '', '', style.bold(money(st.monthly_cost, cur))]);
  }
  out.push(style.bold('Model calls') + style.dim(' (tokens per month)'));
  out.push(calls.toString());

  if (s.line_items.length) {
    const items = newTable(['Line item', 'Category', 'Monthly'], style, ['left', 'left', 'right']);
    for (const li of s.line_items) items.push([li.name + (li.model ? style.dim(` (${li.model})`) : ''), li.category, money(li.monthly_cost, cur)]);
    out.push('', style.bold('Line items'), items.toString());
  }

  const cats = newTable(['Category', 'Monthly', 'Share'], style, ['left', 'right', 'right']);
  for (const [k, v] of Object.entries(s.by_category)) cats.push([k, money(v, cur), s.total_monthly_cost ? percent(v / s.total_monthly_cost) : '—']);
  cats.push([style.bold('Total'), style.bold(money(s.total_monthly_cost, cur)), '100%']);
  out.push('', style.bold('By category'), cats.toString());

  const unit = newTable(['Unit economics', ''], style, ['left', 'right']);
  unit.push(['Cost per request', money(s.cost_per_request, cur)]);
  if (s.cost_per_user !== null) unit.push(['Cost per user / month', money(s.cost_per_user, cur)]);
  if (s.outcomes_per_month !== null) {
    unit.push(['Outcomes / month', count(s.outcomes_per_month)]);
    unit.push(['Cost per outcome', money(s.cost_per_outcome, cur)]);
  }
  if (s.net_value !== null) {
    const nv = money(s.net_value, cur);
    unit.push(['Net value / month', s.net_value < 0 ? style.red(nv) : style.green(nv)]);
    unit.push(['ROI', percent(s.roi)]);
  }
  out.push('', unit.toString());

  out.push('', `${style.bold('Monthly total:')} ${style.bold(money(s.total_monthly_cost, cur))}`);
  if (s.budget) out.push(`${style.bold('Budget:')} ${budgetBadge(s, style)}`);

  const priced = new Map<string, string>();
  for (const st of s.stages) for (const m of st.models) priced.set(m.model, `${m.priced_by.catalogue} (as of ${m.priced_by.as_of}${m.priced_by.effective_from ? `; its dated price from ${m.priced_by.effective_from}` : ''})`);
  for (const li of s.line_items) if (li.model && !priced.has(li.model)) priced.set(li.model, '');
  const sources = [...priced.entries()].filter(([, v]) => v).map(([k, v]) => `  ${k}: ${v}`);
  if (sources.length) out.push('', style.dim(pricedAsOf ? `Priced by (rates in force on ${pricedAsOf}):` : 'Priced by:'), ...sources.map((l) => style.dim(l)));
  const rules = rulesSummaryLines(s);
  if (rules.length) {
    out.push('', style.dim('Provider rules (effective rates, docs/cost-model.md):'));
    for (const l of rules) out.push(style.dim(l));
  }
  addWarningLines(out, s.warnings, style);
  return out.join('\n');
}

export function renderEstimateTable(report: Report, style: Style): string {
  report = displaySafe(report); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const parts = report.scenarios.map((s) => renderScenarioTable(s, style, report.priced_as_of));
  if (report.scenarios.length > 1) {
    const t = newTable(['Scenario', 'Monthly', 'Per request', 'Budget'], style, ['left', 'right', 'right', 'left']);
    const alt = new Set((report.alternatives ?? []).map((a) => `${a.file}\u0000${a.variant}`));
    for (const s of report.scenarios) {
      const apart = alt.has(`${s.file}\u0000${s.variant}`) ? style.dim(' (alternative, not in the total)') : '';
      t.push([s.name + (s.variant ? ` [${s.variant}]` : '') + apart, money(s.total_monthly_cost, s.currency), money(s.cost_per_request, s.currency), s.budget ? budgetBadge(s, style) : '']);
    }
    for (const tot of report.totals) t.push([style.bold(`Grand total (${tot.currency})`), style.bold(money(tot.total_monthly_cost, tot.currency)), '', '']);
    parts.push(`${style.bold('All scenarios')}\n${t.toString()}`);
  }
  if (report.groups) {
    const key = report.groups[0]?.key ?? '';
    const t = newTable([key, 'Scenarios', 'Monthly'], style, ['left', 'right', 'right']);
    for (const g of report.groups) t.push([g.value ?? style.dim('(untagged)'), String(g.scenarios.length), money(g.total_monthly_cost, g.currency)]);
    parts.push(`${style.bold(`Showback by ${key}`)}\n${t.toString()}`);
  }
  // alternatives (alternative_of:) are shown, never added to the totals or the roll-up
  if (report.alternatives?.length) parts.push(alternativesNote(report, style.dim));
  return parts.join('\n\n') + '\n';
}

/** "Not in the totals (alternatives): Support bot (optimised) $X — alternative of Support bot (unoptimised)". */
export function alternativesNote(report: Report, dim: (s: string) => string = (s) => s): string {
  const lines = (report.alternatives ?? []).map((a) => `  ${a.name}${a.variant ? ` [${a.variant}]` : ''}: ${money(a.total_monthly_cost, a.currency)} — an alternative of ${a.alternative_of}`);
  return [dim('Not in the totals or roll-ups (alternatives of another scenario here, alternative_of:):'), ...lines].join('\n');
}
