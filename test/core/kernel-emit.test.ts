/**
 * The WebAssembly kernel written straight from the pieces' expression trees (src/core/kernel-ir.ts,
 * kernel-piece-wasm.ts) against the JavaScript pieces printed from the same trees (the oracle):
 * - property: arbitrary trees (+ − × ÷, > <, &&, !, ?:, column reads, −0, NaN, infinities, the
 *   literal 1 a product or quotient leaves out, `terms` rows) give the same doubles bit for bit,
 *   each piece alone and several pieces in one module, shared (numbers in memory, one fused loop)
 *   and past SHARED_KERNEL_MAX_SIZE (numbers in the code, a function per piece);
 * - the module's written-out parts (types, imports, the step split's functions) equal their
 *   definitions;
 * - a small kernel is one function (its pieces fused), a large one a function per piece;
 * - the JavaScript pieces written as source straight away (past WASM_KERNEL_MAX_LINES, or backend
 *   'js') are the trees printed, line for line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript shared with the benchmarks
import { bigCatalogue, bigScenario } from '../../bench/big-pipeline.mjs';
import { compileCostProgram, kernelResults, type KernelResults } from '../../src/core/cost-kernel.js';
import { pieceLines, type Expr, type PieceIr, type Stmt } from '../../src/core/kernel-ir.js';
import { emitPieces, PROJECT_FROM } from '../../src/core/kernel-source.js';
import { uncertainRole } from '../../src/core/montecarlo.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { loadScenario } from '../../src/load/scenario.js';
import { PieceSink } from '../../src/core/kernel-pieces.js';
import { KERNEL_TYPES_IMPORTS, kernelModule, SHARED_KERNEL_MAX_SIZE, WASM_KERNEL_MAX_LINES } from '../../src/core/kernel-wasm.js';
import { FIXED_CODE, firstLongBody, runSumBody, splitBody } from '../../src/core/steps-wasm.js';
import { END, F64, flat, funcType, I32, name, section, uleb, vec, type Code } from '../../src/core/wasm-bytes.js';
import { bin, cols, let_, local, not, pick, store, terms } from './kernel-ir-helpers.js';

function firstDifference(a: KernelResults, b: KernelResults): string | null {
  for (const key of Object.keys(a) as (keyof KernelResults)[]) {
    for (let i = 0; i < a[key].length; i++) if (!Object.is(a[key][i], b[key][i])) return `${key}[${i}]: ${a[key][i]} vs ${b[key][i]}`;
  }
  return null;
}

const kc = cols(2);
const num = fc.oneof(fc.double(), fc.constantFrom(-0, 0, 1, -1, 0.1, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, 1e308));
/** Number and condition trees over the two draw columns and R (written by the first statement). */
const trees = fc.letrec<{ n: Expr; c: Expr }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    num,
    fc.constantFrom(kc.draws[0]!, kc.draws[1]!, kc.R),
    fc.tuple(fc.constantFrom('+', '-', '*', '/') as fc.Arbitrary<'+' | '-' | '*' | '/'>, tie('n'), fc.oneof(tie('n'), fc.constant(1))).map(([op, a, b]) => bin(op, a, b)),
    fc.tuple(tie('c'), tie('n'), tie('n')).map(([c, a, b]) => pick(c, a, b)),
  ),
  c: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.constantFrom('>', '<') as fc.Arbitrary<'>' | '<'>, tie('n'), tie('n')).map(([op, a, b]) => bin(op, a, b)),
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => bin('&&', a, b)),
    tie('c').map((c) => not(c)),
  ),
}));

/** One piece: R from the draws, a number and a condition bound, `terms` over its table rows, then every result column. */
const piece = fc
  .record({ r: trees.n, v: trees.n, c: trees.c, out: fc.array(trees.n, { minLength: 6, maxLength: 6 }), rows: fc.array(num, { minLength: 0, maxLength: 12 }) })
  .map(({ r, v, c, out, rows }): PieceIr => {
    const table = rows.slice(0, rows.length - (rows.length % 4));
    const v0 = local('v0');
    const v1 = local('v1', true);
    const v2 = local('v2');
    const body: Stmt[] = [
      store([kc.R, r]),
      let_(v0, v),
      let_(v1, c),
      let_(v2, terms(v0, pick(v1, v0, out[0]!), 0, table.length)),
      store(...kc.results.map((col, k): [typeof col, Expr] => [col, k === 0 ? v2 : bin('+', out[k]!, v0)])),
    ];
    return { body, table };
  });

