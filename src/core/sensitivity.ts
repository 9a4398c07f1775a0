/**
 * `sensitivity`: every numeric input of a scenario moved down and up by a relative delta, ranked by
 * the swing in monthly cost. Inputs are found in the raw scenario data (the values the file writes,
 * after --variant/--set), addressed by the dotted paths of spec §2, plus each model's catalogue
 * rates. Bounds are respected and every cut is reported. Pure: the scenario is evaluated through
 * an injected function.
 */
import { InputError } from '../errors.js';
import { PERCENT_RE } from '../schema/common.js';
import { INPUT_PARTS } from '../schema/scenario.js';
import { WHATIF_SCHEMA_VERSION, type ScenarioRef, type SensitivityInput, type SensitivityReport } from '../schema/whatif-report.js';
import { estimateScenario } from './estimate.js';
import type { Scenario } from './model.js';
import { modelsOf, scalePrices } from './whatif.js';
import { localeCompare } from '../util/collate.js';

type Kind = SensitivityInput['kind'];

/** A numeric input found in the scenario data. */
export interface InputSpec {
  path: string;
  kind: Kind;
  base: number;
  /** For a model's share: the other models of the same mix (path → share), rescaled to keep the sum at 1. */
  mix?: { path: string; share: number }[];
  /** A part counted from prompt files: not a number to move. */
  promptFile?: boolean;
}

const BOUNDS: Record<Kind, { min: number; max: number; minWhy: string; maxWhy: string }> = {
  count: { min: 0, max: Infinity, minWhy: 'it cannot be negative', maxWhy: '' },
  rate: { min: 0, max: 1, minWhy: 'a rate is at least 0', maxWhy: 'a rate is at most 1' },
  share: { min: 0, max: 1, minWhy: 'a share is at least 0', maxWhy: 'a share is at most 1' },
  whole_number: { min: 0, max: Infinity, minWhy: 'it cannot be negative', maxWhy: '' },
  steps: { min: 1, max: Infinity, minWhy: 'agent_steps is at least 1', maxWhy: '' },
  days: { min: 1, max: 31, minWhy: 'a month has at least 1 day here', maxWhy: 'days_per_month is at most 31' },
  price: { min: 0, max: Infinity, minWhy: 'a price cannot be negative', maxWhy: '' },
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function asNumber(v: unknown, allowPercent: boolean): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (allowPercent && typeof v === 'string' && PERCENT_RE.test(v)) return Number.parseFloat(v) / 100;
  return null;
}

const STAGE_KEYS: [string, Kind][] = [
  ['share_of_requests', 'rate'],
  ['agent_steps', 'steps'],
  ['context_growth_per_step', 'count'],
  ['output', 'count'],
  ['reasoning', 'count'],
  ['response_cache_hit_rate', 'rate'],
  ['batch_share', 'rate'],
  ['retry_rate', 'rate'],
  ['max_retries', 'whole_number'],
];
const ITEM_KEYS: [string, Kind][] = [
  ['monthly', 'count'],
  ['per_request', 'count'],
  ['per_user', 'count'],
  ['minutes', 'count'],
  ['hourly_rate', 'count'],
  ['tokens_per_month', 'count'],
  ['share_of_requests', 'rate'],
];

