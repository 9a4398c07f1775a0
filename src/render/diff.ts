/**
 * Renderings of a diff report: markdown (a pull-request comment that fits the platform's size
 * limit) and terminal tables. Pure: report in, string out.
 */
import { displaySafe } from '../util/excerpt.js';
import { DEFAULT_TAG, markerLine, type Sequence } from '../comment/marker.js';
import type { DiffReport, Driver, Note, ScenarioDiff } from '../schema/diff-report.js';
import { budgetFigure } from './budget-note.js';
import { compact, count, money, percent, signedPercent, unitPrice } from './format.js';
import { mdCode, mdEscape, mdHtmlText, mdTable } from './markdown.js';
import { newTable } from './table.js';
import type { Style } from './style.js';

/** GitHub's limit for one comment body. */
export const GITHUB_MAX_CHARS = 65_536;
/** GitLab's limit for one note. */
export const GITLAB_MAX_CHARS = 1_000_000;
export const DEFAULT_TOP = 10;

export interface MarkdownOptions {
  tag?: string;
  seq?: Sequence | null;
  maxChars?: number;
  /** Drivers shown per scenario. */
  top?: number;
}

export function signedMoney(x: number | null, cur: string): string {
  if (x === null) return '—';
  const m = money(x, cur);
  return x > 0 && m.replace(/[^1-9]/g, '') !== '' ? `+${m}` : m;
}

const plain = (s: string) => s;

const KIND_LABEL: Record<string, string> = { input: 'input', cache_read: 'cache read', cache_write: 'cache write', output: 'output', reasoning: 'reasoning' };

function title(s: ScenarioDiff): string {
  return s.name + (s.variant ? ` [${s.variant}]` : '');
}

function changeText(s: { change: number; change_percent: number | null; currency: string }): string {
  const pct = s.change_percent === null ? '' : ` (${signedPercent(s.change_percent)})`;
  return `${signedMoney(s.change, s.currency)}${pct}`;
}

/** "+$63.69, +37.6%" for use inside parentheses. */
function changeInline(s: { change: number; change_percent: number | null; currency: string }): string {
  return `${signedMoney(s.change, s.currency)}${s.change_percent === null ? '' : `, ${signedPercent(s.change_percent)}`}`;
}

function countsText(d: DiffReport): string {
  const c = d.counts;
  const parts: string[] = [];
  if (c.increased) parts.push(`${c.increased} up`);
  if (c.decreased) parts.push(`${c.decreased} down`);
  if (c.added) parts.push(`${c.added} added`);
  if (c.removed) parts.push(`${c.removed} removed`);
  if (c.unchanged) parts.push(`${c.unchanged} unchanged`);
  const n = d.scenarios.length;
  return `${n} scenario${n === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function sideText(d: DiffReport['base']): string {
  if (d.kind === 'git') return `${d.label}${d.commit ? ` (${d.commit.slice(0, 7)})` : ''}`;
  return d.label;
}

/** " · prices as of 2026-11-23 → 2027-01-15" when the sides were priced on different dates, else "". */
function pricingDates(d: DiffReport): string {
  const b = d.base.priced_as_of;
  const h = d.head.priced_as_of;
  return b && h && b !== h ? ` · prices as of ${b} → ${h}` : '';
}

/** Words for a structured note; `c` formats code (markdown backticks or plain). */
export function noteText(n: Note, c: (s: string) => string): string {
  switch (n.kind) {
    case 'renamed':
      return `moved from ${c(n.from)}`;
    case 'stage_added':
      return `stage ${c(n.stage)} added`;
    case 'stage_removed':
      return `stage ${c(n.stage)} removed`;
    case 'model_added':
      return `${c(n.model)} added to stage ${c(n.stage)}`;
    case 'model_removed':
      return `${c(n.model)} removed from stage ${c(n.stage)}`;
    case 'repriced':
      return n.before.catalogue === n.after.catalogue
        ? `${c(n.model)}: catalogue ${c(n.after.catalogue)} is now as of ${n.after.as_of} (was ${n.before.as_of})`
        : `${c(n.model)} is now priced by ${c(n.after.catalogue)} (as of ${n.after.as_of}), was ${c(n.before.catalogue)} (as of ${n.before.as_of})`;
    case 'dated_price':
      return `${c(n.model)}: ${n.after ? `the catalogue's dated price from ${n.after}` : 'the base rates'} now ${n.after ? 'applies' : 'apply'} (was ${n.before ? `the dated price from ${n.before}` : 'the base rates'})`;
    case 'long_context':
      if (!n.now) return `calls to ${c(n.model)} in stage ${c(n.stage)} no longer exceed its long-context threshold`;
      if (n.was_from_step !== null) return `in stage ${c(n.stage)}, ${c(n.model)}'s long-context rates now apply from agent step ${n.from_step} (was step ${n.was_from_step})`;
      return n.from_step !== null && n.from_step > 1
        ? `calls to ${c(n.model)} in stage ${c(n.stage)} now exceed its long-context threshold from agent step ${n.from_step}: long-context rates apply to those steps`
        : `calls to ${c(n.model)} in stage ${c(n.stage)} now exceed its long-context threshold: long-context rates apply`;
    case 'line_item_added':
      return `line item ${c(n.name)} added`;
    case 'line_item_removed':
      return `line item ${c(n.name)} removed`;
    case 'new_warning':
      return `new warning: ${n.text}`;
  }
}

