import { describe, expect, it } from 'vitest';
import {
  busySecondsPerCall,
  ceilTolerant,
  fitThroughput,
  ownedCost,
  ownedGpuHourly,
  replicasFor,
  SECONDS_PER_MONTH,
  selfHostedMonthly,
  packing,
  blocksFor,
  purchaseUnit,
  type PriceOption,
} from '../../src/core/capacity.js';

describe('capacity model', () => {
  it('a month is 730 hours of 3600 seconds', () => {
    expect(SECONDS_PER_MONTH).toBe(2_628_000);
  });

  it('busy replica-seconds per call = input / prefill + (output + reasoning) / decode', () => {
    // 1000/10000 + (200 + 300)/2000 = 0.1 + 0.25
    expect(busySecondsPerCall(1000, 200, 300, { prefill: 10_000, decode: 2_000 })).toBeCloseTo(0.35, 12);
  });

  it('monthly cost with GPUs rented one by one = replicas × GPUs per replica × hourly × 730 + operations', () => {
    expect(selfHostedMonthly(3, packing(2, { gpus: 1, monthly: 4 * 730 }), 1000)).toBeCloseTo(3 * 2 * 4 * 730 + 1000, 9);
  });
});

describe('whole instances: replicas pack into what the provider rents', () => {
  // the case: two 1-GPU replicas on aws/on-demand, where the smallest H100 shape is p5.48xlarge (8 GPUs, $55.04/h)
  const p5 = { gpus: 8, monthly: 55.04 * 730 }; // $40,179.20 a month
  it('two 1-GPU replicas rent one whole 8-GPU instance: $40,179.20, not 2/8 of it ($10,044.80)', () => {
    const p = packing(1, p5);
    expect(p.replicasPerBlock).toBe(8);
    expect(selfHostedMonthly(2, p, 0)).toBeCloseTo(40_179.2, 6);
    expect(selfHostedMonthly(8, p, 0)).toBeCloseTo(40_179.2, 6); // up to 8 replicas fit
    expect(selfHostedMonthly(9, p, 0)).toBeCloseTo(2 * 40_179.2, 6); // the 9th needs a second instance
  });
  it('a replica that does not divide the instance leaves GPUs idle: 3-GPU replicas, 2 per 8-GPU instance', () => {
    const p = packing(3, p5);
    expect(p.replicasPerBlock).toBe(2);
    expect(blocksFor(4, p)).toBe(2);
    expect(blocksFor(5, p)).toBe(3);
  });
  it('a replica larger than an instance takes ⌈GPUs ÷ instance GPUs⌉ instances: 16 GPUs = 2 instances', () => {
    const p = packing(16, p5);
    expect(p).toMatchObject({ replicasPerBlock: 1, unitsPerBlock: 2 });
    expect(selfHostedMonthly(3, p, 500)).toBeCloseTo(3 * 2 * 40_179.2 + 500, 6);
    expect(packing(9, p5).unitsPerBlock).toBe(2); // 9 GPUs: one more than an instance
    expect(packing(8, p5)).toMatchObject({ replicasPerBlock: 1, unitsPerBlock: 1 }); // exactly one instance
  });
  it('a per-GPU quote without an instance is a unit of one GPU; an instance price is used as quoted', () => {
    const perGpu: PriceOption = { key: 'x/on-demand', kind: 'rented', provider: 'x', offer: 'on-demand', instance: null, region: null, gpusPerInstance: null, instanceHourly: null, gpuHourly: 2.5, owned: null, asOf: '2026-01-01', source: 't', notes: null };
    expect(purchaseUnit(perGpu)).toEqual({ gpus: 1, monthly: 2.5 * 730 });
    expect(purchaseUnit({ ...perGpu, gpusPerInstance: 8, instanceHourly: 55.04, gpuHourly: 6.88 })).toEqual({ gpus: 8, monthly: 55.04 * 730 });
  });
});

