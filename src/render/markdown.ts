/** Markdown (GitHub-flavoured) renderings. Pure. */
import { displaySafe } from '../util/excerpt.js';
import { rulesSummaryLines } from './explain-rules.js';
import type { Report, ScenarioReport } from '../schema/report.js';
import { compact, count, money, percent } from './format.js';
import { budgetShare } from './budget-note.js';
import { escapeHtml } from './html.js';

/**
 * The one escaper for text from inputs (scenario, stage, model and file names, warnings …) in
 * every markdown aifinops writes: the text renders as itself, never as HTML (`<img onerror>`,
 * `<details>`), a link or image (`[x](javascript:…)`), a code span, a table cell break, emphasis
 * or strike-through (`*` `_` `~`). Newlines become spaces, so the text stays on its line. An `@`
 * gets a zero-width space after it, so a name such as `@org/team` in a pull-request comment never
 * mentions (notifies) anyone.
 */
export function mdEscape(s: string): string {
  return s
    .replace(/[\\`[\]|*_~]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|[\n\r\u2028\u2029]/g, ' ');
}

/** Text inside an HTML element of a markdown document (`<summary>`, `<b>`), where markdown escapes do not apply. */
export function mdHtmlText(s: string): string {
  return escapeHtml(s).replace(/\r\n|[\n\r\u2028\u2029]/g, ' ');
}

/** Inline code that survives any content (backticks, pipes, newlines). */
export function mdCode(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${s.replace(/``+/g, (t) => t.split('').join('\u200b')).replace(/\|/g, '\\|').replace(/\r\n|[\n\r\u2028\u2029]/g, ' ')}${pad}${ticks}`;
}

/** A fenced code block (a chart) whose fence is longer than any run of backticks inside it, so nothing in it can close it. */
export function mdFence(text: string, info = 'text'): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** A link to an http(s) address; anything else (javascript:, data:, relative) is shown as code, not linked. */
export function mdLink(text: string, url: string): string {
  if (/^https?:\/\/[^\s<>()[\]`]+$/i.test(url)) return `[${mdEscape(text)}](${url})`;
  return `${mdEscape(text)} ${mdCode(url)}`;
}

export function mdTable(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const a = align ?? head.map((_, i) => (i === 0 ? 'l' : 'r'));
  const sep = a.map((x) => (x === 'r' ? '---:' : ':---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function renderScenarioMarkdown(s: ScenarioReport, pricedAsOf?: string): string {
  s = displaySafe(s); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = s.currency;
  const out: string[] = [];
  out.push(`## ${mdEscape(s.name)}${s.variant ? ` — variant ${mdCode(s.variant)}` : ''}`);
  out.push('');
  const facts = [`**${money(s.total_monthly_cost, cur)} / month**`, `${count(s.requests_per_month)} requests/month`, `${money(s.cost_per_request, cur)} per request`];
  if (s.cost_per_user !== null) facts.push(`${money(s.cost_per_user, cur)} per user`);
  if (s.cost_per_outcome !== null) facts.push(`${money(s.cost_per_outcome, cur)} per outcome`);
  out.push(facts.join(' · '));
  if (s.budget) out.push('', `Budget: **${s.budget.status}** — ${budgetShare(s)}`);
  out.push('');
  const rows: string[][] = [];
  for (const st of s.stages) {
    for (const m of st.models) {
      rows.push([mdEscape(st.name), `${mdCode(m.model)}`, percent(m.share, 0), compact(m.calls_per_month), compact(m.tokens.input), compact(m.tokens.cache_read), compact(m.tokens.cache_write), compact(m.tokens.output), compact(m.tokens.reasoning), money(m.monthly_cost, cur)]);
    }
  }
  out.push(mdTable(['Stage', 'Model', 'Share', 'Calls/mo', 'Input', 'Cache read', 'Cache write', 'Output', 'Reasoning', 'Monthly'], rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  if (s.line_items.length) {
    out.push('', mdTable(['Line item', 'Category', 'Monthly'], s.line_items.map((li) => [mdEscape(li.name), mdEscape(li.category), money(li.monthly_cost, cur)]), ['l', 'l', 'r']));
  }
  out.push('', mdTable(['Category', 'Monthly'], [...Object.entries(s.by_category).map(([k, v]) => [mdEscape(k), money(v, cur)]), ['**Total**', `**${money(s.total_monthly_cost, cur)}**`]]));
  if (s.net_value !== null) out.push('', `Net value ${money(s.net_value, cur)} / month · ROI ${percent(s.roi)}`);
  const priced = new Map<string, string>();
  for (const st of s.stages) for (const m of st.models) priced.set(m.model, `${m.priced_by.catalogue}, as of ${m.priced_by.as_of}${m.priced_by.effective_from ? `; its dated price from ${m.priced_by.effective_from}` : ''}`);
  if (priced.size) out.push('', `<sub>Priced by${pricedAsOf ? ` (rates in force on ${pricedAsOf})` : ''}: ${[...priced.entries()].map(([k, v]) => `${mdCode(k)} (${mdEscape(v)})`).join('; ')}</sub>`);
  const rules = rulesSummaryLines(s);
  if (rules.length) out.push('', `<sub>Provider rules: ${rules.map((l) => mdEscape(l.trim())).join('; ')}</sub>`);
  if (s.warnings.length) out.push('', ...s.warnings.map((w) => `> ⚠️ ${mdEscape(w)}`));
  return out.join('\n');
}

export function renderEstimateMarkdown(report: Report): string {
  report = displaySafe(report); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const parts = report.scenarios.map((s) => renderScenarioMarkdown(s, report.priced_as_of));
  if (report.scenarios.length > 1) {
    const alt = new Set((report.alternatives ?? []).map((a) => `${a.file}\u0000${a.variant}`));
    const rows = report.scenarios.map((s) => [mdEscape(s.name + (s.variant ? ` [${s.variant}]` : '')) + (alt.has(`${s.file}\u0000${s.variant}`) ? ' _(alternative, not in the total)_' : ''), money(s.total_monthly_cost, s.currency), s.budget?.status ?? '']);
    for (const t of report.totals) rows.push([`**Grand total (${t.currency})**`, `**${money(t.total_monthly_cost, t.currency)}**`, '']);
    parts.push(`## All scenarios\n\n${mdTable(['Scenario', 'Monthly', 'Budget'], rows, ['l', 'r', 'l'])}`);
  }
  if (report.groups) {
    const key = report.groups[0]?.key ?? '';
    parts.push(`## Showback by ${mdEscape(key)}\n\n${mdTable([mdEscape(key), 'Scenarios', 'Monthly'], report.groups.map((g) => [mdEscape(g.value ?? '(untagged)'), String(g.scenarios.length), money(g.total_monthly_cost, g.currency)]))}`);
  }
  if (report.alternatives?.length) {
    const rows = report.alternatives.map((a) => [mdEscape(a.name + (a.variant ? ` [${a.variant}]` : '')), money(a.total_monthly_cost, a.currency), mdEscape(a.alternative_of)]);
    parts.push(`## Alternatives (not in the totals or roll-ups)\n\n${mdTable(['Scenario', 'Monthly', 'Alternative of'], rows, ['l', 'r', 'l'])}`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** A report's warnings added to `out` under a blank line, one `> warning:` quote each, one by one; none: nothing. */
export function addMdWarningLines(out: string[], warnings: readonly string[]): void {
  if (warnings.length) out.push('');
  for (const w of warnings) out.push(`> warning: ${mdEscape(w)}`);
}
