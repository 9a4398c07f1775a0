/**
 * Monte Carlo over a resolved scenario. The scenario is loaded and validated once, with uncertain
 * inputs at their point values; each input's draws come from its own seeded stream; the cost
 * formula is compiled once (cost-kernel.ts) and evaluated per sample with no parsing, validation
 * or allocation. Summaries, budget-overrun probability and the percentile lookups diff uses.
 * Pure: no I/O. See docs/uncertainty.md.
 */
import type { BudgetStatus, ScenarioReport } from '../schema/report.js';
import { INPUT_PARTS } from '../schema/input-parts.js';
import type { InputReport, UncertaintyBudgetReport, UncertaintyReport } from '../schema/uncertainty-report.js';
import { InputError } from '../errors.js';
import { sci } from '../util/number.js';
import { nonFiniteName } from './finite.js';
import { describeSpec, Rng, sampleInto, type Fitted } from './distributions.js';
import { mean, percentileOf, shareAbove, summarizeInPlace, WASM_FROM, type Summary } from './percentiles.js';
import { wasmColumns } from './columns-wasm.js';
import { compileCostProgram, OUT_FIXED, OUT_OUTCOMES, OUT_REQUESTS, OUT_USERS, OUT_VALUE, kernelResults, type CostProgram, type FormulaLayout, type KernelResults } from './cost-kernel.js';
import { kernelPaysOff, kernelShape } from './kernel-source.js';
import { isFeeInput } from './fee-program.js';
import type { Scenario } from './model.js';
import type { Segment } from './paths.js';

export type Percentile = 'p50' | 'p80' | 'p95';

export interface UncertainInput {
  /** Data path (stages, line items and list entries by index). */
  path: Segment[];
  /** The path as users write it (stages and line items by name); also names the input's random stream. */
  name: string;
  fitted: Fitted;
  /** The value the deterministic estimate uses: the mean (rounded for whole-number fields). */
  point: number;
}

export interface GrowthModel {
  /** `rate`: volume × (1 + rate)^(month − 1); `curve`: volume × the month's multiplier; `flat`: no growth. */
  kind: 'rate' | 'curve' | 'flat';
  /** Point value of the monthly rate (0 unless kind is `rate`). */
  monthlyRate: number;
  /** Point values of the multipliers (kind `curve`), else null. */
  curve: number[] | null;
  months: number;
  /** First month as YYYY-MM, for labels; null: months are labelled M1, M2, … */
  start: string | null;
}

/** What a scenario's distributions and growth add to the resolved `Scenario`. */
export interface UncertaintyModel extends FormulaLayout {
  /** In the order they appear in the scenario (after overrides). */
  inputs: UncertainInput[];
  growth: GrowthModel | null;
  /** `budget.at`: the percentile a budget is judged at; null: the point estimate. */
  budgetAt: Percentile | null;
}

export function emptyUncertainty(): UncertaintyModel {
  return { inputs: [], growth: null, budgetAt: null, weightedMixes: {}, ownOutput: [], ownReasoning: [] };
}

// ---------------------------------------------------------------------------------------------
// Which inputs may be uncertain

const TRAFFIC_KEYS = ['requests_per_day', 'requests_per_month', 'users', 'requests_per_user_per_day', 'days_per_month'] as const;
const STAGE_KEYS = ['share_of_requests', 'agent_steps', 'context_growth_per_step', 'output', 'reasoning', 'response_cache_hit_rate', 'batch_share', 'retry_rate', 'max_retries'] as const;
const COST_KEYS = ['monthly', 'per_request', 'per_user', 'minutes', 'hourly_rate', 'share_of_requests', 'tokens_per_month'] as const;
const OUTCOME_KEYS = ['per_request', 'per_month', 'value'] as const;
const has = (list: readonly string[], k: Segment | undefined): boolean => typeof k === 'string' && list.includes(k);

/**
 * The role of a numeric input that a scenario gives as a distribution: `cost` (an input of the
 * monthly cost), `growth` (volume over time, used by forecast), or null (may not be uncertain).
 */
export function uncertainRole(path: readonly Segment[]): 'cost' | 'growth' | null {
  const [a, b, c, d, e] = path;
  const n = path.length;
  if (a === 'traffic') return n === 2 && has(TRAFFIC_KEYS, b) ? 'cost' : null;
  if (a === 'pipeline' && typeof b === 'number') {
    if (n === 3 && has(STAGE_KEYS, c)) return 'cost';
    if (n === 4 && c === 'input' && has(INPUT_PARTS, d)) return 'cost';
    if (n === 4 && c === 'cache' && d === 'hit_rate') return 'cost';
    if (n === 4 && isFeeInput(c, d)) return 'cost';
    if (c === 'models' && n === 4 && typeof d === 'string') return 'cost';
    if (c === 'models' && n === 5 && typeof d === 'number' && has(['share', 'output', 'reasoning'], e)) return 'cost';
    return null;
  }
  if (a === 'costs' && typeof b === 'number') return n === 3 && has(COST_KEYS, c) ? 'cost' : null;
  if (a === 'outcomes') return n === 2 && has(OUTCOME_KEYS, b) ? 'cost' : null;
  if (a === 'growth') return (n === 2 && b === 'monthly_rate') || (n === 3 && b === 'curve' && typeof c === 'number') ? 'growth' : null;
  return null;
}

