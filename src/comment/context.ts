/**
 * Where to comment and with which credentials, from flags and the CI environment. The token is
 * read from an environment variable only (never a flag, which would show in process lists and
 * logs) and is never printed.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { excerpt, outputUrl, registerSecret, showUrl } from '../util/redact.js';
import { GITHUB_DEFAULT_API } from './github.js';
import { GITLAB_DEFAULT_API } from './gitlab.js';
import type { Sequence } from './marker.js';

export type PlatformName = 'github' | 'gitlab';

export interface ContextFlags {
  repo?: string;
  pr?: string;
  tokenEnv?: string;
  sequence?: string;
}

export interface CommentContext {
  platform: PlatformName;
  apiUrl: string;
  /** null: no token in the environment (only a dry run can go on). */
  token: string | null;
  tokenVar: string;
  /** The variable the API URL came from, for hints. */
  apiVar: string;
  repo: string;
  pr: number;
  webUrl: string | null;
  /** Said on stderr before any request: the API URL is plain http to another machine. */
  warning: string | null;
}

type Env = Record<string, string | undefined>;

function prNumber(raw: string | undefined, flag: string): number | null {
  if (raw === undefined || raw === '') return null;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new InputError({ path: flag, message: `expected a pull request number, got "${excerpt(raw, 40)}"` });
  return Number(raw);
}

function githubPrFromEvent(env: Env): number | null {
  const m = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '');
  if (m) return Number(m[1]);
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return null;
  try {
    const ev = JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown }; number?: unknown };
    const n = ev.pull_request?.number ?? (ev.issue?.pull_request ? ev.issue.number : undefined);
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function checkUrl(url: string, variable: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new InputError({ path: variable, message: `expected an http(s) URL, got "${showUrl(url)}"` });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new InputError({ path: variable, message: `expected an http(s) URL, got "${showUrl(url)}"` });
  if (u.username || u.password) {
    throw new InputError({
      path: variable,
      message: `the URL ${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname} holds a user name or password; credentials in URLs end up in logs`,
      fix: 'give the URL without them; the token goes in the token variable (GITHUB_TOKEN / GITLAB_TOKEN or --token-env)',
    });
  }
  if (u.search || u.hash) throw new InputError({ path: variable, message: `expected the API's base URL, without a query or fragment, got "${showUrl(url)}?…"` });
  return u.href.replace(/\/+$/, '');
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function plainHttp(apiUrl: string, variable: string): string | null {
  const u = new URL(apiUrl);
  return u.protocol === 'http:' && !LOOPBACK.test(u.hostname) ? `warning: ${variable} is plain http (${u.host}): the token travels unencrypted; use https` : null;
}

/**
 * The token from `variable`: surrounding whitespace (a trailing newline from `echo` or a secrets
 * file) is dropped; whitespace or control characters inside it are refused, without showing it.
 */
function readToken(env: Env, variable: string): string | null {
  const raw = env[variable];
  registerSecret(raw);
  const token = raw?.trim() ?? '';
  if (!token) return null;
  const bad = /[^\x21-\x7e]/.exec(token);
  if (bad) {
    throw new InputError({
      path: variable,
      message: `the token has ${/\s/.test(bad[0]) ? 'whitespace' : 'a control or non-ASCII character'} inside it (character ${bad.index + 1} of ${token.length}); it was not sent`,
      fix: `set ${variable} to the token alone, on one line`,
    });
  }
  return token;
}

export function resolveContext(platform: PlatformName, flags: ContextFlags, env: Env = process.env): CommentContext {
  if (platform === 'github') {
    const tokenVar = flags.tokenEnv ?? (env.GITHUB_TOKEN ? 'GITHUB_TOKEN' : env.GH_TOKEN ? 'GH_TOKEN' : 'GITHUB_TOKEN');
    const repo = flags.repo ?? env.GITHUB_REPOSITORY ?? '';
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) {
      throw new InputError({
        path: '--repo',
        message: repo ? `expected owner/name, got "${excerpt(repo, 100)}"` : 'which repository? GITHUB_REPOSITORY is not set',
        fix: 'pass --repo owner/name (GitHub Actions sets GITHUB_REPOSITORY)',
      });
    }
    const pr = prNumber(flags.pr, '--pr') ?? githubPrFromEvent(env);
    if (pr === null) {
      throw new InputError({ path: '--pr', message: 'which pull request? none given and none found in the GitHub Actions event', fix: 'pass --pr <number>, or run on a pull_request event' });
    }
    const server = outputUrl(env.GITHUB_SERVER_URL)?.replace(/\/+$/, '') ?? 'https://github.com';
    const apiUrl = checkUrl(env.GITHUB_API_URL ?? GITHUB_DEFAULT_API, 'GITHUB_API_URL');
    return { platform, apiUrl, token: readToken(env, tokenVar), tokenVar, apiVar: 'GITHUB_API_URL', repo, pr, webUrl: `${server}/${repo}/pull/${pr}`, warning: plainHttp(apiUrl, 'GITHUB_API_URL') };
  }
  const tokenVar = flags.tokenEnv ?? 'GITLAB_TOKEN';
  const repo = flags.repo ?? env.CI_PROJECT_ID ?? '';
  if (!repo) throw new InputError({ path: '--repo', message: 'which project? CI_PROJECT_ID is not set', fix: 'pass --repo <project id or group/project> (GitLab CI sets CI_PROJECT_ID)' });
  const pr = prNumber(flags.pr ?? env.CI_MERGE_REQUEST_IID, flags.pr ? '--pr' : 'CI_MERGE_REQUEST_IID');
  if (pr === null) {
    throw new InputError({ path: '--pr', message: 'which merge request? none given and CI_MERGE_REQUEST_IID is not set', fix: 'pass --pr <merge request iid>, or run in a merge request pipeline (rules: if: $CI_MERGE_REQUEST_IID)' });
  }
  const api = env.GITLAB_API_URL ?? env.CI_API_V4_URL ?? GITLAB_DEFAULT_API;
  const project = outputUrl(env.CI_PROJECT_URL)?.replace(/\/+$/, '');
  const web = project ? `${project}/-/merge_requests/${pr}` : null;
  const apiVar = env.GITLAB_API_URL ? 'GITLAB_API_URL' : 'CI_API_V4_URL';
  const apiUrl = checkUrl(api, apiVar);
  return { platform, apiUrl, token: readToken(env, tokenVar), tokenVar, apiVar, repo, pr, webUrl: web, warning: plainHttp(apiUrl, apiVar) };
}

/** The run's place in time: an explicit --sequence, the CI run or pipeline id, else the clock. */
export function resolveSequence(platform: PlatformName, flag: string | undefined, env: Env = process.env, now = Date.now()): Sequence {
  if (flag !== undefined) {
    if (!/^\d{1,30}$/.test(flag)) throw new InputError({ path: '--sequence', message: `expected a whole number, got "${flag}"`, fix: 'e.g. --sequence "$CI_PIPELINE_ID"' });
    return { source: 'seq', value: BigInt(flag) };
  }
  if (platform === 'github' && env.GITHUB_RUN_ID && /^\d+$/.test(env.GITHUB_RUN_ID)) return { source: 'github-run', value: BigInt(env.GITHUB_RUN_ID) };
  if (platform === 'gitlab' && env.CI_PIPELINE_ID && /^\d+$/.test(env.CI_PIPELINE_ID)) return { source: 'gitlab-pipeline', value: BigInt(env.CI_PIPELINE_ID) };
  return { source: 'time', value: BigInt(now) };
}
