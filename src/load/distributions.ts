/**
 * Distributions in scenario files (docs/uncertainty.md). A pre-pass over the raw data, after
 * overrides and before the schema: it finds mappings like `{ p50, p90 }` at numeric positions,
 * checks them (located errors), replaces each with its point value (its mean) so the scenario
 * validates and prices as usual, and remembers path → distribution for the Monte Carlo.
 */
import type { Scenario } from '../core/model.js';
import type { Segment } from '../core/paths.js';
import {
  ALL_DISTRIBUTION_KEYS,
  DISTRIBUTION_KEYS,
  fitDistribution,
  pointValue,
  type Bounds,
  type DistributionKind,
  type DistributionSpec,
} from '../core/distributions.js';
import {
  emptyUncertainty,
  uncertainRole,
  UNCERTAIN_INPUTS_HELP,
  type GrowthModel,
  type Percentile,
  type UncertainInput,
  type UncertaintyModel,
} from '../core/montecarlo.js';
import { SHARE_TOLERANCE } from '../core/model.js';
import { InputError, type Problem } from '../errors.js';
import { PERCENT_RE } from '../schema/common.js';
import { scenarioSchemas } from '../schema/scenario.js';
import { fastGrowth } from '../schema/scenario-fast.js';
import { grouped } from '../util/number.js';
import { didYouMean } from '../util/suggest.js';
import { dottedPath } from './issues.js';
import type { NumericField, WalkLeaf, WalkNode } from './distribution-schema.js';
import { scenarioWalkTable } from './distribution-table.js';
import type { LoadedYaml } from './yaml.js';
import { excerpt, excerptList, quoted } from '../util/excerpt.js';

type Raw = Record<string, unknown>;
type Attribute = (p: Problem, path: readonly Segment[]) => Problem;

/** What the pre-pass found, to be attached to the resolved scenario once it validates. */
export interface PendingUncertainty {
  model: UncertaintyModel;
  raw: Raw;
  src: Pick<LoadedYaml, 'file' | 'locate'>;
  attribute: Attribute;
  warnings: string[];
}

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A numeric field of the walk table as the reader of a distribution takes it. */
function numericFieldOf(leaf: WalkLeaf): NumericField {
  const [lo, hi, loOpen, hiOpen, int, percent, mixed] = leaf;
  return { bounds: { lo: lo ?? -Infinity, hi: hi ?? Infinity, loOpen: loOpen === 1, hiOpen: hiOpen === 1, int: int === 1 }, percent: percent === 1, mixed: mixed === 1 };
}

const KIND_NAMES: Record<DistributionKind, string> = { lognormal: 'log-normal', triangular: 'triangular', normal: 'normal', uniform: 'uniform' };
const KINDS_HELP = 'write { p50, p90 } (log-normal), { min, mode, max } (triangular), { mean, sd } (normal) or { low, high } (uniform)';

// ---------------------------------------------------------------------------------------------
// The pre-pass

/**
 * Replace every distribution in `raw` (mutated) by its point value and return what was found.
 * Throws an InputError listing every bad distribution.
 */
export function resolveDistributions(raw: Raw, src: Pick<LoadedYaml, 'file' | 'locate'>, attribute: Attribute = (p) => p): PendingUncertainty {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const inputs: UncertainInput[] = [];
  const fail = (path: readonly Segment[], message: string, fix?: string, which: 'key' | 'value' = 'value'): void => {
    problems.push(attribute({ file: src.file, ...(src.locate(path, which) ?? {}), path: dottedPath(path, raw), message, fix }, path));
  };

  // One path, pushed and popped as the walk goes (copied only for a distribution): the walk visits
  // every value of every scenario a command loads.
  const path: Segment[] = [];
  /** Visit `data`, the value at `holder[key]` (the root has no holder), at `node` of the walk table. */
  const visit = (node: WalkNode, data: unknown, holder: Raw | unknown[] | null, key: string | number): void => {
    if (node === 0) return;
    if (Array.isArray(node)) {
      // a numeric field: a mapping here is a distribution (at a mixed position, one with a distribution key)
      if (isObj(data) && (node[6] === 0 || Object.keys(data).some((k) => ALL_DISTRIBUTION_KEYS.has(k)))) {
        const input = readDistribution(data, path.slice(), numericFieldOf(node), raw, fail, warnings);
        if (input) {
          inputs.push(input);
          if (holder !== null) (holder as Record<string | number, unknown>)[key] = input.point;
        }
      }
      return;
    }
    if ('o' in node) {
      if (!isObj(data)) return;
      const shape = node.o;
      for (const k of Object.keys(data)) {
        if (!hasOwn(shape, k)) continue;
        path.push(k);
        visit(shape[k]!, data[k], data, k);
        path.pop();
      }
    } else if ('r' in node) {
      if (!isObj(data)) return;
      for (const k of Object.keys(data)) {
        path.push(k);
        visit(node.r, data[k], data, k);
        path.pop();
      }
    } else if ('a' in node) {
      if (!Array.isArray(data)) return;
      for (let i = 0; i < data.length; i++) {
        path.push(i);
        visit(node.a, data[i], data, i);
        path.pop();
      }
    } else if (Array.isArray(data)) visit(node.u[0], data, holder, key);
    else if (isObj(data)) visit(node.u[1], data, holder, key);
  };
  visit(scenarioWalkTable(), raw, null, '');

  const model = emptyUncertainty();
  model.inputs = inputs;
  rescaleUncertainMixes(raw, model, fail, warnings);
  markOwnValues(model, raw);

  if (problems.length > 0) throw new InputError(problems.slice(0, 20));
  return { model, raw, src, attribute, warnings };
}

