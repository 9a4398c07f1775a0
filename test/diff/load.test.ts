/** Baseline reports, the project file and its globs. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBaseline } from '../../src/load/baseline.js';
import { diskLister, expandProjectScenarios, findProjectFile, globMatcher, loadProject, projectPolicy } from '../../src/load/project.js';
import { buildReport } from '../../src/core/rollup.js';
import { renderJson } from '../../src/render/json.js';
import { estimateFrom, withStage } from '../helpers/scenario.js';
import { tmp } from './helpers.js';
import { inputErrorOf } from '../helpers/errors.js';

const problemsOf = (fn: () => unknown): string => inputErrorOf(fn).message;

describe('loadBaseline', () => {
  const report = buildReport([estimateFrom(withStage('model: acme-small\ninput: { user: 10 }'))], '0.1.0', null, '2026-11-23');
  const write = (content: string) => {
    const f = join(tmp(), 'baseline.json');
    writeFileSync(f, content);
    return f;
  };

  it('reads what estimate writes, keeping unknown (newer) fields out of the way', () => {
    const r = loadBaseline(write(renderJson({ ...report, extra_field_from_a_newer_tool: true })));
    expect(r.scenarios[0]!.total_monthly_cost).toBeCloseTo(0.01, 12);
  });

  it('refuses another schema_version, naming both versions and the fix', () => {
    const msg = problemsOf(() => loadBaseline(write(JSON.stringify({ ...report, schema_version: 2, tool_version: '9.0.0' }))));
    expect(msg).toMatch(/baseline\.json: schema_version: was written with report schema_version 2 by aifinops 9\.0\.0; this aifinops \(.+\) reads schema_version 1/);
    expect(msg).toMatch(/regenerate the baseline/);
  });

  it('locates invalid JSON and shape errors (line:column and dotted path)', () => {
    expect(problemsOf(() => loadBaseline(write('{\n  "schema_version": 1,\n  oops\n}')))).toMatch(/baseline\.json:3:3: is not valid JSON/);
    const bad = renderJson(report).replace(/"total_monthly_cost": [0-9.e-]+/, '"total_monthly_cost": "a lot"');
    expect(bad).toContain('"a lot"');
    expect(problemsOf(() => loadBaseline(write(bad)))).toMatch(/baseline\.json:\d+:\d+: scenarios\.t\.total_monthly_cost: expected a number ≥ 0, got "a lot"/);
  });

  it('tells a diff report or a random JSON file from a baseline', () => {
    expect(problemsOf(() => loadBaseline(write('{"kind":"aifinops-diff","schema_version":1}')))).toMatch(/is a diff report/);
    expect(problemsOf(() => loadBaseline(write('[1,2]')))).toMatch(/expected a JSON report object/);
    expect(problemsOf(() => loadBaseline(write('{"name":"x"}')))).toMatch(/has no schema_version/);
    expect(problemsOf(() => loadBaseline(join(tmp(), 'missing.json')))).toMatch(/missing\.json: a baseline JSON report not found/);
  });
});

describe('globs', () => {
  it.each([
    ['scenarios/*.yaml', 'scenarios/a.yaml', true],
    ['scenarios/*.yaml', 'scenarios/x/a.yaml', false],
    ['scenarios/*.yaml', 'scenarios/.hidden.yaml', false],
    ['scenarios/**/*.yaml', 'scenarios/a.yaml', true],
    ['scenarios/**/*.yaml', 'scenarios/x/y/a.yaml', true],
    ['scenarios/**/*.yaml', 'scenarios/.x/a.yaml', false],
    ['**/*.{yaml,yml}', 'deep/er/a.yml', true],
    ['s/?.yaml', 's/a.yaml', true],
    ['s/?.yaml', 's/ab.yaml', false],
    ['s/[ab].yaml', 's/b.yaml', true],
    ['s/[!ab].yaml', 's/b.yaml', false],
    ['./s/a.yaml', 's/a.yaml', true],
    ['s/a+b.yaml', 's/a+b.yaml', true],
    ['teams/**', 'teams/x/y.yaml', true],
  ])('%s ~ %s → %s', (glob, path, want) => expect(globMatcher(glob).test(path)).toBe(want));
});

