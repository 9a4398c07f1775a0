/** GitHub pull-request comments (issue comments API), REST v3 on the global fetch. */
import { GITHUB_MAX_CHARS } from '../render/diff.js';
import { githubCommentListSchema, githubCommentSchema, type GithubComment } from '../schema/comment-api.js';
import { outputUrl, showOrigin } from '../util/redact.js';
import { ApiError, checkReply, request, type HttpConfig } from './http.js';
import { countPage, MAX_PAGES, tooManyPages, type Platform, type RemoteComment } from './platform.js';

export const GITHUB_DEFAULT_API = 'https://api.github.com';

function toComment(c: GithubComment): RemoteComment {
  return { id: String(c.id), body: c.body ?? '', url: outputUrl(c.html_url) };
}

function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.slice(0, 16_384).split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1]!;
  }
  return null;
}

/** Follow a pagination link only on the API's own origin (the token must not travel elsewhere). */
function samePlace(link: string | null, baseUrl: string, current: string): string | null {
  if (!link) return null;
  let u: URL;
  try {
    u = new URL(link, baseUrl);
  } catch {
    throw new ApiError(`GitHub API: GET ${current}: the Link header's next page is not a URL`, 'bad-reply', null, 'GET', current);
  }
  const b = new URL(baseUrl);
  if (u.origin === b.origin && !u.username && !u.password) return u.href;
  throw new ApiError(
    `GitHub API: GET ${current}: the next page of comments is on another origin (${showOrigin(u.href)}, the API is ${showOrigin(baseUrl)}); not sending the token there`,
    'cross-origin',
    null,
    'GET',
    current,
  );
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
  const target = `${repo}#${pr}`;
  const comment = async (method: string, path: string, body: unknown) => {
    const res = await request(cfg, method, path, body);
    return toComment(checkReply(cfg, method, path, res, githubCommentSchema, 'a comment'));
  };
  return {
    name: 'GitHub',
    target,
    maxChars: GITHUB_MAX_CHARS,
    async list() {
      const out: RemoteComment[] = [];
      const visited = new Set<string>();
      let seen = 0;
      let path: string | null = `${base}/issues/${pr}/comments?per_page=100`;
      for (let page = 0; path; page++) {
        if (page >= MAX_PAGES) throw tooManyPages(`GitHub API: ${target}`, 'GET', path);
        const res = await request(cfg, 'GET', path);
        if (!Array.isArray(res.data)) checkReply(cfg, 'GET', path, res, githubCommentListSchema, 'a list of comments');
        seen = countPage(seen, (res.data as unknown[]).length, `GitHub API: ${target}`, 'GET', path);
        for (const c of checkReply(cfg, 'GET', path, res, githubCommentListSchema, 'a list of comments')) out.push(toComment(c));
        visited.add(/^https?:\/\//i.test(path) ? path : new URL(`${cfg.baseUrl}${path}`).href);
        const shown = path.replace(/^https?:\/\/[^/]*/i, '');
        path = samePlace(nextLink(res.headers.get('link')), cfg.baseUrl, shown);
        if (path && visited.has(path)) throw new ApiError(`GitHub API: GET ${shown}: the Link header's next page is a page already read (a loop)`, 'bad-reply', res.status, 'GET', shown);
      }
      return out;
    },
    create: (body) => comment('POST', `${base}/issues/${pr}/comments`, { body }),
    update: (id, body) => comment('PATCH', `${base}/issues/comments/${encodeURIComponent(id)}`, { body }),
    async remove(id) {
      await request(cfg, 'DELETE', `${base}/issues/comments/${encodeURIComponent(id)}`);
    },
  };
}
