/**
 * The zod-free fast check of a quote's shape (schema/quote-fast.ts) against the schema it stands
 * in for: every value it accepts, the schema accepts with the same output (values, keys and key
 * order); everything else it leaves to the schema (which gives every message). Checked on the
 * bundled quotes and on generated valid and invalid ones: values at and past every bound, percent
 * strings, wrong types, unknown keys, missing required keys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/load/catalogues.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { fastQuote } from '../../src/schema/quote-fast.js';
import { quoteSchema } from '../../src/schema/quote.js';
import { containers, mutate } from '../helpers/doc-edits.js';

type Raw = Record<string, unknown>;
const dir = join(packageRoot(), 'quotes');
const bundled = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ f, data: structuredClone(parseYamlText(readFileSync(join(dir, f), 'utf8'), f).data) as Raw }));

/** A quote with every key the schema knows, each at a value it accepts. */
const full: Raw = {
  version: 1,
  kind: 'quote',
  vendor: 'Acme',
  name: 'Acme, all of it',
  reference: '',
  valid_until: '2028-02-29',
  currency: 'USD',
  term_months: 24,
  rate_card: { catalogues: ['acme.yaml', 'b.yaml'], provider: 'acme.ai', discount: '12.5%', model_discounts: { 'acme-large': 0.3, 'acme-small': '5%' } },
  model_map: { 'tier:budget': 'acme-small', 'gpt-4o': 'outside', '10': 'acme-large' },
  commitment: { amount: 0, per: 'month' },
  overage: { discount: 1 },
  seats: [
    { name: 'studio', per_seat_month: 30, seats: 'users', min_seats: 5 },
    { name: 'admin', per_seat_month: 0, seats: 3 },
  ],
  fees: [{ name: 'setup', one_time: 1000, monthly: 0, annual: 12.5 }, { name: 'none' }],
  notes: 'anything',
};
const bases = [...bundled, { f: 'full', data: full }];

/** The fast check agrees with the schema on `raw`: it accepts only what the schema accepts, with the same output. Returns whether it accepted. */
function agrees(raw: unknown, label: string): boolean {
  const fast = fastQuote(structuredClone(raw));
  const parsed = quoteSchema.safeParse(structuredClone(raw));
  if (fast === undefined) return false;
  expect(parsed.success, `${label}: the fast check accepted what the schema refuses: ${JSON.stringify(parsed.error?.issues.slice(0, 2))}`).toBe(true);
  expect(JSON.stringify(fast), label).toBe(JSON.stringify(parsed.data)); // key order too
  expect(fast, label).toStrictEqual(parsed.data); // -0, undefined …
  return true;
}

const KEYS = [
  'version', 'kind', 'vendor', 'name', 'reference', 'valid_until', 'currency', 'term_months', 'rate_card', 'model_map', 'commitment', 'overage', 'seats', 'fees',
  'notes', 'catalogues', 'provider', 'discount', 'model_discounts', 'amount', 'per', 'per_seat_month', 'min_seats', 'one_time', 'monthly', 'annual',
  'tier:mid', 'gpt-4o', '', '__proto__', 'x', 'Vendor',
];
const edgeNumbers = [
  0, -0, 1, -1, 0.5, 1 + 1e-9, 1 - 1e-12, 2, 3, 2.5, 12, 119, 120, 121, 120.5, 1e6, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e300, -1e-300,
  Number.NaN, Infinity, -Infinity,
];
const edgeStrings = [
  '35%', '100%', '100.5%', '0%', '-0%', '-5%', ' 8 % ', '8 %', '%', '0.5', 'abc', '', ' ', 'x', 'users', 'Users', 'month', 'term', 'year', 'quote', 'scenario',
  'USD', 'usd', 'EURO', 'anthropic', 'Anthropic', '-bad', 'open_ai.v2', 'outside', '2026-12-31', '2026-02-29', '2028-02-29', '2026-13-01', '2026-1-1',
  '2026-12-31T00:00:00Z', '1', 'a.yaml',
];
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...edgeNumbers) },
  { weight: 3, arbitrary: fc.constantFrom(...edgeStrings) },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer({ min: -5, max: 200 }), fc.double({ min: 0, max: 1 }), fc.string({ maxLength: 4 })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(true, false, null, [], {}, [1], ['a.yaml'], [''], { a: 1 }, { a: '5%' }, { a: 'b' }, { amount: 1, per: 'term' }, { discount: 0.1 },
      [{ name: 'f', monthly: 1 }], [{ name: 's', per_seat_month: 1, seats: 1 }], new Date('2026-12-31T00:00:00Z')),
  },
);

const edit = fc.record({ at: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.nat({ max: 3 })), value, drop: fc.boolean(), existing: fc.boolean() });

