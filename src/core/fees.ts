/**
 * Fees beyond text tokens (issue 14 §3, first half; docs/cost-model.md "Fees beyond text tokens"):
 * server-side tools per 1,000 uses or per container-hour, explicit context-cache storage per
 * token-hour, and audio and image tokens at their own rates. Pure: no I/O.
 *
 * The arithmetic is written once, over an `Ops` of the value type, so `estimateScenario` (numbers),
 * `CostProgram.run` (numbers read from the input vector) and the generated Monte Carlo kernel
 * (kernel-source.ts: numbers or per-sample expressions) do the same operations in the same order
 * and agree bit for bit.
 */
import { FEE_TOOLS, type FeeTool, type StageFeesParsed } from '../schema/fees.js';
import type { ModelReport } from '../schema/report.js';
import { TOKENS_PER_PRICE_UNIT, type PricedModel, type Stage, type StageModel } from './model.js';

/** Report categories (`by_category`), one per fee family. */
export const CATEGORY_TOOLS = 'server-side tools';
export const CATEGORY_STORAGE = 'cache storage';
export const CATEGORY_MEDIA = 'audio and image tokens';

export interface Media {
  input: number;
  output: number;
  cacheHitRate: number;
}

/** A stage's fee usage, as the scenario gives it (absent fields: none). */
export interface StageFees {
  /** Mean billable uses per model call, per tool (only the tools given). */
  toolCalls: Partial<Record<FeeTool, number>>;
  /** Mean container-hours per model call, per tool. */
  toolHours: Partial<Record<FeeTool, number>>;
  audio: Media | null;
  image: Media | null;
  /** An explicit cache held per model of the stage: size and hours (per month, or per day × days_per_month). */
  storage: { tokens: number; hoursPerMonth: number | null; hoursPerDay: number | null } | null;
}

/** The stage's fee usage from its parsed block, or null when it gives none (nothing changes then). */
export function stageFeesOf(st: StageFeesParsed): StageFees | null {
  if (!st.tool_calls && !st.tool_hours && !st.audio && !st.image && !st.cache_storage) return null;
  const media = (m: StageFeesParsed['audio']): Media | null => (m ? { input: m.input ?? 0, output: m.output ?? 0, cacheHitRate: m.cache_hit_rate ?? 0 } : null);
  const cs = st.cache_storage;
  return {
    toolCalls: { ...st.tool_calls },
    toolHours: { ...st.tool_hours },
    audio: media(st.audio),
    image: media(st.image),
    storage: cs ? { tokens: cs.tokens, hoursPerMonth: cs.hours_per_month ?? null, hoursPerDay: cs.hours_per_day ?? null } : null,
  };
}

export type FeeKind =
  | `tool_calls.${FeeTool}`
  | `tool_hours.${FeeTool}`
  | 'audio_input'
  | 'audio_cache_read'
  | 'audio_output'
  | 'image_input'
  | 'image_cache_read'
  | 'image_output'
  | 'cache_storage';

/** Rates of one model for a stage's fee usage: per unit of the quantity (use, hour, token, token-hour). */
export interface FeeRates {
  tools: { tool: FeeTool; perUse: number }[];
  hours: { tool: FeeTool; perHour: number }[];
  audio: { input: number; cacheRead: number; output: number } | null;
  image: { input: number; cacheRead: number; output: number } | null;
  /** Per token-hour. */
  storage: number | null;
}

/** A price the model's catalogue lacks for a fee the stage uses (a load error). */
export interface MissingFeePrice {
  path: string[];
  message: string;
  fix: string;
}

const perToken = (x: number): number => x / TOKENS_PER_PRICE_UNIT;

/**
 * The rates a model charges for a stage's fee usage, or what is missing. A fee the stage uses with
 * a value > 0 needs its price: there is no silent zero (the catalogue's notes and
 * docs/pricing-catalogue.md say which fees are priced).
 */
