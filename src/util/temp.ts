/**
 * Temporary files for atomic output (docs/security.md): one name scheme, cleaned up on SIGINT and
 * SIGTERM, and cleaned by the next run after a SIGKILL.
 *
 * A temporary file for `dir/name` is `dir/.name.aifinops-tmp-<pid>`: in the same folder (so the
 * rename is atomic) and hidden. Writes are synchronous, so a SIGINT/SIGTERM that arrives during
 * one is handled after it (the handler below runs on the event loop): the handler removes any
 * temporary file still pending and re-raises the signal, so the exit status stays 130/143. A run
 * killed outright (SIGKILL) leaves its file behind; the next write to the same name removes every
 * `.name.aifinops-tmp-<pid>` whose process is gone.
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const MARK = '.aifinops-tmp-';

/** The temporary file this process uses for `file`. */
export function tempPathFor(file: string, pid = process.pid): string {
  return join(dirname(file), `.${basename(file)}${MARK}${pid}`);
}

/** True when process `pid` is gone (ESRCH); a process of another user (EPERM) is alive. */
function isDead(pid: number): boolean {
  if (pid === process.pid) return true; // a file with our own pid is from a dead process that had it before
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Remove the temporary files of `file` that processes now gone left behind. Best effort. */
export function removeStaleTemps(file: string): string[] {
  const dir = dirname(file);
  const prefix = `.${basename(file)}${MARK}`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = name.slice(prefix.length);
    if (!/^[1-9]\d{0,9}$/.test(pid) || !isDead(Number(pid))) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    } catch {
      /* not ours to remove: leave it */
    }
  }
  return removed;
}

const pending = new Set<string>();
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const t of pending) rmSync(t, { force: true });
  pending.clear();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  installed = false;
  process.kill(process.pid, signal); // the default action now: exit as the signal says (130, 143)
}

/** Track a temporary file until `releaseTemp`: a SIGINT/SIGTERM meanwhile removes it. */
export function trackTemp(tmp: string): void {
  pending.add(tmp);
  if (!installed) {
    // Kept for the rest of the run once installed: removing it after a write could drop a signal
    // that arrived during the write and is waiting for the event loop.
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    installed = true;
  }
}

/** The temporary file is gone (renamed into place or removed): stop tracking it. */
export function releaseTemp(tmp: string): void {
  pending.delete(tmp);
}

/** For tests: the temporary files a signal would remove now. */
export function pendingTemps(): string[] {
  return [...pending];
}
