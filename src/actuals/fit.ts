/**
 * What the actual usage says a scenario's inputs are: per stage, calls a day, the model mix,
 * tokens per call by kind, the cache hit rate, the batch share, and (from traces) agent steps and
 * retries; for the scenario, requests a day. `compare` names the inputs furthest from these,
 * `calibrate` writes them. Pure.
 */
import { attemptsPerCall, inputPerCall, stageInputFor } from '../core/estimate.js';
import type { Scenario, Stage } from '../core/model.js';
import type { AggregateRow } from './aggregate.js';
import { hasTokens } from './report.js';
import { catalogueTierOf } from './pricing.js';
import type { TierMix } from '../core/provider-rules.js';

export interface ModelFit {
  /** Canonical model ref. */
  model: string;
  calls: number;
  share: number;
  inputPerCall: number;
  outputPerCall: number;
  reasoningPerCall: number;
}

export interface StageFit {
  stage: string;
  /** Model calls seen (null: the sources do not count calls). */
  calls: number | null;
  days: number;
  models: ModelFit[];
  /** The share of cacheable prefixes served from the cache (see `hitRateOf`). */
  hitRate: number | null;
  /** How it was measured: reads against writes, or reads against the scenario's cacheable prefix (scales with it). */
  hitRateBasis: 'writes' | 'prefix' | null;
  /** Share of calls on the batch tier (null: the sources do not say which tier). */
  batchShare: number | null;
  /**
   * Shares of the synchronous (non-batch) calls per service tier, as the scenario's `service_tier`
   * means them (null: some row does not say its tier, or names one the catalogue has no tier for).
   */
  tierShares: TierMix | null;
  /** Model calls per trace (null: no traces). */
  agentSteps: number | null;
  /** Failed calls per successful call (null: the sources do not say). */
  retryRate: number | null;
  /** Requests a day implied by the calls and the scenario's calls per request (null without calls). */
  requestsPerDay: number | null;
}

export interface Evidence {
  from: string;
  to: string;
  days: number;
  calls: number | null;
}

/** Calls per request a stage makes, as the scenario models it (before the model split). */
export function callsPerRequest(st: Stage): number {
  return st.shareOfRequests * (1 - st.responseCacheHitRate) * st.agentSteps * attemptsPerCall(st.retryRate, st.maxRetries);
}

export function fitStage(st: Stage, rows: readonly AggregateRow[], days: number): StageFit {
  const usage = rows.filter(hasTokens);
  const byModel = new Map<string, { calls: number; input: number; output: number; reasoning: number; known: boolean }>();
  let callsKnown = usage.length > 0;
  let read = 0;
  let write = 0;
  let batchCalls = 0;
  let tierKnown = usage.length > 0;
  const tierCalls = { standard: 0, flex: 0, priority: 0 };
  let tiersNamed = usage.length > 0;
  let traces = 0;
  let traced = 0;
  let failed = 0;
  let failKnown = false;
  for (const r of usage) {
    const c = r.counts;
    if (c.requests === null) callsKnown = false;
    const m = byModel.get(r.model ?? '?') ?? { calls: 0, input: 0, output: 0, reasoning: 0, known: true };
    m.calls += c.requests ?? 0;
    m.input += c.input + c.cache_read + c.cache_write_5m + c.cache_write_1h;
    m.output += c.output;
    m.reasoning += c.reasoning;
    byModel.set(r.model ?? '?', m);
    read += c.cache_read;
    write += c.cache_write_5m + c.cache_write_1h;
    if (r.service_tier === null && r.source !== 'openai-usage') tierKnown = false;
    if (r.service_tier === 'batch') batchCalls += c.requests ?? 0;
    else {
      // a row that does not say its tier (null) or names one no catalogue prices: the mix is unknown
      const t = r.service_tier === null ? null : catalogueTierOf(r.service_tier);
      if (t === null || t === 'batch') tiersNamed = false;
      else tierCalls[t] += c.requests ?? 0;
    }
    if (r.traces !== null) {
      traces += r.traces;
      traced += c.requests ?? 0;
    }
    if (r.failed !== null) {
      failKnown = true;
      failed += r.failed;
    }
  }
  const calls = callsKnown ? [...byModel.values()].reduce((a, m) => a + m.calls, 0) : null;
  const models: ModelFit[] = [...byModel].map(([model, m]) => ({
    model,
    calls: m.calls,
    share: calls ? m.calls / calls : 0,
    inputPerCall: m.calls ? m.input / m.calls : 0,
    outputPerCall: m.calls ? m.output / m.calls : 0,
    reasoningPerCall: m.calls ? m.reasoning / m.calls : 0,
  }));
  models.sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model));
  const ok = calls !== null && calls > 0;
  const retryRate = ok && failKnown && calls - failed > 0 ? failed / (calls - failed) : null;
  const agentSteps = traces > 0 ? (traced - (failKnown ? failed : 0)) / traces : null;
  // requests a day: calls ÷ calls per request, with the fitted steps and retries where traces show them
  const steps = agentSteps ?? st.agentSteps;
  const attempts = retryRate !== null ? 1 + retryRate : attemptsPerCall(st.retryRate, st.maxRetries);
  const perRequest = st.shareOfRequests * (1 - st.responseCacheHitRate) * steps * attempts;
  return {
    stage: st.name,
    calls,
    days,
    models,
    hitRate: hitRateOf(st, byModel, read, write),
    hitRateBasis: write > 0 ? 'writes' : read > 0 && st.cache ? 'prefix' : null,
    batchShare: ok && tierKnown ? batchCalls / calls : null,
    tierShares: ok && tiersNamed ? tierSharesOf(tierCalls) : null,
    agentSteps,
    retryRate,
    requestsPerDay: ok && days > 0 && perRequest > 0 ? calls / days / perRequest : null,
  };
}

