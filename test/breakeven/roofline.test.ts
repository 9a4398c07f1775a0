import { describe, expect, it } from 'vitest';
import { checkRoofline, computeBound, decodeBound, maxBatch, replicaLimits, type OpenModel } from '../../src/core/roofline.js';
import { acmeH1 } from './helpers.js';

const acme8b: OpenModel = { name: 'Acme 8B', parametersB: 8, activeParametersB: 8, precision: 'bf16', kvCachePrecision: 'bf16', layers: 32, kvHeads: 8, headDim: 128 };
const GIB = 2 ** 30;

describe('replica limits', () => {
  it('weights, KV bytes per token, bandwidth and FLOPS of a replica', () => {
    const l = replicaLimits(acme8b, acmeH1, 2);
    expect(l.weightBytes).toBe(16e9); // 8B × 2 bytes
    expect(l.kvBytesPerToken).toBe(2 * 32 * 8 * 128 * 2); // K and V × layers × kv heads × head dim × bf16
    expect(l.memoryBytes).toBe(2 * 80 * GIB);
    expect(l.bandwidthBytesPerSecond).toBe(4e12);
    expect(l.flops).toBe(1000e12); // 2 × 500 bf16 TFLOPS
    expect(l.computePrecision).toBe('bf16');
  });

  it('uses the fp8 rate for fp8 weights, and falls back to bf16 on a GPU without FP8', () => {
    expect(replicaLimits({ ...acme8b, precision: 'fp8' }, acmeH1, 1).flops).toBe(1000e12);
    expect(replicaLimits({ ...acme8b, precision: 'fp8' }, { ...acmeH1, fp8Tflops: null }, 1)).toMatchObject({ flops: 500e12, computePrecision: 'bf16' });
    expect(replicaLimits({ ...acme8b, precision: 'fp4' }, acmeH1, 1).computePrecision).toBe('fp8');
  });
});

describe('decode roofline: batch × bandwidth ÷ (weights + batch × KV)', () => {
  const l = replicaLimits(acme8b, acmeH1, 1);

  it('matches the hand computation at batch 32, 1000 in / 200 out (mean context 1100)', () => {
    // 32 × 2e12 / (16e9 + 32 × 131,072 × 1,100)
    expect(decodeBound(l, 32, 1000, 200)).toBeCloseTo((32 * 2e12) / (16e9 + 32 * 131_072 * 1100), 9);
    expect(decodeBound(l, 32, 1000, 200)).toBeCloseTo(3104.73, 1);
  });

  it('grows with the batch towards bandwidth ÷ KV per sequence, and the batch is capped by memory', () => {
    expect(decodeBound(l, 64, 1000, 200)).toBeGreaterThan(decodeBound(l, 32, 1000, 200));
    expect(decodeBound(l, 1e9, 1000, 200)).toBeCloseTo(2e12 / (131_072 * 1100), 0);
    // (80 GiB − 16 GB) ÷ (131,072 × 1,200 bytes per sequence)
    expect(maxBatch(l, 1000, 200)).toBe(Math.floor((80 * GIB - 16e9) / (131_072 * 1200)));
  });

  it('a measurement whose one sequence does not fit beside the weights fails with that said, not "≥ Infinity ms at batch 0"', () => {
    // 70B bf16 = 140 GB of weights on 80 GiB: nothing fits, whatever the lengths
    const r = checkRoofline({ model: { ...acme8b, parametersB: 70, activeParametersB: 70 }, gpu: acmeH1, gpusPerReplica: 1, stated: null, measurements: [{ inputTokens: 128, outputTokens: 2048, outputTokensPerSecond: 20_000, batch: null }] });
    const c = r.checks.find((x) => x.what.startsWith('output throughput'))!;
    expect(c.ok).toBe(false);
    expect(c.bound).toBe(0);
    expect(c.detail).toMatch(/^not one sequence fits: 140 GB weights \+ 2,176 tokens × 131,072 B of KV cache = 140 GB; 1 × Acme H1 80GB hold 80 GiB$/);
    expect(c.detail).not.toMatch(/Infinity/);
  });
  it('compute roofline: FLOPS ÷ (2 × active parameters)', () => {
    expect(computeBound(l, 8)).toBe(500e12 / 16e9);
  });
});

describe('checking claims', () => {
  const stated = (decode: number, batch: number | null = 32, prefill = 10_000) => checkRoofline({ model: acme8b, gpu: acmeH1, gpusPerReplica: 1, stated: { prefill, decode, inputTokens: 1000, outputTokens: 200, batch }, measurements: [] });

  it('passes a claim under the bound', () => {
    const r = stated(2000);
    expect(r.ok).toBe(true);
    const decode = r.checks.find((c) => c.what.startsWith('decode'))!;
    expect(decode.bound).toBeCloseTo(3104.73, 1);
  });

  it('flags a decode claim above the bound, with the bound', () => {
    const r = stated(5000);
    expect(r.ok).toBe(false);
    const bad = r.checks.filter((c) => !c.ok);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ what: 'decode rate at 1,000/200 tokens', claimed: 5000 });
    expect(bad[0]!.bound).toBeCloseTo(3104.73, 1);
    expect(bad[0]!.detail).toMatch(/32 sequences × 2 TB\/s ÷ \(16\.00 GB active weights \+ 32 × 144\.2 MB KV/);
  });

  it('without a stated batch, uses the largest batch that fits (the most generous bound)', () => {
    const r = stated(5000, null);
    const decode = r.checks.find((c) => c.what.startsWith('decode'))!;
    expect(decode.bound).toBeCloseTo(decodeBound(replicaLimits(acme8b, acmeH1, 1), 444, 1000, 200), 6);
    expect(decode.ok).toBe(true); // 444 sequences can produce ~11.1K tok/s
  });

  it('flags a prefill claim above the compute bound', () => {
    const r = stated(2000, 32, 40_000);
    expect(r.checks.find((c) => c.what === 'prefill rate')).toMatchObject({ ok: false, bound: 31_250 });
  });

  it('flags weights that do not fit, and a batch whose KV cache does not fit', () => {
    const big = checkRoofline({ model: { ...acme8b, parametersB: 70, activeParametersB: 70 }, gpu: acmeH1, gpusPerReplica: 1, stated: null, measurements: [] });
    expect(big.ok).toBe(false);
    expect(big.checks[0]).toMatchObject({ what: 'weights fit in GPU memory', ok: false, claimed: 140e9 });
    const batch = stated(100, 1000);
    expect(batch.checks.find((c) => c.what.startsWith('batch of 1000'))).toMatchObject({ ok: false });
  });

  it('checks each published measurement against max(compute time, memory time) per request', () => {
    const m = { inputTokens: 2000, outputTokens: 100, outputTokensPerSecond: 50_000, batch: 16 };
    const r = checkRoofline({ model: acme8b, gpu: acmeH1, gpusPerReplica: 1, stated: null, measurements: [m] });
    const l = replicaLimits(acme8b, acmeH1, 1);
    const tCompute = (2 * 8e9 * 2100) / 500e12;
    const tMemory = (100 * (16e9 / 16 + l.kvBytesPerToken * 2050)) / 2e12;
    const c = r.checks.find((x) => x.what.startsWith('output throughput'))!;
    expect(c.bound).toBeCloseTo(100 / Math.max(tCompute, tMemory), 6);
    expect(c.ok).toBe(false); // 50K tok/s for 100-token answers to 2,000-token prompts is impossible here
    expect(c.detail).toMatch(/-bound: each request needs ≥/);
  });
});