export function feeRates(fees: StageFees, model: PricedModel): { rates: FeeRates; missing: MissingFeePrice[] } {
  const p = model.prices;
  const missing: MissingFeePrice[] = [];
  const lack = (path: string[], what: string): void => {
    missing.push({
      path,
      message: `${model.ref} has no ${what} price in ${model.catalogue.file}`,
      fix: `add one to a catalogue (docs/pricing-catalogue.md, "Fees beyond text tokens"), or drop ${path.join('.')} for this stage; aifinops never prices a fee at zero silently`,
    });
  };
  const tools: FeeRates['tools'] = [];
  const hours: FeeRates['hours'] = [];
  for (const tool of FEE_TOOLS) {
    const n = fees.toolCalls[tool];
    if (n !== undefined) {
      const q = p.tools?.[tool]?.per_1k;
      if (q !== undefined) tools.push({ tool, perUse: q / 1000 });
      else if (n > 0) lack(['tool_calls', tool], p.tools?.[tool]?.per_hour !== undefined ? `per-use ${tool} (it bills ${tool} per container-hour: give tool_hours.${tool})` : `${tool}`);
    }
    const h = fees.toolHours[tool];
    if (h !== undefined) {
      const q = p.tools?.[tool]?.per_hour;
      if (q !== undefined) hours.push({ tool, perHour: q });
      else if (h > 0) lack(['tool_hours', tool], p.tools?.[tool]?.per_1k !== undefined ? `per-hour ${tool} (it bills ${tool} per 1,000 uses: give tool_calls.${tool})` : `per-hour ${tool}`);
    }
  }
  const media = (m: Media | null, key: 'audio' | 'image'): FeeRates['audio'] => {
    if (!m) return null;
    const inRate = key === 'audio' ? p.input_audio : (p.input_image ?? p.input);
    // image tokens without their own rates are billed as text input, cached ones at the text cache-read rate
    const crRate = key === 'audio' ? p.cache_read_audio : p.input_image === undefined ? (p.cache_read_image ?? p.cache_read) : p.cache_read_image;
    const outRate = key === 'audio' ? p.output_audio : p.output_image;
    if (inRate === undefined && m.input > 0) lack([key, 'input'], `input_${key}`);
    if (crRate === undefined && m.input > 0 && m.cacheHitRate > 0) lack([key, 'cache_hit_rate'], `cache_read_${key}`);
    if (outRate === undefined && m.output > 0) lack([key, 'output'], `output_${key}`);
    return { input: perToken(inRate ?? 0), cacheRead: perToken(crRate ?? 0), output: perToken(outRate ?? 0) };
  };
  let storage: number | null = null;
  if (fees.storage) {
    if (p.cache_storage !== undefined) storage = perToken(p.cache_storage);
    else if (fees.storage.tokens > 0) lack(['cache_storage'], 'cache storage (per 1M tokens per hour)');
  }
  return { rates: { tools, hours, audio: media(fees.audio, 'audio'), image: media(fees.image, 'image'), storage }, missing };
}

/** Arithmetic over a value type: plain numbers, or the kernel's folding emitter. */
export interface Ops<V> {
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  mul(a: V, b: V): V;
}

/** A stage model's fee inputs as values of the arithmetic (numbers, slots read, or expressions). */
export interface FeeValues<V> {
  tools: V[];
  hours: V[];
  audio: { input: V; output: V; hit: V } | null;
  image: { input: V; output: V; hit: V } | null;
  storage: { tokens: V; hours: V } | null;
}

export interface FeeLine<V> {
  kind: FeeKind;
  /** Uses, hours, tokens or token-hours per month. */
  quantity: V;
  /** Price per unit of the quantity (batch factor not applied). */
  rate: number;
  cost: V;
}

/**
 * The monthly fees of one stage model, C calls a month at batch factor f: the lines in a fixed
 * order, their total, and the storage part (which does not scale with volume).
 *
 *   tool (per 1,000 uses q)       C × n × q/1000
 *   tool (per container-hour q)   C × h × q
 *   audio/image input             C × (in × (1 − hit)) × p_in × f
 *   audio/image cache reads       C × (in × hit) × p_cr × f
 *   audio/image output            C × out × p_out × f
 *   cache storage                 tokens × hours × p_storage        (per model, not per call)
 */
