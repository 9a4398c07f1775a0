// Monte Carlo throughput (issue 8). For each example scenario with distributions, side by side in one
// run (interleaved, medians):
//   simulate      what `estimate`/`forecast` run: compile the cost formula, draw every uncertain
//                 input from its seeded stream, evaluate every sample
//   plain loop    the same draws, then the same formula written out by hand for that scenario
//   interpreter   the same draws through the reference evaluator (CostProgram.run), for scale
// and, on pre-drawn inputs, the evaluation alone (compiled kernel versus the hand-written formula).
// Targets: 100,000 samples of a 4-stage scenario in under a second, and within 2× of the plain loop.
// The hand-written loops are checked against the compiled kernel (same numbers to 1e-9) before timing.
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printTable } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const N = Number(process.env.BENCH_SAMPLES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// The Monte Carlo API is internal (not in dist/index.js): bundle it from src/ with the project's esbuild,
// inside the package (so the bundled pricing catalogues are found as usual).
const outDir = join(root, 'node_modules', '.cache', 'aifinops-bench');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'montecarlo.cjs');
await build({
  stdin: {
    contents: `
      export { loadScenario } from './src/load/scenario.ts';
      export { uncertaintyOf } from './src/load/distributions.ts';
      export { simulate, drawInputs, uncertainRole, runEach } from './src/core/montecarlo.ts';
      export { compileCostProgram } from './src/core/cost-kernel.ts';
      export { ratesFor } from './src/core/estimate.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile,
  logLevel: 'warning',
  define: { __AIFINOPS_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__benchUrl' },
  banner: { js: 'const __benchUrl = require("node:url").pathToFileURL(__filename).href;' },
});
const mc = createRequire(import.meta.url)(outfile);

const DAYS = 365 / 12;
const perToken = (x) => x / 1e6;
function rates(sm, ttl = '5m') {
  const p = sm.model.prices;
  const write = ttl === '1h' ? (p.cache_write_1h ?? p.cache_write) : p.cache_write;
  return {
    pin: perToken(p.input),
    pout: perToken(p.output),
    prs: perToken(p.reasoning ?? p.output),
    pcr: p.cache_read === undefined ? 0 : perToken(p.cache_read),
    pcw: perToken(write ?? p.input),
    hasCr: p.cache_read !== undefined,
    min: p.cache_min_tokens ?? 0,
    lc: p.long_context,
  };
}
const noLongContext = (r, maxInput, what) => {
  if (r.lc && maxInput > r.lc.threshold) throw new Error(`${what}: the hand-written loop assumes no long-context calls`);
};

// Hand-written formulas, one per scenario: `c` are the draws in the scenario's input order, `out` the
// same six result columns the compiled kernel fills.
const HAND = {
  'scenarios/rag-support-uncertain.yaml'(s) {
    const [rw, ans, guard, summ] = s.stages;
    const a = rates(rw.models[0]);
    const [hk, sn, op] = ans.models.map((m) => rates(m));
    const g = rates(guard.models[0]);
    const su = rates(summ.models[0]);
    const embed = s.lineItems[1].model.prices.input;
    for (const r of [hk, sn, op]) noLongContext(r, 3300 + 900 + 8000 + 900 + 120, 'answer');
    const ic = (r) => (r.hasCr && !(4200 < r.min) ? 4200 : 0);
    const [icH, icS, icO] = [ic(hk), ic(sn), ic(op)];
    return (c, n, out) => {
      const [rpd, hist, wOpus, ctx, aOut, hit, rch, sor, q, opr] = c;
      for (let i = 0; i < n; i++) {
        const R = rpd[i] * DAYS;
        let t = R * ((350 + hist[i] + 120) * a.pin + 40 * a.pout);
        const sum = 0.75 + 0.22 + wOpus[i];
        const per = R * (1 - rch[i]) * 1.02;
        const I = 3300 + 900 + ctx[i] + 900 + 120;
        const h = hit[i];
        const o = aOut[i];
        const cost = (r, icEff) => ((I - icEff) * r.pin + icEff * (icEff > 0 ? h : 0) * r.pcr + icEff * (1 - (icEff > 0 ? h : 0)) * r.pcw + o * r.pout);
        t += per * ((0.75 / sum) * cost(hk, icH) + (0.22 / sum) * cost(sn, icS) + (wOpus[i] / sum) * cost(op, icO));
        t += R * (720 * g.pin + 20 * g.pout);
        t += R * sor[i] * (3000 * su.pin + 250 * su.pout);
        const fixed = 450 + (60_000_000 * embed) / 1e6;
        t += fixed + R * 1 * 0.0002 + ((R * q[i] * 3) / 60) * 38;
        const oc = R * opr[i];
        out.total[i] = t;
        out.requests[i] = R;
        out.fixed[i] = fixed;
        out.users[i] = 40000;
        out.outcomes[i] = oc;
        out.netValue[i] = oc * 4.5 - t;
      }
    };
  },
  'scenarios/coding-agent-growth.yaml'(s) {
    const [plan, exec, review] = s.stages;
    const p = rates(plan.models[0]);
    const e = rates(exec.models[0], '1h');
    const r = rates(review.models[0]);
    noLongContext(p, 14900, 'plan');
    noLongContext(r, 10200, 'review');
    const icE = e.hasCr && !(13500 < e.min) ? 13500 : 0;
    const A = 1 + 0.04 + 0.04 * 0.04;
    const el = e.lc ? rates({ model: { prices: { ...exec.models[0].model.prices, ...e.lc } } }, '1h') : e;
    return (c, n, out) => {
      const [rpupd, rs, steps, growth, sandbox] = c;
      for (let i = 0; i < n; i++) {
        const R = 300 * rpupd[i] * 21.7;
        let t = R * (14900 * p.pin + 900 * p.pout + rs[i] * p.prs);
        const st = steps[i];
        const I = 13900 + (growth[i] * (st - 1)) / 2;
        const x = e.lc && I > e.lc.threshold ? el : e;
        t += R * st * A * ((I - icE) * x.pin + icE * 0.9 * x.pcr + icE * 0.1 * x.pcw + 700 * x.pout);
        t += R * 0.6 * (10200 * r.pin + 500 * r.pout + 1200 * r.prs);
        t += R * sandbox[i] + 300;
        const oc = R * 0.45;
        out.total[i] = t;
        out.requests[i] = R;
        out.fixed[i] = 300;
        out.users[i] = 300;
        out.outcomes[i] = oc;
        out.netValue[i] = oc * 60 - t;
      }
    };
  },
  'test/fixtures/forecast-four-stage/scenario.yaml'(s) {
    const small = rates(s.stages[0].models[0]);
    const embed = rates(s.stages[1].models[0]);
    const [aS, aL] = s.stages[2].models.map((m) => rates(m));
    const rv = rates(s.stages[3].models[0]);
    noLongContext(aL, 11250, 'answer');
    noLongContext(rv, 7200, 'review');
    const icS = small.hasCr && !(2500 < small.min) ? 2500 : 0;
    const icL = aL.hasCr && !(2500 < aL.min) ? 2500 : 0;
    return (c, n, out) => {
      const [rpd, rUser, wl, ctx, aOut, hit, retry, sor, steps, rs, q, opr] = c;
      for (let i = 0; i < n; i++) {
        const R = rpd[i] * DAYS;
        let t = R * ((400 + rUser[i]) * small.pin + 10 * small.pout);
        t += R * (150 * embed.pin);
        const sum = 0.8 + wl[i];
        const I = 2000 + 500 + ctx[i] + 600 + 150;
        const h = hit[i];
        const inS = (I - icS) * aS.pin + icS * h * aS.pcr + icS * (1 - h) * aS.pcw;
        const inL = (I - icL) * aL.pin + icL * h * aL.pcr + icL * (1 - h) * aL.pcw;
        t += R * (1 + retry[i]) * ((0.8 / sum) * (inS + aOut[i] * aS.pout) + (wl[i] / sum) * (inL + aOut[i] * aL.pout));
        const st = steps[i];
        t += R * sor[i] * st * ((5200 + (800 * (st - 1)) / 2) * rv.pin + 400 * rv.pout + rs[i] * rv.prs);
        t += 300 + ((R * q[i] * 3) / 60) * 40;
        const oc = R * opr[i];
        out.total[i] = t;
        out.requests[i] = R;
        out.fixed[i] = 300;
        out.users[i] = 5000;
        out.outcomes[i] = oc;
        out.netValue[i] = oc * 3 - t;
      }
    };
  },
};

const results = (n) => ({ total: new Float64Array(n), requests: new Float64Array(n), fixed: new Float64Array(n), users: new Float64Array(n), outcomes: new Float64Array(n), netValue: new Float64Array(n) });
const time = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

const rows = [];
const notes = [];
for (const [file, makeHand] of Object.entries(HAND)) {
  let s;
  try {
    s = mc.loadScenario(join(root, file));
  } catch (err) {
    notes.push(`${file}: skipped — ${String(err.message).split('\n')[0]}`);
    continue;
  }
  const m = mc.uncertaintyOf(s);
  const costInputs = m.inputs.map((inp, k) => (mc.uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
  const program = mc.compileCostProgram(s, m);
  const slots = costInputs.map((k) => program.slotOf(m.inputs[k].path));
  const kernel = program.kernel(slots);
  const hand = makeHand(s);
  const drawCost = (seed) => {
    const all = mc.drawInputs(m.inputs, N, seed);
    return costInputs.map((k) => all[k]);
  };

  // same formula? compare the hand-written loop with the compiled kernel on the same draws
  const cols = drawCost(1);
  const a = results(N);
  const b = results(N);
  kernel(cols, N, a);
  hand(cols, N, b);
  for (const key of Object.keys(a)) {
    for (let i = 0; i < N; i++) {
      const x = a[key][i];
      const y = b[key][i];
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) throw new Error(`${file}: the hand-written loop differs from the kernel (${key}[${i}]: ${x} vs ${y})`);
    }
  }

  const stages = s.stages.length;
  const t = { simulate: [], plain: [], interp: [], kernel: [], handEval: [] };
  for (let r = 0; r < RUNS + 1; r++) {
    const seed = 100 + r;
    const sample = {
      simulate: time(() => mc.simulate(s, m, { samples: N, seed })),
      plain: time(() => hand(drawCost(seed), N, results(N))),
      interp: time(() => mc.runEach(program, slots, drawCost(seed), N, results(N))),
      kernel: time(() => kernel(cols, N, a)),
      handEval: time(() => hand(cols, N, b)),
    };
    if (r === 0) continue; // warm-up
    for (const k of Object.keys(t)) t[k].push(sample[k]);
  }
  const med = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  const rate = (ms) => `${Math.round((N / ms) * 1000).toLocaleString('en-US')}/s`;
  const name = `${file.replace(/^.*\//, '').replace(/^scenario\.yaml$/, 'four-stage fixture (acme)')} (${stages} stages, ${costInputs.length} uncertain)`;
  const underSecond = stages >= 4 ? (med.simulate < 1000 ? 'met' : 'NOT met') : '';
  rows.push([name, 'simulate (draws + compiled kernel)', `${med.simulate.toFixed(1)} ms`, rate(med.simulate), `${(med.simulate / med.plain).toFixed(2)}×`, `≤ 2×${stages >= 4 ? ', < 1000 ms' : ''}`, med.simulate / med.plain <= 2 ? (underSecond === 'NOT met' ? 'NOT met' : 'met') : 'NOT met']);
  rows.push(['', 'plain loop (same draws + hand-written formula)', `${med.plain.toFixed(1)} ms`, rate(med.plain), '1.00×', '', '']);
  rows.push(['', 'reference interpreter (same draws)', `${med.interp.toFixed(1)} ms`, rate(med.interp), `${(med.interp / med.plain).toFixed(2)}×`, '', '']);
  rows.push(['', 'evaluation only: compiled kernel', `${med.kernel.toFixed(2)} ms`, rate(med.kernel), `${(med.kernel / med.handEval).toFixed(2)}× of hand`, '≤ 2×', med.kernel / med.handEval <= 2 ? 'met' : 'NOT met']);
  rows.push(['', 'evaluation only: hand-written formula', `${med.handEval.toFixed(2)} ms`, rate(med.handEval), '', '', '']);
}
console.log(`${N.toLocaleString('en-US')} samples per run, median of ${RUNS} interleaved runs (node ${process.version})\n`);
printTable(rows, ['scenario', 'variant', 'median', 'samples/s', 'ratio', 'target', '']);
for (const n of notes) console.log(`\n${n}`);
