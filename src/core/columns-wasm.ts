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
 * the loop allows, so the memory stays small. A run decodes the bytes stored in wasm-modules.ts
 * (the same bytes, checked by a test) rather than building them here.
 */
import {
  I64, BLOCK, BR_IF, END, f64, F64, F64_ABS, F64_ADD, F64_DIV, F64_EQ, F64_FROM_U32, F64_GE, F64_GT, F64_LOAD, F64_MUL, F64_NE, F64_SQRT, F64_STORE,
  F64_SUB, funcType, get, i32, I32, I32_ADD, I32_EQZ, I32_LT_U, I32_SHL, I32_SUB, IF, LOOP, moduleBytes, RETURN, SELECT, set, tee, VOID, type Code,
  type Func,
} from './wasm-bytes.js';
import { mcWasm } from './mc-wasm.js';
import { SELECT_BUCKETS, splitBody } from './select-wasm.js';

/** `for (i = 0; i < n; i++) { body }` with i in local `i`, n in local `n`. */
const loop = (i: number, n: number, body: Code): Code => [
  BLOCK, VOID, get(n), I32_EQZ, BR_IF, 0,
  LOOP, VOID, body, get(i), i32(1), I32_ADD, tee(i), get(n), I32_LT_U, BR_IF, 0, END,
  END,
];
/** The address of element i (local) of the column at byte offset `col` (local). */
const at = (col: number, i: number): Code => [get(col), get(i), i32(3), I32_SHL, I32_ADD];
const load = (col: number, i: number): Code => [at(col, i), F64_LOAD];

const I32_LOAD = [0x28, 2, 0];
const F64_LOAD_AT = (offset: number): Code => [0x2b, 3, offset];
const F64_STORE_AT = (offset: number): Code => [0x39, 3, offset];
/**
 * `mean`'s step for the value in local 21 (t in local 22): t = sum + v; comp += |sum| ≥ |v| ?
 * (sum − t) + v : (v − t) + sum; sum = t — the same operations as percentiles.ts `meanJs`.
 */
const neumaier = (sum: number, comp: number): Code => [
  get(sum), get(21), F64_ADD, set(22),
  get(comp),
  get(sum), get(22), F64_SUB, get(21), F64_ADD,
  get(21), get(22), F64_SUB, get(sum), F64_ADD,
  get(sum), F64_ABS, get(21), F64_ABS, F64_GE,
  SELECT, F64_ADD, set(comp),
  get(22), set(sum),
];
const I32_STORE = [0x36, 2, 0];

/** The module's bytes (on their own; a run uses them within mc-wasm.ts's one module). */
export function columnsModuleBytes(): Uint8Array {
  const { types, funcs } = columnsParts();
  return moduleBytes(types, [], funcs);
}