describe('the fast check of a quote', () => {
  it('accepts every bundled quote, with the schema output', () => {
    expect(bundled.length).toBeGreaterThanOrEqual(3);
    for (const q of bundled) expect(agrees(q.data, q.f), q.f).toBe(true);
    expect(agrees(full, 'full')).toBe(true);
  });

  it('agrees with the schema on generated quotes, valid and invalid (property)', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (i, edits) => {
        const raw = mutate(bases[i]!.data, edits);
        if (agrees(raw, `${bases[i]!.f} ${JSON.stringify(edits)}`)) accepted++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    // both sides are exercised: edits the schema accepts (a value within bounds) and ones it refuses
    expect(accepted).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(300);
  });

  it('agrees with the schema at every key of every mapping and list, for every edge value (exhaustive)', () => {
    const values: unknown[] = [...edgeNumbers, ...edgeStrings, true, null, [], {}, ['a.yaml'], { a: 0.5 }, { a: 'b' }, new Date('2026-12-31T00:00:00Z')];
    /** (container, key) pairs: each existing key and each schema key at every mapping, each index (and one past) of every list. */
    type Pair = { c: unknown; k: string | number };
    const pairs = (data: Raw): Pair[] =>
      containers(data).flatMap((c): Pair[] =>
        Array.isArray(c) ? [...c.keys(), c.length].map((k) => ({ c, k })) : [...new Set([...Object.keys(c as Raw), ...KEYS.filter((k) => k !== '__proto__')])].map((k) => ({ c, k })),
      );
    let accepted = 0;
    let total = 0;
    for (const { f, data } of bases) {
      const count = pairs(data).length;
      for (let n = 0; n < count; n++) {
        for (const v of [...values, undefined]) {
          const raw = structuredClone(data);
          const { c, k } = pairs(raw)[n]!;
          if (v === undefined) delete (c as Raw)[k as string];
          else (c as Raw)[k as string] = structuredClone(v);
          total++;
          if (agrees(raw, `${f} ${String(k)}=${v instanceof Date ? 'Date' : JSON.stringify(v)}`)) accepted++;
        }
      }
    }
    expect(total).toBeGreaterThan(10000);
    expect(accepted).toBeGreaterThan(1000);
  });

  it('leaves every refused value to the schema: a value past a bound by the least amount is not accepted', () => {
    const at = (mut: (r: Raw) => void) => {
      const r = structuredClone(full);
      mut(r);
      return fastQuote(r);
    };
    const card = (r: Raw) => r.rate_card as Raw;
    const seat = (r: Raw) => (r.seats as Raw[])[1]!;
    expect(at((r) => (r.term_months = 120))).toBeDefined();
    expect(at((r) => (r.term_months = 121))).toBeUndefined();
    expect(at((r) => (r.term_months = 1))).toBeDefined();
    expect(at((r) => (r.term_months = 0))).toBeUndefined();
    expect(at((r) => (r.term_months = 12.5))).toBeUndefined();
    expect(at((r) => (card(r).discount = 1))).toBeDefined();
    expect(at((r) => (card(r).discount = 1 + Number.EPSILON))).toBeUndefined();
    expect(at((r) => (card(r).discount = '100%'))).toBeDefined();
    expect(at((r) => (card(r).discount = '100.1%'))).toBeUndefined();
    expect(at((r) => (card(r).discount = 0))).toBeDefined();
    expect(at((r) => (card(r).discount = -Number.MIN_VALUE))).toBeUndefined();
    expect(at((r) => (card(r).discount = '-1%'))).toBeUndefined();
    expect(at((r) => (seat(r).seats = 0))).toBeDefined();
    expect(at((r) => (seat(r).seats = -1))).toBeUndefined();
    expect(at((r) => (seat(r).seats = 1.5))).toBeUndefined();
    expect(at((r) => (seat(r).min_seats = 0))).toBeDefined();
    expect(at((r) => (seat(r).min_seats = -1))).toBeUndefined();
    expect(at((r) => ((r.commitment as Raw).amount = -Number.MIN_VALUE))).toBeUndefined();
    expect(at((r) => ((r.commitment as Raw).amount = Infinity))).toBeUndefined();
    expect(at((r) => (r.valid_until = '2026-02-28'))).toBeDefined();
    expect(at((r) => (r.valid_until = '2026-02-29'))).toBeUndefined();
    expect(at((r) => (r.vendor = ''))).toBeUndefined();
    expect(at((r) => (r.unknown_key = 1))).toBeUndefined();
    expect(at((r) => delete r.term_months)).toBeUndefined();
    expect(at((r) => delete (r.commitment as Raw).per)).toBeUndefined();
  });

  it('gives the percent strings as fractions and keeps the schema key order, not the input order', () => {
    const r = structuredClone(full);
    const reordered: Raw = { notes: r.notes, term_months: r.term_months, kind: r.kind, version: r.version, vendor: r.vendor, rate_card: { discount: '20%', provider: 'x' } };
    const out = fastQuote(reordered)!;
    expect(Object.keys(out)).toEqual(['version', 'kind', 'vendor', 'term_months', 'rate_card', 'notes']);
    expect(out.rate_card).toEqual({ provider: 'x', discount: 0.2 });
    expect(Object.keys(out.rate_card!)).toEqual(['provider', 'discount']);
  });
});
