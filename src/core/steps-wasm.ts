/**
 * steps.ts's step split (`splitSteps`, with `firstLongStep` and `runSum`) as WebAssembly function
 * bodies for the kernel module (kernel-wasm.ts): the same operations in the same order on the same
 * doubles (`Math.floor`, `min` and `max` of numbers that are never ±0 ties or NaN apart from NaN
 * itself), so the same runs bit for bit (test/core/kernel-wasm.test.ts compares them with
 * `splitSteps` on arbitrary inputs).
 */
import {
  BLOCK, BR_IF, call, ELSE, END, f64, F64, F64_ADD, F64_DIV, F64_EQ, F64_GT, F64_LT, F64_MUL, F64_SUB, get, i32, I32_ADD, I32_EQZ, I32_LT_U,
  IF, LOOP, RETURN, SELECT, set, tee, uleb, VOID, type Code,
} from './wasm-bytes.js';

/** Their function indices in the kernel module (after its one import, `attempts`). */
export const RUN_SUM = 1;
export const FIRST_LONG = 2;
export const SPLIT = 3;
const F64_STORE_AT = (offset: number): Code => [0x39, 3, uleb(offset)];
const [F64_FLOOR, F64_MIN, F64_MAX, BR] = [0x9c, 0xa4, 0xa5, 0x0c];

/** steps.ts `runSum(P, g, a, b)`. Params 0 P, 1 g, 2 a, 3 b; local 4 n. */
export const runSumBody = (): Code => [
  get(3), get(2), F64_SUB, tee(4), f64(0), F64_EQ, IF, F64, f64(0), ELSE,
  get(4), get(0), F64_MUL, get(1), get(2), get(3), F64_ADD, f64(1), F64_SUB, F64_MUL, get(4), F64_MUL, f64(2), F64_DIV, F64_ADD,
  END,
];

/** steps.ts `firstLongStep(P, g, n, threshold)`. Params 0 P, 1 g, 2 n, 3 threshold; locals 4 k, 5 i (i32). */
export const firstLongBody = (): Code => [
  get(0), get(1), get(2), f64(1), F64_SUB, F64_MUL, F64_ADD, get(3), F64_GT, I32_EQZ, IF, VOID, get(2), RETURN, END,
  get(0), get(3), F64_GT, IF, VOID, f64(0), RETURN, END,
  get(2), f64(1), F64_SUB, f64(1), get(3), get(0), F64_SUB, get(1), F64_DIV, F64_FLOOR, f64(1), F64_ADD, F64_MAX, F64_MIN, set(4),
  // while i < 64 && k > 1 && P + g × (k − 1) > threshold: k − 1
  BLOCK, VOID, LOOP, VOID,
  get(5), i32(64), I32_LT_U, I32_EQZ, BR_IF, 1,
  get(4), f64(1), F64_GT, I32_EQZ, BR_IF, 1,
  get(0), get(1), get(4), f64(1), F64_SUB, F64_MUL, F64_ADD, get(3), F64_GT, I32_EQZ, BR_IF, 1,
  get(4), f64(1), F64_SUB, set(4), get(5), i32(1), I32_ADD, set(5), BR, 0,
  END, END,
  i32(0), set(5),
  // while i < 64 && k < n − 1 && !(P + g × k > threshold): k + 1
  BLOCK, VOID, LOOP, VOID,
  get(5), i32(64), I32_LT_U, I32_EQZ, BR_IF, 1,
  get(4), get(2), f64(1), F64_SUB, F64_LT, I32_EQZ, BR_IF, 1,
  get(0), get(1), get(4), F64_MUL, F64_ADD, get(3), F64_GT, BR_IF, 1,
  get(4), f64(1), F64_ADD, set(4), get(5), i32(1), I32_ADD, set(5), BR, 0,
  END, END,
  get(4),
];

