/**
 * Forecast's month columns (forecast.ts `monthColumns`) kept in WebAssembly memory for a whole
 * forecast, where columns-wasm.ts `monthColumns` copies four columns in and three out every month:
 * the base requests are written once, a run's totals and fixed costs once per run (the months of
 * a run follow each other), the cumulative cost stays where the last month left it, and the cost,
 * cumulative and requests columns are copied out only when the caller asks (a month whose bands
 * are read at ranks known beforehand needs only their means, which the pass works out). The same
 * function runs on the same doubles in the same order, so every number is what the copying path
 * gives (test/forecast/month-columns.test.ts).
 *
 * The columns live in an instance of mc-wasm.ts's module of their own (its own memory): the
 * other column loops, which write their memory from offset 0, run between the months.
 */
import { MONTH_SUMS, monthResult, startMonthSums } from './columns-wasm.js';
import { mcWasmOwn } from './mc-wasm.js';

/** Forecasts of up to this many samples keep their month columns in memory (at most 7 columns of 8-byte doubles: 3.5 MiB); larger ones copy in chunks. */
export const MONTH_COLUMNS_MAX = 1 << 16;

interface Exports {
  monthColumns(total: number, fixed: number, base: number, mults: number, hasMults: number, shared: number, cost: number, cum: number, req: number, n: number): void;
}

export type MonthColumn = 'cost' | 'cumulative' | 'requests';

export interface MonthColumns {
  /**
   * The next month's columns from a run's `total` and `fixed` (the caller does not change either
   * while it passes them), with each path's multiplier `mults` or `shared` for all: the means of
   * cost, cumulative and requests, how many costs are above `limit`, and whether every total is
   * finite (columns-wasm.ts `monthColumns`'s result, the same numbers).
   */
  month(total: Float64Array, fixed: Float64Array, mults: Float64Array | null, shared: number, limit: number): [number, number, number, number, boolean];
  /** The column as the last month left it, copied into `into` (n values). */
  copy(column: MonthColumn, into: Float64Array): Float64Array;
}

/**
 * Month columns for the paths whose simulated requests are `base` (kept, not copied again), or
 * null where WebAssembly cannot run or for more than MONTH_COLUMNS_MAX paths.
 */
export function monthColumnsInMemory(base: Float64Array): MonthColumns | null {
  const n = base.length;
  if (n > MONTH_COLUMNS_MAX) return null;
  const wasm = mcWasmOwn<Exports>();
  if (!wasm) return null;
  const { exports: x, memory, room } = wasm;
  // columns: 0 base, 1 total, 2 fixed, 3 cost, 4 cumulative, 5 requests; then the nine sums
  // (columns-wasm.ts), at requests + 8n; then, once a month has them, each path's multipliers
  // (a month without reads the base column in their place and uses `shared`: the memory holds
  // one column fewer). Fresh memory is zero: the cumulative starts at 0.
  const s = 8 * n;
  const MULTS = 6 * s + 128;
  room(6 * s + 72);
  // views of the memory, made again when it grows (for the multipliers)
  let buf: ArrayBuffer;
  let total: Float64Array;
  let fixed: Float64Array;
  let sums: Float64Array;
  const views = (): void => {
    buf = memory.buffer;
    [total, fixed] = [col(1), col(2)];
    sums = new Float64Array(buf, 6 * s, MONTH_SUMS);
  };
  const col = (k: number): Float64Array => new Float64Array(buf, k * s, n);
  views();
  col(0).set(base);
  const at: Record<MonthColumn, number> = { cost: 3, cumulative: 4, requests: 5 };
  let lastTotal: Float64Array | null = null;
  let lastFixed: Float64Array | null = null;
  let haveMults = false;
  return {
    month(t, f, m, shared, limit) {
      if (t !== lastTotal) total.set((lastTotal = t));
      if (f !== lastFixed) fixed.set((lastFixed = f));
      if (m) {
        if (!haveMults) {
          room(MULTS + s);
          views();
          haveMults = true;
        }
        new Float64Array(buf, MULTS, n).set(m);
      }
      startMonthSums(sums, limit);
      x.monthColumns(s, 2 * s, 0, m ? MULTS : 0, m ? 1 : 0, shared, 3 * s, 4 * s, 5 * s, n);
      return monthResult(sums, n);
    },
    copy(column, into) {
      into.set(col(at[column]));
      return into;
    },
  };
}