/** Shares of the synchronous calls per tier (null: no synchronous call). */
function tierSharesOf(c: { standard: number; flex: number; priority: number }): TierMix | null {
  const sync = c.standard + c.flex + c.priority;
  if (sync <= 0) return null;
  const out: TierMix = {};
  for (const t of ['standard', 'flex', 'priority'] as const) if (c[t] > 0) out[t] = c[t] / sync;
  return out;
}

/** A stage's tier mix as the scenario sets it (standard 1 when it sets none). */
export function stageTiers(st: Stage): TierMix {
  return st.models[0]?.model.rules?.tiers ?? { standard: 1 };
}

/**
 * The cache hit rate as the scenario means it: the share of the cacheable prefix read from the
 * cache. With cache writes reported (Anthropic, OTLP): reads ÷ (reads + writes). Without them
 * (OpenAI bills no write; a miss is plain input): reads ÷ (calls × the scenario's cacheable prefix).
 */
function hitRateOf(st: Stage, byModel: Map<string, { calls: number }>, read: number, write: number): number | null {
  if (write > 0) return read / (read + write);
  if (!st.cache || read === 0) return read + write > 0 ? 0 : null;
  let prefix = 0;
  for (const sm of st.models) {
    const calls = byModel.get(sm.model.ref)?.calls ?? 0;
    const input = stageInputFor(st, sm);
    for (const part of st.cache.cacheable) prefix += calls * input[part];
  }
  return prefix > 0 ? read / prefix : null;
}

/**
 * The factor that scales the stage's input parts to the seen input tokens a call (call-weighted
 * over its models; context growth over agent steps left as modelled). 1 without calls.
 */
export function inputScale(st: Stage, f: StageFit): number {
  let calls = 0;
  let seen = 0;
  for (const sm of st.models) {
    const m = f.models.find((x) => x.model === sm.model.ref);
    if (!m || !m.calls) continue;
    calls += m.calls;
    seen += m.inputPerCall * m.calls;
  }
  const sm0 = st.models[0];
  if (!calls || !sm0) return 1;
  const growth = (st.contextGrowthPerStep * (st.agentSteps - 1)) / 2;
  const parts = inputPerCall(st, sm0) - growth;
  const mean = seen / calls;
  return parts > 0 && mean > growth ? (mean - growth) / parts : 1;
}

/** The fitted hit rate against the cacheable prefix once the input parts are scaled to what was seen. */
export function fittedHitRate(st: Stage, f: StageFit): number | null {
  if (f.hitRate === null) return null;
  return f.hitRateBasis === 'prefix' ? f.hitRate / inputScale(st, f) : f.hitRate;
}

/** Requests a day for the scenario: the stages' implied values weighted by their calls. */
export function scenarioRequestsPerDay(fits: readonly StageFit[]): number | null {
  let w = 0;
  let sum = 0;
  for (const f of fits) {
    if (f.requestsPerDay === null || !f.calls) continue;
    w += f.calls;
    sum += f.requestsPerDay * f.calls;
  }
  return w > 0 ? sum / w : null;
}

export interface InputGap {
  /** Dotted path of the scenario input. */
  path: string;
  estimated: number;
  actual: number;
  /** (actual − estimated) ÷ estimated; null when the estimate is 0. */
  relative: number | null;
}

/** The scenario's inputs beside what the actuals say, furthest off first. */
export function inputGaps(s: Scenario, fits: readonly StageFit[]): InputGap[] {
  const gaps: InputGap[] = [];
  const push = (path: string, estimated: number, actual: number | null) => {
    if (actual === null || !Number.isFinite(actual)) return;
    gaps.push({ path, estimated, actual, relative: estimated !== 0 ? (actual - estimated) / estimated : null });
  };
  const rpd = scenarioRequestsPerDay(fits);
  push('traffic.requests_per_day', s.traffic.requestsPerMonth / s.traffic.daysPerMonth, rpd);
  s.stages.forEach((st, i) => {
    const f = fits[i]!;
    const at = `pipeline.${st.name}`;
    for (const sm of st.models) {
      const m = f.models.find((x) => x.model === sm.model.ref);
      if (!m || !m.calls) continue;
      const one = st.models.length === 1;
      push(one ? `${at}.input` : `${at}.input (${sm.name})`, inputPerCall(st, sm), m.inputPerCall);
      push(one ? `${at}.output` : `${at}.models.${sm.name}.output`, sm.output, m.outputPerCall);
      if (!one && f.calls) push(`${at}.models.${sm.name}`, sm.share, m.share);
    }
    if (st.cache) push(`${at}.cache.hit_rate`, st.cache.hitRate, fittedHitRate(st, f));
    if (f.agentSteps !== null) push(`${at}.agent_steps`, st.agentSteps, f.agentSteps);
    if (f.retryRate !== null) push(`${at}.retry_rate`, st.retryRate, f.retryRate);
    if (f.batchShare !== null && (st.batchShare > 0 || f.batchShare > 0)) push(`${at}.batch_share`, st.batchShare, f.batchShare);
    if (f.tierShares !== null) {
      const est = stageTiers(st);
      for (const t of ['flex', 'priority'] as const) if ((est[t] ?? 0) > 0 || (f.tierShares[t] ?? 0) > 0) push(`${at}.service_tier.${t}`, est[t] ?? 0, f.tierShares[t] ?? 0);
    }
  });
  const size = (g: InputGap) => (g.relative === null ? (g.actual === 0 ? 0 : Infinity) : Math.abs(g.relative));
  return gaps.sort((a, b) => size(b) - size(a) || a.path.localeCompare(b.path));
}
