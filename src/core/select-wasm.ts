/**
 * The body of the columns module's ordering function, the exact multi-rank selection
 * (columns-wasm.ts `select`, used by percentiles.ts `rank`). A report reads ten ranks of a column,
 * so instead of sorting it the column is split once into 2,048 buckets by the 11 highest bits in
 * which its values differ, and only the buckets holding a wanted rank are ordered further
 * (columns-wasm.ts).
 *
 * Order: each double's bits become an unsigned key whose order is `Float64Array.prototype.sort`'s
 * (negative: every bit flipped; else the sign bit set), so −0 comes before
 * +0 and ties keep no particular order (equal keys are the same bits). Every key of a column lies
 * between its smallest and largest key, so it shares their bits above the highest bit in which
 * those two differ; the 11 bits from there down therefore order the buckets as the keys.
 */
import {
  BLOCK, BR, BR_IF, END, F64_LOAD, F64_NE, get, i32, I32_ADD, I32_AND, I32_EQZ, I32_LT_U, I32_SHL, I32_SUB, I32_WRAP_I64,
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
/** The sort key of the double whose bits are in i64 local `raw`. */
const keyOf = (raw: number): Code => [get(raw), get(raw), I64_CONST(63), I64_SHR_S, I64_SIGN, I64_OR, I64_XOR];
/** Address of element i (local) of the column at byte offset `col` (local). */
const at = (col: number, i: number): Code => [get(col), get(i), i32(3), I32_SHL, I32_ADD];

/**
 * `split(a, n, dst, h)`: −1 when one of the n doubles at a is NaN; 64 when all have the same bits
 * (nothing else done); else the shift s ≥ 0 such that bits s … s + 10 of every key are the first 11
 * in which they can differ (max(0, 53 − clz(min key ⊕ max key))), after counting the doubles by
 * bucket ((key >> s) & 2047) in the 2,048 i32 at h and copying each, in the order given, to dst at
 * its bucket's next position (a stable counting pass, the doubles' bits unchanged): bucket b then
 * holds dst positions h[b − 1] … h[b] − 1 (h[−1] = 0). One function, so one compile.
 * Params 0 a, 1 n, 2 dst, 3 h; locals 4 i, 5 p, 6 sum, 7 t, 8 shift (i32); 9 k, 10 lo, 11 hi,
 * 12 s (i64); 13 v (f64).
 */
export function splitBody(): Code {
  const bucketAt = (): Code => [get(3), keyOf(9), get(12), I64_SHR_U, I32_WRAP_I64, i32(SELECT_BUCKETS - 1), I32_AND, i32(2), I32_SHL, I32_ADD];
  return [
    // the smallest and largest key (and no NaN)
    [0x42, 0x7f], set(10), // lo = all ones
    loopTo(4, get(1), [
      at(0, 4), F64_LOAD, set(13),
      get(13), get(13), F64_NE, IF, VOID, i32(0), i32(1), I32_SUB, RETURN, END,
      at(0, 4), I64_LOAD, set(9),
      keyOf(9), set(9),
      get(9), get(10), get(9), get(10), I64_LT_U, SELECT, set(10),
      get(9), get(11), get(9), get(11), I64_GT_U, SELECT, set(11),
    ]),
    get(10), get(11), I64_XOR, set(9),
    get(9), I64_EQZ, IF, VOID, i32(64), RETURN, END,
    i32(53), get(9), I64_CLZ, I32_WRAP_I64, I32_SUB, tee(8),
    i32(0), get(8), i32(0), I32_GT_S, SELECT, tee(8),
    I64_EXTEND_I32_U, set(12),
    // count by bucket
    loopTo(4, i32(SELECT_BUCKETS), [get(3), get(4), i32(2), I32_SHL, I32_ADD, i32(0), I32_STORE]),
    loopTo(4, get(1), [at(0, 4), I64_LOAD, set(9), bucketAt(), tee(5), get(5), I32_LOAD, i32(1), I32_ADD, I32_STORE]),
    // exclusive prefix sums: each bucket's first position
    i32(0), set(6),
    loopTo(4, i32(SELECT_BUCKETS), [get(3), get(4), i32(2), I32_SHL, I32_ADD, tee(5), I32_LOAD, set(7), get(5), get(6), I32_STORE, get(6), get(7), I32_ADD, set(6)]),
    // each double to its bucket's next position
    loopTo(4, get(1), [
      at(0, 4), I64_LOAD, set(9),
      bucketAt(), tee(5), I32_LOAD, set(7),
      get(5), get(7), i32(1), I32_ADD, I32_STORE,
      at(2, 7), get(9), I64_STORE,
    ]),
    get(8),
  ];
}
