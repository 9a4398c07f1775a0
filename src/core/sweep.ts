/**
 * `sweep`: one or two scenario parameters across a set of values, and where the monthly cost
 * crosses a budget (bisection on the parameter between the sweep points that bracket it). Pure:
 * the scenario is evaluated through an injected function.
 */
import { InputError } from '../errors.js';
import { PERCENT_RE } from '../schema/common.js';
import type { ScenarioReport } from '../schema/report.js';
import { WHATIF_SCHEMA_VERSION, type ScenarioRef, type SweepCrossing, type SweepParam, type SweepPoint, type SweepReport } from '../schema/whatif-report.js';
import { quoted } from '../util/excerpt.js';

/** A number, or a percent string ("35%") as a fraction; null for anything else. */
export function numericValue(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && PERCENT_RE.test(v)) return Number.parseFloat(v) / 100;
  return null;
}

/** Rounds away floating-point noise from generated values (0.30000000000000004 → 0.3). */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

function parseEnd(text: string, flag: string, whole: string): number {
  const t = text.trim();
  const n = PERCENT_RE.test(t) ? Number.parseFloat(t) / 100 : t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(n)) throw new InputError({ path: flag, message: `${quoted(whole)}: ${quoted(text)} is not a number`, fix: 'write --range from:to:steps, e.g. --range 0:1:4 or --range 10%:90%:8' });
  return n;
}

/**
 * `from:to:steps` → steps + 1 evenly spaced values from `from` to `to` (both included).
 * `from`/`to` may be percents ("10%"); steps is a whole number ≥ 1.
 */
export function parseRange(text: string, flag = '--range'): number[] {
  const parts = text.split(':');
  if (parts.length !== 3) throw new InputError({ path: flag, message: `expected from:to:steps, got ${quoted(text)}`, fix: 'e.g. --range 0:1:4 gives 0, 0.25, 0.5, 0.75, 1' });
  const from = parseEnd(parts[0]!, flag, text);
  const to = parseEnd(parts[1]!, flag, text);
  const steps = Number(parts[2]!.trim());
  if (!Number.isInteger(steps) || steps < 1 || steps > 1000) {
    throw new InputError({ path: flag, message: `steps must be a whole number from 1 to 1000, got ${quoted(parts[2])}`, fix: 'e.g. --range 0:1:4 (4 steps, 5 values)' });
  }
  return Array.from({ length: steps + 1 }, (_, i) => (i === steps ? to : tidy(from + ((to - from) * i) / steps)));
}

export interface SweepParamSpec {
  path: string;
  values: unknown[];
  /** The value in the scenario; undefined when the file leaves it to its default. */
  scenarioValue: unknown;
}

export interface SweepOptions {
  scenario: ScenarioRef;
  /** The scenario as it is (after --variant/--set). */
  base: ScenarioReport;
  params: SweepParamSpec[];
  /** Evaluate the scenario with params[i] set to values[i]. Throws InputError for a value the scenario rejects. */
  evaluate: (values: unknown[]) => ScenarioReport;
  /** --budget, which replaces the scenario's own. */
  budget?: number | undefined;
  toolVersion: string;
  /** The pricing date of the run (`--as-of`). */
  pricedAsOf: string;
}

const MAX_BISECTIONS = 80;

