/** `aifinops init` without a terminal: a template from flags and defaults, never a hang, never a clobber. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_TYPES } from '../../src/wizard/answers.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { ACME_FILE } from '../helpers/scenario.js';

let dir: string;
beforeEach(() => {
  // a scenario may name catalogues inside its own repository only (docs/security.md): the work
  // folder is inside a repository (a folder with .git) that holds the catalogue
  const repo = mkdtempSync(join(tmpdir(), 'aifinops-init-cli-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'pricing'));
  copyFileSync(ACME_FILE, join(repo, 'pricing', 'acme.yaml'));
  dir = join(repo, 'work');
  mkdirSync(dir);
});
afterEach(() => rmSync(dirname(dir), { recursive: true, force: true }));

const init = (...args: string[]) => runCli(['init', '--pricing', '../pricing/acme.yaml', ...args], { cwd: dir });

describe('aifinops init (no terminal)', () => {
  it('a --pricing catalogue outside the new scenario\'s repository is refused before anything is written', () => {
    const r = runCli(['init', '--pricing', ACME_FILE, '--yes', '-o', 's.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml:\d+:\d+: pricing\[0\]: ".*acme\.yaml" points outside the repository/);
    expect(existsSync(join(dir, 's.yaml'))).toBe(false);
  });

  it.each(FEATURE_TYPES)('--yes --type %s writes a template that validates and estimates', (type) => {
    const r = init('--yes', '--type', type, '-o', `${type}.yaml`);
    expect(r.stderr).toMatch(new RegExp(`^wrote ${type}\\.yaml \\(.*\\)\n  ≈ \\$[\\d,.]+ / month`));
    expect(r.code).toBe(0);
    const file = join(dir, `${type}.yaml`);
    const text = readFileSync(file, 'utf8');
    // the editor line points at the schema that ships with the package
    const schemaRef = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];
    expect(schemaRef).toBeDefined();
    expect(resolve(dirname(file), schemaRef!)).toBe(join(ROOT, 'schemas', 'scenario.schema.json'));
    // the catalogue named with --pricing is listed relative to the file, so the file stands alone
    expect(text).toMatch(/^pricing: \[\S*acme\.yaml\]$/m);
    const v = runCli(['validate', `${type}.yaml`], { cwd: dir });
    expect(v.stdout).toMatch(/OK — scenario/);
    expect(v.code).toBe(0);
    expect(runCli(['estimate', `${type}.yaml`, '-f', 'json'], { cwd: dir }).code).toBe(0);
  });

  it('without a terminal and without --yes it writes the template instead of waiting for answers', () => {
    const r = init();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('not a terminal, so no questions');
    expect(readdirSync(dir)).toEqual(['support-chatbot.yaml']);
  });

  it('takes traffic, models, name and budget from flags', () => {
    const r = init('--yes', '--type', 'agent', '--name', 'Code fixer', '--model', 'acme-large=30%', '--model', 'acme-small', '--users', '40', '--requests-per-user-per-day', '6', '--budget', '900');
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'code-fixer.yaml'), 'utf8');
    expect(text).toContain('name: Code fixer');
    expect(text).toMatch(/acme\/acme-large: 30%/);
    expect(text).toMatch(/acme\/acme-small: 70%/);
    expect(text).toMatch(/requests_per_user_per_day: 6 # tasks one user makes per day/);
    expect(text).toMatch(/users: 40/);
    expect(text).toMatch(/agent_steps: 8/);
    expect(text).toMatch(/monthly: 900/);
    const e = JSON.parse(runCli(['estimate', 'code-fixer.yaml', '-f', 'json'], { cwd: dir }).stdout);
    expect(e.scenarios[0].users).toBe(40);
    expect(e.scenarios[0].budget.monthly).toBe(900);
  });

  it('--prompt counts an input part from a prompt file, written relative to the scenario', () => {
    // the repository root is dirname(dir) (it holds .git, see beforeEach): prompt files must stay inside it
    mkdirSync(join(dir, 'prompts'));
    writeFileSync(join(dir, 'prompts', 'system.md'), 'Answer from the help centre only.\n'.repeat(40));
    const r = init('--yes', '--prompt', 'system=prompts/system.md', '-o', 'scenarios/bot.yaml');
    expect(r.stderr).toContain('wrote scenarios/bot.yaml');
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'scenarios', 'bot.yaml'), 'utf8');
    expect(text).toContain('system: {file: ../prompts/system.md} # the system prompt (instructions, persona), counted from the file');
    const e = JSON.parse(runCli(['estimate', 'scenarios/bot.yaml', '-f', 'json'], { cwd: dir }).stdout);
    expect(e.scenarios[0].stages[0].models[0].token_counts.parts[0]).toMatchObject({ part: 'system', files: [{ file: 'prompts/system.md' }] });
    const bad = init('--yes', '--prompt', 'sytem=prompts/system.md');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean "system"?');
    const missing = init('--yes', '--prompt', 'system=prompts/nope.md');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no file prompts/nope.md');
  });

  it('never overwrites a file without --force', () => {
    writeFileSync(join(dir, 'mine.yaml'), 'keep me\n');
    const r = init('--yes', 'mine.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mine.yaml: already exists; nothing was written — pass --force to overwrite it');
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('keep me\n');
    const f = init('--yes', 'mine.yaml', '--force');
    expect(f.code).toBe(0);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
    expect(readdirSync(dir)).toEqual(['mine.yaml']); // no temporary files left behind
  });

  it('--stdout prints the scenario and writes nothing', () => {
    const r = init('--stdout', '--type', 'batch');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# yaml-language-server/);
    expect(r.stdout).toContain('batch_share: 100%');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('bad flags are usage errors with a fix', () => {
    const unknown = init('--yes', '--model', 'acme-smal');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown model "acme-smal"');
    expect(unknown.stderr).toContain('did you mean "acme-small"');
    const shares = init('--yes', '--model', 'acme-small=50%', '--model', 'acme-large=20%');
    expect(shares.code).toBe(2);
    expect(shares.stderr).toContain('the model shares add up to 70%, expected 100%');
    const traffic = init('--yes', '--requests-per-day', '10', '--requests-per-month', '300');
    expect(traffic.code).toBe(2);
    expect(traffic.stderr).toContain('traffic is given more than one way');
    const type = init('--yes', '--type', 'chat');
    expect(type.code).toBe(2);
    expect(type.stderr).toContain("argument 'chat' is invalid");
    const num = init('--yes', '--requests-per-day', 'lots');
    expect(num.code).toBe(2);
    expect(num.stderr).toContain('--requests-per-day: expected a number ≥ 0, got "lots"');
    expect(readdirSync(dir)).toEqual([]);
    for (const r of [unknown, shares, traffic, type, num]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('lazy loading', () => {
  const TRACE = join(ROOT, 'test/init/trace-imports.mjs');
  const loaded = (args: string[]) =>
    runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--import=${TRACE}` } })
      .stderr.split('\n')
      .filter((l) => l.startsWith('LOADED '))
      .map((l) => l.slice('LOADED '.length));

  it('the prompt library is not in the bundle', () => {
    expect(readFileSync(join(ROOT, 'dist/cli.cjs'), 'utf8')).not.toContain('User force closed the prompt'); // a string of @inquirer/core
  });

  it('other commands, help and a template init never load it (the interactive test checks that init does)', () => {
    writeFileSync(join(dir, 's.yaml'), readFileSync(join(ROOT, 'test/fixtures/scenarios/basic.yaml')));
    for (const args of [['estimate', 's.yaml', '--pricing', ACME_FILE], ['validate', 's.yaml', '--pricing', ACME_FILE], ['--help'], ['init', '--stdout', '--pricing', '../pricing/acme.yaml']]) {
      const urls = loaded(args);
      expect(urls.some((u) => u.endsWith('/bin/aifinops.js')), args.join(' ')).toBe(true); // the trace works
      expect(urls.filter((u) => u.includes('/@inquirer/')), args.join(' ')).toEqual([]);
    }
  });
});
