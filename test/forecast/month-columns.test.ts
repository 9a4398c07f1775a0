/**
 * Forecast's buffers (src/core/forecast.ts, month-columns-wasm.ts): the month columns kept in
 * WebAssembly memory for the whole forecast, copied in and out each month, or worked out by the
 * JavaScript loop give the same report; the kernel's result columns that forecast does not read
 * may be one shared array (each is only written) without changing a column it reads; and the
 * in-memory month columns equal the copying loop month after month, with a per-path multiplier
 * column that is rewritten in place between months.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wasmColumns } from '../../src/core/columns-wasm.js';
import { kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { forecastScenario, simulationsByMonth, type ForecastOptions } from '../../src/core/forecast.js';
import { drawInputs, runEach, simulate, uncertainRole } from '../../src/core/montecarlo.js';
import { MONTH_COLUMNS_MAX, monthColumnsInMemory } from '../../src/core/month-columns-wasm.js';
import { WASM_FROM } from '../../src/core/percentiles.js';
import { monthPricingDate, repriceScenario } from '../../src/core/prices-at.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { loadScenario } from '../../src/load/scenario.js';

const scenarioFile = (name: string): string => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Variants of the two forecast examples: an adoption curve with prices that change, a drawn rate, a fixed rate, a drawn fixed cost, a drawn curve point. */
const VARIANTS: [string, string[]][] = [
  ['coding-agent-growth.yaml', []],
  ['coding-agent-growth.yaml', ['costs.observability.monthly={ low: 100, high: 500 }']],
  ['coding-agent-growth.yaml', ['growth.curve=[0.1, { low: 0.2, high: 0.5 }, 0.5, 1, 1.1]']],
  ['rag-support-uncertain.yaml', []],
  ['rag-support-uncertain.yaml', ['growth.monthly_rate=3%', 'growth.months=5']],
  ['rag-support-uncertain.yaml', ['budget.monthly=1']],
];
const loaded = VARIANTS.map(([file, set]) => {
  const s = loadScenario(scenarioFile(file), { set });
  return { s, m: uncertaintyOf(s) };
});
// around WASM_FROM (where the default switches from the JavaScript loop to WebAssembly) and a few others
const SAMPLES = [1, 2, 17, WASM_FROM - 1, WASM_FROM, WASM_FROM + 1, 2500];

