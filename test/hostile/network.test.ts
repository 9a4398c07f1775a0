/**
 * Hostile input, network family (issue 13): `aifinops comment` against code hosts that redirect
 * elsewhere, echo credentials, answer truncated JSON, HTML or wrong shapes, page forever or stall.
 *
 * The fake APIs (test/diff/fake-api.ts) run in this process, so the bin is spawned asynchronously
 * (the harness's spawnSync would block the event loop that answers it). Each case keeps the
 * harness's checks — exit code, the culprit named, empty stdout, no stack trace, bounded time and
 * memory — and adds one: no secret in stdout or stderr. The memory bound is the data segment
 * (`ulimit -d`, 1 GiB) plus V8's heap cap: an address-space limit (`ulimit -v`) would stop fetch
 * itself, whose HTTP parser is WebAssembly and reserves gigabytes of address space.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli, TEST_CACHE_DIR } from '../helpers/cli.js';
import { FakeApi, type Fault } from '../diff/fake-api.js';
import { fixtureRepo } from '../diff/helpers.js';
import { MEMORY_LIMIT_KB } from './harness.js';

const api = new FakeApi();
/** Another origin: whatever it receives was sent where the token must never go. */
const evil = new FakeApi('evil-side-token-000000');
let dir = '';
let report = '';

interface Servers {
  api: FakeApi;
  evil: FakeApi;
}

interface NetCase {
  name: string;
  platform: 'github' | 'gitlab';
  /** Faults to serve, comments to hold (run before the bin starts). */
  setup?: (s: Servers) => void;
  env?: (s: Servers) => Record<string, string | undefined>;
  args?: string[];
  code?: number;
  stderr: (RegExp | string)[];
  notStderr?: (RegExp | string)[];
  /** Stdout must be empty unless this is set. */
  stdout?: RegExp;
  /** More secrets that must appear nowhere in the output (the API token always is one). */
  secrets?: string[];
  after?: (s: Servers, r: Result) => void;
  timeoutMs?: number;
}

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CI variables a real runner might have are cleared, so only what a case sets counts. */
const CLEAN = {
  GITHUB_TOKEN: undefined, GH_TOKEN: undefined, GITHUB_REPOSITORY: undefined, GITHUB_RUN_ID: undefined, GITHUB_EVENT_PATH: undefined, GITHUB_REF: undefined, GITHUB_API_URL: undefined, GITHUB_SERVER_URL: undefined,
  GITLAB_TOKEN: undefined, CI_PROJECT_ID: undefined, CI_MERGE_REQUEST_IID: undefined, CI_PIPELINE_ID: undefined, CI_API_V4_URL: undefined, GITLAB_API_URL: undefined, CI_PROJECT_URL: undefined,
  AIFINOPS_HTTP_TIMEOUT_MS: undefined,
};

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(node:)/m;

function run(c: NetCase): Promise<Result> {
  const base = c.platform === 'github'
    ? { GITHUB_API_URL: api.url, GITHUB_TOKEN: api.token, GITHUB_REPOSITORY: 'acme/app' }
    : { CI_API_V4_URL: `${api.url}/api/v4`, GITLAB_TOKEN: api.token, CI_PROJECT_ID: 'group/app', CI_MERGE_REQUEST_IID: '5' };
  const args = ['comment', c.platform, '--report', report, ...(c.platform === 'github' ? ['--pr', '7'] : []), ...(c.args ?? [])];
  const cmd = `ulimit -d ${MEMORY_LIMIT_KB}; exec ${quote(process.execPath)} --max-old-space-size=512 ${quote(BIN)} ${args.map(quote).join(' ')}`;
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined, TZ: 'UTC', AIFINOPS_CACHE_DIR: TEST_CACHE_DIR, AIFINOPS_RETRY_BASE_MS: '1', ...CLEAN, ...base, ...c.env?.({ api, evil }) };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', cmd], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), c.timeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end('');
  });
}

