/** Synthetic deployments and fleets for the break-even tests (round numbers, not real hardware). */
import { fileURLToPath } from 'node:url';
import type { Deployment, Fleet, Workload } from '../../src/core/breakeven.js';
import { packing, SECONDS_PER_MONTH, type GpuSpec, type PriceOption } from '../../src/core/capacity.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const GPUS = `${FIXTURES}breakeven-catalogue/gpus.yaml`;
export const DEPLOYMENTS = `${FIXTURES}breakeven-catalogue/deployments.yaml`;

export const acmeH1: GpuSpec = { id: 'acme-h1', name: 'Acme H1 80GB', memoryGb: 80, bandwidthTbps: 2, bf16Tflops: 500, fp8Tflops: 1000, fp4Tflops: null, powerKw: null, specSource: 'test' };

export function rented(gpuHourly: number, key = 'acme-cloud/on-demand'): PriceOption {
  const [provider, offer] = key.split('/');
  return { key, kind: 'rented', provider: provider!, offer: offer!, instance: null, region: null, gpusPerInstance: null, instanceHourly: null, gpuHourly, owned: null, asOf: '2026-01-01', source: 'test', notes: null };
}

export function deployment(over: Partial<Deployment> = {}): Deployment {
  return {
    name: 'acme-8b',
    definedIn: 'test',
    description: null,
    model: { name: 'Acme 8B', parametersB: 8, activeParametersB: 8, precision: 'bf16', kvCachePrecision: 'bf16', layers: 32, kvHeads: 8, headDim: 128, source: null },
    gpu: acmeH1,
    gpusPerReplica: 1,
    engine: null,
    throughput: { prefill: 10_000, decode: 2_000, method: 'stated', inputTokens: 1000, outputTokens: 200, batch: 32, points: [], maxRelativeError: null, source: 'test', conditions: null },
    price: rented(2),
    minReplicas: 1,
    targetUtilisation: 0.5,
    operationsMonthly: 0,
    ...over,
  };
}

/** A workload where one replica (at utilisation u) carries exactly `q` units of today's volume. */
export function workload(apiMonthly: number, q: number, u = 0.5): Workload {
  return { requestsPerMonth: 1000, apiMonthly, busyMonthly: (SECONDS_PER_MONTH * u) / q, tokensMonthly: 1e6, items: [] };
}

/** A fleet; by default GPUs are rented one at a time (`unitGpus` 1), so a replica costs GPUs × hourly × 730. */
export function fleet(over: Partial<Fleet> & { unitGpus?: number } = {}): Fleet {
  const { unitGpus = 1, ...rest } = over;
  const base = { gpusPerReplica: 1, gpuHourly: 1, minReplicas: 1, targetUtilisation: 0.5, operationsMonthly: 0, ...rest };
  return { ...base, packing: rest.packing ?? packing(base.gpusPerReplica, { gpus: unitGpus, monthly: unitGpus * base.gpuHourly * 730 }) };
}
