/**
 * The spec §3 monthly cost as a flat program over a vector of input slots, for the Monte Carlo.
 * `CostProgram.run` is the reference evaluator: the engine's own definitions (`attemptsPerCall`,
 * `ratesFor`) and the same operations in the same order as `priceStageModel`/`estimateScenario`,
 * so the point inputs give `estimateScenario`'s total bit for bit. `CostProgram.kernel` compiles
 * the same program into JavaScript for one scenario (kernel-source.ts: what does not vary between
 * samples is worked out once, in the same order; uncertain inputs read their column of draws; the
 * code comes in pieces of bounded size, so any pipeline compiles), which runs as fast as a loop
 * written by hand; tests check it against `run` sample for sample. Pure: no I/O.
 */
import { INPUT_PARTS, type InputPart } from '../schema/input-parts.js';
import { attemptsPerCall, ratesFor } from './estimate.js';
import { TOKENS_PER_PRICE_UNIT, type PricedModel, type Scenario } from './model.js';
import type { Segment } from './paths.js';
import { buildKernel, type KernelBackend } from './kernel-source.js';
import { J_LONG, J_NORMAL, K_LONG, K_NORMAL, W_LONG, W_NORMAL, pastThreshold, reachesMinimum, splitSteps, stepScratch } from './steps.js';
import { feeProgram, feeValuesAt, runFees } from './fee-program.js';
import {
  ITEM_LABOUR,
  ITEM_MONTHLY,
  ITEM_PER_REQUEST,
  ITEM_PER_USER,
  ITEM_TOKENS,
  TRAFFIC_PER_DAY,
  TRAFFIC_PER_MONTH,
  TRAFFIC_USERS,
  type ItemProg,
  type ModelProg,
  type RateSet,
  type StageProg,
} from './cost-layout.js';

/** What the program needs to know beyond the resolved scenario (from the scenario's raw data). */
export interface FormulaLayout {
  /**
   * Stages whose tier mix has an uncertain share: stage index → each model's weight (its mean when
   * uncertain). Such shares are weights, rescaled to sum to 1 in every sample (and at the point).
   */
  weightedMixes: Record<number, number[]>;
  /** Per stage, per model in its mix: whether a list-form entry sets its own output / reasoning. */
  ownOutput: boolean[][];
  ownReasoning: boolean[][];
}

/** Per-sample result columns a kernel fills. */
export interface KernelResults {
  total: Float64Array;
  requests: Float64Array;
  /** The part of the total that does not scale with volume (monthly and tokens_per_month line items). */
  fixed: Float64Array;
  users: Float64Array;
  outcomes: Float64Array;
  /** Net value per month: outcomes × value − total (0 without `outcomes.value`). */
  netValue: Float64Array;
}

/** Result columns for `n` samples, zeroed. */
export function kernelResults(n: number): KernelResults {
  return { total: new Float64Array(n), requests: new Float64Array(n), fixed: new Float64Array(n), users: new Float64Array(n), outcomes: new Float64Array(n), netValue: new Float64Array(n) };
}

/** Evaluates `n` samples; `cols[k]` holds the draws of the k-th uncertain slot given to `kernel`. */
export type Kernel = (cols: readonly Float64Array[], n: number, res: KernelResults) => void;



/** Result slots written by `CostProgram.run`. */
export const OUT_TOTAL = 0;
export const OUT_REQUESTS = 1;
/** The part of the total that does not scale with volume (monthly and tokens_per_month line items). */
export const OUT_FIXED = 2;
export const OUT_USERS = 3;
export const OUT_OUTCOMES = 4;
/** Value of one outcome (0 without `outcomes.value`). */
export const OUT_VALUE = 5;

export class CostProgram {
  /** Every formula input at its resolved value; a sample overwrites the uncertain slots. */
  readonly base: Float64Array;
  /** Results of the last `run`: total, requests, fixed part, users, outcomes per month. */
  readonly out = new Float64Array(6);
  readonly hasUsers: boolean;
  readonly hasOutcomes: boolean;
  readonly hasValue: boolean;
  readonly traffic: { mode: number; rpd: number; rpm: number; users: number; rpupd: number; days: number };
  readonly stages: StageProg[];
  readonly items: ItemProg[];
  readonly outcomes: { perMonth: number; perRequest: number; value: number; byMonth: boolean };
  private readonly slotByPath: Map<string, number>;
  private readonly scratch = stepScratch();