function describeNetwork(family: string, cases: readonly NetCase[]): void {
  describe(`hostile input: ${family}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        c.setup?.({ api, evil });
        const r = await run(c);
        expect(r.signal, `killed by ${r.signal} (timeout or memory limit)\nstderr: ${r.stderr.slice(0, 500)}`).toBeNull();
        expect(r.code, `stderr: ${r.stderr.slice(0, 800)}`).toBe(c.code ?? 2);
        expect(r.stderr).not.toMatch(STACK);
        expect(r.stderr).not.toMatch(/this is a bug/i);
        for (const want of c.stderr) {
          if (typeof want === 'string') expect(r.stderr).toContain(want);
          else expect(r.stderr).toMatch(want);
        }
        for (const bad of c.notStderr ?? []) {
          if (typeof bad === 'string') expect(r.stderr).not.toContain(bad);
          else expect(r.stderr).not.toMatch(bad);
        }
        if (c.stdout) expect(r.stdout).toMatch(c.stdout);
        else expect(r.stdout).toBe('');
        for (const secret of [api.token, api.token.slice(0, 10), ...(c.secrets ?? [])]) {
          expect(r.stdout, 'a secret on stdout').not.toContain(secret);
          expect(r.stderr, 'a secret on stderr').not.toContain(secret);
        }
        c.after?.({ api, evil }, r);
      }, (c.timeoutMs ?? 20_000) + 10_000);
    }
  });
}

beforeAll(async () => {
  await api.start();
  await evil.start();
  ({ dir } = fixtureRepo('diff-pr'));
  report = join(dir, 'diff.json');
  expect(runCli(['diff', '--base', 'baseline.json', '-f', 'json', '-o', report], { cwd: dir }).code).toBe(1);
});
afterAll(async () => {
  await api.stop();
  await evil.stop();
});
beforeEach(() => {
  api.reset();
  evil.reset();
});

const GH_LIST = '/repos/acme/app/issues/7/comments?per_page=100';
const GL_NOTES = '/api/v4/projects/group%2Fapp/merge_requests/5/notes';
const port = (f: FakeApi) => new URL(f.url).port;
const nothingWritten = ({ api: a }: Servers) => expect(a.writes()).toEqual([]);
const nothingElsewhere = ({ evil: e }: Servers) => expect(e.requests).toEqual([]);
const GHP = 'ghp_Zx81QmK2pLw7NvR4tY6uB0cD3eF5gH9jA1sS';
const GLPAT = 'glpat-Hx7Kq2Lm9Np4Rt6Vw8Yz';

describeNetwork('network: redirects and other origins', [
  {
    name: 'GitHub: a 307 on the comment list to another origin is refused, naming both origins; nothing reaches it',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 307, headers: { location: `${s.evil.url}/collect` } }]),
    stderr: [/redirected from http:\/\/127\.0\.0\.1:\d+ to another origin, http:\/\/127\.0\.0\.1:\d+; not followed/, 'GITHUB_API_URL'],
    notStderr: [/retrying/, 'did not answer after the retries'],
    after: (s, r) => {
      nothingElsewhere(s);
      expect(r.stderr).toContain(`:${port(s.api)} to another origin, http://127.0.0.1:${port(s.evil)}`);
      expect(s.api.requests).toHaveLength(1);
    },
  },
  {
    name: 'GitLab: a 307 on POST to another origin does not resend PRIVATE-TOKEN',
    platform: 'gitlab',
    setup: (s) => (s.api.faults = [null, { status: 307, headers: { location: `${s.evil.url}${GL_NOTES}` } }]),
    stderr: ['GitLab API: POST', 'to another origin', 'CI_API_V4_URL'],
    after: nothingElsewhere,
  },
  {
    name: 'GitLab: a 308 on the notes list to another host name (localhost) is refused',
    platform: 'gitlab',
    setup: (s) => (s.api.faults = [{ status: 308, headers: { location: `http://localhost:${port(s.evil)}${GL_NOTES}?page=1` } }]),
    stderr: [/to another origin, http:\/\/localhost:\d+/],
    after: (s) => {
      nothingElsewhere(s);
      nothingWritten(s);
    },
  },
  {
    name: 'a same-origin redirect carrying a user name and password is not followed',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 302, headers: { location: `http://bot:hunter2-pass-77@127.0.0.1:${port(s.api)}${GH_LIST}` } }]),
    stderr: ['redirected to a URL with a user name or password in it'],
    secrets: ['hunter2-pass-77', 'bot:'],
    after: (s) => expect(s.api.requests).toHaveLength(1),
  },
  {
    name: 'a same-origin redirect is followed (the request goes on with the token)',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 307, headers: { location: `${s.api.url}${GH_LIST}` } }]),
    code: 0,
    stderr: [],
    stdout: /^posted comment 1000 on acme\/app#7/,
    after: (s) => expect(s.api.comments).toHaveLength(1),
  },
  {
    name: 'a same-origin redirect loop stops after 5 redirects, not retried',
    platform: 'github',
    setup: (s) => (s.api.faults = Array.from({ length: 40 }, (): Fault => ({ status: 307, headers: { location: `${s.api.url}${GH_LIST}` } }))),
    stderr: ['more than 5 redirects'],
    notStderr: [/retrying/],
    after: (s) => expect(s.api.requests).toHaveLength(6),
  },
  {
    name: 'a 302 without a Location header is a bad reply, not "did not answer after the retries"',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 302 }]),
    stderr: ['302: a redirect without a valid Location', 'GITHUB_API_URL'],
    notStderr: ['did not answer after the retries'],
  },
  {
    name: 'GitHub: a next-page link to another origin is refused with its own hint',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, body: [], headers: { link: `<${s.evil.url}/page2?access_token=x>; rel="next"` } }]),
    stderr: [/the next page of comments is on another origin \(http:\/\/127\.0\.0\.1:\d+, the API is http:\/\/127\.0\.0\.1:\d+\)/, 'sends the token to the API\'s own origin only'],
    notStderr: ['did not answer after the retries', 'access_token=x'],
    after: (s) => {
      nothingElsewhere(s);
      nothingWritten(s);
    },
  },
]);

