/**
 * The bodies of the columns module's exact multi-rank selection (columns-wasm.ts `select`, used by
 * percentiles.ts `rank`): a report reads ten ranks of a column, so instead of sorting it (eight
 * radix passes) the column is split once into 2,048 buckets by the 11 highest bits in which its
 * values differ, and only the buckets holding a wanted rank are ordered further (columns-wasm.ts).
 *
 * Order: each double's bits become an unsigned key whose order is `Float64Array.prototype.sort`'s
 * (negative: every bit flipped; else the sign bit set), the radix sort's keys, so −0 comes before
 * +0 and ties keep no particular order (equal keys are the same bits). Every key of a column lies
 * between its smallest and largest key, so it shares their bits above the highest bit in which
 * those two differ; the 11 bits from there down therefore order the buckets as the keys.
 */
import {
  BLOCK, BR, BR_IF, END, F64_LOAD, F64_NE, get, i32, I32, I32_ADD, I32_AND, I32_EQZ, I32_LT_U, I32_SHL, I32_SUB, I32_WRAP_I64,
  I64_EXTEND_I32_U, I64_LOAD, I64_OR, I64_SHR_S, I64_SHR_U, I64_SIGN, I64_STORE, I64_XOR, IF, LOOP, RETURN, SELECT, set, tee, VOID,
  type Code,
} from './wasm-bytes.js';

const I32_LOAD = [0x28, 2, 0];
const I32_STORE = [0x36, 2, 0];
const I64_CONST = (x: number): Code => [0x42, x];
const [I64_EQZ, I64_LT_U, I64_GT_U, I64_CLZ, I32_GT_S] = [0x50, 0x54, 0x56, 0x79, 0x4a];

/** Buckets of one split (2¹¹). */
export const SELECT_BUCKETS = 2048;

/** `for (i = 0; i < n; i++) body`, i in local `i`. */
const loopTo = (i: number, n: Code, body: Code): Code => [i32(0), set(i), BLOCK, VOID, LOOP, VOID, get(i), n, I32_LT_U, I32_EQZ, BR_IF, 1, body, get(i), i32(1), I32_ADD, set(i), BR, 0, END, END];
/** The sort key of the double whose bits are in i64 local `raw` (the radix sort's). */
const keyOf = (raw: number): Code => [get(raw), get(raw), I64_CONST(63), I64_SHR_S, I64_SIGN, I64_OR, I64_XOR];
/** Address of element i (local) of the column at byte offset `col` (local). */
const at = (col: number, i: number): Code => [get(col), get(i), i32(3), I32_SHL, I32_ADD];

/**
 * `spread(a, n)`: −1 when one of the n doubles at a is NaN; 64 when all have the same bits;
 * else the shift s ≥ 0 such that bits s … s + 10 of every key are the first 11 in which they can
 * differ (max(0, 53 − clz(min key ⊕ max key))).
 * Params 0 a, 1 n; locals 2 i (i32), 3 k, 4 lo, 5 hi (i64), 6 v (f64), 7 t (i32).
 */
export function spreadBody(): Code {
  return [
    [0x42, 0x7f], set(4), // lo = all ones
    loopTo(2, get(1), [
      at(0, 2), F64_LOAD, set(6),
      get(6), get(6), F64_NE, IF, VOID, i32(0), i32(1), I32_SUB, RETURN, END,
      at(0, 2), I64_LOAD, set(3),
      keyOf(3), set(3),
      get(3), get(4), get(3), get(4), I64_LT_U, SELECT, set(4),
      get(3), get(5), get(3), get(5), I64_GT_U, SELECT, set(5),
    ]),
    get(4), get(5), I64_XOR, set(3),
    get(3), I64_EQZ, IF, VOID, i32(64), RETURN, END,
    i32(53), get(3), I64_CLZ, I32_WRAP_I64, I32_SUB, tee(7),
    i32(0), get(7), i32(0), I32_GT_S, SELECT,
  ];
}

/**
 * `bucketize(a, n, shift, dst, h)`: count the n doubles at a by bucket ((key >> shift) & 2047) in
 * the 2,048 i32 at h, then copy each, in the order given, to dst at its bucket's next position
 * (a stable counting pass, the doubles' bits unchanged): afterwards bucket b holds dst positions
 * h[b − 1] … h[b] − 1 (h[−1] = 0).
 * Params 0 a, 1 n, 2 shift, 3 dst, 4 h; locals 5 i, 6 p, 7 sum, 8 t (i32), 9 raw, 10 s (i64).
 */
export function bucketizeBody(): Code {
  const bucketAt = (): Code => [get(4), keyOf(9), get(10), I64_SHR_U, I32_WRAP_I64, i32(SELECT_BUCKETS - 1), I32_AND, i32(2), I32_SHL, I32_ADD];
  return [
    get(2), I64_EXTEND_I32_U, set(10),
    loopTo(5, i32(SELECT_BUCKETS), [get(4), get(5), i32(2), I32_SHL, I32_ADD, i32(0), I32_STORE]),
    loopTo(5, get(1), [at(0, 5), I64_LOAD, set(9), bucketAt(), tee(6), get(6), I32_LOAD, i32(1), I32_ADD, I32_STORE]),
    // exclusive prefix sums: each bucket's first position
    i32(0), set(7),
    loopTo(5, i32(SELECT_BUCKETS), [get(4), get(5), i32(2), I32_SHL, I32_ADD, tee(6), I32_LOAD, set(8), get(6), get(7), I32_STORE, get(7), get(8), I32_ADD, set(7)]),
    loopTo(5, get(1), [
      at(0, 5), I64_LOAD, set(9),
      bucketAt(), tee(6), I32_LOAD, set(8),
      get(6), get(8), i32(1), I32_ADD, I32_STORE,
      at(3, 8), get(9), I64_STORE,
    ]),
  ];
}
