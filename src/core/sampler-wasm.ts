/**
 * The Monte Carlo draw loops of distributions.ts as a small WebAssembly module, written here as
 * bytes: the generator's doubles (`Rng.fillDoubles`), each kind's inverse CDF (`acklam` for the
 * normal and log-normal) and the rounding of whole-number fields.
 *
 * Why: a Monte Carlo run happens in a fresh process, where a JavaScript loop is interpreted, with
 * every double boxed, until V8 has compiled it; for 10,000 samples that is most of the run, and
 * each kind's loop pays it again. WebAssembly is compiled before it runs (this module in well
 * under a millisecond) and works on unboxed doubles from the first draw.
 *
 * The same operations in the same order on IEEE doubles give the same doubles: every multiply,
 * add, divide and square root below is the JavaScript one's (WebAssembly, like JavaScript, never
 * fuses or reorders them); `exp`, `log` and `log1p` are JavaScript's own Math functions, imported;
 * `Math.round` is V8's definition (round up, step back when that went more than half up). So each
 * draw is bit for bit what the JavaScript loops give (test/core/sampler-wasm.test.ts).
 * Only numbers are written into the module, never text from a file. A run decodes the bytes stored
 * in wasm-modules.ts (the same bytes, checked by a test) rather than building them here.
 */
import { A1, A2, A3, A4, A5, A6, B1, B2, B3, B4, B5, C1, C2, C3, C4, C5, C6, D1, D2, D3, D4, P_LOW } from './acklam.js';
import type { Rng } from './rng.js';
import {
  BLOCK, BR_IF, call, ELSE, END, f64, F64, F64_ADD, F64_CEIL, F64_DIV, F64_FROM_U32, F64_GE, F64_GT, F64_LE, F64_LOAD, F64_LT, F64_MUL, F64_NEG, F64_SQRT, F64_STORE, F64_SUB,
  funcType, get, i32, I32, I32_ADD, I32_EQZ, I32_LT_U, I32_MUL, I32_ROTL, I32_SHL, I32_SHR_U, I32_XOR, i32Store, IF, LOOP, moduleBytes, RETURN, SELECT, set, tee, VOID,
  type Code, type Func,
} from './wasm-bytes.js';
import { mcWasm } from './mc-wasm.js';

// function indices: the imports first
const EXP = 0;
const LOG = 1;
const LOG1P = 2;
const ACKLAM = 3;

/** Horner's rule as the JavaScript writes it: ((c0·x + c1)·x + …) + cn, x in local `x`. */
function horner(coefficients: readonly number[], x: number): Code {
  const code: Code = [f64(coefficients[0]!)];
  for (const c of coefficients.slice(1)) code.push(get(x), F64_MUL, f64(c), F64_ADD);
  return code;
}

/** `acklam(p)` of distributions.ts. Locals: 0 p, 1 q, 2 r. */
function acklamBody(): Code {
  const tail = [C1, C2, C3, C4, C5, C6];
  const tailDen = [D1, D2, D3, D4, 1];
  return [
    get(0), f64(0), F64_LE, IF, VOID, f64(-Infinity), RETURN, END,
    get(0), f64(1), F64_GE, IF, VOID, f64(Infinity), RETURN, END,
    // p < P_LOW: q = sqrt(-2 · log(p)); x = tail(q) / tailDen(q)
    get(0), f64(P_LOW), F64_LT, IF, VOID,
    f64(-2), get(0), call(LOG), F64_MUL, F64_SQRT, set(1),
    horner(tail, 1), horner(tailDen, 1), F64_DIV, RETURN,
    END,
    // p ≤ 1 − P_LOW: q = p − 0.5, r = q²; x = (A(r) · q) / B(r)
    get(0), f64(1 - P_LOW), F64_LE, IF, VOID,
    get(0), f64(0.5), F64_SUB, set(1),
    get(1), get(1), F64_MUL, set(2),
    horner([A1, A2, A3, A4, A5, A6], 2), get(1), F64_MUL, horner([B1, B2, B3, B4, B5, 1], 2), F64_DIV, RETURN,
    END,
    // upper tail: q = sqrt(-2 · log1p(-p)); x = -tail(q) / tailDen(q)
    f64(-2), get(0), F64_NEG, call(LOG1P), F64_MUL, F64_SQRT, set(1),
    horner(tail, 1), F64_NEG, horner(tailDen, 1), F64_DIV,
  ];
}

