/** The forecast report as a terminal table with a chart, markdown, CSV and a self-contained HTML page. Pure. */
import { displaySafe } from '../util/excerpt.js';
import type { ForecastReport } from '../schema/uncertainty-report.js';
import { lineChart } from './chart.js';
import { csvRows } from './csv.js';
import { compact, count, money, num, percent } from './format.js';
import { escapeHtml, fanChartSvg, htmlPage, htmlTable, shareBarsSvg } from './html.js';
import { mdCode, mdEscape, addMdWarningLines, mdTable } from './markdown.js';
import { addWarningLines, type Style } from './style.js';
import { newTable } from './table.js';
import { describeInput } from './uncertainty.js';

function growthText(r: ForecastReport): string {
  const g = r.growth;
  const uncertain = r.inputs.filter((i) => i.path.startsWith('growth.'));
  const tag = uncertain.length ? ` (uncertain: ${uncertain.length === 1 ? describeInput(uncertain[0]!) : `${uncertain.length} multipliers`})` : '';
  if (g.kind === 'rate') return `growth ${percent(g.monthly_rate, 2)} a month${tag}`;
  if (g.kind === 'curve') return `adoption curve ×${num(g.curve![0]!)} → ×${num(g.curve![g.curve!.length - 1]!)}${tag}`;
  return 'no growth';
}

function headline(r: ForecastReport): string {
  const from = r.growth.start ? ` from ${r.growth.start}` : '';
  const sampling = r.samples > 0 ? `${count(r.samples)} samples · seed ${r.seed}` : 'no uncertain inputs: one deterministic path';
  return `${r.growth.months} months${from} · ${growthText(r)} · ${sampling}`;
}

function judgedAt(r: ForecastReport): string {
  return r.budget?.at ? r.budget.at.toUpperCase() : 'point';
}

function budgetText(r: ForecastReport): string | null {
  const b = r.budget;
  if (!b) return null;
  const cur = r.currency;
  const who = b.at ? `the ${b.at.toUpperCase()} monthly cost` : 'the point estimate';
  const over = b.over_month === null ? `stays within ${money(b.monthly, cur)} for all ${r.growth.months} months` : `goes over ${money(b.monthly, cur)} in ${b.over_label} (month ${b.over_month})`;
  const alert = b.alert_month === null ? '' : b.alert_month === b.over_month ? '' : `; it reaches the alert level (${percent(b.alert_at, 0)}) in ${b.alert_label}`;
  return `Budget: ${who} ${over}${alert}`;
}

function totalText(r: ForecastReport): string {
  const cur = r.currency;
  const t = r.total;
  const band = r.samples > 0 ? `P50 ${money(t.p50, cur)} (P10 ${money(t.p10, cur)} – P90 ${money(t.p90, cur)}), mean ${money(t.mean, cur)}; ` : '';
  return `Spend over ${r.growth.months} months: ${band}point estimate ${money(r.point_total, cur)}`;
}

const MONTH_HEAD = ['Month', 'Requests P50', 'Cost P10', 'Cost P50', 'Cost P90', 'Point', 'Cumulative P50', 'Over budget'];

function monthRows(r: ForecastReport): string[][] {
  const cur = r.currency;
  return r.months.map((m) => [
    m.label,
    compact(m.requests.p50),
    money(m.cost.p10, cur),
    money(m.cost.p50, cur),
    money(m.cost.p90, cur),
    money(m.point_cost, cur),
    money(m.cumulative.p50, cur),
    m.over_budget_probability === null ? '—' : percent(m.over_budget_probability),
  ]);
}

