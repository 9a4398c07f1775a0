/** x (≥ 0) with `decimals` decimals and comma thousands separators. (Intl.NumberFormat costs ~20 ms to start.) */
export function grouped(x: number, decimals: number): string {
  const fixed = x.toFixed(decimals);
  const dot = fixed.indexOf('.');
  const int = dot === -1 ? fixed : fixed.slice(0, dot);
  const frac = dot === -1 ? '' : fixed.slice(dot);
  let out = '';
  for (let i = int.length; i > 0; i -= 3) out = int.slice(Math.max(0, i - 3), i) + (out ? `,${out}` : '');
  return out + frac;
}

/** Significant digits every number keeps in JSON and CSV output (docs/report-json.md). */
export const OUTPUT_DIGITS = 12;

/**
 * A number as JSON and CSV write it: rounded to 12 significant digits, which drops the binary
 * noise of floating-point sums (768944534.3999999 → 768944534.4) and keeps a relative precision of
 * 5e-13. -0 is 0; Infinity and NaN are null (JSON) or an empty field (CSV) — the caller decides.
 */
export function outputNumber(v: number): number {
  if (v === 0) return 0;
  return Number(v.toPrecision(OUTPUT_DIGITS));
}
