/**
 * Hostile input, network family (issue 13): `aifinops comment` against code hosts that redirect
 * elsewhere, echo credentials, answer truncated JSON, HTML or wrong shapes, page forever or stall.
 * Each case: exit code, the culprit named, empty stdout, no stack trace, no secret in the output,
 * bounded time and memory (see network-harness.ts).
 */
import { expect } from 'vitest';
import type { Fault, FakeApi } from '../diff/fake-api.js';
import { describeNetwork, useFakeApis, type Servers } from './network-harness.js';

useFakeApis();

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
    name: 'boundary: 5 same-origin redirects in a row are followed',
    platform: 'github',
    setup: (s) => (s.api.faults = Array.from({ length: 5 }, (): Fault => ({ status: 307, headers: { location: `${s.api.url}${GH_LIST}` } }))),
    code: 0,
    stderr: [],
    stdout: /^posted comment 1000 on acme\/app#7/,
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
    name: 'a plain-http API URL on another machine is warned about before the token is sent',
    platform: 'github',
    args: ['--retries', '0'],
    env: () => ({ GITHUB_API_URL: 'http://api.aifinops-test.invalid', AIFINOPS_HTTP_TIMEOUT_MS: '3000' }),
    stderr: [/^aifinops: warning: GITHUB_API_URL is plain http \(api\.aifinops-test\.invalid\): the token travels unencrypted; use https\n/, 'failed after 1 attempt'],
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
    stderr: ['GitHub API: POST /repos/acme/app/issues/7/comments → 201 Created, but the reply is not JSON: "{\\"id\\": 10"', 'the comment may have been made'],
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
    stderr: ['PATCH /repos/acme/app/issues/comments/1000 → 200, but the reply is not a comment: id:', '(got \\"1000\\")'],
  },
  {
    name: 'a reply larger than 32 MiB is refused while it is read',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, raw: `[${' '.repeat(33 * 1024 * 1024)}]` }]),
    stderr: ['→ 200 OK: the reply is larger than 32 MiB'],
    after: nothingWritten,
  },
]);

const page = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: i + 1, body: '' })));

describeNetwork('network: huge and endless pages', [
  {
    name: 'boundary: a page of exactly 10,000 comments is read (and the comment posted)',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, raw: page(10_000) }]),
    code: 0,
    stderr: [],
    stdout: /^posted comment 1000 on acme\/app#7/,
  },
  {
    name: 'boundary: 10,001 comments are refused',
    platform: 'github',
    setup: (s) => (s.api.faults = [{ status: 200, raw: page(10_001) }]),
    stderr: ['more than 10,000 comments (this page alone has 10,001)'],
    after: nothingWritten,
  },
  {
    name: 'boundary: exactly 100 pages of notes are read (GitLab)',
    platform: 'gitlab',
    setup: (s) => {
      s.api.pageSize = 1;
      for (let i = 0; i < 100; i++) s.api.add(`chatter ${i}`);
    },
    code: 0,
    stderr: [],
    stdout: /^posted comment 1100 on group\/app!5/,
    after: (s) => expect(s.api.requests.filter((x) => x.method === 'GET')).toHaveLength(100),
  },
  {
    name: 'boundary: a 101st page is refused, and nothing is posted',
    platform: 'gitlab',
    setup: (s) => {
      s.api.pageSize = 1;
      for (let i = 0; i < 101; i++) s.api.add(`chatter ${i}`);
    },
    stderr: ['GitLab API: group/app!5: more than 100 pages of comments; aifinops reads at most 100'],
    after: nothingWritten,
  },
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