  constructor(s: Scenario, m: FormulaLayout) {
    const base: number[] = [];
    const slotByPath = new Map<string, number>();
    const slot = (value: number, ...path: Segment[]): number => {
      base.push(value);
      const i = base.length - 1;
      if (path.length) slotByPath.set(path.join('\u0000'), i);
      return i;
    };
    const t = s.traffic;
    this.hasUsers = t.users !== null;
    this.traffic = {
      mode: t.mode === 'requests_per_day' ? TRAFFIC_PER_DAY : t.mode === 'requests_per_month' ? TRAFFIC_PER_MONTH : TRAFFIC_USERS,
      rpd: slot(t.requestsPerDay ?? 0, 'traffic', 'requests_per_day'),
      rpm: slot(t.mode === 'requests_per_month' ? t.requestsPerMonth : 0, 'traffic', 'requests_per_month'),
      users: slot(t.users ?? 0, 'traffic', 'users'),
      rpupd: slot(t.requestsPerUserPerDay ?? 0, 'traffic', 'requests_per_user_per_day'),
      days: slot(t.daysPerMonth, 'traffic', 'days_per_month'),
    };

    this.stages = s.stages.map((st, i): StageProg => {
      const p = (...rest: Segment[]): Segment[] => ['pipeline', i, ...rest];
      const parts = INPUT_PARTS.map((part) => slot(st.input[part], ...p('input', part)));
      const isCacheable = (part: InputPart): boolean => (st.cache?.cacheable ?? []).includes(part);
      const out = slot(st.output, ...p('output'));
      const rs = slot(st.reasoning, ...p('reasoning'));
      const weights = m.weightedMixes[i];
      const ttl = st.cache?.ttl ?? '5m';
      // fees beyond text tokens: the stage's slots, then each model's rates over them (fee-program.ts)
      const feeProg = feeProgram(st, (value, ...rest) => slot(value, ...p(...rest)));
      const models = st.models.map((sm, k): ModelProg => {
        const share = slot(weights ? weights[k]! : sm.share, ...p('models', k, 'share'));
        // a record-form mix addresses a model by its name
        slotByPath.set(p('models', sm.name).join('\u0000'), share);
        const lc = sm.model.prices.long_context;
        const input = sm.input;
        // a given number is the same for every model (and may be uncertain); a prompt file's count is the model's own
        const own = input ? INPUT_PARTS.map((part, j) => (input[part] === st.input[part] ? parts[j]! : slot(input[part]))) : null;
        return {
          share,
          parts: own,
          cacheable: own ? (st.cache?.cacheable ?? []).map((part: InputPart) => own[INPUT_PARTS.indexOf(part)]!) : null,
          uncached: own ? own.filter((_, j) => !isCacheable(INPUT_PARTS[j]!)) : null,
          out: m.ownOutput[i]?.[k] ? slot(sm.output, ...p('models', k, 'output')) : out,
          rs: m.ownReasoning[i]?.[k] ? slot(sm.reasoning, ...p('models', k, 'reasoning')) : rs,
          normal: rateSet(sm.model, 0, ttl, false),
          long: lc ? rateSet(sm.model, Infinity, ttl, true) : rateSet(sm.model, 0, ttl, false),
          threshold: lc ? pastThreshold(lc.threshold) : Infinity,
          longOnSomeDate: lc !== undefined || sm.model.entry.long_context !== undefined || (sm.model.entry.prices ?? []).some((d) => d.long_context !== undefined),
          cacheMin: reachesMinimum(sm.model.prices.cache_min_tokens ?? 0),
          batchDiscount: sm.model.prices.batch_discount ?? 0,
          fees: feeProg(sm.model),
        };
      });
      return {
        sor: slot(st.shareOfRequests, ...p('share_of_requests')),
        rch: slot(st.responseCacheHitRate, ...p('response_cache_hit_rate')),
        steps: slot(st.agentSteps, ...p('agent_steps')),
        parts,
        growth: slot(st.contextGrowthPerStep, ...p('context_growth_per_step')),
        hit: slot(st.cache?.hitRate ?? 0, ...p('cache', 'hit_rate')),
        hasCache: st.cache !== null,
        cacheable: (st.cache?.cacheable ?? []).map((part: InputPart) => parts[INPUT_PARTS.indexOf(part)]!),
        uncached: parts.filter((_, j) => !isCacheable(INPUT_PARTS[j]!)),
        batch: slot(st.batchShare, ...p('batch_share')),
        retry: slot(st.retryRate, ...p('retry_rate')),
        maxRetries: slot(st.maxRetries, ...p('max_retries')),
        normalize: weights !== undefined,
        models,
      };
    });

    this.items = s.lineItems.map((li, j): ItemProg => {
      const p = (key: string): Segment[] => ['costs', j, key];
      switch (li.kind) {
        case 'monthly':
          return { kind: ITEM_MONTHLY, a: slot(li.monthly, ...p('monthly')), b: -1, c: -1, price: 0 };
        case 'per_request':
          return { kind: ITEM_PER_REQUEST, a: slot(li.perRequest, ...p('per_request')), b: slot(li.shareOfRequests, ...p('share_of_requests')), c: -1, price: 0 };
        case 'per_user':
          return { kind: ITEM_PER_USER, a: slot(li.perUser, ...p('per_user')), b: -1, c: -1, price: 0 };
        case 'labour':
          return { kind: ITEM_LABOUR, a: slot(li.minutes, ...p('minutes')), b: slot(li.hourlyRate, ...p('hourly_rate')), c: slot(li.shareOfRequests, ...p('share_of_requests')), price: 0 };
        case 'tokens':
          return { kind: ITEM_TOKENS, a: slot(li.tokensPerMonth, ...p('tokens_per_month')), b: -1, c: -1, price: li.model.prices.input };
      }
    });

    const o = s.outcomes;
    this.hasOutcomes = o !== null;
    this.hasValue = o !== null && o.value !== null;
    this.outcomes = {
      perMonth: slot(o?.perMonth ?? 0, 'outcomes', 'per_month'),
      perRequest: slot(o?.perRequest ?? 0, 'outcomes', 'per_request'),
      value: slot(o?.value ?? 0, 'outcomes', 'value'),
      byMonth: o?.perMonth != null,
    };
    this.base = Float64Array.from(base);
    this.slotByPath = slotByPath;
  }

