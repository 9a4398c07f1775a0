/** The break-even report as terminal tables + chart, and as markdown. Pure: report in, string out. */
import { displaySafe } from '../util/excerpt.js';
import { CHART_POINTS } from '../core/breakeven-report.js';
import type { BreakevenPointReport, BreakevenPriceReport, BreakevenReport } from '../schema/breakeven.js';
import { lineChart } from './chart.js';
import { compact, count, money, percent, unitPrice } from './format.js';
import { mdCode, mdEscape, mdTable } from './markdown.js';
import { addWarningLines, type Style } from './style.js';
import { newTable } from './table.js';

/** 0.1× 2.5× 12× 100× */
export function multiple(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  return `${x >= 100 ? Math.round(x) : +x.toPrecision(x < 1 ? 2 : 3)}×`;
}

function symbolOf(cur: string): string {
  return money(0, cur).replace(/0\.00$/, '');
}

function tokensPerSecond(x: number): string {
  return `${count(x)} tok/s`;
}

function priceLine(p: BreakevenPriceReport, cur: string): string {
  if (p.owned) {
    const o = p.owned;
    const capital = o.cost_of_capital > 0 ? `${money(o.capital_monthly, cur)} capital (${money(o.purchase_price, cur)} over ${o.amortisation_months} months at ${percent(o.cost_of_capital)} a year)` : `${money(o.capital_monthly, cur)} capital (${money(o.purchase_price, cur)} ÷ ${o.amortisation_months} months)`;
    const extras = [
      o.colocation_monthly ? `${money(o.colocation_monthly, cur)} colocation` : '',
      o.staff_monthly ? `${money(o.staff_monthly, cur)} staff` : '',
      o.other_monthly ? `${money(o.other_monthly, cur)} other` : '',
    ].filter(Boolean);
    return `owned ${o.server}: ${money(o.server_monthly, cur)} per server-month = ${capital} + ${money(o.power_monthly, cur)} power (${o.power_kw} kW × PUE ${o.pue} × ${unitPrice(o.electricity_per_kwh, cur)}/kWh × 730 h)${extras.map((e) => ` + ${e}`).join('')}; ${unitPrice(p.gpu_hourly, cur)} per GPU-hour over ${o.gpus_per_server} GPUs (as of ${p.as_of})`;
  }
  const per = p.instance_hourly !== null && p.gpus_per_instance !== null ? ` = ${p.instance ?? 'instance'} ${unitPrice(p.instance_hourly, cur)}/h ÷ ${p.gpus_per_instance} GPUs` : p.instance ? ` (${p.instance})` : '';
  return `${p.key}: ${unitPrice(p.gpu_hourly, cur)} per GPU-hour${per}${p.region ? `, ${p.region}` : ''} (as of ${p.as_of})`;
}

function cheaperLabel(c: BreakevenPointReport['cheaper']): string {
  return c === 'api' ? 'API' : c === 'self-hosted' ? 'self-hosted' : 'equal';
}

function headline(r: BreakevenReport): string {
  const cur = r.scenario.currency;
  const b = r.breakeven;
  if (b.status === 'never') return `never — ${b.reason}`;
  const x = b.multiple!;
  const cost = r.curve.find((p) => p.multiple === x)?.self_hosted_monthly_cost ?? null;
  const where = `${multiple(x)} today's volume: ${count(b.requests_per_month)} requests/month, ${compact(b.tokens_per_month)} tokens/month (${b.replicas} replica${b.replicas === 1 ? '' : 's'}${b.instances !== null ? ` on ${b.instances} ${instanceWord(r.deployment.price, b.instances)}` : ''}, ${money(cost, cur)}/month)`;
  return x < 1 ? `${where} — below today's volume, so self-hosting already costs less` : where;
}

function utilisationLine(r: BreakevenReport): string {
  const u = r.breakeven_utilisation;
  if (u.value !== null && u.reachable) return `${percent(u.value)} average utilisation (the fleet runs at ${percent(u.today)} today)`;
  return `not reachable — ${u.reason}`;
}