describe('the project file', () => {
  function project(yaml: string, files: string[] = []): string {
    const dir = tmp();
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'aifinops.yaml'), yaml);
    for (const f of files) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'version: 1\n');
    }
    return dir;
  }

  it('is found from a sub-folder up to the repository root, not beyond', () => {
    const dir = project('version: 1\n', ['a/b/x.yaml']);
    expect(findProjectFile(join(dir, 'a', 'b'))).toBe(join(dir, 'aifinops.yaml'));
    const inner = join(dir, 'inner');
    mkdirSync(join(inner, '.git'), { recursive: true });
    expect(findProjectFile(inner)).toBeNull();
  });

  it('reads globs, thresholds (amounts in the project currency) and tag budgets', () => {
    const dir = project(
      'version: 1\nscenarios: ["scenarios/**/*.yaml", "extra/*.yaml"]\nexclude: ["scenarios/drafts/**"]\ncurrency: EUR\nthresholds: { fail_on_increase: ["10%", 200] }\nbudgets: { team: { support: 5000, search: 800 } }\n',
      ['scenarios/a.yaml', 'scenarios/x/b.yaml', 'scenarios/drafts/c.yaml', 'scenarios/node_modules/d.yaml', 'extra/e.yaml', 'other/f.yaml', 'scenarios/notes.md'],
    );
    const p = loadProject(join(dir, 'aifinops.yaml'));
    expect(p.failOnIncrease).toEqual([
      { kind: 'percent', fraction: 0.1, text: '10%' },
      { kind: 'amount', amount: 200, currency: 'EUR', text: '200 EUR' },
    ]);
    expect(p.tagBudgets).toEqual([
      { key: 'team', value: 'support', monthly: 5000, currency: 'EUR' },
      { key: 'team', value: 'search', monthly: 800, currency: 'EUR' },
    ]);
    const files = expandProjectScenarios(p, diskLister(p.dir)).map((f) => f.slice(dir.length + 1));
    expect(files).toEqual(['extra/e.yaml', 'scenarios/a.yaml', 'scenarios/x/b.yaml']);
    // flags replace the file's thresholds; budgets stay
    const pol = projectPolicy(p, { failOnIncrease: [{ kind: 'percent', fraction: 0.5, text: '50%' }], failOnBudgetOver: null });
    expect(pol.failOnIncrease).toHaveLength(1);
    expect(pol.tagBudgets).toHaveLength(2);
    expect(projectPolicy(p, { failOnIncrease: null, failOnBudgetOver: 'never' })).toMatchObject({ failOnBudgetOver: 'never', thresholdsFrom: expect.stringMatching(/aifinops\.yaml thresholds\.fail_on_increase$/) });
  });

  it('never picks the project file itself as a scenario', () => {
    const dir = project('version: 1\nscenarios: ["*.yaml"]\n', ['s.yaml']);
    const p = loadProject(join(dir, 'aifinops.yaml'));
    expect(expandProjectScenarios(p, diskLister(p.dir)).map((f) => f.slice(dir.length + 1))).toEqual(['s.yaml']);
  });

  it('located errors with did-you-mean, bad thresholds and globs that leave the project', () => {
    const a = project('version: 1\nscenario: ["*.yaml"]\n');
    expect(problemsOf(() => loadProject(join(a, 'aifinops.yaml')))).toMatch(/aifinops\.yaml:2:1: scenario: unknown key "scenario" — did you mean "scenarios"\?/);
    const b = project('version: 1\nthresholds:\n  fail_on_increase: lots\n');
    expect(problemsOf(() => loadProject(join(b, 'aifinops.yaml')))).toMatch(/aifinops\.yaml:3:21: thresholds\.fail_on_increase: expected a percent like 10%/);
    const c = project('version: 1\nscenarios: ["../elsewhere/*.yaml"]\n');
    expect(problemsOf(() => loadProject(join(c, 'aifinops.yaml')))).toMatch(/scenarios\[0\]: "\.\.\/elsewhere\/\*\.yaml" leaves the project folder/);
    const d = project('version: 1\nbudgets: { team: { support: -5 } }\n');
    expect(problemsOf(() => loadProject(join(d, 'aifinops.yaml')))).toMatch(/budgets\.team\.support: expected a number > 0/);
  });
});
