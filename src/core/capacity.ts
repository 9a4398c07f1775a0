/**
 * The capacity model of a self-hosted deployment (docs/breakeven.md). Pure: no I/O.
 *
 *   busy replica-seconds per call = input / prefill rate + (output + reasoning) / decode rate
 *   replicas   = max(min_replicas, ceil(busy seconds per month / (seconds per month × target utilisation)))
 *   monthly    = whole instances (or owned servers) that hold the replicas × their monthly price
 *                + operations per month
 *
 * Rates are per replica (all its GPUs together), so the busy time is replica-seconds; for a
 * one-GPU replica that is GPU-seconds.
 */
import { HOURS_PER_MONTH } from './model.js';
import { maxOf } from '../util/extent.js';

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
  /** Annual cost of capital (0: none): the purchase is financed as an annuity over the amortisation. */
  costOfCapital: number;
  powerKw: number;
  electricityPerKwh: number;
  pue: number;
  /** Colocation, rack space and cooling contract per server per month. */
  colocationMonthly: number;
  /** Staff (operations, on-call) attributed to each server per month. */
  staffMonthly: number;
  otherMonthly: number;
  /**
   * Capital per server-month: purchase_price ÷ amortisation_months, or with a cost of capital r the
   * annuity payment P × i ÷ (1 − (1 + i)^−n) at the monthly rate i = r ÷ 12 over n months.
   */
  capitalMonthly: number;
  /** power_kw × pue × electricity_per_kwh × 730 */
  powerMonthly: number;
  /** Everything one server costs a month: capital + power + colocation + staff + other. */
  serverMonthly: number;
  /** capital per server-month ÷ gpus_per_server ÷ 730 */
  capitalPerGpuHour: number;
  /** power_kw ÷ gpus_per_server × pue × electricity_per_kwh */
  powerPerGpuHour: number;
  /** (colocation + staff + other per month) ÷ gpus_per_server ÷ 730 */
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
  /** Effective price per GPU per hour (instance price ÷ GPUs in the instance; owned: server-month ÷ GPUs ÷ 730). */
  gpuHourly: number;
  owned: OwnedCost | null;
  asOf: string;
  source: string;
  notes: string | null;
}

/**
 * What is bought or rented as a whole: an instance (VM shape) or an owned server. A price quoted
 * per GPU without an instance is a unit of one GPU.
 */
export interface PurchaseUnit {
  /** GPUs in one unit. */
  gpus: number;
  /** Cost of one unit for a month (730 hours). */
  monthly: number;
}

export function purchaseUnit(p: PriceOption): PurchaseUnit {
  if (p.owned) return { gpus: p.owned.gpusPerServer, monthly: p.owned.serverMonthly };
  if (p.gpusPerInstance !== null && p.instanceHourly !== null) return { gpus: p.gpusPerInstance, monthly: p.instanceHourly * HOURS_PER_MONTH };
  const gpus = p.gpusPerInstance ?? 1;
  return { gpus, monthly: gpus * p.gpuHourly * HOURS_PER_MONTH };
}

/**
 * How replicas pack into whole units: a replica of g GPUs in units of U GPUs. With g ≤ U a block
 * is one unit holding ⌊U ÷ g⌋ replicas (the rest of its GPUs are paid for and idle); with g > U a
 * block is ⌈g ÷ U⌉ units holding one replica. Replicas are never split across blocks.
 */
export interface Packing {
  replicasPerBlock: number;
  unitsPerBlock: number;
  /** Cost of one block for a month. */
  blockMonthly: number;
  unit: PurchaseUnit;
}

export function packing(gpusPerReplica: number, unit: PurchaseUnit): Packing {
  if (gpusPerReplica <= unit.gpus) {
    return { replicasPerBlock: Math.floor(unit.gpus / gpusPerReplica), unitsPerBlock: 1, blockMonthly: unit.monthly, unit };
  }
  const units = Math.ceil(gpusPerReplica / unit.gpus);
  return { replicasPerBlock: 1, unitsPerBlock: units, blockMonthly: units * unit.monthly, unit };
}

export function ownedCost(o: {
  server: string;
  gpusPerServer: number;
  purchasePrice: number;
  amortisationMonths: number;
  costOfCapital?: number | undefined;
  powerKw: number;
  electricityPerKwh: number;
  pue?: number | undefined;
  colocationMonthly?: number | undefined;
  staffMonthly?: number | undefined;
  otherMonthly?: number | undefined;
}): OwnedCost {
  const pue = o.pue ?? 1;
  const otherMonthly = o.otherMonthly ?? 0;
  const colocationMonthly = o.colocationMonthly ?? 0;
  const staffMonthly = o.staffMonthly ?? 0;
  const costOfCapital = o.costOfCapital ?? 0;
  const n = o.amortisationMonths;
  const i = costOfCapital / 12;
  const capitalMonthly = i > 0 ? (o.purchasePrice * i) / (1 - (1 + i) ** -n) : o.purchasePrice / n;
  const powerMonthly = o.powerKw * pue * o.electricityPerKwh * HOURS_PER_MONTH;
  const serverMonthly = capitalMonthly + powerMonthly + colocationMonthly + staffMonthly + otherMonthly;
  return {
    server: o.server,
    gpusPerServer: o.gpusPerServer,
    purchasePrice: o.purchasePrice,
    amortisationMonths: n,
    costOfCapital,
    powerKw: o.powerKw,
    electricityPerKwh: o.electricityPerKwh,
    pue,
    colocationMonthly,
    staffMonthly,
    otherMonthly,
    capitalMonthly,
    powerMonthly,
    serverMonthly,
    capitalPerGpuHour: capitalMonthly / o.gpusPerServer / HOURS_PER_MONTH,
    powerPerGpuHour: (o.powerKw / o.gpusPerServer) * pue * o.electricityPerKwh,
    otherPerGpuHour: (colocationMonthly + staffMonthly + otherMonthly) / o.gpusPerServer / HOURS_PER_MONTH,
  };
}

export function ownedGpuHourly(c: OwnedCost): number {
  return c.serverMonthly / c.gpusPerServer / HOURS_PER_MONTH;
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
  return { ok: true, prefill: 1 / alpha, decode: 1 / beta, points, maxRelativeError: maxOf(points.map((p) => Math.abs(p.relativeError))) };
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

/** Blocks (see `Packing`) that hold `replicas`: ⌈replicas ÷ replicas per block⌉. */
export function blocksFor(replicas: number, p: Packing): number {
  return Math.ceil(replicas / p.replicasPerBlock);
}

/** Monthly cost of running `replicas` packed into whole units: blocks × block-month + operations. */
export function selfHostedMonthly(replicas: number, p: Packing, operationsMonthly: number): number {
  return blocksFor(replicas, p) * p.blockMonthly + operationsMonthly;
}
