/**
 * API versus self-hosting (docs/breakeven.md). Pure: no I/O.
 *
 * The deployment takes over some (stage, model) calls of a scenario. Their API cost comes from the
 * cost engine (spec §3); their busy time from the capacity model (capacity.ts). Everything not
 * replaced stays on the API in both options, so it cancels out of the break-even.
 */
import { BREAKEVEN_SCHEMA_VERSION, type BreakevenOptionReport, type BreakevenPointReport, type BreakevenPriceReport, type BreakevenReplacedReport, type BreakevenReport, type BreakevenResultReport, type BreakevenUtilisationReport } from '../schema/breakeven.js';
import type { ScenarioReport } from '../schema/report.js';
import { money } from '../render/format.js';
import { closest } from '../util/suggest.js';
import { blocksFor, busySecondsPerCall, ceilTolerant, packing, purchaseUnit, SECONDS_PER_MONTH, selfHostedMonthly, type GpuSpec, type Packing, type PriceOption, type Throughput } from './capacity.js';
import { inputPerCall, priceStageModel } from './estimate.js';
import { DEFAULT_DAYS_PER_MONTH, HOURS_PER_MONTH, TOKENS_PER_PRICE_UNIT, type Scenario } from './model.js';
import { checkRoofline, type OpenModel, type Roofline } from './roofline.js';
import { excerptList, quoted } from '../util/excerpt.js';
import { maxOf } from '../util/extent.js';

export interface Deployment {
  name: string;
  /** Display path of the file that defines it. */
  definedIn: string;
  description: string | null;
  model: OpenModel & { source: string | null };
  gpu: GpuSpec;
  gpusPerReplica: number;
  engine: string | null;
  throughput: Throughput;
  price: PriceOption;
  minReplicas: number;
  targetUtilisation: number;
  operationsMonthly: number;
}

/** The cost side of a fleet: how replicas pack into whole instances or servers, and the fixed costs. */
export interface Fleet {
  gpusPerReplica: number;
  /** Effective price per GPU-hour (for reports; the cost is computed from whole units). */
  gpuHourly: number;
  packing: Packing;
  minReplicas: number;
  targetUtilisation: number;
  operationsMonthly: number;
}

export interface ReplacedCall {
  stageIndex: number;
  modelIndex: number;
}

/** The replaced calls at today's volume. */
export interface Workload {
  requestsPerMonth: number;
  /** API cost of the replaced calls per month (A). */
  apiMonthly: number;
  /** Busy replica-seconds per month (B). */
  busyMonthly: number;
  /** Tokens processed per month: input + output + reasoning. */
  tokensMonthly: number;
  items: BreakevenReplacedReport[];
}

// ---------------------------------------------------------------------------------------------
// Which calls are replaced

export type Selection = { ok: true; calls: ReplacedCall[]; labels: string[] } | { ok: false; message: string; fix: string };

/**
 * `--replaces` values: a stage name takes over all its models; otherwise a model name (canonical
 * provider/model, id, alias, or as the scenario wrote it) takes over that model in every stage.
 * No value: every model call of the pipeline.
 */
export function selectReplaced(s: Scenario, values: readonly string[]): Selection {
  const all: ReplacedCall[] = [];
  s.stages.forEach((st, i) => st.models.forEach((_, k) => all.push({ stageIndex: i, modelIndex: k })));
  if (values.length === 0) return { ok: true, calls: all, labels: ['all'] };
  const picked = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    const stage = s.stages.findIndex((st) => st.name === v);
    if (stage >= 0) {
      s.stages[stage]!.models.forEach((_, k) => picked.add(`${stage}:${k}`));
      continue;
    }
    const lower = v.toLowerCase();
    let found = false;
    s.stages.forEach((st, i) =>
      st.models.forEach((sm, k) => {
        const names = [sm.model.ref, sm.model.id, sm.name, ...(sm.model.prices.aliases ?? [])].map((n) => n.toLowerCase());
        if (names.includes(lower)) {
          picked.add(`${i}:${k}`);
          found = true;
        }
      }),
    );
    if (!found) {
      const candidates = [...s.stages.map((st) => st.name), ...s.stages.flatMap((st) => st.models.flatMap((sm) => [sm.model.ref, sm.name]))];
      const near = closest(v, candidates);
      return {
        ok: false,
        message: `--replaces ${v}: no stage or model of the scenario is called ${quoted(v)}`,
        fix: near.length ? `did you mean ${near.map((n) => quoted(n)).join(', ')}?` : `stages: ${excerptList(s.stages.map((st) => st.name))}; models: ${[...new Set(s.stages.flatMap((st) => st.models.map((sm) => sm.model.ref)))].join(', ')}`,
      };
    }
  }
  return { ok: true, calls: all.filter((c) => picked.has(`${c.stageIndex}:${c.modelIndex}`)), labels: values.map((v) => v.trim()) };
}