function run(backend: 'js' | 'wasm', pieces: readonly PieceIr[], draws: Float64Array[]): KernelResults {
  const sink = new PieceSink(2, backend);
  for (const p of pieces) sink.add(p);
  const k = sink.kernel();
  expect(k).not.toBeNull();
  const res = kernelResults(draws[0]!.length);
  k!(draws, draws[0]!.length, res);
  return res;
}

describe('the WebAssembly kernel written from the trees', () => {
  it('property: arbitrary pieces give the JavaScript pieces’ doubles bit for bit (one piece or several, numbers in memory)', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(num, num), { minLength: 1, maxLength: 8 }), (pieces, xs) => {
        const draws = [Float64Array.from(xs, (x) => x[0]), Float64Array.from(xs, (x) => x[1])];
        expect(firstDifference(run('wasm', pieces, draws), run('js', pieces, draws))).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('property: the same past SHARED_KERNEL_MAX_SIZE (numbers in the code, a function per piece)', () => {
    const padding = (n: number): PieceIr => ({ body: Array.from({ length: n }, (_, k) => let_(local(`v${k}`), bin('*', kc.draws[0]!, k))), table: [] });
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 2 }), fc.array(fc.tuple(num, num), { minLength: 1, maxLength: 4 }), (pieces, xs) => {
        const all = [padding(SHARED_KERNEL_MAX_SIZE), ...pieces];
        expect(kernelModule(2, all).shared).toBe(false);
        const draws = [Float64Array.from(xs, (x) => x[0]), Float64Array.from(xs, (x) => x[1])];
        expect(firstDifference(run('wasm', all, draws), run('js', all, draws))).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it('a shared kernel is one function (its pieces fused); a larger one has a function per piece', () => {
    const small = [{ body: [store([kc.R, kc.draws[0]!])], table: [] }, { body: [store([kc.results[0]!, kc.R])], table: [] }];
    const exportsOf = (bytes: Uint8Array) => {
      const wa = (globalThis as unknown as { WebAssembly: { Module: { new (b: Uint8Array): object; exports(m: object): { name: string }[] } } }).WebAssembly;
      return wa.Module.exports(new wa.Module(bytes)).map((e) => e.name);
    };
    expect(exportsOf(kernelModule(2, small).bytes)).toEqual(['split', 'p0']);
    const big = [...small, { body: Array.from({ length: SHARED_KERNEL_MAX_SIZE }, () => store([kc.R, kc.draws[0]!])), table: [] }];
    expect(exportsOf(kernelModule(2, big).bytes)).toEqual(['split', 'p0', 'p1', 'p2']);
    expect(exportsOf(kernelModule(2, []).bytes)).toEqual(['split']);
  });

  it('the written-out type, import and step-split sections equal their definitions', () => {
    const types: Code[] = [funcType([F64, F64], [F64]), funcType([I32], []), funcType([F64, F64, F64, F64], [F64]), funcType([F64, F64, F64, F64], [])];
    expect(KERNEL_TYPES_IMPORTS).toEqual(flat([section(1, vec(types)), section(2, vec([[name('m'), name('attempts'), 0x00, 0], [name('m'), name('mem'), 0x02, 0x00, 1]]))]));
    const fixed: [number, number][][] = [[[1, F64]], [[1, F64], [1, I32]], [[13, F64]]];
    const code = [runSumBody(), firstLongBody(), splitBody()].map((body, k) => {
      const b = flat([vec(fixed[k]!.map(([count, type]) => [uleb(count), type])), body, END]);
      return flat([uleb(b.length), b]);
    });
    expect(FIXED_CODE).toEqual(code.flat());
  });
});

describe('the two ways of writing the JavaScript pieces agree', () => {
  /** The pieces of `file`'s kernel, as JavaScript lines: written as source straight away (`js`) or printed from the trees. */
  function lines(file: string, js: boolean): { lines: string[][]; tables: (readonly number[])[] } {
    const s = loadScenario(file);
    const m = uncertaintyOf(s);
    const program = compileCostProgram(s, m);
    const slots = m.inputs.filter((inp) => uncertainRole(inp.path) === 'cost').map((inp) => program.slotOf(inp.path));
    const out = { lines: [] as string[][], tables: [] as (readonly number[])[] };
    emitPieces(program, slots, {
      js,
      lines: 0,
      add(p) {
        if (!js) expect(p.body.every((s) => typeof s !== 'string')).toBe(true); // trees, for the WebAssembly kernel
        out.lines.push(pieceLines(p.body));
        out.tables.push(p.table);
      },
      preferJs() {},
    });
    return out;
  }

  it.each(['scenarios/rag-support-uncertain.yaml', 'scenarios/coding-agent-growth.yaml', 'test/fixtures/forecast-four-stage/scenario.yaml'])(
    '%s: source written straight away equals the trees printed, line for line',
    (file) => {
      const direct = lines(file, true);
      expect(direct.lines.flat().length).toBeGreaterThan(10);
      expect(lines(file, false)).toEqual(direct);
    },
  );

  it('a generated pipeline (a stage cut across pieces, table rows, drawn steps and context): the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-kernel-emit-'));
    try {
      writeFileSync(join(dir, 'c.yaml'), bigCatalogue(60) as string);
      writeFileSync(join(dir, 's.yaml'), bigScenario({ stages: 4, models: 60, distributions: 7, catalogueFile: 'c.yaml' }) as string);
      const direct = lines(join(dir, 's.yaml'), true);
      expect(direct.lines.length).toBeGreaterThan(3);
      expect(direct.lines.flat().some((l) => l.startsWith('stageAcc[i] = '))).toBe(true);
      expect(direct.lines.flat().some((l) => l.includes('terms('))).toBe(true);
      expect(lines(join(dir, 's.yaml'), false)).toEqual(direct);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a pipeline that will not fit in WebAssembly is written as JavaScript early (the projection)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-kernel-project-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'c.yaml'), bigCatalogue(3) as string);

  /** Runs emitPieces on `stages` × 3 models into a sink that records when it is asked to prefer JavaScript. */
  function project(stages: number): { lines: number; switchedAt: number; jsLines: number } {
    const file = join(dir, `s${stages}.yaml`);
    writeFileSync(file, bigScenario({ stages, models: 3, distributions: 2, catalogueFile: 'c.yaml' }) as string);
    const s = loadScenario(file);
    const m = uncertaintyOf(s);
    const program = compileCostProgram(s, m);
    const slots = m.inputs.filter((inp) => uncertainRole(inp.path) === 'cost').map((inp) => program.slotOf(inp.path));
    const sink = {
      js: false,
      lines: 0,
      switchedAt: -1,
      jsLines: 0,
      add(p: PieceIr) {
        this.lines += p.body.length;
        if (this.js) this.jsLines += p.body.length;
        // written as JavaScript exactly when asked for (a piece begun as trees before the switch may follow)
        if (this.js && this.jsLines > p.body.length) expect(p.body.every((x) => typeof x === 'string')).toBe(true);
      },
      preferJs() {
        if (this.switchedAt < 0) this.switchedAt = this.lines;
        this.js = true;
      },
    };
    emitPieces(program, slots, sink);
    return sink;
  }

  it('1,500 stages (past WASM_KERNEL_MAX_LINES): asked for early, the rest written as JavaScript', () => {
    const r = project(1500);
    expect(r.lines).toBeGreaterThan(WASM_KERNEL_MAX_LINES);
    expect(r.switchedAt).toBeGreaterThan(0);
    expect(r.switchedAt).toBeLessThan(WASM_KERNEL_MAX_LINES / 4);
    expect(r.jsLines).toBeGreaterThan(r.lines / 2);
  });

  it('fewer stages whose pieces fit: never asked (their kernel stays WebAssembly); nor below PROJECT_FROM stages', () => {
    for (const stages of [PROJECT_FROM, 600]) {
      const r = project(stages);
      expect(r.lines).toBeLessThanOrEqual(WASM_KERNEL_MAX_LINES / 1.1);
      expect(r.switchedAt, `${stages} stages`).toBe(-1);
    }
  });
});
