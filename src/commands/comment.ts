/** `aifinops comment github|gitlab --report diff.json`: post the diff on the pull request. */
import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import { resolveContext, resolveSequence, type PlatformName } from '../comment/context.js';
import { githubPlatform } from '../comment/github.js';
import { gitlabPlatform } from '../comment/gitlab.js';
import { ApiError } from '../comment/http.js';
import { DEFAULT_TAG, isValidTag } from '../comment/marker.js';
import { BEHAVIORS, postComment, type Behavior } from '../comment/run.js';
import { InputError } from '../errors.js';
import { parseJsonText, readJsonFile } from '../load/baseline.js';
import { issuesToProblems } from '../load/issues.js';
import { renderDiffMarkdown } from '../render/diff.js';
import { renderJson } from '../render/json.js';
import { DIFF_KIND, diffReportSchema, type DiffReport } from '../schema/diff-report.js';
import { emit } from '../util/output.js';
import { MAX_REPORT_BYTES, readStdinText } from '../util/read.js';
import { redact } from '../util/redact.js';
import { formatOption } from './common.js';
import { quoted } from '../util/excerpt.js';

interface CommentFlags {
  report: string;
  behavior: Behavior;
  tag: string;
  dryRun?: boolean;
  onlyOnChange?: boolean;
  repo?: string;
  pr?: string;
  tokenEnv?: string;
  sequence?: string;
  retries: number;
  format: 'text' | 'json';
  output?: string;
}

/** First back-off delay; AIFINOPS_RETRY_BASE_MS overrides it (docs/ci.md). */
const BASE_DELAY_MS = 1000;
/** Longest time for one attempt of one request; AIFINOPS_HTTP_TIMEOUT_MS overrides it (docs/ci.md). */
const TIMEOUT_MS = 30_000;

/** A whole number of milliseconds from the environment, else the default. */
function envMs(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError({ path: name, message: `expected a whole number of milliseconds from ${min} to ${max}, got ${quoted(raw, 40)}` });
  return n;
}

function readReport(file: string): DiffReport {
  let data: unknown;
  let display = file;
  if (file === '-') {
    display = '<stdin>';
    data = parseJsonText(readStdinText({ limit: MAX_REPORT_BYTES, display }), display, 'the output of `aifinops diff --format json`');
  } else {
    ({ data, display } = readJsonFile(file, 'a diff report'));
  }
  const kind = (data as { kind?: unknown } | null)?.kind;
  if (kind !== DIFF_KIND) {
    throw new InputError({
      file: display,
      message: (data as { schema_version?: unknown } | null)?.schema_version !== undefined ? 'is an estimate report, not a diff report' : 'is not an aifinops diff report',
      fix: 'write one with `aifinops diff … --format json -o diff.json`',
    });
  }
  const parsed = diffReportSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      issuesToProblems(parsed.error.issues, { file: display, locate: () => undefined }, undefined, [], data)
        .slice(0, 10)
        .map((p) => ({ ...p, fix: 'regenerate it with this aifinops version: `aifinops diff … --format json -o diff.json`' })),
    );
  }
  return parsed.data;
}

/** What to do about a failed request: one hint per kind of failure, never "retry" for what retrying cannot fix. */
function apiFix(e: ApiError, platform: PlatformName, tokenVar: string, apiVar: string): string {
  switch (e.kind) {
    case 'cross-origin':
      return `aifinops sends the token to the API's own origin only; set ${apiVar} to the address that answers without a redirect`;
    case 'bad-reply': {
      const written = e.method === 'GET' ? '' : `; the ${e.method === 'DELETE' ? 'deletion' : 'comment'} may have been made: look at the pull request before running again`;
      return `the answer is not the ${platform === 'github' ? 'GitHub' : 'GitLab'} REST API's: check that ${apiVar} is the API's base URL (not a web page or a proxy's error page)${written}`;
    }
    case 'request':
      return `check ${tokenVar} and ${apiVar}; nothing was sent`;
    case 'too-many':
      return 'aifinops will not guess on a pull request this long: post with --behavior new on a fresh pull request, or clean up old comments';
    case 'network':
      if (e.method === 'POST') return 'the comment may have been posted: look at the pull request, then run the step again (`update` edits it rather than posting twice)';
      return `the code host could not be reached after the retries: check ${apiVar} and the network, then run the step again`;
    case 'status':
      break;
  }
  if (e.method === 'POST' && e.status !== null && e.status >= 500) return 'the comment may have been posted: look at the pull request, then run the step again (`update` edits it rather than posting twice)';
  if (e.status === 401) return `the token in ${tokenVar} is invalid or expired`;
  if (e.status === 403) {
    return platform === 'github'
      ? 'the token may not comment: in GitHub Actions give the job `permissions: pull-requests: write` (pull requests from forks get a read-only token)'
      : `the token in ${tokenVar} needs the api scope and at least the Reporter role on the project`;
  }
  if (e.status === 404) return platform === 'github' ? 'check --repo and --pr, and that the token can see the repository' : 'check --repo (project id or group/project) and --pr (merge request iid)';
  if (e.status !== null && (e.status >= 500 || e.status === 408 || e.status === 429)) return 'the code host did not answer after the retries; run the step again';
  return 'the code host refused the request (see its message)';
}

