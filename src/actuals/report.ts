/** `aifinops actuals report`: spend and tokens by day, model, project or tag, and the bill audit. Pure. */
import type { PricedModel } from '../core/model.js';
import { ACTUALS_REPORT_SCHEMA, type ActualsGroup, type ActualsReport, type AuditFinding, type AuditRange, type GroupBy } from '../schema/actuals-report.js';
import type { AggregateRow } from './aggregate.js';
import { excerpt } from './fields.js';
import { costOf, ratesOn, servedOf, tierUnpriced, windowBounds } from './pricing.js';

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

/**
 * The re-priced cost of an aggregate row: `point` for the totals, and the range the audit holds the
 * bill to (`low` = `high` = `point` unless the model has time windows that day, whose hour the
 * daily aggregate does not know: then `low`/`high` price every call outside / inside the windows
 * and `point` spreads the calls evenly over the UTC day). null when no catalogue prices the model.
 */
export function repriceRow(r: AggregateRow, price: (model: string | null) => PricedModel | null): { point: number; low: number; high: number; windows: string[] } | null {
  if (!hasTokens(r)) return { point: 0, low: 0, high: 0, windows: [] };
  const m = price(r.model);
  if (!m) return null;
  const served = servedOf(r);
  const batch = r.service_tier === 'batch';
  const b = windowBounds(m, r.day, served);
  if (b) return { point: costOf(r.counts, b.flat, batch), low: costOf(r.counts, b.low, batch), high: costOf(r.counts, b.high, batch), windows: b.windows };
  const c = costOf(r.counts, ratesOn(m, r.day, served), batch);
  return { point: c, low: c, high: c, windows: [] };
}

/** The re-priced cost of an aggregate row (its point value), or null when no catalogue prices its model. */
export function repricedOf(r: AggregateRow, price: (model: string | null) => PricedModel | null): number | null {
  return repriceRow(r, price)?.point ?? null;
}

/**
 * Whether a billed cost lies more than `threshold` outside [low, high] (relative to the nearer
 * bound; exactly `threshold` outside is not flagged), and the bound it is measured against.
 */
export function auditRange(billed: number, low: number, high: number, threshold: number): { flagged: boolean; against: number } {
  const against = billed < low ? low : billed > high ? high : billed;
  if (against === billed) return { flagged: false, against };
  // strictly above the threshold; 1e-9 absorbs binary rounding (1.01 − 1 is 0.010000000000000009)
  return { flagged: Math.abs((billed - against) / against) - threshold > 1e-9, against };
}

export function buildActualsReport(rows: readonly AggregateRow[], price: (model: string | null) => PricedModel | null, opts: ReportOptions): ActualsReport {
  const currency = opts.currency ?? 'USD';
  const threshold = opts.threshold ?? AUDIT_THRESHOLD;
  const groups = new Map<string, ActualsGroup>();
  const total = emptyGroup('total');
  const daily = new Map<string, { repriced: number; billed: number | null }>();
  const pairs = new Map<string, { day: string; model: string; repriced: number; low: number; high: number; windows: Set<string>; billed: number | null; tokens: boolean }>();
  const unpriced = new Set<string>();
  const notes = new Set<string>();
  for (const r of rows) {
    const rr = repriceRow(r, price);
    const re = rr?.point ?? null;
    if (re === null) unpriced.add(r.model ?? `(unnamed ${r.source} model)`);
    const pm = re !== null && hasTokens(r) ? price(r.model) : null;
    if (pm && tierUnpriced(pm, r.day, servedOf(r))) notes.add(`${r.source} rows of ${pm.ref} on the ${excerpt(r.service_tier)} service tier are re-priced at standard rates: its catalogue entry has no rates for that tier (the audit may flag those days)`);
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
    if (r.model && rr !== null) {
      const k = `${r.day}\u0000${r.model}`;
      const p = pairs.get(k) ?? { day: r.day, model: r.model, repriced: 0, low: 0, high: 0, windows: new Set<string>(), billed: null, tokens: false };
      p.repriced += repriced;
      p.low += rr.low;
      p.high += rr.high;
      for (const w of rr.windows) p.windows.add(w);
      if (hasTokens(r)) p.tokens = true;
      if (billed !== null) p.billed = (p.billed ?? 0) + billed;
      pairs.set(k, p);
    }
  }
  const flagged: AuditFinding[] = [];
  const ranged: AuditRange[] = [];
  let checked = 0;
  for (const p of pairs.values()) {
    if (!p.tokens || p.billed === null || p.repriced <= 0) continue;
    checked++;
    const isRange = p.windows.size > 0;
    if (isRange) ranged.push({ day: p.day, model: p.model, low: p.low, high: p.high, windows: [...p.windows].sort() });
    const { flagged: off, against } = auditRange(p.billed, p.low, p.high, threshold);
    if (!off) continue;
    const difference = p.billed - against;
    const f: AuditFinding = { day: p.day, model: p.model, billed: p.billed, repriced: against, difference, share: difference / against };
    if (isRange) f.range = { low: p.low, high: p.high };
    flagged.push(f);
  }
  ranged.sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model));
  if (ranged.length) {
    const models = [...new Set(ranged.map((x) => x.model))].sort();
    notes.add(`${ranged.length} day × model pair${ranged.length === 1 ? '' : 's'} of ${models.join(', ')} audited as a range: the daily aggregate does not say at what hour the calls were made, and the catalogue prices time windows (${[...new Set(ranged.flatMap((x) => x.windows))].sort().join(', ')}) apart, so a bill is flagged only when it lies more than ${+(threshold * 100).toFixed(6)}% outside [every call outside the windows, every call inside them]; re-priced totals spread the calls evenly over the UTC day`);
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
    audit: { threshold, checked, flagged, ranged },
    unpriced_models: [...unpriced].sort(),
    notes: [...notes].sort(),
  };
}