// ---------------------------------------------------------------------------------------------
// Workload, fleet, curves

export function workloadOf(s: Scenario, report: ScenarioReport, calls: readonly ReplacedCall[], t: Pick<Throughput, 'prefill' | 'decode'>): Workload {
  const R = s.traffic.requestsPerMonth;
  let apiMonthly = 0;
  let busyMonthly = 0;
  let tokensMonthly = 0;
  const items = calls.map(({ stageIndex, modelIndex }): BreakevenReplacedReport => {
    const stage = s.stages[stageIndex]!;
    const sm = stage.models[modelIndex]!;
    const { C } = priceStageModel(stage, sm, R);
    const I = inputPerCall(stage, sm);
    const busy = busySecondsPerCall(I, sm.output, sm.reasoning, t);
    const api = report.stages[stageIndex]!.models[modelIndex]!.monthly_cost;
    apiMonthly += api;
    busyMonthly += C * busy;
    tokensMonthly += C * (I + sm.output + sm.reasoning);
    return {
      stage: stage.name,
      model: sm.model.ref,
      calls_per_month: C,
      input_tokens_per_call: I,
      output_tokens_per_call: sm.output,
      reasoning_tokens_per_call: sm.reasoning,
      busy_seconds_per_call: busy,
      busy_seconds_per_month: C * busy,
      api_monthly_cost: api,
    };
  });
  return { requestsPerMonth: R, apiMonthly, busyMonthly, tokensMonthly, items };
}

export function fleetOf(d: Deployment, price: PriceOption = d.price): Fleet {
  return {
    gpusPerReplica: d.gpusPerReplica,
    gpuHourly: price.gpuHourly,
    packing: packing(d.gpusPerReplica, purchaseUnit(price)),
    minReplicas: d.minReplicas,
    targetUtilisation: d.targetUtilisation,
    operationsMonthly: d.operationsMonthly,
  };
}

/** Cost of one replica for a month when its block is full: block-month ÷ replicas per block. */
export function replicaMonthly(f: Fleet): number {
  return f.packing.blockMonthly / f.packing.replicasPerBlock;
}

