/**
 * API versus self-hosting (docs/breakeven.md). Pure: no I/O.
 *
 * The deployment takes over some (stage, model) calls of a scenario. Their API cost comes from the
 * cost engine (spec §3); their busy time from the capacity model (capacity.ts). Everything not
 * replaced stays on the API in both options, so it cancels out of the break-even.
 */
import type { BreakevenPointReport, BreakevenReplacedReport, BreakevenUtilisationReport } from '../schema/breakeven.js';
import type { ScenarioReport } from '../schema/report.js';
import { money } from '../render/format.js';
import { closest } from '../util/suggest.js';
import { blocksFor, busySecondsPerCall, ceilTolerant, packing, purchaseUnit, SECONDS_PER_MONTH, selfHostedMonthly, type GpuSpec, type Packing, type PriceOption, type Throughput } from './capacity.js';
import { inputPerCall, priceStageModel } from './estimate.js';
import type { Scenario } from './model.js';
import type { OpenModel } from './roofline.js';
import { excerptList, quoted } from '../util/excerpt.js';

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

// Plain number words for reasons (core stays free of the renderers' currency formatting).
export function fmt(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
export function pct(u: number): string {
  return `${+(u * 100).toFixed(1)}%`;
}
export function fmtX(x: number): string {
  return `${+x.toPrecision(3)}×`;
}
