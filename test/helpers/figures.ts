/**
 * Independent figures to check beside a golden: a scenario's monthly total as `estimate -f json`
 * computes it, written as a reader sees it ($1,234.57), without the renderers' formatter.
 */
import { expect } from 'vitest';
import { runCli } from './cli.js';

/** `$12,345.68`: two decimals, comma thousands (the amounts here are all ≥ $1). */
export function dollars(x: number): string {
  const [int, frac] = (Math.round(x * 100) / 100).toFixed(2).split('.');
  return `$${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** The monthly total of one scenario, from `estimate … -f json`. */
export function estimateTotal(args: string[]): number {
  const r = runCli(['estimate', ...args, '-f', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { scenarios: { total_monthly_cost: number }[] }).scenarios[0]!.total_monthly_cost;
}

/** Invariants of an estimate report: every total is the sum of its parts. */
export function expectReportAddsUp(report: {
  scenarios: { total_monthly_cost: number; by_category: Record<string, number>; stages: { monthly_cost: number; models: { monthly_cost: number; cost: Record<string, number>; fees?: { cost: number }[] }[] }[]; line_items: { monthly_cost: number }[] }[];
}): void {
  const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), what).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
  for (const s of report.scenarios) {
    const stages = s.stages.reduce((a, st) => a + st.monthly_cost, 0);
    const items = s.line_items.reduce((a, li) => a + li.monthly_cost, 0);
    close(s.total_monthly_cost, stages + items, 'total = stages + line items');
    close(Object.values(s.by_category).reduce((a, v) => a + v, 0), s.total_monthly_cost, 'categories add up to the total');
    for (const st of s.stages) {
      close(st.models.reduce((a, m) => a + m.monthly_cost, 0), st.monthly_cost, 'stage = its models');
      // fees beyond text tokens (docs/cost-model.md) are part of the model's monthly cost
      for (const m of st.models) close(Object.values(m.cost).reduce((a, v) => a + v, 0) + (m.fees ?? []).reduce((a, f) => a + f.cost, 0), m.monthly_cost, 'model = its token kinds + its fees');
    }
  }
}
