/** CSV: one row per cost component (stage × model, line item) and a total row per scenario. Pure. */
import type { Report } from '../schema/report.js';
import { outputNumber } from '../util/number.js';

export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(outputNumber(v)) : '') : v; // 12 significant digits, as JSON
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRows(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

const HEAD = ['scenario', 'variant', 'file', 'currency', 'row', 'stage', 'line_item', 'model', 'category', 'share', 'calls_per_month', 'input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens', 'monthly_cost'];

export function renderEstimateCsv(report: Report): string {
  const rows: (string | number | null)[][] = [HEAD];
  for (const s of report.scenarios) {
    const pre = [s.name, s.variant, s.file, s.currency];
    for (const st of s.stages) {
      for (const m of st.models) {
        rows.push([...pre, 'model', st.name, null, m.model, 'model inference', m.share, m.calls_per_month, m.tokens.input, m.tokens.cache_read, m.tokens.cache_write, m.tokens.output, m.tokens.reasoning, m.monthly_cost]);
      }
    }
    for (const li of s.line_items) rows.push([...pre, 'line_item', null, li.name, li.model, li.category, null, null, null, null, null, null, null, li.monthly_cost]);
    rows.push([...pre, 'total', null, null, null, null, null, null, null, null, null, null, null, s.total_monthly_cost]);
  }
  return csvRows(rows);
}
