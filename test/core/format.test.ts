import { describe, expect, it } from 'vitest';
import { compact, count, money, percent, unitPrice } from '../../src/render/format.js';

describe('money formatting', () => {
  it('uses thousands separators and 2 decimals from one unit up', () => {
    expect(money(1234567.891, 'USD')).toBe('$1,234,567.89');
    expect(money(1, 'USD')).toBe('$1.00');
    expect(money(999.999, 'USD')).toBe('$1,000.00');
    expect(money(-2500, 'EUR')).toBe('-€2,500.00');
    expect(money(12, 'CHF')).toBe('CHF 12.00');
  });
  it('keeps three significant digits below one unit so tiny per-request costs stay visible', () => {
    expect(money(0.5, 'USD')).toBe('$0.50');
    expect(money(0.0136, 'USD')).toBe('$0.0136');
    expect(money(0.000421337, 'USD')).toBe('$0.000421');
    expect(money(0, 'USD')).toBe('$0.00');
    expect(money(null, 'USD')).toBe('—');
  });
  it('unit prices are never rounded away', () => {
    expect(unitPrice(0.075, 'USD')).toBe('$0.075');
    expect(unitPrice(3, 'USD')).toBe('$3.00');
    expect(unitPrice(0.0375, 'USD')).toBe('$0.0375');
    expect(unitPrice(1250, 'USD')).toBe('$1,250.00');
  });
  it('counts, compact counts and percents', () => {
    expect(count(1234567.4)).toBe('1,234,567');
    expect(count(2.5)).toBe('2.50');
    expect(compact(1520000)).toBe('1.52M');
    expect(compact(45600)).toBe('45.6K');
    expect(compact(999)).toBe('999');
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(1)).toBe('100%');
  });
  it('binary noise never decides a rounding: the value as written (12 significant digits) is rounded, halves up', () => {
    // 365 × 5,000 tokens = 1,825,000 exactly; sums give 1,824,999.9999999998 or 1,825,000.0000000002
    for (const x of [1_825_000, 1_824_999.9999999998, 1_825_000.0000000002]) expect(compact(x), String(x)).toBe('1.83M');
    expect(compact(-1_825_000)).toBe('-1.83M');
    expect(compact(1_824_999)).toBe('1.82M'); // a real difference still counts
    expect(compact(1.825e9)).toBe('1.83B');
    expect(money(774.3325000000001, 'USD')).toBe(money(774.3325, 'USD'));
    expect(money(0.0049999999999999, 'USD')).toBe('$0.005');
  });
});
