/**
 * `validate` checks a scenario the schema accepts as written with one schema pass and no
 * distributions walk or copy of the data (load/kinds.ts validateScenarioFile); any other file takes
 * the full path (validateScenarioFully). For any file, valid or not, both give the same summary and
 * warnings, or the same problems in the same order (file, line:column, key path, message, fix).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { packageRoot } from '../../src/load/catalogues.js';
import { kindById, validateScenarioAsWritten, validateScenarioFully } from '../../src/load/kinds.js';
import { parseYamlText, type LoadedYaml } from '../../src/load/yaml.js';

const root = packageRoot();
const scenarios = readdirSync(join(root, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(root, 'scenarios', f));
const texts = new Map(scenarios.map((f) => [f, readFileSync(f, 'utf8')]));
const scenarioKind = kindById('scenario')!;

type Outcome = { ok: true; summary: string; warnings: string[] } | { ok: false; problems: unknown[] };
function outcome(run: () => { summary: string; warnings: string[] }): Outcome {
  try {
    const r = run();
    return { ok: true, summary: r.summary, warnings: r.warnings };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { ok: false, problems: err.problems };
  }
}

/** Both paths on the same data (each on its own copy: the paths may change the data they are given). */
function both(file: string, yaml: LoadedYaml): { fast: Outcome; full: Outcome } {
  const copy = (): LoadedYaml => ({ ...yaml, data: structuredClone(yaml.data) });
  return {
    fast: outcome(() => validateScenarioAsWritten(file, copy(), {})),
    full: outcome(() => validateScenarioFully(file, copy(), {})),
  };
}

/** Every path to a value in `data`. */
function paths(data: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(data)) data.forEach((v, i) => paths(v, [...at, i], out));
  else if (typeof data === 'object' && data !== null) for (const [k, v] of Object.entries(data)) paths(v, [...at, k], out);
  return out;
}

function setAt(data: unknown, path: (string | number)[], value: unknown): void {
  let node = data as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
}

const DELETE = Symbol('delete');
// values a user might write anywhere: numbers in and out of every range, percent strings, each kind
// of distribution (good and bad), a mapping with a misspelt key, lists, a prompt reference, nothing
const replacement = fc.oneof(
  fc.constantFrom<unknown>(
    DELETE,
    0,
    -1,
    0.5,
    1,
    2,
    1e308,
    '50%',
    '150%',
    'gpt-4o-mini',
    'no-such-model',
    true,
    null,
    [],
    {},
    { p50: 100, p90: 200 },
    { p50: 0.2, p90: 0.4 },
    { p50: 200, p90: 100 },
    { min: 1, mode: 2, max: 3 },
    { min: 0.1, mode: 0.2, max: 0.3 },
    { mean: 10, sd: 2 },
    { low: 0.1, high: 0.3 },
    { low: 3 },
    { p50: 1, mean: 2 },
    { file: 'prompts/none.md' },
    { standard: 0.5, flex: 0.5 },
    { nmae: 'x' },
  ),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 6 }),
);

describe('validate: the fast path for a scenario the schema accepts gives what the full path gives', () => {
  it('for every bundled scenario as written (valid, with and without distributions)', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    for (const file of scenarios) {
      const yaml = parseYamlText(texts.get(file)!, file);
      const { fast, full } = both(file, yaml);
      expect(fast, file).toEqual(full);
      expect(fast.ok, file).toBe(true);
    }
  });

  it('for any bundled scenario with one to three values replaced, added or removed (valid and invalid)', () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(fc.constantFrom(...scenarios), fc.array(fc.tuple(fc.nat(), replacement, fc.boolean()), { minLength: 1, maxLength: 3 }), (file, edits) => {
        const yaml = parseYamlText(texts.get(file)!, file);
        for (const [pick, value, addKey] of edits) {
          const all = paths(yaml.data).filter((p) => p.length > 0);
          const path = all[pick % all.length]!;
          // sometimes a new key beside the value (a misspelt or unknown key), else the value replaced
          setAt(yaml.data, addKey && value !== DELETE ? [...path.slice(0, -1), `x${pick % 7}`] : path, value);
        }
        const { fast, full } = both(file, yaml);
        expect(fast).toEqual(full);
        if (fast.ok) valid++;
        else invalid++;
      }),
      { numRuns: 300, seed: 16 },
    );
    // both kinds of file were met, so both paths were compared
    expect(valid).toBeGreaterThan(10);
    expect(invalid).toBeGreaterThan(10);
  });

  it('a value the schema accepts but the rules do not (an unknown model) is reported as by the full path', () => {
    const text = 'version: 1\nname: t\ntraffic: { requests_per_day: 10 }\npipeline:\n  - { name: a, model: no-such-model, input: { user: 10 }, output: 1 }\n';
    const file = join(root, 'scenarios', 'not-on-disk.yaml');
    const { fast, full } = both(file, parseYamlText(text, file));
    expect(fast).toEqual(full);
    expect(fast.ok).toBe(false);
    expect(JSON.stringify(fast)).toContain('no-such-model');
  });
});

describe('validate checks each variant as --variant loads it (it said OK for variants estimate --variant refuses)', () => {
  const file = join(root, 'scenarios', 'v.yaml');
  const yaml = (variants: string) =>
    parseYamlText(`version: 1\nname: t\ntraffic: { requests_per_day: 100 }\npipeline:\n  - { name: a, model: gpt-5.4-mini, input: { user: 100, system: 10 }, output: 10 }\nvariants:\n${variants}`, 'v.yaml');
  it('every broken variant is reported with its place; the scenario as written is fine', () => {
    const r = outcome(() => scenarioKind.validate(file, yaml('  bad: { pipeline.a.output: -5 }\n  bad2: { pipeline.nosuch.output: 5 }\n  good: { pipeline.a.output: 20 }\n'), {}));
    expect(r.ok).toBe(false);
    const problems = (r as { problems: { path: string; line: number }[] }).problems;
    expect(problems.map((p) => [p.path, p.line])).toEqual([['variants.bad.pipeline.a.output', 7], ['variants.bad2.pipeline.nosuch.output', 8]]);
  });
  it('good variants pass and are counted in the summary', () => {
    const r = outcome(() => scenarioKind.validate(file, yaml('  good: { pipeline.a.output: 20 }\n'), {}));
    expect(r).toMatchObject({ ok: true, summary: 'scenario "t": 1 stage, 1 model, 1 variant' });
  });
});
