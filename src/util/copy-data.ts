/**
 * A deep copy of data read from YAML or JSON — plain objects, arrays and primitives — as
 * `structuredClone` makes it: an object met twice (a YAML alias) is copied once and shared in the
 * copy too. The first `structuredClone` of a process sets up Node's messaging (about 8 ms here),
 * which a short run would pay for a copy of a few kilobytes (validate copies each scenario that has
 * variants, and loads each variant from a copy).
 */
export function copyData<T>(value: T): T {
  return copy(value, new Map()) as T;
}

function copy(v: unknown, seen: Map<object, unknown>): unknown {
  if (v === null || typeof v !== 'object') return v;
  const known = seen.get(v);
  if (known !== undefined) return known;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const x of v) out.push(copy(x, seen));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  for (const k of Object.keys(v)) {
    // (defined, not assigned: a key "__proto__" stays a key, as structuredClone keeps it)
    Object.defineProperty(out, k, { value: copy((v as Record<string, unknown>)[k], seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
