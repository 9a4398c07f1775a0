/**
 * Month-by-month forecast with growth and uncertainty bands. Each Monte Carlo path draws the
 * uncertain inputs once (and the growth rate or curve), then runs through the months: volume grows,
 * the monthly and tokens_per_month line items stay fixed, everything else scales with volume.
 * Pure: no I/O. See docs/forecast.md.
 */
import {
  FORECAST_SCHEMA_VERSION,
  type ForecastBudgetReport,
  type ForecastMonth,
  type ForecastReport,
} from '../schema/uncertainty-report.js';
import { Buffer } from 'node:buffer';
import { addDays, monthStart } from './dates.js';
import { mean, rankedCopy, shareAbove, summarizeInPlace, summarizeMappedAt, summaryPositions, WASM_FROM, type Summary } from './percentiles.js';
import { wasmColumns, type WasmColumns } from './columns-wasm.js';
import { monthColumnsInMemory, type MonthColumn, type MonthColumns } from './month-columns-wasm.js';
import type { InputError } from '../errors.js';
import type { Scenario } from './model.js';
import { drawInputs, firstNonFinite, inputReports, sampleOverflow, simulate, type GrowthModel, type Simulation, type SimulationOptions, type UncertaintyModel } from './montecarlo.js';
import type { KernelResults } from './cost-kernel.js';
import { changesBetween, changeWarning, effectiveFromAt, modelScheduleWarnings, monthPricingDate, repriceScenario, scenarioModels, shutdownWarnings } from './prices-at.js';

/** Months forecast when the scenario has no growth block. */
export const DEFAULT_HORIZON = 12;

export interface ForecastOptions extends SimulationOptions {
  toolVersion: string;
  /**
   * Where the month columns are worked out (for tests; the same numbers): 'memory' keeps them in
   * WebAssembly memory for the whole forecast (month-columns-wasm.ts), 'copy' copies them in and
   * out each month (columns-wasm.ts), 'js' runs the JavaScript loop. By default: in memory from
   * WASM_FROM samples (else copied), the JavaScript loop below that or where WebAssembly cannot run.
   */
  monthColumns?: 'memory' | 'copy' | 'js';
  /**
   * The warnings `estimate` gives for the scenario as written (the load's, and the models': a
   * deprecation, caching or batch that does not apply, a loop crossing the long-context tier, a
   * call over the context window); by default the load's alone (`s.warnings`).
   */
  baseWarnings?: readonly string[];
}

/** `M3`, or the calendar month (YYYY-MM) when the growth block gives `start`. `month` is 1-based. */
export function monthLabel(start: string | null, month: number): string {
  return start ? monthStart(`${start}-01`, month - 1).slice(0, 7) : `M${month}`;
}

/** Volume multiplier of month `month` (1-based) for growth rate `rate` or curve value. */
function multiplier(g: GrowthModel, month: number, rate: number, curveValue: number): number {
  if (g.kind === 'rate') return (1 + rate) ** (month - 1);
  if (g.kind === 'curve') return curveValue;
  return 1;
}

/** What forecast reads of a run: each sample's total and fixed cost, the draws and the point run. */
export type PricedRun = Pick<Simulation, 'total' | 'fixed' | 'draws' | 'point'>;

/**
 * One simulation per distinct set of prices over the horizon: each month's costs come from the
 * run priced at that month's date (`runs`, one per month). Every run prices the same draws (drawn
 * once), so months differ only by price and volume; the requests of every sample (`requests`) do
 * not depend on prices, so they are the first run's. The kernel's other columns (users,
 * outcomes, net value, and the later runs' requests), which forecast does not read, go to one
 * column that every run shares and nothing reads: 4 columns of n doubles for the first run and
 * 2 for each other, not 6 each (fewer fresh pages to touch).
 */
export function simulationsByMonth(s: Scenario, m: UncertaintyModel, dates: readonly string[], opts: SimulationOptions): { runs: PricedRun[]; requests: Float64Array } {
  const models = scenarioModels(s);
  const byKey = new Map<string, PricedRun>();
  const n = opts.samples;
  let draws: Float64Array[] | undefined;
  let unread: Float64Array | undefined;
  let requests: Float64Array | undefined;
  const runs = dates.map((date) => {
    const key = models.map((x) => effectiveFromAt(x.entry, date) ?? '').join('\u0000');
    let run = byKey.get(key);
    if (!run) {
      draws ??= drawInputs(m.inputs, n, opts.seed);
      unread ??= new Float64Array(n);
      const res: KernelResults = { total: new Float64Array(n), fixed: new Float64Array(n), requests: requests ? unread : new Float64Array(n), users: unread, outcomes: unread, netValue: unread };
      requests ??= res.requests;
      const sim = simulate(repriceScenario(s, date), m, opts, draws, res);
      byKey.set(key, (run = { total: sim.total, fixed: sim.fixed, draws: sim.draws, point: sim.point }));
    }
    return run;
  });
  return { runs, requests: requests! };
}

