/** CSV: one row per cost component (stage × model, line item) and a total row per scenario. Pure. */
import { displaySafe } from '../util/excerpt.js';
import type { Report } from '../schema/report.js';
import { outputNumber } from '../util/number.js';

/** A cell a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number written as text (-12.5, +3, 1e-6): a spreadsheet reads it as a number, never a formula. */
const NUMBER_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * One CSV cell, for every CSV aifinops writes. Quoted when it holds a quote, comma, line break or
 * edge space. Formula injection (OWASP "CSV Injection"): a text cell starting with = + - @, tab or
 * CR is prefixed with a single quote and quoted, so a spreadsheet shows it as text; numbers stay
 * numbers (-12.5 is written as -12.5).
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(outputNumber(v)) : ''; // 12 significant digits, as JSON
  if (FORMULA_START.test(v) && !NUMBER_TEXT.test(v)) return `"'${v.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRows(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

const HEAD = ['scenario', 'variant', 'file', 'currency', 'row', 'stage', 'line_item', 'model', 'category', 'share', 'calls_per_month', 'input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens', 'monthly_cost'];

export function renderEstimateCsv(report: Report): string {
  report = displaySafe(report); // file-supplied names reach no terminal raw (util/excerpt.ts)
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
