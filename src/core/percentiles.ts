/**
 * Summaries of Monte Carlo samples: the mean and the percentiles a report shows. Percentiles
 * interpolate linearly between ranks (numpy's default). They are found by selection, not by
 * sorting: `selectPercentiles` moves to each rank a percentile reads the value a full ascending
 * sort (`Float64Array.prototype.sort`) would put there, with one multi-rank quickselect pass over
 * the array, so the results are the sort's exactly, at a fraction of its cost. Short columns are
 * sorted (see SELECT_FROM).
 * Pure: no I/O. See docs/uncertainty.md.
 */
import type { Summary } from '../schema/uncertainty-report.js';
import { wasmColumns, type WasmColumns } from './columns-wasm.js';

/** The percentiles every summary reports. */
export const SUMMARY_PERCENTILES = [10, 50, 80, 90, 95] as const;
/** The same as fractions, in the order `summaryOf` reads them. */
const SUMMARY_Q = [0.1, 0.5, 0.8, 0.9, 0.95] as const;

/** Mean and percentiles (the report's JSON shape). */
export type { Summary };

/** Percentile q ∈ [0, 1] of ascending `sorted` values, interpolating linearly between ranks (numpy's default). */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const x = sorted[lo]!;
  if (lo + 1 >= n) return x;
  const y = sorted[lo + 1]!;
  return x === y ? x : x + (h - lo) * (y - x);
}

/** The ranks (0-based positions in sorted order) `percentileSorted(·, q)` reads for n values. */
function ranksOf(n: number, q: number, into: number[]): void {
  if (n === 0) return;
  const lo = Math.floor((n - 1) * q);
  into.push(lo);
  if (lo + 1 < n) into.push(lo + 1);
}

/** Ranges at most this long are sorted outright (the native sort beats partitioning them). */
const SMALL = 48;
/**
 * Columns shorter than this are sorted rather than selected. The native sort (C++) of a short
 * column costs less than selection does in a fresh process, where the selection's JavaScript is
 * not yet compiled: measured cold on 5 columns, 10,000 values: sort 8–10 ms, selection 15–18 ms;
 * 100,000: 54 ms and 43 ms; 1,000,000: 560 ms and 230 ms. Both give the same numbers.
 */
export const SELECT_FROM = 1 << 16;

/**
 * Reorder `values` in place so that, for every q in `qs`, the positions `percentileSorted(values, q)`
 * reads hold what they would hold after `values.sort()`; `percentileSorted` then gives the sorted
 * array's percentile exactly. Other positions hold the other values in some order.
 *
 * A quickselect that partitions around a median of three and descends only into the parts that
 * hold a wanted rank (all ranks in one pass: expected linear time). Past a depth of 2·log₂ n it
 * sorts what is left (the introselect guard: never worse than a sort). Ties with −0 and +0 are
 * equal to `<`, so a zero found by selection gets the sign the sort gives its rank (the sort puts
 * −0 first); an array holding NaN is sorted (NaN sorts last, and never occurs in a valid run).
 * `small`: ranges this short are sorted outright (tests set it low to partition short arrays).
 */
export function selectPercentiles(values: Float64Array, qs: readonly number[], small = SMALL): void {
  const n = values.length;
  const ranks: number[] = [];
  for (const q of qs) ranksOf(n, q, ranks);
  if (ranks.length === 0) return;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) {
      values.sort();
      return;
    }
  }
  const wanted = [...new Set(ranks)].sort((a, b) => a - b);
  select(values, 0, n - 1, wanted, 0, wanted.length - 1, 2 * Math.ceil(Math.log2(n + 1)), Math.max(1, small));
  signZeros(values, wanted);
}