export function renderForecastTable(r: ForecastReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.currency;
  const out: string[] = [];
  out.push(`${style.bold(`Forecast — ${r.name}${r.variant ? ` [variant: ${r.variant}]` : ''}`)}  ${style.dim(r.file)}`);
  out.push(style.dim(headline(r)));
  out.push('');
  const xs = r.months.map((m) => m.month);
  const labelOf = (x: number): string => r.months[Math.min(r.months.length - 1, Math.max(0, Math.round(x) - 1))]!.label;
  const series =
    r.samples > 0
      ? [
          { name: 'P90', symbol: '▲', points: r.months.map((m, i) => ({ x: xs[i]!, y: m.cost.p90 })) },
          { name: 'P10', symbol: '▼', points: r.months.map((m, i) => ({ x: xs[i]!, y: m.cost.p10 })) },
          { name: 'P50', symbol: '●', points: r.months.map((m, i) => ({ x: xs[i]!, y: m.cost.p50 })) },
        ]
      : [{ name: 'monthly cost', symbol: '●', points: r.months.map((m, i) => ({ x: xs[i]!, y: m.point_cost })) }];
  out.push(
    lineChart(series, {
      width: 64,
      maxWidth: style.width,
      height: 12,
      title: style.dim('Monthly cost'),
      xFormat: labelOf,
      yFormat: (v) => money(v, cur).replace(/\.\d\d$/, ''),
      hLines: r.budget ? [{ y: r.budget.monthly, label: `budget ${money(r.budget.monthly, cur)}` }] : [],
    }).trimEnd(),
  );
  out.push('');
  const t = newTable(MONTH_HEAD, style);
  for (const row of monthRows(r)) t.push(row);
  out.push(t.toString());
  out.push('');
  out.push(totalText(r));
  const b = budgetText(r);
  if (b) out.push(r.budget?.over_month !== null ? style.red(b) : style.green(b));
  if (r.budget) out.push(style.dim(`(budget judged at: ${judgedAt(r)}; "Over budget" is the share of sample paths above the budget that month)`));
  if (r.inputs.length) {
    const inputs = newTable(['Uncertain input', 'Distribution', 'Mean'], style, ['left', 'left', 'right']);
    for (const i of r.inputs) inputs.push([i.path, describeInput(i), num(i.point)]);
    out.push('', inputs.toString());
  }
  addWarningLines(out, r.warnings, style);
  return out.join('\n') + '\n';
}

export function renderForecastMarkdown(r: ForecastReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const out: string[] = [];
  out.push(`## Forecast — ${mdEscape(r.name)}${r.variant ? ` — variant ${mdCode(r.variant)}` : ''}`, '');
  out.push(mdEscape(headline(r)), '');
  out.push(mdTable(MONTH_HEAD, monthRows(r)));
  out.push('', totalText(r));
  const b = budgetText(r);
  if (b) out.push('', `**${b}**`);
  if (r.inputs.length) out.push('', mdTable(['Uncertain input', 'Distribution', 'Mean'], r.inputs.map((i) => [`${mdCode(i.path)}`, mdEscape(describeInput(i)), num(i.point)]), ['l', 'l', 'r']));
  addMdWarningLines(out, r.warnings);
  return out.join('\n') + '\n';
}

const CSV_HEAD = [
  'month', 'label', 'requests_p50', 'cost_mean', 'cost_p10', 'cost_p50', 'cost_p80', 'cost_p90', 'cost_p95', 'point_cost',
  'cumulative_p10', 'cumulative_p50', 'cumulative_p90', 'point_cumulative', 'over_budget_probability',
];

export function renderForecastCsv(r: ForecastReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  return csvRows([
    CSV_HEAD,
    ...r.months.map((m) => [
      m.month, m.label, m.requests.p50, m.cost.mean, m.cost.p10, m.cost.p50, m.cost.p80, m.cost.p90, m.cost.p95, m.point_cost,
      m.cumulative.p10, m.cumulative.p50, m.cumulative.p90, m.point_cumulative, m.over_budget_probability,
    ]),
  ]);
}

function card(k: string, v: string, r: string, cls = ''): string {
  return `<div class="card${cls ? ` ${cls}` : ''}"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div><div class="r">${escapeHtml(r)}</div></div>`;
}