/** Every numeric cost input the raw scenario data writes, in file order. Budget and outcomes do not move the cost and are left out. */
export function numericInputs(raw: Record<string, unknown>): InputSpec[] {
  const out: InputSpec[] = [];
  const add = (path: string, kind: Kind, v: unknown) => {
    const n = asNumber(v, kind === 'rate' || kind === 'share');
    if (n !== null) out.push({ path, kind, base: n });
  };
  const traffic = raw.traffic;
  if (isObj(traffic)) {
    for (const k of ['requests_per_day', 'requests_per_month', 'users', 'requests_per_user_per_day'] as const) add(`traffic.${k}`, 'count', traffic[k]);
    add('traffic.days_per_month', 'days', traffic.days_per_month);
  }
  for (const st of Array.isArray(raw.pipeline) ? raw.pipeline : []) {
    if (!isObj(st) || typeof st.name !== 'string') continue;
    const base = `pipeline.${st.name}`;
    const models = st.models;
    if (isObj(models)) {
      const entries = Object.entries(models).map(([name, v]) => ({ path: `${base}.models.${name}`, share: asNumber(v, true) }));
      for (const e of entries) {
        if (e.share === null) continue;
        out.push({ path: e.path, kind: 'share', base: e.share, mix: entries.filter((o) => o !== e && o.share !== null).map((o) => ({ path: o.path, share: o.share! })) });
      }
    } else if (Array.isArray(models)) {
      const entries = models.filter(isObj).map((m) => ({ id: String(m.id), share: asNumber(m.share, true), m }));
      for (const e of entries) {
        const path = `${base}.models.${e.id}`;
        if (e.share !== null) {
          out.push({ path, kind: 'share', base: e.share, mix: entries.filter((o) => o !== e && o.share !== null).map((o) => ({ path: `${base}.models.${o.id}`, share: o.share! })) });
        }
        add(`${path}.output`, 'count', e.m.output);
        add(`${path}.reasoning`, 'count', e.m.reasoning);
      }
    }
    if (isObj(st.input)) {
      for (const part of INPUT_PARTS) {
        const v = st.input[part];
        if (isObj(v)) out.push({ path: `${base}.input.${part}`, kind: 'count', base: Number.NaN, promptFile: true });
        else add(`${base}.input.${part}`, 'count', v);
      }
    }
    for (const [k, kind] of STAGE_KEYS) add(`${base}.${k}`, kind, st[k]);
    if (isObj(st.cache)) add(`${base}.cache.hit_rate`, 'rate', st.cache.hit_rate);
    // fees beyond text tokens (core/fees.ts): tool uses and hours, audio and image tokens, the cache's size
    for (const block of ['tool_calls', 'tool_hours', 'audio', 'image'] as const) {
      const b = st[block];
      if (isObj(b)) for (const [k, v] of Object.entries(b)) add(`${base}.${block}.${k}`, k === 'cache_hit_rate' ? 'rate' : 'count', v);
    }
    if (isObj(st.cache_storage)) add(`${base}.cache_storage.tokens`, 'count', st.cache_storage.tokens);
  }
  for (const item of Array.isArray(raw.costs) ? raw.costs : []) {
    if (!isObj(item) || typeof item.name !== 'string') continue;
    for (const [k, kind] of ITEM_KEYS) add(`costs.${item.name}.${k}`, kind, item[k]);
  }
  return out;
}

