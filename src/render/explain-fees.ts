/** `--explain` lines for the fees beyond text tokens of one stage model (core/fees.ts). */
import { stageModelFees, type FeeLine } from '../core/fees.js';
import type { Stage, StageModel } from '../core/model.js';
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
