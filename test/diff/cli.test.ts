/** `aifinops diff` through the real bin: goldens, the git-ref path, every exit code. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ACME_FILE as ACME } from '../helpers/scenario.js';
import { commitAll, fixtureRepo, git, initRepo, tmp } from './helpers.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
/** Goldens must not change with the package version. */
const stable = (s: string) => s.split(`aifinops ${VERSION}`).join('aifinops X.Y.Z').split(`"tool_version": "${VERSION}"`).join('"tool_version": "X.Y.Z"');

let dir: string;
let baseCommit: string;

beforeAll(() => {
  ({ dir, baseCommit } = fixtureRepo('diff-pr'));
});

describe('diff-pr fixture: baseline + changed scenarios', () => {
  it('markdown golden; policy breaches → exit 1 with the reasons on stderr', async () => {
    const r = runCli(['diff', '--base', 'baseline.json', '-f', 'markdown'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'aifinops: policy failed: 3 breaches:\n' +
        '  - "Support assistant" (scenarios/support.yaml) grew +76.7% ($438.23 → $774.33), over the 25% limit\n' +
        '  - the total of all scenarios in USD grew +226.8% ($758.43 → $2,478.53), over the 25% limit\n' +
        '  - "Support assistant" (scenarios/support.yaml) goes over its budget: monthly cost $774.33 = 129.1% of $600.00\n',
    );
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('<!-- aifinops:tag=default -->');
    expect(lines[1]).toMatch(/^\*\*💰 AI cost: \$758\.43 → \$2,478\.53 a month \(\+\$1,720\.10, \+226\.8%\)\*\* · 4 scenarios: 1 up, 1 added, 1 removed, 1 unchanged/);
    await expect(stable(r.stdout)).toMatchFileSnapshot('../fixtures/diff-pr/expected.md');
  });

  it('table and json goldens', async () => {
    const t = runCli(['diff', '--base', 'baseline.json'], { cwd: dir });
    expect(t.code).toBe(1);
    await expect(stable(t.stdout)).toMatchFileSnapshot('../fixtures/diff-pr/expected.txt');
    const j = runCli(['diff', '--base', 'baseline.json', '-f', 'json'], { cwd: dir });
    expect(j.code).toBe(1);
    await expect(stable(j.stdout)).toMatchFileSnapshot('../fixtures/diff-pr/expected.json');
    const d = JSON.parse(j.stdout);
    expect(d.scenarios.map((s: { file: string; status: string }) => `${s.status} ${s.file}`)).toEqual([
      'changed scenarios/support.yaml',
      'added scenarios/agent.yaml',
      'removed scenarios/legacy.yaml',
      'unchanged scenarios/search.yaml',
    ]);
  });

  it('the git ref path gives the same comment as the baseline report, and leaves the working tree alone', () => {
    const status = git(dir, 'status', '--porcelain=v1', '-uall');
    const viaJson = runCli(['diff', '--base', 'baseline.json', '-f', 'markdown'], { cwd: dir });
    const viaGit = runCli(['diff', '--base', 'HEAD', '-f', 'markdown'], { cwd: dir });
    expect(viaGit.code).toBe(1);
    expect(viaGit.stdout.replace(`vs \`HEAD (${baseCommit.slice(0, 7)})\``, 'vs `baseline.json`')).toBe(viaJson.stdout);
    expect(git(dir, 'status', '--porcelain=v1', '-uall')).toBe(status);
    const j = JSON.parse(runCli(['diff', '--base', 'HEAD', '-f', 'json'], { cwd: dir }).stdout);
    expect(j.base).toEqual({ kind: 'git', label: 'HEAD', commit: baseCommit, tool_version: null, priced_as_of: '2026-11-23' });
    expect(j.head).toEqual({ kind: 'working-tree', label: 'working tree', commit: null, tool_version: null, priced_as_of: '2026-11-23' });
  });

  it('-o writes the report atomically even when a policy then fails', () => {
    const out = join(dir, 'diff.json');
    const r = runCli(['diff', '--base', 'HEAD', '-f', 'json', '-o', out], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).policy.passed).toBe(false);
    rmSync(out);
  });

  it('exit 0 when nothing breaches: flags replace the project thresholds, budgets can be switched off', () => {
    const r = runCli(['diff', '--base', 'baseline.json', '--fail-on-increase', '5000', '--no-fail-on-budget'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Policies pass: an increase over $5,000.00 (per scenario and in total) [--fail-on-increase]');
    expect(runCli(['diff', '--base', 'baseline.json', '--no-project', '--no-fail-on-budget'], { cwd: dir, env: {} }).code).toBe(2); // no files, no project
    expect(runCli(['diff', 'scenarios/search.yaml', '--base', 'baseline.json', '--no-project', '--no-fail-on-budget', '-f', 'json'], { cwd: dir }).code).toBe(0);
  });

  it('one report against another (report → report)', () => {
    const head = join(dir, 'head.json');
    expect(runCli(['estimate', 'scenarios/agent.yaml', 'scenarios/search.yaml', 'scenarios/support.yaml', '-f', 'json', '-o', head], { cwd: dir }).code).toBe(0);
    const viaReports = runCli(['diff', '--base', 'baseline.json', 'head.json', '-f', 'markdown', '--no-project', '--no-fail-on-budget', '--fail-on-increase', '25%'], { cwd: dir });
    const viaFiles = runCli(['diff', '--base', 'baseline.json', '-f', 'markdown', '--no-fail-on-budget'], { cwd: dir });
    expect(viaReports.code).toBe(1);
    // same numbers; only the tag budget table (project file) differs
    expect(viaReports.stdout.replace(/\| Tag budget[\s\S]*?\n\n/, '')).toBe(viaFiles.stdout.replace(/\| Tag budget[\s\S]*?\n\n/, ''));
    expect(runCli(['diff', '--base', 'HEAD', 'head.json'], { cwd: dir }).stderr).toMatch(/comparing reports needs a baseline report/);
    rmSync(head);
  });
});

describe('git refs', () => {
  it('commit, change, commit, diff against HEAD~1; --head compares two commits', () => {
    const { dir: d } = fixtureRepo('diff-pr');
    const second = commitAll(d, 'head');
    const prev = runCli(['diff', '--base', 'HEAD~1', '-f', 'json', '--no-project', 'scenarios/support.yaml', 'scenarios/legacy.yaml', 'scenarios/agent.yaml'], { cwd: d });
    expect(prev.stderr).toMatch(/goes over its budget: monthly cost \$774\.33 = 129\.1% of \$600\.00/);
    const j = JSON.parse(prev.stdout);
    expect(j.scenarios.map((s: { status: string; file: string }) => `${s.status} ${s.file}`)).toEqual(['changed scenarios/support.yaml', 'added scenarios/agent.yaml', 'removed scenarios/legacy.yaml']);
    // the working tree changes after the commit; --head reads the commit instead
    writeFileSync(join(d, 'scenarios', 'support.yaml'), readFileSync(join(d, 'scenarios', 'support.yaml'), 'utf8').replace('requests_per_day: 1200', 'requests_per_day: 2400'));
    const twoRefs = JSON.parse(runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '-f', 'json', '--no-project', '--no-fail-on-budget', 'scenarios/support.yaml', 'scenarios/legacy.yaml', 'scenarios/agent.yaml'], { cwd: d }).stdout);
    expect(twoRefs.head).toEqual({ kind: 'git', label: 'HEAD', commit: second, tool_version: null, priced_as_of: '2026-11-23' });
    expect(twoRefs.scenarios.map((s: { status: string; after: number | null }) => [s.status, s.after && Math.round(s.after * 100) / 100])).toEqual(j.scenarios.map((s: { status: string; after: number | null }) => [s.status, s.after && Math.round(s.after * 100) / 100]));
    const tree = JSON.parse(runCli(['diff', '--base', 'HEAD', '-f', 'json', '--no-fail-on-budget', 'scenarios/support.yaml'], { cwd: d }).stdout);
    expect(tree.scenarios[0].requests_after).toBeCloseTo(2 * tree.scenarios[0].requests_before, 6);
  });
});

