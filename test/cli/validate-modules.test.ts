/**
 * `aifinops validate scenarios/ pricing/ quotes/` loads no Node module it does not need: not
 * node:crypto (prompt files and templates are hashed in JavaScript, src/util/sha256.ts) and not
 * Node's stream machinery (its warnings go to fd 2 in one write, not through process.stderr, which
 * builds a socket for a pipe). Each costs a short run more CPU than the files it checks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'aifinops-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the CLI with stdout and stderr piped; the Node built-ins it loaded. */
function builtinsLoaded(args: string[], cacheDir: string): { code: number | null; stderr: string; loaded: string[] } {
  const out = join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const preload = join(dir, 'record.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join('\\n')));\n`);
  const r = spawnSync(process.execPath, ['--require', preload, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: cacheDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const loaded = readFileSync(out, 'utf8').split('\n').filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  return { code: r.status, stderr: r.stderr, loaded };
}

describe('validate of the bundled files', () => {
  it('loads neither node:crypto nor a stream, with or without counts in the token cache', () => {
    const cache = join(dir, 'cache');
    for (const run of ['first (nothing cached)', 'second (counts and file hashes cached)']) {
      const r = builtinsLoaded(['validate', 'scenarios/', 'pricing/', 'quotes/'], cache);
      expect(r.code, run).toBe(0);
      expect(r.stderr, run).toMatch(/support-prompt-files\.yaml: warning: answer: system, tools, user tokens for anthropic\/claude-haiku-4-5 are estimates/);
      expect(r.loaded, run).toContain('fs');
      for (const m of ['crypto', 'stream', 'net', 'internal/streams/writable']) expect(r.loaded, `${run}: ${m}`).not.toContain(m);
    }
  });

  it('still writes every problem to stderr, in order, and exits 2', () => {
    const r = builtinsLoaded(['validate', 'test/fixtures/validate/many-problems.yaml', 'scenarios/support-prompt-files.yaml'], join(dir, 'cache'));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    // file by file, in the order given: the first file's problems, the second's warning, then the summary
    expect(lines.at(-2)).toMatch(/^scenarios\/support-prompt-files\.yaml: warning: /);
    const problems = lines.slice(0, -2);
    expect(problems.length).toBeGreaterThan(3);
    expect(problems.every((l) => /^test\/fixtures\/validate\/many-problems\.yaml:\d+:\d+: /.test(l))).toBe(true);
    const at = problems.map((l) => l.split(':').slice(1, 3).map(Number) as [number, number]);
    expect(at).toEqual([...at].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(lines.at(-1)).toBe(`aifinops: error: ${problems.length} problems in 1 of 2 files`);
    expect(r.loaded).not.toContain('net');
  });
});
