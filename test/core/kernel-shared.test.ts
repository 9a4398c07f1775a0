/**
 * One compiled WebAssembly kernel for every pricing of a forecast (src/core/kernel-wasm.ts): the
 * module reads every number of its source from memory, so its bytes do not depend on the prices
 * and pricings of the same shape share one module (compiled once per process). Checked here:
 * - the numbers: each pricing of the README forecast, run through the shared module in an
 *   interleaved order (its constants written before each run), equals the JavaScript kernel and the
 *   reference evaluator on every sample (Object.is);
 * - the sharing: the three pricings (the long-context tier goes away in April, the rates change in
 *   August) compile one module; a model with a long-context tier on some date keeps the long run
 *   in its code on every date (`longOnSomeDate`);
 * - property: a piece's bytes are the same whatever its numbers (−0, NaN, infinities, tiny and huge),
 *   and it computes with exactly those numbers; a kernel past SHARED_KERNEL_MAX_SIZE (lines and
 *   table numbers) has them in its code instead (the boundary pinned), computing the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCostProgram, kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { bin, cols, let_, local, store, terms } from './kernel-ir-helpers.js';
import { kernelModule, kernelModulesCompiled, SHARED_KERNEL_MAX_SIZE, wasmKernel } from '../../src/core/kernel-wasm.js';
import { drawInputs, runEach, uncertainRole } from '../../src/core/montecarlo.js';
import { monthPricingDate, repriceScenario } from '../../src/core/prices-at.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { loadScenario } from '../../src/load/scenario.js';

function firstDifference(a: KernelResults, b: KernelResults): string | null {
  for (const key of Object.keys(a) as (keyof KernelResults)[]) {
    for (let i = 0; i < a[key].length; i++) if (!Object.is(a[key][i], b[key][i])) return `${key}[${i}]: ${a[key][i]} vs ${b[key][i]}`;
  }
  return null;
}

describe("a forecast's pricings share one WebAssembly kernel", () => {
  const s = loadScenario('scenarios/coding-agent-growth.yaml');
  const m = uncertaintyOf(s);
  const idx = m.inputs.map((inp, k) => (uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
  const n = 5000;
  const draws = drawInputs(m.inputs, n, 3);
  const cols = idx.map((k) => draws[k]!);
  // the first day of January, April and August 2026: the three pricings of the README example
  const dates = [1, 4, 8].map((month) => monthPricingDate('2026-01', s.pricedAsOf, month));

  it('each pricing, run in turn through the shared module, equals the JavaScript kernel and the reference on every sample', () => {
    const before = kernelModulesCompiled();
    const runs = dates.map((date) => {
      const program = compileCostProgram(repriceScenario(s, date), m);
      const slots = idx.map((k) => program.slotOf(m.inputs[k]!.path));
      const wasm = program.kernel(slots, 'wasm');
      expect(wasm).not.toBeNull();
      const js = kernelResults(n);
      program.kernel(slots, 'js')!(cols, n, js);
      const ref = kernelResults(n);
      runEach(program, slots, cols, n, ref);
      return { wasm: wasm!, js, ref, thresholds: program.stages.flatMap((st) => st.models.map((x) => x.threshold)) };
    });
    // built for three pricings, compiled at most once (none when an earlier test compiled this shape)
    expect(kernelModulesCompiled() - before).toBeLessThanOrEqual(1);
    // the pricings differ (else sharing proves nothing): April drops the long-context tier (which
    // these draws never reach), August changes the rates; each gives its own numbers, in any order
    expect(runs[0]!.thresholds).not.toEqual(runs[1]!.thresholds);
    expect(firstDifference(runs[1]!.ref, runs[2]!.ref)).not.toBeNull();
    for (const k of [0, 1, 2, 0, 2, 1]) {
      const got = kernelResults(n);
      runs[k]!.wasm(cols, n, got);
      expect(firstDifference(got, runs[k]!.js), `pricing ${k}`).toBeNull();
      expect(firstDifference(got, runs[k]!.ref), `pricing ${k}`).toBeNull();
    }
  });

  it('a model with long-context rates on some date keeps its long-context run on every date (one shape for all three)', () => {
    const programs = dates.map((date) => compileCostProgram(repriceScenario(s, date), m));
    const thresholds = programs.map((p) => p.stages.flatMap((st) => st.models.map((x) => x.threshold)));
    // in the catalogue this example prices, the tier is there on one of these dates and not on another
    expect(thresholds.some((t) => t.includes(Infinity))).toBe(true);
    expect(thresholds.some((t) => t.some((x) => x !== Infinity))).toBe(true);
    // a model (stage i, model k) with a tier on one date is flagged on every date, the dates without it included
    programs[0]!.stages.forEach((st, i) =>
      st.models.forEach((_, k) => {
        const onSomeDate = programs.some((p) => p.stages[i]!.models[k]!.threshold !== Infinity);
        for (const p of programs) if (onSomeDate) expect(p.stages[i]!.models[k]!.longOnSomeDate).toBe(true);
      }),
    );
  });
});

describe("a kernel module's bytes do not hold its numbers", () => {
  const num = fc.oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, 5e-324, 1.7976931348623157e308, 2, 0.5));
  it('property: the same bytes for any numbers (the literal 1 aside), which are its constants, computing as JavaScript does', () => {
    const kc = cols(1);
    const v0 = local('v0');
    const c0 = kc.draws[0]!;
    // const v0 = ((c0[i] * a) + b); total[i] = v0; netValue[i] = terms(c0[i], v0, T, 0, 4);
    const piece = (a: number, b: number, t: number[]) => ({ body: [let_(v0, bin('+', bin('*', c0, a), b)), store([kc.results[0]!, v0], [kc.results[5]!, terms(c0, v0, 0, 4)])], table: t });
    const reference = kernelModule(1, [piece(3, 4, [5, 6, 7, 8])]).bytes;
    fc.assert(
      fc.property(num.filter((x) => x !== 1), num, fc.array(num, { minLength: 4, maxLength: 4 }), fc.array(num, { minLength: 1, maxLength: 20 }), (a, b, t, xs) => {
        const made = kernelModule(1, [piece(a, b, t)]);
        expect(Array.from(made.bytes)).toEqual(Array.from(reference));
        expect(Array.from(made.consts).map((x) => Object.is(x, -0) ? '-0' : String(x))).toEqual([a, b, ...t].map((x) => Object.is(x, -0) ? '-0' : String(x)));
        const k = wasmKernel(1, [piece(a, b, t)])!;
        const res = kernelResults(xs.length);
        k([Float64Array.from(xs)], xs.length, res);
        xs.forEach((x, i) => {
          const v0 = x * a + b;
          expect(Object.is(res.total[i], v0)).toBe(true);
          expect(Object.is(res.netValue[i], v0 + ((x * t[0]!) / t[1]!) * t[2]! * t[3]!)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('past SHARED_KERNEL_MAX_SIZE lines and table numbers the numbers are in the code (the bytes hold them), with the same results; at it, in memory', () => {
    // `lines` body lines, the last writing the total: each adds c0[i] × a to a running sum
    const kc = cols(1);
    const vs = Array.from({ length: SHARED_KERNEL_MAX_SIZE }, (_, k) => local(`v${k}`));
    // const vK = (v(K−1) + (c0[i] × a)); …; total[i] = v(lines − 2);
    const piece = (lines: number, a: number) => ({
      body: [...Array.from({ length: lines - 1 }, (_, k) => let_(vs[k]!, bin('+', k === 0 ? 0 : vs[k - 1]!, bin('*', kc.draws[0]!, a)))), store([kc.results[0]!, vs[lines - 2]!])],
      table: [],
    });
    const atMax = SHARED_KERNEL_MAX_SIZE;
    expect(kernelModule(1, [piece(atMax, 2)]).consts.length).toBe(atMax); // the 0 of the first line and each line's factor
    expect(Array.from(kernelModule(1, [piece(atMax, 2)]).bytes)).toEqual(Array.from(kernelModule(1, [piece(atMax, 3)]).bytes));
    expect(kernelModule(1, [piece(atMax + 1, 2)]).consts.length).toBe(0);
    expect(Array.from(kernelModule(1, [piece(atMax + 1, 2)]).bytes)).not.toEqual(Array.from(kernelModule(1, [piece(atMax + 1, 3)]).bytes));
    for (const lines of [atMax, atMax + 1]) {
      const xs = Float64Array.of(1.5, -0, 3e-300, 7);
      const res = kernelResults(xs.length);
      wasmKernel(1, [piece(lines, 0.1)])!([xs], xs.length, res);
      xs.forEach((x, i) => {
        let v = 0;
        for (let k = 0; k < lines - 1; k++) v = v + x * 0.1;
        expect(Object.is(res.total[i], v), `${lines} lines, sample ${i}`).toBe(true);
      });
    }
  });
});
