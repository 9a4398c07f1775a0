/** `aifinops actuals report`: spend and tokens by day, model, project or tag, and the bill audit. Pure. */
import type { PricedModel } from '../core/model.js';
import { ACTUALS_REPORT_SCHEMA, type ActualsGroup, type ActualsReport, type AuditFinding, type GroupBy } from '../schema/actuals-report.js';
import type { AggregateRow } from './aggregate.js';
import { costOf, ratesOn, servedOf, tierUnpriced } from './pricing.js';

/** A billed cost more than 1% away from the re-priced tokens is flagged. */
export const AUDIT_THRESHOLD = 0.01;

export interface ReportOptions {
  by: GroupBy;
  from: string | null;
  to: string | null;
  sources: string[];
  toolVersion: string;
  threshold?: number;
  /** The currency the catalogues price in. */
  currency?: string;
}

const NONE = '(none)';

function emptyGroup(key: string): ActualsGroup {
  return { key, requests: null, tokens: { input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0, audio: 0 }, tool_calls: 0, repriced: 0, billed: null };
}

function add(g: ActualsGroup, r: AggregateRow, repriced: number, billed: number | null): void {
  if (r.counts.requests !== null) g.requests = (g.requests ?? 0) + r.counts.requests;
  for (const k of Object.keys(g.tokens) as (keyof ActualsGroup['tokens'])[]) g.tokens[k] += r.counts[k];
  g.tool_calls += r.counts.tool_calls;
  g.repriced += repriced;
  if (billed !== null) g.billed = (g.billed ?? 0) + billed;
}

function keysOf(r: AggregateRow, by: GroupBy): string[] {
  switch (by) {
    case 'day': return [r.day];
    case 'model': return [r.model ?? NONE];
    case 'project': return [r.project ?? r.workspace ?? NONE];
    case 'tag': return r.tags ? r.tags.split(';') : [NONE];
  }
}

export function hasTokens(r: AggregateRow): boolean {
  const c = r.counts;
  return c.input + c.cache_read + c.cache_write_5m + c.cache_write_1h + c.output + c.reasoning > 0;
}

/** The re-priced cost of an aggregate row, or null when no catalogue prices its model. */
export function repricedOf(r: AggregateRow, price: (model: string | null) => PricedModel | null): number | null {
  if (!hasTokens(r)) return 0;
  const m = price(r.model);
  if (!m) return null;
  return costOf(r.counts, ratesOn(m, r.day, servedOf(r)), r.service_tier === 'batch');
}

export function buildActualsReport(rows: readonly AggregateRow[], price: (model: string | null) => PricedModel | null, opts: ReportOptions): ActualsReport {
  const currency = opts.currency ?? 'USD';
  const threshold = opts.threshold ?? AUDIT_THRESHOLD;
  const groups = new Map<string, ActualsGroup>();
  const total = emptyGroup('total');
  const daily = new Map<string, { repriced: number; billed: number | null }>();
  const pairs = new Map<string, { day: string; model: string; repriced: number; billed: number | null; tokens: boolean }>();
  const unpriced = new Set<string>();
  const notes = new Set<string>();
  for (const r of rows) {
    const re = repricedOf(r, price);
    if (re === null) unpriced.add(r.model ?? `(unnamed ${r.source} model)`);
    const pm = re !== null && hasTokens(r) ? price(r.model) : null;
    if (pm && tierUnpriced(pm, r.day, servedOf(r))) notes.add(`${r.source} rows on the ${r.service_tier} service tier are re-priced at standard rates: the catalogues have no rates for that tier (the audit may flag those days)`);
    const repriced = re ?? 0;
    const foreign = r.billed_cost !== null && r.currency !== null && r.currency !== currency;
    if (foreign) notes.add(`${r.source} rows billed in ${r.currency} are left out of billed totals and the audit (the catalogues price in ${currency})`);
    const billed = foreign ? null : r.billed_cost;
    for (const key of keysOf(r, opts.by)) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = emptyGroup(key)));
      add(g, r, repriced, billed);
    }
    add(total, r, repriced, billed);
    const d = daily.get(r.day) ?? { repriced: 0, billed: null };
    d.repriced += repriced;
    if (billed !== null) d.billed = (d.billed ?? 0) + billed;
    daily.set(r.day, d);
    if (r.model && re !== null) {
      const k = `${r.day}\u0000${r.model}`;
      const p = pairs.get(k) ?? { day: r.day, model: r.model, repriced: 0, billed: null, tokens: false };
      p.repriced += repriced;
      if (hasTokens(r)) p.tokens = true;
      if (billed !== null) p.billed = (p.billed ?? 0) + billed;
      pairs.set(k, p);
    }
  }
  const flagged: AuditFinding[] = [];
  let checked = 0;
  for (const p of pairs.values()) {
    if (!p.tokens || p.billed === null || p.repriced <= 0) continue;
    checked++;
    const difference = p.billed - p.repriced;
    const share = difference / p.repriced;
    // strictly above the threshold; 1e-9 absorbs binary rounding (1.01 − 1 is 0.010000000000000009)
    if (Math.abs(share) - threshold > 1e-9) flagged.push({ day: p.day, model: p.model, billed: p.billed, repriced: p.repriced, difference, share });
  }
  flagged.sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.day.localeCompare(b.day) || a.model.localeCompare(b.model));
  const days = [...daily.keys()].sort();
  const list = [...groups.values()];
  list.sort(opts.by === 'day' ? (a, b) => a.key.localeCompare(b.key) : (a, b) => Math.max(b.repriced, b.billed ?? 0) - Math.max(a.repriced, a.billed ?? 0) || a.key.localeCompare(b.key));
  const { key: _k, ...totals } = total;
  void _k;
  return {
    schema: ACTUALS_REPORT_SCHEMA,
    tool_version: opts.toolVersion,
    currency,
    period: { from: opts.from ?? days[0] ?? null, to: opts.to ?? days.at(-1) ?? null, days: days.length },
    sources: [...new Set(rows.map((r) => r.source))].sort(),
    by: opts.by,
    groups: list,
    total: totals,
    daily: days.map((day) => ({ day, ...daily.get(day)! })),
    audit: { threshold, checked, flagged },
    unpriced_models: [...unpriced].sort(),
    notes: [...notes].sort(),
  };
}
