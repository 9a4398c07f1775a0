/** The arithmetic of spec §3, exactly. Pure: no I/O. */
import { MODEL_INFERENCE, TOKEN_KINDS, type BudgetReport, type LineItemReport, type ModelReport, type ScenarioReport, type StageReport, type TokenBreakdown } from '../schema/report.js';
import { INPUT_PARTS, type InputPart } from '../schema/input-parts.js';
import { grouped } from '../util/number.js';
import { pricedBy } from './prices-at.js';
import { rulesReport } from './rules-report.js';
import { TOKENS_PER_PRICE_UNIT, type LineItem, type PricedModel, type Scenario, type Stage, type StageModel } from './model.js';
import { CATEGORY_MEDIA, CATEGORY_STORAGE, CATEGORY_TOOLS, feeCategory, feeReport, stageModelFees } from './fees.js';
import { FIRST_LONG, J_LONG, J_NORMAL, K_LONG, K_NORMAL, W_LONG, W_NORMAL, pastThreshold, reachesMinimum, splitSteps, stepCount, stepScratch } from './steps.js';

/** Per-token rates in force for one call (price per 1M ÷ 1e6). */
export interface Rates {
  input: number;
  output: number;
  /** null: the model offers no prompt caching. */
  cacheRead: number | null;
  cacheWrite: number;
  reasoning: number;
}

/** One run of agent steps priced at the same rates (spec §3: rates are chosen per step). */
export interface StepRun {
  /** First step index k of the run (0-based). */
  from: number;
  /** Steps in the run, counting a fractional last step as one. */
  count: number;
  /** Σ v_k over the run's steps. */
  weight: number;
  /** Σ v_k × I_k over the run's steps. */
  inputSum: number;
  /** Σ v_k × (I_k − Ic'_k): the input not read from the cache (W × U + g × K when it is, else inputSum). */
  uncached: number;
  longContext: boolean;
  rates: Rates;
  /** Cacheable tokens actually cached on these steps (Ic'_k; 0 when caching does not apply). */
  IcEff: number;
  /** Why caching does not apply on these steps, when the stage has a cache block but IcEff = 0. */
  cacheSkipped: 'no cache_read price' | 'below cache_min_tokens' | null;
  /** Σ v_k × input_cost(k) and Σ v_k × output_cost(k) over the run. */
  inputCost: number;
  outputCost: number;
}

/** Every intermediate of the spec §3 formula for one (stage, model), for reports and `--explain`. */
export interface ModelCost {
  R: number;
  /** Attempts per call: Σ_{k=0..max_retries} retry_rate^k. */
  A: number;
  /** Calls per month. */
  C: number;
  /** Input tokens of the first step: P = system + tools + context + history + user. */
  P: number;
  /** Mean input tokens per call: Σ v_k I_k ÷ S. */
  I: number;
  /** Input tokens of the last (largest) step. */
  Imax: number;
  /** Cacheable prefix tokens. */
  Ic: number;
  /** The input parts outside the cacheable prefix: a step's uncached input is U + growth × k when the prefix is cached. */
  U: number;
  /** Cacheable tokens cached on the first step (0 when caching does not apply to it). */
  IcEff: number;
  /** Why caching does not apply on the first step, when the stage has a cache block but IcEff = 0. */
  cacheSkipped: StepRun['cacheSkipped'];
  /** True when any step pays the long-context rates. */
  longContext: boolean;
  /** Index k of the first step at long-context rates, null when none is. */
  longFromStep: number | null;
  /** Rates of the first step. */
  rates: Rates;
  /** The steps in runs of equal rates: one run, or two when the loop crosses the long-context tier. */
  runs: StepRun[];
  /** Batch factor f = 1 − batch_share × batch_discount. */
  f: number;
  batchDiscount: number;
  hitRate: number;
  /** Mean input and output cost per call (Σ over the steps ÷ S). */
  inputCostPerCall: number;
  outputCostPerCall: number;
  tokens: TokenBreakdown;
  cost: TokenBreakdown;
  total: number;
}