describe('--set and --variant apply to both sides', () => {
  it('the same what-if on base and head', () => {
    const d = tmp();
    writeFileSync(join(d, 'acme.yaml'), readFileSync(ACME, 'utf8'));
    const scenario = (out: number) =>
      `version: 1\nname: V\npricing: [acme.yaml]\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - { name: a, model: acme-large, input: { user: 1000 }, output: ${out} }\nvariants:\n  cheap: { pipeline.a.model: acme-small }\n`;
    writeFileSync(join(d, 's.yaml'), scenario(100));
    initRepo(d);
    commitAll(d, 'base');
    writeFileSync(join(d, 's.yaml'), scenario(200));
    const j = (args: string[]) => JSON.parse(runCli(['diff', 's.yaml', '--base', 'HEAD', '-f', 'json', ...args], { cwd: d }).stdout).scenarios[0];
    // acme-large: 100K more output tokens × $40/M = $4; on acme-small × $4/M = $0.40
    expect(j([]).change).toBeCloseTo(4, 9);
    expect(j(['--variant', 'cheap'])).toMatchObject({ variant: 'cheap', before: expect.closeTo(1.4, 9), change: expect.closeTo(0.4, 9) });
    expect(j(['--set', 'traffic.requests_per_month=2000']).change).toBeCloseTo(8, 9);
  });
});

