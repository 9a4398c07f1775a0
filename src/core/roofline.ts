/**
 * Physical limits of a replica (docs/breakeven.md, "Roofline check"). Pure: no I/O.
 *
 * Decode reads every active weight once per step (shared by the batch) and each sequence's KV
 * cache, so a replica cannot produce more than
 *
 *   decode tokens/s ≤ batch × memory bandwidth ÷ (weight bytes + batch × KV bytes per sequence)
 *
 * and every token (prompt or generated) needs at least 2 × active parameters FLOPs, so
 *
 *   tokens/s ≤ dense tensor FLOPS ÷ (2 × active parameters).
 *
 * Peak figures, generous readings (memory as GiB, the smaller active-parameter count): these are
 * upper bounds, so a claim above one is physically impossible, not merely optimistic.
 */
import { grouped } from '../util/number.js';
import { BYTES_PER_GIB, BYTES_PER_PARAM, type GpuSpec, type Measurement, type Precision } from './capacity.js';

export interface OpenModel {
  name: string;
  parametersB: number;
  activeParametersB: number;
  precision: Precision;
  kvCachePrecision: Precision;
  layers: number;
  kvHeads: number;
  headDim: number;
}

export interface ReplicaLimits {
  gpus: number;
  memoryBytes: number;
  bandwidthBytesPerSecond: number;
  flops: number;
  /** Which dense tensor rate bounds compute for this precision. */
  computePrecision: 'bf16' | 'fp8' | 'fp4';
  weightBytes: number;
  activeWeightBytes: number;
  kvBytesPerToken: number;
}

export interface RooflineCheck {
  /** What is checked, e.g. "decode at 1000/1000 tokens". */
  what: string;
  /** The claimed figure (tokens/s, or bytes for a memory check). */
  claimed: number;
  /** The physical bound. */
  bound: number;
  unit: 'tokens/s' | 'bytes';
  ok: boolean;
  /** The bound's arithmetic in words. */
  detail: string;
}

export function replicaLimits(model: OpenModel, gpu: GpuSpec, gpus: number): ReplicaLimits {
  const computePrecision: ReplicaLimits['computePrecision'] =
    model.precision === 'fp4' ? (gpu.fp4Tflops !== null ? 'fp4' : gpu.fp8Tflops !== null ? 'fp8' : 'bf16')
    : model.precision === 'fp8' || model.precision === 'int8' ? (gpu.fp8Tflops !== null ? 'fp8' : 'bf16')
    : 'bf16';
  const tflops = computePrecision === 'fp4' ? gpu.fp4Tflops! : computePrecision === 'fp8' ? gpu.fp8Tflops! : gpu.bf16Tflops;
  const bytes = BYTES_PER_PARAM[model.precision];
  return {
    gpus,
    memoryBytes: gpus * gpu.memoryGb * BYTES_PER_GIB,
    bandwidthBytesPerSecond: gpus * gpu.bandwidthTbps * 1e12,
    flops: gpus * tflops * 1e12,
    computePrecision,
    weightBytes: model.parametersB * 1e9 * bytes,
    activeWeightBytes: model.activeParametersB * 1e9 * bytes,
    kvBytesPerToken: 2 * model.layers * model.kvHeads * model.headDim * BYTES_PER_PARAM[model.kvCachePrecision],
  };
}

/** Most sequences of `input + output` tokens whose KV cache fits beside the weights. */
export function maxBatch(l: ReplicaLimits, inputTokens: number, outputTokens: number): number {
  const free = l.memoryBytes - l.weightBytes;
  if (free <= 0) return 0;
  return Math.floor(free / (l.kvBytesPerToken * (inputTokens + outputTokens)));
}

/** Decode roofline: batch × bandwidth ÷ (active weight bytes + batch × KV bytes at the mean context). */
export function decodeBound(l: ReplicaLimits, batch: number, inputTokens: number, outputTokens: number): number {
  const kvSeq = l.kvBytesPerToken * (inputTokens + outputTokens / 2);
  return (batch * l.bandwidthBytesPerSecond) / (l.activeWeightBytes + batch * kvSeq);
}

/** Compute roofline for any token: dense FLOPS ÷ (2 × active parameters). */
export function computeBound(l: ReplicaLimits, activeParametersB: number): number {
  return l.flops / (2 * activeParametersB * 1e9);
}

const gb = (b: number) => `${(b / 1e9).toFixed(b >= 1e11 ? 0 : 2)} GB`;
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
const gib = (b: number) => `${(b / BYTES_PER_GIB).toFixed(0)} GiB`;
const tbs = (b: number) => `${+(b / 1e12).toFixed(2)} TB/s`;
const int = (n: number) => (n < 0 ? '-' : '') + grouped(Math.abs(Math.round(n)), 0);

export interface RooflineInput {
  model: OpenModel;
  gpu: GpuSpec;
  gpusPerReplica: number;
  /** Stated rates (with their lengths and batch) … */
  stated: { prefill: number; decode: number; inputTokens: number; outputTokens: number; batch: number | null } | null;
  /** … or published measurements. */
  measurements: readonly Measurement[];
}

export interface Roofline {
  ok: boolean;
  limits: ReplicaLimits;
  checks: RooflineCheck[];
}