export function attemptsPerCall(retryRate: number, maxRetries: number): number {
  let a = 0;
  let p = 1;
  for (let k = 0; k <= maxRetries; k++) {
    a += p;
    p *= retryRate;
  }
  return a;
}

/** The input parts of one call for a model of the stage (its own counts when prompt files differ per tokenizer). */
export function stageInputFor(stage: Stage, sm?: StageModel): Record<InputPart, number> {
  return sm?.input ?? stage.input;
}

/** Input tokens of the first step: the sum of the input parts. */
export function firstStepInput(stage: Stage, sm?: StageModel): number {
  const input = stageInputFor(stage, sm);
  let sum = 0;
  for (const part of INPUT_PARTS) sum += input[part];
  return sum;
}

/** Mean input tokens per call over the agent steps: Σ v_k I_k ÷ S (spec §3). */
export function inputPerCall(stage: Stage, sm?: StageModel): number {
  const sc = stepScratch();
  splitSteps(firstStepInput(stage, sm), stage.contextGrowthPerStep, stage.agentSteps, Infinity, sc);
  return sc[J_NORMAL]! / stage.agentSteps;
}

export function ratesFor(model: PricedModel, inputTokens: number, ttl: '5m' | '1h'): { rates: Rates; longContext: boolean } {
  const lc = model.prices.long_context;
  return ratesOf(model, lc !== undefined && inputTokens > pastThreshold(lc.threshold), ttl);
}

/** The base or the long-context rates of a model, per token. */
export function ratesOf(model: PricedModel, longContext: boolean, ttl: '5m' | '1h'): { rates: Rates; longContext: boolean } {
  const p = model.prices;
  const lc = p.long_context;
  // Spec §3: the long-context rates replace all of them. The absence rules then apply within the
  // block that is in force: no cache_read → no caching; no cache_write → input; no
  // cache_write_1h → cache_write; no reasoning → output.
  const src = longContext && lc ? lc : p;
  const cacheWrite = (ttl === '1h' ? (src.cache_write_1h ?? src.cache_write) : src.cache_write) ?? src.input;
  return {
    longContext: longContext && lc !== undefined,
    rates: {
      input: src.input / TOKENS_PER_PRICE_UNIT,
      output: src.output / TOKENS_PER_PRICE_UNIT,
      cacheRead: src.cache_read === undefined ? null : src.cache_read / TOKENS_PER_PRICE_UNIT,
      cacheWrite: cacheWrite / TOKENS_PER_PRICE_UNIT,
      reasoning: (src.reasoning ?? src.output) / TOKENS_PER_PRICE_UNIT,
    },
  };
}

