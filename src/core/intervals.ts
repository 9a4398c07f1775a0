/**
 * Where a piecewise-linear difference of two costs is negative, and how to say it: the seat
 * report's crossovers ("from 12 requests per active user per day"). Pure.
 */
import type { Interval } from '../schema/seats.js';

/**
 * Intervals of x ∈ [lo, hi) where the piecewise-linear `f` (kinks only at `kinks`) is negative.
 * `hi` may be Infinity: the last piece is extended by its slope.
 */
export function negativeIntervals(f: (x: number) => number, kinks: readonly number[], lo: number, hi = Infinity): Interval[] {
  const pts = [lo, ...kinks.filter((k) => Number.isFinite(k) && k > lo && k < hi).sort((x, y) => x - y)];
  const out: Interval[] = [];
  // tolerance: a billionth of the values' size, and never below a billionth of a currency unit
  const tol = 1e-9 * Math.max(1, Math.abs(f(lo)), Math.abs(f(pts[pts.length - 1]!)));
  const neg = (v: number) => v < -tol;
  const push = (from: number, to: number | null) => {
    const last = out[out.length - 1];
    if (last && last.to !== null && Math.abs(last.to - from) <= 1e-9 * Math.max(1, Math.abs(from))) last.to = to;
    else out.push({ from, to });
  };
  for (let i = 0; i < pts.length; i++) {
    const x0 = pts[i]!;
    const last = i === pts.length - 1;
    const x1 = last ? (Number.isFinite(hi) ? hi : x0 + Math.max(1, Math.abs(x0))) : pts[i + 1]!;
    const v0 = f(x0);
    const v1 = f(x1);
    const root = x0 + (v0 * (x1 - x0)) / (v0 - v1);
    if (last && !Number.isFinite(hi)) {
      // the last piece runs to infinity: follow its slope past x1
      const falling = v1 < v0 - tol;
      if (neg(v0)) push(x0, v1 <= v0 + tol ? null : root);
      else if (falling) push(root, null);
      continue;
    }
    // Within a piece f is linear: negative on a sub-interval bounded by the root, if any.
    if (neg(v0) && neg(v1)) push(x0, x1);
    else if (neg(v0)) push(x0, root);
    else if (neg(v1)) push(root, x1);
  }
  return out;
}

/** "always", "never", "from X unit", "up to Y unit", "between X and Y unit". */
export function describeIntervals(intervals: readonly Interval[], lo: number, fmtFrom: (x: number) => string, fmtTo: (x: number) => string, unit: string): string {
  if (intervals.length === 0) return 'never';
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  const parts = intervals.map((iv) => {
    if (near(iv.from, lo) && iv.to === null) return 'always';
    if (near(iv.from, lo)) return `up to ${fmtTo(iv.to!)} ${unit}`;
    if (iv.to === null) return `from ${fmtFrom(iv.from)} ${unit}`;
    return `between ${fmtFrom(iv.from)} and ${fmtTo(iv.to)} ${unit}`;
  });
  return parts.join(', and ');
}
