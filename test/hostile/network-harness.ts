/**
 * The hostile-input harness for the network family (issue 13): `aifinops comment` against fake
 * code hosts on loopback. The fake APIs (test/diff/fake-api.ts) run in this process, so the bin
 * is spawned asynchronously (harness.ts's spawnSync would block the event loop that answers it). Each case keeps the
 * harness's checks — exit code, the culprit named, empty stdout, no stack trace, bounded time and
 * memory — and adds one: no secret in stdout or stderr. The memory bound is the data segment
 * (`ulimit -d`, 1 GiB) plus V8's heap cap: an address-space limit (`ulimit -v`) would stop fetch
 * itself, whose HTTP parser is WebAssembly and reserves gigabytes of address space.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli, TEST_CACHE_DIR } from '../helpers/cli.js';
import { FakeApi } from '../diff/fake-api.js';
import { fixtureRepo } from '../diff/helpers.js';
import { expectHandled, MEMORY_LIMIT_KB } from './harness.js';

export const api = new FakeApi();
/** Another origin: whatever it receives was sent where the token must never go. */
export const evil = new FakeApi('evil-side-token-000000');
let dir = '';
let report = '';

export interface Servers {
  api: FakeApi;
  evil: FakeApi;
}

export interface NetCase {
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

export interface Result {
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

export function describeNetwork(family: string, cases: readonly NetCase[]): void {
  describe(`hostile input: ${family}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        c.setup?.({ api, evil });
        const r = await run(c);
        expectHandled(r, c);
        for (const secret of [api.token, api.token.slice(0, 10), ...(c.secrets ?? [])]) {
          expect(r.stdout, 'a secret on stdout').not.toContain(secret);
          expect(r.stderr, 'a secret on stderr').not.toContain(secret);
        }
        c.after?.({ api, evil }, r);
      }, (c.timeoutMs ?? 20_000) + 10_000);
    }
  });
}

/** Start the fake APIs and write the diff report once for the file that calls this. */
export function useFakeApis(): void {
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
}

