// One cold Monte Carlo measurement in a fresh process (spawned by montecarlo.bench.mjs):
//   node bench/mc-runner.mjs <bundle.cjs> <json>
// json: { file, samples, mode: 'simulate' | 'interpreter' | 'summaries', summaries?: 'select' | 'sort', seed }
// Loading the scenario is not timed; the rest is, in CPU time (process.cpuUsage), as the CLI runs
// it cold: `simulate` = draws + compiling the cost formula + every sample (what estimate/forecast
// do); `interpreter` = the same draws through the reference evaluator (CostProgram.run) sample by
// sample; `summaries` = simulate, then the report's summaries of five result columns, timed, by
// selection (as the CLI does) or by a full sort of each (the definition), one way per process.
// Prints one line of JSON: cpu ms of each timed part, the peak resident set and a checksum.
import { createRequire } from 'node:module';

const [bundle, arg] = process.argv.slice(2);
const job = JSON.parse(arg);
const mc = createRequire(import.meta.url)(bundle);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const s = mc.loadScenario(job.file);
const m = mc.uncertaintyOf(s);
const n = job.samples;
const out = { file: job.file, samples: n, mode: job.mode, stages: s.stages.length, terms: s.stages.reduce((a, st) => a + st.models.length, 0) };
const t0 = cpu();
let total;
if (job.mode === 'interpreter') {
  const draws = mc.drawInputs(m.inputs, n, job.seed);
  const idx = m.inputs.map((inp, k) => (mc.uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
  const program = mc.compileCostProgram(s, m);
  const slots = idx.map((k) => program.slotOf(m.inputs[k].path));
  const res = { total: new Float64Array(n), requests: new Float64Array(n), fixed: new Float64Array(n), users: new Float64Array(n), outcomes: new Float64Array(n), netValue: new Float64Array(n) };
  mc.runEach(program, slots, idx.map((k) => draws[k]), n, res);
  total = res.total;
  out.cpuMs = cpu() - t0;
} else {
  const sim = mc.simulate(s, m, { samples: n, seed: job.seed });
  total = sim.total;
  out.cpuMs = cpu() - t0;
  if (job.mode === 'summaries') {
    // one way per process, so each is measured cold, as the CLI runs it
    const cols = [sim.total, sim.requests, sim.outcomes, sim.netValue, sim.total.map((x, i) => x / sim.requests[i])].map((c) => Float64Array.from(c));
    const t = cpu();
    const summaries =
      job.summaries === 'sort'
        ? cols.map((c) => {
            const mu = mc.mean(c);
            return mc.summarizeSorted(c.sort(), mu);
          })
        : cols.map((c) => mc.summarizeInPlace(c));
    out.summariesMs = cpu() - t;
    out.summaries = JSON.stringify(summaries);
  }
}
let sum = 0;
for (let i = 0; i < Math.min(n, 1000); i++) sum += total[i];
out.checksum = sum;
out.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(out)}\n`);
