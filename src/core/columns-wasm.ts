/**
 * The Monte Carlo's loops over whole result columns (the compensated mean, shares above a limit,
 * per-sample ratios, the standard error, the finiteness check and forecast's month columns) as a
 * small WebAssembly module written as bytes, for the reason sampler-wasm.ts gives: in a fresh
 * process each of these JavaScript loops is interpreted, its doubles boxed, until V8 has compiled
 * it, which for 10,000 samples is most of its work; WebAssembly runs compiled from the start.
 *
 * Each function does the JavaScript's operations in the same order on the same doubles (the
 * JavaScript is the definition: percentiles.ts, montecarlo.ts, forecast.ts), so the results are
 * the same bit for bit (test/core/columns-wasm.test.ts). Columns are copied into the module's
 * memory and results copied out (a copy of 10,000 doubles is a few microseconds), in chunks where
 * the loop allows, so the memory stays small.
 */
import {
  BLOCK, BR_IF, END, f64, F64, F64_ABS, F64_ADD, F64_DIV, F64_EQ, F64_FROM_U32, F64_GE, F64_GT, F64_LOAD, F64_MUL, F64_NE, F64_SQRT, F64_STORE, F64_SUB,
  funcType, get, i32, I32, I32_ADD, I32_EQZ, I32_LT_U, I32_SHL, I32_SUB, IF, instantiate, LOOP, moduleBytes, RETURN, SELECT, set, tee, VOID,
  type Code, type Func,
} from './wasm-bytes.js';

/** `for (i = 0; i < n; i++) { body }` with i in local `i`, n in local `n`. */
const loop = (i: number, n: number, body: Code): Code => [
  BLOCK, VOID, get(n), I32_EQZ, BR_IF, 0,
  LOOP, VOID, body, get(i), i32(1), I32_ADD, tee(i), get(n), I32_LT_U, BR_IF, 0, END,
  END,
];
/** The address of element i (local) of the column at byte offset `col` (local). */
const at = (col: number, i: number): Code => [get(col), get(i), i32(3), I32_SHL, I32_ADD];
const load = (col: number, i: number): Code => [at(col, i), F64_LOAD];

/** The module's bytes. */
export function columnsModuleBytes(): Uint8Array {
  const types: Code[] = [
    funcType([I32, I32], [F64]), // 0: mean, stdError (offset, n)
    funcType([I32, I32, F64], [I32]), // 1: countAbove (offset, n, limit)
    funcType([I32, I32, I32, I32], [I32]), // 2: ratio (dst, a, b, n)
    funcType([I32, I32, I32], [I32]), // 3: firstNonFinite (a, b, n)
    funcType([I32, I32, I32, I32, I32, F64, I32, I32, I32, I32], []), // 4: monthColumns
  ];
  const funcs: Func[] = [
    // mean(off, n): Neumaier's compensated sum / n (percentiles.ts `mean`). Locals: 2 i, 3 sum, 4 comp, 5 v, 6 t.
    {
      type: 0,
      locals: [[1, I32], [4, F64]],
      body: [
        loop(2, 1, [
          load(0, 2), set(5),
          get(3), get(5), F64_ADD, set(6),
          get(4),
          get(3), get(6), F64_SUB, get(5), F64_ADD,
          get(5), get(6), F64_SUB, get(3), F64_ADD,
          get(3), F64_ABS, get(5), F64_ABS, F64_GE,
          SELECT, F64_ADD, set(4),
          get(6), set(3),
        ]),
        get(3), get(4), F64_ADD, get(1), F64_FROM_U32, F64_DIV,
      ],
      export: 'mean',
    },
    // countAbove(off, n, limit): how many values > limit (percentiles.ts `shareAbove`). Locals: 3 i, 4 k.
    {
      type: 1,
      locals: [[2, I32]],
      body: [loop(3, 1, [get(4), load(0, 3), get(2), F64_GT, I32_ADD, set(4)]), get(4)],
      export: 'countAbove',
    },
    // ratio(dst, a, b, n): dst = a / b, or 0 at the first b that is 0 (montecarlo.ts `ratio`). Locals: 4 i, 5 b.
    {
      type: 2,
      locals: [[1, I32], [1, F64]],
      body: [
        loop(4, 3, [load(2, 4), set(5), get(5), f64(0), F64_EQ, IF, VOID, i32(0), RETURN, END, at(0, 4), load(1, 4), get(5), F64_DIV, F64_STORE]),
        i32(1),
      ],
      export: 'ratio',
    },
    // stdError(off, n), n ≥ 2 (montecarlo.ts `stdError`). Locals: 2 i, 3 v0, 4 d, 5 mu, 6 ss, 7 x.
    {
      type: 0,
      locals: [[1, I32], [5, F64]],
      body: [
        get(0), F64_LOAD, set(3),
        loop(2, 1, [get(4), load(0, 2), get(3), F64_SUB, F64_ADD, set(4)]),
        get(3), get(4), get(1), F64_FROM_U32, F64_DIV, F64_ADD, set(5),
        i32(0), set(2),
        loop(2, 1, [load(0, 2), get(5), F64_SUB, set(7), get(6), get(7), get(7), F64_MUL, F64_ADD, set(6)]),
        get(6), get(1), i32(1), I32_SUB, F64_FROM_U32, F64_DIV, get(1), F64_FROM_U32, F64_DIV, F64_SQRT,
      ],
      export: 'stdError',
    },
    // firstNonFinite(a, b, n): the first i where a[i] or b[i] is not finite (x − x ≠ 0), else n. Locals: 3 i, 4 x.
    {
      type: 3,
      locals: [[1, I32], [1, F64]],
      body: [
        loop(3, 2, [
          load(0, 3), set(4), get(4), get(4), F64_SUB, f64(0), F64_NE, IF, VOID, get(3), RETURN, END,
          load(1, 3), set(4), get(4), get(4), F64_SUB, f64(0), F64_NE, IF, VOID, get(3), RETURN, END,
        ]),
        get(2),
      ],
      export: 'firstNonFinite',
    },
    // monthColumns(total, fixed, base, mults, hasMults, shared, cost, cum, req, n) (forecast.ts `monthColumns`).
    // Locals: 10 i, 11 mult, 12 total, 13 fixed, 14 c.
    {
      type: 4,
      locals: [[1, I32], [4, F64]],
      body: [
        loop(10, 9, [
          load(3, 10), get(5), get(4), SELECT, set(11),
          load(0, 10), set(12),
          load(1, 10), set(13),
          get(12), get(13), get(12), get(13), F64_SUB, get(11), F64_MUL, F64_ADD, get(11), f64(1), F64_EQ, SELECT, set(14),
          at(6, 10), get(14), F64_STORE,
          at(7, 10), load(7, 10), get(14), F64_ADD, F64_STORE,
          at(8, 10), load(2, 10), get(11), F64_MUL, F64_STORE,
        ]),
      ],
      export: 'monthColumns',
    },
  ];
  return moduleBytes(types, [], funcs);
}

