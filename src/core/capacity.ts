/**
 * The capacity model of a self-hosted deployment (docs/breakeven.md). Pure: no I/O.
 *
 *   busy replica-seconds per call = input / prefill rate + (output + reasoning) / decode rate
 *   replicas   = max(min_replicas, ceil(busy seconds per month / (seconds per month × target utilisation)))
 *   monthly    = replicas × GPUs per replica × hourly price per GPU × 730 + operations per month
 *
 * Rates are per replica (all its GPUs together), so the busy time is replica-seconds; for a
 * one-GPU replica that is GPU-seconds.
 */
import { HOURS_PER_MONTH } from './model.js';

export const SECONDS_PER_HOUR = 3600;
/** 730 hours × 3600 s = 2,628,000 s. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * SECONDS_PER_HOUR;
/** GPU memory is read as GiB (2^30 bytes), the unit the "80 GB" of a datasheet actually is. */
export const BYTES_PER_GIB = 2 ** 30;

export type Precision = 'bf16' | 'fp16' | 'fp8' | 'int8' | 'fp4' | 'int4';
export const BYTES_PER_PARAM: Record<Precision, number> = { bf16: 2, fp16: 2, fp8: 1, int8: 1, fp4: 0.5, int4: 0.5 };

export interface GpuSpec {
  id: string;
  name: string;
  memoryGb: number;
  bandwidthTbps: number;
  bf16Tflops: number;
  fp8Tflops: number | null;
  fp4Tflops: number | null;
  powerKw: number | null;
  specSource: string;
}

export interface OwnedCost {
  server: string;
  gpusPerServer: number;
  purchasePrice: number;
  amortisationMonths: number;
  powerKw: number;
  electricityPerKwh: number;
  pue: number;
  otherMonthly: number;
  /** purchase_price ÷ gpus_per_server ÷ (amortisation_months × 730) */
  capitalPerGpuHour: number;
  /** power_kw ÷ gpus_per_server × pue × electricity_per_kwh */
  powerPerGpuHour: number;
  /** other_monthly ÷ gpus_per_server ÷ 730 */
  otherPerGpuHour: number;
}

/** One way to pay for the GPUs: a rented offer or owned hardware. */
export interface PriceOption {
  /** "provider/offer", or "owned". */
  key: string;
  kind: 'rented' | 'owned';
  provider: string | null;
  offer: string | null;
  instance: string | null;
  region: string | null;
  gpusPerInstance: number | null;
  instanceHourly: number | null;
  /** Effective price per GPU per hour (instance price ÷ GPUs in the instance; owned: amortisation + power + other). */
  gpuHourly: number;
  owned: OwnedCost | null;
  asOf: string;
  source: string;
  notes: string | null;
}

export function ownedCost(o: {
  server: string;
  gpusPerServer: number;
  purchasePrice: number;
  amortisationMonths: number;
  powerKw: number;
  electricityPerKwh: number;
  pue?: number | undefined;
  otherMonthly?: number | undefined;
}): OwnedCost {
  const pue = o.pue ?? 1;
  const otherMonthly = o.otherMonthly ?? 0;
  return {
    server: o.server,
    gpusPerServer: o.gpusPerServer,
    purchasePrice: o.purchasePrice,
    amortisationMonths: o.amortisationMonths,
    powerKw: o.powerKw,
    electricityPerKwh: o.electricityPerKwh,
    pue,
    otherMonthly,
    capitalPerGpuHour: o.purchasePrice / o.gpusPerServer / (o.amortisationMonths * HOURS_PER_MONTH),
    powerPerGpuHour: (o.powerKw / o.gpusPerServer) * pue * o.electricityPerKwh,
    otherPerGpuHour: otherMonthly / o.gpusPerServer / HOURS_PER_MONTH,
  };
}

export function ownedGpuHourly(c: OwnedCost): number {
  return c.capitalPerGpuHour + c.powerPerGpuHour + c.otherPerGpuHour;
}

/** A published measurement: one replica's aggregate output throughput at given lengths. */
export interface Measurement {
  inputTokens: number;
  outputTokens: number;
  outputTokensPerSecond: number;
  batch: number | null;
}

export interface FitPoint extends Measurement {
  /** Replica-seconds per request implied by the measurement: output_tokens ÷ output tokens per second. */
  measuredSeconds: number;
  /** The same from the fitted rates: input ÷ prefill + output ÷ decode. */
  modelSeconds: number;
  /** (model − measured) ÷ measured. */
  relativeError: number;
}