/** `base` moved by ±delta within the input's bounds; what was cut or rounded, in words. */
export function moves(kind: Kind, base: number, delta: number): { low: number; high: number; adjusted: string[] } {
  const b = BOUNDS[kind];
  let low = base * (1 - delta);
  let high = base * (1 + delta);
  const adjusted: string[] = [];
  if (kind === 'whole_number') {
    const rl = Math.round(low);
    const rh = Math.round(high);
    low = rl === base && base > 0 ? base - 1 : rl;
    high = rh === base ? base + 1 : rh;
    adjusted.push(`whole numbers: ${fmt(base)} moved to ${fmt(low)} and ${fmt(high)}`);
  }
  if (low < b.min) {
    adjusted.push(`down move cut at ${fmt(b.min)} (${b.minWhy}; ${fmt(base)} − ${pctText(delta)} would be ${fmt(base * (1 - delta))})`);
    low = b.min;
  }
  if (high > b.max) {
    adjusted.push(`up move cut at ${fmt(b.max)} (${b.maxWhy}; ${fmt(base)} + ${pctText(delta)} would be ${fmt(base * (1 + delta))})`);
    high = b.max;
  }
  return { low, high, adjusted };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function pctText(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

/** The `--set` assignments that put an input at `value` (a share also rescales the rest of its mix). */
export function assignments(spec: InputSpec, value: number): string[] {
  if (spec.kind !== 'share' || !spec.mix) return [`${spec.path}=${String(value)}`];
  const rest = 1 - spec.base;
  const scale = rest === 0 ? 0 : (1 - value) / rest;
  return [`${spec.path}=${String(value)}`, ...spec.mix.map((o) => `${o.path}=${String(o.share * scale)}`)];
}

export interface SensitivityOptions {
  scenario: Scenario;
  ref: ScenarioRef;
  /** The raw scenario data after --variant and --set. */
  raw: Record<string, unknown>;
  delta: number;
  /** Monthly cost of the scenario with these extra `--set` assignments. Throws InputError for a value it rejects. */
  evaluate: (set: string[]) => number;
  /** Include each model's catalogue rates as an input (default true). */
  prices?: boolean;
  toolVersion: string;
  /** The pricing date of the run (`--as-of`). */
  pricedAsOf: string;
}

export function runSensitivity(o: SensitivityOptions): SensitivityReport {
  if (!(o.delta > 0) || !Number.isFinite(o.delta)) throw new InputError({ path: '--delta', message: `expected a relative move above 0, got ${o.delta}`, fix: 'e.g. --delta 20%' });
  const baseReport = estimateScenario(o.scenario);
  const baseTotal = baseReport.total_monthly_cost;
  const inputs: SensitivityInput[] = [];
  const unmoved: SensitivityReport['unmoved'] = [];
  const tiny = 1e-12 * Math.max(1, Math.abs(baseTotal));

  for (const spec of numericInputs(o.raw)) {
    if (spec.promptFile) {
      unmoved.push({ path: spec.path, reason: 'counted from prompt files: edit the files, or sweep it as a number (aifinops sweep --param …)' });
      continue;
    }
    if (spec.base === 0) {
      unmoved.push({ path: spec.path, reason: 'it is 0 in the scenario, and a relative move leaves it at 0' });
      continue;
    }
    if (spec.kind === 'share' && (spec.mix ?? []).every((m) => m.share === 0)) {
      unmoved.push({ path: spec.path, reason: 'the only model with a share in its mix: its share stays 1' });
      continue;
    }
    const m = moves(spec.kind, spec.base, o.delta);
    if (spec.kind === 'share') m.adjusted.push('the rest of the mix rescaled so the shares still sum to 1');
    let lowCost: number;
    let highCost: number;
    try {
      lowCost = o.evaluate(assignments(spec, m.low));
      highCost = o.evaluate(assignments(spec, m.high));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      unmoved.push({ path: spec.path, reason: `the scenario rejects the moved value: ${err.problems[0]?.message ?? err.message}` });
      continue;
    }
    const swing = Math.abs(highCost - lowCost);
    if (swing <= tiny && Math.abs(lowCost - baseTotal) <= tiny && Math.abs(highCost - baseTotal) <= tiny) {
      const reason =
        spec.path === 'traffic.users'
          ? 'it changes the cost per user, not the monthly cost (traffic is given per day or per month, and no line item is per user)'
          : 'moving it leaves the monthly cost unchanged';
      unmoved.push({ path: spec.path, reason });
      continue;
    }
    inputs.push({ path: spec.path, kind: spec.kind, base: spec.base, low: m.low, high: m.high, low_cost: lowCost, high_cost: highCost, swing, adjusted: m.adjusted });
  }

  if (o.prices !== false) {
    for (const model of modelsOf(o.scenario)) {
      const m = moves('price', 1, o.delta);
      const pick = (x: { ref: string }) => x.ref === model.ref;
      const lowCost = estimateScenario(scalePrices(o.scenario, pick, m.low)).total_monthly_cost;
      const highCost = estimateScenario(scalePrices(o.scenario, pick, m.high)).total_monthly_cost;
      const path = `price:${model.ref}`;
      const swing = Math.abs(highCost - lowCost);
      if (swing <= tiny) {
        unmoved.push({ path, reason: 'moving its rates leaves the monthly cost unchanged' });
        continue;
      }
      const adjusted = m.low === 0 && o.delta > 1 ? [`down move cut at 0 (a price cannot be negative; −${pctText(o.delta)} would go below 0)`] : [];
      inputs.push({ path, kind: 'price', base: 1, low: m.low, high: m.high, low_cost: lowCost, high_cost: highCost, swing, adjusted });
    }
  }

  inputs.sort((a, b) => b.swing - a.swing || localeCompare(a.path, b.path));
  return {
    schema_version: WHATIF_SCHEMA_VERSION,
    tool_version: o.toolVersion,
    priced_as_of: o.pricedAsOf,
    kind: 'sensitivity',
    scenario: o.ref,
    delta: o.delta,
    scenario_total_monthly_cost: baseTotal,
    inputs,
    unmoved,
    warnings: baseReport.warnings,
  };
}
