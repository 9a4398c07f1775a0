/**
 * The one scrubber for everything network code writes (issue 13): no credential reaches output.
 * - the secrets in use (registered when read from the environment) become `***`;
 * - the user name and password of a URL (`https://user:token@host`) are dropped;
 * - anything shaped like a token (GitHub ghp_/gho_/ghu_/ghs_/ghr_/github_pat_, GitLab glpat- and
 *   kin, JWTs, `Bearer …`, `PRIVATE-TOKEN: …`) becomes `***`, so a server body that echoes a
 *   credential — ours or anyone's — is never printed as it came.
 * `excerpt` adds what quoting untrusted text needs: control characters escaped, length capped.
 */
import { excerpt as inputExcerpt } from './excerpt.js';

const secrets = new Set<string>();

/** Remember a secret so that every later `redact` hides it (shorter than 4 characters: too common to hide). */
export function registerSecret(secret: string | null | undefined): void {
  if (!secret) return;
  for (const s of [secret, secret.trim()]) if (s.length >= 4) secrets.add(s);
}

/** For tests of this module only. */
export function forgetSecrets(): void {
  secrets.clear();
}

const TOKEN_PATTERNS: readonly RegExp[] = [
  // GitHub: personal, OAuth, user-to-server, server-to-server, refresh; fine-grained personal tokens
  /\bgh[pousr]_[A-Za-z0-9]{16,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{16,}/g,
  // GitLab: personal/project/group (glpat-), deploy, runner, CI job, trigger, feed, OAuth … tokens
  /\bgl[a-z]{2,8}-[A-Za-z0-9_-]{16,}/g,
  // JSON Web Tokens (GitLab CI_JOB_JWT, OIDC id tokens)
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
];

/** `Bearer x`, `token x`, `Basic x`; `private-token: x`, `authorization=x`, `"access_token": "x"`. */
const SCHEME = /\b(bearer|token|basic)(\s+)(?=[A-Za-z._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{8,}/gi;
const HEADER = /\b(authorization|private-token|job-token|x-api-key|access_token|api_key|password|secret)("?\s*[:=]\s*"?)(?:(bearer|token|basic)\s+)?(?!(?:bearer|token|basic)\s|\*\*\*)[^\s",;}&]{4,}/gi;
/** scheme://userinfo@ — userinfo has no `/`, `@` or whitespace. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@?#]*@/gi;

/** `text` with every credential form hidden (see the module comment). */
export function redact(text: string): string {
  let out = text;
  // longest first, so a secret that contains another is hidden whole
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  out = out.replace(USERINFO, '$1');
  for (const re of TOKEN_PATTERNS) out = out.replace(re, '***');
  out = out.replace(HEADER, (_m, key: string, sep: string, scheme: string | undefined) => `${key}${sep}${scheme ? `${scheme} ` : ''}***`);
  out = out.replace(SCHEME, (_m, scheme: string, sp: string) => `${scheme}${sp}***`);
  return out;
}

/** A URL for messages: no user name or password, no query or fragment (they can carry tokens too). */
export function showUrl(url: string): string {
  try {
    const u = new URL(url);
    return redact(`${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`);
  } catch {
    return redact(url.replace(/[?#].*$/s, '')).slice(0, 200);
  }
}

/** The origin of a URL for messages (`https://host:port`), without credentials. */
export function showOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return showUrl(url);
  }
}

/**
 * A short, safe quote of untrusted text (a server body): redacted, whitespace runs folded, then
 * quoted as every message quotes input (util/excerpt.ts: control, bidi and invisible characters
 * escaped), at most `max` characters in all.
 */
export function excerpt(text: string, max = 200): string {
  let folded = text.replace(/\s+/g, ' ').trim();
  // scrub a bounded window only; cut back to a separator so no token is scrubbed in half
  const window = max * 8;
  if (folded.length > window) folded = `${folded.slice(0, window).replace(/[A-Za-z0-9._~+/=-]+$/, '')}…`;
  const clean = redact(folded);
  const shown = inputExcerpt(clean, max);
  // a cut excerpt is `max` characters and "…": cut one shorter so the whole stays within `max`
  return shown.length <= max ? shown : inputExcerpt(clean, max - 1);
}

/** A link to print (a comment's web address): http(s) only, no user name or password, scrubbed; null if it is not one. */
export function outputUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    u.username = '';
    u.password = '';
    return redact(u.href);
  } catch {
    return null;
  }
}