describeNetwork('network: credentials in and out', [
  {
    name: 'GITHUB_TOKEN with a trailing newline: the server echoing it back never gets it printed',
    platform: 'github',
    env: (s) => ({ GITHUB_TOKEN: `${s.api.token}\n` }),
    setup: (s) => (s.api.faults = [{ status: 403, body: { message: `Resource not accessible by integration (token ${s.api.token})` } }]),
    stderr: ['403 Forbidden: Resource not accessible by integration (token ***)', 'pull-requests: write'],
  },
  {
    name: 'GITLAB_TOKEN with surrounding spaces and a tab: trimmed, and scrubbed from a 401 body',
    platform: 'gitlab',
    env: (s) => ({ GITLAB_TOKEN: `  ${s.api.token}\t ` }),
    setup: (s) => (s.api.faults = [{ status: 401, body: { message: `401 Unauthorized: ${s.api.token} was revoked` } }]),
    stderr: ['401 Unauthorized: 401 Unauthorized: *** was revoked', 'GITLAB_TOKEN is invalid or expired'],
  },
  {
    name: 'a token with a newline inside is refused before anything is sent, and not retried',
    platform: 'github',
    env: () => ({ GITHUB_TOKEN: 'tok-9f8e7d6c\n5b4a-SECRET' }),
    stderr: ['GITHUB_TOKEN: the token has whitespace inside it (character 13 of 24); it was not sent'],
    notStderr: [/retrying/, '5b4a-SECRET'],
    after: (s) => expect(s.api.requests).toEqual([]),
  },
  {
    name: 'a token with a non-ASCII character is refused by name, without showing it',
    platform: 'gitlab',
    env: () => ({ GITLAB_TOKEN: 'tok-9f8e7d6c5b4a-SECRÉT' }),
    stderr: ['GITLAB_TOKEN: the token has a control or non-ASCII character inside it'],
    notStderr: [/retrying/, 'SECR'],
    after: (s) => expect(s.api.requests).toEqual([]),
  },
  {
    name: 'GITHUB_API_URL with user:password@ is refused without printing them',
    platform: 'github',
    env: (s) => ({ GITHUB_API_URL: `http://bot:hunter2-secret-pw@127.0.0.1:${port(s.api)}` }),
    stderr: [/GITHUB_API_URL: the URL http:\/\/127\.0\.0\.1:\d+ holds a user name or password/],
    secrets: ['hunter2-secret-pw', 'bot:'],
    after: (s) => expect(s.api.requests).toEqual([]),
  },
  {
    name: 'CI_API_V4_URL with a GitLab token as user info is refused without printing it',
    platform: 'gitlab',
    env: (s) => ({ CI_API_V4_URL: `http://oauth2:${GLPAT}@127.0.0.1:${port(s.api)}/api/v4` }),
    stderr: [/CI_API_V4_URL: the URL http:\/\/127\.0\.0\.1:\d+\/api\/v4 holds a user name or password/],
    secrets: [GLPAT, 'oauth2:'],
  },
  {
    name: 'a GitHub token quoted in a 422 body is redacted, and a 422 is not called a retry problem',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 422, body: { message: `Validation failed: ${GHP} is not allowed here` } }]),
    stderr: ['422 Unprocessable Entity: Validation failed: *** is not allowed here', 'the code host refused the request'],
    notStderr: ['did not answer after the retries', /retrying/],
    secrets: [GHP, 'ghp_Zx81'],
  },
  {
    name: 'a GitLab token and a Bearer header quoted in a 500 error page are redacted',
    platform: 'gitlab',
    args: ['--retries', '0'],
    setup: (s) => (s.api.faults = [{ status: 500, raw: `upstream said: PRIVATE-TOKEN: ${GLPAT} and Authorization: Bearer abc123def456ghi789 failed` }]),
    stderr: ['500 Internal Server Error: upstream said: PRIVATE-TOKEN: *** and Authorization: Bearer *** failed'],
    secrets: [GLPAT, 'abc123def456'],
  },
  {
    name: 'ANSI escapes and a 1 MB HTML error page are quoted as a short escaped excerpt',
    platform: 'github',
    args: ['--retries', '0'],
    setup: (s) => (s.api.faults = [{ status: 502, raw: `<html>\u001b[2J\u001b[31mPWNED\u001b[0m ${'x'.repeat(1_000_000)}</html>` }]),
    stderr: ['502 Bad Gateway: <html>\\u001b[2J\\u001b[31mPWNED'],
    notStderr: ['\u001b', 'x'.repeat(300)],
    after: (_s, r) => expect(r.stderr.length).toBeLessThan(1500),
  },
  {
    name: 'a comment link with user info from the API is printed without it',
    platform: 'github',
    setup: (s) => (s.api.faults = [null, { status: 201, body: { id: 5, body: 'x', html_url: `https://bot:${GHP}@github.example/acme/app/pull/7#issuecomment-5` } }]),
    code: 0,
    stderr: [],
    stdout: /^posted comment 5 on acme\/app#7 \(https:\/\/github\.example\/acme\/app\/pull\/7#issuecomment-5\)\n$/,
    secrets: [GHP, 'bot:'],
  },
  {
    name: 'CI_PROJECT_URL with a CI job token as user info: the note link is printed without it',
    platform: 'gitlab',
    env: () => ({ CI_PROJECT_URL: 'https://gitlab-ci-token:glcbt-64_Q2w3E4r5T6y7U8i9O0pA@gitlab.example/group/app' }),
    code: 0,
    stderr: [],
    stdout: /^posted comment 1000 on group\/app!5 \(https:\/\/gitlab\.example\/group\/app\/-\/merge_requests\/5#note_1000\)\n$/,
    secrets: ['glcbt-64_Q2w3', 'gitlab-ci-token'],
  },
]);

