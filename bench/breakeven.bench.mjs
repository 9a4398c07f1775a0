// `aifinops breakeven` against `aifinops estimate` on the same scenario, side by side in one run
// (interleaved), medians and ratios. breakeven also reads the GPU and deployment catalogues,
// fits the throughput, checks the roofline and evaluates ~240 curve points.
// Target: at most 1.25× the cost of `estimate` (an answer about as cheap as an estimate).
import { fileURLToPath } from 'node:url';
import { printTable, timeCommands } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const scenario = 'test/fixtures/breakeven-basic/scenario.yaml';
const acme = ['--pricing', 'test/fixtures/catalogues/acme.yaml'];
const cat = ['--gpus', 'test/fixtures/breakeven-catalogue/gpus.yaml', '--deployments', 'test/fixtures/breakeven-catalogue/deployments.yaml'];
const runs = Number(process.env.BENCH_RUNS ?? 21);
const results = timeCommands(
  [
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
    { name: 'aifinops estimate (fixture)', cmd: process.execPath, args: ['bin/aifinops.js', 'estimate', scenario, ...acme] },
    { name: 'aifinops breakeven (fixture, table + chart)', cmd: process.execPath, args: ['bin/aifinops.js', 'breakeven', scenario, ...acme, ...cat, '-d', 'acme-8b'] },
    { name: 'aifinops breakeven (bundled deployment, -f json)', cmd: process.execPath, args: ['bin/aifinops.js', 'breakeven', scenario, ...acme, '-d', 'llama-3.1-8b-fp8-h100-trtllm', '-f', 'json'] },
  ],
  { runs, cwd: root },
);
const node = results[0].median;
const estimate = results[1].median;
printTable(
  results.map((r, i) => [
    r.name,
    `${r.median.toFixed(1)} ms`,
    `${(r.median / node).toFixed(2)}× node`,
    i < 2 ? '' : `${(r.median / estimate).toFixed(2)}× estimate`,
    i < 2 ? '' : '≤ 1.25× estimate',
    i < 2 ? '' : r.median / estimate <= 1.25 ? 'met' : 'NOT met',
  ]),
  ['command', `median of ${runs}`, 'vs node', 'vs estimate', 'target', ''],
);
