/** `--explain` lines for the provider rules of one stage model (core/provider-rules.ts). */
import type { PricedModel } from '../core/model.js';
import { WINDOW_RATE_FIELDS } from '../schema/catalogue.js';
import { num } from './format.js';
import type { Style } from './style.js';

const pct = (x: number): string => `${num(100 * x)}%`;

export function explainRules(model: PricedModel, style: Style): string[] {
  const a = model.applied;
  if (!a) return [];
  const out: string[] = [];
  if (a.profile) {
    const p = a.profile;
    const prof = p.kind === 'hours' ? 'hour weights as given' : p.kind;
    out.push(style.bold(`    time windows (traffic profile: ${prof}, UTC${p.utcOffset >= 0 ? '+' : ''}${num(p.utcOffset)}, weekday share ${num(p.weekdayShare)})`));
    for (const w of a.windows) {
      const days = w.days === 'all' ? 'every day' : w.days;
      out.push(`      ${w.name}: ${w.hours.join(', ')} UTC, ${days} → share s = ${num(w.share)} (${pct(w.share)} of calls)`);
    }
    out.push(`      outside the windows: 1 − Σ s = ${num(a.outside)}`);
    for (const f of WINDOW_RATE_FIELDS) {
      const base = a.before[f];
      if (base === undefined) continue;
      const terms = [`${num(a.outside)} × ${num(base)}`, ...a.windows.map((w) => `${num(w.share)} × ${num(w.rates[f] ?? base)}`)];
      let eff = a.outside * base;
      for (const w of a.windows) eff += w.share * (w.rates[f] ?? base);
      out.push(`      ${f}: ${terms.join(' + ')} = ${num(eff)}/1M`);
    }
  }
  if (a.tiers) {
    const terms = Object.entries(a.tiers)
      .filter(([, q]) => (q ?? 0) > 0)
      .map(([t, q]) => `${num(q!)} × ${num(a.tierFactors[t as keyof typeof a.tierFactors] ?? 1)} (${t})`);
    out.push(style.bold(`    service tier: T = Σ share × factor = ${terms.join(' + ')} = ${num(a.tierFactor)}; every rate × T`));
    out.push(`      batch calls are not also tiered: d' = 1 − (1 − batch_discount) ÷ T = 1 − (1 − ${num(a.batchDiscount)}) ÷ ${num(a.tierFactor)} = ${num(a.effectiveBatchDiscount)}`);
  }
  return out;
}

/** "a / deepseek/deepseek-v4-pro: peak windows 77.8% of calls (business-hours, UTC+8); service tier priority 100% (T = 2)" for each stage model a rule priced. */
export function rulesSummaryLines(s: { stages: readonly { name: string; models: readonly { model: string; provider_rules?: import('../schema/report.js').ProviderRulesReport }[] }[] }): string[] {
  const out: string[] = [];
  for (const st of s.stages) {
    for (const m of st.models) {
      const r = m.provider_rules;
      if (!r) continue;
      const parts: string[] = [];
      if (r.time_windows && r.time_profile) {
        const p = r.time_profile;
        parts.push(`${r.time_windows.map((w) => `${w.name} ${pct(w.share)}`).join(', ')} of calls (${p.kind === 'hours' ? 'hourly profile' : p.kind}, UTC${p.utc_offset >= 0 ? '+' : ''}${num(p.utc_offset)}, weekdays ${pct(p.weekday_share)})`);
      }
      if (r.service_tier) parts.push(`service tier ${Object.entries(r.service_tier).map(([t, q]) => `${t} ${pct(q!)}`).join(', ')} (rates × ${num(r.tier_factor)})`);
      out.push(`  ${st.name} / ${m.model}: ${parts.join('; ')}`);
    }
  }
  return out;
}