interface Exports {
  mean(off: number, n: number): number;
  countAbove(off: number, n: number, limit: number): number;
  ratio(dst: number, a: number, b: number, n: number): number;
  stdError(off: number, n: number): number;
  firstNonFinite(a: number, b: number, n: number): number;
  monthColumns(total: number, fixed: number, base: number, mults: number, hasMults: number, shared: number, cost: number, cum: number, req: number, n: number): void;
}

/** The loops, on columns of doubles (each copied in, results copied out). */
export interface WasmColumns {
  mean(values: Float64Array): number;
  countAbove(values: Float64Array, limit: number): number;
  /** a / b per sample, or null when some b is 0. */
  ratio(a: Float64Array, b: Float64Array): Float64Array | null;
  /** For at least 2 values. */
  stdError(values: Float64Array): number;
  /** The first index where a or b is not finite, or −1. */
  firstNonFinite(a: Float64Array, b: Float64Array): number;
  monthColumns(total: Float64Array, fixed: Float64Array, base: Float64Array, mults: Float64Array | null, shared: number, cost: Float64Array, cumulative: Float64Array, requests: Float64Array): void;
}

/** Samples per chunk of the loops that compare columns sample by sample. */
const CHUNK = 1 << 16;

let instance: WasmColumns | null | undefined;

/** The loops in WebAssembly, or null where it cannot run (the JavaScript loops then do the work). */
export function wasmColumns(): WasmColumns | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    const wasm = instantiate<Exports>(columnsModuleBytes(), {});
    if (!wasm) return null;
    const { exports: x, memory, room } = wasm;
    /** Room for `count` columns of n doubles; column k starts at byte 8·n·k. */
    const columns = (count: number, n: number): number => {
      room(8 * n * count);
      return 8 * n;
    };
    const put = (k: number, stride: number, values: Float64Array): void => new Float64Array(memory.buffer, k * stride, values.length).set(values);
    const view = (k: number, stride: number, n: number): Float64Array => new Float64Array(memory.buffer, k * stride, n);
    // Columns compared sample by sample go through in chunks, so the memory holds at most 7 chunks
    // (3.5 MiB) besides one whole column for the mean and the standard error.
    const chunks = (n: number, each: (from: number, to: number) => boolean | void): void => {
      for (let from = 0; from < n; from += CHUNK) if (each(from, Math.min(n, from + CHUNK)) === false) return;
    };
    instance = {
      mean(values) {
        const n = values.length;
        put(0, columns(1, n), values);
        return x.mean(0, n);
      },
      countAbove(values, limit) {
        let k = 0;
        chunks(values.length, (from, to) => {
          put(0, columns(1, to - from), values.subarray(from, to));
          k += x.countAbove(0, to - from, limit);
        });
        return k;
      },
      ratio(a, b) {
        const out = new Float64Array(a.length);
        let ok = true;
        chunks(a.length, (from, to) => {
          const n = to - from;
          const s = columns(3, n);
          put(1, s, a.subarray(from, to));
          put(2, s, b.subarray(from, to));
          if (x.ratio(0, s, 2 * s, n) === 0) return (ok = false);
          out.set(view(0, s, n), from);
        });
        return ok ? out : null;
      },
      stdError(values) {
        const n = values.length;
        put(0, columns(1, n), values);
        return x.stdError(0, n);
      },
      firstNonFinite(a, b) {
        let bad = -1;
        chunks(a.length, (from, to) => {
          const n = to - from;
          const s = columns(2, n);
          put(0, s, a.subarray(from, to));
          put(1, s, b.subarray(from, to));
          const i = x.firstNonFinite(0, s, n);
          if (i < n) return ((bad = from + i), false);
        });
        return bad;
      },
      monthColumns(total, fixed, base, mults, shared, cost, cumulative, requests) {
        chunks(total.length, (from, to) => {
          const n = to - from;
          const s = columns(7, n);
          put(0, s, total.subarray(from, to));
          put(1, s, fixed.subarray(from, to));
          put(2, s, base.subarray(from, to));
          if (mults) put(3, s, mults.subarray(from, to));
          put(5, s, cumulative.subarray(from, to));
          x.monthColumns(0, s, 2 * s, 3 * s, mults ? 1 : 0, shared, 4 * s, 5 * s, 6 * s, n);
          cost.set(view(4, s, n), from);
          cumulative.set(view(5, s, n), from);
          requests.set(view(6, s, n), from);
        });
      },
    };
  } catch {
    instance = null;
  }
  return instance;
}
