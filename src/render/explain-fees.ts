/** `--explain` lines for the fees beyond text tokens of one stage model (core/fees.ts). */
import { stageModelFees, type FeeLine } from '../core/fees.js';
import type { Stage, StageModel } from '../core/model.js';
import type { CatalogueModel } from '../schema/catalogue.js';
import { money, num } from './format.js';
import type { Style } from './style.js';

const MEDIA: Record<string, [string, string]> = {
  audio_input: ['audio.input × (1 − audio.cache_hit_rate)', 'input_audio'],
  audio_cache_read: ['audio.input × audio.cache_hit_rate', 'cache_read_audio'],
  audio_output: ['audio.output', 'output_audio'],
  image_input: ['image.input × (1 − image.cache_hit_rate)', 'input_image (absent: input)'],
  image_cache_read: ['image.input × image.cache_hit_rate', 'cache_read_image (absent: cache_read)'],
  image_output: ['image.output', 'output_image'],
};

/** The fee arithmetic with the numbers substituted, and the model's total (tokens + fees); [] without fees. */
export function explainFees(stage: Stage, sm: StageModel, C: number, f: number, tokenTotal: number, days: number, cur: string, style: Style): string[] {
  const fees = stageModelFees(stage, sm, C, f, days);
  if (!fees || fees.lines.length === 0) return [];
  const out = ['    fees beyond text tokens (docs/cost-model.md, "Fees beyond text tokens"):'];
  const st = stage.fees!;
  for (const l of fees.lines) out.push(`      ${line(l, st, C, f, days)}`);
  out.push(`    monthly cost = tokens + fees = ${num(tokenTotal)} + ${num(fees.total)} = ${style.bold(money(tokenTotal + fees.total, cur))}`);
  return out;
}

function line(l: FeeLine<number>, st: NonNullable<Stage['fees']>, C: number, f: number, days: number): string {
  const cost = num(l.cost);
  if (l.kind.startsWith('tool_calls.')) {
    const tool = l.kind.slice('tool_calls.'.length) as keyof typeof st.toolCalls;
    return `${l.kind}: C × uses per call × price per use = ${num(C)} × ${num(st.toolCalls[tool]!)} × ${num(l.rate * 1000)}/1000 = ${cost}`;
  }
  if (l.kind.startsWith('tool_hours.')) {
    const tool = l.kind.slice('tool_hours.'.length) as keyof typeof st.toolHours;
    return `${l.kind}: C × container-hours per call × price per hour = ${num(C)} × ${num(st.toolHours[tool]!)} × ${num(l.rate)} = ${cost}`;
  }
  if (l.kind === 'cache_storage') {
    const s = st.storage!;
    const hours = s.hoursPerMonth !== null ? `${num(s.hoursPerMonth)} hours/month` : `(${num(s.hoursPerDay ?? 0)} hours/day × ${num(days)} days)`;
    return `cache_storage: tokens × hours × cache_storage = ${num(s.tokens)} × ${hours} × ${num(l.rate * 1e6)}/1M per hour = ${cost}`;
  }
  const [what, rate] = MEDIA[l.kind]!;
  const m = (l.kind.startsWith('audio') ? st.audio : st.image)!;
  const perCall = l.kind.endsWith('_output') ? num(m.output) : l.kind.endsWith('_cache_read') ? `${num(m.input)} × ${num(m.cacheHitRate)}` : `${num(m.input)} × (1 − ${num(m.cacheHitRate)})`;
  return `${l.kind}: C × ${what} × ${rate} × f = ${num(C)} × ${perCall} = ${num(l.quantity)} tokens × ${num(l.rate * 1e6)}/1M × ${num(f)} = ${cost}`;
}

/** `pricing show`: a model's fee prices beyond text tokens, one line; '' when it has none. */
export function feePricesText(p: CatalogueModel, cur: string): string {
  const per1M = (x: number | undefined) => (x === undefined ? '—' : money(x, cur));
  const parts: string[] = [];
  if (p.input_audio !== undefined || p.output_audio !== undefined) parts.push(`audio per 1M: in ${per1M(p.input_audio)}, cached ${per1M(p.cache_read_audio)}, out ${per1M(p.output_audio)}`);
  if (p.input_image !== undefined || p.output_image !== undefined || p.cache_read_image !== undefined) parts.push(`image per 1M: in ${per1M(p.input_image ?? p.input)}, out ${per1M(p.output_image)}`);
  if (p.cache_storage !== undefined) parts.push(`cache storage ${money(p.cache_storage, cur)} per 1M tokens per hour`);
  for (const [tool, t] of Object.entries(p.tools ?? {})) {
    if (!t) continue;
    const price = t.per_1k !== undefined ? `${money(t.per_1k, cur)} per 1,000 uses${t.unit ? ` (one use: a ${t.unit})` : ''}` : `${money(t.per_hour ?? 0, cur)} per container-hour`;
    parts.push(`${tool} ${price}${t.as_of ? ` (as of ${t.as_of})` : ''}`);
  }
  return parts.length ? `fees beyond text tokens: ${parts.join(' · ')}` : '';
}
