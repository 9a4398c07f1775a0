/** A forecast or seat term whose horizon reaches a model's announced shutdown says so (core/prices-at.ts shutdownWarnings). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// openai/gpt-5-mini and openai/gpt-5 shut down on 2026-12-11 (pricing/openai.yaml); priced from 2026-07
const FILE = 'test/actuals/fixtures/support-openai.yaml';
const run = (months: number) => runCli(['forecast', FILE, '--as-of', '2026-07-01', '--set', `growth.months=${months}`, '--set', 'growth.monthly_rate=0.05', '-f', 'json']);

describe('forecast across a shutdown', () => {
  it('warns when the horizon reaches the shutdown day (6 months to 2026-12-31), not when it ends before (5 months to 2026-11-30)', () => {
    const six = JSON.parse(run(6).stdout) as { warnings: string[] };
    expect(six.warnings).toContain(
      'openai/gpt-5-mini shuts down on 2026-12-11, inside the 6-month forecast (2026-07 to 2026-12): from that day on the figures price a model openai no longer runs; its replacement is gpt-5.6-terra',
    );
    expect(six.warnings.filter((w) => w.includes('shuts down on'))).toHaveLength(2);
    const five = JSON.parse(run(5).stdout) as { warnings: string[] };
    expect(five.warnings.filter((w) => w.includes('shuts down on'))).toEqual([]);
  });
});

describe('seat terms across a shutdown', () => {
  const seats = (term: string) =>
    runCli(['seats', 'scenarios/coding-agent-seats.yaml', '--plan', 'claude-team-premium', '--term', term, '--as-of', '2026-07-01', '--set', 'pipeline.plan.model=gpt-5-mini', '-f', 'json']);
  it('a 12-month term from 2026-07 reaches gpt-5-mini\'s shutdown (2026-12-11) and says so; a 1-month term does not', () => {
    const annual = JSON.parse(seats('annual').stdout) as { warnings: string[] };
    expect(annual.warnings).toContain(
      'openai/gpt-5-mini shuts down on 2026-12-11, inside the 12-month commitment term: from that day on the figures price a model openai no longer runs; its replacement is gpt-5.6-terra',
    );
    const monthly = JSON.parse(seats('monthly').stdout) as { warnings: string[] };
    expect(monthly.warnings.filter((w) => w.includes('shuts down on'))).toEqual([]);
  });
});
