/**
 * Overflow guard (issue 13): no input may turn a cost into Infinity or NaN. Any non-finite number
 * in an estimate is an input error naming the inputs that produced it, never a "—" in a table or
 * an "unchanged" in a diff. Pure: returns what is wrong; the loader locates it and throws.
 */
import { stageModelFees } from './fees.js';
import { InputError } from '../errors.js';
import type { ScenarioReport } from '../schema/report.js';
import { INPUT_PARTS } from '../schema/input-parts.js';
import { sci } from '../util/number.js';
import { attemptsPerCall } from './estimate.js';
import type { LineItem, Scenario, Stage, StageModel } from './model.js';
import type { Segment } from './paths.js';

export interface Overflow {
  /** Data path of the input to blame (stages and line items by index). */
  path: Segment[];
  message: string;
  fix: string;
}

const FIX = 'the numbers are too large to compute with; check them for a typo (an extra exponent or zeros) — see the limits in docs/scenario.md';

/** The first non-finite number in `value` (depth-first), with its path; undefined when all are finite. */
export function firstNonFinite(value: unknown, path: Segment[] = []): { path: Segment[]; value: number } | undefined {
  // iterative, so a deep report cannot overflow the stack; each entry points at its parent, and the
  // path is spelled out only for the number found (every load checks a whole report: no copies per node)
  const stack: Frame[] = [{ v: value, up: null, key: 0 }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: pathOf(f, path), value: v };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], up: f, key: i });
    } else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: (v as Record<string, unknown>)[keys[i]!], up: f, key: keys[i]! });
    }
  }
  return undefined;
}

interface Frame {
  v: unknown;
  /** The frame of the container holding this value; null for the value checked. */
  up: Frame | null;
  key: Segment;
}

function pathOf(f: Frame, root: Segment[]): Segment[] {
  if (f.up === null) return root;
  const keys: Segment[] = [];
  for (let x: Frame = f; x.up !== null; x = x.up) keys.push(x.key);
  return [...root, ...keys.reverse()];
}

/** "Infinity", "-Infinity" or "NaN" as a reader sees it. */
export function nonFiniteName(x: number): string {
  return Number.isNaN(x) ? 'NaN (not a number)' : x > 0 ? 'Infinity' : '-Infinity';
}

const n = (x: number): string => sci(x);

function trafficInputs(s: Scenario): string {
  const t = s.traffic;
  if (t.mode === 'requests_per_day') return `traffic.requests_per_day ${n(t.requestsPerDay ?? 0)} × days_per_month ${n(t.daysPerMonth)}`;
  if (t.mode === 'users') return `traffic.users ${n(t.users ?? 0)} × requests_per_user_per_day ${n(t.requestsPerUserPerDay ?? 0)} × days_per_month ${n(t.daysPerMonth)}`;
  return `traffic.requests_per_month ${n(t.requestsPerMonth)}`;
}

function trafficKey(s: Scenario): Segment[] {
  const t = s.traffic;
  return ['traffic', t.mode === 'users' ? 'users' : t.mode];
}

function stageInputs(s: Scenario, st: Stage, sm: StageModel): string {
  const input = sm.input ?? st.input;
  let sum = 0;
  for (const p of INPUT_PARTS) sum += input[p];
  const p = sm.model.prices;
  const prices = [`input ${n(p.input)}`, `output ${n(p.output)}`];
  if (p.cache_read !== undefined) prices.push(`cache_read ${n(p.cache_read)}`);
  if (p.cache_write !== undefined) prices.push(`cache_write ${n(p.cache_write)}`);
  if (p.reasoning !== undefined) prices.push(`reasoning ${n(p.reasoning)}`);
  if (p.long_context) prices.push(`long_context input ${n(p.long_context.input)}, output ${n(p.long_context.output)}`);
  const parts = [
    trafficInputs(s),
    `agent_steps ${n(st.agentSteps)}`,
    `input tokens per call ${n(sum)}`,
    `context_growth_per_step ${n(st.contextGrowthPerStep)}`,
    `output ${n(sm.output)}`,
    `reasoning ${n(sm.reasoning)}`,
    `max_retries ${n(st.maxRetries)} with retry_rate ${n(st.retryRate)} (A = ${n(attemptsPerCall(st.retryRate, st.maxRetries))} attempts per call)`,
    `${sm.model.ref}'s prices per 1M tokens (${sm.model.catalogue.file}): ${prices.join(', ')}`,
  ];
  const fees = feeInputs(st, sm);
  if (fees) parts.push(fees);
  return parts.join('; ');
}

/** The fee usage and prices of a stage model (core/fees.ts), for an overflow message; '' without fees. */
function feeInputs(st: Stage, sm: StageModel): string {
  const lines = stageModelFees(st, sm, 1, 1, 0)?.lines ?? [];
  if (lines.length === 0) return '';
  const f = st.fees!;
  const usage: string[] = [];
  for (const [t, v] of Object.entries(f.toolCalls)) usage.push(`tool_calls.${t} ${n(v)}`);
  for (const [t, v] of Object.entries(f.toolHours)) usage.push(`tool_hours.${t} ${n(v)}`);
  for (const k of ['audio', 'image'] as const) { const m = f[k]; if (m) usage.push(`${k} input ${n(m.input)}, output ${n(m.output)}`); }
  if (f.storage) usage.push(`cache_storage tokens ${n(f.storage.tokens)}`);
  const p = sm.model.prices;
  const rates = [...Object.entries(p.tools ?? {}).map(([t, x]) => `${t} ${x?.per_1k !== undefined ? `${n(x.per_1k)} per 1,000` : `${n(x?.per_hour ?? 0)} per hour`}`)];
  for (const k of ['input_audio', 'output_audio', 'cache_read_audio', 'input_image', 'output_image', 'cache_read_image', 'cache_storage'] as const) if (p[k] !== undefined) rates.push(`${k} ${n(p[k])}`);
  return `fees: ${usage.join(', ')}; fee prices: ${rates.join(', ')}`;
}

