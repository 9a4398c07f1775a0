// Cold start of `aifinops estimate` on a bundled example against bare `node -e 0`, side by side
// in one run (interleaved), reporting the median ratio. Target (issue 2): at most 1.35×.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printTable, timeCommands } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = ['scenarios/rag-support-assistant.yaml', 'test/fixtures/scenarios/basic.yaml'].find((f) => existsSync(`${root}/${f}`));
const extra = example.startsWith('test/') ? ['--pricing', 'test/fixtures/catalogues/acme.yaml'] : [];
const runs = Number(process.env.BENCH_RUNS ?? 31);
const results = timeCommands(
  [
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
    { name: `aifinops estimate ${example}`, cmd: process.execPath, args: ['bin/aifinops.js', 'estimate', example, ...extra] },
    { name: `aifinops estimate ${example} -f json`, cmd: process.execPath, args: ['bin/aifinops.js', 'estimate', example, '-f', 'json', ...extra] },
  ],
  { runs, cwd: root },
);
const base = results[0].median;
printTable(
  results.map((r, i) => [r.name, `${r.median.toFixed(1)} ms`, i === 0 ? '1.00×' : `${(r.median / base).toFixed(2)}×`, i === 0 ? '' : '≤ 1.35×', i === 0 ? '' : r.median / base <= 1.35 ? 'met' : 'NOT met']),
  ['command', `median of ${runs}`, 'ratio', 'target', ''],
);