describe('prompt files through git', () => {
  it('a longer prompt file and a new file matched by a glob show as input usage, read at the base through git', () => {
    const d = tmp();
    mkdirSync(join(d, 'prompts', 'tools'), { recursive: true });
    writeFileSync(join(d, 'acme.yaml'), readFileSync(ACME, 'utf8'));
    writeFileSync(join(d, 'prompts', 'system.md'), 'You are a helpful support assistant.\n');
    writeFileSync(join(d, 'prompts', 'tools', 'lookup.json'), '{"name":"lookup","description":"Find an order by id"}\n');
    writeFileSync(
      join(d, 's.yaml'),
      'version: 1\nname: Prompted\npricing: [acme.yaml]\ntraffic: { requests_per_month: 100000 }\npipeline:\n  - name: answer\n    model: acme-large\n    input: { system: { file: prompts/system.md }, tools: { files: [prompts/tools/*.json] }, user: 50 }\n    output: 100\n',
    );
    initRepo(d);
    commitAll(d, 'base');
    const before = JSON.parse(runCli(['estimate', 's.yaml', '-f', 'json'], { cwd: d }).stdout).scenarios[0].total_monthly_cost;
    writeFileSync(join(d, 'prompts', 'system.md'), 'You are a helpful support assistant. '.repeat(40) + '\n');
    writeFileSync(join(d, 'prompts', 'tools', 'refund.json'), '{"name":"refund","description":"Refund an order, with the amount and the reason"}\n');
    const after = JSON.parse(runCli(['estimate', 's.yaml', '-f', 'json'], { cwd: d }).stdout).scenarios[0].total_monthly_cost;
    const r = runCli(['diff', 's.yaml', '--base', 'HEAD', '-f', 'json'], { cwd: d });
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout).scenarios[0];
    expect(s.before).toBeCloseTo(before, 9);
    expect(s.after).toBeCloseTo(after, 9);
    expect(after).toBeGreaterThan(before);
    expect(s.price_effect).toBeCloseTo(0, 9);
    expect(s.usage_effect).toBeCloseTo(after - before, 9);
    expect(s.drivers.map((x: { token_kind: string }) => x.token_kind)).toEqual(['input']);
    // a prompt file missing at the base (committed scenario, uncommitted prompt) is an error naming the ref, not a zero
    writeFileSync(join(d, 's.yaml'), readFileSync(join(d, 's.yaml'), 'utf8').replace('prompts/system.md', 'prompts/new-system.md'));
    writeFileSync(join(d, 'prompts', 'new-system.md'), 'Hi.\n');
    git(d, 'add', 's.yaml');
    git(d, 'commit', '-q', '-m', 'scenario without its prompt');
    const missing = runCli(['diff', 's.yaml', '--base', 'HEAD', '-f', 'json'], { cwd: d });
    expect(missing.code).toBe(2);
    // the ref is named once, in the location (issue 13: not "(at HEAD) … not found at HEAD")
    expect(missing.stderr).toMatch(/s\.yaml \(at HEAD\):\d+:\d+: .*prompt file not found: prompts\/new-system\.md/);
    expect(missing.stderr.match(/HEAD/g)).toHaveLength(1);
  });
});

