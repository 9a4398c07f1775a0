/**
 * Numbers beyond what fixed notation shows readably (|x| ≥ 1e15, or non-zero |x| < 1e-6) are
 * written in scientific notation with three significant digits, `1.52e+307` and `1e-12`, the
 * same everywhere (tables, markdown, messages): it is what YAML and JSON accept, so a number can be
 * copied back into a scenario. See docs/report-json.md ("Very large and very small numbers").
 */
export const SCI_AT_OR_ABOVE = 1e15;
export const SCI_BELOW = 1e-6;

/** x in scientific notation, three significant digits: 1.52e+307, 1e-12, -2.5e+20. */
export function sci(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs < SCI_AT_OR_ABOVE && abs >= SCI_BELOW) return Number.parseFloat(x.toPrecision(6)).toString();
  return x.toExponential(2).replace(/\.?0+e/, 'e');
}

/** Does `x` need scientific notation to be read (too large or too small for fixed notation)? */
export function needsSci(x: number): boolean {
  const abs = Math.abs(x);
  return Number.isFinite(x) && (abs >= SCI_AT_OR_ABOVE || (abs !== 0 && abs < SCI_BELOW));
}

/**
 * x (≥ 0) with `decimals` decimals and comma thousands separators. (Intl.NumberFormat costs ~20 ms
 * to start.) From 1e15 up, scientific notation (see above).
 */
export function grouped(x: number, decimals: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= SCI_AT_OR_ABOVE) return sci(x);
  const fixed = x.toFixed(decimals);
  const neg = fixed.startsWith('-');
  const body = neg ? fixed.slice(1) : fixed;
  const dot = body.indexOf('.');
  const int = dot === -1 ? body : body.slice(0, dot);
  const frac = dot === -1 ? '' : body.slice(dot);
  let out = '';
  for (let i = int.length; i > 0; i -= 3) out = int.slice(Math.max(0, i - 3), i) + (out ? `,${out}` : '');
  return (neg ? '-' : '') + out + frac;
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

/** "1 day", "2 days": a count and its word, plural but for one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
