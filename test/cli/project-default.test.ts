/**
 * The project file (aifinops.yaml) is the default for `estimate`, `validate`, `compare` and
 * `forecast` run without files; without a project file those commands still ask for files.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A folder with a .git marker (the project search stops there), two scenarios and a draft left out. */
function project(yaml: string | null): string {
  const d = mkdtempSync(join(tmpdir(), 'aifinops-project-'));
  dirs.push(d);
  mkdirSync(join(d, '.git'));
  mkdirSync(join(d, 'scenarios', 'drafts'), { recursive: true });
  for (const f of ['rag-support-assistant.yaml', 'coding-agent-growth.yaml']) cpSync(join(ROOT, 'scenarios', f), join(d, 'scenarios', f));
  writeFileSync(join(d, 'scenarios', 'drafts', 'broken.yaml'), 'version: 1\nname: [\n');
  if (yaml !== null) writeFileSync(join(d, 'aifinops.yaml'), yaml);
  return d;
}
const GLOBS = 'version: 1\nscenarios: ["scenarios/**/*.yaml"]\nexclude: ["scenarios/drafts/**"]\n';
const FILES = ['scenarios/coding-agent-growth.yaml', 'scenarios/rag-support-assistant.yaml']; // sorted, as the globs give them

describe('without files, the scenarios of aifinops.yaml', () => {
  const d = project(GLOBS);
  const sub = join(d, 'scenarios');

  it('estimate: the same report as naming the files (and found from a sub-folder)', () => {
    const viaProject = runCli(['estimate', '-f', 'json'], { cwd: d });
    expect(viaProject.code).toBe(0);
    expect(viaProject.stdout).toBe(runCli(['estimate', ...FILES, '-f', 'json'], { cwd: d }).stdout);
    const names = JSON.parse(viaProject.stdout).scenarios.map((s: { file: string }) => s.file);
    expect(names).toEqual(FILES); // the draft is excluded
    const fromSub = JSON.parse(runCli(['estimate', '-f', 'json'], { cwd: sub }).stdout);
    expect(fromSub.scenarios.map((s: { file: string }) => s.file)).toEqual(['coding-agent-growth.yaml', 'rag-support-assistant.yaml']);
  });

  it('validate and compare take the same files', () => {
    const v = runCli(['validate'], { cwd: d });
    expect(v.code).toBe(0);
    expect(v.stdout.split('\n').filter(Boolean).map((l) => l.split(':')[0])).toEqual(FILES);
    const c = runCli(['compare', '-f', 'json'], { cwd: d });
    expect(c.code).toBe(0);
    expect(c.stdout).toBe(runCli(['compare', ...FILES, '-f', 'json'], { cwd: d }).stdout);
  });

  it('forecast: the one scenario with a growth: block', () => {
    const f = runCli(['forecast', '-f', 'json', '--samples', '500'], { cwd: d });
    expect(f.code).toBe(0);
    expect(f.stdout).toBe(runCli(['forecast', FILES[0]!, '-f', 'json', '--samples', '500'], { cwd: d }).stdout);
  });

  it('forecast: several scenarios with growth: blocks is a usage error naming them', () => {
    const two = project('version: 1\nscenarios: ["scenarios/*.yaml"]\n');
    writeFileSync(join(two, 'scenarios', 'rag-support-assistant.yaml'), `${readFileSync(join(two, 'scenarios', 'rag-support-assistant.yaml'), 'utf8')}\ngrowth: { monthly_rate: 0.05, months: 6 }\n`);
    const r = runCli(['forecast'], { cwd: two });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'aifinops: error: forecast: aifinops.yaml lists 2 scenarios and 2 of them have a growth: block; forecast takes one — name the scenario to forecast, e.g. aifinops forecast scenarios/coding-agent-growth.yaml (or scenarios/rag-support-assistant.yaml)\n',
    );
  });

  it('globs that match nothing are an input error naming the project file', () => {
    const none = project('version: 1\nscenarios: ["nowhere/*.yaml"]\n');
    const r = runCli(['estimate'], { cwd: none });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^aifinops: error: aifinops\.yaml: scenarios: the globs \["nowhere\/\*\.yaml"\] match no files/);
  });
});

describe('without files and without a project file', () => {
  it.each(['estimate', 'validate', 'compare', 'forecast'])('%s: the usage error, as before', (cmd) => {
    const r = runCli([cmd], { cwd: project(null) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: missing required argument '${cmd === 'validate' ? 'file' : 'scenario'}'\n(run with --help for usage)\n`);
  });
});

describe("this repository's aifinops.yaml", () => {
  it('lists every bundled scenario, so `aifinops estimate` here prices them all', () => {
    const r = runCli(['estimate', '-f', 'json']);
    expect(r.code).toBe(0);
    const files = JSON.parse(r.stdout).scenarios.map((s: { file: string }) => s.file);
    const bundled = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${f}`);
    expect(bundled.length).toBeGreaterThan(10);
    expect(files).toEqual(bundled);
  });
});
