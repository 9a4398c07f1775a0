/**
 * load/report-finite.ts: the overflow question a patched point asks of its estimate ("is every number
 * in the report finite?"), answered by reading the report's fields directly. It must see every
 * number the generic walk sees: each number of real reports (every bundled example without
 * distributions, a scenario priced by provider rules, one with prompt files, one with fees) is set
 * in turn to Infinity, -Infinity and NaN, and so is a number under a key the report does not have
 * yet, at every level.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioSource } from '../../src/commands/whatif-common.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { allFinite, reportFinite } from '../../src/load/report-finite.js';
import type { ScenarioReport } from '../../src/schema/report.js';

type Path = (string | number)[];

const FILES = [
  'scenarios/coding-agent.yaml',
  'scenarios/rag-support-assistant.yaml',
  'scenarios/support-unoptimised.yaml',
  'scenarios/support-optimised.yaml',
  'scenarios/internal-copilot.yaml',
  'scenarios/support-prompt-files.yaml',
  'scenarios/voice-agent.yaml',
  'scenarios/long-agent-loop.yaml',
  'scenarios/nightly-classification.yaml',
  'test/fixtures/rules/deepseek-peak.yaml',
];

function reportOf(file: string): ScenarioReport {
  return estimateScenario(new ScenarioSource(file, { asOf: '2026-12-06' }).base());
}

/** The path of every number in `v`, and of every object and array (where a new key could go). */
function walk(v: unknown, path: Path, numbers: Path[], objects: Path[]): void {
  if (typeof v === 'number') numbers.push(path);
  else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], numbers, objects));
  else if (typeof v === 'object' && v !== null) {
    objects.push(path);
    for (const [k, x] of Object.entries(v)) walk(x, [...path, k], numbers, objects);
  }
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

const reports = FILES.map((file) => ({ file, report: reportOf(file) }));

describe('reportFinite sees every number of a report', () => {
  it('the examples cover fees, provider rules, prompt-file counts, outcomes, budgets and line items', () => {
    const models = reports.flatMap(({ report }) => report.stages.flatMap((s) => s.models));
    expect(models.some((m) => m.fees)).toBe(true);
    expect(models.some((m) => m.provider_rules)).toBe(true);
    expect(models.some((m) => m.token_counts)).toBe(true);
    expect(reports.some(({ report }) => report.budget && report.net_value !== null && report.line_items.length > 0)).toBe(true);
  });

  for (const { file, report } of reports) {
    it(`${file}: true as estimated; false with any one number made Infinity, -Infinity or NaN`, () => {
      expect(reportFinite(report)).toBe(true);
      const numbers: Path[] = [];
      const objects: Path[] = [];
      walk(report, [], numbers, objects);
      expect(numbers.length).toBeGreaterThan(20);
      for (const path of numbers) {
        for (const bad of [Infinity, -Infinity, Number.NaN]) {
          const copy = structuredClone(report);
          setAt(copy, path, bad);
          expect(reportFinite(copy), `${path.join('.')} = ${bad}`).toBe(false);
        }
      }
      // a key the report does not have (yet), anywhere: the generic walk reads it
      for (const path of objects) {
        const copy = structuredClone(report);
        setAt(copy, [...path, 'not_yet_a_key'], { deep: [Infinity] });
        expect(reportFinite(copy), `${path.join('.')}.not_yet_a_key`).toBe(false);
      }
    });
  }

  it('property: agrees with the generic walk on reports with random numbers replaced', () => {
    const all = reports.map(({ report }) => {
      const numbers: Path[] = [];
      walk(report, [], numbers, []);
      return { report, numbers };
    });
    const special = fc.constantFrom(Infinity, -Infinity, Number.NaN, 0, -0, 1e308, -5e-324);
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.array(fc.tuple(fc.nat(), special), { maxLength: 3 }), (k, changes) => {
        const { report, numbers } = all[k]!;
        const copy = structuredClone(report);
        for (const [i, v] of changes) setAt(copy, numbers[i % numbers.length]!, v);
        return reportFinite(copy) === allFinite(copy, 0);
      }),
      { numRuns: 500, seed: 16 },
    );
  });
});
