/**
 * A small Chrome DevTools Protocol client over `--remote-debugging-pipe` (Node 20 has no WebSocket
 * client): Chromium reads commands on fd 3 and writes replies and events on fd 4, each a JSON
 * message ended by a NUL byte. One page target, attached in flat mode; `send` goes to the page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = process.env.AIFINOPS_CHROMIUM ?? '/usr/bin/chromium';

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
}

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private buffer = '';
  /** Every event the page sent, in order. */
  readonly events: CdpEvent[] = [];
  private waiters: { method: string; resolve: (e: CdpEvent) => void }[] = [];
  private sessionId: string | undefined;
  private stderr = '';

  private constructor(private readonly proc: ChildProcess, private readonly profile: string) {
    const out = proc.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.receive(chunk));
    (proc.stderr as Readable).on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    proc.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited:\n${this.stderr}`));
      this.pending.clear();
    });
  }

  /** Start headless Chromium with its own profile and a page of `width`×`height`, attached to one blank page. */
  static async launch(width = 1200, height = 900): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'aifinops-cdp-'));
    const proc = spawn(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check', '--hide-scrollbars', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, '--remote-debugging-pipe'],
      // its own process group, so close() can stop the helper processes (renderer, crashpad) too
      { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'], detached: true },
    );
    const b = new Browser(proc, profile);
    const { targetId } = (await b.browserSend('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await b.browserSend('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    b.sessionId = sessionId;
    return b;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) !== -1) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message}`));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method) {
        const ev = { method: msg.method, params: msg.params ?? {} };
        this.events.push(ev);
        const ready = this.waiters.filter((w) => w.method === ev.method);
        this.waiters = this.waiters.filter((w) => w.method !== ev.method);
        for (const w of ready) w.resolve(ev);
      }
    }
  }

  private raw(method: string, params: Record<string, unknown>, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const text = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      // no answer within a minute: fail the test instead of hanging it
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`chromium did not answer ${method} within 60 s:\n${this.stderr}`));
      }, 60_000);
      timer.unref();
      this.pending.set(id, { resolve: (r) => (clearTimeout(timer), resolve(r)), reject: (e) => (clearTimeout(timer), reject(e)) });
      (this.proc.stdio[3] as Writable).write(`${text}\0`);
    });
  }

  browserSend(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.raw(method, params);
  }

  /** A command to the page. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.raw(method, params, this.sessionId);
  }

  /** The next event named `method` (one already received after `since` counts). */
  waitFor(method: string, since = 0): Promise<CdpEvent> {
    const seen = this.events.slice(since).find((e) => e.method === method);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** The value of a page expression (awaited when it is a promise); a thrown exception rejects. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as { result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  async close(): Promise<void> {
    const exited = this.proc.exitCode !== null || this.proc.signalCode !== null ? Promise.resolve() : new Promise((r) => this.proc.once('exit', r));
    try {
      await Promise.race([this.browserSend('Browser.close'), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    // whatever of the group is left (helper processes can outlive the browser and still write to the profile)
    try {
      process.kill(-this.proc.pid!, 'SIGKILL');
    } catch {
      // the group is gone already (ESRCH)
    }
    await exited;
    // the temporary profile is removed on a best-effort basis: a file a dying helper wrote late
    // (ENOTEMPTY) says nothing about the page under test
    for (let attempt = 0; ; attempt++) {
      try {
        rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
        return;
      } catch (err) {
        if (attempt >= 10 || (err as NodeJS.ErrnoException).code !== 'ENOTEMPTY') return;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}