/** steps.ts `indexSum(a, b)` on locals a and b: `n === 0 ? 0 : ((a + b − 1) × n) / 2`, n = b − a (the same operations). */
const indexSum = (a: number, b: number): Code => [
  get(b), get(a), F64_SUB, f64(0), F64_EQ, IF, F64, f64(0), ELSE,
  get(a), get(b), F64_ADD, f64(1), F64_SUB, get(b), get(a), F64_SUB, F64_MUL, f64(2), F64_DIV,
  END,
];

/**
 * steps.ts `splitSteps(P, g, S, threshold, sc)`, writing `sc` at memory [0, 56).
 * Params 0 P, 1 g, 2 S, 3 threshold; locals 4 whole, 5 frac, 6 n, 7 kL, 8 split, 9 w0, 10 j0, 11 w1, 12 j1, 13 last,
 * 14 k0, 15 k1, 16 zero (0: indexSum's a for the first run).
 */
export const splitBody = (): Code => [
  get(2), F64_FLOOR, set(4),
  get(2), get(4), F64_SUB, set(5),
  get(4), f64(1), F64_ADD, get(4), get(5), f64(0), F64_GT, SELECT, set(6),
  get(3), f64(Infinity), F64_EQ, IF, F64, get(6), ELSE, get(0), get(1), get(6), get(3), call(FIRST_LONG), END, set(7),
  get(7), get(4), get(7), get(4), F64_LT, SELECT, set(8),
  get(8), set(9),
  get(0), get(1), f64(0), get(8), call(RUN_SUM), set(10),
  get(4), get(8), F64_SUB, set(11),
  get(0), get(1), get(8), get(4), call(RUN_SUM), set(12),
  indexSum(16, 8), set(14),
  indexSum(8, 4), set(15),
  get(5), f64(0), F64_GT, IF, VOID,
  get(5), get(0), get(1), get(4), F64_MUL, F64_ADD, F64_MUL, set(13),
  get(7), get(4), F64_GT, IF, VOID,
  get(9), get(5), F64_ADD, set(9), get(10), get(13), F64_ADD, set(10), get(14), get(5), get(4), F64_MUL, F64_ADD, set(14),
  ELSE,
  get(11), get(5), F64_ADD, set(11), get(12), get(13), F64_ADD, set(12), get(15), get(5), get(4), F64_MUL, F64_ADD, set(15),
  END,
  END,
  [9, 10, 11, 12, 7, 14, 15].map((local, k) => [i32(0), get(local), F64_STORE_AT(8 * k)]),
];

/**
 * The three functions above as the kernel module's code section holds them (each body's size, its
 * locals, its code, END), written out once: building them from their definitions cost ~0.3–0.9 ms
 * of cold JavaScript per process. test/core/kernel-wasm.test.ts checks they equal the definitions.
 */
