/** The arithmetic of spec §3, exactly. Pure: no I/O. */
import { MODEL_INFERENCE, TOKEN_KINDS, type BudgetReport, type LineItemReport, type ModelReport, type ScenarioReport, type StageReport, type TokenBreakdown } from '../schema/report.js';
import { INPUT_PARTS, type InputPart } from '../schema/scenario.js';
import { grouped } from '../util/number.js';
import { pricedBy } from './prices-at.js';
import { TOKENS_PER_PRICE_UNIT, type LineItem, type PricedModel, type Scenario, type Stage, type StageModel } from './model.js';

/** Per-token rates in force for one call (price per 1M ÷ 1e6). */
export interface Rates {
  input: number;
  output: number;
  /** null: the model offers no prompt caching. */
  cacheRead: number | null;
  cacheWrite: number;
  reasoning: number;
}

/** Every intermediate of the spec §3 formula for one (stage, model), for reports and `--explain`. */
export interface ModelCost {
  R: number;
  /** Attempts per call: Σ_{k=0..max_retries} retry_rate^k. */
  A: number;
  /** Calls per month. */
  C: number;
  /** Input tokens per call (mean over agent steps). */
  I: number;
  /** Cacheable prefix tokens. */
  Ic: number;
  /** Cacheable tokens actually cached (0 when caching does not apply). */
  IcEff: number;
  /** Why caching does not apply, when the stage has a cache block but IcEff = 0. */
  cacheSkipped: 'no cache_read price' | 'below cache_min_tokens' | null;
  longContext: boolean;
  rates: Rates;
  /** Batch factor f = 1 − batch_share × batch_discount. */
  f: number;
  batchDiscount: number;
  hitRate: number;
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

/** Mean input tokens per call: the parts plus context growth averaged over the agent steps. */
export function inputPerCall(stage: Stage, sm?: StageModel): number {
  const input = stageInputFor(stage, sm);
  let sum = 0;
  for (const part of INPUT_PARTS) sum += input[part];
  return sum + (stage.contextGrowthPerStep * (stage.agentSteps - 1)) / 2;
}

export function ratesFor(model: PricedModel, inputTokens: number, ttl: '5m' | '1h'): { rates: Rates; longContext: boolean } {
  const p = model.prices;
  const lc = p.long_context;
  const longContext = lc !== undefined && inputTokens > lc.threshold;
  // Spec §3: the long-context rates replace all of them. The absence rules then apply within the
  // block that is in force: no cache_read → no caching; no cache_write → input; no
  // cache_write_1h → cache_write; no reasoning → output.
  const src = longContext && lc ? lc : p;
  const cacheWrite = (ttl === '1h' ? (src.cache_write_1h ?? src.cache_write) : src.cache_write) ?? src.input;
  return {
    longContext,
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
  const A = attemptsPerCall(stage.retryRate, stage.maxRetries);
  const C = R * stage.shareOfRequests * (1 - stage.responseCacheHitRate) * stage.agentSteps * A * sm.share;
  const I = inputPerCall(stage, sm);
  let Ic = 0;
  const cache = stage.cache;
  const input = stageInputFor(stage, sm);
  if (cache) for (const part of cache.cacheable) Ic += input[part];
  const { rates, longContext } = ratesFor(sm.model, I, cache?.ttl ?? '5m');
  let IcEff = 0;
  let cacheSkipped: ModelCost['cacheSkipped'] = null;
  if (cache) {
    if (rates.cacheRead === null) cacheSkipped = 'no cache_read price';
    else if (Ic < (sm.model.prices.cache_min_tokens ?? 0)) cacheSkipped = 'below cache_min_tokens';
    else IcEff = Ic;
  }
  const hitRate = cache && IcEff > 0 ? cache.hitRate : 0;
  const batchDiscount = sm.model.prices.batch_discount ?? 0;
  const f = 1 - stage.batchShare * batchDiscount;
  const pcr = rates.cacheRead ?? 0;

  const inputCostPerCall = (I - IcEff) * rates.input + IcEff * hitRate * pcr + IcEff * (1 - hitRate) * rates.cacheWrite;
  const outputCostPerCall = sm.output * rates.output + sm.reasoning * rates.reasoning;

  const tokens: TokenBreakdown = {
    input: C * (I - IcEff),
    cache_read: C * IcEff * hitRate,
    cache_write: C * IcEff * (1 - hitRate),
    output: C * sm.output,
    reasoning: C * sm.reasoning,
  };
  const cost: TokenBreakdown = {
    input: C * (I - IcEff) * rates.input * f,
    cache_read: C * IcEff * hitRate * pcr * f,
    cache_write: C * IcEff * (1 - hitRate) * rates.cacheWrite * f,
    output: C * sm.output * rates.output * f,
    reasoning: C * sm.reasoning * rates.reasoning * f,
  };
  const total = C * (inputCostPerCall + outputCostPerCall) * f;
  return { R, A, C, I, Ic, IcEff, cacheSkipped, longContext, rates, f, batchDiscount, hitRate, inputCostPerCall, outputCostPerCall, tokens, cost, total };
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
  const stages: StageReport[] = s.stages.map((stage) => {
    let stageCost = 0;
    let stageCalls = 0;
    const models: ModelReport[] = stage.models.map((sm) => {
      const mc = priceStageModel(stage, sm, R);
      stageCost += mc.total;
      stageCalls += mc.C;
      if (mc.cacheSkipped === 'no cache_read price') {
        warnings.push(`${stage.name}: ${sm.model.ref} has no cache_read price, so prompt caching is not applied to it`);
      } else if (mc.cacheSkipped === 'below cache_min_tokens') {
        warnings.push(
          `${stage.name}: cacheable prefix of ${fmtInt(mc.Ic)} tokens is below ${sm.model.ref}'s cache minimum of ${fmtInt(sm.model.prices.cache_min_tokens ?? 0)}, so it is never cached`,
        );
      }
      if (stage.batchShare > 0 && mc.batchDiscount === 0) {
        warnings.push(`${stage.name}: ${sm.model.ref} has no batch discount in its catalogue, so batch_share saves nothing on it`);
      }
      const dep = sm.model.prices.deprecated;
      if (dep) {
        warnings.push(`${sm.model.ref} is deprecated: ${sm.model.provider} shuts it down on ${dep.shutdown}${dep.replacement ? `; its replacement is ${dep.replacement}` : ''}`);
      }
      const cw = sm.model.prices.context_window;
      if (cw !== undefined && mc.I + sm.output + sm.reasoning > cw) {
        warnings.push(
          `${stage.name}: a call of ${fmtInt(mc.I)} input + ${fmtInt(sm.output + sm.reasoning)} output tokens exceeds ${sm.model.ref}'s context window of ${fmtInt(cw)}`,
        );
      }
      return {
        model: sm.model.ref,
        share: sm.share,
        monthly_cost: mc.total,
        calls_per_month: mc.C,
        tokens: mc.tokens,
        cost: mc.cost,
        long_context: mc.longContext,
        priced_by: pricedBy(sm.model),
        token_counts: sm.tokenCounts ?? null,
      };
    });
    pipelineTotal += stageCost;
    return { name: stage.name, monthly_cost: stageCost, calls_per_month: stageCalls, models };
  });

  const by_category: Record<string, number> = { [MODEL_INFERENCE]: pipelineTotal };
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