describeNetwork('network: malformed replies', [
  {
    name: 'truncated JSON after POST is an error, never "posted comment undefined"',
    platform: 'github',
    setup: (s) => (s.api.faults = [null, { status: 201, raw: '{"id": 10' }]),
    stderr: ['GitHub API: POST /repos/acme/app/issues/7/comments → 201 Created, but the reply is not JSON: "{"id": 10"', 'the comment may have been made'],
    notStderr: ['undefined'],
  },
  {
    name: 'an HTML sign-in page after POST (GitLab) is an error',
    platform: 'gitlab',
    setup: (s) => (s.api.faults = [null, { status: 201, raw: '<!DOCTYPE html><html><body>Sign in</body></html>', headers: { 'content-type': 'text/html' } }]),
    stderr: ['but the reply is not JSON: "<!DOCTYPE html>', 'CI_API_V4_URL is the API\'s base URL'],
  },
  {
    name: 'a comment list that is an object is an error, and nothing is posted (no duplicate)',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, body: { message: 'ok' } }]),
    stderr: ['→ 200, but the reply is not a list of comments: the reply: Invalid input: expected array'],
    after: nothingWritten,
  },
  {
    name: 'a truncated notes list (GitLab) is an error, and nothing is posted',
    platform: 'gitlab',
    setup: (s) => (s.api.faults = [{ status: 200, raw: '[{"id": 1, "body": "x"' }]),
    stderr: ['GitLab API: GET', 'but the reply is not JSON'],
    after: nothingWritten,
  },
  {
    name: 'list items without an id are an error naming the item',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, body: [{ id: 3, body: 'fine' }, { body: 'no id' }] }]),
    stderr: ['not a list of comments: 1.id: Invalid input: expected number'],
    after: nothingWritten,
  },
  {
    name: 'an update answered with the wrong shape (id a string) is an error, not "updated"',
    platform: 'github',
    setup: (s) => {
      s.api.add('<!-- aifinops:tag=default -->\nold');
      s.api.faults = [null, { status: 200, body: { id: '1000', body: 'x' } }];
    },
    stderr: ['PATCH /repos/acme/app/issues/comments/1000 → 200, but the reply is not a comment: id:', '(got "1000")'],
  },
  {
    name: 'a reply larger than 32 MiB is refused while it is read',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, raw: `[${' '.repeat(33 * 1024 * 1024)}]` }]),
    stderr: ['→ 200 OK: the reply is larger than 32 MiB'],
    after: nothingWritten,
  },
]);