export const FIXED_CODE: readonly number[] = [
  71, 1, 1, 124, 32, 3, 32, 2, 161, 34, 4, 68, 0, 0, 0, 0, 0, 0, 0, 0, 97, 4, 124, 68, 0, 0, 0, 0, 0, 0, 0, 0, 5, 32,
  4, 32, 0, 162, 32, 1, 32, 2, 32, 3, 160, 68, 0, 0, 0, 0, 0, 0, 240, 63, 161, 162, 32, 4, 162, 68, 0, 0, 0, 0, 0, 0,
  0, 64, 163, 160, 11, 11, 248, 1, 2, 1, 124, 1, 127, 32, 0, 32, 1, 32, 2, 68, 0, 0, 0, 0, 0, 0, 240, 63, 161, 162,
  160, 32, 3, 100, 69, 4, 64, 32, 2, 15, 11, 32, 0, 32, 3, 100, 4, 64, 68, 0, 0, 0, 0, 0, 0, 0, 0, 15, 11, 32, 2, 68,
  0, 0, 0, 0, 0, 0, 240, 63, 161, 68, 0, 0, 0, 0, 0, 0, 240, 63, 32, 3, 32, 0, 161, 32, 1, 163, 156, 68, 0, 0, 0, 0,
  0, 0, 240, 63, 160, 165, 164, 33, 4, 2, 64, 3, 64, 32, 5, 65, 192, 0, 73, 69, 13, 1, 32, 4, 68, 0, 0, 0, 0, 0, 0,
  240, 63, 100, 69, 13, 1, 32, 0, 32, 1, 32, 4, 68, 0, 0, 0, 0, 0, 0, 240, 63, 161, 162, 160, 32, 3, 100, 69, 13, 1,
  32, 4, 68, 0, 0, 0, 0, 0, 0, 240, 63, 161, 33, 4, 32, 5, 65, 1, 106, 33, 5, 12, 0, 11, 11, 65, 0, 33, 5, 2, 64, 3,
  64, 32, 5, 65, 192, 0, 73, 69, 13, 1, 32, 4, 32, 2, 68, 0, 0, 0, 0, 0, 0, 240, 63, 161, 99, 69, 13, 1, 32, 0, 32,
  1, 32, 4, 162, 160, 32, 3, 100, 13, 1, 32, 4, 68, 0, 0, 0, 0, 0, 0, 240, 63, 160, 33, 4, 32, 5, 65, 1, 106, 33, 5,
  12, 0, 11, 11, 32, 4, 11, 129, 3, 1, 13, 124, 32, 2, 156, 33, 4, 32, 2, 32, 4, 161, 33, 5, 32, 4, 68, 0, 0, 0, 0,
  0, 0, 240, 63, 160, 32, 4, 32, 5, 68, 0, 0, 0, 0, 0, 0, 0, 0, 100, 27, 33, 6, 32, 3, 68, 0, 0, 0, 0, 0, 0, 240,
  127, 97, 4, 124, 32, 6, 5, 32, 0, 32, 1, 32, 6, 32, 3, 16, 2, 11, 33, 7, 32, 7, 32, 4, 32, 7, 32, 4, 99, 27, 33, 8,
  32, 8, 33, 9, 32, 0, 32, 1, 68, 0, 0, 0, 0, 0, 0, 0, 0, 32, 8, 16, 1, 33, 10, 32, 4, 32, 8, 161, 33, 11, 32, 0, 32,
  1, 32, 8, 32, 4, 16, 1, 33, 12, 32, 8, 32, 16, 161, 68, 0, 0, 0, 0, 0, 0, 0, 0, 97, 4, 124, 68, 0, 0, 0, 0, 0, 0,
  0, 0, 5, 32, 16, 32, 8, 160, 68, 0, 0, 0, 0, 0, 0, 240, 63, 161, 32, 8, 32, 16, 161, 162, 68, 0, 0, 0, 0, 0, 0, 0,
  64, 163, 11, 33, 14, 32, 4, 32, 8, 161, 68, 0, 0, 0, 0, 0, 0, 0, 0, 97, 4, 124, 68, 0, 0, 0, 0, 0, 0, 0, 0, 5, 32,
  8, 32, 4, 160, 68, 0, 0, 0, 0, 0, 0, 240, 63, 161, 32, 4, 32, 8, 161, 162, 68, 0, 0, 0, 0, 0, 0, 0, 64, 163, 11,
  33, 15, 32, 5, 68, 0, 0, 0, 0, 0, 0, 0, 0, 100, 4, 64, 32, 5, 32, 0, 32, 1, 32, 4, 162, 160, 162, 33, 13, 32, 7,
  32, 4, 100, 4, 64, 32, 9, 32, 5, 160, 33, 9, 32, 10, 32, 13, 160, 33, 10, 32, 14, 32, 5, 32, 4, 162, 160, 33, 14,
  5, 32, 11, 32, 5, 160, 33, 11, 32, 12, 32, 13, 160, 33, 12, 32, 15, 32, 5, 32, 4, 162, 160, 33, 15, 11, 11, 65, 0,
  32, 9, 57, 3, 0, 65, 0, 32, 10, 57, 3, 8, 65, 0, 32, 11, 57, 3, 16, 65, 0, 32, 12, 57, 3, 24, 65, 0, 32, 7, 57, 3,
  32, 65, 0, 32, 14, 57, 3, 40, 65, 0, 32, 15, 57, 3, 48, 11,
];
