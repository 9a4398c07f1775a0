/**
 * Side-by-side comparison of estimate reports (for `whatif` and `compare`): stages, models, line
 * items, categories, the total and the unit figures, with deltas against the first column. Pure.
 */
import { InputError } from '../errors.js';
import type { ScenarioReport } from '../schema/report.js';
import {
  WHATIF_SCHEMA_VERSION,
  type ComparisonColumn,
  type ComparisonLine,
  type ComparisonLineKind,
  type ComparisonReport,
  type OverrideChange,
} from '../schema/whatif-report.js';

export interface ComparisonInput {
  label: string;
  report: ScenarioReport;
  changes: OverrideChange[];
}

/** Cost lines: a stage, model or item a column lacks costs 0 there. Unit figures: a missing one has no delta. */
const COST_KINDS: ReadonlySet<ComparisonLineKind> = new Set(['stage', 'model', 'line_item', 'category', 'total']);

function line(kind: ComparisonLineKind, stage: string | null, name: string, values: (number | null)[]): ComparisonLine {
  const ref = values[0] ?? null;
  const isCost = COST_KINDS.has(kind);
  const deltas = values.map((v, i) => {
    if (i === 0) return null;
    if (isCost) return (v ?? 0) - (ref ?? 0);
    return v === null || ref === null ? null : v - ref;
  });
  const ratios = deltas.map((d) => (d === null || ref === null || ref === 0 ? null : d / ref));
  return { kind, stage, name, values, deltas, ratios };
}

/** Names in order of first appearance across the columns. */
function union(lists: readonly string[][]): string[] {
  const seen = new Set<string>();
  for (const l of lists) for (const n of l) seen.add(n);
  return [...seen];
}

export function compareReports(inputs: readonly ComparisonInput[], opts: { kind: 'whatif' | 'compare'; toolVersion: string; set: string[]; pricedAsOf: string }): ComparisonReport {
  if (inputs.length < 2) throw new InputError({ message: 'a comparison needs at least two columns', fix: 'give two or more scenarios, or one with --variants all' });
  const reports = inputs.map((c) => c.report);
  const currency = reports[0]!.currency;
  const other = reports.find((r) => r.currency !== currency);
  if (other) {
    throw new InputError({
      file: other.file,
      message: `is priced in ${other.currency}, but ${reports[0]!.file} is priced in ${currency}; amounts in different currencies are never compared`,
      fix: 'compare scenarios that use the same currency',
    });
  }

  const lines: ComparisonLine[] = [];
  for (const stageName of union(reports.map((r) => r.stages.map((s) => s.name)))) {
    const stages = reports.map((r) => r.stages.find((s) => s.name === stageName) ?? null);
    lines.push(line('stage', null, stageName, stages.map((s) => s?.monthly_cost ?? null)));
    for (const model of union(stages.map((s) => s?.models.map((m) => m.model) ?? []))) {
      lines.push(line('model', stageName, model, stages.map((s) => s?.models.find((m) => m.model === model)?.monthly_cost ?? null)));
    }
  }
  for (const item of union(reports.map((r) => r.line_items.map((li) => li.name)))) {
    lines.push(line('line_item', null, item, reports.map((r) => r.line_items.find((li) => li.name === item)?.monthly_cost ?? null)));
  }
  for (const cat of union(reports.map((r) => Object.keys(r.by_category)))) {
    lines.push(line('category', null, cat, reports.map((r) => r.by_category[cat] ?? null)));
  }
  lines.push(line('total', null, 'total', reports.map((r) => r.total_monthly_cost)));
  lines.push(line('requests_per_month', null, 'requests per month', reports.map((r) => r.requests_per_month)));
  lines.push(line('cost_per_request', null, 'cost per request', reports.map((r) => r.cost_per_request)));
  if (reports.some((r) => r.cost_per_user !== null)) lines.push(line('cost_per_user', null, 'cost per user', reports.map((r) => r.cost_per_user)));
  if (reports.some((r) => r.cost_per_outcome !== null)) lines.push(line('cost_per_outcome', null, 'cost per outcome', reports.map((r) => r.cost_per_outcome)));
  if (reports.some((r) => r.net_value !== null)) lines.push(line('net_value', null, 'net value', reports.map((r) => r.net_value)));

  const refTotal = reports[0]!.total_monthly_cost;
  const columns: ComparisonColumn[] = inputs.map((c, i) => {
    const delta = i === 0 ? null : c.report.total_monthly_cost - refTotal;
    return {
      label: c.label,
      name: c.report.name,
      file: c.report.file,
      variant: c.report.variant,
      changes: c.changes,
      total_monthly_cost: c.report.total_monthly_cost,
      delta,
      delta_ratio: delta === null || refTotal === 0 ? null : delta / refTotal,
      budget: c.report.budget,
    };
  });
  return {
    schema_version: WHATIF_SCHEMA_VERSION,
    tool_version: opts.toolVersion,
    priced_as_of: opts.pricedAsOf,
    kind: opts.kind,
    currency,
    set: opts.set,
    reference: 0,
    columns,
    lines,
    scenarios: reports,
  };
}