describeNetwork('network: huge and endless pages', [
  {
    name: 'a page of 200,000 comments is refused with a clear message (no stack overflow)',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, raw: JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ id: i + 1, body: '' }))) }]),
    stderr: ['GitHub API: acme/app#7: more than 10,000 comments (this page alone has 200,000); aifinops reads at most 10,000'],
    after: nothingWritten,
  },
  {
    name: 'GitHub: a next-page link back to a page already read is a loop, not 100 pages then a post',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, body: [], headers: { link: `<${s.api.url}${GH_LIST}>; rel="next"` } }]),
    stderr: ['the Link header\'s next page is a page already read (a loop)'],
    after: nothingWritten,
  },
  {
    name: 'GitLab: an X-Next-Page that points back is a loop',
    platform: 'gitlab',
    setup: (s) => (s.api.faults = [{ status: 200, body: [], headers: { 'x-next-page': '1' } }]),
    stderr: ['X-Next-Page goes back to page 1 (a loop)'],
    after: nothingWritten,
  },
  {
    name: 'GitLab: an X-Next-Page that is not a page number is an error',
    platform: 'gitlab',
    setup: (s) => (s.api.faults = [{ status: 200, body: [], headers: { 'x-next-page': '2; DROP' } }]),
    stderr: ['X-Next-Page is not a page number: "2; DROP"'],
    after: nothingWritten,
  },
]);

