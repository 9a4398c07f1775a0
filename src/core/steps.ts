/**
 * The agent steps of a stage (spec §3, 2026-12 revision), in closed form. Pure: no I/O.
 *
 * A request reaching a stage makes a mean of S ≥ 1 model calls. Step k = 0, 1, …, ⌈S⌉ − 1
 * carries I_k = P + g × k input tokens (P: the first step's input, g: context growth per step)
 * and has weight v_k = 1, except the last, whose weight is S − ⌊S⌋ when S is fractional
 * (S = 2.5: weights 1, 1, 0.5 — half the requests take a third step). The weights sum to S.
 *
 * Each step is priced at the rates in force for its own input: the long-context rates from the
 * first step whose I_k exceeds the threshold. With g ≥ 0 those steps form a suffix, so a stage
 * model's steps split into at most two runs — normal, then long — and each run's weight and
 * weighted input sum have closed forms. That keeps the cost O(1) per stage model whatever S is
 * (no loop over steps), for `estimate` and for every Monte Carlo sample alike.
 */

/** Slots of the split written by `splitSteps`. */
export const W_NORMAL = 0;
/** Σ v_k × I_k over the steps at normal rates. */
export const J_NORMAL = 1;
export const W_LONG = 2;
/** Σ v_k × I_k over the steps at long-context rates. */
export const J_LONG = 3;
/** Index k of the first step at long-context rates (= the number of steps when there is none). */
export const FIRST_LONG = 4;
/**
 * Σ v_k × k over the steps at normal rates: with U the input parts outside the cached prefix, the
 * run's input without it is Σ v_k × (I_k − Ic) = W × U + g × K, worked out from non-negative
 * terms (J − W × Ic, the same in exact arithmetic, cancels to rounding noise — even below 0 — when
 * the prefix is most of the input).
 */
export const K_NORMAL = 5;
/** Σ v_k × k over the steps at long-context rates. */
export const K_LONG = 6;

/**
 * Token counts may be decimals (a distribution's mean, a hand estimate: 99,990.1 + 0.1 + 4 × 2.45)
 * whose floating-point sum lands a unit in the last place beside a catalogue threshold that the
 * decimal sum equals. A comparison with a threshold allows for that: a value within 2^−40
 * (about 1e-12) of it, relative, counts as equal to it (docs/cost-model.md).
 */
const THRESHOLD_TOLERANCE = 2 ** -40;
/** The value an input must exceed to be past `threshold` (spec §3: I_k > long_context.threshold). */
export const pastThreshold = (threshold: number): number => threshold + threshold * THRESHOLD_TOLERANCE;
/** The value from which a prefix reaches `minimum` (spec §3: Ic ≥ cache_min_tokens). */
export const reachesMinimum = (minimum: number): number => minimum - minimum * THRESHOLD_TOLERANCE;

/** A scratch array for `splitSteps`. */
export function stepScratch(): Float64Array {
  return new Float64Array(7);
}

/** Σ_{k=a}^{b−1} k for whole steps a ≤ b. */
function indexSum(a: number, b: number): number {
  const n = b - a;
  return n === 0 ? 0 : ((a + b - 1) * n) / 2;
}

/** Σ_{k=a}^{b−1} (P + g × k) for whole steps a ≤ b. */
function runSum(P: number, g: number, a: number, b: number): number {
  const n = b - a;
  return n === 0 ? 0 : n * P + (g * (a + b - 1) * n) / 2;
}

/**
 * Index of the first step whose input P + g × k exceeds `threshold`, among steps 0 … n − 1
 * (n when none does). Exactly the per-step comparison `I_k > threshold`: the closed-form guess
 * is corrected against it, so rounding in the division can never move the tier by a step.
 */
export function firstLongStep(P: number, g: number, n: number, threshold: number): number {
  if (!(P + g * (n - 1) > threshold)) return n; // not even the last (largest) step is long
  if (P > threshold) return 0;
  // g > 0 here: P ≤ threshold < P + g × (n − 1)
  let k = Math.min(n - 1, Math.max(1, Math.floor((threshold - P) / g) + 1));
  for (let i = 0; i < 64 && k > 1 && P + g * (k - 1) > threshold; i++) k--;
  for (let i = 0; i < 64 && k < n - 1 && !(P + g * k > threshold); i++) k++;
  return k;
}

/**
 * Split the steps of a mean of S steps (first input P, growth g ≥ 0) at the long-context
 * `threshold` (Infinity: the model has none). Writes W, J and K of each run into `out`
 * (see the slot constants).
 */
export function splitSteps(P: number, g: number, S: number, threshold: number, out: Float64Array): void {
  const whole = Math.floor(S);
  const frac = S - whole;
  const n = frac > 0 ? whole + 1 : whole;
  const kL = threshold === Infinity ? n : firstLongStep(P, g, n, threshold);
  const split = kL < whole ? kL : whole; // whole steps before the tier
  let w0 = split;
  let j0 = runSum(P, g, 0, split);
  let w1 = whole - split;
  let j1 = runSum(P, g, split, whole);
  let k0 = indexSum(0, split);
  let k1 = indexSum(split, whole);
  if (frac > 0) {
    // the fractional last step, index `whole`
    const last = frac * (P + g * whole);
    const lastK = frac * whole;
    if (kL > whole) {
      w0 += frac;
      j0 += last;
      k0 += lastK;
    } else {
      w1 += frac;
      j1 += last;
      k1 += lastK;
    }
  }
  out[W_NORMAL] = w0;
  out[J_NORMAL] = j0;
  out[W_LONG] = w1;
  out[J_LONG] = j1;
  out[FIRST_LONG] = kL;
  out[K_NORMAL] = k0;
  out[K_LONG] = k1;
}

/** Number of steps: ⌈S⌉. */
export function stepCount(S: number): number {
  return Math.ceil(S);
}
