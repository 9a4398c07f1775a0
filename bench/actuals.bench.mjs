// Actuals at scale: a generated LiteLLM request-level log (default 10 million rows; set
// AIFINOPS_ACTUALS_ROWS to change it) imported, reported, compared and calibrated by the built
// CLI. Prints wall time, CPU time (user + system: on a shared machine the wall time depends on
// the other load, the CPU time much less) and peak resident memory (DuckDB's native memory
// included, from /usr/bin/time) of each step. A benchmark, never a test: the target is
// under a minute and under 2 GB for import + compare + calibrate on a 2-core machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const rows = Number(process.env.AIFINOPS_ACTUALS_ROWS ?? 10_000_000);
const days = 90;
const dir = mkdtempSync(join(tmpdir(), 'aifinops-actuals-bench-'));
const log = join(dir, 'spend_logs.csv');
const scenario = join(dir, 'support.yaml');
writeFileSync(scenario, `version: 1
name: Bench support assistant
match: { project: team-support }
traffic:
  requests_per_day: 50000
pipeline:
  - name: answer
    models: { gpt-5-mini: 0.8, gpt-5: 0.2 }
    input: { system: 1200, user: 600 }
    output: 300
`);

const timings = {};
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
function step(name, args) {
  const cmd = TIME ? TIME : process.execPath;
  const argv = TIME ? ['-f', '%M %U %S', process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const [kb, user, sys] = TIME ? r.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN, NaN];
  timings[name] = { wall: s, cpu: Number.isFinite(user) ? user + sys : NaN, kb };
  return [name, `${s.toFixed(1)} s`, Number.isFinite(user) ? `${(user + sys).toFixed(1)} s` : 'n/a', Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MiB` : 'n/a'];
}

try {
  const results = [];
  results.push(step(`generate ${rows.toLocaleString('en-US')} rows`, [join(root, 'scripts/actuals-fixtures.mjs'), '--litellm-rows', String(rows), '--days', String(days), log]));
  const bytes = statSync(log).size;
  const bin = join(root, 'bin/aifinops.js');
  results.push(step('actuals import', [bin, 'actuals', 'import', log]));
  results.push(step('actuals import again (nothing added)', [bin, 'actuals', 'import', log]));
  results.push(step('actuals report --by day', [bin, 'actuals', 'report', '--by', 'day', '-f', 'json']));
  results.push(step('actuals compare', [bin, 'actuals', 'compare', scenario, '-f', 'json']));
  results.push(step('calibrate', [bin, 'calibrate', scenario, '-f', 'json']));
  console.log(`log: ${(bytes / 2 ** 30).toFixed(2)} GiB CSV, ${days} days; store: ${(statSync(join(dir, '.aifinops/actuals.duckdb')).size / 2 ** 30).toFixed(2)} GiB\n`);
  const target = ['actuals import', 'actuals compare', 'calibrate'].map((k) => timings[k]);
  const sum = (f) => target.reduce((a, t) => a + t[f], 0);
  results.push(['import + compare + calibrate (the target: < 60 s, < 2 GB)', `${sum('wall').toFixed(1)} s`, `${sum('cpu').toFixed(1)} s`, `${(Math.max(...target.map((t) => t.kb)) / 1024).toFixed(0)} MiB (max)`]);
  const load = (await import('node:os')).loadavg()[0];
  console.log(`load average at the end: ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
  printTable(results, ['step', 'wall time', 'CPU time', 'peak RSS']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
