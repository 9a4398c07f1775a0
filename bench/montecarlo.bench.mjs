// Monte Carlo at scale (issue 16), measured as the CLI runs it: cold, in fresh processes, in CPU
// time (process.cpuUsage / the kernel's accounting of children), each case BENCH_RUNS times
// (default 3) with the runs of the things compared interleaved; ranges are min–max over the runs.
//
// 1. forecast, 18 months, 1,000,000 samples: `aifinops forecast` (the whole CLI) against
//    bench/plain/forecast-four-stage.mjs, a hand-written plain loop with its own generator and
//    inverse CDFs (bench/plain/sampler.mjs), the same arithmetic and the same summaries by
//    selection. Target: ≤ 1.3×. Also the absolute time.
// 2. The percentile step: the report's five summaries by selection against a full sort of each
//    column (what the CLI did before), 10,000 and 1,000,000 samples (bench/mc-runner.mjs).
// 3. Big pipelines (bench/big-pipeline.mjs): 500 model terms (10 stages × 50 models) with
//    distributions at 25k, 50k and 100k samples, simulate (draws + compile + every sample) against
//    the reference interpreter (CostProgram.run) on the same draws. Target: no slower than the
//    interpreter (0.48 s at 100k when the issue was filed), and linear in samples × terms.
//    1,000 stages × 50 models with two distributions: completes, with its time and peak memory.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigCatalogue, bigScenario } from './big-pipeline.mjs';
import { childCpuMs, printTable } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FORECAST_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1_000_000);

// The Monte Carlo API is internal (not in dist/index.js): bundle it from src/ with the project's
// esbuild, inside the package (so the bundled pricing catalogues are found as usual).
const outDir = join(root, 'node_modules', '.cache', 'aifinops-bench');
mkdirSync(outDir, { recursive: true });
const bundle = join(outDir, 'montecarlo.cjs');
await build({
  stdin: {
    contents: `
      export { loadScenario } from './src/load/scenario.ts';
      export { uncertaintyOf } from './src/load/distributions.ts';
      export { simulate, drawInputs, uncertainRole, runEach } from './src/core/montecarlo.ts';
      export { compileCostProgram } from './src/core/cost-kernel.ts';
      export { mean, summarizeInPlace, summarizeSorted } from './src/core/percentiles.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: bundle,
  logLevel: 'warning',
  define: { __AIFINOPS_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__benchUrl' },
  banner: { js: 'const __benchUrl = require("node:url").pathToFileURL(__filename).href;' },
});

const range = (xs, digits = 0) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo.toFixed(digits) === hi.toFixed(digits) ? lo.toFixed(digits) : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
};
const ratioRange = (a, b) => {
  // runs are interleaved: pair the i-th of each
  const r = a.map((x, i) => x / b[i]);
  return { text: `${range(r, 2)}×`, max: Math.max(...r), median: r.sort((x, y) => x - y)[r.length >> 1] };
};
const runner = (job) => {
  const r = spawnSync(process.execPath, [join(root, 'bench/mc-runner.mjs'), bundle, JSON.stringify(job)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`mc-runner ${JSON.stringify(job)} failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout);
};
/** CPU time of one spawned command (its children included), ms. */
const cpuOf = (args, env = {}) => {
  const c0 = childCpuMs();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 1 << 26 });
  const c1 = childCpuMs();
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return { ms: c1 - c0, stdout: r.stdout.toString('utf8') };
};