export function checkRoofline(input: RooflineInput): Roofline {
  const l = replicaLimits(input.model, input.gpu, input.gpusPerReplica);
  const activeParams = input.model.activeParametersB * 1e9;
  const compute = computeBound(l, input.model.activeParametersB);
  const checks: RooflineCheck[] = [];
  const replica = `${input.gpusPerReplica} × ${input.gpu.name}`;

  checks.push({
    what: 'weights fit in GPU memory',
    claimed: l.weightBytes,
    bound: l.memoryBytes,
    unit: 'bytes',
    ok: l.weightBytes < l.memoryBytes,
    detail: `${input.model.parametersB}B parameters × ${BYTES_PER_PARAM[input.model.precision]} byte(s) (${input.model.precision}) = ${gb(l.weightBytes)}; ${replica} hold ${gib(l.memoryBytes)}`,
  });

  const batchFor = (inputTokens: number, outputTokens: number, stated: number | null) => {
    const fit = maxBatch(l, inputTokens, outputTokens);
    return { fit, used: stated ?? fit };
  };
  const memoryCheck = (what: string, inputTokens: number, outputTokens: number, batch: number) => {
    const need = l.weightBytes + batch * l.kvBytesPerToken * (inputTokens + outputTokens);
    checks.push({
      what,
      claimed: need,
      bound: l.memoryBytes,
      unit: 'bytes',
      ok: need <= l.memoryBytes,
      detail: `${gb(l.weightBytes)} weights + ${batch} × ${int(inputTokens + outputTokens)} tokens × ${int(l.kvBytesPerToken)} B of KV cache = ${gb(need)}; ${replica} hold ${gib(l.memoryBytes)}`,
    });
  };

  if (input.stated) {
    const s = input.stated;
    const b = batchFor(s.inputTokens, s.outputTokens, s.batch);
    if (s.batch !== null) memoryCheck(`batch of ${s.batch} at ${int(s.inputTokens)}/${int(s.outputTokens)} tokens fits in memory`, s.inputTokens, s.outputTokens, s.batch);
    const bound = b.used > 0 ? decodeBound(l, b.used, s.inputTokens, s.outputTokens) : 0;
    checks.push({
      what: `decode rate at ${int(s.inputTokens)}/${int(s.outputTokens)} tokens`,
      claimed: s.decode,
      bound,
      unit: 'tokens/s',
      ok: s.decode <= bound,
      detail: `${b.used} sequences${s.batch === null ? ' (the most whose KV cache fits)' : ''} × ${tbs(l.bandwidthBytesPerSecond)} ÷ (${gb(l.activeWeightBytes)} active weights + ${b.used} × ${mb(l.kvBytesPerToken * (s.inputTokens + s.outputTokens / 2))} KV at the mean context of ${int(s.inputTokens + s.outputTokens / 2)} tokens)`,
    });
    checks.push({
      what: 'prefill rate',
      claimed: s.prefill,
      bound: compute,
      unit: 'tokens/s',
      ok: s.prefill <= compute,
      detail: `${int(l.flops / 1e12)} dense ${l.computePrecision} TFLOPS ÷ (2 × ${input.model.activeParametersB}B active parameters)`,
    });
  }

  for (const m of input.measurements) {
    const b = batchFor(m.inputTokens, m.outputTokens, m.batch);
    const shape = `${int(m.inputTokens)}/${int(m.outputTokens)} tokens`;
    if (m.batch !== null) memoryCheck(`batch of ${m.batch} at ${shape} fits in memory`, m.inputTokens, m.outputTokens, m.batch);
    // Lower bounds on the replica-seconds one request takes: compute for all its tokens, and
    // memory traffic for its decode steps (weights shared by the batch, plus its own KV cache).
    const tCompute = (2 * activeParams * (m.inputTokens + m.outputTokens)) / l.flops;
    const tMemory = b.used > 0 ? (m.outputTokens * (l.activeWeightBytes / b.used + l.kvBytesPerToken * (m.inputTokens + m.outputTokens / 2))) / l.bandwidthBytesPerSecond : Infinity;
    if (b.used === 0) {
      // not even one sequence's KV cache fits beside the weights: no throughput at all
      checks.push({
        what: `output throughput at ${shape}`,
        claimed: m.outputTokensPerSecond,
        bound: 0,
        unit: 'tokens/s',
        ok: false,
        detail: `not one sequence fits: ${gb(l.weightBytes)} weights + ${int(m.inputTokens + m.outputTokens)} tokens × ${int(l.kvBytesPerToken)} B of KV cache = ${gb(l.weightBytes + l.kvBytesPerToken * (m.inputTokens + m.outputTokens))}; ${replica} hold ${gib(l.memoryBytes)}`,
      });
      continue;
    }
    const tMin = Math.max(tCompute, tMemory);
    const bound = m.outputTokens / tMin;
    const limiter = tMemory >= tCompute ? 'memory bandwidth' : 'compute';
    checks.push({
      what: `output throughput at ${shape}`,
      claimed: m.outputTokensPerSecond,
      bound,
      unit: 'tokens/s',
      ok: m.outputTokensPerSecond <= bound,
      detail: `${limiter}-bound: each request needs ≥ ${(tMin * 1000).toFixed(2)} ms of the replica (compute ${(tCompute * 1000).toFixed(2)} ms for ${int(m.inputTokens + m.outputTokens)} tokens at ${int(l.flops / 1e12)} ${l.computePrecision} TFLOPS; memory ${(tMemory * 1000).toFixed(2)} ms for ${int(m.outputTokens)} decode steps at batch ${b.used}${m.batch === null ? ' (the most that fits)' : ''})`,
    });
  }
  return { ok: checks.every((c) => c.ok), limits: l, checks };
}
