/**
 * The terminal around the tables (docs/terminal.md): when there is colour, help that wraps, and
 * a reader that goes away early (`| head -1`), through the real bin.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/render/grid.js';
import { wantColor } from '../../src/render/style.js';
import { outputWidth } from '../../src/util/terminal.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { inPty } from '../helpers/pty.js';

const ESTIMATE = ['estimate', 'scenarios/rag-support-assistant.yaml'];
const SGR = /\u001b\[/;

describe('colour', () => {
  const tty = () => true;
  const pipe = () => false;
  it('the rule, in order: --no-color, NO_COLOR, FORCE_COLOR (0/false = none), TERM=dumb, a terminal', () => {
    expect(wantColor(undefined, tty, {})).toBe(true);
    expect(wantColor(undefined, pipe, {})).toBe(false);
    expect(wantColor(false, tty, { FORCE_COLOR: '1' })).toBe(false);
    expect(wantColor(undefined, tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(wantColor(undefined, tty, { NO_COLOR: '' })).toBe(true); // an empty NO_COLOR does not count
    expect(wantColor(undefined, pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantColor(undefined, tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantColor(undefined, tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(wantColor(undefined, tty, { TERM: 'dumb' })).toBe(false);
    expect(wantColor(undefined, tty, { TERM: 'dumb', FORCE_COLOR: '1' })).toBe(true);
    expect(wantColor(undefined, tty, { TERM: 'xterm-256color' })).toBe(true);
  });

  it('in a real terminal: colour, but none with TERM=dumb, NO_COLOR or --no-color', () => {
    expect(inPty(ESTIMATE, 200, { NO_COLOR: undefined }).stdout).toMatch(SGR);
    expect(inPty(ESTIMATE, 200, { NO_COLOR: undefined, TERM: 'dumb' }).stdout).not.toMatch(SGR);
    expect(inPty(ESTIMATE, 200, { NO_COLOR: '1' }).stdout).not.toMatch(SGR);
    expect(inPty([...ESTIMATE, '--no-color'], 200, { NO_COLOR: undefined }).stdout).not.toMatch(SGR);
  });

  it('in a pipe: none, unless FORCE_COLOR', () => {
    expect(runCli(ESTIMATE, { env: { NO_COLOR: undefined } }).stdout).not.toMatch(SGR);
    expect(runCli(ESTIMATE, { env: { NO_COLOR: undefined, FORCE_COLOR: '1', TERM: 'dumb' } }).stdout).toMatch(SGR);
  });
});

describe('the width rule (util/terminal.ts)', () => {
  const term = (columns: number | undefined) => ({ isTTY: () => true, columns: () => columns });
  const pipe = { isTTY: () => false, columns: () => undefined };
  it('a terminal: COLUMNS, else its width, else 80; never below 40; a pipe, a file or --wide: no limit', () => {
    expect(outputWidth({}, {}, term(132))).toBe(132);
    expect(outputWidth({}, {}, term(undefined))).toBe(80);
    expect(outputWidth({}, {}, term(0))).toBe(80);
    expect(outputWidth({}, { COLUMNS: '90' }, term(132))).toBe(90);
    expect(outputWidth({}, { COLUMNS: 'wide' }, term(132))).toBe(132);
    expect(outputWidth({}, { COLUMNS: '39' }, term(132))).toBe(40);
    expect(outputWidth({}, { COLUMNS: '40' }, term(132))).toBe(40);
    expect(outputWidth({}, { COLUMNS: '90' }, pipe)).toBeUndefined();
    expect(outputWidth({ wide: true }, {}, term(80))).toBeUndefined();
    expect(outputWidth({ toFile: true }, {}, term(80))).toBeUndefined();
    expect(outputWidth({}, { AIFINOPS_TTY_COLUMNS: '70' }, pipe)).toBe(70);
    // nonsense is ignored, and an absurd width is capped (nothing to allocate per column)
    for (const v of ['-5', '1e3', '12.5', '', ' ', '0x50', 'Infinity']) expect(outputWidth({}, { COLUMNS: v }, term(100)), v).toBe(100);
    expect(outputWidth({}, { COLUMNS: '99999999999999999999' }, term(100))).toBe(10_000);
    expect(outputWidth({ wide: true }, { AIFINOPS_TTY_COLUMNS: '70' }, pipe)).toBeUndefined();
  });
});

describe('help', () => {
  const widest = (s: string) => Math.max(...s.split('\n').map(textWidth));
  it('the command list wraps at 80 columns in a pipe (it was 194), and at the terminal\'s width', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(widest(help.stdout)).toBeLessThanOrEqual(80);
    expect(help.stdout).toMatch(/^ {2}validate \[file\.\.\.\] +check scenario and catalogue files: every\n {32}problem at once/m);
    // the examples after the list are command lines, shown whole
    const at60 = runCli(['--help'], { env: { AIFINOPS_TTY_COLUMNS: '60' } }).stdout;
    expect(widest(at60.slice(0, at60.indexOf('Examples:')))).toBeLessThanOrEqual(60);
    expect(widest(inPty(['--help'], 100).stdout)).toBeGreaterThan(80);
  });

  it('every table command offers --wide', () => {
    for (const c of ['estimate', 'whatif', 'compare', 'sweep', 'levers', 'sensitivity', 'diff', 'breakeven', 'seats', 'quotes', 'forecast', 'tokens', 'validate']) {
      expect(runCli([c, '--help']).stdout, c).toMatch(/--wide/);
    }
    for (const c of ['list', 'show', 'diff']) expect(runCli(['pricing', c, '--help']).stdout, c).toMatch(/--wide/);
  });
});

describe('a reader that goes away early', () => {
  // `| head -1` closes the pipe while aifinops is still writing: EPIPE. Run each many times to
  // catch the race (before the fix, --help died with a stack trace in 8 of 10 runs).
  const cases = [['--help'], ['estimate', '--help'], ['--version'], ['pricing', 'list'], ['estimate', 'scenarios/rag-support-assistant.yaml', 'scenarios/coding-agent.yaml']];
  for (const args of cases) {
    it(`aifinops ${args.join(' ')} | head -1: exit 0, nothing on stderr, 20 times out of 20`, () => {
      const quoted = args.map((a) => `'${a}'`).join(' ');
      const script = `for i in $(seq 20); do '${process.execPath}' '${BIN}' ${quoted} 2>>"$ERR" | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"; done`;
      const err = `${spawnSync('mktemp', { encoding: 'utf8' }).stdout.trim()}`;
      const r = spawnSync('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ERR: err }, encoding: 'utf8', timeout: 120_000 });
      expect(r.stdout.trim().split('\n')).toEqual(Array(20).fill('0'));
      expect(spawnSync('cat', [err], { encoding: 'utf8' }).stdout).toBe('');
    });
  }

  // the reader is gone before aifinops starts (`sleep` first), so every write fails: stdout and stderr
  for (const [args, code] of [[['estimate', 'nothere.yaml'], 2], [['validate', 'scenarios/'], 0], [['estimate', 'scenarios/support-prompt-files.yaml'], 0]] as const) {
    it(`aifinops ${args.join(' ')} 2>&1 into a closed pipe: exit ${code}, no crash`, () => {
      const quoted = args.map((a) => `'${a}'`).join(' ');
      const script = `for i in 1 2 3; do (sleep 0.2; '${process.execPath}' '${BIN}' ${quoted} 2>&1; echo "$?" >&3) | head -c 0; done 3>&1 | cat`;
      const r = spawnSync('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
      expect(r.stdout.trim().split('\n')).toEqual([String(code), String(code), String(code)]);
    });
  }
});
