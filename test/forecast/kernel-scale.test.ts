/**
 * The compiled kernel at any size (src/core/kernel-source.ts, issue 13 item 14 and issue 16): it is
 * generated in pieces of bounded size, so 1,000 stages × 50 models compile and run (the kernel
 * written as one function overflowed the stack), and it still equals the reference evaluator
 * (CostProgram.run) sample for sample: a stage cut across pieces, drawn agent steps and context
 * crossing the long-context threshold part-way, and a pipeline with nothing uncertain but traffic.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript shared with the benchmarks
import { bigCatalogue, bigScenario } from '../../bench/big-pipeline.mjs';
import { compileCostProgram, kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { CODE_TERMS_ALWAYS, kernelPaysOff, PIECE_TERMS, TABLE_SAMPLES_PER_CODE } from '../../src/core/kernel-source.js';
import { drawInputs, runEach, uncertainRole } from '../../src/core/montecarlo.js';
import { loadScenario } from '../../src/load/scenario.js';
import { uncertaintyOf } from '../../src/load/distributions.js';

const dir = mkdtempSync(join(tmpdir(), 'aifinops-kernel-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns = kernelResults;

/** Kernel and reference on the same draws, every result column compared exactly. */
function kernelAgainstRun(name: string, opts: { stages: number; models: number; distributions: number }, samples: number): void {
  writeFileSync(join(dir, `${name}-catalogue.yaml`), bigCatalogue(opts.models) as string);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, bigScenario({ ...opts, catalogueFile: `${name}-catalogue.yaml` }) as string);
  const s = loadScenario(file);
  const m = uncertaintyOf(s);
  const idx = m.inputs.map((inp, k) => (uncertainRole(inp.path) === 'cost' ? k : -1)).filter((k) => k >= 0);
  expect(idx.length).toBe(opts.distributions);
  const draws = drawInputs(m.inputs, samples, 3);
  const program = compileCostProgram(s, m);
  const slots = idx.map((k) => program.slotOf(m.inputs[k]!.path));
  const cols = idx.map((k) => draws[k]!);
  const kernel = program.kernel(slots);
  expect(kernel).not.toBeNull();
  const got = columns(samples);
  kernel!(cols, samples, got);
  const want = columns(samples);
  runEach(program, slots, cols, samples, want);
  for (const key of Object.keys(want) as (keyof KernelResults)[]) expect(got[key], key).toEqual(want[key]);
  expect(got.total.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
}

describe('the compiled kernel at scale', () => {
  it('1,000 stages × 50 models with two distributions compiles, runs and equals the reference on every sample', () => {
    kernelAgainstRun('huge', { stages: 1000, models: 50, distributions: 2 }, 40);
  }, 120_000);

  it(`a stage of more than ${PIECE_TERMS} models, cut across pieces, and drawn steps and context crossing the long-context tier`, () => {
    // 150 models in one stage: three pieces carry the stage's running cost; distributions on
    // traffic, the first stage's output, agent steps and context, and the second stage's output
    kernelAgainstRun('wide', { stages: 3, models: 150, distributions: 5 }, 500);
  }, 60_000);

  it('only traffic uncertain: every stage folds to per-request constants and still equals the reference', () => {
    kernelAgainstRun('folded', { stages: 12, models: 7, distributions: 1 }, 500);
  }, 60_000);

  it('the kernel is compiled where it pays off (measured; bench/README.md), boundaries pinned', () => {
    // a small pipeline: always
    expect(kernelPaysOff({ code: CODE_TERMS_ALWAYS, table: 0 }, 1)).toBe(true);
    // more drawn models than that and no table rows: never (their code costs more than it saves)
    expect(kernelPaysOff({ code: CODE_TERMS_ALWAYS + 1, table: 0 }, 1_000_000)).toBe(false);
    // with table rows: from samples × rows = TABLE_SAMPLES_PER_CODE × code models on
    expect(kernelPaysOff({ code: 50, table: 450 }, (TABLE_SAMPLES_PER_CODE * 50) / 450)).toBe(true);
    expect(kernelPaysOff({ code: 50, table: 450 }, (TABLE_SAMPLES_PER_CODE * 50) / 450 - 1)).toBe(false);
    expect(kernelPaysOff({ code: 50, table: 49_950 }, 1000)).toBe(true);
  });
});