export const UNCERTAIN_INPUTS_HELP =
  'distributions may be given for traffic, pipeline stage and model numbers, cost line items, outcomes and growth (see docs/uncertainty.md)';

// ---------------------------------------------------------------------------------------------
// Sampling

export interface SimulationOptions {
  samples: number;
  seed: number;
}

export const DEFAULT_SAMPLES = 10_000;
export const DEFAULT_SEED = 1;
export const MAX_SAMPLES = 1_000_000;

/** The kernel's per-sample columns (total, requests, fixed, users, outcomes, net value), with what produced them. */
export interface Simulation extends KernelResults {
  samples: number;
  seed: number;
  /** Draws of each uncertain input, aligned with `UncertaintyModel.inputs`. */
  draws: Float64Array[];
  /** The deterministic run at the point values (equals `estimateScenario`'s total). */
  point: { total: number; requests: number; fixed: number; users: number; outcomes: number };
  program: CostProgram;
}

/** Independent draws of every uncertain input, each from its own stream named by its path. */
export function drawInputs(inputs: readonly UncertainInput[], samples: number, seed: number): Float64Array[] {
  return inputs.map((inp) => {
    const col = new Float64Array(samples);
    sampleInto(inp.fitted, new Rng(seed, inp.name), col);
    return col;
  });
}

/**
 * `drawInputs` for the inputs of the monthly cost only (the ones `simulate` reads); a growth
 * input (read by forecast alone) gets an empty column. Each input draws from its own stream, so
 * the columns drawn are `drawInputs`'s. For a run whose caller reads no growth draws (estimate).
 */
export function drawCostInputs(inputs: readonly UncertainInput[], samples: number, seed: number): Float64Array[] {
  return inputs.map((inp) => {
    if (uncertainRole(inp.path) !== 'cost') return new Float64Array(0);
    const col = new Float64Array(samples);
    sampleInto(inp.fitted, new Rng(seed, inp.name), col);
    return col;
  });
}

/**
 * Evaluate the scenario `samples` times with its uncertain inputs drawn from their distributions.
 * `draws`: the inputs' draws when the caller has them already (`drawInputs(m.inputs, samples, seed)`,
 * the same numbers: forecast prices one set of draws at several dates). `res`: the result columns
 * to fill (n doubles each; columns the caller does not read may be one array: each is only
 * written), by default fresh ones.
 */
export function simulate(s: Scenario, m: UncertaintyModel, opts: SimulationOptions, draws: Float64Array[] = drawInputs(m.inputs, opts.samples, opts.seed), res: KernelResults = kernelResults(opts.samples)): Simulation {
  const n = opts.samples;
  const program = compileCostProgram(s, m);
  const costIdx: number[] = [];
  m.inputs.forEach((inp, k) => {
    if (uncertainRole(inp.path) === 'cost') costIdx.push(k);
  });
  const slots = costIdx.map((k) => program.slotOf(m.inputs[k]!.path));
  const cols = costIdx.map((k) => draws[k]!);
  const out = program.out;
  const pointTotal = program.run(program.base);
  const point = { total: pointTotal, requests: out[OUT_REQUESTS]!, fixed: out[OUT_FIXED]!, users: out[OUT_USERS]!, outcomes: out[OUT_OUTCOMES]! };
  // the compiled kernel: in WebAssembly where it can run (cheaper than the reference evaluator at
  // every size measured), else in JavaScript where that pays off (kernel-source.ts), else the
  // reference evaluator: the same numbers
  const kernel = kernelPaysOff(kernelShape(program, slots), n) ? program.kernel(slots) : program.kernel(slots, 'wasm');
  if (kernel) kernel(cols, n, res);
  else runEach(program, slots, cols, n, res);
  return { samples: n, seed: opts.seed, draws, ...res, point, program };
}

/** The reference evaluation of every sample (what the compiled kernel must reproduce exactly). */
export function runEach(program: CostProgram, slots: readonly number[], cols: readonly Float64Array[], n: number, res: KernelResults): void {
  const x = Float64Array.from(program.base);
  const out = program.out;
  const K = slots.length;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) x[slots[k]!] = cols[k]![i]!;
    const t = program.run(x);
    res.total[i] = t;
    res.requests[i] = out[OUT_REQUESTS]!;
    res.fixed[i] = out[OUT_FIXED]!;
    res.users[i] = out[OUT_USERS]!;
    res.outcomes[i] = out[OUT_OUTCOMES]!;
    res.netValue[i] = out[OUT_OUTCOMES]! * out[OUT_VALUE]! - t;
  }
}