export function priceStageModel(stage: Stage, sm: StageModel, requestsPerMonth: number): ModelCost {
  const R = requestsPerMonth;
  const S = stage.agentSteps;
  const A = attemptsPerCall(stage.retryRate, stage.maxRetries);
  const C = R * stage.shareOfRequests * (1 - stage.responseCacheHitRate) * S * A * sm.share;
  const P = firstStepInput(stage, sm);
  const g = stage.contextGrowthPerStep;
  let Ic = 0;
  const cache = stage.cache;
  const input = stageInputFor(stage, sm);
  if (cache) for (const part of cache.cacheable) Ic += input[part];
  // the parts outside the cached prefix: with it cached, a step's uncached input is U + g × k
  let U = 0;
  for (const part of INPUT_PARTS) if (!cache?.cacheable.includes(part)) U += input[part];
  const ttl = cache?.ttl ?? '5m';
  const lc = sm.model.prices.long_context;
  const sc = stepScratch();
  splitSteps(P, g, S, lc ? pastThreshold(lc.threshold) : Infinity, sc);
  const n = stepCount(S);
  const kL = sc[FIRST_LONG]!;
  const cacheMin = reachesMinimum(sm.model.prices.cache_min_tokens ?? 0);
  const out = sm.output;
  const rs = sm.reasoning;

  const runs: StepRun[] = [];
  const addRun = (from: number, count: number, weight: number, inputSum: number, indexSum: number, long: boolean): void => {
    const { rates, longContext } = ratesOf(sm.model, long, ttl);
    let IcEff = 0;
    let cacheSkipped: StepRun['cacheSkipped'] = null;
    if (cache) {
      if (rates.cacheRead === null) cacheSkipped = 'no cache_read price';
      else if (Ic < cacheMin) cacheSkipped = 'below cache_min_tokens';
      else IcEff = Ic;
    }
    const hit = cache && IcEff > 0 ? cache.hitRate : 0;
    const cached = weight * IcEff;
    // Σ v_k × (I_k − Ic'), from non-negative terms (steps.ts K_NORMAL): J − W × Ic' is the same
    // in exact arithmetic but cancels to rounding noise, even below 0, when the prefix is most of the input
    const uncached = IcEff > 0 ? weight * U + g * indexSum : inputSum;
    const inputCost = uncached * rates.input + cached * hit * (rates.cacheRead ?? 0) + cached * (1 - hit) * rates.cacheWrite;
    const outputCost = weight * (out * rates.output + rs * rates.reasoning);
    runs.push({ from, count, weight, inputSum, uncached, longContext, rates, IcEff, cacheSkipped, inputCost, outputCost });
  };
  if (sc[W_NORMAL]! > 0) addRun(0, kL, sc[W_NORMAL]!, sc[J_NORMAL]!, sc[K_NORMAL]!, false);
  if (sc[W_LONG]! > 0) addRun(kL, n - kL, sc[W_LONG]!, sc[J_LONG]!, sc[K_LONG]!, true);

  const first = runs[0]!;
  const hitRate = cache && first.IcEff > 0 ? cache.hitRate : 0;
  const batchDiscount = sm.model.prices.batch_discount ?? 0;
  const f = 1 - stage.batchShare * batchDiscount;

  const perStep = C / S; // calls per month of a step of weight 1
  const tokens: TokenBreakdown = { input: 0, cache_read: 0, cache_write: 0, output: C * out, reasoning: C * rs };
  const cost: TokenBreakdown = { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 };
  let inputSum = 0;
  let outputSum = 0;
  for (const r of runs) {
    const hit = cache && r.IcEff > 0 ? cache.hitRate : 0;
    const cached = r.weight * r.IcEff;
    tokens.input += perStep * r.uncached;
    tokens.cache_read += perStep * cached * hit;
    tokens.cache_write += perStep * cached * (1 - hit);
    cost.input += perStep * r.uncached * r.rates.input * f;
    cost.cache_read += perStep * cached * hit * (r.rates.cacheRead ?? 0) * f;
    cost.cache_write += perStep * cached * (1 - hit) * r.rates.cacheWrite * f;
    cost.output += perStep * r.weight * out * r.rates.output * f;
    cost.reasoning += perStep * r.weight * rs * r.rates.reasoning * f;
    inputSum += r.inputCost;
    outputSum += r.outputCost;
  }
  const total = perStep * (inputSum + outputSum) * f;
  return {
    R,
    A,
    C,
    P,
    I: (sc[J_NORMAL]! + sc[J_LONG]!) / S,
    Imax: P + g * (n - 1),
    Ic,
    U,
    IcEff: first.IcEff,
    cacheSkipped: first.cacheSkipped,
    longContext: runs.some((r) => r.longContext),
    longFromStep: kL < n ? kL : null,
    rates: first.rates,
    runs,
    f,
    batchDiscount,
    hitRate,
    inputCostPerCall: inputSum / S,
    outputCostPerCall: outputSum / S,
    tokens,
    cost,
    total,
  };
}

