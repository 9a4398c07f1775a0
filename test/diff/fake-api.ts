/**
 * A fake GitHub and GitLab comments API on 127.0.0.1 (node:http), for the comment tests: it keeps
 * comments in memory, checks the token, paginates, records every request and can be told to fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredComment {
  id: number;
  body: string;
  /** GitLab system notes (ignored by the bot). */
  system?: boolean;
}

export interface Recorded {
  method: string;
  path: string;
  auth: string | undefined;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON (default `{ message: "injected <status>" }`). */
  body?: unknown;
  /** Sent as it is instead of `body` (truncated JSON, an HTML page …). */
  raw?: string | Buffer;
  /** Answer after this long. */
  delayMs?: number;
  /** Never answer (a stalled server); `drip`: send the headers and one byte of body, then stall. */
  stall?: 'headers' | 'drip';
}

export class FakeApi {
  constructor(readonly token = 'tok-9f8e7d6c5b4a-SECRET') {}
  comments: StoredComment[] = [];
  requests: Recorded[] = [];
  /** Faults served before real answers, one per request (null: answer that request normally). */
  faults: (Fault | null)[] = [];
  pageSize = 100;
  private nextId = 1000;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((r) => this.server?.close(() => r()));
    this.server?.closeAllConnections(); // stalled answers (Fault.stall) hold their connections open
    await closed;
  }

  reset(): void {
    this.comments = [];
    this.requests = [];
    this.faults = [];
    this.pageSize = 100;
    this.nextId = 1000;
  }

  add(body: string, extra: Partial<StoredComment> = {}): StoredComment {
    const c = { id: this.nextId++, body, ...extra };
    this.comments.push(c);
    return c;
  }

  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const gitlab = url.pathname.startsWith('/api/v4/');
    const auth = gitlab ? (req.headers['private-token'] as string | undefined) : req.headers.authorization;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, auth });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    const fault = this.faults.shift();
    if (fault) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.stall === 'headers') return; // never answers
      if (fault.stall === 'drip') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        return void res.write('[');
      }
      if (fault.raw !== undefined) {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        return void res.end(fault.raw);
      }
      return send(fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers);
    }
    if (auth !== (gitlab ? this.token : `Bearer ${this.token}`)) return send(401, { message: 'Bad credentials' });
    const body = raw ? (JSON.parse(raw) as { body?: string }) : {};
    const page = Number(url.searchParams.get('page') ?? '1');
    const slice = (list: StoredComment[]) => list.slice((page - 1) * this.pageSize, page * this.pageSize);
    const more = page * this.pageSize < this.comments.length;

    let m: RegExpExecArray | null;
    if (!gitlab) {
      if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
        if (m[1] !== 'acme' || m[2] !== 'app' || m[3] !== '7') return send(404, { message: 'Not Found' });
        if (req.method === 'GET') {
          const link = more ? { link: `<${this.url}${url.pathname}?per_page=100&page=${page + 1}>; rel="next", <${this.url}${url.pathname}?page=1>; rel="first"` } : undefined;
          return send(200, slice(this.comments).map((c) => ({ id: c.id, body: c.body, html_url: `https://github.example/acme/app/pull/7#issuecomment-${c.id}` })), link);
        }
        if (req.method === 'POST') {
          const c = this.add(body.body ?? '');
          return send(201, { id: c.id, body: c.body, html_url: `https://github.example/acme/app/pull/7#issuecomment-${c.id}` });
        }
      }
      if ((m = /^\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(url.pathname))) {
        const c = this.comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: 'Not Found' });
        if (req.method === 'PATCH') {
          c.body = body.body ?? '';
          return send(200, { id: c.id, body: c.body, html_url: `https://github.example/acme/app/pull/7#issuecomment-${c.id}` });
        }
        if (req.method === 'DELETE') {
          this.comments = this.comments.filter((x) => x !== c);
          res.writeHead(204);
          return void res.end();
        }
      }
      return send(404, { message: 'Not Found' });
    }
    if ((m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes(?:\/(\d+))?$/.exec(url.pathname))) {
      if (decodeURIComponent(m[1]!) !== 'group/app' || m[2] !== '5') return send(404, { message: '404 Not found' });
      if (!m[3] && req.method === 'GET') {
        return send(200, slice(this.comments).map((c) => ({ id: c.id, body: c.body, system: Boolean(c.system) })), { 'x-next-page': more ? String(page + 1) : '' });
      }
      if (!m[3] && req.method === 'POST') {
        const c = this.add(body.body ?? '');
        return send(201, { id: c.id, body: c.body, system: false });
      }
      const c = this.comments.find((x) => x.id === Number(m![3]));
      if (!c) return send(404, { message: '404 Note Not Found' });
      if (req.method === 'PUT') {
        c.body = body.body ?? '';
        return send(200, { id: c.id, body: c.body, system: false });
      }
      if (req.method === 'DELETE') {
        this.comments = this.comments.filter((x) => x !== c);
        res.writeHead(204);
        return void res.end();
      }
    }
    return send(404, { message: '404 Not found' });
  }
}
