/**
 * The one reserved-key rule for every input (issue 13): files (YAML and the fast path), `--set`
 * values and paths, variants and sweeps. These keys would reach JavaScript's object prototype
 * machinery (`__proto__` is silently dropped or changes an object's prototype; `constructor` and
 * `prototype` shadow it), so they are refused wherever they appear, with one message.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const RESERVED_KEY_FIX = 'rename or remove it (__proto__, constructor and prototype are reserved)';

export function reservedKeyMessage(key: string): string {
  return `the key "${key}" is not allowed`;
}
