/**
 * Reading fields out of untrusted parsed JSON with located errors: every failure names the file,
 * the line (NDJSON) and the dotted path of the field, what was expected and a short escaped
 * excerpt of what was found. Pure.
 */
import { InputError } from '../errors.js';
import { excerpt as sharedExcerpt, quoted } from '../util/excerpt.js';

/** The largest token or request count a row may carry (2^53 − 1 would lose units when summed). */
export const MAX_COUNT = 1e15;
/** The largest money amount a row may carry. */
export const MAX_MONEY = 1e12;

export interface Where {
  file: string;
  /** 1-based line, for line-oriented inputs. */
  line?: number;
  /** Dotted path of the object being read, e.g. `data[2].results[0]`. */
  path: string;
}

/**
 * A short, escaped excerpt of a value for an error message (never the whole input): a string in
 * double quotes, anything else as JSON, escaped by the one escaper of util/excerpt.ts (controls,
 * bidi overrides, invisible characters), at most 40 characters.
 */
export function excerpt(v: unknown): string {
  if (typeof v === 'string') return quoted(v, 37); // with its quotes and a "…", at most 40
  let s: string;
  try {
    s = v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return sharedExcerpt(s, 40);
}

export function fail(w: Where, field: string | null, message: string, fix?: string): never {
  const path = field === null ? w.path : w.path ? `${w.path}.${field}` : field;
  throw new InputError({ file: w.file, line: w.line, path: path || undefined, message, fix: fix ?? 'nothing was imported; export the file again or correct that field' });
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function at(w: Where, segment: string | number): Where {
  const path = typeof segment === 'number' ? `${w.path}[${segment}]` : w.path ? `${w.path}.${segment}` : segment;
  return { ...w, path };
}

export function object(w: Where, v: unknown, what: string): Record<string, unknown> {
  if (!isObject(v)) fail(w, null, `expected ${what} (an object), got ${excerpt(v)}`);
  return v;
}

export function array(w: Where, o: Record<string, unknown>, field: string): unknown[] {
  const v = o[field];
  if (!Array.isArray(v)) fail(w, field, `expected a list, got ${excerpt(v)}`);
  return v;
}

/** A whole non-negative count; `optional` allows missing or null (read as 0). */
export function count(w: Where, o: Record<string, unknown>, field: string, optional = false): number {
  const v = o[field];
  if ((v === undefined || v === null) && optional) return 0;
  // OTLP JSON writes 64-bit integers as decimal strings
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_COUNT) {
    fail(w, field, `expected a whole number of ${field.includes('request') ? 'requests' : 'tokens'} ≥ 0, got ${excerpt(v)}`);
  }
  return n;
}

/** A finite money amount (a JSON number, or a decimal string when `decimalString`). */
export function money(w: Where, o: Record<string, unknown>, field: string, decimalString = false): number {
  const v = o[field];
  const n = decimalString && typeof v === 'string' && /^-?\d{1,15}(\.\d{1,12})?$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > MAX_MONEY) {
    fail(w, field, `expected ${decimalString ? 'a decimal amount as a string, e.g. "123.45"' : 'a number'}, got ${excerpt(v)}`);
  }
  return n;
}

/** The longest text field read (ids, names, tiers): a longer one is a damaged or hostile file. */
const MAX_TEXT = 1000;

/** A string, or null when the field is missing or null and `optional`. */
export function text(w: Where, o: Record<string, unknown>, field: string, optional: true): string | null;
export function text(w: Where, o: Record<string, unknown>, field: string, optional?: false): string;
export function text(w: Where, o: Record<string, unknown>, field: string, optional = false): string | null {
  const v = o[field];
  if ((v === undefined || v === null) && optional) return null;
  if (typeof v !== 'string') fail(w, field, `expected a string, got ${excerpt(v)}`);
  if (v.length > MAX_TEXT) fail(w, field, `expected a string of at most ${MAX_TEXT} characters, got one of ${v.length}: ${excerpt(v)}`);
  return v;
}

export function bool(w: Where, o: Record<string, unknown>, field: string): boolean | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') fail(w, field, `expected true, false or null, got ${excerpt(v)}`);
  return v;
}

const DAY_MS = 86_400_000;
/** Earliest and latest instants a usage row may carry (rejects seconds read as milliseconds and the like). */
const MIN_MS = Date.UTC(2015, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

/** UTC day (YYYY-MM-DD) of a Unix time in seconds. */
export function dayOfUnixSeconds(w: Where, o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v * 1000 < MIN_MS || v * 1000 >= MAX_MS) {
    fail(w, field, `expected a Unix time in seconds (2015–2099), got ${excerpt(v)}`);
  }
  return new Date(Math.floor((v * 1000) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** UTC day of an RFC 3339 timestamp. */
export function dayOfRfc3339(w: Where, o: Record<string, unknown>, field: string): string {
  const v = o[field];
  const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) fail(w, field, `expected an RFC 3339 timestamp such as "2025-08-01T00:00:00Z", got ${excerpt(v)}`);
  return new Date(ms).toISOString().slice(0, 10);
}

/** UTC day of a Unix time in nanoseconds, written as a decimal string (OTLP JSON). */
export function dayOfUnixNanos(w: Where, o: Record<string, unknown>, field: string): string {
  const v = o[field];
  const ok = (typeof v === 'string' && /^\d{1,19}$/.test(v)) || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
  const ms = ok ? Number(BigInt(String(v)) / 1_000_000n) : Number.NaN;
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) fail(w, field, `expected a Unix time in nanoseconds as a decimal string, got ${excerpt(v)}`);
  return new Date(ms).toISOString().slice(0, 10);
}