/** Partial quickselect of `a[lo..hi]` for the ranks `ks[kLo..kHi]` (ascending, all within lo..hi). */
function select(a: Float64Array, lo: number, hi: number, ks: readonly number[], kLo: number, kHi: number, depth: number, small: number): void {
  for (;;) {
    if (kLo > kHi) return;
    if (hi - lo < small || depth-- <= 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = lo + ((hi - lo) >> 1);
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Hoare partition: afterwards a[lo..j] ≤ pivot ≤ a[i..hi], and every a[j+1..i−1] equals pivot
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // ranks ≤ j lie in the left part, ranks ≥ i in the right; those between are in place already
    let split = kLo;
    while (split <= kHi && ks[split]! <= j) split++;
    let right = split;
    while (right <= kHi && ks[right]! < i) right++;
    // descend into the smaller part by recursion and loop on the other (bounded stack)
    if (split - kLo < kHi - right + 1) {
      select(a, lo, j, ks, kLo, split - 1, depth, small);
      lo = i;
      kLo = right;
    } else {
      select(a, i, hi, ks, right, kHi, depth, small);
      hi = j;
      kHi = split - 1;
    }
  }
}

/**
 * Give each selected zero the sign a sort gives its rank (the −0s come before the +0s), and the
 * other zeros the signs left over, so the array still holds the same values.
 */
function signZeros(a: Float64Array, ranks: readonly number[]): void {
  if (!ranks.some((r) => a[r] === 0)) return;
  let below = 0;
  let negativeZeros = 0;
  const zeros: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < 0) below++;
    else if (v === 0) {
      zeros.push(i);
      if (Object.is(v, -0)) negativeZeros++;
    }
  }
  const selected = new Set<number>();
  let negativeLeft = negativeZeros;
  for (const r of ranks) {
    if (a[r] !== 0) continue;
    selected.add(r);
    const negative = r < below + negativeZeros;
    a[r] = negative ? -0 : 0;
    if (negative) negativeLeft--;
  }
  for (const i of zeros) if (!selected.has(i)) a[i] = negativeLeft-- > 0 ? -0 : 0;
}

/**
 * Columns at least this long go through the WebAssembly loops (columns-wasm.ts), which give the same
 * numbers; shorter ones are not worth instantiating them for.
 */
export const WASM_FROM = 1024;
const wasmFor = (values: ArrayLike<number>): WasmColumns | null => (values instanceof Float64Array && values.length >= WASM_FROM ? wasmColumns() : null);

/** Mean with Neumaier's compensated summation (samples of very different size add up exactly enough). */
export function mean(values: ArrayLike<number>): number {
  const w = wasmFor(values);
  return w ? w.mean(values as Float64Array) : meanJs(values);
}

/** `mean` in JavaScript: the definition, and what runs where WebAssembly cannot. */
export function meanJs(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + comp) / n;
}

/** Columns up to this long are ranked in WebAssembly where it runs (16 bytes of its memory per value). */
export const WASM_SORT_MAX = 1 << 21;

/**
 * Put in place what `percentileSorted(values, q)` reads for each q in `qs`, as `values.sort()`
 * would (the other positions hold the other values, in some order): a column of WASM_FROM …
 * WASM_SORT_MAX values goes through WebAssembly's exact multi-rank selection (columns-wasm.ts
 * `select`: one split into buckets by the values' highest differing bits, then only the buckets
 * holding a wanted rank ordered; the native sort's values bit for bit, compiled from the start);
 * otherwise a short column is sorted natively and a long one selected (`selectPercentiles`).
 */
export function rank(values: Float64Array, qs: readonly number[]): void {
  const w = values.length >= WASM_FROM && values.length <= WASM_SORT_MAX ? wasmColumns() : null;
  if (w) {
    const ranks: number[] = [];
    for (const q of qs) ranksOf(values.length, q, ranks);
    ranks.sort((a, b) => a - b);
    if (w.select(values, ranks.filter((r, k) => k === 0 || r !== ranks[k - 1]))) return;
  }
  if (values.length < SELECT_FROM) values.sort();
  else selectPercentiles(values, qs);
}

/** Mean and percentiles. `values` is not modified. */
export function summarize(values: Float64Array): Summary {
  return summarizeInPlace(Float64Array.from(values));
}