/** One step of xoshiro128** on locals s0..s3 (1–4), t in local 9: rng.ts `nextU32`'s update. */
const xoshiroStep = (): Code => [
  get(2), i32(9), I32_SHL, set(9),
  get(3), get(1), I32_XOR, set(3),
  get(4), get(2), I32_XOR, set(4),
  get(2), get(3), I32_XOR, set(2),
  get(1), get(4), I32_XOR, set(1),
  get(3), get(9), I32_XOR, set(3),
  get(4), i32(11), I32_ROTL, set(4),
];
/** rotl(s1 · 5, 7) · 9 >>> shift, into local `into` (m in local 8). */
const scrambled = (shift: number, into: number): Code => [
  get(2), i32(5), I32_MUL, set(8),
  get(8), i32(7), I32_ROTL, i32(9), I32_MUL, i32(shift), I32_SHR_U, set(into),
];

/**
 * `fill(n, s0, s1, s2, s3, a, w)`: a + w · u for the next n doubles u of `Rng.fillDoubles` into
 * memory [0, 8n), then the state at 8n. With a = 0 and w = 1 these are the doubles themselves
 * (1 · u = u and 0 + u = u exactly, u > 0); a uniform input's draws (`uniformFrom`) otherwise.
 * Locals: 0 n, 1–4 s0–s3, 5 a, 6 w, 7 i, 8 m, 9 t, 10 hi, 11 lo.
 */
function fillBody(): Code {
  return [
    BLOCK, VOID, get(0), I32_EQZ, BR_IF, 0,
    LOOP, VOID,
    scrambled(5, 10), xoshiroStep(),
    scrambled(6, 11), xoshiroStep(),
    get(7), i32(3), I32_SHL,
    get(5), get(6),
    get(10), F64_FROM_U32, f64(67108864), F64_MUL, get(11), F64_FROM_U32, F64_ADD, f64(0.5), F64_ADD, f64(9007199254740992), F64_DIV,
    F64_MUL, F64_ADD,
    F64_STORE,
    get(7), i32(1), I32_ADD, tee(7), get(0), I32_LT_U, BR_IF, 0,
    END,
    [1, 2, 3, 4].flatMap((s, k) => [get(0), i32(3), I32_SHL, get(s), i32Store(4 * k)]),
    END,
  ];
}

/**
 * A loop over memory [0, 8n) replacing each double u (local `u`) by `value` (which reads it).
 * Local 0 is n; `i` and `u` are locals the caller declares.
 */
function mapBody(i: number, u: number, value: Code): Code {
  return [
    BLOCK, VOID, get(0), I32_EQZ, BR_IF, 0,
    LOOP, VOID,
    get(i), i32(3), I32_SHL,
    get(i), i32(3), I32_SHL, F64_LOAD, set(u),
    value,
    F64_STORE,
    get(i), i32(1), I32_ADD, tee(i), get(0), I32_LT_U, BR_IF, 0,
    END,
    END,
  ];
}

/** `x < lo ? lo : x > hi ? hi : x` for x in local `x`, lo and hi in locals 5 and 6. */
const clamp = (x: number): Code => [get(5), get(6), get(x), get(x), get(6), F64_GT, SELECT, get(x), get(5), F64_LT, SELECT];

/** μ + σ · acklam(ua + w · u): locals 1 μ, 2 σ, 3 ua, 4 w, u in local `u`. */
const normalValue = (u: number): Code => [get(1), get(2), get(3), get(4), get(u), F64_MUL, F64_ADD, call(ACKLAM), F64_MUL, F64_ADD];

/** The module's bytes (on their own; a run uses them within mc-wasm.ts's one module). */
export function samplerModuleBytes(): Uint8Array {
  const { types, imports, funcs } = samplerParts();
  return moduleBytes(types, imports, funcs);
}

