/**
 * `validate` of an unchanged bundled example scenario takes the build's shape step
 * (dist/scenario-shapes.json: YAML, distributions as point values, the schema's output) instead of
 * parsing the file, then runs the semantic rules as for any scenario. The same result as parsing it,
 * problems and their line:column included, and only for exactly the text the build checked.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateFile } from '../../src/commands/validate.js';
import { packageRoot } from '../../src/load/catalogues.js';
import { kindById } from '../../src/load/kinds.js';
import { bundledScenarioShape, forgetScenarioShapes, scenarioShape, SCENARIO_SHAPES_SNAPSHOT } from '../../src/load/validate-scenario.js';
import { parseYamlText } from '../../src/load/yaml.js';

const dir = join(packageRoot(), 'scenarios');
const scenarios = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

afterEach(() => {
  forgetScenarioShapes();
  delete process.env.AIFINOPS_TODAY;
});

/**
 * The same file validated twice in one run: the first from the build's shape step (each entry is
 * given out once), the second parsed from its YAML. Checks that the first was the snapshot's.
 */
function snapshotThenParsed(abs: string, opts: { pricing?: string[] } = {}) {
  forgetScenarioShapes();
  const fromSnapshot = validateFile(abs, undefined, opts);
  expect(bundledScenarioShape(abs, readFileSync(abs, 'utf8'), 'x'), `${abs}: the snapshot's entry was used`).toBeUndefined();
  const parsed = validateFile(abs, undefined, opts);
  return { fromSnapshot, parsed };
}

describe('validate of an unchanged bundled scenario', () => {
  it('the build snapshot covers every bundled scenario (npm run build first)', () => {
    const list = JSON.parse(readFileSync(join(packageRoot(), SCENARIO_SHAPES_SNAPSHOT), 'utf8')) as { name: string }[];
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    expect(list.map((e) => e.name)).toEqual(scenarios);
    for (const f of scenarios) {
      forgetScenarioShapes();
      expect(bundledScenarioShape(join(dir, f), readFileSync(join(dir, f), 'utf8'), `scenarios/${f}`), f).toBeDefined();
    }
  });

  it('holds exactly what the shape step gives for the text', () => {
    for (const f of scenarios) {
      const text = readFileSync(join(dir, f), 'utf8');
      const yaml = parseYamlText(text, `scenarios/${f}`);
      const fresh = scenarioShape(yaml);
      forgetScenarioShapes();
      const snap = bundledScenarioShape(join(dir, f), text, `scenarios/${f}`)!;
      expect(snap.shape, f).toStrictEqual(fresh);
      // positions come from the text, parsed only when asked
      expect(snap.yaml.locate(['pipeline', 0, 'name'], 'value'), f).toEqual(yaml.locate(['pipeline', 0, 'name'], 'value'));
      expect(snap.yaml.file).toBe(`scenarios/${f}`);
    }
  });

  it('gives exactly what parsing and validating the YAML gives (summary, warnings)', () => {
    for (const f of scenarios) {
      const abs = join(dir, f);
      const { fromSnapshot, parsed } = snapshotThenParsed(abs);
      expect(fromSnapshot, f).toEqual(parsed);
      expect(fromSnapshot.ok, f).toBe(true);
      // and what the scenario kind gives for the parsed YAML
      const direct = kindById('scenario')!.validate(abs, parseYamlText(readFileSync(abs, 'utf8'), `scenarios/${f}`), {});
      expect({ summary: fromSnapshot.summary, warnings: fromSnapshot.warnings }, f).toEqual(direct);
    }
  });

  it('on other pricing dates too (stale-price warnings and schedule notes depend on the date)', () => {
    for (const day of ['2024-01-01', '2026-12-06', '2100-01-01']) {
      process.env.AIFINOPS_TODAY = day;
      for (const f of scenarios) {
        const { fromSnapshot, parsed } = snapshotThenParsed(join(dir, f));
        expect(fromSnapshot, `${f} on ${day}`).toEqual(parsed);
      }
    }
  });

  it('a semantic problem has the same message and line:column as when the YAML is parsed', () => {
    // a --pricing catalogue that prices the scenarios' models again: each is ambiguous, a located problem
    const tmp = mkdtempSync(join(tmpdir(), 'aifinops-shapes-'));
    try {
      const eur = join(tmp, 'eur.yaml');
      const models = ['gpt-5.6-terra', 'claude-sonnet-4-6', 'gpt-5.6-luna', 'gpt-5.4-mini', 'text-embedding-3-small']
        .map((m) => `  ${m}:\n    tier: budget\n    input: 1\n    output: 2\n`)
        .join('');
      writeFileSync(eur, `version: 1\nprovider: eurocloud\ncurrency: EUR\nas_of: 2026-09-23\nsource: test\nmodels:\n${models}`);
      let withProblems = 0;
      for (const f of scenarios) {
        const { fromSnapshot, parsed } = snapshotThenParsed(join(dir, f), { pricing: [eur] });
        expect(fromSnapshot, f).toEqual(parsed);
        if (!fromSnapshot.ok) {
          withProblems++;
          expect(fromSnapshot.problems.every((p) => p.file === `scenarios/${f}` && p.line !== undefined && p.column !== undefined && /ambiguous/.test(p.message)), f).toBe(true);
        }
      }
      expect(withProblems).toBeGreaterThan(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('not for a changed text, another path, or a file named twice (the second is parsed)', () => {
    const abs = join(dir, 'coding-agent.yaml');
    const text = readFileSync(abs, 'utf8');
    expect(bundledScenarioShape(abs, `${text} `, 'x')).toBeUndefined();
    expect(bundledScenarioShape(abs, text.slice(0, -1), 'x')).toBeUndefined();
    expect(bundledScenarioShape(join(dir, 'internal-copilot.yaml'), text, 'x')).toBeUndefined();
    expect(bundledScenarioShape(join(packageRoot(), 'test', 'coding-agent.yaml'), text, 'x')).toBeUndefined();
    expect(bundledScenarioShape(abs, text, 'x')).toBeDefined();
    expect(bundledScenarioShape(abs, text, 'x')).toBeUndefined();
  });

  it('--kind naming another kind is obeyed as before (the file is parsed as that kind)', () => {
    const abs = join(dir, 'coding-agent.yaml');
    forgetScenarioShapes();
    const asQuote = validateFile(abs, kindById('quote'));
    expect(asQuote.ok).toBe(false);
    expect(asQuote.kind).toBe('quote');
    // the entry was not used up
    expect(bundledScenarioShape(abs, readFileSync(abs, 'utf8'), 'x')).toBeDefined();
    forgetScenarioShapes();
    const asScenario = validateFile(abs, kindById('scenario'));
    expect(asScenario.ok).toBe(true);
    expect(bundledScenarioShape(abs, readFileSync(abs, 'utf8'), 'x')).toBeUndefined();
  });
});
