/**
 * The hostile-input suite's harness (issue 13): every case runs the real bin built from the
 * current source, under a hard memory limit (`ulimit -v`, 1 GiB of address space with glibc's
 * malloc arenas limited to two, plus V8's own heap cap) and a wall-clock timeout, so a regression
 * that hangs or balloons fails instead of stalling CI. Each case asserts the exit code, a message naming the culprit, empty stdout
 * (nothing half-printed) and no stack trace.
 *
 * Cases live in `test/hostile/*.test.ts`, one file per family, each a table handed to
 * `describeHostile`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, TEST_CACHE_DIR } from '../helpers/cli.js';

export interface HostileCase {
  /** What the attacker or clumsy user does. */
  name: string;
  /** Files to lay out in a fresh temporary folder (relative path → content). The folder is the cwd. */
  files?: Record<string, string | Buffer>;
  /** Prepares what `files` cannot hold (symbolic links, folders outside it), after they are written. */
  setup?: (dir: string) => void;
  /** Arguments to the bin; `$DIR` is replaced by the temporary folder. */
  args: string[];
  /** Extra environment. */
  env?: Record<string, string>;
  /** Standard input (default: empty). */
  input?: string | Buffer;
  /** Expected exit code (default 2). */
  code?: number;
  /** What stderr must contain: it names the culprit (a file, key path, flag or value). */
  stderr: RegExp | string | (RegExp | string)[];
  /** What stderr must not contain (e.g. a secret). */
  notStderr?: (RegExp | string)[];
  /** Stdout must be empty unless this is set. */
  stdout?: RegExp;
  /** Extra checks on the folder after the run. */
  after?: (dir: string, r: HostileResult) => void;
  /** Time limit, ms (default 20 s). */
  timeoutMs?: number;
}

export interface HostileResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  dir: string;
}

/** Address-space limit for a case, in KiB (1 GiB). */
export const MEMORY_LIMIT_KB = 1024 * 1024;

/**
 * glibc gives each thread that allocates a malloc arena of its own, and each arena reserves 64 MB
 * of address space however little of it is used. Node's threads (the main one, V8's workers for
 * compiling and garbage collection, libuv's) took a short run to ~1 GB of address space with
 * ~50–120 MB resident, so under the 1 GiB limit a case aborted (SIGABRT, `std::bad_alloc`) as soon
 * as one more thread allocated: a long line made the collector busy enough. Two arenas keep the
 * limit a measure of what a run uses (a 5 MB input peaks under 0.9 GB of address space).
 */
const MALLOC_ARENAS = '2';

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function runHostile(c: HostileCase): HostileResult {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-hostile-'));
  for (const [rel, content] of Object.entries(c.files ?? {})) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  c.setup?.(dir);
  const args = c.args.map((a) => a.replaceAll('$DIR', dir));
  const cmd = `ulimit -v ${MEMORY_LIMIT_KB}; exec ${quote(process.execPath)} --max-old-space-size=512 ${quote(BIN)} ${args.map(quote).join(' ')}`;
  const r = spawnSync('bash', ['-c', cmd], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined, TZ: 'UTC', AIFINOPS_CACHE_DIR: TEST_CACHE_DIR, MALLOC_ARENA_MAX: MALLOC_ARENAS, ...c.env },
    input: c.input ?? '',
    encoding: 'utf8',
    timeout: c.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', dir };
}

/** Stack-trace lines (`    at fn (file:1:2)`) and Node's internal error banners. */
export const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(node:)/m;

/**
 * What every hostile case asserts of its run: not killed (timeout or memory), the expected exit
 * code (2 unless said), no stack trace or "this is a bug", each wanted text on stderr and none of
 * the unwanted, and stdout as expected (empty unless a pattern is given).
 */
export function expectHandled(
  r: { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string },
  c: { code?: number; stderr: RegExp | string | (RegExp | string)[]; notStderr?: (RegExp | string)[]; stdout?: RegExp },
): void {
  expect(r.signal, `killed by ${r.signal} (timeout or memory limit)\nstderr: ${r.stderr.slice(0, 500)}`).toBeNull();
  expect(r.code, `stderr: ${r.stderr.slice(0, 800)}`).toBe(c.code ?? 2);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/this is a bug/i);
  for (const want of Array.isArray(c.stderr) ? c.stderr : [c.stderr]) {
    if (typeof want === 'string') expect(r.stderr).toContain(want);
    else expect(r.stderr).toMatch(want);
  }
  for (const bad of c.notStderr ?? []) {
    if (typeof bad === 'string') expect(r.stderr).not.toContain(bad);
    else expect(r.stderr).not.toMatch(bad);
  }
  if (c.stdout) expect(r.stdout).toMatch(c.stdout);
  else expect(r.stdout).toBe('');
}

export function describeHostile(family: string, cases: readonly HostileCase[]): void {
  describe(`hostile input: ${family}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        const r = runHostile(c);
        expectHandled(r, c);
        c.after?.(r.dir, r);
      }, (c.timeoutMs ?? 20_000) + 10_000);
    }
  });
}
