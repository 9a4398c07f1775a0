/**
 * JSON over HTTP on the global fetch, with retries and exponential back-off for what is worth
 * retrying: network errors, timeouts, 408, 429, 5xx and rate limits (honouring Retry-After and
 * x-ratelimit-reset up to a cap). Nothing else is retried: a request that cannot be built, a
 * refused status, a redirect to another origin, a reply that is not the API's JSON.
 *
 * The token travels in a header only, and only to the API's own origin: redirects are followed
 * by hand, on the same origin only (a bounded number), never to another origin (issue 13). Every
 * message goes through the shared scrubber (util/redact.ts). Reply bodies are read up to a size cap.
 */
import type * as z from 'zod';
import { excerpt, redact, registerSecret, showOrigin } from '../util/redact.js';

export interface HttpConfig {
  /** Platform name for messages ("GitHub API"). */
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  /** The secret to scrub from any message. */
  secret: string;
  /** Re-tries after the first attempt. */
  retries: number;
  /** First back-off delay; doubles each retry (± 20% jitter). */
  baseDelayMs: number;
  /** Longest single wait, also for Retry-After. */
  maxDelayMs: number;
  /** Longest time for one attempt: connecting, redirects and reading the whole reply. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (msg: string) => void;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  data: unknown;
}

/**
 * Why a request failed for good:
 * - status: the API answered with an error status (after the retries, when it was worth retrying);
 * - network: no answer (connection refused or reset, DNS, timeout) after the retries;
 * - request: the request could not be built (a bad header value or URL); not retried;
 * - cross-origin: a redirect or pagination link to another origin, refused (the token stays home);
 * - bad-reply: the answer is not what the API sends (not JSON, wrong shape, too big, a redirect loop);
 * - too-many: more comments or pages than aifinops reads.
 */
export type ApiFailure = 'status' | 'network' | 'request' | 'cross-origin' | 'bad-reply' | 'too-many';

/** A request that failed for good. The message is already scrubbed. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: ApiFailure,
    readonly status: number | null,
    readonly method: string,
    readonly path: string,
  ) {
    super(redact(message));
    this.name = 'ApiError';
  }
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Statuses that say the request was not acted on: safe to send again, even a POST. */
const NOT_PROCESSED = new Set([408, 429]);
/** Connection failures before anything was sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Said when a POST is not sent twice: a second one could post a duplicate comment. */
const ONCE = ' (a POST that may have been acted on is not sent again)';
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
/** Same-origin redirects followed in one attempt. */
export const MAX_REDIRECTS = 5;
/** Largest reply read: a page of 100 comments is rarely above 1 MiB (GitHub caps a comment at 65,536 characters). */
export const MAX_REPLY_BYTES = 32 * 1024 * 1024;
/** Of an error reply only the start is read: only an excerpt is ever shown. */
const MAX_ERROR_BYTES = 64 * 1024;

function delayFor(attempt: number, cfg: HttpConfig, res?: Response): number {
  const ra = res?.headers.get('retry-after');
  if (ra) {
    const secs = Number(ra);
    const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(ra) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, cfg.maxDelayMs);
  }
  const reset = res?.headers.get('x-ratelimit-reset');
  if (res && res.headers.get('x-ratelimit-remaining') === '0' && reset) {
    const ms = Number(reset) * 1000 - Date.now();
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), cfg.maxDelayMs);
  }
  const base = cfg.baseDelayMs * 2 ** attempt;
  return Math.min(base * (0.8 + Math.random() * 0.4), cfg.maxDelayMs);
}

function isRateLimited(res: Response): boolean {
  return res.status === 403 && (res.headers.get('x-ratelimit-remaining') === '0' || res.headers.has('retry-after'));
}

/** The reply's text, read while it arrives and stopped at `cap` bytes. */
async function readCapped(res: Response, cap: number): Promise<{ text: string; over: boolean }> {
  const declared = Number(res.headers.get('content-length'));
  if (!res.body) return { text: '', over: false };
  if (Number.isFinite(declared) && declared > cap) {
    await res.body.cancel().catch(() => undefined);
    return { text: '', over: true };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      return { text: Buffer.concat(chunks).toString('utf8'), over: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), over: false };
}