describeNetwork('network: failing and slow servers', [
  {
    name: 'a 502 after POST is not retried: a second POST could post a duplicate comment',
    platform: 'github',
    setup: (s) => (s.api.faults = [null, { status: 502 }, null]),
    stderr: ['POST /repos/acme/app/issues/7/comments → 502 Bad Gateway: injected 502 (a POST that may have been acted on is not sent again)', 'the comment may have been posted'],
    notStderr: [/retrying/],
    after: (s) => expect(s.api.requests.filter((x) => x.method === 'POST')).toHaveLength(1),
  },
  {
    name: 'a POST that times out is not sent again (GitLab)',
    platform: 'gitlab',
    env: () => ({ AIFINOPS_HTTP_TIMEOUT_MS: '400' }),
    setup: (s) => (s.api.faults = [null, { status: 201, stall: 'headers' }, null]),
    stderr: ['POST', 'failed: timed out after 400 ms (a POST that may have been acted on is not sent again)'],
    after: (s) => expect(s.api.requests.filter((x) => x.method === 'POST')).toHaveLength(1),
    timeoutMs: 15_000,
  },
  {
    name: 'a 429 after POST is retried (the API did not act on it), and the comment is posted once',
    platform: 'github',
    setup: (s) => (s.api.faults = [null, { status: 429, headers: { 'retry-after': '0' } }]),
    code: 0,
    stderr: [/POST .* → 429 Too Many Requests: injected 429; retrying in 0\.0 s \(1\/3\)/],
    stdout: /^posted comment 1000 on acme\/app#7/,
    after: (s) => expect(s.api.comments).toHaveLength(1),
  },
  {
    name: 'a 400 is not retried, and the hint does not talk about retries',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 400, body: { message: 'Problems parsing JSON' } }]),
    stderr: ['400 Bad Request: Problems parsing JSON — the code host refused the request'],
    notStderr: [/retrying/, 'did not answer after the retries'],
    after: (s) => expect(s.api.requests).toHaveLength(1),
  },
  {
    name: '500 on every attempt: exactly --retries retries, then exit 2',
    platform: 'gitlab',
    args: ['--retries', '2'],
    setup: (s) => (s.api.faults = Array.from({ length: 5 }, (): Fault => ({ status: 500 }))),
    stderr: [/retrying in [\d.]+ s \(2\/2\)/, '500 Internal Server Error: injected 500 — the code host did not answer after the retries'],
    after: (s) => expect(s.api.requests).toHaveLength(3),
  },
  {
    name: 'a server that never answers is cut off by the timeout (AIFINOPS_HTTP_TIMEOUT_MS)',
    platform: 'github',
    args: ['--retries', '1'],
    env: () => ({ AIFINOPS_HTTP_TIMEOUT_MS: '400' }),
    setup: (s) => (s.api.faults = [{ status: 200, stall: 'headers' }, { status: 200, stall: 'headers' }]),
    stderr: ['failed after 2 attempts: timed out after 400 ms', 'could not be reached after the retries'],
    timeoutMs: 15_000,
  },
  {
    name: 'a server that sends headers and then drips nothing more is cut off by the same timeout',
    platform: 'gitlab',
    args: ['--retries', '0'],
    env: () => ({ AIFINOPS_HTTP_TIMEOUT_MS: '400' }),
    setup: (s) => (s.api.faults = [{ status: 200, stall: 'drip' }]),
    stderr: ['failed after 1 attempt: timed out after 400 ms'],
    timeoutMs: 15_000,
  },
  {
    name: 'a timeout that is not a number is refused by name',
    platform: 'github',
    env: () => ({ AIFINOPS_HTTP_TIMEOUT_MS: '1e9x' }),
    stderr: ['AIFINOPS_HTTP_TIMEOUT_MS: expected a whole number of milliseconds from 100 to 600000, got "1e9x"'],
    after: (s) => expect(s.api.requests).toEqual([]),
  },
]);
