/**
 * The spec §3 monthly cost as a flat program over a vector of input slots, for the Monte Carlo.
 * `CostProgram.run` is the reference evaluator: the engine's own definitions (`attemptsPerCall`,
 * `ratesFor`) and the same operations in the same order as `priceStageModel`/`estimateScenario`,
 * so the point inputs give `estimateScenario`'s total bit for bit. `CostProgram.kernel` compiles
 * the same program into straight-line JavaScript for one scenario (inputs that are not uncertain
 * become literals, uncertain ones read their column of draws), which runs as fast as a loop
 * written by hand; tests check it against `run` sample for sample. Pure: no I/O.
 */
import { INPUT_PARTS, type InputPart } from '../schema/scenario.js';
import { attemptsPerCall, ratesFor } from './estimate.js';
import { TOKENS_PER_PRICE_UNIT, type PricedModel, type Scenario } from './model.js';
import type { Segment } from './paths.js';
import { J_LONG, J_NORMAL, W_LONG, W_NORMAL, splitSteps, stepScratch } from './steps.js';

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

/** Evaluates `n` samples; `cols[k]` holds the draws of the k-th uncertain slot given to `kernel`. */
export type Kernel = (cols: readonly Float64Array[], n: number, res: KernelResults) => void;

interface RateSet {
  input: number;
  output: number;
  cacheWrite: number;
  reasoning: number;
  /** cache_read per token; 0 with `hasCacheRead` false. */
  cacheRead: number;
  hasCacheRead: boolean;
}

interface ModelProg {
  share: number;
  /**
   * The model's own input-part slots when its counts differ from the stage's (prompt files are
   * counted with each model's tokenizer), else null: the stage's parts.
   */
  parts: number[] | null;
  /** The cacheable ones among `parts` (null with `parts`). */
  cacheable: number[] | null;
  out: number;
  rs: number;
  normal: RateSet;
  long: RateSet;
  /** Long-context threshold (Infinity: the model has none). */
  threshold: number;
  cacheMin: number;
  batchDiscount: number;
}

interface StageProg {
  sor: number;
  rch: number;
  steps: number;
  parts: number[];
  growth: number;
  hit: number;
  hasCache: boolean;
  cacheable: number[];
  batch: number;
  retry: number;
  maxRetries: number;
  normalize: boolean;
  models: ModelProg[];
}

const ITEM_MONTHLY = 0;
const ITEM_PER_REQUEST = 1;
const ITEM_PER_USER = 2;
const ITEM_LABOUR = 3;
const ITEM_TOKENS = 4;

interface ItemProg {
  kind: number;
  a: number;
  b: number;
  c: number;
  /** tokens items: the model's input price per 1M tokens. */
  price: number;
}