  /** The slot an uncertain cost input writes to. */
  slotOf(path: readonly Segment[]): number {
    const i = this.slotByPath.get(path.join('\u0000'));
    if (i === undefined) throw new Error(`montecarlo: no formula input at ${path.join('.')}`);
    return i;
  }

  /**
   * Compile the program for draws of `uncertainSlots` (column k of a kernel call feeds slot
   * `uncertainSlots[k]`; every other slot keeps its base value). Null when the runtime forbids
   * code generation (node --disallow-code-generation-from-strings): use `run` then.
   */
  kernel(uncertainSlots: readonly number[], backend: KernelBackend = 'auto'): Kernel | null {
    return buildKernel(this, uncertainSlots, backend);
  }

  /**
   * The spec §3 total for the inputs in `x`, operation for operation as `estimateScenario` computes
   * it (so the point inputs give its total bit for bit). Results also land in `this.out`.
   */
  run(x: Float64Array): number {
    const tr = this.traffic;
    const R = tr.mode === TRAFFIC_PER_DAY ? x[tr.rpd]! * x[tr.days]! : tr.mode === TRAFFIC_PER_MONTH ? x[tr.rpm]! : x[tr.users]! * x[tr.rpupd]! * x[tr.days]!;
    let pipelineTotal = 0;
    // cache storage: part of the pipeline's fees, and of the part that does not scale with volume
    let feeFixed = 0;
    const stages = this.stages;
    for (let si = 0; si < stages.length; si++) {
      const st = stages[si]!;
      const steps = x[st.steps]!;
      const A = attemptsPerCall(x[st.retry]!, x[st.maxRetries]!);
      const perModel = R * x[st.sor]! * (1 - x[st.rch]!) * steps * A;
      const parts = st.parts;
      let stageP = 0;
      for (let k = 0; k < parts.length; k++) stageP += x[parts[k]!]!;
      const growth = x[st.growth]!;
      let stageIc = 0;
      const cacheable = st.cacheable;
      for (let k = 0; k < cacheable.length; k++) stageIc += x[cacheable[k]!]!;
      let stageU = 0;
      const uncachedParts = st.uncached;
      for (let k = 0; k < uncachedParts.length; k++) stageU += x[uncachedParts[k]!]!;
      const batch = x[st.batch]!;
      const models = st.models;
      let shareSum = 1;
      if (st.normalize) {
        shareSum = 0;
        for (let k = 0; k < models.length; k++) shareSum += x[models[k]!.share]!;
      }
      let stageCost = 0;
      for (let k = 0; k < models.length; k++) {
        const m = models[k]!;
        const C = perModel * (st.normalize ? x[m.share]! / shareSum : x[m.share]!);
        let P = stageP;
        let Ic = stageIc;
        let U = stageU;
        if (m.parts) {
          P = 0;
          for (let j = 0; j < m.parts.length; j++) P += x[m.parts[j]!]!;
          Ic = 0;
          for (let j = 0; j < m.cacheable!.length; j++) Ic += x[m.cacheable![j]!]!;
          U = 0;
          for (let j = 0; j < m.uncached!.length; j++) U += x[m.uncached![j]!]!;
        }
        // spec §3: each agent step at the rates for its own input — a run of normal steps, then long ones
        const sc = this.scratch;
        splitSteps(P, growth, steps, m.threshold, sc);
        const out = x[m.out]!;
        const rs = x[m.rs]!;
        let inputSum = 0;
        let outputSum = 0;
        for (let run = 0; run < 2; run++) {
          const w = run === 0 ? sc[W_NORMAL]! : sc[W_LONG]!;
          if (!(w > 0)) continue;
          const j = run === 0 ? sc[J_NORMAL]! : sc[J_LONG]!;
          const r = run === 0 ? m.normal : m.long;
          const IcEff = st.hasCache && r.hasCacheRead && !(Ic < m.cacheMin) ? Ic : 0;
          const hit = st.hasCache && IcEff > 0 ? x[st.hit]! : 0;
          const cached = w * IcEff;
          // Σ v_k × (I_k − Ic'): W × U + g × K with the prefix cached (steps.ts K_NORMAL), else J
          const uncached = IcEff > 0 ? w * U + growth * (run === 0 ? sc[K_NORMAL]! : sc[K_LONG]!) : j;
          inputSum += uncached * r.input + cached * hit * r.cacheRead + cached * (1 - hit) * r.cacheWrite;
          outputSum += w * (out * r.output + rs * r.reasoning);
        }
        const f = 1 - batch * m.batchDiscount;
        const tokenCost = (C / steps) * (inputSum + outputSum) * f;
        if (m.fees) {
          const fees = runFees(m.fees, feeValuesAt(m.fees, x, x[tr.days]!), C, f);
          stageCost += tokenCost + fees.total;
          if (m.fees.storage) feeFixed += fees.storage;
        } else stageCost += tokenCost;
      }
      pipelineTotal += stageCost;
    }
    const users = this.hasUsers ? x[tr.users]! : 0;
    let total = pipelineTotal;
    let fixed = feeFixed;
    const items = this.items;
    for (let j = 0; j < items.length; j++) {
      const it = items[j]!;
      let v: number;
      switch (it.kind) {
        case ITEM_MONTHLY:
          v = x[it.a]!;
          fixed += v;
          break;
        case ITEM_PER_REQUEST:
          v = R * x[it.b]! * x[it.a]!;
          break;
        case ITEM_PER_USER:
          v = users * x[it.a]!;
          break;
        case ITEM_LABOUR:
          v = ((R * x[it.c]! * x[it.a]!) / 60) * x[it.b]!;
          break;
        default:
          v = (x[it.a]! * it.price) / TOKENS_PER_PRICE_UNIT;
          fixed += v;
      }
      total += v;
    }
    const out = this.out;
    out[OUT_TOTAL] = total;
    out[OUT_REQUESTS] = R;
    out[OUT_FIXED] = fixed;
    out[OUT_USERS] = users;
    const o = this.outcomes;
    out[OUT_OUTCOMES] = this.hasOutcomes ? (o.byMonth ? x[o.perMonth]! : R * x[o.perRequest]!) : 0;
    out[OUT_VALUE] = x[o.value]!;
    return total;
  }
}

function rateSet(model: PricedModel, inputTokens: number, ttl: '5m' | '1h', long: boolean): RateSet {
  const { rates, longContext } = ratesFor(model, inputTokens, ttl);
  if (long && !longContext) throw new Error('montecarlo: expected long-context rates');
  return {
    input: rates.input,
    output: rates.output,
    cacheWrite: rates.cacheWrite,
    reasoning: rates.reasoning,
    cacheRead: rates.cacheRead ?? 0,
    hasCacheRead: rates.cacheRead !== null,
  };
}

export function compileCostProgram(s: Scenario, m: FormulaLayout): CostProgram {
  return new CostProgram(s, m);
}