/** Traffic and budget facts of a scenario, then its notes. */
function facts(s: ScenarioDiff, c: (x: string) => string): string[] {
  const out: string[] = [];
  const rb = s.requests_before;
  const ra = s.requests_after;
  if (rb !== null && ra !== null && rb !== ra) {
    out.push(`traffic ${count(rb)} → ${count(ra)} requests/month${rb > 0 ? ` (${signedPercent((ra - rb) / rb)})` : ''}`);
  }
  const bb = s.budget_before;
  const ba = s.budget_after;
  if (ba && (ba.status !== 'ok' || (bb && bb.status !== ba.status))) {
    const was = bb && bb.status !== ba.status ? `, was ${bb.status}` : '';
    out.push(`budget ${ba.status}: ${budgetFigure(ba, s.currency)}${was}`);
  } else if (bb && !ba && s.status !== 'removed') out.push('budget removed');
  for (const n of s.notes) out.push(n.kind === 'new_warning' && c !== plain ? `new warning: ${mdEscape(n.text)}` : noteText(n, c));
  return out;
}

function driverLabel(d: Driver, c: (x: string) => string): string {
  if (d.kind === 'fee') return `${c(d.stage)} · ${c(d.model)} · ${c(d.fee_kind)}`;
  return d.kind === 'tokens' ? `${c(d.stage)} · ${c(d.model)} · ${KIND_LABEL[d.token_kind]}` : `line item ${c(d.name)} (${c === plain ? d.category : mdEscape(d.category)})`;
}

/** A fee's quantity per month with its unit (the tokens column), e.g. "1.2k → 1.8k uses". */
function feeQuantity(d: Extract<Driver, { kind: 'fee' }>): string {
  return `${arrow(compact(d.quantity_before), compact(d.quantity_after))} ${d.unit}`;
}

/** A fee's price per unit of its quantity (the rate column): per 1M for tokens and token-hours, else per unit. */
function feeRate(d: Extract<Driver, { kind: 'fee' }>, cur: string): string {
  const perM = d.unit === 'tokens' || d.unit === 'token-hours';
  const r = (x: number | null): string => (x === null ? '—' : unitPrice(perM ? x * 1e6 : x, cur));
  return `${arrow(r(d.rate_before), r(d.rate_after))}${perM ? (d.unit === 'token-hours' ? ' per 1M token-hours' : '') : ` per ${d.unit.replace(/s$/, '')}`}`;
}

function arrow(a: string, b: string): string {
  return a === b ? b : `${a} → ${b}`;
}

function rateText(r: number | null, cur: string): string {
  return r === null ? '—' : unitPrice(r, cur);
}

function effectsLine(s: ScenarioDiff): string {
  return `price changed **${signedMoney(s.price_effect, s.currency)}** · usage changed **${signedMoney(s.usage_effect, s.currency)}** · line items **${signedMoney(s.line_items_effect, s.currency)}**`;
}