/**
 * What resolveDistributions gives for data whose distributions are already point values (it
 * found none: no inputs, problems or warnings), without walking the data again: for `validate`,
 * which resolved them itself before the schema (load/kinds.ts).
 */
export function resolvedDistributions(raw: Raw, src: Pick<LoadedYaml, 'file' | 'locate'>, attribute: Attribute = (p) => p): PendingUncertainty {
  const model = emptyUncertainty();
  markOwnValues(model, raw);
  return { model, raw, src, attribute, warnings: [] };
}

/** Which entries of each stage's list of models set their own output and reasoning. */
function markOwnValues(model: UncertaintyModel, raw: Raw): void {
  const pipeline = Array.isArray(raw.pipeline) ? raw.pipeline : [];
  const own = (key: string) =>
    pipeline.map((st) => (isObj(st) && Array.isArray(st.models) ? st.models.map((e) => isObj(e) && e[key] !== undefined) : []));
  model.ownOutput = own('output');
  model.ownReasoning = own('reasoning');
}

type Fail = (path: readonly Segment[], message: string, fix?: string, which?: 'key' | 'value') => void;

/** A bound as a reader sees it: 1,000,000,000,000 rather than 1000000000000. */
const bound = (x: number): string => (Number.isInteger(x) && Math.abs(x) >= 10_000 ? grouped(x, 0) : String(x));

function rangeText(b: Bounds): string {
  const lo = Number.isFinite(b.lo);
  const hi = Number.isFinite(b.hi);
  const whole = b.int ? 'a whole number ' : '';
  if (lo && hi) return `${whole}in ${b.loOpen ? '(' : '['}${bound(b.lo)}, ${bound(b.hi)}${b.hiOpen ? ')' : ']'}`;
  if (lo) return `${whole}${b.loOpen ? '>' : '≥'} ${bound(b.lo)}`;
  if (hi) return `${whole}${b.hiOpen ? '<' : '≤'} ${bound(b.hi)}`;
  return 'any number';
}

function inBounds(v: number, b: Bounds): boolean {
  return (b.loOpen ? v > b.lo : v >= b.lo) && (b.hiOpen ? v < b.hi : v <= b.hi);
}