/**
 * The value every sample of `col` holds (the same bits), or null when they differ. The runtime
 * compares the bytes (one memcmp of the column without its last sample against the column without
 * its first: equal exactly when each sample has the bits of the next, i.e. of the first): a loop of
 * our own over every sample would run interpreted in a fresh process and keep the optimising
 * compiler busy on another thread, once per pricing; a column filled with the first value to
 * compare against would be n fresh doubles per pricing.
 */
export function sameEverywhere(col: Float64Array): number | null {
  const v = col[0]!;
  const n = col.length;
  return n < 2 || bytesOf(col.subarray(0, n - 1)).equals(bytesOf(col.subarray(1))) ? v : null;
}

const bytesOf = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * A month's columns, each path's cost (fixed + (total − fixed) × its multiplier), cumulative cost
 * and requests, from the run priced for the month: with each path's own multiplier (`mults`), or
 * `shared` for all. A function of its own, small, so that V8 compiles it early (forecast runs it
 * in a fresh process). Returns the columns' means (cost, cumulative, requests: `mean` of each)
 * how many costs are above `limit` (`shareAbove(cost, limit)` × n) and whether every total of the
 * run is finite, where WebAssembly worked them out in the same pass, else null (the caller then
 * checked the totals beforehand).
 */
function monthColumns(priced: PricedRun, base: Float64Array, mults: Float64Array | null, shared: number, cols: Record<MonthColumn, Float64Array> | null, limit: number, w: WasmColumns | null, inMemory: MonthColumns | null): [number, number, number, number, boolean] | null {
  const { total, fixed } = priced;
  // the same loop in WebAssembly, which gives the same numbers: on columns kept in its memory
  // (month-columns-wasm.ts), else copied in and out (columns-wasm.ts)
  if (inMemory) return inMemory.month(total, fixed, mults, shared, limit);
  const { cost, cumulative, requests } = cols!;
  if (w) return w.monthColumns(total, fixed, base, mults, shared, cost, cumulative, requests, limit);
  const n = cost.length;
  for (let i = 0; i < n; i++) {
    const mult = mults ? mults[i]! : shared;
    const c = mult === 1 ? total[i]! : fixed[i]! + (total[i]! - fixed[i]!) * mult;
    cost[i] = c;
    cumulative[i]! += c;
    requests[i] = base[i]! * mult;
  }
  return null;
}