/** The first sample where `a` or `b` is not finite, or −1. */
export function firstNonFinite(a: Float64Array, b: Float64Array): number {
  const w = a.length >= WASM_FROM ? wasmColumns() : null;
  if (w) return w.firstNonFinite(a, b);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) return i;
  return -1;
}

/** Per-sample ratio a / b, or null when some b is 0 (the ratio is then undefined for that sample). */
export function ratio(a: Float64Array, b: Float64Array): Float64Array | null {
  return ratioAndMean(a, b)?.values ?? null;
}

/**
 * `ratio(a, b)` and `mean` of it (the same number), worked out in the same pass where WebAssembly
 * runs; null when some b is 0.
 */
export function ratioAndMean(a: Float64Array, b: Float64Array): { values: Float64Array; mean: number } | null {
  const w = a.length >= WASM_FROM ? wasmColumns() : null;
  if (w) return w.ratio(a, b);
  const values = ratioJs(a, b);
  return values ? { values, mean: mean(values) } : null;
}

/** `ratio` in JavaScript: the definition, and what runs where WebAssembly cannot. */
export function ratioJs(a: Float64Array, b: Float64Array): Float64Array | null {
  const r = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    if (b[i] === 0) return null;
    r[i] = a[i]! / b[i]!;
  }
  return r;
}

export function budgetStatus(cost: number, monthly: number, alertAt: number): BudgetStatus {
  return cost > monthly ? 'over' : cost >= alertAt * monthly ? 'alert' : 'ok';
}

/** Report rows for the uncertain inputs. */
export function inputReports(m: UncertaintyModel): InputReport[] {
  return m.inputs.map((inp) => {
    const { spec, bounds, massKept } = inp.fitted;
    const { kind, ...parameters } = spec;
    return {
      path: inp.name,
      distribution: kind === 'lognormal' ? 'log-normal' : kind,
      parameters: parameters as Record<string, number>,
      point: inp.point,
      range: { min: Number.isFinite(bounds.lo) ? bounds.lo : null, max: Number.isFinite(bounds.hi) ? bounds.hi : null },
      mass_kept: massKept,
    };
  });
}

/** True when some uncertain input feeds the monthly cost (growth alone does not make month 1 uncertain). */
export function hasUncertainCost(m: UncertaintyModel): boolean {
  return m.inputs.some((inp) => uncertainRole(inp.path) === 'cost');
}

/**
 * Mean and percentiles of the monthly cost, cost per request / user / outcome, and the budget at
 * its percentile, from a seeded Monte Carlo run. `point` is `estimateScenario(s)`.
 */
export function estimateUncertainty(s: Scenario, m: UncertaintyModel, point: ScenarioReport, opts: SimulationOptions): UncertaintyReport {
  // growth inputs are forecast's: not drawn here (the cost inputs' draws are the same either way)
  const sim = simulate(s, m, opts, drawCostInputs(m.inputs, opts.samples, opts.seed));
  // where WebAssembly runs, one pass checks that every total and net value is finite and takes
  // the totals' mean; the first bad sample is looked for only when one is not
  const w = sim.total.length >= WASM_FROM ? wasmColumns() : null;
  const pass = w ? w.totals(sim.total, sim.netValue) : null;
  if (!pass?.finite) {
    const bad = firstNonFinite(sim.total, sim.netValue);
    if (bad >= 0) throw sampleOverflow(s, m, sim.total[bad]!);
  }
  const perRequest = ratioAndMean(sim.total, sim.requests);
  const perUser = sim.program.hasUsers ? ratioAndMean(sim.total, sim.users) : null;
  const perOutcome = sim.program.hasOutcomes ? ratioAndMean(sim.total, sim.outcomes) : null;
  const stdErr = stdError(sim.total);
  const overrun = s.budget ? shareAbove(sim.total, s.budget.monthly) : 0;
  // the totals are read in sample order above (ratios, standard error; the share above the budget
  // does not care about order); nothing reads them afterwards, so they are summarised in place
  // (their mean taken first, in sample order), not copied
  const monthly = summarizeInPlace(sim.total, pass?.mean);
  let budget: UncertaintyBudgetReport | null = null;
  if (s.budget) {
    const at = m.budgetAt;
    const judged = at ? monthly[at] : point.total_monthly_cost;
    budget = {
      monthly: s.budget.monthly,
      alert_at: s.budget.alertAt,
      at,
      judged_cost: judged,
      status: budgetStatus(judged, s.budget.monthly, s.budget.alertAt),
      used: judged / s.budget.monthly,
      overrun_probability: overrun,
    };
  }
  return {
    samples: sim.samples,
    seed: sim.seed,
    point: 'mean',
    inputs: inputReports(m).filter((_, k) => uncertainRole(m.inputs[k]!.path) === 'cost'),
    monthly_cost: monthly,
    monthly_cost_std_error: stdErr,
    // the ratio columns are this function's own and the net value column is not read again: summarised in place
    cost_per_request: perRequest ? summarizeInPlace(perRequest.values, perRequest.mean) : null,
    cost_per_user: perUser ? summarizeInPlace(perUser.values, perUser.mean) : null,
    cost_per_outcome: perOutcome ? summarizeInPlace(perOutcome.values, perOutcome.mean) : null,
    net_value: sim.program.hasValue ? summarizeInPlace(sim.netValue) : null,
    budget,
  };
}

