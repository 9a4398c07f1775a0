/** `aifinops seats` renderings: terminal tables, markdown, and the plan list. Pure. */
import { displaySafe } from '../util/excerpt.js';
import type { CataloguedPlan, PlanComparison, SeatsReport, SeatUsage } from '../schema/seats.js';
import { compact, count, money, percent, unitPrice } from './format.js';
import { mdCode, mdEscape, mdLink, mdTable } from './markdown.js';
import { inset, addWarningLines, type Style } from './style.js';
import { newTable } from './table.js';

function perDay(x: number): string {
  return x >= 100 ? count(x) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function vsApi(p: PlanComparison, cur: string): string {
  if (p.cheaper === 'equal') return 'same as API';
  const d = money(Math.abs(p.difference_monthly), cur);
  return p.cheaper === 'plan' ? `${d} cheaper` : `${d} dearer`;
}

function usageText(p: PlanComparison, cur: string): string {
  if (p.usage_kind === 'included') return '—';
  return money(p.usage_monthly, cur);
}

/** Sentences for one plan: the verdict, the crossovers, the cheapest mix. */
export function planSentences(r: SeatsReport, p: PlanComparison): string[] {
  const cur = r.scenario.currency;
  const out: string[] = [];
  const term = p.term === 'annual' ? `annual term (${p.commitment_months}-month commitment: ${money(p.commitment_total, cur)})` : 'monthly term';
  out.push(
    `${p.product}, ${term}: ${count(p.seats)} seats × ${unitPrice(p.price_per_seat_month, cur)} = ${money(p.seat_fees_monthly, cur)}/month` +
      (p.minimum_binding ? ` (the minimum of ${count(p.min_seats)} seats binds)` : '') +
      (p.usage_kind === 'metered' ? ` + metered usage ${money(p.usage_monthly, cur)}` : '') +
      (p.usage_kind === 'allowance' ? ` + usage beyond the ${p.allowance_per_seat === null ? '' : `${money(p.allowance_per_seat, cur)}/seat `}allowance ${money(p.usage_monthly, cur)}` : '') +
      (p.kept_monthly ? ` + kept costs ${money(p.kept_monthly, cur)}` : '') +
      `; ${money(p.cost_per_active_user, cur)} per active user.`,
  );
  const api = r.api.monthly_cost;
  out.push(
    p.cheaper === 'equal'
      ? `The plan costs the same as the API option (${money(api, cur)}/month).`
      : p.cheaper === 'plan'
        ? `The plan is ${money(-p.difference_monthly, cur)}/month (${percent(-p.difference_monthly / api)}) cheaper than the API option (${money(api, cur)}/month).`
        : `The API option (${money(api, cur)}/month) is ${money(p.difference_monthly, cur)}/month (${percent(p.difference_monthly / p.monthly_cost)}) cheaper than the plan.`,
  );
  const cu = p.crossover_usage;
  const tokens = cu.tokens_per_month_at_from !== null ? ` (${compact(cu.tokens_per_month_at_from)} tokens per active user per month)` : '';
  if (cu.summary === 'always') out.push(`At ${count(r.scenario.users)} users a seat wins at any usage.`);
  else if (cu.summary === 'never') out.push(`At ${count(r.scenario.users)} users a seat never wins, however much each user uses it.`);
  else out.push(`At ${count(r.scenario.users)} users a seat wins ${cu.summary}${tokens}; today's mean is ${perDay(r.scenario.requests_per_active_user_per_day)}.`);
  const xu = p.crossover_users;
  const fixed = r.api.fixed_monthly > 0 ? `, the API option's fixed ${money(r.api.fixed_monthly, cur)}/month` : '';
  const basis = `given the minimum of ${count(p.min_seats)} seat${p.min_seats === 1 ? '' : 's'}${fixed} and today's usage per active user`;
  if (xu.summary === 'always') out.push(`The plan wins at any number of users, ${basis}.`);
  else if (xu.summary === 'never') out.push(`The plan wins at no number of users, ${basis}.`);
  else out.push(`The plan wins ${xu.summary}, ${basis}.`);
  const mix = p.cheapest_mix;
  if (mix.on_seats.length === 0) out.push(`Cheapest mix: everyone on the API.`);
  else if (mix.on_api.length === 0) out.push(`Cheapest mix: everyone on seats.`);
  else {
    out.push(
      `Cheapest mix: ${mix.on_seats.join(', ')} on seats (${count(mix.seats)} seats), ${mix.on_api.join(', ')} on the API: ${money(mix.monthly_cost, cur)}/month, ` +
        `${money(mix.saving_vs_all_api, cur)} less than all on the API and ${money(mix.saving_vs_all_seats, cur)} less than all on seats.`,
    );
  }
  return out;
}

function header(r: SeatsReport): string[] {
  const s = r.scenario;
  const facts = [
    `${count(s.users)} users`,
    `${percent(s.active_share, 0)} active (${count(s.active_users)})`,
    `${count(s.requests_per_month)} requests/month`,
    `${perDay(s.requests_per_active_user_per_day)} requests per active user per day`,
    `${compact(s.tokens_per_request)} tokens per request`,
  ];
  return [facts.join(' · ')];
}

export function renderSeatsTable(r: SeatsReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const s = r.scenario;
  const cur = s.currency;
  const out: string[] = [];
  out.push(`${style.bold(`${s.name}${s.variant ? ` [variant: ${s.variant}]` : ''} — seat plans versus tokens`)}  ${style.dim(s.file)}`);
  out.push(style.dim(header(r)[0]!), '');

  const api = newTable(['API option (the scenario)', 'Monthly'], style, ['left', 'right']);
  api.push([`Model calls (${money(r.api.model_cost_per_request, cur)} per request)`, money(r.api.model_cost_per_request * s.requests_per_month, cur)]);
  if (r.api.items_cost_per_request > 0) api.push([`Per-request line items`, money(r.api.items_cost_per_request * s.requests_per_month, cur)]);
  if (r.api.per_user_items > 0) api.push([`Per-user line items (${money(r.api.per_user_items, cur)} per user)`, money(r.api.per_user_items * s.users, cur)]);
  if (r.api.fixed_monthly > 0) api.push(['Fixed line items', money(r.api.fixed_monthly, cur)]);
  if (r.api.kept_monthly > 0) api.push([`Kept under a plan too: ${s.kept_costs.join(', ')}`, money(r.api.kept_monthly, cur)]);
  api.push([style.bold('Total'), style.bold(money(r.api.monthly_cost, cur))]);
  out.push(api.toString(), '');

  const plans = newTable(['Plan', 'Term', 'Seats', 'Per seat', 'Seat fees', 'Usage', 'Monthly', 'Per active user', 'Versus API'], style, [
    'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left',
  ], [{ wrap: true }, { drop: 3 }, { drop: 4 }, { drop: 5 }, { drop: 1 }, { drop: 2 }, {}, { drop: 6 }, { wrap: true }]);
  for (const p of r.plans) {
    const verdict = vsApi(p, cur);
    plans.push([
      p.plan,
      p.term,
      count(p.seats) + (p.minimum_binding ? '*' : ''),
      unitPrice(p.price_per_seat_month, cur),
      money(p.seat_fees_monthly, cur),
      usageText(p, cur),
      money(p.monthly_cost, cur),
      money(p.cost_per_active_user, cur),
      p.cheaper === 'plan' ? style.green(verdict) : p.cheaper === 'api' ? style.red(verdict) : verdict,
    ]);
  }
  out.push(plans.toString());
  if (r.plans.some((p) => p.minimum_binding)) out.push(style.dim('* the plan\'s minimum number of seats binds'));

  for (const p of r.plans) {
    out.push('', style.bold(`${p.plan} — ${p.vendor}`));
    for (const line of planSentences(r, p)) out.push(`  ${line}`);
    if (p.segments.length > 1) {
      const t = newTable(['Segment', 'Users', 'Requests/day', 'API per user', 'Plan per user', 'Better on'], inset(style, 2), ['left', 'right', 'right', 'right', 'right', 'left']);
      p.segments.forEach((seg, i) => {
        const input = s.segments[i]!;
        t.push([seg.name, count(seg.users), perDay(input.requests_per_user_per_day), money(seg.api_cost_per_user, cur), money(seg.plan_cost_per_user, cur), seg.recommendation === 'seat' ? 'seat' : seg.recommendation === 'api' ? 'API' : 'either']);
      });
      out.push(t.toString().replace(/^/gm, '  '));
    }
    out.push(`  ${termSentence(p, cur)}`);
    out.push(style.dim(`  Price: ${p.source} (as of ${p.as_of}${p.source_kind === 'secondary' ? ', secondary source' : ''})`));
    for (const w of p.warnings) out.push(style.yellow(`  note: ${w}`));
  }
  addWarningLines(out, r.warnings, style);
  return `${out.join('\n')}\n`;
}

export function renderSeatsMarkdown(r: SeatsReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const s = r.scenario;
  const cur = s.currency;
  const out: string[] = [];
  out.push(`## ${mdEscape(s.name)}${s.variant ? ` — variant ${mdCode(s.variant)}` : ''}: seat plans versus tokens`, '');
  out.push(header(r)[0]!, '');
  out.push(`API option (the scenario's estimate): **${money(r.api.monthly_cost, cur)}/month**, ${money(r.api.cost_per_active_user, cur)} per active user.`, '');
  out.push(
    mdTable(
      ['Plan', 'Term', 'Seats', 'Per seat', 'Seat fees', 'Usage', 'Monthly', 'Per active user', 'Versus API'],
      r.plans.map((p) => [`${mdCode(p.plan)}`, p.term, count(p.seats) + (p.minimum_binding ? ' (minimum)' : ''), unitPrice(p.price_per_seat_month, cur), money(p.seat_fees_monthly, cur), usageText(p, cur), `**${money(p.monthly_cost, cur)}**`, money(p.cost_per_active_user, cur), vsApi(p, cur)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  for (const p of r.plans) {
    out.push('', `### ${mdCode(p.plan)} — ${mdEscape(p.vendor)}`, '');
    for (const line of planSentences(r, p)) out.push(`- ${mdEscape(line)}`);
    if (p.segments.length > 1) {
      out.push(
        '',
        mdTable(
          ['Segment', 'Users', 'Requests/day', 'API per user', 'Plan per user', 'Better on'],
          p.segments.map((seg, i) => [mdEscape(seg.name), count(seg.users), perDay(s.segments[i]!.requests_per_user_per_day), money(seg.api_cost_per_user, cur), money(seg.plan_cost_per_user, cur), seg.recommendation === 'seat' ? 'seat' : seg.recommendation === 'api' ? 'API' : 'either']),
          ['l', 'r', 'r', 'r', 'r', 'l'],
        ),
      );
    }
    out.push('', termSentence(p, cur));
    out.push('', `<sub>Price: ${p.source} (as of ${p.as_of}${p.source_kind === 'secondary' ? ', secondary source' : ''})</sub>`);
    if (p.warnings.length) out.push('', ...p.warnings.map((w) => `> ${mdEscape(w)}`));
  }
  if (r.warnings.length) out.push('', ...r.warnings.map((w) => `> ⚠️ ${mdEscape(w)}`));
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------- the catalogue (--list)

export function usageSummary(u: SeatUsage, cur: string): string {
  const fee = u.kind !== 'included' && u.token_fee_per_million ? ` + ${unitPrice(u.token_fee_per_million, cur)}/1M tokens` : '';
  switch (u.kind) {
    case 'included':
      return 'included (vendor limits)';
    case 'metered':
      return `all usage metered${fee}`;
    case 'allowance':
      return `${u.per_seat === null ? 'allowance of unpublished size' : `${money(u.per_seat, cur)}/seat allowance`}, ${u.pooled ? 'pooled' : 'per user'}${fee}`;
  }
}

export interface PlanRow {
  plan: string;
  vendor: string;
  product: string;
  currency: string;
  annual: number | null;
  monthly: number | null;
  min_seats: number;
  usage: string;
  as_of: string;
  source: string;
  source_kind: 'vendor' | 'secondary';
  catalogue: string;
  notes: string | null;
}

export function planRows(plans: readonly CataloguedPlan[]): PlanRow[] {
  return plans.map((c) => ({
    plan: c.id,
    vendor: c.plan.vendor,
    product: c.plan.product,
    currency: c.currency,
    annual: c.plan.price?.annual ?? null,
    monthly: c.plan.price?.monthly ?? null,
    min_seats: c.plan.min_seats ?? 1,
    usage: usageSummary(c.plan.usage, c.currency),
    as_of: c.asOf,
    source: c.plan.source,
    source_kind: c.plan.source_kind ?? 'vendor',
    catalogue: c.file,
    notes: c.plan.notes ?? null,
  }));
}

const priceCell = (v: number | null, cur: string) => (v === null ? 'n/p' : unitPrice(v, cur));

export function renderPlanListTable(rows: readonly PlanRow[], style: Style): string {
  rows = displaySafe(rows); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const t = newTable(['Plan', 'Product', 'Annual', 'Monthly', 'Min seats', 'Usage', 'As of'], style, ['left', 'left', 'right', 'right', 'right', 'left', 'left'], [
    { wrap: true }, { wrap: true, drop: 3 }, {}, { drop: 4 }, { drop: 2 }, { wrap: true, drop: 5 }, { drop: 1 },
  ]);
  for (const r of rows) t.push([r.plan, r.product, priceCell(r.annual, r.currency), priceCell(r.monthly, r.currency), count(r.min_seats), r.usage, r.as_of + (r.source_kind === 'secondary' ? '*' : '')]);
  const lines = [style.bold('Seat plans') + style.dim(' (price per seat per month; n/p = not published: contact sales)'), t.toString()];
  if (rows.some((r) => r.source_kind === 'secondary')) lines.push(style.dim('* price confirmed only by secondary sources'));
  const files = [...new Set(rows.map((r) => r.catalogue))];
  lines.push(style.dim(`From: ${files.join(', ')}. Sources and notes: aifinops seats --list -f markdown`));
  return `${lines.join('\n')}\n`;
}

export function renderPlanListMarkdown(rows: readonly PlanRow[]): string {
  rows = displaySafe(rows); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const out = [
    mdTable(
      ['Plan', 'Product', 'Annual', 'Monthly', 'Min seats', 'Usage', 'As of', 'Source'],
      rows.map((r) => [`${mdCode(r.plan)}`, mdEscape(`${r.vendor} — ${r.product}`), priceCell(r.annual, r.currency), priceCell(r.monthly, r.currency), count(r.min_seats), mdEscape(r.usage), r.as_of, mdLink(r.source_kind, r.source)]),
      ['l', 'l', 'r', 'r', 'r', 'l', 'l', 'l'],
    ),
  ];
  const notes = rows.filter((r) => r.notes);
  if (notes.length) out.push('', ...notes.map((r) => `- ${mdCode(r.plan)}: ${mdEscape(r.notes!)}`));
  return `${out.join('\n')}\n`;
}

/** The plan against the API over its commitment term, each month at that month's model prices. */
function termSentence(p: SeatsReport['plans'][number], cur: string): string {
  const t = p.over_term;
  const d = t.difference;
  const verdict = Math.abs(d) < 0.005 ? 'the same' : d < 0 ? `${money(-d, cur)} less` : `${money(d, cur)} more`;
  return `Over the ${t.months}-month term (${t.first_month.slice(0, 7)} to ${t.last_month.slice(0, 7)}, each month at its own model prices): the plan ${money(t.plan_total, cur)}, the API ${money(t.api_total, cur)}; the plan costs ${verdict}.`;
}
