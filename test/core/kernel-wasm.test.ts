/**
 * The Monte Carlo kernel in WebAssembly (src/core/kernel-wasm.ts) gives the JavaScript pieces'
 * numbers bit for bit: its `split` against steps.ts `splitSteps` on arbitrary inputs (both step
 * runs, fractional steps, growth, the long-context threshold crossed part-way), and whole kernels
 * of the bundled uncertain scenarios and generated pipelines against the JavaScript kernel and the
 * reference evaluator, every result column of every sample compared with Object.is (so −0 and +0
 * differ). Also: what it does not translate falls back to JavaScript, chunk boundaries change
 * nothing, and an empty run is fine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript shared with the benchmarks
import { bigCatalogue, bigScenario } from '../../bench/big-pipeline.mjs';
import { compileCostProgram, kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { kernelModuleBytes, wasmKernel, WASM_KERNEL_MAX_LINES } from '../../src/core/kernel-wasm.js';
import { drawInputs, runEach, uncertainRole } from '../../src/core/montecarlo.js';
import { splitSteps, stepScratch } from '../../src/core/steps.js';
import { instantiate } from '../../src/core/wasm-bytes.js';
import type { BinOp, Col, Stmt } from '../../src/core/kernel-ir.js';
import { bin, cols, let_, local, not, sc, store, terms } from './kernel-ir-helpers.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { loadScenario } from '../../src/load/scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'aifinops-kernel-wasm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const results = kernelResults;

/** The first sample and column where a and b differ (Object.is), or null. */
function firstDifference(a: KernelResults, b: KernelResults): string | null {
  for (const key of Object.keys(a) as (keyof KernelResults)[]) {
    for (let i = 0; i < a[key].length; i++) if (!Object.is(a[key][i], b[key][i])) return `${key}[${i}]: ${a[key][i]} vs ${b[key][i]}`;
  }
  return null;
}

