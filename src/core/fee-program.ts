/**
 * Fees beyond text tokens in the compiled cost program (cost-kernel.ts) and its generated kernel
 * (kernel-source.ts): the stage's fee inputs as slots of the input vector (so `--set`, variants and
 * distributions reach them: paths `pipeline.<stage>.tool_calls.web_search`, `….audio.input`,
 * `….cache_storage.tokens`, …), each model's rates over them, and the one arithmetic of
 * core/fees.ts evaluated on numbers or on the kernel's expressions. Pure: no I/O.
 */
import { FEE_TOOLS } from '../schema/fees.js';
import type { FeeProg } from './cost-layout.js';
import { feeLines, feeRates, NUMBER_OPS, type FeeValues, type Ops } from './fees.js';
import type { PricedModel, Stage } from './model.js';
import type { Segment } from './paths.js';

/**
 * Allocate the stage's fee slots (with their paths) and return how to build each model's fee
 * program over them (null for every model when the stage uses no fee).
 */
export function feeProgram(st: Stage, slot: (value: number, ...path: Segment[]) => number): (model: PricedModel) => FeeProg | null {
  const fees = st.fees;
  if (!fees) return () => null;
  const toolSlots = new Map<string, number>();
  const hourSlots = new Map<string, number>();
  for (const tool of FEE_TOOLS) {
    const n = fees.toolCalls[tool];
    if (n !== undefined) toolSlots.set(tool, slot(n, 'tool_calls', tool));
    const h = fees.toolHours[tool];
    if (h !== undefined) hourSlots.set(tool, slot(h, 'tool_hours', tool));
  }
  const media = (key: 'audio' | 'image'): FeeProg['audio'] => {
    const m = fees[key];
    return m ? { input: slot(m.input, key, 'input'), output: slot(m.output, key, 'output'), hit: slot(m.cacheHitRate, key, 'cache_hit_rate') } : null;
  };
  const audio = media('audio');
  const image = media('image');
  const s = fees.storage;
  const storage = s
    ? {
        tokens: slot(s.tokens, 'cache_storage', 'tokens'),
        hours: s.hoursPerMonth !== null ? slot(s.hoursPerMonth, 'cache_storage', 'hours_per_month') : slot(s.hoursPerDay ?? 0, 'cache_storage', 'hours_per_day'),
        perDay: s.hoursPerMonth === null,
      }
    : null;
  return (model) => {
    const { rates } = feeRates(fees, model);
    return {
      rates,
      tools: rates.tools.map((t) => toolSlots.get(t.tool)!),
      hours: rates.hours.map((t) => hourSlots.get(t.tool)!),
      audio: rates.audio ? audio : null,
      image: rates.image ? image : null,
      storage: rates.storage !== null ? storage : null,
    };
  };
}

/** The fee inputs of a model's program as values: `read` gives a slot's value (a number, or a kernel expression). */
export function feeValues<V>(o: Ops<V>, p: FeeProg, read: (slot: number) => V, days: V): FeeValues<V> {
  const media = (m: FeeProg['audio']) => (m ? { input: read(m.input), output: read(m.output), hit: read(m.hit) } : null);
  return {
    tools: p.tools.map(read),
    hours: p.hours.map(read),
    audio: media(p.audio),
    image: media(p.image),
    storage: p.storage ? { tokens: read(p.storage.tokens), hours: p.storage.perDay ? o.mul(read(p.storage.hours), days) : read(p.storage.hours) } : null,
  };
}

/** `CostProgram.run`'s fee inputs, read from the input vector. */
export function feeValuesAt(p: FeeProg, x: Float64Array, days: number): FeeValues<number> {
  return feeValues(NUMBER_OPS, p, (i) => x[i]!, days);
}

/** `CostProgram.run`'s fees of one stage model: total and the storage part. */
export function runFees(p: FeeProg, vals: FeeValues<number>, C: number, f: number): { total: number; storage: number } {
  const { total, storage } = feeLines(NUMBER_OPS, p.rates, vals, C, f, 0);
  return { total, storage };
}

/** Every slot a model's fees read (for the kernel: a model with a drawn fee input is code, not a table row). */
export function feeSlots(p: FeeProg): number[] {
  const out = [...p.tools, ...p.hours];
  for (const m of [p.audio, p.image]) if (m) out.push(m.input, m.output, m.hit);
  if (p.storage) out.push(p.storage.tokens, p.storage.hours);
  return out;
}

/** Whether `pipeline.<stage>.<c>.<d>` is a fee input that may be uncertain (a distribution). */
export function isFeeInput(c: Segment | undefined, d: Segment | undefined): boolean {
  if (typeof d !== 'string') return false;
  if (c === 'tool_calls' || c === 'tool_hours') return (FEE_TOOLS as readonly string[]).includes(d);
  if (c === 'audio' || c === 'image') return d === 'input' || d === 'output' || d === 'cache_hit_rate';
  if (c === 'cache_storage') return d === 'tokens' || d === 'hours_per_month' || d === 'hours_per_day';
  return false;
}