const tmp = mkdtempSync(join(tmpdir(), 'aifinops-mc-bench-'));
try {
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; ${RUNS} runs per case, cold processes, CPU time\n`);

  // ---- 1. forecast against the plain loop --------------------------------------------------------
  {
    const fixture = 'test/fixtures/forecast-four-stage/scenario.yaml';
    const cli = [];
    const plain = [];
    let plainSummaryMs = [];
    let check = null;
    for (let r = 0; r < RUNS; r++) {
      const a = cpuOf(['bin/aifinops.js', 'forecast', fixture, '--samples', String(FORECAST_SAMPLES), '--set', 'growth.months=18', '-f', 'json']);
      const b = cpuOf(['bench/plain/forecast-four-stage.mjs', String(FORECAST_SAMPLES), '18']);
      cli.push(a.ms);
      plain.push(b.ms);
      const p = JSON.parse(b.stdout);
      plainSummaryMs.push(p.summaryMs);
      if (!check) {
        // same model? the two runs draw different numbers, so compare the medians loosely
        const c = JSON.parse(a.stdout);
        check = { cli: c.months[0].cost.p50, plain: p.first.p50, cliLast: c.months[17].cumulative.p50, plainLast: p.last.p50 };
      }
    }
    const rel = (x, y) => Math.abs(x - y) / y;
    if (rel(check.cli, check.plain) > 0.03 || rel(check.cliLast, check.plainLast) > 0.03) {
      throw new Error(`the plain loop does not model the same forecast: month-1 P50 ${check.cli} vs ${check.plain}, month-18 cumulative P50 ${check.cliLast} vs ${check.plainLast}`);
    }
    const ratio = ratioRange(cli, plain);
    console.log(`### forecast, 18 months, ${FORECAST_SAMPLES.toLocaleString('en-US')} samples (${fixture})\n`);
    printTable(
      [
        ['aifinops forecast (whole CLI, cold)', `${range(cli)} ms`, ratio.text, '≤ 1.3×', ratio.max <= 1.3 ? 'met' : ratio.median <= 1.3 ? 'met (median)' : 'NOT met'],
        ['plain loop (own draws, same arithmetic and selection)', `${range(plain)} ms`, '1.00×', '', ''],
        ['  of which its 54 summaries (selection)', `${range(plainSummaryMs)} ms`, '', '', ''],
      ],
      ['', 'CPU', 'ratio', 'target', ''],
    );
    console.log(`\nsame model: month-1 cost P50 ${check.cli.toFixed(0)} (CLI) vs ${check.plain.toFixed(0)} (plain); month-18 cumulative P50 ${check.cliLast.toFixed(0)} vs ${check.plainLast.toFixed(0)}\n`);
  }

  // ---- 2. the percentile step ----------------------------------------------------------------------
  {
    console.log('### summaries of the five result columns: selection (the CLI) against a full sort each\n');
    const rows = [];
    for (const samples of [10_000, 1_000_000]) {
      const sel = [];
      const sort = [];
      const sim = [];
      for (let r = 0; r < RUNS; r++) {
        const job = { file: 'test/fixtures/forecast-four-stage/scenario.yaml', samples, mode: 'summaries', seed: 1 + r };
        const a = runner({ ...job, summaries: 'select' });
        const b = runner({ ...job, summaries: 'sort' });
        if (a.summaries !== b.summaries) throw new Error(`selection and sort disagree at ${samples} samples`);
        sel.push(a.summariesMs);
        sort.push(b.summariesMs);
        sim.push(a.cpuMs, b.cpuMs);
      }
      rows.push([samples.toLocaleString('en-US'), `${range(sel, 1)} ms`, `${range(sort, 1)} ms`, ratioRange(sel, sort).text, `${range(sim)} ms`, 'identical']);
    }
    printTable(rows, ['samples', 'summaries as the CLI makes them (5 columns)', 'by a full sort each (before)', 'ratio', 'simulate itself', 'results']);
    console.log('');
  }

  // ---- 3. big pipelines ----------------------------------------------------------------------------
  {
    writeFileSync(join(tmp, 'big.yaml'), bigCatalogue(50));
    const file500 = join(tmp, 'terms-500.yaml');
    writeFileSync(file500, bigScenario({ stages: 10, models: 50, distributions: 4 }));
    const file250 = join(tmp, 'terms-250.yaml');
    writeFileSync(file250, bigScenario({ stages: 5, models: 50, distributions: 4 }));
    console.log('### big pipelines: simulate (draws + compile + samples) against the reference interpreter, same draws\n');
    const rows = [];
    for (const [file, samples] of [[file250, 100_000], [file500, 25_000], [file500, 50_000], [file500, 100_000]]) {
      const sim = [];
      const interp = [];
      let terms = 0;
      for (let r = 0; r < RUNS; r++) {
        const a = runner({ file, samples, mode: 'simulate', seed: 1 });
        const b = runner({ file, samples, mode: 'interpreter', seed: 1 });
        if (a.checksum !== b.checksum) throw new Error(`${file}: the kernel and the interpreter disagree (${a.checksum} vs ${b.checksum})`);
        sim.push(a.cpuMs);
        interp.push(b.cpuMs);
        terms = a.terms;
      }
      const perTerm = sim.map((ms) => (ms * 1e6) / (samples * terms));
      const ratio = ratioRange(sim, interp);
      const met = Math.max(...sim) <= 480 || samples !== 100_000 || terms !== 500 ? '' : 'NOT met';
      rows.push([`${terms} terms`, samples.toLocaleString('en-US'), `${range(sim)} ms`, `${range(interp)} ms`, ratio.text, `${range(perTerm, 1)} ns`, samples === 100_000 && terms === 500 ? `≤ 480 ms ${met || 'met'}` : '']);
    }
    printTable(rows, ['pipeline', 'samples', 'simulate', 'interpreter', 'ratio', 'per sample × term', 'target']);

    const file50k = join(tmp, 'stages-1000.yaml');
    writeFileSync(file50k, bigScenario({ stages: 1000, models: 50, distributions: 2 }));
    const huge = [];
    for (let r = 0; r < RUNS; r++) huge.push(runner({ file: file50k, samples: 1000, mode: 'simulate', seed: 1 }));
    console.log(
      `\n1,000 stages × 50 models (50,000 terms), two distributions, 1,000 samples: completes; simulate ${range(huge.map((x) => x.cpuMs))} ms CPU, peak resident set ${range(huge.map((x) => x.maxRssMb))} MB (the scenario's load included, not timed)`,
    );
  }
  console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
