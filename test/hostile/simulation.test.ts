/**
 * Simulation at scale (issue 13 item 14, issue 16): a pipeline of 1,000 stages × 50 models with two
 * distributions runs to the end, bounded in memory and time, with a report and no stack trace. The
 * kernel written as one function overflowed the stack here ("Maximum call stack size exceeded",
 * exit 70).
 *
 * Run like the hostile suite's cases (harness.ts), with a larger address-space limit: loading and
 * reporting 50,000 stage models needs more than the suite's 1 GiB of address space even with one
 * sample (the Monte Carlo itself adds some 20–50 MB of resident memory here), so this case gets
 * 2 GiB of address space and V8's heap stays capped at 512 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript shared with the benchmarks
import { bigCatalogue, bigScenario } from '../../bench/big-pipeline.mjs';
import { BIN, TEST_CACHE_DIR } from '../helpers/cli.js';
import { STACK } from './harness.js';

const LIMIT_KB = 2 * 1024 * 1024;

describe('hostile input: simulation at scale', () => {
  it('1,000 stages × 50 models with two distributions: estimate completes (exit 0, a report, no stack trace)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-hostile-sim-'));
    try {
      writeFileSync(join(dir, 'big.yaml'), bigCatalogue(50) as string);
      writeFileSync(join(dir, 'huge.yaml'), bigScenario({ stages: 1000, models: 50, distributions: 2 }) as string);
      const r = spawnSync('bash', ['-c', `ulimit -v ${LIMIT_KB}; exec '${process.execPath}' --max-old-space-size=512 '${BIN}' estimate huge.yaml --samples 2000 -f json`], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', AIFINOPS_CACHE_DIR: TEST_CACHE_DIR },
        encoding: 'utf8',
        timeout: 240_000,
        killSignal: 'SIGKILL',
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(r.signal, `killed by ${r.signal} (timeout or memory limit)\nstderr: ${r.stderr.slice(0, 500)}`).toBeNull();
      expect(r.status, r.stderr.slice(0, 800)).toBe(0);
      expect(r.stderr).not.toMatch(STACK);
      const report = JSON.parse(r.stdout) as { scenarios: { uncertainty: { samples: number; monthly_cost: { p50: number; p95: number } } }[] };
      const u = report.scenarios[0]!.uncertainty;
      expect(u.samples).toBe(2000);
      expect(u.monthly_cost.p50).toBeGreaterThan(0);
      expect(u.monthly_cost.p95).toBeGreaterThan(u.monthly_cost.p50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 260_000);
});