const TRAFFIC_PER_DAY = 0;
const TRAFFIC_PER_MONTH = 1;
const TRAFFIC_USERS = 2;

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
      const out = slot(st.output, ...p('output'));
      const rs = slot(st.reasoning, ...p('reasoning'));
      const weights = m.weightedMixes[i];
      const ttl = st.cache?.ttl ?? '5m';
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
          out: m.ownOutput[i]?.[k] ? slot(sm.output, ...p('models', k, 'output')) : out,
          rs: m.ownReasoning[i]?.[k] ? slot(sm.reasoning, ...p('models', k, 'reasoning')) : rs,
          normal: rateSet(sm.model, 0, ttl, false),
          long: lc ? rateSet(sm.model, Infinity, ttl, true) : rateSet(sm.model, 0, ttl, false),
          threshold: lc ? lc.threshold : Infinity,
          cacheMin: sm.model.prices.cache_min_tokens ?? 0,
          batchDiscount: sm.model.prices.batch_discount ?? 0,
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
  kernel(uncertainSlots: readonly number[]): Kernel | null {
    const column = new Map<number, number>();
    uncertainSlots.forEach((slot, k) => column.set(slot, k));
    const v = (slot: number): string => {
      const k = column.get(slot);
      return k === undefined ? lit(this.base[slot]!) : `c${k}[i]`;
    };
    const source = kernelSource(this, v, uncertainSlots.length, (slot) => column.has(slot));
    try {
      // the source holds only numbers and slot indices (see kernelSource), never text from a file
      const make = new Function('attempts', 'split', `"use strict"; return function costKernel(cols, n, res) {\n${source}\n};`) as (a: typeof attemptsPerCall, b: typeof splitSteps) => Kernel;
      return make(attemptsPerCall, splitSteps);
    } catch (err) {
      if (err instanceof EvalError) return null;
      throw err;
    }
  }

  /**
   * The spec §3 total for the inputs in `x`, operation for operation as `estimateScenario` computes
   * it (so the point inputs give its total bit for bit). Results also land in `this.out`.
   */
  run(x: Float64Array): number {
    const tr = this.traffic;
    const R = tr.mode === TRAFFIC_PER_DAY ? x[tr.rpd]! * x[tr.days]! : tr.mode === TRAFFIC_PER_MONTH ? x[tr.rpm]! : x[tr.users]! * x[tr.rpupd]! * x[tr.days]!;
    let pipelineTotal = 0;
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
        if (m.parts) {
          P = 0;
          for (let j = 0; j < m.parts.length; j++) P += x[m.parts[j]!]!;
          Ic = 0;
          for (let j = 0; j < m.cacheable!.length; j++) Ic += x[m.cacheable![j]!]!;
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
          inputSum += (j - cached) * r.input + cached * hit * r.cacheRead + cached * (1 - hit) * r.cacheWrite;
          outputSum += w * (out * r.output + rs * r.reasoning);
        }
        const f = 1 - batch * m.batchDiscount;
        stageCost += (C / steps) * (inputSum + outputSum) * f;
      }
      pipelineTotal += stageCost;
    }
    const users = this.hasUsers ? x[tr.users]! : 0;
    let total = pipelineTotal;
    let fixed = 0;
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

/** A number as JavaScript source that reads back as exactly the same double. */
function lit(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  return x < 0 ? `(${String(x)})` : String(x);
}

/**
 * Straight-line source for `CostProgram.kernel`: `run`'s statements with the structure resolved
 * (stages, models, caching, line items) and every slot replaced by a literal or a column read.
 * Only numbers and slot indices are interpolated into the source, never text from a file.
 */
