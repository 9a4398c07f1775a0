/**
 * Uncertain inputs: the four distribution kinds a scenario may give instead of a number, fitted
 * to their parameters and truncated to the field's valid range; inverse-CDF samplers drawing from
 * the seeded generator of rng.ts (one stream per input). The summaries and percentiles are in
 * percentiles.ts. Pure: no I/O. See docs/uncertainty.md.
 */
import { A1, A2, A3, A4, A5, A6, B1, B2, B3, B4, B5, C1, C2, C3, C4, C5, C6, D1, D2, D3, D4, P_LOW } from './acklam.js';
import type { Rng } from './rng.js';
import { wasmDraws, type WasmDraws } from './sampler-wasm.js';

/** A distribution as the scenario writes it (numbers already converted from percent strings). */
export type DistributionSpec =
  | { kind: 'lognormal'; p50: number; p90: number }
  | { kind: 'triangular'; min: number; mode: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'uniform'; low: number; high: number };

export type DistributionKind = DistributionSpec['kind'];

/** The parameter names of each kind, as written in YAML. */
export const DISTRIBUTION_KEYS: Record<DistributionKind, readonly string[]> = {
  lognormal: ['p50', 'p90'],
  triangular: ['min', 'mode', 'max'],
  normal: ['mean', 'sd'],
  uniform: ['low', 'high'],
};

/** Every key that marks a mapping as a distribution. */
export const ALL_DISTRIBUTION_KEYS: ReadonlySet<string> = new Set(Object.values(DISTRIBUTION_KEYS).flat());

/** The valid range of a numeric field (from its schema). */
export interface Bounds {
  lo: number;
  hi: number;
  /** The bound itself is not allowed (e.g. `> 0`). */
  loOpen: boolean;
  hiOpen: boolean;
  /** Whole numbers only: samples are rounded to the nearest whole number. */
  int: boolean;
}

export const UNBOUNDED: Bounds = { lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true, int: false };

/** z such that Φ(z) = 0.9. */
export const Z90 = 1.2815515655446004;

const KIND_CONSTANT = 0;
const KIND_UNIFORM = 1;
const KIND_TRIANGULAR = 2;
const KIND_NORMAL = 3;
const KIND_LOGNORMAL = 4;

/**
 * A distribution ready to sample. Normal and log-normal are sampled by inverse CDF restricted to
 * [ua, ub] = [Φ(α), Φ(β)], which is exact truncation to the field's range without rejection.
 */
export interface Fitted {
  spec: DistributionSpec;
  bounds: Bounds;
  /** 0 constant, 1 uniform, 2 triangular, 3 normal, 4 log-normal. */
  code: number;
  /** constant: the value; uniform/triangular: the low end. */
  a: number;
  /** uniform/triangular: the high end. */
  b: number;
  /** triangular: the mode. */
  c: number;
  /** triangular: F(mode) = (c − a)/(b − a). */
  fc: number;
  /** normal: mean; log-normal: ln p50. */
  mu: number;
  /** normal: sd; log-normal: σ of ln X. */
  sigma: number;
  /** CDF of the untruncated distribution at the field's bounds (normal, log-normal). */
  ua: number;
  ub: number;
  /** Mean of the distribution as sampled (after truncation, before rounding). */
  mean: number;
  /** Share of the untruncated distribution inside the field's range (1 when nothing is cut off). */
  massKept: number;
}

// ---------------------------------------------------------------------------------------------
// The standard normal distribution

/**
 * Φ(x), the standard normal CDF, to double precision: Hart's algorithm 5666 as given by
 * G. West, "Better approximations to cumulative normal functions" (Wilmott, 2009).
 */