/**
 * Mean and percentiles of `values`, which it reorders (the mean is taken first, in the given
 * order). For a column that is not needed afterwards, or only in an order-free way (`shareAbove`).
 * `knownMean`: `mean(values)` when the caller has it already (the same number).
 */
export function summarizeInPlace(values: Float64Array, knownMean?: number): Summary {
  const m = knownMean ?? mean(values);
  rank(values, SUMMARY_Q);
  return summarizeSorted(values, m);
}

/** Mean `m` and the percentiles of `sorted` (sorted, or reordered by `selectPercentiles` for the summary's percentiles). */
export function summarizeSorted(sorted: Float64Array, m: number): Summary {
  return {
    mean: m,
    p10: percentileSorted(sorted, SUMMARY_Q[0]),
    p50: percentileSorted(sorted, SUMMARY_Q[1]),
    p80: percentileSorted(sorted, SUMMARY_Q[2]),
    p90: percentileSorted(sorted, SUMMARY_Q[3]),
    p95: percentileSorted(sorted, SUMMARY_Q[4]),
  };
}

/** The positions of ascending order that the summary's percentiles read, for n values (ascending, distinct). */
export function summaryPositions(n: number): number[] {
  const ranks: number[] = [];
  for (const q of SUMMARY_Q) ranksOf(n, q, ranks);
  return [...new Set(ranks)].sort((a, b) => a - b);
}

/**
 * A copy of `values` with the positions the summary's percentiles read (`summaryPositions`) holding
 * what a sort puts there: sorted, or, for a long column, reordered by `selectPercentiles`.
 */
export function rankedCopy(values: Float64Array): Float64Array {
  const a = Float64Array.from(values);
  rank(a, SUMMARY_Q);
  return a;
}

/**
 * The summary of `values` without reordering them, when a sort of `values` would put `at(p)` at
 * each position p the percentiles read: the mean of `values` (in the given order), and the
 * percentiles interpolated exactly as `percentileSorted` does. The caller knows the order from
 * another column: when each value is f(x) of its sample's x in a column `ranked` by `rankedCopy`,
 * for one nondecreasing f, then `at(p) = f(ranked[p])` (a nondecreasing f keeps the order).
 * Null when a value read is ±0 (which zero a sort puts first is not known from the order of x);
 * the caller then sorts. `knownMean`: `mean(values)` when the caller has it already.
 */
export function summarizeMapped(values: Float64Array, at: (position: number) => number, knownMean?: number): Summary | null {
  return summarizeMappedAt(values.length, at, () => knownMean ?? mean(values));
}

/**
 * `summarizeMapped` of a column of `n` values that the caller need not hold: `meanOf()` gives their
 * `mean` (called only when the percentiles could be read).
 */
export function summarizeMappedAt(n: number, at: (position: number) => number, meanOf: () => number): Summary | null {
  const read = (q: number): number | null => {
    if (n === 0) return Number.NaN;
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const x = at(lo);
    if (x === 0) return null;
    if (lo + 1 >= n) return x;
    const y = at(lo + 1);
    if (y === 0) return null;
    return x === y ? x : x + (h - lo) * (y - x);
  };
  const p = SUMMARY_Q.map(read);
  if (p.includes(null)) return null;
  return { mean: meanOf(), p10: p[0]!, p50: p[1]!, p80: p[2]!, p90: p[3]!, p95: p[4]! };
}

/** One percentile of `values` (not modified), as `percentileSorted` of the sorted values gives it. */
export function percentileOf(values: Float64Array, q: number): number {
  const a = Float64Array.from(values);
  rank(a, [q]);
  return percentileSorted(a, q);
}

/** Share of `values` strictly above `limit`. */
export function shareAbove(values: ArrayLike<number>, limit: number): number {
  const w = wasmFor(values);
  return w ? w.countAbove(values as Float64Array, limit) / values.length : shareAboveJs(values, limit);
}

/** `shareAbove` in JavaScript: the definition, and what runs where WebAssembly cannot. */
export function shareAboveJs(values: ArrayLike<number>, limit: number): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > limit) k++;
  return values.length === 0 ? 0 : k / values.length;
}
