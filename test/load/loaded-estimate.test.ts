/**
 * `estimate` takes the point estimate the loader computed for its overflow check instead of
 * computing it again (src/load/loaded-estimate.ts): the same report a fresh estimateScenario
 * gives, handed over once, and only for the very object loadScenario returned — a scenario
 * changed in place or copied (what-ifs, sweeps, levers) is estimated afresh.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// counts the calls of estimateScenario made through the module (the loader's and the command's)
const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/core/estimate.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/estimate.js')>();
  return {
    ...real,
    estimateScenario: (...a: Parameters<typeof real.estimateScenario>) => {
      calls.n++;
      return real.estimateScenario(...a);
    },
  };
});

const { estimateScenario } = await import('../../src/core/estimate.js');
const { packageRoot } = await import('../../src/load/catalogues.js');
const { takeEstimate } = await import('../../src/load/loaded-estimate.js');
const { loadScenario } = await import('../../src/load/scenario.js');
const { main } = await import('../../src/cli.js');

const root = packageRoot();
const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', f));
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-loaded-estimate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('takeEstimate', () => {
  it('hands over, once, the report a fresh estimate of the loaded scenario gives, for every bundled scenario', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    for (const file of scenarios) {
      const s = loadScenario(file);
      calls.n = 0;
      const taken = takeEstimate(s);
      expect(calls.n, file).toBe(0); // the loader's own result
      expect(taken, file).toEqual(estimateScenario(s));
      calls.n = 0;
      const again = takeEstimate(s);
      expect(calls.n, file).toBe(1); // taken already: computed afresh
      expect(again).not.toBe(taken);
      expect(again).toEqual(taken);
    }
  });

  it('estimates afresh a scenario the loader did not return (a copy) and one changed after its estimate was taken', () => {
    const s = loadScenario(join(root, 'scenarios/rag-support-assistant.yaml'));
    const copy = { ...s, traffic: { ...s.traffic, requestsPerMonth: s.traffic.requestsPerMonth * 2 } };
    calls.n = 0;
    const doubled = takeEstimate(copy);
    expect(calls.n).toBe(1);
    const first = takeEstimate(s);
    expect(doubled.requests_per_month).toBe(first.requests_per_month * 2);
    // a what-if that changes the loaded object in place, then estimates it, sees its change
    s.traffic.requestsPerMonth *= 2;
    expect(takeEstimate(s).total_monthly_cost).toBe(doubled.total_monthly_cost);
    expect(takeEstimate(s).total_monthly_cost).not.toBe(first.total_monthly_cost);
  });
});

describe('aifinops estimate', () => {
  it('estimates each scenario once (the loader\'s overflow check), and writes the report a fresh estimate gives', async () => {
    const files = ['rag-support-assistant.yaml', 'coding-agent.yaml'].map((f) => join(root, 'scenarios', f));
    const out = join(tmp, 'report.json');
    calls.n = 0;
    const code = await main(['estimate', ...files, '-f', 'json', '-o', out], [['estimate', () => import('../../src/commands/estimate.js')]]);
    expect(code).toBe(0);
    expect(calls.n).toBe(files.length);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { scenarios: { total_monthly_cost: number }[] };
    const fresh = files.map((f) => estimateScenario(loadScenario(f)).total_monthly_cost);
    report.scenarios.forEach((r, i) => expect(r.total_monthly_cost).toBeCloseTo(fresh[i]!, 6)); // (the JSON report rounds)
  });
});
