/** Colour lives only in renderers. One switch decides it per run. */
import type * as ChalkModule from 'chalk';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const plain = (s: string): string => s;
const PLAIN: Style = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

/**
 * Without colour, text passes through as it is; chalk is loaded only for colour (`require`, which
 * the bundle initialises on that first call: most runs write to a file, a pipe or CI).
 */
export function makeStyle(color: boolean): Style {
  if (!color) return PLAIN;
  const { Chalk } = require('chalk') as typeof ChalkModule;
  const c = new Chalk({ level: 1 });
  return { bold: c.bold, dim: c.dim, red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan };
}

/**
 * Colour is used when stdout is a terminal and neither NO_COLOR nor --no-color says otherwise.
 * `isTTY` is asked last: looking at process.stdout sets up Node's stream machinery, which a run
 * whose colour is already decided (or that writes to a file) never needs.
 */
export function wantColor(flag: boolean | undefined, isTTY: () => boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(isTTY());
}
