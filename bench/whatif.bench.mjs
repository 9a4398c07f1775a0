// What the what-if commands cost next to one `estimate` of the same scenario, side by side in one
// run (interleaved), median ratios. Each re-evaluation re-applies overrides to the already-read
// YAML and re-validates (no file re-read, --pricing read once), so a sweep of 8 points or a
// sensitivity of ~40 evaluations should cost little more than starting the CLI.
// Targets (this project's choice): whatif, sweep, levers ≤ 1.5× estimate; sensitivity ≤ 2×.
import { fileURLToPath } from 'node:url';
import { printTable, timeCommands } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const s = 'scenarios/rag-support-assistant.yaml';
const runs = Number(process.env.BENCH_RUNS ?? 15);
const cli = (...args) => ({ cmd: process.execPath, args: ['bin/aifinops.js', ...args] });
const commands = [
  { name: `estimate ${s}`, ...cli('estimate', s), target: null },
  { name: 'whatif --variant optimized', ...cli('whatif', s, '--variant', 'optimized'), target: 1.5 },
  { name: 'sweep traffic, 8 points + crossing', ...cli('sweep', s, '--param', 'traffic.requests_per_day', '--range', '5000:40000:7'), target: 1.5 },
  { name: 'levers', ...cli('levers', s), target: 1.5 },
  { name: 'sensitivity (all inputs)', ...cli('sensitivity', s), target: 2 },
];
const results = timeCommands(commands, { runs, warmup: 2, cwd: root });
const base = results[0].median;
printTable(
  results.map((r, i) => {
    const ratio = r.median / base;
    const t = commands[i].target;
    return [r.name, `${r.median.toFixed(1)} ms`, `${ratio.toFixed(2)}×`, t === null ? '' : `≤ ${t}×`, t === null ? '' : ratio <= t ? 'met' : 'NOT met'];
  }),
  ['command', `median of ${runs}`, 'vs estimate', 'target', ''],
);
