/**
 * The CI files people copy: action.yml's steps and the GitLab snippet are run for real (bash, the
 * built CLI, a fake GitHub/GitLab API on loopback); the workflow example must use real inputs.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT } from '../helpers/cli.js';
import { FakeApi } from './fake-api.js';
import { fixtureRepo, git, tmp } from './helpers.js';

const api = new FakeApi();
beforeAll(() => api.start());
afterAll(() => api.stop());

interface Step {
  name: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
  with?: Record<string, string>;
}

function bash(script: string, cwd: string, env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const outputs = (file: string) => Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('=', 2) as [string, string]));

describe('action.yml', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };
  const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;

  it('is a composite action whose steps diff, comment and gate', async () => {
    expect(action.runs.using).toBe('composite');
    const { dir, baseCommit } = fixtureRepo('diff-pr');
    const temp = tmp();
    const gh = { GITHUB_OUTPUT: join(temp, 'out'), GITHUB_STEP_SUMMARY: join(temp, 'summary.md'), RUNNER_TEMP: temp, GITHUB_REPOSITORY: 'acme/app', AIFINOPS_BIN: BIN };
    writeFileSync(gh.GITHUB_OUTPUT, '');
    writeFileSync(gh.GITHUB_STEP_SUMMARY, '');

    const diff = await bash(step('Compare with the base').run!, dir, { ...gh, BASE: baseCommit, SCENARIOS: '', FAIL_ON_INCREASE: '25% 5000', FAIL_ON_BUDGET: String(action.inputs['fail-on-budget'] && (action.inputs['fail-on-budget'] as { default: string }).default), EXTRA_ARGS: '', PR: '7' });
    expect(diff.code).toBe(0); // the policy verdict waits for the last step
    expect(diff.stderr).toMatch(/policy failed: 3 breaches/);
    const out = outputs(gh.GITHUB_OUTPUT);
    expect(out['exit-code']).toBe('1');
    expect(JSON.parse(readFileSync(out.report!, 'utf8')).policy.passed).toBe(false);
    expect(readFileSync(gh.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/^<!-- aifinops:tag=default seq=/);

    api.reset();
    const comment = await bash(step('Comment on the pull request').run!, dir, {
      ...gh,
      GITHUB_API_URL: api.url,
      GITHUB_TOKEN: api.token,
      GITHUB_RUN_ID: '4242',
      BEHAVIOR: 'update',
      TAG: 'default',
      ONLY_ON_CHANGE: 'false',
      REPORT: out.report,
      PR: '7',
    });
    expect(comment.code).toBe(0);
    expect(comment.stdout).toMatch(/^posted comment 1000 on acme\/app#7/);
    expect(api.comments[0]!.body.split('\n')[0]).toBe('<!-- aifinops:tag=default seq=github-run:4242 -->');

    // a read-only token (forks) only warns
    const forked = await bash(step('Comment on the pull request').run!, dir, { ...gh, GITHUB_API_URL: api.url, GITHUB_TOKEN: 'read-only', BEHAVIOR: 'update', TAG: 'default', ONLY_ON_CHANGE: 'false', REPORT: out.report, PR: '7' });
    expect(forked.code).toBe(0);
    expect(forked.stdout).toMatch(/::warning::aifinops could not comment/);

    expect((await bash(step('Apply the policy').run!, dir, { CODE: '1' })).code).toBe(1);
    expect((await bash(step('Apply the policy').run!, dir, { CODE: '0' })).code).toBe(0);

    // bad input stops at the diff step with exit 2
    const bad = await bash(step('Compare with the base').run!, dir, { ...gh, BASE: 'no-such-ref', SCENARIOS: '', FAIL_ON_INCREASE: '', FAIL_ON_BUDGET: 'true', EXTRA_ARGS: '', PR: '7' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"no-such-ref" is neither a JSON file nor a commit in this repository/);
    const bad2 = await bash(step('Compare with the base').run!, dir, { ...gh, BASE: baseCommit, SCENARIOS: 'scenarios/nope.yaml', FAIL_ON_INCREASE: '', FAIL_ON_BUDGET: 'true', EXTRA_ARGS: '', PR: '7' });
    expect(bad2.code).toBe(2);
  });

  it('fail-on-budget: change by default; true/false/always/never map to the flag; anything else is exit 2', async () => {
    expect((action.inputs['fail-on-budget'] as { default: string }).default).toBe('change');
    const { dir, baseCommit } = fixtureRepo('diff-pr');
    const temp = tmp();
    const run = async (v: string) => {
      const out = join(temp, `out-${v || 'empty'}`);
      writeFileSync(out, '');
      // no increase threshold: only the budget rule (support.yaml goes over its budget) can fail
      const r = await bash(step('Compare with the base').run!, dir, { GITHUB_OUTPUT: out, RUNNER_TEMP: temp, AIFINOPS_BIN: BIN, BASE: baseCommit, SCENARIOS: 'scenarios/support.yaml', FAIL_ON_INCREASE: '', FAIL_ON_BUDGET: v, EXTRA_ARGS: '--no-project', PR: '' });
      return { code: r.code, exit: readFileSync(out, 'utf8').match(/exit-code=(\d+)/)?.[1] };
    };
    for (const v of ['change', 'true', '', 'always']) expect(await run(v), v).toEqual({ code: 0, exit: '1' });
    for (const v of ['never', 'false']) expect(await run(v), v).toEqual({ code: 0, exit: '0' });
    expect((await run('sometimes')).code).toBe(2);
  });

  it('runs from its own checkout: no npm release, no release tag, the bin under the action path', () => {
    const install = step('Install aifinops');
    expect(install.env?.ACTION_PATH).toBe('${{ github.action_path }}');
    expect(install.run).toMatch(/cd "\$ACTION_PATH" && npm ci/);
    expect(install.run).toContain('AIFINOPS_BIN=$ACTION_PATH/bin/aifinops.js');
    expect((action.inputs.version as { default: string }).default).toBe(''); // the checkout unless a version is asked for
    // every later step runs that bin
    for (const s of action.runs.steps.slice(1)) if (s.run?.includes('aifinops')) expect(s.run, s.name).not.toMatch(/(^|\s)aifinops\s/m);
    // nothing refers to a version or tag that was never published
    for (const f of ['action.yml', 'docs/ci.md', 'examples/ci/github-actions.yml', 'examples/ci/gitlab-ci.yml', 'README.md']) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      expect(text, f).not.toMatch(/aifinops@v?\d+\.\d+\.\d+/);
      expect(text, f).not.toMatch(/AIFINOPS_VERSION: "\d/);
    }
  });

  it('its install step works in a fresh clone of this repository (npm ci, then the bin runs)', async () => {
    const clone = join(tmp(), 'action');
    git(ROOT, 'clone', '--quiet', '--no-hardlinks', ROOT, clone);
    const envFile = join(tmp(), 'env');
    writeFileSync(envFile, '');
    const r = await bash(step('Install aifinops').run!, ROOT, { GITHUB_ENV: envFile, AIFINOPS_VERSION: '', ACTION_PATH: clone, npm_config_prefer_offline: 'true', npm_config_cache: process.env.npm_config_cache });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe(`AIFINOPS_BIN=${clone}/bin/aifinops.js\n`);
    expect(existsSync(join(clone, 'dist', 'cli.cjs'))).toBe(true);
    const v = await bash(`node "${clone}/bin/aifinops.js" estimate scenarios/rag-support-assistant.yaml -f json`, clone, {});
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).scenarios[0].total_monthly_cost).toBeCloseTo(7919.66, 2); // the README's figure
  }, 300_000);

  it('the workflow example uses the action with inputs it declares', () => {
    const wf = parse(readFileSync(join(ROOT, 'examples/ci/github-actions.yml'), 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
    expect(wf.permissions['pull-requests']).toBe('write');
    const use = Object.values(wf.jobs)[0]!.steps.find((s) => s.uses?.includes('aifinops'))!;
    for (const k of Object.keys(use.with ?? {})) expect(Object.keys(action.inputs)).toContain(k);
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  it('its script diffs against the merge base, posts a note and fails on a policy breach', async () => {
    const job = (parse(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<string, { script: string[]; before_script: string[] }>)['aifinops-cost-diff']!;
    const before = job.before_script.join('\n');
    expect(before).toMatch(/git clone --quiet "\$AIFINOPS_REPO" "\$AIFINOPS_DIR"/); // works without an npm release
    expect(before).toMatch(/checkout --quiet --detach "\$AIFINOPS_REF"/);
    expect(before).toMatch(/npm ci/);
    const { dir, baseCommit } = fixtureRepo('diff-pr');
    const shim = join(tmp(), 'bin');
    mkdirSync(shim);
    writeFileSync(join(shim, 'aifinops'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(shim, 'aifinops'), 0o755);
    api.reset();
    const r = await bash(job.script.join('\n'), dir, {
      PATH: `${shim}:${process.env.PATH}`,
      CI_MERGE_REQUEST_DIFF_BASE_SHA: baseCommit,
      CI_API_V4_URL: `${api.url}/api/v4`,
      CI_PROJECT_ID: 'group/app',
      CI_MERGE_REQUEST_IID: '5',
      CI_PIPELINE_ID: '31',
      GITLAB_TOKEN: api.token,
    });
    expect(r.stdout).toMatch(/^posted comment 1000 on group\/app!5/m);
    expect(r.code).toBe(1);
    expect(api.comments[0]!.body.split('\n')[0]).toBe('<!-- aifinops:tag=default seq=gitlab-pipeline:31 -->');
    expect(r.stdout + r.stderr).not.toContain(api.token);
  });
});

describe('examples/ci/gitlab-ci.yml without an npm release', () => {
  it('before_script clones aifinops at a pinned commit and installs it; the script then runs that aifinops', async () => {
    const job = (parse(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<string, { script: string[]; before_script: string[] }>)['aifinops-cost-diff']!;
    const head = git(ROOT, 'rev-parse', 'HEAD').trim();
    const installDir = join(tmp(), 'aifinops');
    const vars = { AIFINOPS_REPO: ROOT, AIFINOPS_REF: head, AIFINOPS_VERSION: '', AIFINOPS_DIR: installDir };
    const before = await bash(job.before_script.join('\n'), tmp(), { ...vars, npm_config_prefer_offline: 'true' });
    expect(before.code, before.stderr).toBe(0);
    expect(git(installDir, 'rev-parse', 'HEAD').trim()).toBe(head);
    const { dir, baseCommit } = fixtureRepo('diff-pr');
    api.reset();
    const r = await bash(job.script.join('\n'), dir, {
      ...vars,
      CI_MERGE_REQUEST_DIFF_BASE_SHA: baseCommit,
      CI_API_V4_URL: `${api.url}/api/v4`,
      CI_PROJECT_ID: 'group/app',
      CI_MERGE_REQUEST_IID: '5',
      CI_PIPELINE_ID: '31',
      GITLAB_TOKEN: api.token,
    });
    expect(r.stdout).toMatch(/^posted comment 1000 on group\/app!5/m);
    expect(r.code).toBe(1); // the fixture's pull request breaches its thresholds
  }, 300_000);
});