/** The module's types, imported functions and functions (function indices count the imports first). */
export function samplerParts(): { types: Code[]; imports: { name: string; type: number }[]; funcs: Func[] } {
  const types: Code[] = [
    funcType([F64], [F64]), // 0: acklam and the imports
    funcType([I32, I32, I32, I32, I32, F64, F64], []), // 1: fill (n, s0–s3, a, w)
    funcType([I32, F64, F64, F64, F64, F64, F64, I32], []), // 2: normal and log-normal (n, μ, σ, ua, w, lo, hi, exp)
    funcType([I32, F64, F64, F64, F64, F64], []), // 3: triangular
    funcType([I32], []), // 4: round
  ];
  const funcs: Func[] = [
    { type: 0, locals: [[2, F64]], body: acklamBody(), export: 'acklam' },
    { type: 1, locals: [[5, I32]], body: fillBody(), export: 'fill' },
    // triangular(n, a, b, fc, left, right): u < fc ? a + sqrt(u · left) : b − sqrt((1 − u) · right). Locals: 6 i, 7 u.
    {
      type: 3,
      locals: [[1, I32], [1, F64]],
      body: mapBody(6, 7, [
        get(7), get(3), F64_LT, IF, F64,
        get(1), get(7), get(4), F64_MUL, F64_SQRT, F64_ADD,
        ELSE,
        get(2), f64(1), get(7), F64_SUB, get(5), F64_MUL, F64_SQRT, F64_SUB,
        END,
      ]),
      export: 'triangular',
    },
    // normal(n, μ, σ, ua, w, lo, hi, exp): μ + σ · acklam(ua + w · u), or exp of it (log-normal)
    // when exp ≠ 0, kept within [lo, hi] (one function for both kinds: one compile). Locals: 8 i, 9 u, 10 x.
    {
      type: 2,
      locals: [[1, I32], [2, F64]],
      body: mapBody(8, 9, [normalValue(9), set(10), get(7), IF, VOID, get(10), call(EXP), set(10), END, clamp(10)]),
      export: 'normal',
    },
    // round(n): V8's Math.round, r = ceil(x); r − 0.5 ≤ x ? r : r − 1. Locals: 1 i, 2 x, 3 r.
    {
      type: 4,
      locals: [[1, I32], [2, F64]],
      body: mapBody(1, 2, [get(2), F64_CEIL, set(3), get(3), get(3), f64(1), F64_SUB, get(3), f64(0.5), F64_SUB, get(2), F64_LE, SELECT]),
      export: 'round',
    },
  ];
  return { types, imports: [{ name: 'exp', type: 0 }, { name: 'log', type: 0 }, { name: 'log1p', type: 0 }], funcs };
}

/** The module's exports. */
interface Exports {
  acklam(p: number): number;
  fill(n: number, s0: number, s1: number, s2: number, s3: number, a: number, w: number): void;
  triangular(n: number, a: number, b: number, fc: number, left: number, right: number): void;
  normal(n: number, mu: number, sigma: number, ua: number, w: number, lo: number, hi: number, exp: number): void;
  round(n: number): void;
}

/** Draws in WebAssembly memory: `begin` fills it with a stream's doubles, a kind's call maps them, `end` copies them out. */
export interface WasmDraws extends Omit<Exports, 'fill' | 'normal'> {
  /**
   * The next `n` doubles u of `rng` (as `rng.fillDoubles` gives them) into memory, as a + w · u
   * (by default u itself; a uniform input's draws with its a and w); the stream goes on where they end.
   */
  begin(rng: Rng, n: number, a?: number, w?: number): void;
  normal(n: number, mu: number, sigma: number, ua: number, w: number, lo: number, hi: number): void;
  lognormal(n: number, mu: number, sigma: number, ua: number, w: number, lo: number, hi: number): void;
  /** The `out.length` values in memory, into `out`. */
  end(out: Float64Array): void;
  /** `values` into memory (for the tests of `round`). */
  put(values: Float64Array): void;
}

let instance: WasmDraws | null | undefined;

/** The draw loops in WebAssembly, or null where it cannot run (e.g. node --jitless): the JavaScript loops then draw. */
export function wasmDraws(): WasmDraws | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    const wasm = mcWasm<Exports>();
    if (!wasm) return null;
    const { exports, memory, room } = wasm;
    instance = {
      acklam: exports.acklam,
      triangular: exports.triangular,
      round: exports.round,
      normal: (n, mu, sigma, ua, w, lo, hi) => exports.normal(n, mu, sigma, ua, w, lo, hi, 0),
      lognormal: (n, mu, sigma, ua, w, lo, hi) => exports.normal(n, mu, sigma, ua, w, lo, hi, 1),
      begin(rng, n, a = 0, w = 1) {
        room(8 * n + 16);
        const s = rng.state();
        exports.fill(n, s[0], s[1], s[2], s[3], a, w);
        if (n > 0) rng.setState(new Int32Array(memory.buffer, 8 * n, 4));
      },
      end(out) {
        out.set(new Float64Array(memory.buffer, 0, out.length));
      },
      put(values) {
        room(8 * values.length);
        new Float64Array(memory.buffer, 0, values.length).set(values);
      },
    };
  } catch {
    instance = null;
  }
  return instance;
}