export function lineItemCost(item: LineItem, requestsPerMonth: number, users: number | null): number {
  switch (item.kind) {
    case 'monthly':
      return item.monthly;
    case 'per_request':
      return requestsPerMonth * item.shareOfRequests * item.perRequest;
    case 'per_user':
      return (users ?? 0) * item.perUser;
    case 'labour':
      return ((requestsPerMonth * item.shareOfRequests * item.minutes) / 60) * item.hourlyRate;
    case 'tokens':
      return (item.tokensPerMonth * item.model.prices.input) / TOKENS_PER_PRICE_UNIT;
  }
}

function div(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export function estimateScenario(s: Scenario): ScenarioReport {
  const R = s.traffic.requestsPerMonth;
  const warnings = [...s.warnings];
  let pipelineTotal = 0;
  // fees beyond text tokens (core/fees.ts), by report category; the rest of the pipeline is model inference
  let tokenTotal = 0;
  const feeTotals: Record<string, number> = {};
  const stages: StageReport[] = s.stages.map((stage) => {
    let stageCost = 0;
    let stageCalls = 0;
    const models: ModelReport[] = stage.models.map((sm) => {
      const mc = priceStageModel(stage, sm, R);
      const fees = stageModelFees(stage, sm, mc.C, mc.f, s.traffic.daysPerMonth);
      const monthly = fees ? mc.total + fees.total : mc.total;
      stageCost += monthly;
      stageCalls += mc.C;
      tokenTotal += mc.total;
      if (fees) for (const l of fees.lines) feeTotals[feeCategory(l.kind)] = (feeTotals[feeCategory(l.kind)] ?? 0) + l.cost;
      if (mc.cacheSkipped === 'no cache_read price') {
        warnings.push(`${stage.name}: ${sm.model.ref} has no cache_read price, so prompt caching is not applied to it`);
      } else if (mc.cacheSkipped === 'below cache_min_tokens') {
        warnings.push(
          `${stage.name}: cacheable prefix of ${fmtInt(mc.Ic)} tokens is below ${sm.model.ref}'s cache minimum of ${fmtInt(sm.model.prices.cache_min_tokens ?? 0)}, so it is never cached`,
        );
      }
      // (judged on the catalogue's own discount: a tier changes the effective d', not whether there is a batch API)
      if (stage.batchShare > 0 && ((sm.model.applied ? sm.model.applied.batchDiscount : mc.batchDiscount) ?? 0) === 0) {
        warnings.push(`${stage.name}: ${sm.model.ref} has no batch discount in its catalogue, so batch_share saves nothing on it`);
      }
      const dep = sm.model.prices.deprecated;
      if (dep) {
        const gone = dep.shutdown <= sm.model.pricedAsOf; // priced for usage already billed (actuals compare, calibrate)
        warnings.push(`${sm.model.ref} is deprecated: ${sm.model.provider} ${gone ? 'shut it down' : 'shuts it down'} on ${dep.shutdown}${gone ? `, on or before the pricing date ${sm.model.pricedAsOf}` : ''}${dep.replacement ? `; its replacement is ${dep.replacement}` : ''}`);
      }
      const longRun = mc.runs.find((r) => r.longContext);
      if (longRun && mc.longFromStep !== null && mc.longFromStep > 0) {
        const lcT = sm.model.prices.long_context!.threshold;
        warnings.push(
          `${stage.name}: the agent loop crosses ${sm.model.ref}'s long-context tier part-way: steps ${mc.longFromStep + 1}–${mc.longFromStep + longRun.count} of ${stepCount(stage.agentSteps)} carry more than ${fmtInt(lcT)} input tokens and pay the long-context rates`,
        );
      }
      const last = mc.runs[mc.runs.length - 1]!;
      if (last !== mc.runs[0] && mc.cacheSkipped === null && last.cacheSkipped === 'no cache_read price') {
        warnings.push(`${stage.name}: ${sm.model.ref}'s long-context rates have no cache_read price, so prompt caching is not applied from step ${last.from + 1} on`);
      }
      const cw = sm.model.prices.context_window;
      if (cw !== undefined && mc.Imax + sm.output + sm.reasoning > cw) {
        const n = stepCount(stage.agentSteps);
        warnings.push(
          `${stage.name}: a call of ${fmtInt(mc.Imax)} input + ${fmtInt(sm.output + sm.reasoning)} output tokens${n > 1 ? ` (step ${n}, the last agent step)` : ''} exceeds ${sm.model.ref}'s context window of ${fmtInt(cw)}`,
        );
      }
      return {
        model: sm.model.ref,
        share: sm.share,
        monthly_cost: monthly,
        calls_per_month: mc.C,
        tokens: mc.tokens,
        cost: mc.cost,
        long_context: mc.longContext,
        long_context_from_step: mc.longFromStep === null ? null : mc.longFromStep + 1,
        priced_by: pricedBy(sm.model),
        token_counts: sm.tokenCounts ?? null,
        ...(sm.model.applied ? { provider_rules: rulesReport(stage, sm, R) } : {}),
        ...(fees ? { fees: feeReport(fees.lines) } : {}),
      };
    });
    pipelineTotal += stageCost;
    return { name: stage.name, monthly_cost: stageCost, calls_per_month: stageCalls, models };
  });

  const feeCategories = Object.keys(feeTotals);
  // without fees this is the pipeline total itself (the same sum), so such reports are unchanged
  const by_category: Record<string, number> = { [MODEL_INFERENCE]: feeCategories.length ? tokenTotal : pipelineTotal };
  for (const c of [CATEGORY_TOOLS, CATEGORY_MEDIA, CATEGORY_STORAGE]) if (feeTotals[c] !== undefined) by_category[c] = feeTotals[c];
  const line_items: LineItemReport[] = s.lineItems.map((item) => {
    const monthly_cost = lineItemCost(item, R, s.traffic.users);
    by_category[item.category] = (by_category[item.category] ?? 0) + monthly_cost;
    return { name: item.name, category: item.category, monthly_cost, model: item.kind === 'tokens' ? item.model.ref : null };
  });
  let total = pipelineTotal;
  for (const li of line_items) total += li.monthly_cost;

  const users = s.traffic.users;
  let outcomesPerMonth: number | null = null;
  let netValue: number | null = null;
  let roi: number | null = null;
  if (s.outcomes) {
    outcomesPerMonth = s.outcomes.perMonth ?? R * (s.outcomes.perRequest ?? 0);
    if (s.outcomes.value !== null) {
      netValue = outcomesPerMonth * s.outcomes.value - total;
      roi = div(netValue, total);
    }
  }
  let budget: BudgetReport | null = null;
  if (s.budget) {
    const { monthly, alertAt } = s.budget;
    budget = {
      monthly,
      alert_at: alertAt,
      status: total > monthly ? 'over' : total >= alertAt * monthly ? 'alert' : 'ok',
      used: total / monthly,
    };
  }
  if (R === 0) warnings.push('traffic is zero requests per month, so per-request figures are not defined');

  return {
    name: s.name,
    file: s.file,
    variant: s.variant,
    currency: s.currency,
    tags: s.tags,
    requests_per_month: R,
    users,
    total_monthly_cost: total,
    cost_per_request: div(total, R),
    cost_per_user: users === null ? null : div(total, users),
    outcomes_per_month: outcomesPerMonth,
    cost_per_outcome: outcomesPerMonth === null ? null : div(total, outcomesPerMonth),
    net_value: netValue,
    roi,
    budget,
    stages,
    line_items,
    by_category,
    warnings: [...new Set(warnings)],
    // filled in by withUncertainty (core/montecarlo.ts) when an input is a distribution
    uncertainty: null,
  };
}

export function sumTokens(list: readonly TokenBreakdown[]): TokenBreakdown {
  const out = { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 };
  for (const t of list) for (const k of TOKEN_KINDS) out[k] += t[k];
  return out;
}

function fmtInt(n: number): string {
  return grouped(Math.round(n), 0);
}
