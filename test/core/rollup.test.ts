/** Roll-ups and grand totals: alternatives (alternative_of) are listed but never added up. */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/rollup.js';
import type { ScenarioReport } from '../../src/schema/report.js';

const s = (name: string, file: string, cost: number, team: string, alternative_of: string | null = null): ScenarioReport =>
  ({ name, file, variant: null, currency: 'USD', tags: { team }, total_monthly_cost: cost, alternative_of }) as unknown as ScenarioReport;

describe('alternative_of', () => {
  const base = s('Support bot (unoptimised)', 'scenarios/support-unoptimised.yaml', 1000, 'support');
  const other = s('Search', 'scenarios/search.yaml', 50, 'search');

  it.each([
    ['the scenario name', 'Support bot (unoptimised)'],
    ['the file', 'scenarios/support-unoptimised.yaml'],
    ['./ the file', './scenarios/support-unoptimised.yaml'],
    ['the file name without .yaml', 'support-unoptimised'],
  ])('by %s: kept out of the total and the group, listed apart', (_, ref) => {
    const alt = s('Support bot (optimised)', 'scenarios/support-optimised.yaml', 300, 'support', ref);
    const r = buildReport([base, alt, other], 'x', 'team', '2026-11-23');
    expect(r.totals).toEqual([{ currency: 'USD', total_monthly_cost: 1050 }]); // 1000 + 50, not + 300
    expect(r.groups).toEqual([
      { key: 'team', value: 'support', currency: 'USD', total_monthly_cost: 1000, scenarios: ['Support bot (unoptimised)'], alternatives: ['Support bot (optimised)'] },
      { key: 'team', value: 'search', currency: 'USD', total_monthly_cost: 50, scenarios: ['Search'], alternatives: [] },
    ]);
    expect(r.alternatives).toEqual([{ name: 'Support bot (optimised)', file: 'scenarios/support-optimised.yaml', variant: null, alternative_of: 'Support bot (unoptimised)', currency: 'USD', total_monthly_cost: 300 }]);
    expect(r.scenarios).toHaveLength(3);
  });

  it('estimated without the scenario it names, an alternative counts like any other', () => {
    const alt = s('Support bot (optimised)', 'scenarios/support-optimised.yaml', 300, 'support', 'support-unoptimised');
    const r = buildReport([alt, other], 'x', 'team', '2026-11-23');
    expect(r.totals[0]!.total_monthly_cost).toBe(350);
    expect(r.alternatives).toEqual([]);
  });

  it('two scenarios naming each other: the first is kept out, the second counts (never both)', () => {
    const a = s('A', 'a.yaml', 10, 't', 'b');
    const b = s('B', 'b.yaml', 20, 't', 'a');
    const r = buildReport([a, b], 'x', 't', '2026-11-23');
    expect(r.totals[0]!.total_monthly_cost).toBe(20);
    expect(r.alternatives.map((x) => x.name)).toEqual(['A']);
  });

  it('a scenario naming itself is not an alternative', () => {
    const a = s('A', 'a.yaml', 10, 't', 'A');
    expect(buildReport([a], 'x', null, '2026-11-23').totals[0]!.total_monthly_cost).toBe(10);
  });

  it('invariant: total + alternatives = the sum of every scenario', () => {
    const alt = s('Support bot (optimised)', 'scenarios/support-optimised.yaml', 300, 'support', 'support-unoptimised');
    const r = buildReport([base, alt, other], 'x', 'team', '2026-11-23');
    const all = r.scenarios.reduce((a, x) => a + x.total_monthly_cost, 0);
    expect(r.totals[0]!.total_monthly_cost + r.alternatives.reduce((a, x) => a + x.total_monthly_cost, 0)).toBe(all);
    expect(r.groups!.reduce((a, g) => a + g.total_monthly_cost, 0)).toBe(r.totals[0]!.total_monthly_cost);
  });
});
