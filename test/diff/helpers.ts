/** Helpers for the diff and comment tests: temporary git repositories and an async CLI runner. */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT, runCli, type CliResult } from '../helpers/cli.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function tmp(prefix = 'aifinops-diff-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Deterministic commits (fixed identity and dates, no user config): the same tree gives the same commit id. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
}

export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** Replace everything but .git (and files in `keep`) with the content of `src`. */
export function replaceTree(dir: string, src: string, keep: string[] = []): void {
  for (const e of readdirSync(dir)) if (e !== '.git' && !keep.includes(e)) rmSync(join(dir, e), { recursive: true, force: true });
  cpSync(src, dir, { recursive: true });
}

/**
 * A repository for a `diff-<case>` fixture: `base/` committed, a baseline JSON report of it
 * written by `estimate`, then the working tree replaced by `head/` (uncommitted).
 */
export function fixtureRepo(name: string): { dir: string; baseCommit: string } {
  const dir = tmp();
  cpSync(join(FIXTURES, name, 'base'), dir, { recursive: true });
  initRepo(dir);
  const baseCommit = commitAll(dir, 'base');
  const files = readdirSync(join(dir, 'scenarios')).sort().map((f) => `scenarios/${f}`);
  const r = runCli(['estimate', ...files, '-f', 'json', '-o', 'baseline.json'], { cwd: dir });
  if (r.code !== 0) throw new Error(`estimate failed: ${r.stderr}`);
  replaceTree(dir, join(FIXTURES, name, 'head'), ['baseline.json']);
  return { dir, baseCommit };
}

/** Spawn the CLI without blocking the event loop (a fake API in this process must keep answering). */
export function runCliAsync(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TZ: 'UTC', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
