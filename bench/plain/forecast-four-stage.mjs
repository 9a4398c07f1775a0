// The plain-loop baseline of `aifinops forecast test/fixtures/forecast-four-stage/scenario.yaml`:
// the scenario's arithmetic written out by hand (spec §3, steps priced one by one), its own draws
// (./sampler.mjs), each path's (1 + rate)^(month − 1), and per month the same summaries (mean and five
// percentiles by selection of requests, cost and cumulative cost, and the share over budget).
// Usage: node bench/plain/forecast-four-stage.mjs <samples> <months> → one line of JSON on stdout.
import { draw, sfc32, summary } from './sampler.mjs';

const n = Number(process.argv[2] ?? 100_000);
const months = Number(process.argv[3] ?? 18);
const cpu0 = process.cpuUsage();
const rand = sfc32(1);
const col = (spec) => draw(spec, n, rand);
const rpd = col({ logn: [10000, 16000, 0, Infinity] });
const routeUser = col({ tri: [80, 150, 400] });
const wLarge = col({ uni: [0.1, 0.3] });
const ctx = col({ tri: [1500, 3000, 8000] });
const out = col({ norm: [350, 120, 0, Infinity] });
const hit = col({ uni: [0.6, 0.9] });
const retry = col({ norm: [0.03, 0.02, 0, 1] });
const sor = col({ uni: [0.05, 0.15] });
const steps = col({ tri: [1, 2, 6] });
const rs = col({ logn: [800, 2000, 0, Infinity] });
const reviewShare = col({ uni: [0.005, 0.02] });
const perOutcome = col({ tri: [0.4, 0.55, 0.7] });
const rate = col({ logn: [0.05, 0.12, -1, Infinity] });

// acme prices per token
const M = 1e6;
const small = { pin: 1 / M, pout: 4 / M, pcr: 0.1 / M, pcw: 1.25 / M };
const large = { pin: 10 / M, pout: 40 / M, prs: 50 / M, pcr: 1 / M, pcw: 10 / M };
const embed = 0.02 / M;
const DAYS = 365 / 12;

const total = new Float64Array(n);
const fixed = new Float64Array(n);
const requests = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const R = rpd[i] * DAYS;
  // route: one step, no cache
  let t = R * ((400 + routeUser[i]) * small.pin + 10 * small.pout);
  // retrieve: an embedding call
  t += R * 150 * embed;
  // answer: a weighted mix; the system and tools prefix (2500 tokens) read from the cache at `hit`
  const sum = 0.8 + wLarge[i];
  const I = 2000 + 500 + ctx[i] + 600 + 150;
  const h = hit[i];
  const o = out[i];
  const A = 1 + retry[i];
  const cs = (I - 2500) * small.pin + 2500 * h * small.pcr + 2500 * (1 - h) * small.pcw + o * small.pout;
  const cl = (I - 2500) * large.pin + 2500 * h * large.pcr + 2500 * (1 - h) * large.pcw + o * large.pout;
  t += R * A * ((0.8 / sum) * cs + (wLarge[i] / sum) * cl);
  // review: an agent loop, each step priced on its own input (5200 + 800 per step)
  const S = steps[i];
  const whole = Math.ceil(S);
  let loop = 0;
  for (let k = 0; k < whole; k++) {
    const v = k === whole - 1 && S !== whole ? S - Math.floor(S) : 1;
    loop += v * ((5200 + 800 * k) * large.pin + 400 * large.pout + rs[i] * large.prs);
  }
  t += ((R * sor[i] * S) / S) * loop;
  // line items: a fixed monthly cost and human review of a share of requests
  t += 300 + ((R * reviewShare[i] * 3) / 60) * 40;
  total[i] = t;
  fixed[i] = 300;
  requests[i] = R;
}

let summaryUs = 0;
const summarise = (a) => {
  const t0 = process.cpuUsage();
  const s = summary(a);
  const t = process.cpuUsage(t0);
  summaryUs += t.user + t.system;
  return s;
};
const mult = new Float64Array(n);
const cost = new Float64Array(n);
const cumulative = new Float64Array(n);
const scratch = new Float64Array(n);
const reqs = new Float64Array(n);
const report = [];
for (let m = 1; m <= months; m++) {
  for (let i = 0; i < n; i++) mult[i] = (1 + rate[i]) ** (m - 1);
  for (let i = 0; i < n; i++) {
    const c = fixed[i] + (total[i] - fixed[i]) * mult[i];
    cost[i] = c;
    cumulative[i] += c;
    reqs[i] = requests[i] * mult[i];
  }
  scratch.set(cumulative);
  let over = 0;
  for (let i = 0; i < n; i++) if (cost[i] > 45000) over++;
  report.push({ requests: summarise(reqs), cost: summarise(cost), cumulative: summarise(scratch), over: over / n });
}
void perOutcome;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({ samples: n, months, cpuMs: (cpu.user + cpu.system) / 1000, summaryMs: summaryUs / 1000, first: report[0].cost, last: report[months - 1].cumulative })}\n`,
);