function kernelSource(p: CostProgramParts, v: (slot: number) => string, columns: number, isColumn: (slot: number) => boolean): string {
  const L: string[] = [];
  for (let k = 0; k < columns; k++) L.push(`const c${k} = cols[${k}];`);
  L.push('const { total, requests, fixed, users, outcomes, netValue } = res;');
  L.push('const sc = new Float64Array(5);');
  L.push('for (let i = 0; i < n; i++) {');
  const tr = p.traffic;
  if (tr.mode === TRAFFIC_PER_DAY) L.push(`const R = ${v(tr.rpd)} * ${v(tr.days)};`);
  else if (tr.mode === TRAFFIC_PER_MONTH) L.push(`const R = ${v(tr.rpm)};`);
  else L.push(`const R = ${v(tr.users)} * ${v(tr.rpupd)} * ${v(tr.days)};`);
  L.push('let pipelineTotal = 0;');
  for (const st of p.stages) {
    L.push('{');
    L.push(`const steps = ${v(st.steps)};`);
    // attempts per call: computed here, by the same function, when neither input is uncertain
    L.push(isColumn(st.retry) || isColumn(st.maxRetries) ? `const A = attempts(${v(st.retry)}, ${v(st.maxRetries)});` : `const A = ${lit(attemptsPerCall(p.base[st.retry]!, p.base[st.maxRetries]!))};`);
    L.push(`const perModel = R * ${v(st.sor)} * (1 - ${v(st.rch)}) * steps * A;`);
    L.push('let P = 0;');
    for (const part of st.parts) L.push(`P += ${v(part)};`);
    L.push(`const growth = ${v(st.growth)};`);
    L.push('let Ic = 0;');
    for (const c of st.cacheable) L.push(`Ic += ${v(c)};`);
    L.push(`const batch = ${v(st.batch)};`);
    if (st.normalize) {
      L.push('let shareSum = 0;');
      for (const m of st.models) L.push(`shareSum += ${v(m.share)};`);
    }
    L.push('let stageCost = 0;');
    for (const m of st.models) {
      L.push('{');
      if (m.parts) {
        // the model's own input counts: shadow the stage's P and Ic in this block
        L.push('let P = 0;');
        for (const part of m.parts) L.push(`P += ${v(part)};`);
        L.push('let Ic = 0;');
        for (const c of m.cacheable!) L.push(`Ic += ${v(c)};`);
      }
      L.push(`const C = perModel * ${st.normalize ? `(${v(m.share)} / shareSum)` : v(m.share)};`);
      // spec §3: each agent step at the rates for its own input — a run of normal steps, then long ones
      const hasLong = Number.isFinite(m.threshold);
      L.push(`split(P, growth, steps, ${hasLong ? lit(m.threshold) : 'Infinity'}, sc);`);
      L.push('let inputSum = 0;');
      L.push('let outputSum = 0;');
      const runs: [RateSet, number, number][] = [[m.normal, W_NORMAL, J_NORMAL]];
      if (hasLong) runs.push([m.long, W_LONG, J_LONG]);
      for (const [r, w, j] of runs) {
        L.push('{');
        L.push(`const w = sc[${w}];`);
        L.push('if (w > 0) {');
        L.push(`const j = sc[${j}];`);
        if (st.hasCache && r.hasCacheRead) {
          L.push(`const IcEff = !(Ic < ${lit(m.cacheMin)}) ? Ic : 0;`);
          L.push(`const hit = IcEff > 0 ? ${v(st.hit)} : 0;`);
        } else {
          L.push('const IcEff = 0;');
          L.push('const hit = 0;');
        }
        L.push('const cached = w * IcEff;');
        L.push(`inputSum += (j - cached) * ${lit(r.input)} + cached * hit * ${lit(r.cacheRead)} + cached * (1 - hit) * ${lit(r.cacheWrite)};`);
        L.push(`outputSum += w * (${v(m.out)} * ${lit(r.output)} + ${v(m.rs)} * ${lit(r.reasoning)});`);
        L.push('}');
        L.push('}');
      }
      L.push(`const f = 1 - batch * ${lit(m.batchDiscount)};`);
      L.push('stageCost += (C / steps) * (inputSum + outputSum) * f;');
      L.push('}');
    }
    L.push('pipelineTotal += stageCost;');
    L.push('}');
  }
  L.push(`const u = ${p.hasUsers ? v(tr.users) : '0'};`);
  L.push('let t = pipelineTotal;');
  L.push('let fx = 0;');
  for (const it of p.items) {
    switch (it.kind) {
      case ITEM_MONTHLY:
        L.push(`{ const x = ${v(it.a)}; fx += x; t += x; }`);
        break;
      case ITEM_PER_REQUEST:
        L.push(`t += R * ${v(it.b)} * ${v(it.a)};`);
        break;
      case ITEM_PER_USER:
        L.push(`t += u * ${v(it.a)};`);
        break;
      case ITEM_LABOUR:
        L.push(`t += ((R * ${v(it.c)} * ${v(it.a)}) / 60) * ${v(it.b)};`);
        break;
      default:
        L.push(`{ const x = (${v(it.a)} * ${lit(it.price)}) / ${lit(TOKENS_PER_PRICE_UNIT)}; fx += x; t += x; }`);
    }
  }
  const o = p.outcomes;
  L.push(`const oc = ${p.hasOutcomes ? (o.byMonth ? v(o.perMonth) : `R * ${v(o.perRequest)}`) : '0'};`);
  L.push(`total[i] = t; requests[i] = R; fixed[i] = fx; users[i] = u; outcomes[i] = oc; netValue[i] = oc * ${v(o.value)} - t;`);
  L.push('}');
  return L.join('\n');
}

interface CostProgramParts {
  base: Float64Array;
  hasUsers: boolean;
  hasOutcomes: boolean;
  traffic: { mode: number; rpd: number; rpm: number; users: number; rpupd: number; days: number };
  stages: StageProg[];
  items: ItemProg[];
  outcomes: { perMonth: number; perRequest: number; value: number; byMonth: boolean };
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

