/** GitHub pull-request comments (issue comments API), REST v3 on the global fetch. */
import { GITHUB_MAX_CHARS } from '../render/diff.js';
import { ApiError, request, type HttpConfig } from './http.js';
import type { Platform, RemoteComment } from './platform.js';

export const GITHUB_DEFAULT_API = 'https://api.github.com';
const MAX_PAGES = 100;

interface GhComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

function toComment(c: GhComment): RemoteComment {
  return { id: String(c.id), body: c.body ?? '', url: c.html_url ?? null };
}

function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1]!;
  }
  return null;
}

/** Follow a pagination link only on the API's own host (the token must not travel elsewhere). */
function samePlace(link: string | null, baseUrl: string): string | null {
  if (!link) return null;
  try {
    const u = new URL(link, baseUrl);
    const b = new URL(baseUrl);
    if (u.origin === b.origin) return u.href;
  } catch {
    /* fall through */
  }
  throw new ApiError(`GitHub API: the next page of comments is on another host (${link.replace(/[?#].*$/, '')}); not sending the token there`, null, 'GET', link);
}

export function githubPlatform(http: Omit<HttpConfig, 'name' | 'headers'>, repo: string, pr: number): Platform {
  const cfg: HttpConfig = {
    ...http,
    name: 'GitHub API',
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${http.secret}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': `aifinops/${__AIFINOPS_VERSION__}`,
    },
  };
  const [owner, name] = repo.split('/').map(encodeURIComponent);
  const base = `/repos/${owner}/${name}`;
  return {
    name: 'GitHub',
    target: `${repo}#${pr}`,
    maxChars: GITHUB_MAX_CHARS,
    async list() {
      const out: RemoteComment[] = [];
      let path: string | null = `${base}/issues/${pr}/comments?per_page=100`;
      for (let page = 0; path && page < MAX_PAGES; page++) {
        const res = await request(cfg, 'GET', path);
        const list = Array.isArray(res.data) ? (res.data as GhComment[]) : [];
        out.push(...list.map(toComment));
        path = samePlace(nextLink(res.headers.get('link')), cfg.baseUrl);
      }
      return out;
    },
    async create(body) {
      return toComment((await request(cfg, 'POST', `${base}/issues/${pr}/comments`, { body })).data as GhComment);
    },
    async update(id, body) {
      return toComment((await request(cfg, 'PATCH', `${base}/issues/comments/${encodeURIComponent(id)}`, { body })).data as GhComment);
    },
    async remove(id) {
      await request(cfg, 'DELETE', `${base}/issues/comments/${encodeURIComponent(id)}`);
    },
  };
}