export function normalCdf(x: number): number {
  const ax = Math.abs(x);
  let c: number;
  if (ax > 37) c = 0;
  else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let n = 3.52624965998911e-2 * ax + 0.700383064443688;
      n = n * ax + 6.37396220353165;
      n = n * ax + 33.912866078383;
      n = n * ax + 112.079291497871;
      n = n * ax + 221.213596169931;
      n = n * ax + 220.206867912376;
      let d = 8.83883476483184e-2 * ax + 1.75566716318264;
      d = d * ax + 16.064177579207;
      d = d * ax + 86.7807322029461;
      d = d * ax + 296.564248779674;
      d = d * ax + 637.333633378831;
      d = d * ax + 793.826512519948;
      d = d * ax + 440.413735824752;
      c = (e * n) / d;
    } else {
      let d = ax + 0.65;
      d = ax + 4 / d;
      d = ax + 3 / d;
      d = ax + 2 / d;
      d = ax + 1 / d;
      c = e / d / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return Number.isFinite(x) ? Math.exp((-x * x) / 2) / 2.5066282746310002 : 0;
}


/**
 * Φ⁻¹(p) for p in (0, 1): P. J. Acklam's rational approximation (relative error < 1.2e-9)
 * refined by one Halley step against `normalCdf`, which brings it to about double precision.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const x = acklam(p);
  // Halley refinement (in the upper half, on the complement, where Φ has its precision)
  const e = x > 0 ? 1 - p - normalCdf(-x) : normalCdf(x) - p;
  const u = e * 2.5066282746310002 * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Acklam's approximation alone, for sampling: its 1.2e-9 relative error is far below Monte Carlo
 * noise, and it costs half as much as the refined quantile.
 */
