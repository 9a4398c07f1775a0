// The plain-loop baselines' own random numbers and statistics, written independently of
// src/core (another generator, another normal quantile, another selection), so a baseline shares
// no code with what it measures. Same kind of work: one uniform and one inverse CDF per draw,
// truncation by narrowing the uniform's range, a compensated mean and percentiles by selection.

/** sfc32 (Doty-Humphrey's small fast counting generator), 53-bit doubles in (0, 1). */
export function sfc32(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6) + 0.5) / 9007199254740992;
}

/** Wichura's AS 241 PPND7: the standard normal quantile to about 1e-7. */
export function ppnd7(p) {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * (((59.10937472 * r + 159.2911302) * r + 50.434271938) * r + 3.387132872)) / (((67.1875636 * r + 78.757757664) * r + 17.895169469) * r + 1);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x;
  if (r <= 5) {
    r -= 1.6;
    x = (((0.17023821103 * r + 1.3067284816) * r + 2.75681539) * r + 1.4234372777) / ((0.12021132975 * r + 0.7368700694) * r + 1);
  } else {
    r -= 5;
    x = (((0.017337203997 * r + 0.42868294337) * r + 3.0812263860) * r + 6.657904643) / ((0.012258202635 * r + 0.24197894225) * r + 1);
  }
  return q < 0 ? -x : x;
}

/** Φ(x) by the complementary error function (Numerical Recipes' erfcc, 1.2e-7). */
export function phi(x) {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r / 2 : r / 2;
}

/** A column of `n` draws: `{ tri: [min, mode, max] }`, `{ uni: [low, high] }`, `{ norm: [mean, sd, lo, hi] }`, `{ logn: [p50, p90, lo, hi] }`. */
export function draw(spec, n, rand) {
  const out = new Float64Array(n);
  if (spec.uni) {
    const [a, b] = spec.uni;
    for (let i = 0; i < n; i++) out[i] = a + (b - a) * rand();
  } else if (spec.tri) {
    const [a, c, b] = spec.tri;
    const fc = (c - a) / (b - a);
    for (let i = 0; i < n; i++) {
      const u = rand();
      out[i] = u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
  } else {
    const log = Boolean(spec.logn);
    const [m, s, lo = -Infinity, hi = Infinity] = spec.logn ?? spec.norm;
    const mu = log ? Math.log(m) : m;
    const sigma = log ? (Math.log(s) - mu) / 1.2815515655446004 : s;
    const tr = (x) => (log ? (x > 0 ? Math.log(x) : -Infinity) : x);
    const ua = phi((tr(lo) - mu) / sigma);
    const w = phi((tr(hi) - mu) / sigma) - ua;
    for (let i = 0; i < n; i++) {
      const z = mu + sigma * ppnd7(ua + w * rand());
      const x = log ? Math.exp(z) : z;
      out[i] = x < lo ? lo : x > hi ? hi : x;
    }
  }
  return out;
}

/** Neumaier-compensated mean. */
export function meanOf(a) {
  let s = 0;
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return (s + c) / a.length;
}

/** Hoare quickselect of several ranks at once (ascending `ks`), in place. */
function selectRanks(a, lo, hi, ks) {
  while (ks.length > 0) {
    if (hi - lo < 48) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const p = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    const left = ks.filter((k) => k <= j);
    const right = ks.filter((k) => k >= i);
    if (left.length < right.length) {
      selectRanks(a, lo, j, left);
      lo = i;
      ks = right;
    } else {
      selectRanks(a, i, hi, right);
      hi = j;
      ks = left;
    }
  }
}

const QS = [0.1, 0.5, 0.8, 0.9, 0.95];

/** Mean and P10/P50/P80/P90/P95 (linear between ranks); reorders `a`. Short columns are sorted, as aifinops does. */
export function summary(a) {
  const m = meanOf(a);
  const n = a.length;
  const ranks = [];
  for (const q of QS) {
    const r = Math.floor((n - 1) * q);
    ranks.push(r);
    if (r + 1 < n) ranks.push(r + 1);
  }
  if (n < 65536) a.sort();
  else selectRanks(a, 0, n - 1, [...new Set(ranks)].sort((x, y) => x - y));
  const pct = (q) => {
    const h = (n - 1) * q;
    const r = Math.floor(h);
    return r + 1 < n ? a[r] + (h - r) * (a[r + 1] - a[r]) : a[r];
  };
  return { mean: m, p10: pct(0.1), p50: pct(0.5), p80: pct(0.8), p90: pct(0.9), p95: pct(0.95) };
}