describe('replicas: the step function around its boundaries', () => {
  // one replica carries 2,628,000 × 0.5 = 1,314,000 busy seconds a month
  const perReplica = SECONDS_PER_MONTH * 0.5;

  it('exactly one replica of work needs one replica; a second more needs two', () => {
    expect(replicasFor(perReplica, 0.5, 1)).toBe(1);
    expect(replicasFor(perReplica + 1, 0.5, 1)).toBe(2);
    expect(replicasFor(perReplica - 1, 0.5, 1)).toBe(1);
  });

  it('at k × capacity exactly it is k replicas, just above it is k + 1', () => {
    for (const k of [2, 3, 7, 50]) {
      expect(replicasFor(k * perReplica, 0.5, 1)).toBe(k);
      expect(replicasFor(k * perReplica * (1 + 1e-6), 0.5, 1)).toBe(k + 1);
      expect(replicasFor(k * perReplica * (1 - 1e-6), 0.5, 1)).toBe(k);
    }
  });

  it('floating-point noise at a boundary does not add a replica', () => {
    // 0.1 + 0.2 style noise: 3 × capacity computed the long way round
    const busy = (0.1 + 0.2) * 10 * perReplica; // 3.0000000000000004 × capacity
    expect(busy / perReplica).not.toBe(3);
    expect(replicasFor(busy, 0.5, 1)).toBe(3);
    expect(ceilTolerant(2.0000000000000004)).toBe(2);
    expect(ceilTolerant(2.000001)).toBe(3);
  });

  it('min_replicas is a floor, also at zero load', () => {
    expect(replicasFor(0, 0.5, 2)).toBe(2);
    expect(replicasFor(perReplica, 0.5, 2)).toBe(2);
    expect(replicasFor(2 * perReplica + 1, 0.5, 2)).toBe(3);
  });

  it('a lower target utilisation needs more replicas for the same work', () => {
    expect(replicasFor(SECONDS_PER_MONTH, 1, 1)).toBe(1);
    expect(replicasFor(SECONDS_PER_MONTH, 0.5, 1)).toBe(2);
    expect(replicasFor(SECONDS_PER_MONTH, 0.25, 1)).toBe(4);
  });
});

describe('owned hardware', () => {
  it('hourly per GPU = purchase ÷ GPUs ÷ (months × 730) + kW ÷ GPUs × PUE × price per kWh + other ÷ GPUs ÷ 730', () => {
    const c = ownedCost({ server: 's', gpusPerServer: 8, purchasePrice: 280_320, amortisationMonths: 48, powerKw: 8, electricityPerKwh: 0.1, pue: 1.5, otherMonthly: 5840 });
    expect(c.capitalPerGpuHour).toBeCloseTo(1.0, 12); // 280,320 / 8 / 35,040
    expect(c.powerPerGpuHour).toBeCloseTo(0.15, 12); // 1 kW × 1.5 × 0.10
    expect(c.otherPerGpuHour).toBeCloseTo(1.0, 12); // 5,840 / 8 / 730
    expect(ownedGpuHourly(c)).toBeCloseTo(2.15, 12);
  });

  it('PUE defaults to 1 and other costs to 0', () => {
    const c = ownedCost({ server: 's', gpusPerServer: 1, purchasePrice: 35_040, amortisationMonths: 48, powerKw: 1, electricityPerKwh: 0.2 });
    expect(c.pue).toBe(1);
    expect(ownedGpuHourly(c)).toBeCloseTo(1 + 0.2, 12);
  });

  it('a whole server a month: capital at the cost of capital (annuity), power × PUE, colocation, staff, other', () => {
    // $100,000 over 48 months at 12% a year: i = 1% a month, 100,000 × 0.01 ÷ (1 − 1.01^−48) = $2,633.38
    const c = ownedCost({ server: 's', gpusPerServer: 8, purchasePrice: 100_000, amortisationMonths: 48, costOfCapital: 0.12, powerKw: 10, electricityPerKwh: 0.1, pue: 1.5, colocationMonthly: 1200, staffMonthly: 2000, otherMonthly: 300 });
    expect(c.capitalMonthly).toBeCloseTo(2633.3835, 3);
    expect(c.powerMonthly).toBeCloseTo(10 * 1.5 * 0.1 * 730, 9); // $1,095
    expect(c.serverMonthly).toBeCloseTo(2633.3835 + 1095 + 1200 + 2000 + 300, 3);
    expect(ownedGpuHourly(c) * 8 * 730).toBeCloseTo(c.serverMonthly, 9);
    // without a cost of capital: straight line, 100,000 ÷ 48 = $2,083.33
    expect(ownedCost({ server: 's', gpusPerServer: 8, purchasePrice: 100_000, amortisationMonths: 48, powerKw: 0, electricityPerKwh: 0 }).capitalMonthly).toBeCloseTo(2083.3333, 3);
  });
});