export function runSweep(o: SweepOptions): SweepReport {
  if (o.params.length < 1 || o.params.length > 2) throw new InputError({ path: '--param', message: `a sweep takes one or two parameters, got ${o.params.length}`, fix: 'e.g. --param traffic.requests_per_day --values 1000,5000,10000' });
  const baseTotal = o.base.total_monthly_cost;
  const budgetMonthly = o.budget ?? o.base.budget?.monthly ?? null;
  const budget = budgetMonthly === null ? null : { monthly: budgetMonthly, source: o.budget !== undefined ? ('--budget' as const) : ('scenario' as const) };
  const status = (total: number): SweepPoint['budget_status'] => {
    if (budgetMonthly === null) return null;
    const alertAt = o.base.budget?.alert_at ?? 0.8;
    return total > budgetMonthly ? 'over' : total >= alertAt * budgetMonthly ? 'alert' : 'ok';
  };

  const [p1, p2] = o.params;
  const combos: unknown[][] = p2 ? p1!.values.flatMap((a) => p2.values.map((b) => [a, b])) : p1!.values.map((a) => [a]);
  const points: SweepPoint[] = combos.map((values) => {
    const r = o.evaluate(values);
    return {
      values,
      total_monthly_cost: r.total_monthly_cost,
      cost_per_request: r.cost_per_request,
      delta: r.total_monthly_cost - baseTotal,
      budget_status: status(r.total_monthly_cost),
      stages: r.stages.map((s) => ({ name: s.name, monthly_cost: s.monthly_cost })),
    };
  });

  const params: SweepParam[] = o.params.map((p) => ({
    path: p.path,
    values: p.values,
    numeric: p.values.every((v) => numericValue(v) !== null),
    scenario_value: p.scenarioValue === undefined ? null : p.scenarioValue,
  }));

  const crossings: SweepCrossing[] = [];
  const notes: string[] = [];
  if (budgetMonthly !== null) {
    const seriesValues: unknown[] = p2 ? p2.values : [null];
    for (const sv of seriesValues) {
      const label = p2 ? ` at ${p2.path} = ${String(sv)}` : '';
      const mine = points.filter((pt) => !p2 || pt.values[1] === sv);
      if (!params[0]!.numeric) {
        const over = mine.filter((pt) => pt.total_monthly_cost > budgetMonthly).map((pt) => String(pt.values[0]));
        notes.push(over.length ? `over budget${label}: ${over.join(', ')}` : `every value is within budget${label}`);
        continue;
      }
      const found = crossingsOf(mine, budgetMonthly, (x) => o.evaluate(p2 ? [x, sv] : [x]).total_monthly_cost, p2 ? sv : null);
      crossings.push(...found.crossings);
      if (found.crossings.length === 0) {
        notes.push(`the budget is not crossed within the swept range${label}: every point is ${found.allOver ? 'over' : 'within'} it`);
      }
      if (!found.monotone) notes.push(`the cost is not monotone in ${p1!.path} over this range${label}, so crossings between sweep points may be missed; sweep a finer range to be sure`);
    }
  }

  return {
    schema_version: WHATIF_SCHEMA_VERSION,
    tool_version: o.toolVersion,
    priced_as_of: o.pricedAsOf,
    kind: 'sweep',
    scenario: o.scenario,
    scenario_total_monthly_cost: baseTotal,
    params,
    points,
    budget,
    crossings,
    budget_notes: notes,
    warnings: o.base.warnings,
  };
}

interface Found {
  crossings: SweepCrossing[];
  monotone: boolean;
  allOver: boolean;
}

function crossingsOf(points: readonly SweepPoint[], budget: number, f: (x: number) => number, series: unknown): Found {
  // one point per distinct x, in increasing order
  const byX = new Map<number, number>();
  for (const p of points) byX.set(numericValue(p.values[0])!, p.total_monthly_cost);
  const xs = [...byX.keys()].sort((a, b) => a - b);
  const ys = xs.map((x) => byX.get(x)!);
  let up = false;
  let down = false;
  for (let i = 1; i < ys.length; i++) {
    if (ys[i]! > ys[i - 1]!) up = true;
    if (ys[i]! < ys[i - 1]!) down = true;
  }
  const over = (y: number) => y > budget;
  const crossings: SweepCrossing[] = [];
  for (let i = 1; i < xs.length; i++) {
    if (over(ys[i - 1]!) === over(ys[i]!)) continue;
    crossings.push(bisect(xs[i - 1]!, xs[i]!, ys[i - 1]!, ys[i]!, budget, f, series));
  }
  return { crossings, monotone: !(up && down), allOver: ys.every(over) };
}

/** Find where `f` crosses `budget` between a and b (f(a), f(b) on opposite sides). */
function bisect(a: number, b: number, fa: number, fb: number, budget: number, f: (x: number) => number, series: unknown): SweepCrossing {
  const over = (y: number) => y > budget;
  const overA = over(fa);
  const direction: SweepCrossing['direction'] = overA ? 'falls_below' : 'rises_above';
  let lo = a;
  let hi = b;
  let flo = fa;
  let fhi = fb;
  const whole = Number.isInteger(a) && Number.isInteger(b);
  let wholeOnly = false;
  for (let i = 0; i < MAX_BISECTIONS; i++) {
    if (wholeOnly ? hi - lo <= 1 : hi - lo <= 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi))) break;
    let mid = wholeOnly ? Math.floor((lo + hi) / 2) : (lo + hi) / 2;
    let fm: number;
    try {
      fm = f(mid);
    } catch (err) {
      // a whole-number parameter (e.g. max_retries) rejects fractional values: search whole values only
      if (!(err instanceof InputError) || !whole || wholeOnly) throw err;
      wholeOnly = true;
      mid = Math.floor((lo + hi) / 2);
      if (hi - lo <= 1) break;
      fm = f(mid);
    }
    if (over(fm) === overA) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
      fhi = fm;
    }
  }
  const kind: SweepCrossing['kind'] = wholeOnly ? 'whole_number' : Math.abs(fhi - flo) > 1e-6 * Math.max(1, budget) ? 'jump' : 'continuous';
  const value = wholeOnly ? hi : kind === 'continuous' ? interpolate(lo, hi, flo, fhi, budget) : Number(((lo + hi) / 2).toPrecision(10));
  return { series, between: [a, b], value, kind, direction, costs: [flo, fhi] };
}

function interpolate(lo: number, hi: number, flo: number, fhi: number, y: number): number {
  const x = fhi === flo ? (lo + hi) / 2 : lo + ((y - flo) * (hi - lo)) / (fhi - flo);
  return Number(x.toPrecision(10));
}
