/**
 * `--version`, `--help` and `completion <shell>` are printed from what the build stored
 * (dist/answers/, bin/aifinops.js) without loading the CLI bundle: byte for byte what the CLI
 * itself prints (AIFINOPS_STATIC_ANSWERS=off), with the same exit code and nothing on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aifinops-answers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a preload that reports every script the bin compiles (the CLI bundles go through vm.Script)
const spy = join(dir, 'spy.cjs');
writeFileSync(
  spy,
  `const vm = require('node:vm'); const S = vm.Script; const loaded = [];
   vm.Script = class extends S { constructor(src, o) { super(src, o); loaded.push(String(o && o.filename)); } };
   process.on('exit', () => process.stderr.write('loaded=' + JSON.stringify(loaded)));`,
);
const tty = (columns: number) => {
  const f = join(dir, `tty-${columns}.cjs`);
  writeFileSync(f, `Object.defineProperty(process.stdout, 'isTTY', { value: true }); Object.defineProperty(process.stdout, 'columns', { value: ${columns} }); const tty = require('node:tty'); const isatty = tty.isatty; tty.isatty = (fd) => fd === 1 || isatty(fd);`);
  return f;
};

function run(args: string[], { staticAnswers = true, preload = [] as string[] } = {}) {
  const r = spawnSync(process.execPath, [...preload.flatMap((p) => ['--require', p]), '--require', spy, 'bin/aifinops.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, AIFINOPS_STATIC_ANSWERS: staticAnswers ? 'on' : 'off' },
  });
  const err = r.stderr.toString('utf8');
  const m = /loaded=(\[.*\])$/.exec(err);
  return { status: r.status, stdout: r.stdout, stderr: m ? err.slice(0, m.index) : err, loaded: m ? (JSON.parse(m[1]!) as string[]) : null };
}

const LINES = [['--version'], ['-V'], ['--help'], ['-h'], ['help'], ['completion', 'bash'], ['completion', 'zsh'], ['completion', 'fish']];

describe('static answers', () => {
  it.each(LINES.map((a) => [a.join(' '), a] as const))('aifinops %s: the CLI’s bytes, exit code and stderr, without loading the CLI', (_, args) => {
    const fast = run([...args]);
    const full = run([...args], { staticAnswers: false });
    expect(full.loaded!.some((f) => f.endsWith('cli.cjs'))).toBe(true);
    expect(fast.loaded).toEqual([]);
    expect(fast.status).toBe(full.status);
    expect(fast.status).toBe(0);
    expect(fast.stderr).toBe(full.stderr);
    expect(fast.stderr).toBe('');
    expect(fast.stdout.length).toBeGreaterThan(5);
    expect(fast.stdout.equals(full.stdout)).toBe(true);
  });

  it('other command lines still go to the CLI (an option more, another shell, help for a command)', () => {
    for (const args of [['--version', '--no-color'], ['completion', 'tcsh'], ['help', 'estimate'], ['completion'], ['estimate', '--help']]) {
      expect(run(args).loaded!.length, args.join(' ')).toBe(1);
    }
  });

  it('help is wrapped to the output\'s width: stored help only into a pipe, not on a terminal or with AIFINOPS_TTY_COLUMNS', () => {
    const terminal = tty(100);
    const onTty = run(['--help'], { preload: [terminal] });
    expect(onTty.loaded!.length).toBe(1);
    expect(onTty.stdout.equals(run(['--help'], { preload: [terminal], staticAnswers: false }).stdout)).toBe(true);
    const forced = spawnSync(process.execPath, ['--require', spy, 'bin/aifinops.js', '--help'], { cwd: ROOT, env: { ...process.env, AIFINOPS_TTY_COLUMNS: '60' } });
    expect(forced.stderr.toString()).toMatch(/loaded=\["[^"]*cli\.cjs"\]/);
    const forcedFull = spawnSync(process.execPath, ['bin/aifinops.js', '--help'], { cwd: ROOT, env: { ...process.env, AIFINOPS_TTY_COLUMNS: '60', AIFINOPS_STATIC_ANSWERS: 'off' } });
    expect(forced.stdout.equals(forcedFull.stdout)).toBe(true);
    // the version and the completion scripts do not depend on the width
    expect(run(['--version'], { preload: [terminal] }).loaded).toEqual([]);
  });
});