export interface Throughput {
  /** Prefill (input) tokens per second per replica. */
  prefill: number;
  /** Decode (output + reasoning) tokens per second per replica. */
  decode: number;
  method: 'stated' | 'fitted';
  /** Stated rates: the lengths and batch they were measured at. */
  inputTokens: number | null;
  outputTokens: number | null;
  batch: number | null;
  /** Fitted rates: the measurements and how well the two-rate model reproduces each. */
  points: FitPoint[];
  maxRelativeError: number | null;
  source: string;
  conditions: string | null;
}

export type FitResult = { ok: true; prefill: number; decode: number; points: FitPoint[]; maxRelativeError: number } | { ok: false; message: string; fix: string };

/**
 * Fit prefill and decode rates to measurements. Each measurement gives the replica-seconds one
 * request takes, t = output ÷ output-throughput; the model says t = input·α + output·β with
 * α = 1/prefill and β = 1/decode. Least squares on the relative error (each point weighs the
 * same whatever its length); two points are solved exactly.
 */
export function fitThroughput(measurements: readonly Measurement[]): FitResult {
  if (measurements.length < 2) {
    return { ok: false, message: `${measurements.length} measurement given; fitting a prefill and a decode rate needs at least 2`, fix: 'add a measurement at other input/output lengths, or give prefill_tokens_per_second and decode_tokens_per_second' };
  }
  let saa = 0;
  let sab = 0;
  let sbb = 0;
  let sa = 0;
  let sb = 0;
  for (const m of measurements) {
    const t = m.outputTokens / m.outputTokensPerSecond;
    const a = m.inputTokens / t;
    const b = m.outputTokens / t;
    saa += a * a;
    sab += a * b;
    sbb += b * b;
    sa += a;
    sb += b;
  }
  const det = saa * sbb - sab * sab;
  if (!(Math.abs(det) > 1e-12 * saa * sbb)) {
    return { ok: false, message: 'the measurements all have the same input/output ratio, so prefill and decode cannot be told apart', fix: 'add a measurement with a different ratio of input to output tokens (e.g. 2048/128 and 128/2048)' };
  }
  const alpha = (sa * sbb - sb * sab) / det;
  const beta = (sb * saa - sa * sab) / det;
  if (!(alpha > 0) || !(beta > 0)) {
    const which = !(alpha > 0) ? 'prefill' : 'decode';
    return {
      ok: false,
      message: `the measurements do not fit a positive ${which} time per token (the least-squares fit gives ${which === 'prefill' ? 'input' : 'output'} tokens no cost)`,
      fix: `add measurements that vary the ${which === 'prefill' ? 'input' : 'output'} length, or state prefill_tokens_per_second and decode_tokens_per_second`,
    };
  }
  const points = measurements.map((m): FitPoint => {
    const measuredSeconds = m.outputTokens / m.outputTokensPerSecond;
    const modelSeconds = m.inputTokens * alpha + m.outputTokens * beta;
    return { ...m, measuredSeconds, modelSeconds, relativeError: (modelSeconds - measuredSeconds) / measuredSeconds };
  });
  return { ok: true, prefill: 1 / alpha, decode: 1 / beta, points, maxRelativeError: Math.max(...points.map((p) => Math.abs(p.relativeError))) };
}

/** Busy replica-seconds one call takes. */
export function busySecondsPerCall(inputTokens: number, outputTokens: number, reasoningTokens: number, t: Pick<Throughput, 'prefill' | 'decode'>): number {
  return inputTokens / t.prefill + (outputTokens + reasoningTokens) / t.decode;
}

/**
 * ceil that forgives floating-point noise: 3.0000000000004 replicas is 3, not 4
 * (values within 1e-9, relative, of a whole number count as that number).
 */
export function ceilTolerant(v: number): number {
  const r = Math.round(v);
  if (Math.abs(v - r) <= 1e-9 * Math.max(1, Math.abs(v))) return r;
  return Math.ceil(v);
}

/** Replicas needed for a monthly busy time: max(min_replicas, ceil(busy ÷ (seconds per month × target utilisation))). */
export function replicasFor(busySecondsPerMonth: number, targetUtilisation: number, minReplicas: number): number {
  return Math.max(minReplicas, ceilTolerant(busySecondsPerMonth / (SECONDS_PER_MONTH * targetUtilisation)));
}

/** Monthly cost of running `replicas`: replicas × GPUs per replica × hourly × 730 + operations. */
export function selfHostedMonthly(replicas: number, gpusPerReplica: number, gpuHourly: number, operationsMonthly: number): number {
  return replicas * gpusPerReplica * gpuHourly * HOURS_PER_MONTH + operationsMonthly;
}
