/**
 * The width a run's output must fit (docs/terminal.md):
 *   - `--wide`, `-o file`, or stdout that is not a terminal (a pipe, a file): no limit, the full table;
 *   - a terminal: COLUMNS when it is set to a whole number, else the terminal's own width, else 80;
 *   - AIFINOPS_TTY_COLUMNS=<n> makes any stdout count as a terminal of n columns (tests, the docs);
 *   - never less than MIN_WIDTH.
 */
import { fstatSync, statSync } from 'node:fs';
import { lazyBuiltin } from './builtin.js';

export const MIN_WIDTH = 40;
/** The width of a terminal that does not say. */
export const DEFAULT_WIDTH = 80;

const tty = lazyBuiltin<typeof import('node:tty')>('node:tty');

function columnsOf(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 ? Math.max(MIN_WIDTH, Math.min(n, 10_000)) : undefined;
}

export interface Stdout {
  isTTY(): boolean;
  /** The terminal's own width, if it says. */
  columns(): number | undefined;
}

/** The rule above, pure: `stdout` is asked only when the environment has not decided. */
export function outputWidth(opts: { wide?: boolean | undefined; toFile?: boolean | undefined }, env: NodeJS.ProcessEnv, stdout: Stdout): number | undefined {
  if (opts.wide || opts.toFile) return undefined;
  const forced = columnsOf(env.AIFINOPS_TTY_COLUMNS);
  if (forced !== undefined) return forced;
  if (!stdout.isTTY()) return undefined;
  return columnsOf(env.COLUMNS) ?? columnsOf(String(stdout.columns() ?? '')) ?? DEFAULT_WIDTH;
}

/**
 * This process's stdout (fd 1), looked at only when asked: process.stdout, and node:tty, set up
 * Node's stream and socket machinery, which a run into a pipe, a file or /dev/null never needs;
 * only another character device (a terminal) is asked further. /dev/null is known by its device
 * number, which no terminal has.
 */
function nullDevice(): number | undefined {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return undefined;
  }
}

export const processStdout: Stdout = {
  isTTY: () => {
    let rdev: number;
    try {
      const st = fstatSync(1);
      if (!st.isCharacterDevice()) return false;
      rdev = st.rdev;
    } catch {
      return false; // no stdout at all
    }
    if (process.platform !== 'win32' && rdev === nullDevice()) return false;
    return tty().isatty(1);
  },
  columns: () => process.stdout.columns,
};

/** The width of help text: the output width, or 80 when stdout is not a terminal (commander's own default). */
export function helpWidth(env: NodeJS.ProcessEnv = process.env): number {
  return outputWidth({}, env, processStdout) ?? DEFAULT_WIDTH;
}
