/** `aifinops quotes` renderings: terminal tables and a markdown procurement memo. Pure. */
import { displaySafe } from '../util/excerpt.js';
import type { QuoteResult, QuotesReport } from '../schema/quote.js';
import { compact, count, money, percent, unitPrice } from './format.js';
import { mdCode, mdEscape, mdTable } from './markdown.js';
import { inset, addWarningLines, type Style } from './style.js';
import { newTable } from './table.js';

/** 1, 2, 3, 5, 7, 8 → "1–3, 5, 7–8". */
export function monthRanges(months: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < months.length; i++) {
    const start = months[i]!;
    let end = start;
    while (i + 1 < months.length && months[i + 1] === end + 1) end = months[++i]!;
    out.push(start === end ? String(start) : `${start}–${end}`);
  }
  return out.join(', ');
}

const signed = (x: number, cur: string) => (x > 0 ? `+${money(x, cur)}` : x < 0 ? `−${money(-x, cur)}` : money(0, cur));

function perMillion(amount: number, tokens: number, cur: string): string {
  return tokens > 0 ? unitPrice(Math.round((amount / tokens) * 1e6 * 1000) / 1000, cur) : '—';
}

function growthText(r: QuotesReport): string {
  if (r.growth.monthly_rate === 0) return 'no growth';
  const src = r.growth.source === 'flag' ? 'from --growth' : "from the scenario's growth block";
  return `growth ${r.growth.monthly_rate > 0 ? '+' : ''}${percent(r.growth.monthly_rate)}/month (${src})`;
}

/** What the quote is: term, discount, commitment and how it plays out. */
export function quoteFacts(r: QuotesReport, q: QuoteResult): string[] {
  const cur = r.scenario.currency;
  const out: string[] = [];
  const disc = q.discount > 0 ? `${percent(q.discount)} off list` : 'list prices';
  const ref = q.reference ? `, ref. ${q.reference}` : '';
  const valid = q.valid_until ? `, valid until ${q.valid_until}` : '';
  out.push(`${q.term_months}-month term at ${disc}${ref}${valid}.`);
  const c = q.commitment;
  if (c) {
    const over = q.overage_discount === null ? 'at the same rates' : q.overage_discount > 0 ? `at ${percent(q.overage_discount)} off list` : 'at list price';
    if (c.per === 'month') {
      if (c.binding_months.length === 0) out.push(`Usage meets the ${money(c.amount, cur)} monthly commitment every month; above it, overage is billed ${over}.`);
      else {
        const exceeded = c.exceeded_from_month === null ? 'it never exceeds it' : `it exceeds it from month ${c.exceeded_from_month} (overage ${over})`;
        out.push(
          `The ${money(c.amount, cur)} monthly commitment binds in month${c.binding_months.length > 1 ? 's' : ''} ${monthRanges(c.binding_months)} (usage below it: ${money(c.unused, cur)} paid for nothing); ${exceeded}.`,
        );
      }
    } else {
      const used = c.committed_total > 0 ? c.used / c.committed_total : 0;
      if (c.unused > 0) {
        out.push(
          `Usage draws ${percent(used)} of the ${money(c.committed_total, cur)} committed over the term${c.committed_total !== c.amount ? 's' : ''}: ${money(c.unused, cur)} is billed unused at the true-up (month ${monthRanges(c.binding_months)}).`,
        );
      } else {
        out.push(`Usage uses up the ${money(c.amount, cur)} term commitment in month ${c.exceeded_from_month ?? '—'}; after that overage is billed ${over}.`);
      }
    }
  }
  if (q.components.seats > 0) out.push(`Seats: ${money(q.components.seats, cur)} over the horizon.`);
  if (q.components.fees > 0) out.push(`Fees: ${money(q.components.fees, cur)} over the horizon.`);
  if (q.components.outside > 0) {
    const outs = q.model_map.filter((m) => m.outside).map((m) => m.scenario_model);
    out.push(`Left outside the quote at their current list prices: ${outs.join(', ')} (${money(q.components.outside, cur)} over the horizon, included in the TCO).`);
  }
  return out;
}

/** Why this quote costs more than the best one, biggest differences first. */
export function differenceSentence(r: QuotesReport, q: QuoteResult, best: QuoteResult): string {
  const cur = r.scenario.currency;
  const d = q.versus_best;
  if (!d) return '';
  const parts: { v: number; text: string }[] = [];
  const rateQ = perMillion(q.components.usage, q.tokens, cur);
  const rateB = perMillion(best.components.usage, best.tokens, cur);
  if (Math.abs(d.usage) >= 0.005) parts.push({ v: d.usage, text: `usage ${signed(d.usage, cur)} (${rateQ} per 1M tokens against ${rateB})` });
  if (Math.abs(d.unused_commitment) >= 0.005) parts.push({ v: d.unused_commitment, text: `unused commitment ${signed(d.unused_commitment, cur)}` });
  if (Math.abs(d.seats) >= 0.005) parts.push({ v: d.seats, text: `seats ${signed(d.seats, cur)}` });
  if (Math.abs(d.fees) >= 0.005) parts.push({ v: d.fees, text: `fees ${signed(d.fees, cur)}` });
  if (Math.abs(d.outside) >= 0.005) parts.push({ v: d.outside, text: `calls left outside the quote ${signed(d.outside, cur)}` });
  parts.sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
  const head = Math.abs(d.total) < 0.005 ? `Costs the same as ${best.name}` : `Costs ${money(d.total, cur)} (${percent(d.total / best.tco)}) more than ${best.name} over ${r.horizon_months} months`;
  return parts.length ? `${head}: ${parts.map((p) => p.text).join(', ')}.` : `${head}.`;
}

