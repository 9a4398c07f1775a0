/**
 * Generated edits of a parsed YAML document, for the fast-check tests (test/schema/*-fast.test.ts):
 * every mapping and list of a document, and a copy of it with values put at, added to or dropped
 * from them.
 */

/** Every mapping and list in `data` (a Date is a value, not a container). */
export function containers(data: unknown, out: unknown[] = []): unknown[] {
  if (typeof data === 'object' && data !== null && !(data instanceof Date)) {
    out.push(data);
    for (const v of Object.values(data)) containers(v, out);
  }
  return out;
}

export interface Edit {
  at: number;
  key: string | number;
  value: unknown;
  drop: boolean;
  existing: boolean;
}

/** A copy of `data` with each edit made: at container `at`, an existing key (`existing`) or `key`, set to `value` or (`drop`) deleted. */
export function mutate<T>(data: T, edits: readonly Edit[]): T {
  const raw = structuredClone(data);
  for (const e of edits) {
    const all = containers(raw);
    const c = all[e.at % all.length] as Record<string | number, unknown>;
    const keys = Object.keys(c);
    const key = e.existing && keys.length > 0 ? (Array.isArray(c) ? Number(keys[e.at % keys.length]) : keys[e.at % keys.length]!) : e.key;
    const v = structuredClone(e.value); // (a generated value is shared between runs: never put it in place itself)
    if (key === '__proto__') Object.defineProperty(c, key, { value: v, enumerable: true, configurable: true, writable: true });
    else if (e.drop && e.existing) delete c[key];
    else c[key] = v;
  }
  return raw;
}
