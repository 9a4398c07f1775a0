/**
 * The WebAssembly draw loops (src/core/sampler-wasm.ts) give bit for bit what the JavaScript loops
 * give (`sampleIntoJs`, the definition): the generator's doubles and the stream's state after
 * them, each kind's inverse CDF (Acklam's Φ⁻¹ on its own, and through the normal and log-normal
 * with their truncation bounds), and V8's Math.round for whole-number fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acklam, fitDistribution, Rng, sampleInto, sampleIntoJs, type Bounds, type DistributionSpec } from '../../src/core/distributions.js';
import { samplerModuleBytes, wasmDraws } from '../../src/core/sampler-wasm.js';

const w = wasmDraws();
/** Equal bit for bit (−0 and +0 differ; NaN equals NaN). */
const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

const bounds = fc.record({
  lo: fc.constantFrom(-Infinity, 0, 1),
  hi: fc.constantFrom(Infinity, 1, 5000),
  int: fc.boolean(),
});
const spec: fc.Arbitrary<DistributionSpec> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true })).map(([low, w]) => ({ kind: 'uniform' as const, low, high: low + w })),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true }))
    .map(([a, m, w]) => ({ kind: 'triangular' as const, min: a, mode: a + m * w, max: a + w })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 900, noNaN: true })).map(([mean, sd]) => ({ kind: 'normal' as const, mean, sd })),
  fc.tuple(fc.double({ min: 1e-3, max: 1, noNaN: true }), fc.double({ min: 1, max: 20, noNaN: true })).map(([p50, k]) => ({ kind: 'lognormal' as const, p50, p90: p50 * k })),
);

describe('the WebAssembly draw loops', () => {
  it('run here (Node 20 has WebAssembly), from a module of about 1.4 KB', () => {
    expect(w).not.toBeNull();
    expect(samplerModuleBytes().length).toBeLessThan(2000);
  });

  it('property: every kind draws the same doubles as the JavaScript loops, and the stream goes on from the same state', () => {
    fc.assert(
      fc.property(spec, bounds, fc.nat(2000), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.string(), (sp, b, n, seed, key) => {
        const f = fitDistribution(sp, { ...b, loOpen: false, hiOpen: false } satisfies Bounds);
        const js = new Float64Array(n);
        const wasm = new Float64Array(n);
        const r1 = new Rng(seed, key);
        const r2 = new Rng(seed, key);
        sampleIntoJs(f, r1, js);
        sampleInto(f, r2, wasm);
        expect(sameBits(wasm, js)).toBe(true);
        for (let i = 0; i < 3; i++) expect(r2.nextDouble()).toBe(r1.nextDouble());
      }),
      { numRuns: 300 },
    );
  });

  it('a long column (past one 64 KiB page of memory, so it grows) is drawn the same', () => {
    const f = fitDistribution({ kind: 'lognormal', p50: 12000, p90: 20000 }, { lo: 0, hi: Infinity, loOpen: true, hiOpen: true, int: false });
    const js = new Float64Array(200_003);
    const wasm = new Float64Array(200_003);
    sampleIntoJs(f, new Rng(1, 'traffic.requests_per_day'), js);
    sampleInto(f, new Rng(1, 'traffic.requests_per_day'), wasm);
    expect(sameBits(wasm, js)).toBe(true);
  });

  it("Acklam's Φ⁻¹ is the JavaScript one's double everywhere: both tails, the centre, the edges between them and outside (0, 1)", () => {
    const edges = [0, 1, -0, 0.02425, 0.02425 - 2 ** -58, 1 - 0.02425, 1 - 0.02425 + 2 ** -53, 0.5, 5e-324, 1e-300, 1 - 2 ** -53, -1, 2, NaN];
    for (const p of edges) expect(Object.is(w!.acklam(p), acklam(p))).toBe(true);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => Object.is(w!.acklam(p), acklam(p))),
      { numRuns: 5000 },
    );
  });

  it('rounding is Math.round, ties up, −0 kept, at the edges where round-half-up shortcuts go wrong', () => {
    const edges = [0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5, -4503599627370495.5, 2 ** 52 + 1, 2 ** 53, -0, 0, -0.2, 0.2, 1e308, -1e308, Infinity, -Infinity, NaN, 5e-324];
    const check = (values: number[]): void => {
      const a = Float64Array.from(values);
      w!.put(a);
      w!.round(a.length);
      const got = new Float64Array(a.length);
      w!.end(got);
      expect(sameBits(got, Float64Array.from(values, Math.round))).toBe(true);
    };
    check(edges);
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 50 }), (xs) => check(xs)),
      { numRuns: 500 },
    );
  });
});
