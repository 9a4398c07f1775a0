/** Number formatting a finance reader trusts. Pure. */
import { nearlyEqual } from '../core/diff.js';
import { grouped, needsSci, outputNumber, sci } from '../util/number.js';

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', INR: '₹', AUD: 'A$', CAD: 'C$' };

/**
 * Money: thousands separators and 2 decimals from one unit up; below one unit, three
 * significant digits (at least 2 decimals, at most 10) so a $0.000421 per-request cost is not
 * shown as $0.00; from 1e15 up, scientific notation.
 */
export function money(value: number | null, currency: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  // the figure as JSON writes it (12 significant digits): a total read back from a stored report
  // and the same total computed now print the same, whatever their binary noise
  const x = outputNumber(value);
  const sym = SYMBOLS[currency];
  const abs = Math.abs(x);
  let digits: string;
  // huge amounts in scientific notation; tiny ones are not: below a ten-billionth of a unit an
  // amount is a floating-point residue of a sum, and shows as 0.00 (a diff's '+$0.00', not '+$3e-16')
  if (needsSci(abs) && abs >= 1) digits = sci(abs);
  else if (abs === 0 || abs >= 0.995) digits = grouped(abs, 2);
  else {
    const decimals = Math.min(10, Math.max(2, 2 - Math.floor(Math.log10(abs))));
    digits = abs.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1');
  }
  const sign = x < 0 && digits.replace(/[0.,]/g, '') !== '' ? '-' : '';
  return sym ? `${sign}${sym}${digits}` : `${sign}${currency} ${digits}`;
}

/** A count, rounded, with separators. */
export function count(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (needsSci(x)) return sci(x);
  if (Math.abs(x) < 10 && !Number.isInteger(x)) return grouped(x, 2);
  return grouped(Math.round(x), 0);
}

/**
 * `y` with `d` decimals, halves rounded away from zero on the number as written in decimal
 * (1.825 → 1.83), not on its binary value (1.8249999… → 1.82 with toFixed).
 */
function halfUp(y: number, d: number): string {
  const r = Math.round(Math.abs(Number(`${Math.abs(y)}e${d}`))) * Math.sign(y);
  return Number.isFinite(r) ? Number(`${r}e-${d}`).toFixed(d) : y.toFixed(d);
}

/** Large counts compactly: 1.23K, 45.6M, 7.89B. */
export function compact(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const x = outputNumber(value); // as money(): no binary noise decides a rounding
  const abs = Math.abs(x);
  if (needsSci(x)) return sci(x);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [v, s] of units) if (abs >= v) return `${halfUp(x / v, abs / v >= 100 ? 0 : abs / v >= 10 ? 1 : 2)}${s}`;
  return count(x);
}

/**
 * A fraction as a percent: 0.1234 → 12.3%. A fraction within floating-point noise of zero (the
 * diff's `nearlyEqual` rule, core/diff.ts: |x| ≤ 1e-12) is 0%, never `1.32e-14%`; a figure that
 * rounds to zero at `decimals` prints as 0%, never -0%. Scientific notation is kept for huge values
 * and for tiny ones above the noise.
 */
export function percent(x: number | null, decimals = 1): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (nearlyEqual(x, 0)) return '0%';
  const v = x * 100;
  if (needsSci(v)) return `${sci(v)}%`;
  return `${v.toFixed(decimals).replace(/\.0+$/, '').replace(/^-(?=0(?:\.0*)?$)/, '')}%`;
}

/** A signed percent change: +12.3% / -4.5%; a change within noise of zero is 0%. */
export function signedPercent(x: number | null, decimals = 1): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const s = percent(x, decimals);
  return x > 0 && s !== '0%' ? `+${s}` : s;
}

/** A catalogue unit price (per 1M tokens, per hour, per seat): $3.00, $0.075, $0.0375 — never rounded away. */
export function unitPrice(x: number | null | undefined, currency: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const sym = SYMBOLS[currency];
  let digits = grouped(Math.abs(x), 2);
  if (needsSci(x)) digits = sci(Math.abs(x));
  else if (Number.parseFloat(digits.replace(/,/g, '')) !== Math.abs(x)) {
    digits = Math.abs(x).toFixed(6).replace(/0+$/, '');
    const [int, frac = ''] = digits.split('.');
    digits = `${grouped(Number(int), 0)}.${frac.padEnd(2, '0')}`;
  }
  const sign = x < 0 ? '-' : '';
  return sym ? `${sign}${sym}${digits}` : `${sign}${currency} ${digits}`;
}

/** A number for --explain: up to 6 significant digits, no exponent for ordinary magnitudes. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e15) {
    const s = Number.parseFloat(x.toPrecision(6)).toString();
    return s.includes('e') ? x.toFixed(6) : s;
  }
  return x.toPrecision(6).replace(/\.?0+e/, 'e');
}
