/**
 * Largest and smallest of a list without spreading it into arguments: `Math.max(...xs)` throws
 * RangeError (call stack) once a list has some 100,000 items, and lists here can come from input.
 */
export function maxOf(xs: Iterable<number>, empty = -Infinity): number {
  let m = empty;
  for (const x of xs) if (x > m || Number.isNaN(x) || (x === 0 && m === 0 && Object.is(m, -0))) m = x;
  return m;
}

export function minOf(xs: Iterable<number>, empty = Infinity): number {
  let m = empty;
  for (const x of xs) if (x < m || Number.isNaN(x) || (x === 0 && m === 0 && Object.is(x, -0))) m = x;
  return m;
}