/** Standard error of the sample mean (Monte Carlo noise of `mean`). */
export function stdError(values: Float64Array): number {
  const n = values.length;
  if (n < 2) return 0;
  const w = n >= WASM_FROM ? wasmColumns() : null;
  return w ? w.stdError(values) : stdErrorJs(values);
}

/** `stdError` in JavaScript (for at least 2 values): the definition, and what runs where WebAssembly cannot. */
export function stdErrorJs(values: Float64Array): number {
  const n = values.length;
  // shifted by the first value: exact 0 for a constant column (a plain sum/n of n equal values
  // can miss the value by an ulp), and no cancellation when the spread is small against the level
  const v0 = values[0]!;
  let d = 0;
  for (let i = 0; i < n; i++) d += values[i]! - v0;
  const mu = v0 + d / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mu) ** 2;
  return Math.sqrt(ss / (n - 1) / n);
}

/**
 * Add the uncertainty block to a scenario's report (null when no input of the monthly cost is
 * uncertain) and, when the budget names a percentile (`budget.at`), judge `budget.status` and
 * `budget.used` at that percentile of the monthly cost (`uncertainty.budget` says so). Without
 * uncertain inputs every percentile is the point estimate, so nothing changes. Returns the same
 * report object.
 */
export function withUncertainty(report: ScenarioReport, s: Scenario, m: UncertaintyModel, opts: SimulationOptions): ScenarioReport {
  const u = hasUncertainCost(m) ? estimateUncertainty(s, m, report, opts) : null;
  report.uncertainty = u;
  if (u?.budget?.at && report.budget) report.budget = { ...report.budget, status: u.budget.status, used: u.budget.used };
  return report;
}

/**
 * A scenario's monthly cost at a percentile, straight from the resolved scenario (what `diff --at`
 * needs for a side loaded from a file or a git ref): the point total for `point` or when no input of
 * the monthly cost is uncertain, else that percentile of a seeded run. Use the same samples and seed
 * on both sides of a comparison: shared inputs then share their draws.
 */
export function scenarioCostAt(s: Scenario, m: UncertaintyModel, at: Percentile | 'point', opts: SimulationOptions): number {
  const program = compileCostProgram(s, m);
  if (at === 'point' || !hasUncertainCost(m)) return program.run(program.base);
  const total = simulate(s, m, opts, drawCostInputs(m.inputs, opts.samples, opts.seed)).total;
  for (const t of total) if (!Number.isFinite(t)) throw sampleOverflow(s, m, t);
  return percentileOf(total, PERCENTILE_Q[at]);
}

/** A sample overflowed (issue 13): an input error naming the scenario's uncertain inputs. */
export function sampleOverflow(s: Scenario, m: UncertaintyModel, value: number): InputError {
  const names = m.inputs.filter((inp) => uncertainRole(inp.path) === 'cost').map((inp) => `${inp.name} (${describeSpec(inp.fitted.spec, sci)})`);
  return new InputError({
    file: s.file,
    message: `a Monte Carlo sample of the monthly cost comes to ${nonFiniteName(value)}; the uncertain inputs: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`,
    fix: 'the sampled values are too large to compute with; narrow the distributions or check them and the prices for a typo (see "Limits" in docs/scenario.md)',
  });
}

const PERCENTILE_Q: Record<Percentile, number> = { p50: 0.5, p80: 0.8, p95: 0.95 };

/**
 * A scenario's monthly cost at a percentile, from its report: `uncertainty.monthly_cost[at]`, or the
 * point total when the scenario has no uncertain inputs (every percentile is then the point).
 * This is what `diff --at p80` compares on both sides.
 */
export function costAt(report: Pick<ScenarioReport, 'total_monthly_cost' | 'uncertainty'>, at: Percentile | 'point'): number {
  if (at === 'point' || !report.uncertainty) return report.total_monthly_cost;
  return report.uncertainty.monthly_cost[at];
}

export type { Summary };
