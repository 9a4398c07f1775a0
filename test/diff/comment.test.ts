/** `aifinops comment github|gitlab` against a fake API on loopback: every behaviour users rely on. */
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FakeApi } from './fake-api.js';
import { fixtureRepo, runCliAsync, tmp } from './helpers.js';

const api = new FakeApi();
let changed: string; // a diff report where costs moved
let still: string; // a diff report where nothing moved
let dir: string;

/** The CI variables a real runner might have are cleared, so only what a test sets counts. */
const CLEAN = {
  GITHUB_TOKEN: undefined, GH_TOKEN: undefined, GITHUB_REPOSITORY: undefined, GITHUB_RUN_ID: undefined, GITHUB_EVENT_PATH: undefined, GITHUB_REF: undefined, GITHUB_API_URL: undefined,
  GITLAB_TOKEN: undefined, CI_PROJECT_ID: undefined, CI_MERGE_REQUEST_IID: undefined, CI_PIPELINE_ID: undefined, CI_API_V4_URL: undefined, GITLAB_API_URL: undefined, CI_PROJECT_URL: undefined,
};

function gh(args: string[], env: Record<string, string | undefined> = {}) {
  return runCliAsync(['comment', 'github', ...args], {
    cwd: dir,
    env: { ...CLEAN, GITHUB_API_URL: api.url, GITHUB_TOKEN: api.token, GITHUB_REPOSITORY: 'acme/app', AIFINOPS_RETRY_BASE_MS: '1', ...env },
  });
}

function gl(args: string[], env: Record<string, string | undefined> = {}) {
  return runCliAsync(['comment', 'gitlab', ...args], {
    cwd: dir,
    env: { ...CLEAN, CI_API_V4_URL: `${api.url}/api/v4`, GITLAB_TOKEN: api.token, CI_PROJECT_ID: 'group/app', CI_MERGE_REQUEST_IID: '5', AIFINOPS_RETRY_BASE_MS: '1', ...env },
  });
}

/** Nothing the tool prints may contain the token. */
function noToken(r: { stdout: string; stderr: string }) {
  expect(r.stdout).not.toContain(api.token);
  expect(r.stderr).not.toContain(api.token);
}