function parseJson(text: string): { ok: true; data: unknown } | { ok: false } {
  if (!text.trim()) return { ok: true, data: null };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The API's own words from an error reply, as a short escaped excerpt. */
function apiMessage(text: string): string {
  const parsed = parseJson(text);
  if (!parsed.ok) return excerpt(text);
  const data = parsed.data;
  if (typeof data === 'string') return excerpt(data);
  if (data && typeof data === 'object') {
    const o = data as { message?: unknown; error?: unknown };
    const m = o.message ?? o.error;
    if (typeof m === 'string') return excerpt(m);
    if (m !== undefined) return excerpt(JSON.stringify(m));
  }
  return '';
}

/**
 * Timeouts and connection failures are worth another attempt; a request that cannot be built is
 * not. `sent`: the request may have reached the server (only a refused or unresolved connection says it did not).
 */
function fetchFailure(err: unknown, cfg: HttpConfig): { retry: boolean; sent: boolean; what: string } {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { retry: true, sent: true, what: `timed out after ${cfg.timeoutMs} ms` };
  if (e instanceof TypeError && e.message === 'fetch failed') {
    const code = e.cause?.code;
    return { retry: true, sent: !(code && NOT_SENT.has(code)), what: `${code ?? e.cause?.message ?? e.message}` };
  }
  if (e instanceof TypeError) return { retry: false, sent: false, what: e.message };
  const code = (e as NodeJS.ErrnoException)?.code;
  return { retry: true, sent: true, what: code ?? e?.message ?? String(err) };
}

function pathOf(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
}

export async function request(cfg: HttpConfig, method: string, path: string, body?: unknown): Promise<HttpResponse> {
  registerSecret(cfg.secret);
  const first = /^https?:\/\//i.test(path) ? path : `${cfg.baseUrl.replace(/\/+$/, '')}${path}`;
  const shown = redact(pathOf(first));
  const fail = (message: string, kind: ApiFailure, status: number | null = null) => new ApiError(`${cfg.name}: ${method} ${shown} ${message}`, kind, status, method, shown);
  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  // a POST creates a comment: it is sent again only when the server surely did not act on it
  const once = method === 'POST';
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    let text = '';
    let over = false;
    try {
      const signal = AbortSignal.timeout(cfg.timeoutMs);
      let url = first;
      let verb = method;
      let payload = body === undefined ? undefined : JSON.stringify(body);
      for (let hop = 0; ; hop++) {
        res = await fetch(url, {
          method: verb,
          headers: { ...cfg.headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: payload,
          signal,
          redirect: 'manual',
        });
        if (!REDIRECT_STATUS.has(res.status)) break;
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        let next: URL | null = null;
        try {
          next = location ? new URL(location, url) : null;
        } catch {
          /* refused below */
        }
        if (!next) throw fail(`→ ${res.status}: a redirect without a valid Location`, 'bad-reply', res.status);
        if (next.origin !== new URL(url).origin) {
          throw fail(
            `→ ${res.status}: redirected from ${showOrigin(url)} to another origin, ${showOrigin(next.href)}; not followed, so the token is not sent there`,
            'cross-origin',
            res.status,
          );
        }
        if (next.username || next.password) throw fail(`→ ${res.status}: redirected to a URL with a user name or password in it; not followed`, 'cross-origin', res.status);
        if (hop >= MAX_REDIRECTS) throw fail(`→ more than ${MAX_REDIRECTS} redirects (last to ${redact(pathOf(next.href))})`, 'bad-reply', res.status);
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && verb === 'POST')) {
          verb = 'GET';
          payload = undefined;
        }
        url = next.href;
      }
      ({ text, over } = await readCapped(res, res.ok ? MAX_REPLY_BYTES : MAX_ERROR_BYTES));
    } catch (err) {
      if (err instanceof ApiError) throw err;
      const f = fetchFailure(err, cfg);
      if (!f.retry) throw fail(`could not be sent: ${excerpt(f.what)}`, 'request');
      if (once && f.sent) throw fail(`failed: ${excerpt(f.what)}${ONCE}`, 'network');
      res = undefined;
      last = f.what;
    }
    if (res) {
      const status = `${res.status}${res.statusText ? ` ${excerpt(res.statusText, 60)}` : ''}`;
      if (res.ok) {
        if (over) throw fail(`→ ${status}: the reply is larger than ${MAX_REPLY_BYTES / 1024 / 1024} MiB`, 'bad-reply', res.status);
        const parsed = parseJson(text);
        if (!parsed.ok) throw fail(`→ ${status}, but the reply is not JSON: "${excerpt(text, 120)}"`, 'bad-reply', res.status);
        return { status: res.status, headers: res.headers, data: parsed.data };
      }
      const msg = apiMessage(text);
      last = `${status}${msg ? `: ${msg}` : ''}`;
      const worth = RETRY_STATUS.has(res.status) || isRateLimited(res);
      const safe = !once || NOT_PROCESSED.has(res.status) || isRateLimited(res);
      if (!worth || !safe || attempt >= cfg.retries) {
        throw new ApiError(`${cfg.name}: ${method} ${shown} → ${last}${worth && !safe ? ONCE : ''}`, 'status', res.status, method, shown);
      }
    } else if (attempt >= cfg.retries) {
      throw fail(`failed after ${attempt + 1} attempt${attempt ? 's' : ''}: ${excerpt(last)}`, 'network');
    }
    const wait = delayFor(attempt, cfg, res);
    cfg.log?.(redact(`${cfg.name}: ${method} ${shown} → ${last}; retrying in ${(wait / 1000).toFixed(1)} s (${attempt + 1}/${cfg.retries})`));
    await sleep(wait);
  }
}

/**
 * Check a reply against its schema; a reply of the wrong shape is an ApiError (`bad-reply`) that
 * says what was expected, where, and what came instead (as a short excerpt).
 */
export function checkReply<T>(cfg: Pick<HttpConfig, 'name'>, method: string, path: string, res: HttpResponse, schema: z.ZodType<T>, what: string): T {
  const r = schema.safeParse(res.data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the reply';
  const shown = redact(pathOf(path));
  let got: unknown = res.data;
  for (const k of issue.path) got = got !== null && typeof got === 'object' ? (got as Record<PropertyKey, unknown>)[k] : undefined;
  const gotText = got === undefined ? 'nothing' : Array.isArray(got) ? `a list of ${got.length}` : (JSON.stringify(got) ?? typeof got).slice(0, 2000);
  throw new ApiError(
    `${cfg.name}: ${method} ${shown} → ${res.status}, but the reply is not ${what}: ${where}: ${excerpt(issue.message, 120)} (got ${excerpt(gotText, 80)})`,
    'bad-reply',
    res.status,
    method,
    shown,
  );
}