export function register(program: Command): void {
  program
    .command('comment')
    .description('post the diff report as a pull-request comment (GitHub) or merge-request note (GitLab)')
    .addArgument(new Argument('<platform>', 'github or gitlab').choices(['github', 'gitlab']))
    .requiredOption('-r, --report <file>', 'the diff report: `aifinops diff … --format json -o diff.json` (- reads stdin)')
    .addOption(new Option('--behavior <mode>', 'update: edit our last comment; new: always post; delete-and-new: delete ours, then post').choices([...BEHAVIORS]).default('update'))
    .option('--tag <name>', 'tells several reports on one pull request apart (letters, digits, . _ -)', DEFAULT_TAG)
    .option('--dry-run', 'read the pull request and say what would happen; write nothing (prints the body)')
    .option('--only-on-change', 'post nothing new when no scenario cost moved (an existing comment is still kept current)')
    .option('--repo <repo>', 'GitHub owner/name (default $GITHUB_REPOSITORY); GitLab project id or path (default $CI_PROJECT_ID)')
    .option('--pr <number>', 'pull request number / merge request iid (default: from the CI environment)')
    .option('--token-env <VAR>', 'environment variable holding the token (default GITHUB_TOKEN or GH_TOKEN; GITLAB_TOKEN)')
    .option('--sequence <n>', 'order of this run; an older run never overwrites a newer run\'s comment (default $GITHUB_RUN_ID / $CI_PIPELINE_ID, else the time)')
    .addOption(
      new Option('--retries <n>', 'retries on network errors, timeouts, rate limits and 5xx, with exponential back-off (a new comment only when the API surely did not act on it)').default(3).argParser((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 10) throw new InvalidArgumentError('expected a whole number from 0 to 10');
        return n;
      }),
    )
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('-o, --output <file>', 'write the outcome to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
The token comes from the environment (GITHUB_TOKEN / GITLAB_TOKEN, or --token-env), is never
printed and goes to the API's own origin only (no redirect to another host is followed).
API URLs: GITHUB_API_URL (GitHub Enterprise), GITLAB_API_URL or CI_API_V4_URL. Each attempt is
cut off after 30 s (AIFINOPS_HTTP_TIMEOUT_MS). A failing or malformed answer exits 2 (docs/ci.md).

Examples:
  $ aifinops diff --base origin/main -f json -o diff.json; aifinops comment github --report diff.json
  $ aifinops comment github --report diff.json --repo acme/app --pr 42 --dry-run
  $ aifinops comment gitlab --report diff.json --behavior delete-and-new --only-on-change
  $ aifinops comment github --report staging.json --tag staging`,
    )
    .action(async (platform: PlatformName, flags: CommentFlags) => {
      if (!isValidTag(flags.tag)) throw new InputError({ path: '--tag', message: `${quoted(flags.tag)} is not a valid tag`, fix: 'use 1 to 64 letters, digits, dots, underscores or dashes' });
      const report = readReport(flags.report);
      const ctx = resolveContext(platform, { repo: flags.repo, pr: flags.pr, tokenEnv: flags.tokenEnv });
      const seq = resolveSequence(platform, flags.sequence);
      const log = (m: string) => process.stderr.write(`aifinops: ${redact(m)}\n`);
      if (!ctx.token && !flags.dryRun) {
        throw new InputError({
          path: ctx.tokenVar,
          message: `no token: ${ctx.tokenVar} is ${process.env[ctx.tokenVar] === undefined ? 'not set' : 'empty'}`,
          fix: platform === 'github' ? 'in GitHub Actions pass env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}' : 'add a project access token with the api scope as a masked CI/CD variable GITLAB_TOKEN',
        });
      }
      const http = {
        baseUrl: ctx.apiUrl,
        secret: ctx.token ?? '',
        retries: flags.retries,
        baseDelayMs: envMs('AIFINOPS_RETRY_BASE_MS', BASE_DELAY_MS, 0, 60_000),
        maxDelayMs: 60_000,
        timeoutMs: envMs('AIFINOPS_HTTP_TIMEOUT_MS', TIMEOUT_MS, 100, 600_000),
        log,
      };
      if (ctx.warning && ctx.token) log(ctx.warning);
      const target = platform === 'github' ? githubPlatform(http, ctx.repo, ctx.pr) : gitlabPlatform(http, ctx.repo, ctx.pr, ctx.webUrl);
      let text: string;
      if (!ctx.token) {
        // dry run without a token: nothing can be read, so say what is known
        const body = renderDiffMarkdown(report, { tag: flags.tag, seq, maxChars: target.maxChars });
        const message = `no token in ${ctx.tokenVar}: cannot look for an existing comment on ${target.target}; the body is below`;
        text = flags.format === 'json' ? renderJson({ action: 'unknown', dry_run: true, platform: target.name, target: target.target, tag: flags.tag, comment_id: null, url: null, deleted: [], message, body }) : body;
        log(message);
      } else {
        let outcome;
        try {
          outcome = await postComment(target, report, { behavior: flags.behavior, tag: flags.tag, seq, dryRun: Boolean(flags.dryRun), onlyOnChange: Boolean(flags.onlyOnChange) });
        } catch (err) {
          // a code host that refuses, fails or answers nonsense is bad input to this run: exit 2 (docs/ci.md)
          if (err instanceof ApiError) throw new InputError({ message: err.message, fix: apiFix(err, platform, ctx.tokenVar, ctx.apiVar) });
          throw err;
        }
        if (flags.format === 'json') text = renderJson({ ...outcome, message: redact(outcome.message) });
        else if (flags.dryRun) {
          log(`dry run: ${outcome.message}`);
          text = outcome.body;
        } else text = `${redact(outcome.message)}\n`;
      }
      emit(text, flags.output);
    });
}
