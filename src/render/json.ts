import { outputNumber } from '../util/number.js';

/**
 * JSON output: stable key order (as the report types declare it), no timestamps, non-finite →
 * null, every number rounded to 12 significant digits (util/number.ts outputNumber). Compare
 * numbers at full precision in-process, before they are written.
 */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? outputNumber(v) : null) : v), 2)}\n`;
}