function readDistribution(obj: Raw, path: Segment[], nf: NumericField, raw: Raw, fail: Fail, warnings: string[]): UncertainInput | undefined {
  const name = dottedPath(path, raw);
  if (path[0] === 'budget') {
    fail(path, 'a budget is a threshold you set, not an uncertain input', 'give a number; to judge the budget at a percentile of the monthly cost, add at: p80 under budget');
    return undefined;
  }
  if (path.includes('time_profile') || path.includes('service_tier')) {
    fail(
      path,
      `a ${path.includes('time_profile') ? 'traffic profile' : 'service-tier mix'} is not drawn by the Monte Carlo: it turns the catalogue's rates into effective rates when the scenario loads`,
      'give a number; to compare profiles or tiers, use variants (docs/scenario.md, "Provider rules")',
    );
    return undefined;
  }
  if (uncertainRole(path) === null) {
    fail(path, 'this number cannot be a distribution', UNCERTAIN_INPUTS_HELP);
    return undefined;
  }
  const keys = Object.keys(obj);
  const unknown = keys.filter((k) => !ALL_DISTRIBUTION_KEYS.has(k));
  if (unknown.length > 0) {
    for (const k of unknown) fail([...path, k], `unknown key ${quoted(k)} in a distribution`, didYouMean(k, ALL_DISTRIBUTION_KEYS) || KINDS_HELP, 'key');
    return undefined;
  }
  const kind = (Object.keys(DISTRIBUTION_KEYS) as DistributionKind[]).find((k) => DISTRIBUTION_KEYS[k].length === keys.length && DISTRIBUTION_KEYS[k].every((p) => keys.includes(p)));
  if (!kind) {
    // the kind that shares the most keys, to say what is missing
    const best = (Object.keys(DISTRIBUTION_KEYS) as DistributionKind[])
      .map((k) => ({ k, n: DISTRIBUTION_KEYS[k].filter((p) => keys.includes(p)).length }))
      .sort((a, b) => b.n - a.n)[0]!;
    const missing = DISTRIBUTION_KEYS[best.k].filter((p) => !keys.includes(p));
    const extra = keys.filter((p) => !DISTRIBUTION_KEYS[best.k].includes(p));
    const hint = best.n > 0 && extra.length === 0 ? `a ${KIND_NAMES[best.k]} needs ${missing.join(' and ')} too` : KINDS_HELP;
    fail(path, `{ ${excerptList(keys)} } is not a distribution`, hint);
    return undefined;
  }

  const values: Record<string, number> = {};
  let ok = true;
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'number' && Number.isFinite(v)) values[k] = v;
    else if (typeof v === 'string' && nf.percent && PERCENT_RE.test(v)) values[k] = Number.parseFloat(v) / 100;
    else {
      fail([...path, k], `expected a number${nf.percent ? ' or a percent string like "35%"' : ''}, got ${typeof v === 'string' ? quoted(v) : excerpt(JSON.stringify(v) ?? String(v))}`);
      ok = false;
    }
  }
  if (!ok) return undefined;

  const b = nf.bounds;
  const range = rangeText(b);
  const inRange = (...ks: string[]): boolean => {
    let good = true;
    for (const k of ks) {
      if (!inBounds(values[k]!, b)) {
        fail([...path, k], `${values[k]} is outside the valid range of ${name} (${range})`, 'give parameters within the range the field itself allows');
        good = false;
      }
    }
    return good;
  };
  const order = (lo: string, hi: string): boolean => {
    if (values[lo]! <= values[hi]!) return true;
    fail([...path, hi], `${hi} (${values[hi]}) is below ${lo} (${values[lo]})`, `a ${KIND_NAMES[kind]} needs ${lo} ≤ ${hi}`);
    return false;
  };
  let spec: DistributionSpec;
  switch (kind) {
    case 'uniform':
      if (!(order('low', 'high') && inRange('low', 'high'))) return undefined;
      spec = { kind, low: values.low!, high: values.high! };
      break;
    case 'triangular':
      if (!(order('min', 'mode') && order('mode', 'max') && inRange('min', 'max'))) return undefined;
      spec = { kind, min: values.min!, mode: values.mode!, max: values.max! };
      break;
    case 'normal':
      if (values.sd! < 0) {
        fail([...path, 'sd'], `sd must be ≥ 0, got ${values.sd}`);
        return undefined;
      }
      if (!inRange('mean')) return undefined;
      spec = { kind, mean: values.mean!, sd: values.sd! };
      break;
    case 'lognormal':
      if (!(values.p50! > 0)) {
        fail([...path, 'p50'], `a log-normal is positive: p50 must be > 0, got ${values.p50}`, 'for an input that may be 0, use { min, mode, max } or { low, high }');
        return undefined;
      }
      if (!(order('p50', 'p90') && inRange('p50', 'p90'))) return undefined;
      spec = { kind, p50: values.p50!, p90: values.p90! };
      break;
  }
  const fitted = fitDistribution(spec, b);
  if (!Number.isFinite(fitted.mean)) {
    fail(path, `this ${KIND_NAMES[kind]} is so wide that its mean is not a finite number`, 'check the parameters (p90 far above p50?)');
    return undefined;
  }
  if (fitted.massKept < 0.99) {
    warnings.push(
      `${name}: the ${KIND_NAMES[kind]} puts ${((1 - fitted.massKept) * 100).toFixed(1)}% of its probability outside the valid range (${range}); it is truncated to the range, which moves its mean to ${+fitted.mean.toPrecision(6)}`,
    );
  }
  return { path, name, fitted, point: pointValue(fitted) };
}

/**
 * A tier mix with an uncertain share: its shares are weights, rescaled to sum to 1 (here, at the
 * point values, so the mix validates; and in every sample by the evaluator).
 */