export function renderForecastHtml(r: ForecastReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.currency;
  const fmt = (v: number): string => money(v, cur).replace(/\.\d\d$/, '');
  const labels = r.months.map((m) => m.label);
  const first = r.months[0]!;
  const last = r.months[r.months.length - 1]!;
  const banded = r.samples > 0;
  const body: string[] = [];
  body.push(`<h1>Forecast — ${escapeHtml(r.name)}${r.variant ? ` <small>[variant: ${escapeHtml(r.variant)}]</small>` : ''}</h1>`);
  body.push(`<p class="sub">${escapeHtml(r.file)} · ${escapeHtml(headline(r))} · ${escapeHtml(cur)}</p>`);
  const b = r.budget;
  body.push('<div class="cards">');
  body.push(card(`Monthly cost, ${first.label}`, money(banded ? first.cost.p50 : first.point_cost, cur), banded ? `P10 ${fmt(first.cost.p10)} – P90 ${fmt(first.cost.p90)}` : 'deterministic'));
  body.push(card(`Monthly cost, ${last.label}`, money(banded ? last.cost.p50 : last.point_cost, cur), banded ? `P10 ${fmt(last.cost.p10)} – P90 ${fmt(last.cost.p90)}` : 'deterministic'));
  body.push(card(`Spend over ${r.growth.months} months`, money(banded ? r.total.p50 : r.point_total, cur), banded ? `P10 ${fmt(r.total.p10)} – P90 ${fmt(r.total.p90)}` : 'deterministic'));
  if (b) {
    body.push(
      card(
        `Budget ${fmt(b.monthly)}/month (${b.at ? b.at.toUpperCase() : 'point'})`,
        b.over_label === null ? 'within budget' : `over in ${b.over_label}`,
        b.over_month === null ? `all ${r.growth.months} months` : `month ${b.over_month}`,
        b.over_month === null ? '' : 'over',
      ),
    );
  }
  body.push('</div>');

  body.push('<h2>Monthly cost</h2><figure>');
  body.push(
    fanChartSvg({
      title: `Monthly cost of ${r.name}${banded ? ' with the P10–P90 band' : ''}`,
      labels,
      ...(banded ? { band: { lower: r.months.map((m) => m.cost.p10), upper: r.months.map((m) => m.cost.p90), label: 'P10–P90' } } : {}),
      lines: banded
        ? [
            { values: r.months.map((m) => m.cost.p50), label: 'P50', kind: 'mid' },
            { values: r.months.map((m) => m.point_cost), label: 'point estimate', kind: 'point' },
            ...(b?.at && b.at !== 'p50' ? [{ values: r.months.map((m) => m.cost[b.at!]), label: `${b.at.toUpperCase()} (budget judged here)`, kind: 'at' as const }] : []),
          ]
        : [{ values: r.months.map((m) => m.point_cost), label: 'monthly cost', kind: 'mid' }],
      ...(b ? { hLine: { y: b.monthly, label: `budget ${fmt(b.monthly)}` } } : {}),
      yFormat: fmt,
    }),
  );
  body.push(`<figcaption>${escapeHtml(banded ? 'Shaded: 80% of sample paths fall in the band (P10 to P90). Solid: the median path month by month. Dashed: every uncertain input at its mean.' : 'No input is uncertain: one deterministic path.')}</figcaption></figure>`);

  body.push('<h2>Cumulative spend</h2><figure>');
  body.push(
    fanChartSvg({
      title: `Cumulative spend of ${r.name}`,
      labels,
      ...(banded ? { band: { lower: r.months.map((m) => m.cumulative.p10), upper: r.months.map((m) => m.cumulative.p90), label: 'P10–P90' } } : {}),
      lines: banded
        ? [
            { values: r.months.map((m) => m.cumulative.p50), label: 'P50', kind: 'mid' },
            { values: r.months.map((m) => m.point_cumulative), label: 'point estimate', kind: 'point' },
          ]
        : [{ values: r.months.map((m) => m.point_cumulative), label: 'cumulative spend', kind: 'mid' }],
      yFormat: fmt,
    }),
  );
  body.push('</figure>');

  if (b && banded) {
    body.push('<h2>Chance of going over budget, by month</h2><figure>');
    body.push(shareBarsSvg({ title: `Share of sample paths above ${fmt(b.monthly)} each month`, labels, values: r.months.map((m) => m.over_budget_probability ?? 0) }));
    body.push('</figure>');
  }
  const bt = budgetText(r);
  if (bt) body.push(`<p class="${b?.over_month === null ? '' : 'over'}">${escapeHtml(bt)}.</p>`);
  body.push(`<p>${escapeHtml(totalText(r))}.</p>`);

  body.push('<h2>Month by month</h2>');
  body.push(htmlTable(MONTH_HEAD, monthRows(r)));
  if (r.inputs.length) {
    body.push('<h2>Uncertain inputs</h2>');
    body.push(htmlTable(['Input', 'Distribution', 'Mean (used by the point estimate)'], r.inputs.map((i) => [i.path, describeInput(i), num(i.point)]), ['l', 'l', 'r']));
  }
  if (r.warnings.length) body.push(`<h2>Warnings</h2><ul>${r.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`).join('')}</ul>`);
  body.push(`<footer>aifinops ${escapeHtml(r.tool_version)} · forecast schema ${r.schema_version} · computed offline from the scenario and its pricing catalogues.</footer>`);
  return htmlPage({ title: `Forecast — ${r.name}`, body: body.join('\n'), generator: `aifinops ${r.tool_version}` });
}
