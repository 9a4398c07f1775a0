/** The real bin in a real pseudo-terminal (util-linux `script`, part of every Debian system), as a person at a terminal runs it. */
import { spawnSync } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

/** Run the bin in a real pseudo-terminal of `cols` columns (util-linux `script`); the output with CR LF turned back into LF. */
export function inPty(args: string[], cols: number, env: Record<string, string | undefined> = {}): { code: number | null; stdout: string } {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // COLUMNS is set after stty: the shell script(1) starts resets it to the terminal's width after each command
  const columns = env.COLUMNS === undefined ? '' : `COLUMNS='${env.COLUMNS}' `;
  const r = spawnSync('script', ['-qec', `stty cols ${cols} rows 50; ${columns}exec '${process.execPath}' '${BIN}' ${quoted}`, '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TERM: 'xterm', TZ: 'UTC', AIFINOPS_TTY_COLUMNS: undefined, COLUMNS: undefined, ...env },
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw new Error(`could not run util-linux script(1) for a pseudo-terminal: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout.replace(/\r\n/g, '\n') };
}
