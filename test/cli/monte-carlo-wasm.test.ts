/**
 * The Monte Carlo's WebAssembly loops (src/core/sampler-wasm.ts, columns-wasm.ts) are an
 * implementation detail: where WebAssembly cannot run (`node --jitless` turns it off) the
 * JavaScript loops draw and summarise, and the reports are byte for byte the same.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, TEST_CACHE_DIR } from '../helpers/cli.js';

/** The CLI's stdout with extra node flags (the code cache off: it belongs to the default flags). */
function run(flags: string[], args: string[]): string {
  const r = spawnSync(process.execPath, [...flags, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', AIFINOPS_CACHE_DIR: TEST_CACHE_DIR, AIFINOPS_CODE_CACHE: 'off' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('the Monte Carlo with and without WebAssembly', () => {
  it.each([
    ['estimate', 'scenarios/rag-support-uncertain.yaml'],
    ['forecast', 'scenarios/coding-agent-growth.yaml'],
    ['forecast', 'scenarios/rag-support-uncertain.yaml'],
  ])('%s %s: the same JSON under node --jitless (no WebAssembly)', (command, file) => {
    const args = [command, file, '-f', 'json', '--samples', '3000'];
    const withWasm = run([], args);
    expect(withWasm).toContain('"p50"');
    expect(run(['--jitless'], args)).toBe(withWasm);
  });
});