export function acklam(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Fitting

function blank(spec: DistributionSpec, bounds: Bounds): Fitted {
  return { spec, bounds, code: KIND_CONSTANT, a: 0, b: 0, c: 0, fc: 0, mu: 0, sigma: 0, ua: 0, ub: 1, mean: 0, massKept: 1 };
}

function constant(spec: DistributionSpec, bounds: Bounds, value: number): Fitted {
  const f = blank(spec, bounds);
  f.a = value;
  f.mean = value;
  return f;
}

/**
 * Fit a distribution to its parameters and truncate it to `bounds`. The parameters must already be
 * valid (load/distributions.ts checks them): uniform and triangular lie within the bounds; the
 * normal's mean and the log-normal's p50 and p90 lie within them. A zero-width distribution
 * (low = high, min = max, sd = 0, p50 = p90) is a constant equal to its parameter, exactly.
 */
export function fitDistribution(spec: DistributionSpec, bounds: Bounds = UNBOUNDED): Fitted {
  switch (spec.kind) {
    case 'uniform': {
      if (spec.low === spec.high) return constant(spec, bounds, spec.low);
      const f = blank(spec, bounds);
      f.code = KIND_UNIFORM;
      f.a = spec.low;
      f.b = spec.high;
      f.mean = (spec.low + spec.high) / 2;
      return f;
    }
    case 'triangular': {
      if (spec.min === spec.max) return constant(spec, bounds, spec.min);
      const f = blank(spec, bounds);
      f.code = KIND_TRIANGULAR;
      f.a = spec.min;
      f.b = spec.max;
      f.c = spec.mode;
      f.fc = (spec.mode - spec.min) / (spec.max - spec.min);
      f.mean = (spec.min + spec.mode + spec.max) / 3;
      return f;
    }
    case 'normal': {
      if (spec.sd === 0) return constant(spec, bounds, spec.mean);
      const f = blank(spec, bounds);
      f.code = KIND_NORMAL;
      f.mu = spec.mean;
      f.sigma = spec.sd;
      const alpha = (bounds.lo - spec.mean) / spec.sd;
      const beta = (bounds.hi - spec.mean) / spec.sd;
      f.ua = normalCdf(alpha);
      f.ub = normalCdf(beta);
      f.massKept = f.ub - f.ua;
      // mean of a normal truncated to [lo, hi]: μ + σ (φ(α) − φ(β)) / (Φ(β) − Φ(α))
      f.mean = spec.mean + (spec.sd * (normalPdf(alpha) - normalPdf(beta))) / f.massKept;
      return f;
    }
    case 'lognormal': {
      if (spec.p50 === spec.p90) return constant(spec, bounds, spec.p50);
      const f = blank(spec, bounds);
      f.code = KIND_LOGNORMAL;
      f.mu = Math.log(spec.p50);
      f.sigma = (Math.log(spec.p90) - f.mu) / Z90;
      const alpha = bounds.lo > 0 ? (Math.log(bounds.lo) - f.mu) / f.sigma : -Infinity;
      const beta = bounds.hi < Infinity ? (Math.log(bounds.hi) - f.mu) / f.sigma : Infinity;
      f.ua = normalCdf(alpha);
      f.ub = normalCdf(beta);
      f.massKept = f.ub - f.ua;
      // mean of a log-normal truncated to [lo, hi]: e^(μ+σ²/2) (Φ(β − σ) − Φ(α − σ)) / (Φ(β) − Φ(α))
      f.mean = (Math.exp(f.mu + (f.sigma * f.sigma) / 2) * (normalCdf(beta - f.sigma) - normalCdf(alpha - f.sigma))) / f.massKept;
      return f;
    }
  }
}

/** The value used for the deterministic estimate: the mean as sampled (rounded for whole-number fields). */
export function pointValue(f: Fitted): number {
  return f.bounds.int ? Math.round(f.mean) : f.mean;
}

/** The inverse CDF of the fitted (truncated) distribution at u ∈ (0, 1), before rounding. */
export function quantileOf(f: Fitted, u: number): number {
  switch (f.code) {
    case KIND_CONSTANT:
      return f.a;
    case KIND_UNIFORM:
      return f.a + (f.b - f.a) * u;
    case KIND_TRIANGULAR:
      return u < f.fc ? f.a + Math.sqrt(u * (f.b - f.a) * (f.c - f.a)) : f.b - Math.sqrt((1 - u) * (f.b - f.a) * (f.b - f.c));
    case KIND_NORMAL:
      return within(f, f.mu + f.sigma * normalQuantile(f.ua + (f.ub - f.ua) * u));
    default:
      return within(f, Math.exp(f.mu + f.sigma * normalQuantile(f.ua + (f.ub - f.ua) * u)));
  }
}

/** Guards the last bit of rounding at a truncation bound (the inverse CDF is exact up to ~1 ulp). */
function within(f: Fitted, x: number): number {
  const { lo, hi } = f.bounds;
  return x < lo ? lo : x > hi ? hi : x;
}

// ---------------------------------------------------------------------------------------------
// Pseudo-random numbers (src/core/rng.ts)

export { hashString, Rng } from './rng.js';

/**
 * Fill `out` with independent draws of `f` from `rng`, one uniform per draw (so a run with more
 * samples starts with the same draws). Whole-number fields are rounded.
 *
 * Each kind's loop is a small function of its own: a Monte Carlo run draws in a fresh process,
 * where V8 optimises a function after an amount of interpreted work that grows with the function's
 * size, so a small loop reaches compiled code after fewer interpreted draws than one inside a
 * function holding every kind.
 */
export function sampleInto(f: Fitted, rng: Rng, out: Float64Array): void {
  const w = f.code === KIND_CONSTANT ? null : wasmDraws();
  if (w) sampleWasm(f, rng, out, w);
  else sampleIntoJs(f, rng, out);
}

/**
 * `sampleIntoJs` in WebAssembly (sampler-wasm.ts): the same doubles, from code that is compiled
 * before it runs, where the JavaScript loops start interpreted in a fresh process.
 */
function sampleWasm(f: Fitted, rng: Rng, out: Float64Array, w: WasmDraws): void {
  const n = out.length;
  // a uniform input's draws come straight from the generator's pass (a + w · u, as `uniformFrom`)
  if (f.code === KIND_UNIFORM) w.begin(rng, n, f.a, f.b - f.a);
  else w.begin(rng, n);
  switch (f.code) {
    case KIND_UNIFORM:
      break;
    case KIND_TRIANGULAR:
      w.triangular(n, f.a, f.b, f.fc, (f.b - f.a) * (f.c - f.a), (f.b - f.a) * (f.b - f.c));
      break;
    case KIND_NORMAL:
      w.normal(n, f.mu, f.sigma, f.ua, f.ub - f.ua, f.bounds.lo, f.bounds.hi);
      break;
    default:
      w.lognormal(n, f.mu, f.sigma, f.ua, f.ub - f.ua, f.bounds.lo, f.bounds.hi);
  }
  if (f.bounds.int) w.round(n);
  w.end(out);
}

/** `sampleInto` in JavaScript: the definition, and what draws where WebAssembly cannot run. */
export function sampleIntoJs(f: Fitted, rng: Rng, out: Float64Array): void {
  switch (f.code) {
    case KIND_CONSTANT:
      out.fill(f.bounds.int ? Math.round(f.a) : f.a);
      return;
    case KIND_UNIFORM:
      rng.fillDoubles(out);
      uniformFrom(out, f.a, f.b - f.a);
      break;
    case KIND_TRIANGULAR:
      rng.fillDoubles(out);
      triangularFrom(out, f.a, f.b, f.fc, (f.b - f.a) * (f.c - f.a), (f.b - f.a) * (f.b - f.c));
      break;
    case KIND_NORMAL:
      rng.fillDoubles(out);
      normalFrom(out, f.mu, f.sigma, f.ua, f.ub - f.ua, f.bounds.lo, f.bounds.hi);
      break;
    default:
      rng.fillDoubles(out);
      lognormalFrom(out, f.mu, f.sigma, f.ua, f.ub - f.ua, f.bounds.lo, f.bounds.hi);
  }
  if (f.bounds.int) roundAll(out);
}

/** Uniforms u in `out` to a + w·u. */
function uniformFrom(out: Float64Array, a: number, w: number): void {
  for (let i = 0; i < out.length; i++) out[i] = a + w * out[i]!;
}

/** Uniforms u in `out` to the triangular quantile (`left` = (b − a)(c − a), `right` = (b − a)(b − c)). */
function triangularFrom(out: Float64Array, a: number, b: number, fc: number, left: number, right: number): void {
  for (let i = 0; i < out.length; i++) {
    const u = out[i]!;
    out[i] = u < fc ? a + Math.sqrt(u * left) : b - Math.sqrt((1 - u) * right);
  }
}

/** Uniforms u in `out` to μ + σ·Φ⁻¹(ua + w·u), kept within [lo, hi]. */
function normalFrom(out: Float64Array, mu: number, sigma: number, ua: number, w: number, lo: number, hi: number): void {
  for (let i = 0; i < out.length; i++) {
    const x = mu + sigma * acklam(ua + w * out[i]!);
    out[i] = x < lo ? lo : x > hi ? hi : x;
  }
}

/** Uniforms u in `out` to exp(μ + σ·Φ⁻¹(ua + w·u)), kept within [lo, hi]. */
function lognormalFrom(out: Float64Array, mu: number, sigma: number, ua: number, w: number, lo: number, hi: number): void {
  for (let i = 0; i < out.length; i++) {
    const x = Math.exp(mu + sigma * acklam(ua + w * out[i]!));
    out[i] = x < lo ? lo : x > hi ? hi : x;
  }
}

function roundAll(out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = Math.round(out[i]!);
}

// ---------------------------------------------------------------------------------------------
// Summaries (src/core/percentiles.ts)

export { mean, percentileSorted, shareAbove, summarize, summarizeSorted, SUMMARY_PERCENTILES, type Summary } from './percentiles.js';

/** A human description of a spec, for reports: "log-normal (p50 12000, p90 20000)". */
export function describeSpec(spec: DistributionSpec, fmt: (x: number) => string = String): string {
  switch (spec.kind) {
    case 'lognormal':
      return `log-normal (p50 ${fmt(spec.p50)}, p90 ${fmt(spec.p90)})`;
    case 'triangular':
      return `triangular (min ${fmt(spec.min)}, mode ${fmt(spec.mode)}, max ${fmt(spec.max)})`;
    case 'normal':
      return `normal (mean ${fmt(spec.mean)}, sd ${fmt(spec.sd)})`;
    case 'uniform':
      return `uniform (low ${fmt(spec.low)}, high ${fmt(spec.high)})`;
  }
}
