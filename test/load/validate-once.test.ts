/**
 * `validate` does each step once: a scenario's schema pass and its distributions are handed to
 * loadScenario (its `checked` option) instead of being done again, and the bundled
 * pricing/deployments.yaml, unchanged, is read from the build's snapshot (its GPUs still checked
 * against the run's GPU catalogues). Each gives exactly what the full path gives.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateFile } from '../../src/commands/validate.js';
import { InputError } from '../../src/errors.js';
import { packageRoot } from '../../src/load/catalogues.js';
import { resolveDistributions, resolvedDistributions, uncertaintyOf } from '../../src/load/distributions.js';
import { kindById, unchangedBundledDeployments } from '../../src/load/kinds.js';
import { loadScenario } from '../../src/load/scenario.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { scenarioSchema } from '../../src/schema/scenario.js';

const root = packageRoot();
const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', f));
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-validate-once-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** What validate hands over: the data with its distributions resolved, and the schema's output for it. */
function checkedOf(file: string) {
  const yaml = parseYamlText(readFileSync(file, 'utf8'), file);
  const data = structuredClone(yaml.data) as Record<string, unknown>;
  resolveDistributions(data, yaml);
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${file} does not pass the schema`);
  return { yaml, data, checked: parsed.data };
}

describe('loadScenario with data validate has checked', () => {
  it('gives the scenario, warnings and uncertainty the full load of the same data gives, for every bundled scenario', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    for (const file of scenarios) {
      const { yaml, data, checked } = checkedOf(file);
      const full = loadScenario(file, { yaml: { ...yaml, data: structuredClone(data) } });
      const once = loadScenario(file, { yaml: { ...yaml, data }, checked });
      expect(once, file).toEqual(full);
      expect(uncertaintyOf(once), file).toEqual(uncertaintyOf(full));
    }
  });

  it('resolvedDistributions is what resolving data that holds only point values gives', () => {
    for (const file of scenarios) {
      const { yaml, data } = checkedOf(file);
      const again = resolveDistributions(structuredClone(data), yaml);
      const once = resolvedDistributions(structuredClone(data), yaml);
      expect(once.model, file).toEqual(again.model);
      expect(once.warnings, file).toEqual(again.warnings);
      expect(once.warnings).toEqual([]);
    }
  });

  it('still runs the semantic rules on checked data: an unknown model is reported', () => {
    const file = join(tmp, 'unknown-model.yaml');
    writeFileSync(file, 'version: 1\nname: t\ntraffic: { requests_per_day: 10 }\npipeline:\n  - { name: a, model: no-such-model, input: { user: 10 }, output: 1 }\n');
    const { yaml, data, checked } = checkedOf(file);
    expect(() => loadScenario(file, { yaml: { ...yaml, data }, checked })).toThrow(/unknown model "no-such-model"/);
  });

  it('refuses checked data together with a variant or --set (they change the data before the schema)', () => {
    const { yaml, data, checked } = checkedOf(scenarios[0]!);
    expect(() => loadScenario(scenarios[0]!, { yaml: { ...yaml, data }, checked, set: ['traffic.requests_per_day=1'] })).toThrow(/checked data/);
    expect(() => loadScenario(scenarios[0]!, { yaml: { ...yaml, data }, checked, variant: 'x' })).toThrow(/checked data/);
  });
});

describe('validate of the unchanged bundled pricing/deployments.yaml', () => {
  const dep = join(root, 'pricing', 'deployments.yaml');
  const text = readFileSync(dep, 'utf8');
  const parsedWay = (opts: { gpus?: string[] }) => {
    try {
      return kindById('deployments')!.validate(dep, parseYamlText(text, 'pricing/deployments.yaml'), opts);
    } catch (err) {
      if (err instanceof InputError) return err.problems;
      throw err;
    }
  };

  it('comes from the snapshot for exactly the built text, this path and this kind (npm run build first)', () => {
    expect(unchangedBundledDeployments(dep, text, undefined, 'd')).toBeDefined();
    expect(unchangedBundledDeployments(dep, text, kindById('deployments'), 'd')).toBeDefined();
    expect(unchangedBundledDeployments(dep, `${text}\n`, undefined, 'd')).toBeUndefined();
    expect(unchangedBundledDeployments(dep, text, kindById('gpus'), 'd')).toBeUndefined();
    expect(unchangedBundledDeployments(join(tmp, 'deployments.yaml'), text, undefined, 'd')).toBeUndefined();
    expect(unchangedBundledDeployments(dep, `# yaml-language-server: $schema=../schemas/quote.schema.json\n${text}`, undefined, 'd')).toBeUndefined();
  });

  it('gives what parsing and validating the YAML gives', () => {
    const r = validateFile(dep, undefined, {});
    expect({ ok: r.ok, kind: r.kind, summary: r.summary, warnings: r.warnings }).toEqual({ ok: true, kind: 'deployments', ...(parsedWay({}) as object) });
  });

  it('checks its GPUs against the run\'s GPU catalogues: a --gpus catalogue without the price option gives the parsed path\'s problems, located', () => {
    const gpus = join(tmp, 'gpus.yaml');
    // h100-sxm again, priced only by a provider no deployment names: every H100 deployment loses its price option
    writeFileSync(
      gpus,
      'version: 1\nkind: gpus\ncurrency: USD\nas_of: 2026-11-23\ngpus:\n  h100-sxm:\n    name: H100\n    vendor: nvidia\n    memory_gb: 80\n    memory_bandwidth_tbps: 3.35\n    bf16_tflops: 989.4\n    spec_source: https://example.com\n    prices:\n      - { provider: nowhere, offer: on-demand, gpu_hourly: 2, as_of: 2026-11-09, source: https://example.com }\n',
    );
    const expected = parsedWay({ gpus: [gpus] }) as { line?: number; column?: number; message: string }[];
    expect(Array.isArray(expected) && expected.length).toBeGreaterThan(0);
    expect(expected[0]!.line).toBeGreaterThan(1);
    const r = validateFile(dep, undefined, { gpus: [gpus] });
    expect(r.ok).toBe(false);
    expect(r.kind).toBe('deployments');
    const byPlace = [...expected].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    expect(r.problems).toEqual(byPlace.map((p) => ({ ...p, file: r.file })));
  });
});