function driversMarkdown(s: ScenarioDiff, top: number): string {
  const cur = s.currency;
  const shown = s.drivers.slice(0, top);
  const rows = shown.map((d) =>
    d.kind === 'tokens'
      ? [
          driverLabel(d, mdCode),
          money(d.before, cur),
          money(d.after, cur),
          signedMoney(d.change, cur),
          signedMoney(d.price_effect, cur),
          signedMoney(d.usage_effect, cur),
          arrow(compact(d.tokens_before), compact(d.tokens_after)),
          arrow(rateText(d.rate_before, cur), rateText(d.rate_after, cur)),
        ]
      : d.kind === 'fee'
        ? [driverLabel(d, mdCode), money(d.before, cur), money(d.after, cur), signedMoney(d.change, cur), signedMoney(d.price_effect, cur), signedMoney(d.usage_effect, cur), feeQuantity(d), feeRate(d, cur)]
        : [driverLabel(d, mdCode), money(d.before, cur), money(d.after, cur), signedMoney(d.change, cur), '—', '—', '', ''],
  );
  let out = mdTable(['What moved', 'Before', 'After', 'Change', 'Price', 'Usage', 'Tokens/month', 'Per 1M tokens'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
  const rest = s.drivers.length - shown.length;
  if (rest > 0) out += `\n\n_… and ${rest} smaller change${rest === 1 ? '' : 's'} (see the JSON report)._`;
  return out;
}

function scenarioBlock(s: ScenarioDiff, top: number): string {
  const cur = s.currency;
  const head =
    s.status === 'added'
      ? `<b>${mdHtmlText(title(s))}</b> · new · ${mdHtmlText(money(s.after, cur))} a month`
      : s.status === 'removed'
        ? `<b>${mdHtmlText(title(s))}</b> · removed · was ${mdHtmlText(money(s.before, cur))} a month`
        : `<b>${mdHtmlText(title(s))}</b> · ${mdHtmlText(money(s.before, cur))} → ${mdHtmlText(money(s.after, cur))} · <b>${mdHtmlText(changeText(s))}</b>`;
  const body: string[] = [`${mdCode(s.file)}`];
  if (s.status === 'changed' || s.status === 'unchanged') body.push('', effectsLine(s));
  if (s.drivers.length) body.push('', driversMarkdown(s, top));
  const f = facts(s, mdCode);
  if (f.length) body.push('', ...f.map((x) => `- ${x}`));
  return `<details><summary>${head}</summary>\n\n${body.join('\n')}\n\n</details>`;
}

const OVERVIEW_ROWS = 50;
const NOTICE_RESERVE = 300;

/**
 * The pull-request comment. Its first line is the hidden marker, the second the one-line summary;
 * details per scenario are collapsible. Everything after the summary is added in whole pieces
 * (a table row, a scenario block) while it fits under `maxChars`, so truncation never cuts
 * through markup.
 */
export function renderDiffMarkdown(d: DiffReport, opts: MarkdownOptions = {}): string {
  d = displaySafe(d); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const maxChars = opts.maxChars ?? GITHUB_MAX_CHARS;
  const top = opts.top ?? DEFAULT_TOP;
  const marker = markerLine(opts.tag ?? DEFAULT_TAG, opts.seq ?? null);
  const totals = d.totals.map((t) => `${money(t.before, t.currency)} → ${money(t.after, t.currency)} a month (${changeInline(t)})`);
  const verdict = d.policy.passed ? (d.policy.checked.length ? ' · ✅ policies pass' : '') : ' · ❌ **policy failed**';
  const summary = `**💰 AI cost: ${totals.length ? totals.join('; ') : 'no scenarios'}** · ${countsText(d)} · vs ${mdCode(sideText(d.base))}${pricingDates(d)}${verdict}`;

  const footer = `<sub>Price = what a token of that stage, model and kind costs (catalogue, quote, batch discount, long-context tier); usage = tokens, traffic and model mix; line items are not split. Compared: ${d.measure.label}. Made by aifinops ${d.tool_version}.</sub>`;
  const header = `${marker}\n${summary}`;
  // Room kept for the truncation notice, so adding it can never break the limit.
  const limit = maxChars - NOTICE_RESERVE;
  const pieces: string[] = [];
  let size = header.length + 2 + footer.length + 1;
  const room = () => limit - size - 2;
  const add = (piece: string): boolean => {
    if (piece.length > room()) return false;
    pieces.push(piece);
    size += 2 + piece.length;
    return true;
  };

  if (!d.policy.passed) {
    const list = d.policy.breaches.slice(0, 20).map((b) => `- ${mdEscape(b.message)}`);
    if (d.policy.breaches.length > 20) list.push(`- … and ${d.policy.breaches.length - 20} more`);
    add(`**❌ Policy failed**\n\n${list.join('\n')}`);
  }
  if (d.policy.warnings.length) {
    const list = d.policy.warnings.slice(0, 20).map((w) => `- ${mdEscape(w)}`);
    if (d.policy.warnings.length > 20) list.push(`- … and ${d.policy.warnings.length - 20} more`);
    add(`**⚠️ Already over budget before this change** (not failing: the change does not raise it; \`--fail-on-budget always\` fails on it)\n\n${list.join('\n')}`);
  }
  if (d.policy.tag_budgets.length) {
    const rows = d.policy.tag_budgets.map((t) => [mdCode(`${t.key}=${t.value}`), String(t.scenarios), money(t.before, t.currency), money(t.after, t.currency), money(t.monthly, t.currency), percent(t.used)]);
    add(mdTable(['Tag budget', 'Scenarios', 'Before', 'After', 'Budget', 'Used'], rows));
  }

  const moved = d.scenarios.filter((s) => s.status !== 'unchanged');
  const unchanged = d.scenarios.filter((s) => s.status === 'unchanged');
  let omitted = 0;
  if (moved.length) {
    const rows = moved.map((s) => {
      const cur = s.currency;
      const name = `${mdEscape(title(s))}${s.status === 'added' ? ' _(new)_' : s.status === 'removed' ? ' _(removed)_' : ''}`;
      return `| ${name} | ${money(s.before, cur)} | ${money(s.after, cur)} | ${changeText(s)} | ${signedMoney(s.price_effect, cur)} | ${signedMoney(s.usage_effect, cur)} | ${signedMoney(s.line_items_effect, cur)} |`;
    });
    const totalRows =
      d.totals.length > 1 || moved.length > 1
        ? d.totals.map((t) => `| **Total (${t.currency})** | **${money(t.before, t.currency)}** | **${money(t.after, t.currency)}** | **${changeText(t)}** | ${signedMoney(t.price_effect, t.currency)} | ${signedMoney(t.usage_effect, t.currency)} | ${signedMoney(t.line_items_effect, t.currency)} |`)
        : [];
    const tail = totalRows.map((r) => `\n${r}`).join('');
    const more = (n: number) => `\n| _… ${n} more (see below or the JSON report)_ | | | | | | |`;
    let table = '| Scenario | Before | After | Change | Price | Usage | Line items |\n| :--- | ---: | ---: | ---: | ---: | ---: | ---: |';
    let shown = 0;
    for (const r of rows.slice(0, OVERVIEW_ROWS)) {
      if (table.length + 1 + r.length + more(rows.length).length + tail.length > room()) break;
      table += `\n${r}`;
      shown++;
    }
    if (shown < rows.length) table += more(rows.length - shown);
    add(table + tail);
    for (const s of moved) if (!add(scenarioBlock(s, top))) omitted++;
  }
  if (unchanged.length) {
    const open = `<details><summary>${unchanged.length} scenario${unchanged.length === 1 ? '' : 's'} unchanged</summary>\n\n`;
    const close = '\n\n</details>';
    const lines: string[] = [];
    let len = open.length + close.length + 40; // 40: the "… and N more" line
    for (const s of unchanged) {
      const line = `- ${mdEscape(title(s))} (${mdCode(s.file)}): ${money(s.after, s.currency)} a month`;
      if (len + line.length + 1 > room()) break;
      lines.push(line);
      len += line.length + 1;
    }
    if (lines.length < unchanged.length) lines.push(`- … and ${unchanged.length - lines.length} more`);
    if (!add(open + lines.join('\n') + close)) omitted += unchanged.length;
  }
  if (omitted) {
    pieces.push(`_… ${omitted} more scenario${omitted === 1 ? '' : 's'} not shown in detail: a comment is limited to ${count(maxChars)} characters. Run \`aifinops diff\` locally or read the JSON report._`);
  }
  return `${header}\n\n${pieces.length ? `${pieces.join('\n\n')}\n\n` : ''}${footer}\n`;
}

// ── terminal ────────────────────────────────────────────────────────────────────────────────────


function colourChange(x: number, text: string, style: Style): string {
  return x > 0 ? style.red(text) : x < 0 ? style.green(text) : text;
}

export function renderDiffTable(d: DiffReport, style: Style, opts: { top?: number } = {}): string {
  d = displaySafe(d); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const top = opts.top ?? DEFAULT_TOP;
  const out: string[] = [];
  out.push(`${style.bold('Cost diff')} ${style.dim(`${sideText(d.base)} → ${sideText(d.head)}${pricingDates(d)} · ${d.measure.label} · ${countsText(d)}`)}`);
  // at a terminal's width: line items, price, usage, then before go (render/fit.ts)
  const t = newTable(['Scenario', 'Before', 'After', 'Change', '%', 'Price', 'Usage', 'Line items'], style, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'], [
    { wrap: true }, { drop: 4 }, {}, {}, {}, { drop: 2 }, { drop: 3 }, { drop: 1 },
  ]);
  const moved = d.scenarios.filter((s) => s.status !== 'unchanged');
  for (const s of moved) {
    const cur = s.currency;
    const tag = s.status === 'added' ? style.dim(' (new)') : s.status === 'removed' ? style.dim(' (removed)') : '';
    t.push([
      title(s) + tag,
      money(s.before, cur),
      money(s.after, cur),
      colourChange(s.change, signedMoney(s.change, cur), style),
      s.change_percent === null ? '—' : signedPercent(s.change_percent),
      signedMoney(s.price_effect, cur),
      signedMoney(s.usage_effect, cur),
      signedMoney(s.line_items_effect, cur),
    ]);
  }
  for (const tot of d.totals) {
    t.push([
      style.bold(`Total (${tot.currency})`),
      style.bold(money(tot.before, tot.currency)),
      style.bold(money(tot.after, tot.currency)),
      style.bold(colourChange(tot.change, signedMoney(tot.change, tot.currency), style)),
      tot.change_percent === null ? '—' : signedPercent(tot.change_percent),
      signedMoney(tot.price_effect, tot.currency),
      signedMoney(tot.usage_effect, tot.currency),
      signedMoney(tot.line_items_effect, tot.currency),
    ]);
  }
  out.push(t.toString());

  for (const s of moved) {
    const cur = s.currency;
    out.push('');
    const what = s.status === 'added' ? `new, ${money(s.after, cur)} a month` : s.status === 'removed' ? `removed, was ${money(s.before, cur)} a month` : `${money(s.before, cur)} → ${money(s.after, cur)} (${changeInline(s)})`;
    out.push(`${style.bold(title(s))}  ${style.dim(s.file)}  ${what}`);
    if (s.status === 'changed') out.push(`price changed ${signedMoney(s.price_effect, cur)} · usage changed ${signedMoney(s.usage_effect, cur)} · line items ${signedMoney(s.line_items_effect, cur)}`);
    if (s.drivers.length) {
      const dt = newTable(['What moved', 'Before', 'After', 'Change', 'Price', 'Usage', 'Tokens/month', 'Per 1M tokens'], style, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'], [
        { wrap: true, models: true }, { drop: 5 }, { drop: 6 }, {}, { drop: 3 }, { drop: 4 }, { drop: 1 }, { drop: 2 },
      ]);
      for (const x of s.drivers.slice(0, top)) {
        if (x.kind === 'tokens') {
          dt.push([driverLabel(x, plain), money(x.before, cur), money(x.after, cur), colourChange(x.change, signedMoney(x.change, cur), style), signedMoney(x.price_effect, cur), signedMoney(x.usage_effect, cur), arrow(compact(x.tokens_before), compact(x.tokens_after)), arrow(rateText(x.rate_before, cur), rateText(x.rate_after, cur))]);
        } else if (x.kind === 'fee') {
          dt.push([driverLabel(x, plain), money(x.before, cur), money(x.after, cur), colourChange(x.change, signedMoney(x.change, cur), style), signedMoney(x.price_effect, cur), signedMoney(x.usage_effect, cur), feeQuantity(x), feeRate(x, cur)]);
        } else {
          dt.push([driverLabel(x, plain), money(x.before, cur), money(x.after, cur), colourChange(x.change, signedMoney(x.change, cur), style), '—', '—', '', '']);
        }
      }
      out.push(dt.toString());
      const rest = s.drivers.length - top;
      if (rest > 0) out.push(style.dim(`… and ${rest} smaller change${rest === 1 ? '' : 's'} (--top to show more, or --format json)`));
    }
    for (const f of facts(s, plain)) out.push(style.dim(`  • ${f}`));
  }
  const unchanged = d.scenarios.filter((s) => s.status === 'unchanged');
  if (unchanged.length) {
    const names = unchanged.slice(0, 20).map(title).join(', ');
    out.push('', style.dim(`Unchanged (${unchanged.length}): ${names}${unchanged.length > 20 ? `, … and ${unchanged.length - 20} more` : ''}`));
  }
  if (d.policy.tag_budgets.length) {
    const bt = newTable(['Tag budget', 'Scenarios', 'Before', 'After', 'Budget', 'Used'], style);
    for (const b of d.policy.tag_budgets) bt.push([`${b.key}=${b.value}`, String(b.scenarios), money(b.before, b.currency), money(b.after, b.currency), money(b.monthly, b.currency), percent(b.used)]);
    out.push('', bt.toString());
  }
  out.push('');
  for (const w of d.policy.warnings) out.push(style.yellow(`⚠ ${w}`));
  if (d.policy.passed) out.push(d.policy.checked.length ? style.green(`Policies pass: ${d.policy.checked.join('; ')}`) : style.dim('No policies checked (--fail-on-increase, budgets, aifinops.yaml).'));
  else {
    out.push(style.red(style.bold('Policy failed:')));
    for (const b of d.policy.breaches) out.push(style.red(`  ✗ ${b.message}`));
  }
  return `${out.join('\n')}\n`;
}
