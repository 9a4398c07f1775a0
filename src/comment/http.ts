/**
 * JSON over HTTP on the global fetch, with retries and exponential back-off for what is worth
 * retrying: network errors, timeouts, 408, 429, 5xx and rate limits (honouring Retry-After and
 * x-ratelimit-reset up to a cap). The token travels in a header only and is scrubbed from every
 * message.
 */

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
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (msg: string) => void;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  data: unknown;
}

/** A request that failed for good (after retries, or with a status not worth retrying). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function scrub(s: string, secret: string): string {
  return secret ? s.split(secret).join('***') : s;
}

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

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function apiMessage(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 300);
  if (data && typeof data === 'object') {
    const o = data as { message?: unknown; error?: unknown };
    const m = o.message ?? o.error;
    if (typeof m === 'string') return m;
    if (m !== undefined) return JSON.stringify(m).slice(0, 300);
  }
  return '';
}

export async function request(cfg: HttpConfig, method: string, path: string, body?: unknown): Promise<HttpResponse> {
  const url = path.startsWith('http://') || path.startsWith('https://') ? path : `${cfg.baseUrl.replace(/\/+$/, '')}${path}`;
  const shown = url.replace(/^https?:\/\/[^/]+/, '');
  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    try {
      res = await fetch(url, {
        method,
        headers: { ...cfg.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(cfg.timeoutMs),
        redirect: 'follow',
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      last = e.name === 'TimeoutError' ? `timed out after ${cfg.timeoutMs} ms` : `${e.cause?.code ?? e.cause?.message ?? e.message}`;
    }
    if (res) {
      const data = await readBody(res);
      if (res.ok) return { status: res.status, headers: res.headers, data };
      const msg = apiMessage(data);
      last = `${res.status} ${res.statusText}${msg ? `: ${msg}` : ''}`;
      if (!(RETRY_STATUS.has(res.status) || isRateLimited(res)) || attempt >= cfg.retries) {
        throw new ApiError(scrub(`${cfg.name}: ${method} ${shown} → ${last}`, cfg.secret), res.status, method, shown);
      }
    } else if (attempt >= cfg.retries) {
      throw new ApiError(scrub(`${cfg.name}: ${method} ${shown} failed after ${attempt + 1} attempt${attempt ? 's' : ''}: ${last}`, cfg.secret), null, method, shown);
    }
    const wait = delayFor(attempt, cfg, res);
    cfg.log?.(scrub(`${cfg.name}: ${method} ${shown} → ${last}; retrying in ${(wait / 1000).toFixed(1)} s (${attempt + 1}/${cfg.retries})`, cfg.secret));
    await sleep(wait);
  }
}
