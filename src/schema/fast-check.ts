/**
 * The combinators of the zod-free fast checks (schema/scenario-fast.ts, schema/quote-fast.ts): each
 * takes a value and gives what the zod schema it mirrors would output for it, or NO when it is not
 * sure the schema accepts it (the schema then decides, and gives every message).
 */
import { PERCENT_RE } from './common.js';

/** Not a value this check is sure of: the schema decides. */
export const NO: unique symbol = Symbol('not fast');
export type R<T> = T | typeof NO;
export type Check = (v: unknown) => unknown;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A plain mapping (what the YAML reader and structuredClone give): zod's object check, and no odd prototype. */
export function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A finite number (zod's numbers are) in [lo, hi], whole when `int` (a safe integer: zod's int). */
export const range =
  (lo: number, hi: number, int = false) =>
  (v: unknown): R<number> =>
    typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi && (!int || Number.isSafeInteger(v)) ? v : NO;

/** A number, or a percent string taken as a fraction, then in [lo, hi] (zod: union → transform → checks). */
export const percentOr =
  (lo: number, hi: number, loOpen = false) =>
  (v: unknown): R<number> => {
    const x = typeof v === 'number' ? (Number.isFinite(v) ? v : Number.NaN) : typeof v === 'string' && PERCENT_RE.test(v) ? Number.parseFloat(v) / 100 : Number.NaN;
    return (loOpen ? x > lo : x >= lo) && x <= hi ? x : NO;
  };

/** A string of at least one character; with `visible`, one that is not only white space. */
export const text =
  (visible = false) =>
  (v: unknown): R<string> =>
    typeof v === 'string' && v.length > 0 && (!visible || /\S/.test(v)) ? v : NO;

export const anyString = (v: unknown): R<string> => (typeof v === 'string' ? v : NO);
/** One of `values` (compared as zod's enum and literal do: ===). */
export const oneOf =
  (values: readonly unknown[]) =>
  (v: unknown): unknown =>
    values.includes(v) ? v : NO;

/** A list of at least `min` and at most `max` elements, each checked. */
export const list =
  (element: Check, min = 0, max = Infinity) =>
  (v: unknown): R<unknown[]> => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return NO;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) return NO;
      const r = element(v[i]);
      if (r === NO) return NO;
      out[i] = r;
    }
    return out;
  };

/** A mapping of non-empty keys (`keyMin` 1) to checked values, in the input's key order. */
export const mapping =
  (value: Check, keyMin = 1) =>
  (v: unknown): R<Record<string, unknown>> => {
    if (!isPlain(v)) return NO;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k.length < keyMin || k === '__proto__') return NO;
      const r = value(v[k]);
      if (r === NO) return NO;
      out[k] = r;
    }
    return out;
  };

/**
 * A strict object: every key of the input is one of `fields` (else the schema decides: an unknown
 * key, or a block this check does not cover), the `required` ones present; the output has the
 * present keys in the order of `fields`, which is the schema's shape order.
 */
export const object =
  (fields: Record<string, Check>, required: readonly string[] = []) =>
  (v: unknown): R<Record<string, unknown>> => {
    if (!isPlain(v)) return NO;
    for (const k of Object.keys(v)) if (!hasOwn(fields, k)) return NO;
    for (const k of required) if (!hasOwn(v, k)) return NO;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(fields)) {
      if (!hasOwn(v, k)) continue;
      const r = fields[k]!(v[k]);
      if (r === NO) return NO;
      out[k] = r;
    }
    return out;
  };