function rescaleUncertainMixes(raw: Raw, model: UncertaintyModel, fail: Fail, warnings: string[]): void {
  const stages = new Set<number>();
  for (const inp of model.inputs) {
    const [a, i, c, , e] = inp.path;
    if (a === 'pipeline' && typeof i === 'number' && c === 'models' && (inp.path.length === 4 || e === 'share')) stages.add(i);
  }
  const pipeline = raw.pipeline as unknown[];
  for (const i of stages) {
    const st = pipeline[i] as Raw;
    const models = st.models;
    const entries: { get(): unknown; set(v: number): void }[] = Array.isArray(models)
      ? models.filter(isObj).map((e) => ({ get: () => e.share, set: (v: number) => (e.share = v) }))
      : isObj(models)
        ? Object.keys(models).map((k) => ({ get: () => models[k], set: (v: number) => (models[k] = v) }))
        : [];
    const weights = entries.map((en) => {
      const v = en.get();
      return typeof v === 'number' ? v : typeof v === 'string' && PERCENT_RE.test(v) ? Number.parseFloat(v) / 100 : Number.NaN;
    });
    if (!weights.every(Number.isFinite)) continue; // the schema reports the bad share
    let sum = 0;
    for (const w of weights) sum += w;
    if (!(sum > 0)) {
      fail(['pipeline', i, 'models'], 'the tier-mix weights sum to 0', 'give at least one model a share above 0');
      continue;
    }
    entries.forEach((en, k) => en.set(weights[k]! / sum));
    for (const inp of model.inputs) {
      const [a, si, c, d, e] = inp.path;
      if (a !== 'pipeline' || si !== i || c !== 'models') continue;
      const k = typeof d === 'number' && e === 'share' ? d : typeof d === 'string' && inp.path.length === 4 && isObj(models) ? Object.keys(models).indexOf(d) : -1;
      if (k >= 0) inp.point = weights[k]! / sum;
    }
    model.weightedMixes[i] = weights;
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      warnings.push(
        `${dottedPath(['pipeline', i, 'models'], raw)}: with uncertain shares the tier mix is a set of weights, rescaled to sum to 1 in every sample; their means sum to ${+sum.toPrecision(6)}, not 1 — check the mix`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Attaching to the resolved scenario

const attached = new WeakMap<Scenario, UncertaintyModel>();

/**
 * Record the distributions, growth and `budget.at` of a scenario that has validated, and add the
 * pre-pass's warnings to it. Returns the same scenario.
 */
export function attachUncertainty<S extends Scenario>(scenario: S, pending: PendingUncertainty): S {
  const { raw, src, attribute, model } = pending;
  const problems: Problem[] = [];
  const fail = (path: Segment[], message: string, fix?: string): void => {
    problems.push(attribute({ file: src.file, ...(src.locate(path, 'key') ?? {}), path: dottedPath(path, raw), message, fix }, path));
  };
  if (raw.growth !== undefined) {
    const g = fastGrowth(raw.growth) ?? scenarioSchemas().growthSchema.parse(raw.growth);
    if (g.monthly_rate !== undefined && g.curve !== undefined) {
      fail(['growth'], 'give monthly_rate or curve, not both', 'monthly_rate: compound growth per month; curve: a list of monthly request multipliers');
    }
    if (g.curve !== undefined && g.months !== undefined && g.months !== g.curve.length) {
      fail(['growth', 'months'], `months is ${g.months} but the curve has ${g.curve.length} multipliers`, 'drop months (the curve sets the horizon) or make them agree');
    }
    const growth: GrowthModel = {
      kind: g.curve !== undefined ? 'curve' : g.monthly_rate !== undefined ? 'rate' : 'flat',
      monthlyRate: g.monthly_rate ?? 0,
      curve: g.curve ?? null,
      months: g.curve?.length ?? g.months ?? DEFAULT_FORECAST_MONTHS,
      start: g.start ?? null,
    };
    model.growth = growth;
  }
  const budget = raw.budget;
  if (isObj(budget) && typeof budget.at === 'string') model.budgetAt = budget.at as Percentile;
  if (problems.length > 0) throw new InputError(problems);
  for (const w of pending.warnings) scenario.warnings.push(w);
  attached.set(scenario, model);
  return scenario;
}

/** Months forecast when the scenario gives no horizon. */
export const DEFAULT_FORECAST_MONTHS = 12;

/** The uncertainty of a loaded scenario (none for a scenario built without the loader). */
export function uncertaintyOf(scenario: Scenario): UncertaintyModel {
  return attached.get(scenario) ?? emptyUncertainty();
}