describe('fitting prefill and decode rates to measurements', () => {
  it('solves two measurements exactly', () => {
    // 1/10000 s per input token, 1/2000 s per output token
    const t = (i: number, o: number) => i / 10_000 + o / 2_000;
    const r = fitThroughput([
      { inputTokens: 1000, outputTokens: 1000, outputTokensPerSecond: 1000 / t(1000, 1000), batch: null },
      { inputTokens: 4000, outputTokens: 200, outputTokensPerSecond: 200 / t(4000, 200), batch: null },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.prefill).toBeCloseTo(10_000, 6);
    expect(r.decode).toBeCloseTo(2_000, 6);
    expect(r.maxRelativeError).toBeLessThan(1e-12);
  });

  it('recovers the rates from many consistent measurements and reports the misfit of inconsistent ones', () => {
    const shapes: [number, number][] = [[128, 2048], [2048, 128], [1000, 1000], [5000, 500]];
    const exact = shapes.map(([i, o]) => ({ inputTokens: i, outputTokens: o, outputTokensPerSecond: o / (i / 50_000 + o / 20_000), batch: null }));
    const r = fitThroughput(exact);
    expect(r.ok && Math.abs(r.prefill - 50_000) < 1e-6 && Math.abs(r.decode - 20_000) < 1e-6).toBe(true);
    const noisy = exact.map((m, k) => ({ ...m, outputTokensPerSecond: m.outputTokensPerSecond * (k % 2 ? 1.1 : 0.9) }));
    const n = fitThroughput(noisy);
    expect(n.ok).toBe(true);
    if (n.ok) {
      expect(n.maxRelativeError).toBeGreaterThan(0.01);
      expect(n.maxRelativeError).toBeLessThan(0.1);
    }
  });

  it('refuses fewer than two measurements, or measurements that cannot separate prefill from decode', () => {
    const one = fitThroughput([{ inputTokens: 1000, outputTokens: 1000, outputTokensPerSecond: 1000, batch: null }]);
    expect(one.ok).toBe(false);
    const sameRatio = fitThroughput([
      { inputTokens: 1000, outputTokens: 100, outputTokensPerSecond: 1000, batch: null },
      { inputTokens: 2000, outputTokens: 200, outputTokensPerSecond: 1000, batch: null },
    ]);
    expect(sameRatio.ok).toBe(false);
    if (!sameRatio.ok) expect(sameRatio.message).toMatch(/same input\/output ratio/);
  });

  it('refuses a fit that would make input tokens free (a negative prefill time)', () => {
    // longer inputs measured *faster*: no positive prefill time fits
    const r = fitThroughput([
      { inputTokens: 100, outputTokens: 1000, outputTokensPerSecond: 1000, batch: null },
      { inputTokens: 5000, outputTokens: 1000, outputTokensPerSecond: 2000, batch: null },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/prefill/);
  });
});
