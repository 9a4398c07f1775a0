/** GitLab merge-request notes, REST v4 on the global fetch. */
import { GITLAB_MAX_CHARS } from '../render/diff.js';
import { request, type HttpConfig } from './http.js';
import type { Platform, RemoteComment } from './platform.js';

export const GITLAB_DEFAULT_API = 'https://gitlab.com/api/v4';
const MAX_PAGES = 100;

interface GlNote {
  id: number;
  body?: string | null;
  system?: boolean;
}

export function gitlabPlatform(http: Omit<HttpConfig, 'name' | 'headers'>, project: string, mr: number, webUrl: string | null): Platform {
  const cfg: HttpConfig = {
    ...http,
    name: 'GitLab API',
    headers: { 'private-token': http.secret, 'user-agent': `aifinops/${__AIFINOPS_VERSION__}`, accept: 'application/json' },
  };
  const base = `/projects/${encodeURIComponent(project)}/merge_requests/${mr}/notes`;
  const toComment = (n: GlNote): RemoteComment => ({ id: String(n.id), body: n.body ?? '', url: webUrl ? `${webUrl}#note_${n.id}` : null });
  return {
    name: 'GitLab',
    target: `${project}!${mr}`,
    maxChars: GITLAB_MAX_CHARS,
    async list() {
      const out: RemoteComment[] = [];
      let page: string | null = '1';
      for (let i = 0; page && i < MAX_PAGES; i++) {
        const res = await request(cfg, 'GET', `${base}?sort=asc&order_by=created_at&per_page=100&page=${encodeURIComponent(page)}`);
        const list = Array.isArray(res.data) ? (res.data as GlNote[]) : [];
        out.push(...list.filter((n) => !n.system).map(toComment));
        const next = res.headers.get('x-next-page');
        page = next && next.trim() !== '' ? next.trim() : null;
      }
      return out;
    },
    async create(body) {
      return toComment((await request(cfg, 'POST', base, { body })).data as GlNote);
    },
    async update(id, body) {
      return toComment((await request(cfg, 'PUT', `${base}/${encodeURIComponent(id)}`, { body })).data as GlNote);
    },
    async remove(id) {
      await request(cfg, 'DELETE', `${base}/${encodeURIComponent(id)}`);
    },
  };
}