export function forecastScenario(s: Scenario, m: UncertaintyModel, opts: ForecastOptions): ForecastReport {
  const g: GrowthModel = m.growth ?? { kind: 'flat', monthlyRate: 0, curve: null, months: DEFAULT_HORIZON, start: null };
  const uncertain = m.inputs.length > 0;
  const n = uncertain ? opts.samples : 1;
  const dates = Array.from({ length: g.months }, (_, i) => monthPricingDate(g.start, s.pricedAsOf, i + 1));
  const { runs: sims, requests: simRequests } = simulationsByMonth(s, m, dates, { samples: n, seed: opts.seed });
  const sim = sims[0]!;
  // Every run's totals must be finite. Where the month columns run in WebAssembly they check that
  // in the pass that reads them (each run prices at least one month, and the months go in the
  // order the runs first appear, so the same run's first bad total is reported); else, here.
  const overflow = (run: PricedRun): InputError => sampleOverflow(s, m, run.total[firstNonFinite(run.total, run.total)]!);
  const how = opts.monthColumns;
  const w = how === 'js' || (how === undefined && n < WASM_FROM) ? null : wasmColumns();
  const inMemory = w && how !== 'copy' ? monthColumnsInMemory(simRequests) : null;
  if (!w) {
    for (const run of new Set(sims)) if (firstNonFinite(run.total, run.total) >= 0) throw overflow(run);
  }

  const rateDraws = m.inputs.findIndex((inp) => inp.path[0] === 'growth' && inp.path[1] === 'monthly_rate');
  const curveDraws = new Map<number, Float64Array>();
  m.inputs.forEach((inp, k) => {
    if (inp.path[0] === 'growth' && inp.path[1] === 'curve' && typeof inp.path[2] === 'number') curveDraws.set(inp.path[2], sim.draws[k]!);
  });
  const rates = rateDraws >= 0 ? sim.draws[rateDraws]! : null;

  // the month's columns, where they are not kept in WebAssembly memory
  const cols = inMemory ? null : { cost: new Float64Array(n), cumulative: new Float64Array(n), requests: new Float64Array(n) };
  // A column to summarise by sorting: requests and cost are worked out afresh each month, and cost
  // is read again only by shareAbove, which does not care about order, so in JavaScript memory
  // both are summarised in place; the cumulative column keeps each path in its place, so it is
  // copied (into `scratch`), as is every column kept in WebAssembly memory.
  let scratch: Float64Array | null = null;
  const toSort = (c: MonthColumn): Float64Array => {
    scratch ??= new Float64Array(n);
    if (inMemory) return inMemory.copy(c, scratch);
    if (c !== 'cumulative') return cols![c];
    scratch.set(cols!.cumulative);
    return scratch;
  };
  // the mean of a column, when the pass that wrote it did not work it out (the JavaScript loop)
  const meanOf = (c: MonthColumn, known: number | undefined) => (): number => known ?? mean(cols![c]);
  // each path's own multiplier of the month, when the rate is drawn
  const own = new Float64Array(rates !== null && g.kind === 'rate' ? n : 0);
  const budget = s.budget;
  const months: ForecastMonth[] = [];
  let pointCumulative = 0;
  // Bands without sorting (summarizeMapped): in a month where every path has the same multiplier
  // and a run's fixed costs are the same in every sample, a path's requests and cost are
  // nondecreasing functions of its simulated requests and total, so their bands are read at the
  // ranks of those columns, ranked once; so is the cumulative cost while every month so far was
  // such a month of a run with the first run's totals (cumAt: the cumulative of the paths at
  // those ranks). Otherwise,
  // or when a value read is ±0, the month's columns are sorted as before: the same numbers.
  const rankedByColumn = new Map<Float64Array, Float64Array>();
  const ranked = (col: Float64Array): Float64Array => {
    let r = rankedByColumn.get(col);
    if (!r) rankedByColumn.set(col, (r = rankedCopy(col)));
    return r;
  };
  const fixedByRun = new Map<PricedRun, number | null>();
  // A run whose totals are the first run's, bit for bit (a price change that no sample reaches,
  // e.g. a long-context tier dropped that no path's context gets to), orders its paths as the
  // first run does: its costs are read at the first run's ranks, and the cumulative cost stays a
  // nondecreasing function of the first run's total (a sum of such functions).
  const likeFirst = new Map<PricedRun, boolean>();
  const totalsOfFirst = (run: PricedRun): boolean => {
    let same = likeFirst.get(run);
    if (same === undefined) likeFirst.set(run, (same = run === sim || bytesOf(run.total).equals(bytesOf(sim.total))));
    return same;
  };
  const positions = summaryPositions(n);
  let cumAt: Map<number, number> | null = new Map(positions.map((p) => [p, 0]));
  for (let t = 1; t <= g.months; t++) {
    const curvePoint = g.curve?.[t - 1] ?? 1;
    const curveCol = curveDraws.get(t - 1);
    const priced = sims[t - 1]!;
    // the multiplier when no path has its own: the point's, worked out once for the month
    const shared = multiplier(g, t, g.monthlyRate, curvePoint);
    // a drawn rate: each path's own (1 + rate)^(month − 1)
    const perPath = rates !== null && g.kind === 'rate';
    let mults: Float64Array | null = curveCol ?? null;
    if (perPath) {
      mults = own;
      for (let i = 0; i < n; i++) own[i] = (1 + rates[i]!) ** (t - 1);
    }
    const means = monthColumns(priced, simRequests, mults, shared, cols, budget ? budget.monthly : Infinity, w, inMemory);
    if (means && !means[4]) throw overflow(priced);
    const pm = shared;
    const pc = pm === 1 ? priced.point.total : priced.point.fixed + (priced.point.total - priced.point.fixed) * pm;
    pointCumulative += pc;

    const mapped = !perPath && !curveCol && shared >= 0;
    if (mapped && !fixedByRun.has(priced)) fixedByRun.set(priced, sameEverywhere(priced.fixed));
    const F = mapped ? fixedByRun.get(priced)! : null;
    // the cost of a path whose total is x (the loop's arithmetic, for the run's one fixed cost F)
    const costOf = (x: number): number => (shared === 1 ? x : F! + (x - F!) * shared);
    let requestsSummary: Summary | null = null;
    let costSummary: Summary | null = null;
    let cumulativeSummary: Summary | null = null;
    if (mapped) requestsSummary = summarizeMappedAt(n, (p) => ranked(simRequests)[p]! * shared, meanOf('requests', means?.[2]));
    const rankedTotal = (): Float64Array => ranked(totalsOfFirst(priced) ? sim.total : priced.total);
    if (F !== null) costSummary = summarizeMappedAt(n, (p) => costOf(rankedTotal()[p]!), meanOf('cost', means?.[0]));
    if (cumAt && F !== null && totalsOfFirst(priced)) {
      for (const p of positions) cumAt.set(p, cumAt.get(p)! + costOf(ranked(sim.total)[p]!));
      const at = cumAt;
      cumulativeSummary = summarizeMappedAt(n, (p) => at.get(p)!, meanOf('cumulative', means?.[1]));
    } else cumAt = null;
    months.push({
      month: t,
      label: monthLabel(g.start, t),
      priced_as_of: dates[t - 1]!,
      requests: requestsSummary ?? summarizeInPlace(toSort('requests'), means?.[2]),
      cost: costSummary ?? summarizeInPlace(toSort('cost'), means?.[0]),
      point_cost: pc,
      cumulative: cumulativeSummary ?? summarizeInPlace(toSort('cumulative'), means?.[1]),
      point_cumulative: pointCumulative,
      // the share of costs above the budget, counted in the pass that wrote them (the same count)
      over_budget_probability: budget ? (means ? means[3] / n : shareAbove(cols!.cost, budget.monthly)) : null,
    });
  }

  let budgetReport: ForecastBudgetReport | null = null;
  if (budget) {
    const at = m.budgetAt;
    const judged = (mo: ForecastMonth): number => (at ? mo.cost[at] : mo.point_cost);
    const over = months.find((mo) => judged(mo) > budget.monthly) ?? null;
    const alert = months.find((mo) => judged(mo) >= budget.alertAt * budget.monthly) ?? null;
    budgetReport = {
      monthly: budget.monthly,
      alert_at: budget.alertAt,
      at,
      over_month: over?.month ?? null,
      over_label: over?.label ?? null,
      alert_month: alert?.month ?? null,
      alert_label: alert?.label ?? null,
    };
  }

  const warnings = [...(opts.baseWarnings ?? s.warnings)];
  const horizonEnd = addDays(monthStart(dates[0]!, g.months), -1);
  const horizonLabel = `${g.months}-month forecast (${dates[0]!.slice(0, 7)} to ${dates[dates.length - 1]!.slice(0, 7)})`;
  const horizonStart = dates[0]!;
  const models = scenarioModels(s);
  for (const w of modelScheduleWarnings(models, s.currency, s.pricedAsOf, { horizonEnd, horizonLabel, horizonStart })) warnings.push(w);
  for (const w of shutdownWarnings(models, horizonEnd, horizonLabel, horizonStart)) warnings.push(w);
  // a forecast that starts before the pricing date prices its first months on their own first
  // days: a change between then and the pricing date is one `estimate` has applied and they have not
  for (const model of models) {
    for (const c of changesBetween(model, horizonStart, s.pricedAsOf)) {
      warnings.push(changeWarning(c, s.currency, `after ${horizonStart}, the first day of the ${horizonLabel}, and on or before the pricing date ${s.pricedAsOf}: the months that begin before it are priced at the earlier rates`));
    }
  }
  if (!m.growth) warnings.push(`the scenario has no growth block, so volume is held flat for ${DEFAULT_HORIZON} months (add growth: { monthly_rate: 5%, months: 18 })`);
  const last = months[months.length - 1]!;
  return {
    schema_version: FORECAST_SCHEMA_VERSION,
    tool_version: opts.toolVersion,
    priced_as_of: s.pricedAsOf,
    name: s.name,
    file: s.file,
    variant: s.variant,
    currency: s.currency,
    samples: uncertain ? n : 0,
    seed: opts.seed,
    growth: {
      kind: g.kind,
      monthly_rate: g.kind === 'rate' ? g.monthlyRate : null,
      curve: g.curve,
      months: g.months,
      start: g.start,
    },
    inputs: inputReports(m),
    budget: budgetReport,
    months,
    total: last.cumulative,
    point_total: last.point_cumulative,
    warnings: [...new Set(warnings)],
  };
}
