/**
 * Every bundled example scenario is a fixture with a reviewed golden output (table and JSON).
 * Goldens move when the bundled prices move (npm run pricing:sync): update them with
 * `npx vitest run test/examples -u` and review the diff like code.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { dollars, expectReportAddsUp } from '../helpers/figures.js';

const examples = readdirSync(new URL('../../scenarios', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort();

describe('bundled examples', () => {
  it('there are examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });
  for (const f of examples) {
    const name = f.replace(/\.yaml$/, '');
    it(`${f}: table`, async () => {
      const r = runCli(['estimate', `scenarios/${f}`]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // beside the golden: the total line shows the JSON report's total (computed by estimate, formatted here)
      const total = (JSON.parse(runCli(['estimate', `scenarios/${f}`, '-f', 'json']).stdout) as { scenarios: { total_monthly_cost: number }[] }).scenarios[0]!.total_monthly_cost;
      expect(r.stdout).toContain(`Monthly total: ${dollars(total)}`);
      await expect(r.stdout).toMatchFileSnapshot(`../fixtures/examples/${name}.txt`);
    });
    it(`${f}: json`, async () => {
      const r = runCli(['estimate', `scenarios/${f}`, '-f', 'json']);
      expect(r.code).toBe(0);
      expectReportAddsUp(JSON.parse(r.stdout)); // beside the golden: every total is the sum of its parts
      await expect(r.stdout).toMatchFileSnapshot(`../fixtures/examples/${name}.json`);
    });
  }

  it('the optimised support bot costs less than the unoptimised one, by the levers it pulls', () => {
    const j = JSON.parse(runCli(['estimate', 'scenarios/support-unoptimised.yaml', 'scenarios/support-optimised.yaml', '-f', 'json']).stdout);
    const [before, after] = j.scenarios;
    expect(after.total_monthly_cost).toBeLessThan(before.total_monthly_cost / 3);
    expect(after.stages.find((s: { name: string }) => s.name === 'answer').models[0].tokens.cache_read).toBeGreaterThan(0);
  });
});