export function renderBreakevenTable(r: BreakevenReport, chart: readonly BreakevenPointReport[], style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  chart = displaySafe(chart); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.scenario.currency;
  const d = r.deployment;
  const t = d.throughput;
  const out: string[] = [];
  out.push(`${style.bold(`API versus self-hosting: ${r.scenario.name}${r.scenario.variant ? ` [variant: ${r.scenario.variant}]` : ''}`)}  ${style.dim(r.scenario.file)}`);
  out.push('');
  out.push(`${style.bold('Deployment')} ${d.name} ${style.dim(`(${d.defined_in})`)}`);
  out.push(`  ${d.model.name} (${d.model.parameters_b}B, ${d.model.precision}) on ${d.gpus_per_replica} × ${d.gpu.name} per replica${d.engine ? `, ${d.engine}` : ''}`);
  const how = t.method === 'fitted'
    ? `fitted to ${t.measurements.length} measurements, worst fit ${percent(t.max_relative_error, 0)}`
    : `stated at ${count(t.input_tokens)}/${count(t.output_tokens)} tokens${t.batch !== null ? `, batch ${t.batch}` : ''}`;
  out.push(`  prefill ${tokensPerSecond(t.prefill_tokens_per_second)}, decode ${tokensPerSecond(t.decode_tokens_per_second)} per replica (${how})`);
  out.push(`  ${style.dim(`throughput: ${t.source}`)}`);
  out.push(`  price ${priceLine(d.price, cur)}`);
  out.push(`  ${style.dim(`price source: ${d.price.source}`)}`);
  out.push(`  min ${d.min_replicas} replica${d.min_replicas === 1 ? '' : 's'}, target utilisation ${percent(d.target_utilisation)}, operations ${money(d.operations_monthly, cur)}/month`);
  out.push(`  replaces: ${r.replaces.join(', ') === 'all' ? 'every model call of the pipeline' : r.replaces.join(', ')}`);

  const calls = newTable(['Stage', 'API model', 'Calls/mo', 'In/call', 'Out/call', 'Busy s/call', 'API/month'], style, ['left', 'left', 'right', 'right', 'right', 'right', 'right'], [
    { wrap: true }, { wrap: true, models: true }, { drop: 4 }, { drop: 2 }, { drop: 3 }, { drop: 1 }, {},
  ]);
  for (const it of r.replaced) {
    calls.push([it.stage, it.model, compact(it.calls_per_month), count(it.input_tokens_per_call), count(it.output_tokens_per_call + it.reasoning_tokens_per_call), it.busy_seconds_per_call.toFixed(4), money(it.api_monthly_cost, cur)]);
  }
  out.push('', style.bold('Replaced calls') + style.dim(' (busy replica-seconds = input ÷ prefill + output ÷ decode)'), calls.toString());

  const td = r.today;
  const today = newTable([`Today (${count(td.requests_per_month)} requests/month)`, 'API', 'Self-hosted'], style, ['left', 'right', 'right']);
  today.push(['Replaced calls / month', money(td.api_monthly_cost, cur), money(td.self_hosted_monthly_cost, cur)]);
  today.push([style.dim('  of which GPUs / operations'), '', style.dim(`${money(td.gpu_monthly_cost, cur)} / ${money(td.operations_monthly_cost, cur)}`)]);
  today.push([style.dim('  replicas × GPUs, utilisation'), '', style.dim(`${td.replicas} × ${d.gpus_per_replica}, ${percent(td.utilisation)}`)]);
  today.push([style.dim(`  ${paidForLabel(d.price)}`), '', style.dim(paidFor(d.price, td))]);
  today.push(['Cost per 1M tokens', money(td.api_cost_per_million_tokens, cur), money(td.self_hosted_cost_per_million_tokens, cur)]);
  today.push(['Everything else (unchanged)', money(td.unchanged_monthly_cost, cur), money(td.unchanged_monthly_cost, cur)]);
  today.push([style.bold('Scenario total / month'), style.bold(money(td.total_api_option, cur)), style.bold(money(td.total_self_hosted_option, cur))]);
  out.push('', today.toString());
  const saving = td.monthly_saving;
  out.push(saving > 0 ? style.green(`Self-hosting saves ${money(saving, cur)} a month at today's volume.`) : saving < 0 ? style.yellow(`Self-hosting costs ${money(-saving, cur)} a month more than the API at today's volume.`) : 'Both options cost the same at today\'s volume.');

  out.push('', `${style.bold('Break-even:')} ${headline(r)}`);
  if (r.breakeven.status === 'breaks-even' && r.breakeven.reason) out.push(style.dim(`  ${r.breakeven.reason}`));
  out.push(`${style.bold('Break-even utilisation:')} ${utilisationLine(r)}`);

  const curve = newTable(['Volume', 'Requests/mo', 'Tokens/mo', 'API', 'Self-hosted', 'Replicas', 'Utilisation', 'Cheaper'], style, ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'], [
    {}, { drop: 3 }, { drop: 2 }, {}, {}, { drop: 4 }, { drop: 1 }, { drop: 5 },
  ]);
  for (const p of r.curve) {
    const isBe = r.breakeven.multiple !== null && p.multiple === r.breakeven.multiple && !([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as number[]).includes(p.multiple);
    const label = isBe ? style.bold(`${multiple(p.multiple)} ◂ break-even`) : p.multiple === 1 ? style.bold('1× today') : multiple(p.multiple);
    curve.push([label, compact(p.requests_per_month), compact(p.tokens_per_month), money(p.api_monthly_cost, cur), money(p.self_hosted_monthly_cost, cur), String(p.replicas), percent(p.utilisation), cheaperLabel(p.cheaper)]);
  }
  out.push('', style.bold('Cost curves') + style.dim(' (replaced calls only; everything else is the same in both options)'), curve.toString());

  const sym = symbolOf(cur);
  const vLines = [{ x: 1, label: 'today' }];
  if (r.breakeven.multiple !== null && r.breakeven.multiple >= 0.1 && r.breakeven.multiple <= 100 && r.breakeven.multiple !== 1) vLines.push({ x: r.breakeven.multiple, label: `break-even ${multiple(r.breakeven.multiple)}` });
  out.push(
    '',
    lineChart(
      [
        { name: 'API', points: chart.map((p) => ({ x: p.multiple, y: p.api_monthly_cost })), symbol: '●' },
        { name: 'self-hosted', points: chart.map((p) => ({ x: p.multiple, y: p.self_hosted_monthly_cost })), symbol: '○' },
      ],
      { logX: true, width: CHART_POINTS, maxWidth: style.width, height: 14, xFormat: (x) => multiple(x), yFormat: (y) => `${sym}${compact(y)}`, vLines, title: style.dim('Monthly cost of the replaced calls against volume (× today)') },
    ).trimEnd(),
  );

  if (r.price_options.length > 1) {
    const opts = newTable([`Price options for ${d.gpu.name}`, 'Per GPU-hour', 'Self-hosted today', 'Break-even', 'As of'], style, ['left', 'right', 'right', 'right', 'right'], [
      { wrap: true }, { drop: 2 }, {}, {}, { drop: 1 },
    ]);
    for (const o of r.price_options) opts.push([o.selected ? style.bold(`${o.key} (selected)`) : o.key, unitPrice(o.gpu_hourly, cur), money(o.self_hosted_monthly_cost, cur), o.breakeven_multiple === null ? 'never' : multiple(o.breakeven_multiple), o.as_of]);
    out.push('', opts.toString());
  }

  const roof = newTable([`Roofline: ${d.gpus_per_replica} × ${d.gpu.name}`, 'Claimed', 'Physical bound', ''], style, ['left', 'right', 'right', 'left']);
  for (const c of r.roofline.checks) {
    const fmt = (v: number) => (c.unit === 'bytes' ? `${(v / 2 ** 30).toFixed(1)} GiB` : tokensPerSecond(v));
    roof.push([c.what, fmt(c.claimed), fmt(c.bound), c.ok ? style.green(`ok (${percent(c.claimed / c.bound, 0)})`) : style.red(`ABOVE BOUND (${percent(c.claimed / c.bound, 0)})`)]);
  }
  out.push('', roof.toString());
  for (const c of r.roofline.checks.filter((x) => !x.ok)) out.push(style.red(`  ✗ ${c.what}: ${c.detail}`));
  if (r.roofline.ok) out.push(style.dim('  every claim is within the hardware\'s physical limits (docs/breakeven.md explains the bounds)'));

  addWarningLines(out, r.warnings, style);
  return `${out.join('\n')}\n`;
}