function lineItemInputs(s: Scenario, li: LineItem): string {
  switch (li.kind) {
    case 'monthly':
      return `monthly ${n(li.monthly)}`;
    case 'per_request':
      return `per_request ${n(li.perRequest)} × ${trafficInputs(s)}`;
    case 'per_user':
      return `per_user ${n(li.perUser)} × traffic.users ${n(s.traffic.users ?? 0)}`;
    case 'labour':
      return `minutes ${n(li.minutes)} × hourly_rate ${n(li.hourlyRate)} × ${trafficInputs(s)}`;
    case 'tokens':
      return `tokens_per_month ${n(li.tokensPerMonth)} × ${li.model.ref}'s input price ${n(li.model.prices.input)} (${li.model.catalogue.file})`;
  }
}

/**
 * What overflowed in the estimate `r` of scenario `s`, blamed on the inputs that produced it, or
 * undefined when every number of the estimate is finite.
 */
export function findOverflow(s: Scenario, r: ScenarioReport): Overflow | undefined {
  // a budget so small that the share of it used (shown in percent) is not a finite number
  const b = r.budget;
  if (b && !Number.isFinite(b.used * 100)) {
    return {
      path: ['budget', 'monthly'],
      message: `the share of the budget used comes to ${nonFiniteName(b.used * 100)} percent: a monthly cost of ${n(r.total_monthly_cost)} against a budget of ${n(b.monthly)}`,
      fix: `give budget.monthly in ${s.currency} a month, e.g. monthly: 5000`,
    };
  }
  const bad = firstNonFinite(r);
  if (!bad) return undefined;
  const what = nonFiniteName(bad.value);
  if (!Number.isFinite(s.traffic.requestsPerMonth)) {
    return { path: trafficKey(s), message: `the requests per month come to ${what}: ${trafficInputs(s)}`, fix: FIX };
  }
  for (let i = 0; i < r.stages.length; i++) {
    const sr = r.stages[i]!;
    const st = s.stages[i];
    if (!st || !firstNonFinite(sr)) continue;
    const k = sr.models.findIndex((m) => firstNonFinite(m));
    const sm = st.models[Math.max(0, k)];
    if (!sm) continue;
    return {
      path: ['pipeline', i],
      message: `the monthly cost of stage "${st.name}" on ${sm.model.ref} comes to ${what}; the inputs involved: ${stageInputs(s, st, sm)}`,
      fix: FIX,
    };
  }
  for (let j = 0; j < r.line_items.length; j++) {
    const li = s.lineItems[j];
    if (!li || Number.isFinite(r.line_items[j]!.monthly_cost)) continue;
    return { path: ['costs', j], message: `the line item "${li.name}" comes to ${what}: ${lineItemInputs(s, li)}`, fix: FIX };
  }
  const field = bad.path.map(String).join('.');
  if (s.outcomes && /^(outcomes_per_month|cost_per_outcome|net_value|roi)$/.test(field)) {
    const o = s.outcomes;
    const inputs = o.perMonth !== null ? `outcomes.per_month ${n(o.perMonth)}` : `outcomes.per_request ${n(o.perRequest ?? 0)} × ${trafficInputs(s)}`;
    return { path: ['outcomes'], message: `${field} comes to ${what}: ${inputs}${o.value !== null ? `, value ${n(o.value)}` : ''}`, fix: FIX };
  }
  // every part is finite but their sum is not: name the largest parts
  const parts = [
    ...r.stages.map((x, i) => ({ name: `stage "${x.name}"`, cost: x.monthly_cost, path: ['pipeline', i] as Segment[] })),
    ...r.line_items.map((x, j) => ({ name: `line item "${x.name}"`, cost: x.monthly_cost, path: ['costs', j] as Segment[] })),
  ].sort((a, b) => b.cost - a.cost);
  const top = parts.slice(0, 3);
  return {
    path: top[0]?.path ?? [],
    message: `the ${field.replace(/_/g, ' ')} comes to ${what}: the sum of ${top.map((p) => `${p.name} (${n(p.cost)})`).join(', ')}${parts.length > 3 ? ', …' : ''} is too large`,
    fix: FIX,
  };
}

/**
 * A command's own report (forecast, seats, quotes, break-even, diff) with a non-finite number: an
 * input error naming the report field and the file whose inputs produced it.
 */
export function assertFiniteReport(report: unknown, file: string, what: string): void {
  const bad = firstNonFinite(report);
  if (!bad) return;
  throw new InputError({
    file,
    message: `the ${what}'s ${bad.path.map(String).join('.')} comes to ${nonFiniteName(bad.value)}`,
    fix: FIX,
  });
}