/** Both options at `multiple` × today's volume (the replaced calls scale linearly with traffic). */
export function pointAt(multiple: number, w: Workload, f: Fleet): BreakevenPointReport {
  const busy = multiple * w.busyMonthly;
  const replicas = Math.max(f.minReplicas, ceilTolerant(busy / (SECONDS_PER_MONTH * f.targetUtilisation)));
  const instances = blocksFor(replicas, f.packing) * f.packing.unitsPerBlock;
  const self = selfHostedMonthly(replicas, f.packing, f.operationsMonthly);
  const api = multiple * w.apiMonthly;
  return {
    multiple,
    requests_per_month: multiple * w.requestsPerMonth,
    tokens_per_month: multiple * w.tokensMonthly,
    api_monthly_cost: api,
    self_hosted_monthly_cost: self,
    replicas,
    instances,
    gpus: instances * f.packing.unit.gpus,
    gpus_in_use: replicas * f.gpusPerReplica,
    utilisation: replicas > 0 ? busy / (replicas * SECONDS_PER_MONTH) : 0,
    cheaper: nearlyEqual(api, self) ? 'equal' : api < self ? 'api' : 'self-hosted',
  };
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export interface BreakEven {
  status: 'breaks-even' | 'never';
  /** Smallest multiple from which self-hosting is never dearer than the API. */
  multiple: number | null;
  /** First multiple at which self-hosting is no dearer (before a later replica step may lift it above again). */
  firstMultiple: number | null;
  /** Replicas at the break-even volume. */
  replicas: number | null;
  /** Whole instances (or owned servers) rented at the break-even volume. */
  instances: number | null;
  reason: string | null;
}

/**
 * The break-even volume, in closed form. Replicas pack into blocks of whole instances or servers
 * (capacity.ts `Packing`): a block holds r replicas and costs K a month. With a = API cost per
 * unit of volume (today = 1), O = operations, m = ⌈min replicas ÷ r⌉ blocks and q = the volume one
 * block carries at the target utilisation (r replicas' worth), self-hosting costs
 * S(x) = max(m, ⌈x/q⌉)·K + O, a step function (⌈⌈x/q₁⌉/r⌉ = ⌈x/(q₁·r)⌉ for whole r), against
 * A(x) = a·x. If a·q ≤ K a full block costs more than the calls it takes over: never. Otherwise, in
 * the step with n blocks, S ≤ A from x = (n·K + O)/a; right after a step S jumps by K and A may
 * fall behind again while n·(a·q − K) < K + O. So self-hosting stays no dearer from the step
 * G = max(m, ⌈(K + O)/(a·q − K)⌉) on, at x* = (G·K + O)/a.
 */
export function breakEven(w: Workload, f: Fleet, currency = 'USD'): BreakEven {
  const fmt2 = (x: number) => money(x, currency);
  const a = w.apiMonthly;
  const r = f.packing.replicasPerBlock;
  const k = f.packing.blockMonthly;
  const O = f.operationsMonthly;
  const m = Math.ceil(f.minReplicas / r);
  const replicasAt = (x: number, q1: number) => Math.max(f.minReplicas, ceilTolerant(x / q1));
  // what is added a step at a time: a replica, or a whole instance holding several
  const word = r > 1 ? 'instance' : 'replica';
  const unit = r > 1 ? `instance (${f.packing.unit.gpus} GPUs, ${r} replicas)` : f.packing.unitsPerBlock > 1 ? `replica (${f.packing.unitsPerBlock} instances of ${f.packing.unit.gpus} GPUs)` : 'replica';
  if (!(a > 0)) {
    return { status: 'never', multiple: null, firstMultiple: null, replicas: null, instances: null, reason: 'the replaced calls cost nothing on the API, so there is nothing for self-hosting to save' };
  }
  if (w.busyMonthly === 0) {
    const x = (m * k + O) / a;
    return { status: 'breaks-even', multiple: x, firstMultiple: x, replicas: f.minReplicas, instances: m * f.packing.unitsPerBlock, reason: 'the replaced calls take no GPU time, so the minimum fleet carries any volume' };
  }
  const q1 = (SECONDS_PER_MONTH * f.targetUtilisation) / w.busyMonthly;
  const q = q1 * r;
  const d = a * q - k;
  // a·q = K (within rounding) is "never" too: self-hosting then only ties the API at the exact
  // step edges and is dearer between them, so there is no volume from which it stays no dearer.
  if (!(d > 1e-9 * Math.max(k, a * q))) {
    return {
      status: 'never',
      multiple: null,
      firstMultiple: null,
      replicas: null,
      instances: null,
      reason: `at ${pct(f.targetUtilisation)} target utilisation one ${unit} carries ${fmt(q * w.requestsPerMonth)} requests a month, which cost ${fmt2(a * q)} on the API — no more than the ${word}'s own ${fmt2(k)} a month, so each ${word} costs at least what the API charges for the work it takes over, at any volume`,
    };
  }
  const G = Math.max(m, ceilTolerant((k + O) / d));
  const n1 = Math.max(m, ceilTolerant(O / d));
  const x = (G * k + O) / a;
  const first = (n1 * k + O) / a;
  return {
    status: 'breaks-even',
    multiple: x,
    firstMultiple: first,
    replicas: replicasAt(x, q1),
    instances: G * f.packing.unitsPerBlock,
    reason: first < x * (1 - 1e-9) ? `self-hosting first matches the API at ${fmtX(first)} today's volume, but each added ${word} lifts it above the API again until ${fmtX(x)}` : null,
  };
}

/**
 * The average utilisation at which self-hosting costs what the API does at today's volume,
 * with fractional replicas in full instances (whole replicas, part-filled instances and min_replicas aside):
 *   busy seconds ÷ (seconds per month × u) × replica-month + operations = API cost
 *   u = busy seconds × replica-month ÷ (seconds per month × (API cost − operations))
 */
export function breakEvenUtilisation(w: Workload, f: Fleet, today: BreakevenPointReport, currency = 'USD'): BreakevenUtilisationReport {
  const fmt2 = (x: number) => money(x, currency);
  const k = replicaMonthly(f);
  const spare = w.apiMonthly - f.operationsMonthly;
  if (!(spare > 0)) {
    return { value: null, today: today.utilisation, reachable: false, reason: `at today's volume the operations cost of ${fmt2(f.operationsMonthly)} a month alone is at least the API cost of ${fmt2(w.apiMonthly)}, whatever the utilisation` };
  }
  const u = (w.busyMonthly * k) / (SECONDS_PER_MONTH * spare);
  if (u > 1) {
    return { value: u, today: today.utilisation, reachable: false, reason: `it would take ${pct(u)} utilisation, more than 100%: even GPUs busy all month cost more than the API at this volume` };
  }
  return { value: u, today: today.utilisation, reachable: true, reason: null };
}

// ---------------------------------------------------------------------------------------------
// The report

export const CURVE_MULTIPLES = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
/** Points of the terminal chart: one per column of its 64-column plot. */
export const CHART_POINTS = 64;

export interface BreakevenInput {
  scenario: Scenario;
  report: ScenarioReport;
  deployment: Deployment;
  calls: readonly ReplacedCall[];
  replaces: readonly string[];
  /** Every price option of the deployment's GPU (the selected one included), to compare. */
  priceOptions: readonly PriceOption[];
  toolVersion: string;
  multiples?: readonly number[];
}

export interface BreakevenResult {
  report: BreakevenReport;
  /** CHART_POINTS log-spaced points from 0.1× to 100× for the chart (not part of the JSON report). */
  chart: BreakevenPointReport[];
  roofline: Roofline;
}

/** `count` log-spaced multiples from lo to hi: with count = the chart's width, one point per column. */
export function chartMultiples(lo = 0.1, hi = 100, count = CHART_POINTS): number[] {
  const out: number[] = [];
  const n = count - 1;
  for (let i = 0; i <= n; i++) out.push(lo * 10 ** ((i * Math.log10(hi / lo)) / n));
  return out;
}

export function priceReport(p: PriceOption): BreakevenPriceReport {
  return {
    key: p.key,
    kind: p.kind,
    provider: p.provider,
    offer: p.offer,
    instance: p.instance,
    region: p.region,
    gpus_per_instance: p.gpusPerInstance,
    instance_hourly: p.instanceHourly,
    gpu_hourly: p.gpuHourly,
    owned: p.owned
      ? {
          server: p.owned.server,
          gpus_per_server: p.owned.gpusPerServer,
          purchase_price: p.owned.purchasePrice,
          amortisation_months: p.owned.amortisationMonths,
          cost_of_capital: p.owned.costOfCapital,
          power_kw: p.owned.powerKw,
          electricity_per_kwh: p.owned.electricityPerKwh,
          pue: p.owned.pue,
          colocation_monthly: p.owned.colocationMonthly,
          staff_monthly: p.owned.staffMonthly,
          other_monthly: p.owned.otherMonthly,
          capital_monthly: p.owned.capitalMonthly,
          power_monthly: p.owned.powerMonthly,
          server_monthly: p.owned.serverMonthly,
          capital_per_gpu_hour: p.owned.capitalPerGpuHour,
          power_per_gpu_hour: p.owned.powerPerGpuHour,
          other_per_gpu_hour: p.owned.otherPerGpuHour,
        }
      : null,
    as_of: p.asOf,
    source: p.source,
  };
}

export function computeBreakeven(input: BreakevenInput): BreakevenResult {
  const { scenario: s, report: r, deployment: d } = input;
  const t = d.throughput;
  const w = workloadOf(s, r, input.calls, t);
  const f = fleetOf(d);
  const today = pointAt(1, w, f);
  const be = breakEven(w, f, s.currency);
  const warnings: string[] = [];

  const multiples = new Set<number>(input.multiples ?? CURVE_MULTIPLES);
  if (be.multiple !== null && be.multiple >= 0.1 && be.multiple <= 100) multiples.add(be.multiple);
  const curve = [...multiples].sort((x, y) => x - y).map((x) => pointAt(x, w, f));
  const chart = chartMultiples().map((x) => pointAt(x, w, f));

  const roofline = checkRoofline({
    model: d.model,
    gpu: d.gpu,
    gpusPerReplica: d.gpusPerReplica,
    stated: t.method === 'stated' ? { prefill: t.prefill, decode: t.decode, inputTokens: t.inputTokens!, outputTokens: t.outputTokens!, batch: t.batch } : null,
    measurements: t.points,
  });

  const options: BreakevenOptionReport[] = input.priceOptions.map((p) => {
    const fo = fleetOf(d, p);
    return {
      key: p.key,
      kind: p.kind,
      gpu_hourly: p.gpuHourly,
      self_hosted_monthly_cost: pointAt(1, w, fo).self_hosted_monthly_cost,
      breakeven_multiple: breakEven(w, fo, s.currency).multiple,
      as_of: p.asOf,
      selected: p.key === d.price.key,
    };
  });

  // warnings: what the numbers leave out, and where the throughput is stretched
  if (d.operationsMonthly === 0) warnings.push('operations_monthly is 0: no staff or operations cost is in the self-hosted figures (set --operations or operations_monthly)');
  if (!roofline.ok) warnings.push('the throughput claim exceeds a physical limit of the hardware (see the roofline check): the self-hosted cost is understated');
  const measuredInputs = t.method === 'stated' ? [t.inputTokens ?? 0] : t.points.map((p) => p.inputTokens);
  const measuredOutputs = t.method === 'stated' ? [t.outputTokens ?? 0] : t.points.map((p) => p.outputTokens);
  const maxIn = maxOf(measuredInputs);
  const maxOut = maxOf(measuredOutputs);
  for (const it of w.items) {
    if (it.input_tokens_per_call > maxIn) warnings.push(`${it.stage}: calls send ${fmt(it.input_tokens_per_call)} input tokens, more than the ${fmt(maxIn)} the throughput was measured at; longer contexts are slower than the rates assume`);
    if (it.output_tokens_per_call + it.reasoning_tokens_per_call > maxOut) warnings.push(`${it.stage}: calls generate ${fmt(it.output_tokens_per_call + it.reasoning_tokens_per_call)} tokens, more than the ${fmt(maxOut)} the throughput was measured at`);
  }
  for (const { stageIndex, modelIndex } of input.calls) {
    const sm = s.stages[stageIndex]!.models[modelIndex]!;
    if (sm.model.prices.tier === 'embedding') warnings.push(`${s.stages[stageIndex]!.name}: ${sm.model.ref} is an embedding model; replacing it with ${d.model.name} is probably not meant (pick stages with --replaces)`);
  }
  if (s.traffic.daysPerMonth < DEFAULT_DAYS_PER_MONTH - 1e-9) {
    warnings.push(`traffic runs on ${+s.traffic.daysPerMonth.toFixed(2)} days a month but GPUs are paid for all ${HOURS_PER_MONTH} hours: the busy days' load is ${+(DEFAULT_DAYS_PER_MONTH / s.traffic.daysPerMonth).toFixed(2)}× the monthly average the target utilisation is applied to`);
  }
  if (w.items.length === 0) warnings.push('no model calls are replaced');

  const unchanged = r.total_monthly_cost - w.apiMonthly;
  const perMillion = (cost: number) => (w.tokensMonthly > 0 ? (cost / w.tokensMonthly) * TOKENS_PER_PRICE_UNIT : null);
  const breakeven: BreakevenResultReport = {
    status: be.status,
    multiple: be.multiple,
    requests_per_month: be.multiple === null ? null : be.multiple * w.requestsPerMonth,
    tokens_per_month: be.multiple === null ? null : be.multiple * w.tokensMonthly,
    replicas: be.replicas,
    instances: be.instances,
    first_multiple: be.firstMultiple,
    reason: be.reason,
  };

  const report: BreakevenReport = {
    schema_version: BREAKEVEN_SCHEMA_VERSION,
    tool_version: input.toolVersion,
    kind: 'breakeven',
    scenario: { name: s.name, file: s.file, variant: s.variant, currency: s.currency, requests_per_month: w.requestsPerMonth, total_monthly_cost: r.total_monthly_cost },
    deployment: {
      name: d.name,
      defined_in: d.definedIn,
      description: d.description,
      model: {
        name: d.model.name,
        parameters_b: d.model.parametersB,
        active_parameters_b: d.model.activeParametersB,
        precision: d.model.precision,
        kv_cache_precision: d.model.kvCachePrecision,
        layers: d.model.layers,
        kv_heads: d.model.kvHeads,
        head_dim: d.model.headDim,
        source: d.model.source,
      },
      gpu: {
        id: d.gpu.id,
        name: d.gpu.name,
        memory_gb: d.gpu.memoryGb,
        memory_bandwidth_tbps: d.gpu.bandwidthTbps,
        bf16_tflops: d.gpu.bf16Tflops,
        fp8_tflops: d.gpu.fp8Tflops,
        fp4_tflops: d.gpu.fp4Tflops,
        spec_source: d.gpu.specSource,
      },
      gpus_per_replica: d.gpusPerReplica,
      engine: d.engine,
      throughput: {
        prefill_tokens_per_second: t.prefill,
        decode_tokens_per_second: t.decode,
        method: t.method,
        input_tokens: t.inputTokens,
        output_tokens: t.outputTokens,
        batch: t.batch,
        measurements: t.points.map((p) => ({
          input_tokens: p.inputTokens,
          output_tokens: p.outputTokens,
          output_tokens_per_second: p.outputTokensPerSecond,
          batch: p.batch,
          measured_seconds_per_request: p.measuredSeconds,
          model_seconds_per_request: p.modelSeconds,
          relative_error: p.relativeError,
        })),
        max_relative_error: t.maxRelativeError,
        source: t.source,
        conditions: t.conditions,
      },
      price: priceReport(d.price),
      min_replicas: d.minReplicas,
      target_utilisation: d.targetUtilisation,
      operations_monthly: d.operationsMonthly,
    },
    replaces: [...input.replaces],
    replaced: w.items,
    today: {
      ...today,
      gpu_monthly_cost: today.self_hosted_monthly_cost - d.operationsMonthly,
      operations_monthly_cost: d.operationsMonthly,
      api_cost_per_million_tokens: perMillion(today.api_monthly_cost),
      self_hosted_cost_per_million_tokens: perMillion(today.self_hosted_monthly_cost),
      unchanged_monthly_cost: unchanged,
      total_api_option: r.total_monthly_cost,
      total_self_hosted_option: unchanged + today.self_hosted_monthly_cost,
      monthly_saving: w.apiMonthly - today.self_hosted_monthly_cost,
    },
    breakeven,
    breakeven_utilisation: breakEvenUtilisation(w, f, today, s.currency),
    curve,
    price_options: options,
    roofline: { ok: roofline.ok, checks: roofline.checks.map((c) => ({ ...c })) },
    warnings: [...new Set(warnings)],
  };
  return { report, chart, roofline };
}

// Plain number words for reasons (core stays free of the renderers' currency formatting).
function fmt(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
function pct(u: number): string {
  return `${+(u * 100).toFixed(1)}%`;
}
function fmtX(x: number): string {
  return `${+x.toPrecision(3)}×`;
}