describe('exit code 2: bad input, never a silent skip', () => {
  const err = (args: string[], cwd = dir) => {
    const r = runCli(args, { cwd });
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/internal error|at .*\.cjs:\d+/);
    return r;
  };

  it('a baseline with another schema_version', () => {
    const f = join(dir, 'v2.json');
    writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')), schema_version: 2 }));
    const r = err(['diff', '--base', 'v2.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/v2\.json: schema_version: was written with report schema_version 2/);
    rmSync(f);
  });

  it('a baseline in another currency', () => {
    const f = join(dir, 'eur.json');
    const b = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    for (const s of b.scenarios) s.currency = 'EUR';
    writeFileSync(f, JSON.stringify(b));
    const r = err(['diff', '--base', 'eur.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenarios\/support\.yaml: currency: "Support assistant" is in USD but the base \(eur\.json\) has it in EUR.*regenerate the baseline/);
    rmSync(f);
  });

  it('an unknown git ref, a missing baseline, a bad threshold, a missing --base', () => {
    expect(err(['diff', '--base', 'origin/nope']).stderr).toMatch(/"origin\/nope" is neither a JSON file nor a commit/);
    expect(err(['diff', '--base', 'missing.json']).stderr).toMatch(/missing\.json: --base: baseline report not found/);
    expect(err(['diff', '--base', 'HEAD', '--fail-on-increase', 'lots']).stderr).toMatch(/--fail-on-increase: expected a percent like 10%/);
    const r = err(['diff']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '-b, --base/);
  });

  it('a scenario that fails to evaluate in the working tree or at the base', () => {
    const { dir: d } = fixtureRepo('diff-pr');
    const good = readFileSync(join(d, 'scenarios', 'support.yaml'), 'utf8');
    writeFileSync(join(d, 'scenarios', 'support.yaml'), good.replace('acme-small: 0.7', 'acme-smal: 0.7'));
    const head = err(['diff', '--base', 'HEAD'], d);
    expect(head.code).toBe(2);
    expect(head.stderr).toMatch(/scenarios\/support\.yaml:8:\d+: pipeline\.answer\.models\.acme-smal: .*did you mean "acme-small"/);
    commitAll(d, 'broken');
    writeFileSync(join(d, 'scenarios', 'support.yaml'), good);
    const base = err(['diff', '--base', 'HEAD'], d);
    expect(base.code).toBe(2);
    expect(base.stderr).toMatch(/scenarios\/support\.yaml \(at HEAD\):8:\d+: pipeline\.answer\.models\.acme-smal/);
  });

  it('a listed file that exists neither now nor at the base; JSON mixed with YAML', () => {
    expect(err(['diff', 'scenarios/nope.yaml', '--base', 'HEAD']).stderr).toMatch(/scenarios\/nope\.yaml: not found in the working tree nor at HEAD/);
    // a git head is "at" its ref, and one ref on both sides is named once (issue 13)
    expect(err(['diff', 'scenarios/nope.yaml', '--base', 'HEAD', '--head', 'HEAD']).stderr).toMatch(/scenarios\/nope\.yaml: not found at HEAD — /);
    expect(err(['diff', 'scenarios/nope.yaml', '--base', 'baseline.json', '--head', 'HEAD']).stderr).toMatch(/scenarios\/nope\.yaml: not found at HEAD — /);
    expect(err(['diff', 'scenarios/search.yaml', 'baseline.json', '--base', 'baseline.json']).stderr).toMatch(/mix of JSON reports and scenario files/);
  });

  it('outside a git repository a non-file --base says so', () => {
    const r = runCli(['diff', 'x.yaml', '--base', 'main'], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git repository/);
  });

  it('the project file is validated too', () => {
    const { dir: d } = fixtureRepo('diff-pr');
    writeFileSync(join(d, 'aifinops.yaml'), 'version: 1\nscenarios: ["scenarios/*.yaml"]\nbudget: {}\n');
    const r = err(['diff', '--base', 'HEAD'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/aifinops\.yaml:3:1: budget: unknown key "budget" — did you mean "budgets"\?/);
    expect(existsSync(join(d, 'aifinops.yaml'))).toBe(true);
  });
});

describe('--fail-on-budget: a diff with no change does not fail on budgets that were already over', () => {
  it('the bundled scenarios (some already over budget) against their own baseline: exit 0 with warnings; always → exit 1; never → no warning', () => {
    const d = tmp();
    const base = join(d, 'base.json');
    const files = ['scenarios/support-unoptimised.yaml', 'scenarios/rag-support-assistant.yaml'];
    expect(runCli(['estimate', ...files, '-f', 'json', '-o', base]).code).toBe(0);
    const before = JSON.parse(readFileSync(base, 'utf8'));
    // support-unoptimised costs $36,650.96 against a $30,000.00 budget (README): over before the change
    expect(before.scenarios[0].budget.status).toBe('over');

    const text = runCli(['diff', ...files, '--base', base, '--no-project']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('⚠ "Support bot (unoptimised)" (scenarios/support-unoptimised.yaml) was already over its budget before this change and is not raised by it: monthly cost $36,650.96 = 122.2% of $30,000.00');
    const md = runCli(['diff', ...files, '--base', base, '--no-project', '-f', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('**⚠️ Already over budget before this change**');
    expect(md.stdout).toContain('- "Support bot (unoptimised)" (scenarios/support-unoptimised.yaml) was already over its budget');
    const json = JSON.parse(runCli(['diff', ...files, '--base', base, '--no-project', '-f', 'json']).stdout);
    expect(json.policy).toMatchObject({ passed: true, breaches: [], warnings: [expect.stringContaining('support-unoptimised.yaml')] });

    const always = runCli(['diff', ...files, '--base', base, '--no-project', '--fail-on-budget', 'always']);
    expect(always.code).toBe(1);
    expect(always.stderr).toBe('aifinops: policy failed: "Support bot (unoptimised)" (scenarios/support-unoptimised.yaml) is over its budget: monthly cost $36,650.96 = 122.2% of $30,000.00 (it was already over before this change)\n');
    for (const off of [['--fail-on-budget', 'never'], ['--no-fail-on-budget']]) {
      const r = runCli(['diff', ...files, '--base', base, '--no-project', ...off, '-f', 'json']);
      expect(r.code, off.join(' ')).toBe(0);
      expect(JSON.parse(r.stdout).policy.warnings).toEqual([]);
    }
    expect(runCli(['diff', ...files, '--base', base, '--fail-on-budget', 'sometimes']).code).toBe(2);
  });

  it('a change that raises the cost of a scenario already over its budget fails by default', () => {
    const d = tmp();
    writeFileSync(join(d, 'acme.yaml'), readFileSync(ACME, 'utf8'));
    const scenario = (out: number) =>
      `version: 1\nname: V\npricing: [acme.yaml]\nbudget: { monthly: 1 }\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - { name: a, model: acme-large, input: { user: 1000 }, output: ${out} }\n`;
    writeFileSync(join(d, 's.yaml'), scenario(100));
    expect(runCli(['estimate', 's.yaml', '-f', 'json', '-o', 'base.json'], { cwd: d }).code).toBe(0);
    expect(runCli(['diff', 's.yaml', '--base', 'base.json'], { cwd: d }).code).toBe(0); // over, unchanged
    writeFileSync(join(d, 's.yaml'), scenario(99));
    expect(runCli(['diff', 's.yaml', '--base', 'base.json'], { cwd: d }).code).toBe(0); // over, cheaper
    writeFileSync(join(d, 's.yaml'), scenario(101));
    const r = runCli(['diff', 's.yaml', '--base', 'base.json'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was already over its budget and this change raises it: monthly cost \$\S+ → monthly cost \$\S+ = \S+% of \$1\.00/);
  });
});

describe("diff reads every report estimate writes", () => {
  it('a fractional agent loop whose whole input is the cached prefix: its baseline has input tokens 0, and diff takes it (it refused tokens.input −9.1e-10)', () => {
    const d = tmp();
    writeFileSync(join(d, 's.yaml'), 'version: 1\nname: n\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - name: s\n    model: claude-sonnet-4-6\n    agent_steps: 2.7\n    input: { system: 3000 }\n    cache: { hit_rate: 0.8 }\n');
    const b = runCli(['estimate', 's.yaml', '-f', 'json', '-o', 'base.json', '--as-of', '2026-12-07'], { cwd: d });
    expect(b.code, b.stderr).toBe(0);
    const base = JSON.parse(readFileSync(join(d, 'base.json'), 'utf8'));
    expect(base.scenarios[0].stages[0].models[0].tokens.input).toBe(0);
    const r = runCli(['diff', 's.yaml', '--base', 'base.json', '--as-of', '2026-12-07'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Unchanged (1): n');
  });
});
