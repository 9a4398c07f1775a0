/**
 * Without the optional package @duckdb/node-api: the built package (bin/, dist/, the bundled
 * catalogues and package.json) copied into a folder with no node_modules anywhere above it, as a
 * user who installed aifinops without optional dependencies has it. The actuals commands stop with
 * exit 2 and the message a user sees (no stack trace, nothing written); estimate still works.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, TEST_CACHE_DIR } from '../helpers/cli.js';
import { fixture } from './helpers.js';

function installedWithoutDuckDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-noduck-'));
  for (const part of ['bin', 'dist', 'pricing', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  // no node_modules in the folder or above it: the package cannot be resolved
  for (let d = dir; d !== parse(d).root; d = dirname(d)) expect(existsSync(join(d, 'node_modules'))).toBe(false);
  return dir;
}

function run(dir: string, args: string[]) {
  return spawnSync(process.execPath, [join(dir, 'bin', 'aifinops.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: TEST_CACHE_DIR } });
}

describe('actuals without @duckdb/node-api', () => {
  it('import says how to install it (exit 2, one line, no stack trace, no store folder); estimate runs', () => {
    const dir = installedWithoutDuckDb();
    const message = 'aifinops: error: the actuals commands need the optional package @duckdb/node-api, which is not installed — install it beside aifinops: npm install @duckdb/node-api (estimate and the other commands do not need it)\n';
    const imp = run(dir, ['actuals', 'import', fixture('openai-usage.json')]);
    expect(imp.status).toBe(2);
    expect(imp.stdout).toBe('');
    expect(imp.stderr).toBe(message);
    expect(existsSync(join(dir, '.aifinops'))).toBe(false);
    const est = run(dir, ['estimate', fixture('support-openai.yaml'), '-f', 'json']);
    expect(est.stderr).toBe('');
    expect(est.status).toBe(0);
    expect(JSON.parse(est.stdout).scenarios[0].name).toBe('Support assistant (OpenAI)');
  });

  it('the estimate bundle does not mention the engine at all (it cannot load it by any path)', () => {
    expect(readFileSync(join(ROOT, 'dist', 'estimate.cjs'), 'utf8')).not.toMatch(/duckdb/i);
  });
});