/** WebAssembly kernel, JavaScript kernel and reference evaluator on the same draws of `file`'s scenario. */
function threeWays(file: string, samples: number, seed = 1): { wasm: KernelResults; js: KernelResults; ref: KernelResults } {
  const s = loadScenario(file);
  const m = uncertaintyOf(s);
  const idx = m.inputs.map((inp, k) => (uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
  const draws = drawInputs(m.inputs, samples, seed);
  const program = compileCostProgram(s, m);
  const slots = idx.map((k) => program.slotOf(m.inputs[k]!.path));
  const cols = idx.map((k) => draws[k]!);
  const out = { wasm: results(samples), js: results(samples), ref: results(samples) };
  const wasm = program.kernel(slots, 'wasm');
  expect(wasm).not.toBeNull();
  wasm!(cols, samples, out.wasm);
  program.kernel(slots, 'js')!(cols, samples, out.js);
  runEach(program, slots, cols, samples, out.ref);
  return out;
}

describe('split in WebAssembly', () => {
  const wasm = instantiate<{ split(P: number, g: number, S: number, t: number): void }>(kernelModuleBytes(0, []), { attempts: () => 0 })!;
  const got = (): Float64Array => new Float64Array(wasm.memory.buffer, 0, 7);

  it('equals splitSteps on arbitrary inputs (both runs, fractional steps, the threshold crossed part-way)', () => {
    const whole = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 200, noNaN: true }));
    const tokens = fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(tokens, fc.oneof(fc.constant(0), tokens), whole, fc.oneof(fc.constant(Infinity), fc.constantFrom(128_000, 200_000, 272_000), tokens), (P, g, S, t) => {
        const want = stepScratch();
        splitSteps(P, g, S, t, want);
        wasm.exports.split(P, g, S, t);
        expect(Array.from(got()).map(String)).toEqual(Array.from(want).map(String));
        for (let k = 0; k < 7; k++) expect(Object.is(got()[k], want[k]), `slot ${k}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('pinned cases: no steps, one step at the threshold and just past it, growth crossing it at step 3 of 4.5', () => {
    for (const [P, g, S, t] of [
      [1000, 0, 0, 5000],
      [5000, 0, 1, 5000],
      [5001, 0, 1, 5000],
      [1000, 1500, 4.5, 5000],
      [-0, 0, 1, Infinity],
    ] as const) {
      const want = stepScratch();
      splitSteps(P, g, S, t, want);
      wasm.exports.split(P, g, S, t);
      for (let k = 0; k < 7; k++) expect(Object.is(got()[k], want[k]), `${[P, g, S, t]} slot ${k}`).toBe(true);
    }
  });
});

describe('the kernel in WebAssembly', () => {
  it.each(['scenarios/rag-support-uncertain.yaml', 'scenarios/coding-agent-growth.yaml', 'test/fixtures/forecast-four-stage/scenario.yaml'])(
    '%s: equals the JavaScript kernel and the reference on every sample, across chunk boundaries',
    (file) => {
      const { wasm, js, ref } = threeWays(file, 20_000);
      expect(firstDifference(wasm, js)).toBeNull();
      expect(firstDifference(wasm, ref)).toBeNull();
      expect(wasm.total.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    },
  );

  it('known fractional agent steps with context growth, with and without a long-context tier (the split worked out when it is built)', () => {
    const text = readFileSync('scenarios/rag-support-uncertain.yaml', 'utf8')
      .replace('    output: 40\n', '    output: 40\n    agent_steps: 3.5\n    context_growth_per_step: 90000\n')
      .replace('    retry_rate: 0.02\n', '    retry_rate: 0.02\n    agent_steps: 2.25\n    context_growth_per_step: 700\n')
      .replace('    output: 250\n', '    output: 250\n    agent_steps: 1.5\n');
    expect(text).toContain('agent_steps: 2.25');
    expect(text).toContain('agent_steps: 1.5');
    const file = join(dir, 'steps.yaml');
    writeFileSync(file, text.replace('# yaml-language-server: $schema=../schemas/scenario.schema.json\n', ''));
    const { wasm, js, ref } = threeWays(file, 3000, 4);
    expect(firstDifference(wasm, js)).toBeNull();
    expect(firstDifference(wasm, ref)).toBeNull();
  });

  it('generated pipelines: a stage cut across pieces, drawn steps and context crossing the long-context tier, table rows', () => {
    for (const [name, opts] of [
      ['wide', { stages: 3, models: 150, distributions: 5 }],
      ['folded', { stages: 12, models: 7, distributions: 1 }],
      ['four', { stages: 4, models: 10, distributions: 4 }],
    ] as const) {
      writeFileSync(join(dir, `${name}-catalogue.yaml`), bigCatalogue(opts.models) as string);
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, bigScenario({ ...opts, catalogueFile: `${name}-catalogue.yaml` }) as string);
      const { wasm, js, ref } = threeWays(file, 700, 5);
      expect(firstDifference(wasm, js), name).toBeNull();
      expect(firstDifference(wasm, ref), name).toBeNull();
    }
  });

  it('a pipeline whose pieces run past WASM_KERNEL_MAX_LINES: no WebAssembly kernel; the JavaScript one (compiled piece by piece) equals the reference', () => {
    const opts = { stages: 1500, models: 3, distributions: 2 };
    writeFileSync(join(dir, 'long-catalogue.yaml'), bigCatalogue(opts.models) as string);
    const file = join(dir, 'long.yaml');
    writeFileSync(file, bigScenario({ ...opts, catalogueFile: 'long-catalogue.yaml' }) as string);
    const s = loadScenario(file);
    const m = uncertaintyOf(s);
    const idx = m.inputs.map((inp, k) => (uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
    const draws = drawInputs(m.inputs, 50, 2);
    const program = compileCostProgram(s, m);
    const slots = idx.map((k) => program.slotOf(m.inputs[k]!.path));
    const cols = idx.map((k) => draws[k]!);
    expect(program.kernel(slots, 'wasm')).toBeNull();
    const got = results(50);
    const want = results(50);
    program.kernel(slots)!(cols, 50, got);
    runEach(program, slots, cols, 50, want);
    expect(firstDifference(got, want)).toBeNull();
  });

  const kc = cols(1);
  const c0 = kc.draws[0]!;
  const [total, , , , , netValue] = kc.results as [Col, Col, Col, Col, Col, Col];
  const double = store([kc.R, bin('*', c0, 2)]); // R[i] = (c0[i] * 2);

  it('no samples: nothing to do', () => {
    const k = wasmKernel(1, [{ body: [double], table: [] }])!;
    const res = results(0);
    k([new Float64Array(0)], 0, res);
    expect(res.total.length).toBe(0);
  });

  it('pieces it does not know, or more than WASM_KERNEL_MAX_LINES statements, are left to the JavaScript pieces (null)', () => {
    const piece = (...body: Stmt[]) => [{ body, table: [] }];
    expect(wasmKernel(1, piece(store([kc.R, bin('**' as BinOp, c0, 2)])))).toBeNull(); // an operator it does not know
    expect(wasmKernel(1, piece(store([kc.R, bin('>', c0, 2)])))).toBeNull(); // a condition where a number belongs
    expect(wasmKernel(1, piece(store([kc.R, not(c0)])))).toBeNull(); // a number where a condition belongs
    expect(wasmKernel(1, piece(store([kc.R, local('v0')])))).toBeNull(); // a local read before it is set
    expect(wasmKernel(1, piece(let_(local('v0', true), bin('*', c0, 2))))).toBeNull(); // a number bound as a condition
    expect(wasmKernel(1, piece(store([{ ...c0, col: 10 }, c0])))).toBeNull(); // past the last result column
    expect(wasmKernel(1, piece(store([{ ...c0, col: 9 }, c0])))).not.toBeNull(); // the last result column
    expect(wasmKernel(1, piece(store([kc.R, sc(6)])))).not.toBeNull(); // the split's last slot (K of the long run)
    expect(wasmKernel(1, piece(store([kc.R, sc(7)])))).toBeNull(); // past the split's scratch
    expect(wasmKernel(1, [{ body: [store([kc.R, terms(c0, 0, 0, 8)])], table: [1, 2, 3, 4] }])).toBeNull(); // rows past the table
    expect(wasmKernel(1, [{ body: Array.from({ length: WASM_KERNEL_MAX_LINES }, () => double), table: [] }])).not.toBeNull();
    expect(wasmKernel(1, [{ body: Array.from({ length: WASM_KERNEL_MAX_LINES + 1 }, () => double), table: [] }])).toBeNull();
  });

  it('literals read back as the same doubles, −0 included', () => {
    const v0 = local('v0');
    // const v0 = ((c0[i] * (-0)) + (-1.5e-7)); total[i] = v0; netValue[i] = (c0[i] * 0.1);
    const k = wasmKernel(1, [{ body: [let_(v0, bin('+', bin('*', c0, -0), -1.5e-7)), store([total, v0], [netValue, bin('*', c0, 0.1)])], table: [] }])!;
    const res = results(2);
    k([Float64Array.of(3, -2)], 2, res);
    expect(Object.is(res.total[0], 3 * -0 + -1.5e-7)).toBe(true);
    expect(res.netValue[1]).toBe(-2 * 0.1);
  });

  it('a product or quotient by the literal 1 (left out of the module) is its other operand: −0, infinities, tiny numbers', () => {
    // total[i] = (c0[i] * 1); netValue[i] = ((c0[i] / 1) + (-0));
    const k = wasmKernel(1, [{ body: [store([total, bin('*', c0, 1)], [netValue, bin('+', bin('/', c0, 1), -0)])], table: [] }])!;
    const xs = Float64Array.of(-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -3.5);
    const res = results(xs.length);
    k([xs], xs.length, res);
    for (let i = 0; i < xs.length; i++) {
      expect(Object.is(res.total[i], xs[i]! * 1), `${xs[i]}`).toBe(true);
      expect(Object.is(res.netValue[i], xs[i]! / 1 + -0), `${xs[i]}`).toBe(true);
    }
  });
});