beforeAll(async () => {
  await api.start();
  ({ dir } = fixtureRepo('diff-pr'));
  changed = join(dir, 'diff.json');
  still = join(dir, 'still.json');
  expect(runCli(['diff', '--base', 'baseline.json', '-f', 'json', '-o', changed], { cwd: dir }).code).toBe(1);
  expect(runCli(['diff', '--base', 'baseline.json', 'baseline.json', '-f', 'json', '-o', still, '--no-project'], { cwd: dir }).code).toBe(0);
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => api.reset());

describe('comment github', () => {
  it('update (default): posts when there is no comment, then skips an unchanged body, then edits ours in place', async () => {
    api.add('a human comment');
    api.add('<!-- aifinops:tag=other -->\nanother report');
    const first = await gh(['--report', changed, '--pr', '7'], { GITHUB_RUN_ID: '100' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^posted comment 1002 on acme\/app#7 \(https:\/\/github\.example\/acme\/app\/pull\/7#issuecomment-1002\)\n$/);
    expect(api.comments).toHaveLength(3);
    const mine = api.comments[2]!;
    expect(mine.body.split('\n')[0]).toBe('<!-- aifinops:tag=default seq=github-run:100 -->');
    expect(mine.body).toContain('**💰 AI cost: $758.43 → $2,478.53 a month');
    expect(api.requests.every((r) => r.auth === `Bearer ${api.token}`)).toBe(true);

    api.requests = [];
    const again = await gh(['--report', changed, '--pr', '7'], { GITHUB_RUN_ID: '101' });
    expect(again.stdout).toBe('comment 1002 on acme/app#7 is already up to date\n');
    expect(api.writes()).toEqual([]);

    const edited = await gh(['--report', still, '--pr', '7'], { GITHUB_RUN_ID: '102' });
    expect(edited.stdout).toBe('comment 1002 on acme/app#7 updated\n');
    expect(api.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /repos/acme/app/issues/comments/1002']);
    expect(api.comments.map((c) => c.body.split('\n')[0])).toEqual(['a human comment', '<!-- aifinops:tag=other -->', '<!-- aifinops:tag=default seq=github-run:102 -->']);
    noToken(edited);
  });

  it('never overwrites a newer run\'s comment with an older run\'s', async () => {
    api.add('<!-- aifinops:tag=default seq=github-run:200 -->\nfrom run 200');
    const older = await gh(['--report', changed, '--pr', '7', '--behavior', 'delete-and-new'], { GITHUB_RUN_ID: '150' });
    expect(older.code).toBe(0);
    expect(older.stdout).toMatch(/a newer run \(github-run 200\) already commented on acme\/app#7 \(comment 1000\); this run \(github-run 150\) leaves it alone/);
    expect(api.writes()).toEqual([]);
    const newer = await gh(['--report', changed, '--pr', '7'], { GITHUB_RUN_ID: '250' });
    expect(newer.stdout).toMatch(/updated/);
    expect(api.comments[0]!.body).toMatch(/^<!-- aifinops:tag=default seq=github-run:250 -->/);
    // an explicit --sequence is its own source: no order against run ids, so it updates
    const seq = await gh(['--report', still, '--pr', '7', '--sequence', '5']);
    expect(seq.stdout).toMatch(/updated/);
  });

  it('new always posts; delete-and-new deletes ours (this tag only) and posts', async () => {
    api.add('<!-- aifinops:tag=default seq=github-run:1 -->\nold 1');
    api.add('someone else');
    api.add('<!-- aifinops:tag=default seq=github-run:2 -->\nold 2');
    api.add('<!-- aifinops:tag=staging -->\nother tag');
    await gh(['--report', changed, '--pr', '7', '--behavior', 'new'], { GITHUB_RUN_ID: '3' });
    expect(api.comments).toHaveLength(5);
    api.requests = [];
    const r = await gh(['--report', changed, '--pr', '7', '--behavior', 'delete-and-new'], { GITHUB_RUN_ID: '4' });
    expect(r.stdout).toMatch(/^posted comment 1005 on acme\/app#7 .*; deleted 1000, 1002, 1004\n$/);
    expect(api.writes().map((x) => x.method)).toEqual(['DELETE', 'DELETE', 'DELETE', 'POST']);
    expect(api.comments.map((c) => c.body.split('\n')[0])).toEqual(['someone else', '<!-- aifinops:tag=staging -->', '<!-- aifinops:tag=default seq=github-run:4 -->']);
  });

  it('--tag keeps several reports apart on one pull request', async () => {
    await gh(['--report', changed, '--pr', '7', '--tag', 'prod']);
    await gh(['--report', still, '--pr', '7', '--tag', 'staging']);
    await gh(['--report', changed, '--pr', '7', '--tag', 'prod']);
    expect(api.comments.map((c) => /tag=(\S+)/.exec(c.body)![1])).toEqual(['prod', 'staging']);
    const bad = await gh(['--report', changed, '--pr', '7', '--tag', 'a b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tag: "a b" is not a valid tag/);
  });

  it('--dry-run reads and plans, writes nothing, prints the body', async () => {
    api.add('<!-- aifinops:tag=default -->\nstale');
    const r = await gh(['--report', changed, '--pr', '7', '--dry-run'], { GITHUB_RUN_ID: '9' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('aifinops: dry run: comment 1000 on acme/app#7 would be updated\n');
    expect(r.stdout.split('\n')[0]).toBe('<!-- aifinops:tag=default seq=github-run:9 -->');
    expect(api.writes()).toEqual([]);
    const json = JSON.parse((await gh(['--report', changed, '--pr', '7', '--dry-run', '-f', 'json', '--behavior', 'delete-and-new'])).stdout);
    expect(json).toMatchObject({ action: 'created', dry_run: true, deleted: ['1000'], target: 'acme/app#7' });
    expect(api.writes()).toEqual([]);
    // no token: nothing can be read; the body still comes out
    const blind = await gh(['--report', changed, '--pr', '7', '--dry-run'], { GITHUB_TOKEN: undefined });
    expect(blind.code).toBe(0);
    expect(blind.stderr).toMatch(/no token in GITHUB_TOKEN: cannot look for an existing comment/);
    expect(blind.stdout).toMatch(/^<!-- aifinops:tag=default seq=time:\d+ -->/);
  });

  it('--only-on-change: quiet when nothing moved, but an existing comment is still brought up to date', async () => {
    const quiet = await gh(['--report', still, '--pr', '7', '--only-on-change']);
    expect(quiet.stdout).toBe('no scenario cost moved (--only-on-change): nothing posted on acme/app#7\n');
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    await gh(['--report', changed, '--pr', '7', '--only-on-change']);
    expect(api.comments).toHaveLength(1);
    const r = await gh(['--report', still, '--pr', '7', '--only-on-change']);
    expect(r.stdout).toMatch(/updated/);
    expect(api.comments[0]!.body).toMatch(/3 scenarios: 3 unchanged/);
  });

  it('retries network hiccups, 5xx and rate limits with back-off, then succeeds', async () => {
    api.faults = [{ status: 502 }, { status: 429, headers: { 'retry-after': '0' } }, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }, body: { message: 'API rate limit exceeded' } }];
    const r = await gh(['--report', changed, '--pr', '7']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^posted comment/);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^aifinops: GitHub API: GET \/repos\/acme\/app\/issues\/7\/comments\?per_page=100 → 502 Bad Gateway: injected 502; retrying in [\d.]+ s \(1\/3\)$/);
    expect(lines[2]).toMatch(/403 Forbidden: API rate limit exceeded; retrying .* \(3\/3\)/);
    expect(api.comments).toHaveLength(1);
  });

  it('gives up after the retries: exit 2 with the status and what to do; the token is never printed', async () => {
    api.faults = [{ status: 503 }, { status: 503 }];
    const r = await gh(['--report', changed, '--pr', '7', '--retries', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/aifinops: error: GitHub API: GET \/repos\/acme\/app\/issues\/7\/comments\?per_page=100 → 503 Service Unavailable: injected 503 — the code host did not answer after the retries/);
    noToken(r);
    api.faults = [{ status: 403, body: { message: `Resource not accessible by integration (token ${api.token})` } }];
    const forbidden = await gh(['--report', changed, '--pr', '7']);
    expect(forbidden.code).toBe(2);
    expect(forbidden.stderr).toMatch(/403 Forbidden: Resource not accessible by integration \(token \*\*\*\) — .*permissions: pull-requests: write/);
    noToken(forbidden);
    const wrong = await gh(['--report', changed, '--pr', '7'], { GITHUB_TOKEN: 'not-the-token' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/401 Unauthorized: Bad credentials — the token in GITHUB_TOKEN is invalid or expired/);
    expect(wrong.stderr).not.toContain('not-the-token');
    const gone = await gh(['--report', changed, '--pr', '8']);
    expect(gone.stderr).toMatch(/404 Not Found: Not Found — check --repo and --pr/);
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const down = await gh(['--report', changed, '--pr', '7', '--retries', '0'], { GITHUB_API_URL: `http://127.0.0.1:${closed}` });
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/GitHub API: GET .* failed after 1 attempt: ECONNREFUSED/);
  });

  it('finds our comment on a later page (Link: rel="next")', async () => {
    api.pageSize = 2;
    for (let i = 0; i < 5; i++) api.add(`chatter ${i}`);
    api.add('<!-- aifinops:tag=default -->\nold');
    const r = await gh(['--report', changed, '--pr', '7']);
    expect(r.stdout).toBe('comment 1005 on acme/app#7 updated\n');
    expect(api.requests.filter((x) => x.method === 'GET').map((x) => x.path)).toEqual([
      '/repos/acme/app/issues/7/comments?per_page=100',
      '/repos/acme/app/issues/7/comments?per_page=100&page=2',
      '/repos/acme/app/issues/7/comments?per_page=100&page=3',
    ]);
  });

  it('reads the pull request from the Actions event; input errors are exit 2', async () => {
    const ev = join(tmp(), 'event.json');
    writeFileSync(ev, JSON.stringify({ pull_request: { number: 7 } }));
    expect((await gh(['--report', changed], { GITHUB_EVENT_PATH: ev })).stdout).toMatch(/^posted comment \d+ on acme\/app#7/);
    expect((await gh(['--report', changed], { GITHUB_REF: 'refs/pull/7/merge' })).stdout).toMatch(/acme\/app#7 is already up to date/);
    const noPr = await gh(['--report', changed]);
    expect(noPr.code).toBe(2);
    expect(noPr.stderr).toMatch(/which pull request\?/);
    const noToken_ = await gh(['--report', changed, '--pr', '7'], { GITHUB_TOKEN: undefined });
    expect(noToken_.code).toBe(2);
    expect(noToken_.stderr).toMatch(/GITHUB_TOKEN: no token: GITHUB_TOKEN is not set/);
    const estimate = await gh(['--report', join(dir, 'baseline.json'), '--pr', '7']);
    expect(estimate.code).toBe(2);
    expect(estimate.stderr).toMatch(/baseline\.json: is an estimate report, not a diff report — write one with `aifinops diff … --format json -o diff\.json`/);
    const noRepo = await gh(['--report', changed, '--pr', '7'], { GITHUB_REPOSITORY: undefined });
    expect(noRepo.stderr).toMatch(/--repo: which repository\?/);
  });

  it('reads the report from stdin with --report -', async () => {
    const { readFileSync } = await import('node:fs');
    const r = await runCliAsync(['comment', 'github', '--report', '-', '--pr', '7'], {
      cwd: dir,
      input: readFileSync(changed, 'utf8'),
      env: { ...CLEAN, GITHUB_API_URL: api.url, GITHUB_TOKEN: api.token, GITHUB_REPOSITORY: 'acme/app' },
    });
    expect(r.code).toBe(0);
    expect(api.comments).toHaveLength(1);
  });
});

describe('comment gitlab', () => {
  it('update: ignores system notes, pages with X-Next-Page, edits with PUT; delete-and-new deletes', async () => {
    api.pageSize = 2;
    api.add('changed the description', { system: true });
    api.add('<!-- aifinops:tag=default -->\nlooks like ours but is a system note', { system: true });
    api.add('review comment');
    const created = await gl(['--report', changed], { CI_PIPELINE_ID: '77', CI_PROJECT_URL: 'https://gitlab.example/group/app' });
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('posted comment 1003 on group/app!5 (https://gitlab.example/group/app/-/merge_requests/5#note_1003)\n');
    expect(api.comments[3]!.body.split('\n')[0]).toBe('<!-- aifinops:tag=default seq=gitlab-pipeline:77 -->');
    expect(api.requests.every((r) => r.auth === api.token)).toBe(true);
    expect(api.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '/api/v4/projects/group%2Fapp/merge_requests/5/notes?sort=asc&order_by=created_at&per_page=100&page=1',
      '/api/v4/projects/group%2Fapp/merge_requests/5/notes?sort=asc&order_by=created_at&per_page=100&page=2',
    ]);
    api.requests = [];
    const updated = await gl(['--report', still], { CI_PIPELINE_ID: '78' });
    expect(updated.stdout).toBe('comment 1003 on group/app!5 updated\n');
    expect(api.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /api/v4/projects/group%2Fapp/merge_requests/5/notes/1003']);
    const older = await gl(['--report', changed], { CI_PIPELINE_ID: '60' });
    expect(older.stdout).toMatch(/a newer run \(gitlab-pipeline 78\) already commented/);
    api.requests = [];
    const replaced = await gl(['--report', changed, '--behavior', 'delete-and-new'], { CI_PIPELINE_ID: '79' });
    expect(replaced.stdout).toMatch(/^posted comment 1004 on group\/app!5; deleted 1003\n$/);
    expect(api.writes().map((r) => r.method)).toEqual(['DELETE', 'POST']);
    noToken(replaced);
  });

  it('needs a merge request and a token', async () => {
    const noMr = await gl(['--report', changed], { CI_MERGE_REQUEST_IID: undefined });
    expect(noMr.code).toBe(2);
    expect(noMr.stderr).toMatch(/which merge request\?/);
    const noTok = await gl(['--report', changed], { GITLAB_TOKEN: undefined });
    expect(noTok.code).toBe(2);
    expect(noTok.stderr).toMatch(/GITLAB_TOKEN is not set — add a project access token/);
    const forbidden = await (async () => {
      api.faults = [{ status: 403, body: { message: '403 Forbidden' } }];
      return gl(['--report', changed]);
    })();
    expect(forbidden.stderr).toMatch(/needs the api scope and at least the Reporter role/);
  });
});
