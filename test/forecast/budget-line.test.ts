/** Issue 15: a budget judged at a percentile prints that figure with its own share, never the point estimate beside it. */
import { describe, expect, it } from 'vitest';
import { money, percent } from '../../src/render/format.js';
import { runCli } from '../helpers/cli.js';

describe('the budget line of an estimate judged at a percentile', () => {
  it('names the judged figure and its share of the budget (P80 $X = Y% of $B), in the table and in markdown', () => {
    const file = 'scenarios/rag-support-uncertain.yaml';
    const j = JSON.parse(runCli(['estimate', file, '-f', 'json']).stdout) as {
      scenarios: { total_monthly_cost: number; budget: { monthly: number; used: number }; uncertainty: { budget: { at: string; judged_cost: number } } }[];
    };
    const s = j.scenarios[0]!;
    // the share is the judged bill's, not the point estimate's
    expect(s.budget.used).toBeCloseTo(s.uncertainty.budget.judged_cost / s.budget.monthly, 9);
    expect(s.uncertainty.budget.judged_cost).not.toBeCloseTo(s.total_monthly_cost, 0);
    const figure = `${s.uncertainty.budget.at.toUpperCase()} ${money(s.uncertainty.budget.judged_cost, 'USD')} = ${percent(s.budget.used)} of ${money(s.budget.monthly, 'USD')}`;
    expect(figure).toMatch(/^P80 \$[\d,]+\.\d\d = [\d.]+% of \$12,500\.00$/);
    expect(runCli(['estimate', file]).stdout).toContain(`Budget: OVER — ${figure} (alert at 80%)`);
    expect(runCli(['estimate', file, '-f', 'markdown']).stdout).toContain(`Budget: **over** — ${figure}`);
  });
});
