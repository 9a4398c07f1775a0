// `aifinops diff` over 500 generated scenario files against a single `estimate`, side by side in one
// run (interleaved), reporting medians, the time per scenario and the ratio. Target (issue 4): the
// 500-scenario diff finishes in a few seconds (≤ 5 s here).
// Two diffs: against a baseline JSON report (one side evaluated) and against a git ref (both sides
// evaluated, the base read through git without a checkout).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, timeCommandsCpu } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/aifinops.js');
const N = Number(process.env.BENCH_SCENARIOS ?? 500);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 5000;

const dir = mkdtempSync(join(tmpdir(), 'aifinops-bench-diff-'));
const git = (...args) => {
  const r = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};

function scenario(i, outputTokens) {
  const large = (i % 7) / 10;
  return `version: 1
name: Scenario ${i}
pricing: [../pricing/acme.yaml]
tags: { team: team-${i % 12} }
traffic: { requests_per_day: ${1000 + i * 37} }
pipeline:
  - name: route
    model: acme-small
    input: { system: 400, user: 120 }
    output: 20
  - name: answer
    models: { acme-small: ${(1 - large).toFixed(1)}, acme-large: ${large.toFixed(1)} }
    input: { system: 1800, tools: 300, context: ${2000 + (i % 9) * 250}, user: 150 }
    output: ${outputTokens}
    cache: { hit_rate: 0.6 }
    retry_rate: 0.02
costs:
  - { name: vector db, category: retrieval, monthly: ${100 + i} }
budget: { monthly: 1000000 }
`;
}



try {
  mkdirSync(join(dir, 'pricing'));
  mkdirSync(join(dir, 'scenarios'));
  copyFileSync(join(root, 'test/fixtures/catalogues/acme.yaml'), join(dir, 'pricing/acme.yaml'));
  const files = [];
  for (let i = 0; i < N; i++) {
    const f = `scenarios/s-${String(i).padStart(3, '0')}.yaml`;
    files.push(f);
    writeFileSync(join(dir, f), scenario(i, 300));
  }
  writeFileSync(join(dir, 'aifinops.yaml'), 'version: 1\nscenarios: ["scenarios/*.yaml"]\n');
  // a repository first: the scenarios' `pricing: [../pricing/acme.yaml]` must stay inside the one that holds them
  git('init', '-q');
  const est = spawnSync(process.execPath, [bin, 'estimate', ...files, '-f', 'json', '-o', 'baseline.json'], { cwd: dir, encoding: 'utf8' });
  if (est.status !== 0) throw new Error(est.stderr);
  git('add', '.');
  git('commit', '-qm', 'base');
  // the change under review: a longer answer in every 10th scenario, and a catalogue price move
  for (let i = 0; i < N; i += 10) writeFileSync(join(dir, files[i]), scenario(i, 450));
  const cat = join(dir, 'pricing/acme.yaml');
  writeFileSync(cat, readFileSync(cat, 'utf8').replace('output: 40.00', 'output: 44.00'));

  // wall and CPU medians of interleaved runs (lib.mjs)
  const results = timeCommandsCpu(
    [
      { name: 'estimate (1 scenario)', cmd: process.execPath, args: [bin, 'estimate', files[0], '-f', 'json'] },
      { name: `diff ${N} scenarios --base baseline.json`, cmd: process.execPath, args: [bin, 'diff', ...files, '--base', 'baseline.json', '-f', 'json'] },
      { name: `diff ${N} scenarios --base HEAD (git)`, cmd: process.execPath, args: [bin, 'diff', '--base', 'HEAD', '-f', 'json'] },
    ],
    { runs, warmup: 1, cwd: dir },
  ).map((r) => ({ ...r, cpu: r.cpuMedian }));
  const one = results[0].median;
  const oneCpu = results[0].cpu;
  printTable(
    results.map((r, i) => [
      r.name,
      `${r.median.toFixed(0)} ms`,
      r.cpu === null ? 'n/a' : `${r.cpu.toFixed(0)} ms`,
      i === 0 ? `${r.median.toFixed(1)} ms` : `${(r.median / N).toFixed(2)} ms`,
      i === 0 ? '1.0×' : `${(r.median / one).toFixed(1)}×${r.cpu !== null && oneCpu ? ` (CPU ${(r.cpu / oneCpu).toFixed(1)}×)` : ''}`,
      i === 0 ? '' : `≤ ${TARGET_MS / 1000} s`,
      i === 0 ? '' : r.median <= TARGET_MS ? 'met' : r.cpu !== null && r.cpu <= TARGET_MS ? 'met in CPU time, not wall (machine busy)' : 'NOT met',
    ]),
    ['command', `wall, median of ${runs}`, 'CPU (user+sys)', 'wall per scenario', 'ratio to 1 estimate', 'target', ''],
  );
  process.stdout.write(`\nload average during the run: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