/** The module's types and functions (which import nothing and call no function). */
export function columnsParts(): { types: Code[]; funcs: Func[] } {
  const types: Code[] = [
    funcType([I32, I32], [F64]), // 0: mean, stdError (offset, n)
    funcType([I32, I32, F64], [I32]), // 1: countAbove (offset, n, limit)
    funcType([I32, I32, I32, I32, I32], [I32]), // 2: ratio (dst, a, b, n, sums)
    funcType([I32, I32, I32], [I32]), // 3: firstNonFinite (a, b, n)
    funcType([I32, I32, I32, I32, I32, F64, I32, I32, I32, I32], []), // 4: monthColumns
    funcType([I32, I32, I32, I32], [I32]), // 5: split (offset, n, dst, h)
    funcType([I32, I32, I32, I32], []), // 6: totals (a, b, n, sums)
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
    // ratio(dst, a, b, n, sums): dst = a / b, or 0 at the first b that is 0 (montecarlo.ts `ratio`),
    // and the compensated sum of the ratios as `mean` adds them (sum and comp at `sums`, read first
    // and written back, so it carries from chunk to chunk). Locals: 5 i, 6 b, 7 sum, 8 comp, 21 v, 22 t.
    {
      type: 2,
      locals: [[1, I32], [17, F64]],
      body: [
        get(4), F64_LOAD, set(7),
        get(4), F64_LOAD_AT(8), set(8),
        loop(5, 3, [
          load(2, 5), set(6), get(6), f64(0), F64_EQ, IF, VOID, i32(0), RETURN, END,
          load(1, 5), get(6), F64_DIV, set(21),
          at(0, 5), get(21), F64_STORE,
          neumaier(7, 8),
        ]),
        get(4), get(7), F64_STORE,
        get(4), get(8), F64_STORE_AT(8),
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
    // totals(a, b, n, sums): the compensated sum of a as `mean` adds it, and the sum of a − a and
    // b − b (0 while every value is finite, NaN once one is not): estimate's finiteness check of
    // the totals and net values and the totals' mean in one pass. At `sums`: sum, comp, check,
    // read first and written back (carried from chunk to chunk). Locals: 4 i; 5 sum, 6 comp,
    // 7 check, 8 b; 21 v, 22 t.
    {
      type: 6,
      locals: [[1, I32], [18, F64]],
      body: [
        get(3), F64_LOAD, set(5),
        get(3), F64_LOAD_AT(8), set(6),
        get(3), F64_LOAD_AT(16), set(7),
        loop(4, 2, [
          load(0, 4), set(21),
          load(1, 4), set(8),
          get(7), get(21), get(21), F64_SUB, F64_ADD, get(8), get(8), F64_SUB, F64_ADD, set(7),
          neumaier(5, 6),
        ]),
        get(3), get(5), F64_STORE,
        get(3), get(6), F64_STORE_AT(8),
        get(3), get(7), F64_STORE_AT(16),
      ],
      export: 'totals',
    },
    // monthColumns(total, fixed, base, mults, hasMults, shared, cost, cum, req, n) (forecast.ts `monthColumns`),
    // the compensated sums of the three columns it writes, as `mean` adds them, how many costs are
    // above a limit (`shareAbove`'s count), and the sum of total − total (0 while every total is
    // finite, NaN once one is not), carried from chunk to chunk: nine doubles after the req column,
    // at req + 8n (the six sums, the limit, the count, the check), read first and written back.
    // Locals: 10 i, 11 mult, 12 total, 13 fixed, 14 c; 15–20 sum and comp of cost, cum, req; 21 v, 22 t;
    // 23 limit, 24 count, 25 check.
    {
      type: 4,
      locals: [[1, I32], [15, F64]],
      body: [
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => [get(8), get(9), i32(3), I32_SHL, I32_ADD, F64_LOAD_AT(8 * k), set(k < 6 ? 15 + k : 17 + k)]),
        loop(10, 9, [
          load(3, 10), get(5), get(4), SELECT, set(11),
          load(0, 10), set(12),
          get(25), get(12), get(12), F64_SUB, F64_ADD, set(25),
          load(1, 10), set(13),
          get(12), get(13), get(12), get(13), F64_SUB, get(11), F64_MUL, F64_ADD, get(11), f64(1), F64_EQ, SELECT, set(14),
          at(6, 10), get(14), F64_STORE,
          get(24), f64(1), f64(0), get(14), get(23), F64_GT, SELECT, F64_ADD, set(24),
          get(14), set(21), neumaier(15, 16),
          load(7, 10), get(14), F64_ADD, set(21),
          at(7, 10), get(21), F64_STORE,
          neumaier(17, 18),
          load(2, 10), get(11), F64_MUL, set(21),
          at(8, 10), get(21), F64_STORE,
          neumaier(19, 20),
        ]),
        [0, 1, 2, 3, 4, 5, 7, 8].map((k) => [get(8), get(9), i32(3), I32_SHL, I32_ADD, get(k < 6 ? 15 + k : 17 + k), F64_STORE_AT(8 * k)]),
      ],
      export: 'monthColumns',
    },
    // the exact multi-rank selection's split into buckets (select-wasm.ts)
    { type: 5, locals: [[5, I32], [4, I64], [1, F64]], body: splitBody(), export: 'split' },
  ];
  return { types, funcs };
}

interface Exports {
  mean(off: number, n: number): number;
  countAbove(off: number, n: number, limit: number): number;
  ratio(dst: number, a: number, b: number, n: number, sums: number): number;
  stdError(off: number, n: number): number;
  firstNonFinite(a: number, b: number, n: number): number;
  monthColumns(total: number, fixed: number, base: number, mults: number, hasMults: number, shared: number, cost: number, cum: number, req: number, n: number): void;
  split(off: number, n: number, dst: number, h: number): number;
  totals(a: number, b: number, n: number, sums: number): void;
}

/** The loops, on columns of doubles (each copied in, results copied out). */
export interface WasmColumns {
  mean(values: Float64Array): number;
  countAbove(values: Float64Array, limit: number): number;
  /** a / b per sample and the `mean` of those ratios (the same number), or null when some b is 0. */
  ratio(a: Float64Array, b: Float64Array): { values: Float64Array; mean: number } | null;
  /** For at least 2 values. */
  stdError(values: Float64Array): number;
  /** `mean(a)` (the same number), and whether every value of a and b is finite (`firstNonFinite(a, b) < 0`). */
  totals(a: Float64Array, b: Float64Array): { mean: number; finite: boolean };
  /** The first index where a or b is not finite, or −1. */
  firstNonFinite(a: Float64Array, b: Float64Array): number;
  /**
   * Forecast's month columns (forecast.ts `monthColumns`), the `mean` of each column written
   * (cost, cumulative, requests), the same numbers as `mean` of each afterwards, and how many
   * costs are above `limit` (`shareAbove(cost, limit)` × n; 0 for an infinite limit), and whether
   * every total is finite (true: the same as `firstNonFinite(total, total) < 0`).
   */
  monthColumns(total: Float64Array, fixed: Float64Array, base: Float64Array, mults: Float64Array | null, shared: number, cost: Float64Array, cumulative: Float64Array, requests: Float64Array, limit: number): [number, number, number, number, boolean];
  /**
   * Reorder `values` (a permutation of them) so that each of `ranks` (ascending, distinct, each
   * in 0 … n − 1) holds what `values.sort()` puts there, bit for bit; false (and `values`
   * unchanged) when one is NaN.
   */
  select(values: Float64Array, ranks: readonly number[]): boolean;
}

/** Buckets at most this long are sorted natively rather than split again. */
const SORT_BUCKET_MAX = 256;

/** Samples per chunk of the loops that compare columns sample by sample. */
const CHUNK = 1 << 16;

let instance: WasmColumns | null | undefined;

/** The loops in WebAssembly, or null where it cannot run (the JavaScript loops then do the work). */
export function wasmColumns(): WasmColumns | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    const wasm = mcWasm<Exports>();
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
        const sums = new Float64Array(2);
        let ok = true;
        chunks(a.length, (from, to) => {
          const n = to - from;
          const s = columns(4, n);
          put(1, s, a.subarray(from, to));
          put(2, s, b.subarray(from, to));
          put(3, s, sums);
          if (x.ratio(0, s, 2 * s, n, 3 * s) === 0) return (ok = false);
          out.set(view(0, s, n), from);
          sums.set(view(3, s, 2));
        });
        return ok ? { values: out, mean: (sums[0]! + sums[1]!) / a.length } : null;
      },
      totals(a, b) {
        const sums = new Float64Array(3);
        chunks(a.length, (from, to) => {
          const n = to - from;
          const s = columns(3, n);
          put(0, s, a.subarray(from, to));
          put(1, s, b.subarray(from, to));
          put(2, s, sums);
          x.totals(0, s, n, 2 * s);
          sums.set(view(2, s, 3));
        });
        return { mean: (sums[0]! + sums[1]!) / a.length, finite: sums[2] === 0 };
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
      select(values, ranks) {
        // one split into buckets by the highest bits in which the values differ (select-wasm.ts),
        // then each bucket holding a wanted rank: sorted when short, else split again (its values
        // differ in lower bits only, so this ends within six levels)
        const n = values.length;
        room(16 * n + 4 * SELECT_BUCKETS);
        new Float64Array(memory.buffer, 0, n).set(values);
        const shift = x.split(0, n, 8 * n, 16 * n);
        if (shift < 0) return false;
        if (shift === 64) return true; // every value the same bits: any order is the sorted one
        values.set(new Float64Array(memory.buffer, 8 * n, n));
        const ends = new Int32Array(memory.buffer, 16 * n, SELECT_BUCKETS).slice();
        let b = 0;
        for (let k = 0; k < ranks.length; ) {
          while (ends[b]! <= ranks[k]!) b++;
          const start = b === 0 ? 0 : ends[b - 1]!;
          const end = ends[b]!;
          const within: number[] = [];
          while (k < ranks.length && ranks[k]! < end) within.push(ranks[k++]! - start);
          const bucket = values.subarray(start, end);
          if (bucket.length <= SORT_BUCKET_MAX) bucket.sort();
          else instance!.select(bucket, within);
        }
        return true;
      },
      monthColumns(total, fixed, base, mults, shared, cost, cumulative, requests, limit) {
        // carried across chunks
        const sums = startMonthSums(new Float64Array(MONTH_SUMS), limit);
        chunks(total.length, (from, to) => {
          const n = to - from;
          const s = columns(8, n);
          put(7, s, sums);
          put(0, s, total.subarray(from, to));
          put(1, s, fixed.subarray(from, to));
          put(2, s, base.subarray(from, to));
          if (mults) put(3, s, mults.subarray(from, to));
          put(5, s, cumulative.subarray(from, to));
          x.monthColumns(0, s, 2 * s, 3 * s, mults ? 1 : 0, shared, 4 * s, 5 * s, 6 * s, n);
          cost.set(view(4, s, n), from);
          cumulative.set(view(5, s, n), from);
          requests.set(view(6, s, n), from);
          sums.set(view(7, s, MONTH_SUMS));
        });
        return monthResult(sums, total.length);
      },
    };
  } catch {
    instance = null;
  }
  return instance;
}

/**
 * The doubles the module's `monthColumns` carries from call to call: the compensated sums (sum,
 * comp) of cost, cumulative and requests, the limit, the count of costs above it, and a flag set
 * when a total is not finite.
 */
export const MONTH_SUMS = 9;

/** `sums` (MONTH_SUMS doubles) set for a month's first call: every sum, count and flag 0, the limit in place. */
export function startMonthSums(sums: Float64Array, limit: number): Float64Array {
  sums.fill(0);
  sums[6] = limit;
  return sums;
}

/** What a month's `monthColumns` gives from its carried `sums` over `n` paths (see WasmColumns.monthColumns). */
export function monthResult(sums: Float64Array, n: number): [number, number, number, number, boolean] {
  return [(sums[0]! + sums[1]!) / n, (sums[2]! + sums[3]!) / n, (sums[4]! + sums[5]!) / n, sums[7]!, sums[8] === 0];
}