export function feeLines<V>(o: Ops<V>, r: FeeRates, x: FeeValues<V>, C: V, f: V, zero: V): { lines: FeeLine<V>[]; total: V; storage: V } {
  const lines: FeeLine<V>[] = [];
  r.tools.forEach((t, k) => {
    const quantity = o.mul(C, x.tools[k]!);
    lines.push({ kind: `tool_calls.${t.tool}`, quantity, rate: t.perUse, cost: o.mul(quantity, t.perUse as V) });
  });
  r.hours.forEach((t, k) => {
    const quantity = o.mul(C, x.hours[k]!);
    lines.push({ kind: `tool_hours.${t.tool}`, quantity, rate: t.perHour, cost: o.mul(quantity, t.perHour as V) });
  });
  const media = (m: FeeValues<V>['audio'], rates: FeeRates['audio'], key: 'audio' | 'image'): void => {
    if (!m || !rates) return;
    const fresh = o.mul(C, o.mul(m.input, o.sub(1 as V, m.hit)));
    const cached = o.mul(C, o.mul(m.input, m.hit));
    const out = o.mul(C, m.output);
    lines.push({ kind: `${key}_input`, quantity: fresh, rate: rates.input, cost: o.mul(o.mul(fresh, rates.input as V), f) });
    lines.push({ kind: `${key}_cache_read`, quantity: cached, rate: rates.cacheRead, cost: o.mul(o.mul(cached, rates.cacheRead as V), f) });
    lines.push({ kind: `${key}_output`, quantity: out, rate: rates.output, cost: o.mul(o.mul(out, rates.output as V), f) });
  };
  media(x.audio, r.audio, 'audio');
  media(x.image, r.image, 'image');
  let storage = zero;
  if (x.storage && r.storage !== null) {
    const quantity = o.mul(x.storage.tokens, x.storage.hours);
    storage = o.mul(quantity, r.storage as V);
    lines.push({ kind: 'cache_storage', quantity, rate: r.storage, cost: storage });
  }
  let total = zero;
  for (const l of lines) total = o.add(total, l.cost);
  return { lines, total, storage };
}

export const NUMBER_OPS: Ops<number> = { add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b };

/** The hours a cache is held in a month: hours_per_month, or hours_per_day × days_per_month. */
export function storageHours<V>(o: Ops<V>, s: NonNullable<StageFees['storage']>, hoursPerMonth: V, hoursPerDay: V, days: V): V {
  return s.hoursPerMonth !== null ? hoursPerMonth : o.mul(hoursPerDay, days);
}

/** The category a fee line is reported under. */
export function feeCategory(kind: FeeKind): string {
  if (kind === 'cache_storage') return CATEGORY_STORAGE;
  return kind.startsWith('tool_') ? CATEGORY_TOOLS : CATEGORY_MEDIA;
}

/** What a fee line's quantity counts, for reports and `--explain`. */
export function feeUnit(kind: FeeKind): string {
  if (kind.startsWith('tool_calls.')) return 'uses';
  if (kind.startsWith('tool_hours.')) return 'container-hours';
  if (kind === 'cache_storage') return 'token-hours';
  return 'tokens';
}

export type FeeReport = NonNullable<ModelReport['fees']>[number];

/** The monthly fees of a stage model at the point values (for `estimate`, `--explain`). */
export function stageModelFees(stage: Stage, sm: StageModel, C: number, f: number, days: number): { lines: FeeLine<number>[]; total: number; storage: number } | null {
  const fees = stage.fees;
  if (!fees) return null;
  const { rates } = feeRates(fees, sm.model);
  const vals: FeeValues<number> = {
    tools: rates.tools.map((t) => fees.toolCalls[t.tool]!),
    hours: rates.hours.map((t) => fees.toolHours[t.tool]!),
    audio: fees.audio ? { input: fees.audio.input, output: fees.audio.output, hit: fees.audio.cacheHitRate } : null,
    image: fees.image ? { input: fees.image.input, output: fees.image.output, hit: fees.image.cacheHitRate } : null,
    storage: fees.storage ? { tokens: fees.storage.tokens, hours: storageHours(NUMBER_OPS, fees.storage, fees.storage.hoursPerMonth ?? 0, fees.storage.hoursPerDay ?? 0, days) } : null,
  };
  return feeLines(NUMBER_OPS, rates, vals, C, f, 0);
}

/** The report's `fees` list of a stage model. */
export function feeReport(lines: readonly FeeLine<number>[]): FeeReport[] {
  return lines.map((l) => ({ kind: l.kind, category: feeCategory(l.kind), quantity: l.quantity, unit: feeUnit(l.kind), rate: l.rate, cost: l.cost }));
}
