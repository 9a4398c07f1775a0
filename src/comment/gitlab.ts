/** GitLab merge-request notes, REST v4 on the global fetch. */
import { GITLAB_MAX_CHARS } from '../render/diff.js';
import { gitlabNextPageSchema, gitlabNoteListSchema, gitlabNoteSchema, type GitlabNote } from '../schema/comment-api.js';
import { excerpt } from '../util/redact.js';
import { ApiError, checkReply, request, type HttpConfig } from './http.js';
import { countPage, MAX_PAGES, tooManyPages, type Platform, type RemoteComment } from './platform.js';

export const GITLAB_DEFAULT_API = 'https://gitlab.com/api/v4';

export function gitlabPlatform(http: Omit<HttpConfig, 'name' | 'headers'>, project: string, mr: number, webUrl: string | null): Platform {
  const cfg: HttpConfig = {
    ...http,
    name: 'GitLab API',
    headers: { 'private-token': http.secret, 'user-agent': `aifinops/${__AIFINOPS_VERSION__}`, accept: 'application/json' },
  };
  const base = `/projects/${encodeURIComponent(project)}/merge_requests/${mr}/notes`;
  const target = `${project}!${mr}`;
  const toComment = (n: GitlabNote): RemoteComment => ({ id: String(n.id), body: n.body ?? '', url: webUrl ? `${webUrl}#note_${n.id}` : null });
  const note = async (method: string, path: string, body: unknown) => {
    const res = await request(cfg, method, path, body);
    return toComment(checkReply(cfg, method, path, res, gitlabNoteSchema, 'a note'));
  };
  return {
    name: 'GitLab',
    target,
    maxChars: GITLAB_MAX_CHARS,
    async list() {
      const out: RemoteComment[] = [];
      let seen = 0;
      let page: number | null = 1;
      for (let i = 0; page !== null; i++) {
        const path = `${base}?sort=asc&order_by=created_at&per_page=100&page=${page}`;
        if (i >= MAX_PAGES) throw tooManyPages(`GitLab API: ${target}`, 'GET', path);
        const res = await request(cfg, 'GET', path);
        if (!Array.isArray(res.data)) checkReply(cfg, 'GET', path, res, gitlabNoteListSchema, 'a list of notes');
        seen = countPage(seen, (res.data as unknown[]).length, `GitLab API: ${target}`, 'GET', path);
        for (const n of checkReply(cfg, 'GET', path, res, gitlabNoteListSchema, 'a list of notes')) if (!n.system) out.push(toComment(n));
        const header = (res.headers.get('x-next-page') ?? '').trim();
        const next = gitlabNextPageSchema.safeParse(header);
        if (!next.success) throw new ApiError(`GitLab API: GET ${path} → X-Next-Page is not a page number: "${excerpt(header, 40)}"`, 'bad-reply', res.status, 'GET', path);
        const n = next.data === '' ? null : Number(next.data);
        // pages only go forward: a server that points back would have us read (and count) forever
        if (n !== null && n <= page) throw new ApiError(`GitLab API: GET ${path} → X-Next-Page goes back to page ${n} (a loop)`, 'bad-reply', res.status, 'GET', path);
        page = n;
      }
      return out;
    },
    create: (body) => note('POST', base, { body }),
    update: (id, body) => note('PUT', `${base}/${encodeURIComponent(id)}`, { body }),
    async remove(id) {
      await request(cfg, 'DELETE', `${base}/${encodeURIComponent(id)}`);
    },
  };
}