describe('forecast month columns: in WebAssembly memory, copied, or in JavaScript', () => {
  it('property: the same report whichever way the month columns are worked out, below and above WASM_FROM', () => {
    fc.assert(
      fc.property(fc.nat(loaded.length - 1), fc.constantFrom(...SAMPLES), fc.integer({ min: 1, max: 1000 }), (v, samples, seed) => {
        const { s, m } = loaded[v]!;
        const opts = (monthColumns?: ForecastOptions['monthColumns']): ForecastOptions => ({ samples, seed, toolVersion: 't', monthColumns });
        const want = forecastScenario(s, m, opts('js'));
        expect(forecastScenario(s, m, opts('memory'))).toEqual(want);
        expect(forecastScenario(s, m, opts('copy'))).toEqual(want);
        expect(forecastScenario(s, m, opts())).toEqual(want);
      }),
      { numRuns: 24 },
    );
  });

  it('more samples than MONTH_COLUMNS_MAX copy in chunks (no columns kept): the same report as the JavaScript loop', () => {
    const { s, m } = loaded[4]!;
    const n = MONTH_COLUMNS_MAX + 3;
    expect(monthColumnsInMemory(new Float64Array(n))).toBeNull();
    expect(monthColumnsInMemory(new Float64Array(MONTH_COLUMNS_MAX))).not.toBeNull();
    const opts = { samples: n, seed: 4, toolVersion: 't' };
    expect(forecastScenario(s, m, opts)).toEqual(forecastScenario(s, m, { ...opts, monthColumns: 'js' }));
  });

  it('property: month after month, the columns kept in memory equal the copying loop (a run that changes, a multiplier column rewritten in place)', () => {
    const w = wasmColumns()!;
    const col = (n: number, seed: number, scale: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (((i * 7919 + seed * 104729) % 1000) / 7) * scale);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.array(fc.tuple(fc.nat(2), fc.boolean(), fc.double({ min: 0, max: 4, noNaN: true })), { minLength: 1, maxLength: 8 }), fc.boolean(), (n, months, budget) => {
        const base = col(n, 1, 3);
        const runs = [0, 1, 2].map((r) => ({ total: col(n, 10 + r, 100 + r), fixed: r === 2 ? col(n, 20, 1) : new Float64Array(n).fill(300) }));
        const mem = monthColumnsInMemory(base)!;
        const want = { cost: new Float64Array(n), cumulative: new Float64Array(n), requests: new Float64Array(n) };
        const own = new Float64Array(n);
        const got = new Float64Array(n);
        months.forEach(([r, perPath, shared], t) => {
          const run = runs[r]!;
          if (perPath) for (let i = 0; i < n; i++) own[i] = (1 + (i % 5) / 100) ** t;
          const limit = budget ? 250 + 40 * t : Infinity;
          const a = mem.month(run.total, run.fixed, perPath ? own : null, shared, limit);
          const b = w.monthColumns(run.total, run.fixed, base, perPath ? own : null, shared, want.cost, want.cumulative, want.requests, limit);
          expect(a).toEqual(b);
          for (const c of ['cost', 'cumulative', 'requests'] as const) expect(sameBits(mem.copy(c, got), want[c])).toBe(true);
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('result columns forecast does not read, shared', () => {
  it('property: each run of simulationsByMonth has the totals and fixed costs of a fresh simulation at its date, and the first run its requests', () => {
    fc.assert(
      fc.property(fc.nat(loaded.length - 1), fc.constantFrom(...SAMPLES), fc.integer({ min: 1, max: 1000 }), (v, samples, seed) => {
        const { s, m } = loaded[v]!;
        const g = m.growth!;
        const dates = Array.from({ length: g.months }, (_, i) => monthPricingDate(g.start, s.pricedAsOf, i + 1));
        const { runs, requests } = simulationsByMonth(s, m, dates, { samples, seed });
        const first = simulate(s, m, { samples, seed });
        expect(sameBits(requests, first.requests)).toBe(true);
        dates.forEach((date, t) => {
          const fresh = simulate(repriceScenario(s, date), m, { samples, seed });
          expect(sameBits(runs[t]!.total, fresh.total) && sameBits(runs[t]!.fixed, fresh.fixed)).toBe(true);
          expect(runs[t]!.point).toEqual(fresh.point);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('the JavaScript and WebAssembly kernels and the reference evaluator write total, fixed and requests the same with the other columns one array', () => {
    for (const { s, m } of loaded) {
      const n = 1500;
      const sim = simulate(s, m, { samples: n, seed: 9 });
      const draws = drawInputs(m.inputs, n, 9);
      const idx = m.inputs.map((inp, k) => (uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
      const slots = idx.map((k) => sim.program.slotOf(m.inputs[k]!.path));
      const cols = idx.map((k) => draws[k]!);
      const shared = (): KernelResults => {
        const unread = new Float64Array(n);
        return { ...kernelResults(n), users: unread, outcomes: unread, netValue: unread };
      };
      const runs: [string, (res: KernelResults) => void][] = [
        ['js', (res) => sim.program.kernel(slots, 'js')!(cols, n, res)],
        ['wasm', (res) => sim.program.kernel(slots, 'wasm')!(cols, n, res)],
        ['reference', (res) => runEach(sim.program, slots, cols, n, res)],
      ];
      for (const [, run] of runs) {
        const res = shared();
        run(res);
        expect(sameBits(res.total, sim.total) && sameBits(res.fixed, sim.fixed) && sameBits(res.requests, sim.requests)).toBe(true);
      }
    }
  });
});
