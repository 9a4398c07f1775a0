/** Colour lives only in renderers. One switch decides it per run. */
import type * as ChalkModule from 'chalk';
import { allowColourCodes } from '../util/output.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** The terminal columns the output must fit (render/fit.ts); undefined for the full width (pipes, files, --wide). */
  readonly width?: number | undefined;
}

const plain = (s: string): string => s;
const PLAIN: Style = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

/** The same style for output set in by `by` columns (a table indented under a heading). */
export function inset(style: Style, by: number): Style {
  return style.width === undefined ? style : { ...style, width: style.width - by };
}

/**
 * Without colour, text passes through as it is; chalk is loaded only for colour (`require`, which
 * the bundle initialises on that first call: most runs write to a file, a pipe or CI).
 */
export function makeStyle(color: boolean, width?: number): Style {
  if (!color) return width === undefined ? PLAIN : { ...PLAIN, width };
  allowColourCodes();
  const { Chalk } = require('chalk') as typeof ChalkModule;
  const c = new Chalk({ level: 1 });
  return { bold: c.bold, dim: c.dim, red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan, width };
}

/**
 * Colour, decided in this order (docs/terminal.md): `--no-color` → none; NO_COLOR (not empty) →
 * none; FORCE_COLOR → colour, unless it is `0` or `false` (then none); TERM=dumb → none;
 * otherwise colour when stdout is a terminal. `isTTY` is asked last: looking at process.stdout
 * sets up Node's stream machinery, which a run whose colour is already decided never needs.
 */
export function wantColor(flag: boolean | undefined, isTTY: () => boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return Boolean(isTTY());
}

/** A report's warnings added to `out` under a blank line, one `warning:` line each, one by one (a list from input is never spread into a call); none: nothing. */
export function addWarningLines(out: string[], warnings: readonly string[], style: Style): void {
  if (warnings.length) out.push('');
  for (const w of warnings) out.push(style.yellow(`warning: ${w}`));
}