function header(r: QuotesReport): string {
  const s = r.scenario;
  return [
    `${count(s.requests_per_month)} requests/month`,
    `${compact(s.tokens_per_month)} tokens/month`,
    `${r.horizon_months} months`,
    growthText(r),
    `at its own list prices ${money(r.baseline_total, s.currency)}`,
  ].join(' · ');
}

function mappingRows(q: QuoteResult, cur: string): string[][] {
  return q.model_map.map((m) =>
    m.outside
      ? [m.scenario_model, 'outside the quote', m.via === 'tier' ? 'by tier' : 'by name', '—', money(m.list_monthly, cur), money(m.list_monthly, cur)]
      : [m.scenario_model, m.vendor_model, m.via === 'same' ? 'same model' : m.via === 'tier' ? 'by tier' : 'by name', percent(m.discount), money(m.list_monthly, cur), money(m.quoted_monthly, cur)],
  );
}

export function renderQuotesTable(r: QuotesReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const s = r.scenario;
  const cur = s.currency;
  const out: string[] = [];
  out.push(`${style.bold(`${s.name}${s.variant ? ` [variant: ${s.variant}]` : ''} — vendor quotes`)}  ${style.dim(s.file)}`);
  out.push(style.dim(header(r)), '');
  const withOutside = r.quotes.some((q) => q.components.outside > 0);
  const t = newTable(['#', 'Quote', 'TCO', 'Per month', 'Per 1M tokens', 'Usage', 'Unused commit', 'Seats', 'Fees', ...(withOutside ? ['Outside'] : []), 'Versus best'], style, [
    'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', ...(withOutside ? ['right' as const] : []), 'right',
  ], [{}, { wrap: true }, {}, { drop: 7 }, { drop: 6 }, { drop: 3 }, { drop: 4 }, { drop: 1 }, { drop: 5 }, ...(withOutside ? [{ drop: 2 }] : []), {}]);
  for (const q of r.quotes) {
    t.push([
      String(q.rank),
      q.name,
      style.bold(money(q.tco, cur)),
      money(q.monthly_average, cur),
      perMillion(q.tco, q.tokens, cur),
      money(q.components.usage, cur),
      q.commitment ? money(q.components.unused_commitment, cur) : '—',
      q.components.seats ? money(q.components.seats, cur) : '—',
      q.components.fees ? money(q.components.fees, cur) : '—',
      ...(withOutside ? [q.components.outside ? money(q.components.outside, cur) : '—'] : []),
      q.versus_best ? style.red(`+${money(q.versus_best.total, cur)}`) : style.green('best'),
    ]);
  }
  out.push(t.toString());
  const best = r.quotes[0];
  for (const q of r.quotes) {
    out.push('', `${style.bold(`#${q.rank} ${q.name}`)}  ${style.dim(q.file)}`);
    for (const line of quoteFacts(r, q)) out.push(`  ${line}`);
    if (best && q.versus_best) out.push(`  ${differenceSentence(r, q, best)}`);
    const m = newTable(['Scenario model', 'Priced as', 'Mapped', 'Discount', 'List, month 1', 'Quoted, month 1'], inset(style, 2), ['left', 'left', 'left', 'right', 'right', 'right'], [
      { wrap: true, models: true }, { wrap: true, models: true, drop: 4 }, { wrap: true, drop: 1 }, { drop: 3 }, { drop: 2 }, {},
    ]);
    for (const row of mappingRows(q, cur)) m.push(row);
    out.push(m.toString().replace(/^/gm, '  '));
    for (const w of q.warnings) out.push(style.yellow(`  note: ${w}`));
  }
  out.push('', style.bold('Month by month') + style.dim(' (total billed; * the commitment binds that month)'));
  const mt = newTable(['Month', 'Volume', ...r.quotes.map((q) => `#${q.rank}`)], style, ['right', 'right', ...r.quotes.map(() => 'right' as const)]);
  for (let i = 0; i < r.horizon_months; i++) {
    const first = r.quotes[0]?.months[i];
    mt.push([String(i + 1), first ? `${first.volume.toFixed(2)}×` : '', ...r.quotes.map((q) => money(q.months[i]!.total, cur) + (q.months[i]!.commitment_binding ? '*' : ''))]);
  }
  mt.push([style.bold('Total'), '', ...r.quotes.map((q) => style.bold(money(q.tco, cur)))]);
  out.push(mt.toString());
  addWarningLines(out, r.warnings, style);
  return `${out.join('\n')}\n`;
}

/** The procurement memo. */
export function renderQuotesMarkdown(r: QuotesReport): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const s = r.scenario;
  const cur = s.currency;
  const out: string[] = [];
  const best = r.quotes[0];
  out.push(`# Vendor quotes: ${mdEscape(s.name)}${s.variant ? ` (variant ${mdCode(s.variant)})` : ''}`, '');
  out.push(`Workload: ${mdCode(s.file)} — ${header(r)}.`, '');
  if (best) {
    const second = r.quotes[1];
    const lead = second
      ? ` It is ${money(second.tco - best.tco, cur)} (${percent((second.tco - best.tco) / second.tco)}) cheaper than the runner-up, ${mdEscape(second.name)}.`
      : '';
    const vsList = r.baseline_total > 0 ? ` Against the scenario at its own list prices (${money(r.baseline_total, cur)}) it ${best.tco <= r.baseline_total ? 'saves' : 'costs'} ${money(Math.abs(r.baseline_total - best.tco), cur)}.` : '';
    out.push(
      `**Recommendation:** ${mdEscape(best.name)} — ${money(best.tco, cur)} over ${r.horizon_months} months (${money(best.monthly_average, cur)}/month on average, ${perMillion(best.tco, best.tokens, cur)} per 1M tokens).${lead}${vsList}`,
      '',
    );
  }
  out.push('## Ranking', '');
  const withOutside = r.quotes.some((q) => q.components.outside > 0);
  out.push(
    mdTable(
      ['#', 'Quote', 'Vendor', 'TCO', 'Per month', 'Per 1M tokens', 'Usage', 'Unused commitment', 'Seats', 'Fees', ...(withOutside ? ['Outside the quote'] : []), 'Versus best'],
      r.quotes.map((q) => [
        String(q.rank),
        mdEscape(q.name),
        mdEscape(q.vendor),
        `**${money(q.tco, cur)}**`,
        money(q.monthly_average, cur),
        perMillion(q.tco, q.tokens, cur),
        money(q.components.usage, cur),
        q.commitment ? money(q.components.unused_commitment, cur) : '—',
        q.components.seats ? money(q.components.seats, cur) : '—',
        q.components.fees ? money(q.components.fees, cur) : '—',
        ...(withOutside ? [q.components.outside ? money(q.components.outside, cur) : '—'] : []),
        q.versus_best ? `+${money(q.versus_best.total, cur)}` : 'best',
      ]),
      ['r', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', ...(withOutside ? ['r' as const] : []), 'r'],
    ),
  );
  out.push('', '## Why they differ', '');
  for (const q of r.quotes) {
    out.push(`### ${q.rank}. ${mdEscape(q.name)}`, '');
    for (const line of quoteFacts(r, q)) out.push(`- ${mdEscape(line)}`);
    if (best && q.versus_best) out.push(`- ${mdEscape(differenceSentence(r, q, best))}`);
    for (const w of q.warnings) out.push(`- ⚠️ ${mdEscape(w)}`);
    out.push('', mdTable(['Scenario model', 'Priced as', 'Mapped', 'Discount', 'List, month 1', 'Quoted, month 1'], mappingRows(q, cur).map((row) => row.map((c, i) => (i < 2 ? `${mdCode(c)}` : c))), ['l', 'l', 'l', 'r', 'r', 'r']), '');
    out.push(`<sub>Source: ${mdCode(q.file)}; rates from ${[...new Set(q.model_map.map((m) => `${mdEscape(m.priced_by.catalogue)} (as of ${mdEscape(m.priced_by.as_of)})`))].join(', ')}</sub>`, '');
  }
  out.push('## Month by month', '', 'Total billed per month; `*` marks a month in which the commitment, not usage, sets the bill.', '');
  out.push(
    mdTable(
      ['Month', 'Volume', ...r.quotes.map((q) => mdEscape(q.name))],
      [
        ...Array.from({ length: r.horizon_months }, (_, i) => [String(i + 1), `${r.quotes[0]?.months[i]?.volume.toFixed(2) ?? ''}×`, ...r.quotes.map((q) => money(q.months[i]!.total, cur) + (q.months[i]!.commitment_binding ? '\\*' : ''))]),
        ['**Total**', '', ...r.quotes.map((q) => `**${money(q.tco, cur)}**`)],
      ],
      ['r', 'r', ...r.quotes.map(() => 'r' as const)],
    ),
  );
  out.push('', '## Assumptions', '');
  out.push(`- Every quote prices the same workload: the scenario's pipeline (${count(s.requests_per_month)} requests and ${compact(s.tokens_per_month)} tokens in month 1), with each scenario model mapped to the vendor model shown.`);
  out.push(`- Volume: ${growthText(r)} over ${r.horizon_months} months, compounding from month 1; seats given as \`users\` grow with it and are never reduced within a term.`);
  out.push('- Commitments are use-it-or-lose-it: a monthly minimum shortfall is billed that month; a term commitment\'s unused balance is billed at the term\'s end.');
  for (const w of r.warnings) out.push(`- ${mdEscape(w)}`);
  return `${out.join('\n')}\n`;
}