export function renderBreakevenMarkdown(r: BreakevenReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = r.scenario.currency;
  const d = r.deployment;
  const t = d.throughput;
  const td = r.today;
  const out: string[] = [];
  out.push(`## API versus self-hosting: ${mdEscape(r.scenario.name)}${r.scenario.variant ? ` — variant ${mdCode(r.scenario.variant)}` : ''}`);
  out.push('');
  out.push(`Deployment **${mdEscape(d.name)}**: ${mdEscape(d.model.name)} on ${d.gpus_per_replica} × ${mdEscape(d.gpu.name)} per replica; prefill ${tokensPerSecond(t.prefill_tokens_per_second)}, decode ${tokensPerSecond(t.decode_tokens_per_second)} per replica (${t.method}); price ${mdEscape(priceLine(d.price, cur))}; min ${d.min_replicas} replica${d.min_replicas === 1 ? '' : 's'}, target utilisation ${percent(d.target_utilisation)}, operations ${money(d.operations_monthly, cur)}/month. Replaces: ${mdEscape(r.replaces.join(', '))}.`);
  out.push('');
  out.push(
    mdTable(
      [`Today (${count(td.requests_per_month)} requests/month)`, 'API', 'Self-hosted'],
      [
        ['Replaced calls / month', money(td.api_monthly_cost, cur), money(td.self_hosted_monthly_cost, cur)],
        ['Replicas × GPUs, utilisation', '', `${td.replicas} × ${d.gpus_per_replica}, ${percent(td.utilisation)}`],
        [capitalise(paidForLabel(d.price)), '', paidFor(d.price, td)],
        ['Cost per 1M tokens', money(td.api_cost_per_million_tokens, cur), money(td.self_hosted_cost_per_million_tokens, cur)],
        ['Scenario total / month', `**${money(td.total_api_option, cur)}**`, `**${money(td.total_self_hosted_option, cur)}**`],
      ],
    ),
  );
  out.push('');
  out.push(`**Break-even:** ${mdEscape(headline(r))}`);
  out.push('');
  out.push(`**Break-even utilisation:** ${mdEscape(utilisationLine(r))}`);
  out.push('');
  out.push(
    mdTable(
      ['Volume', 'Requests/mo', 'API', 'Self-hosted', 'Replicas', 'Utilisation', 'Cheaper'],
      r.curve.map((p) => [multiple(p.multiple), compact(p.requests_per_month), money(p.api_monthly_cost, cur), money(p.self_hosted_monthly_cost, cur), String(p.replicas), percent(p.utilisation), cheaperLabel(p.cheaper)]),
    ),
  );
  if (r.price_options.length > 1) {
    out.push('');
    out.push(mdTable(['Price option', 'Per GPU-hour', 'Self-hosted today', 'Break-even', 'As of'], r.price_options.map((o) => [o.selected ? `**${o.key}**` : o.key, unitPrice(o.gpu_hourly, cur), money(o.self_hosted_monthly_cost, cur), o.breakeven_multiple === null ? 'never' : multiple(o.breakeven_multiple), o.as_of]), ['l', 'r', 'r', 'r', 'r']));
  }
  out.push('');
  out.push(r.roofline.ok ? 'Roofline: every throughput claim is within the hardware\'s physical limits.' : `Roofline: ⚠️ ${r.roofline.checks.filter((c) => !c.ok).map((c) => `${mdEscape(c.what)} claims ${count(c.claimed)}, bound ${count(c.bound)}`).join('; ')}`);
  if (r.warnings.length) out.push('', ...r.warnings.map((w) => `> ⚠️ ${mdEscape(w)}`));
  return `${out.join('\n')}\n`;
}

/** What the fleet rents or buys as a whole: instances, owned servers, or single GPUs. */
function instanceWord(p: BreakevenPriceReport, n: number): string {
  const w = p.kind === 'owned' ? 'server' : p.gpus_per_instance === null ? 'GPU' : 'instance';
  return n === 1 ? w : `${w}s`;
}

/** The "paid for" row: whole instances or servers × their GPUs, or GPUs rented one by one. */
function paidForLabel(p: BreakevenPriceReport): string {
  return p.kind === 'rented' && p.gpus_per_instance === null ? 'GPUs paid for' : `${instanceWord(p, 2)} × GPUs each, paid for`;
}

function paidFor(p: BreakevenPriceReport, pt: BreakevenPointReport): string {
  return p.kind === 'rented' && p.gpus_per_instance === null ? String(pt.gpus) : `${pt.instances} × ${pt.gpus / Math.max(1, pt.instances)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
