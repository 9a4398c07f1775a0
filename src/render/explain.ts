/** `--explain`: the spec §3 arithmetic of each stage and model, with the numbers substituted. */
import { displaySafe } from '../util/excerpt.js';
import { lineItemCost, priceStageModel, stageInputFor } from '../core/estimate.js';
import type { Scenario } from '../core/model.js';
import { stepCount } from '../core/steps.js';
import { explainFees } from './explain-fees.js';
import type { ScenarioReport } from '../schema/report.js';
import { INPUT_PARTS } from '../schema/scenario.js';
import { money, num } from './format.js';
import type { Style } from './style.js';
import { explainRules } from './explain-rules.js';

/** A per-token rate written as its catalogue price: 3/1M. */
const pm = (perToken: number): string => `${num(perToken * 1e6)}/1M`;

export function renderExplain(s: Scenario, report: ScenarioReport, style: Style): string {
  s = displaySafe(s); // file-supplied names reach no terminal raw (util/excerpt.ts)
  report = displaySafe(report); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cur = s.currency;
  const t = s.traffic;
  const out: string[] = [];
  out.push(style.bold(`How ${s.name}${s.variant ? ` [variant: ${s.variant}]` : ''} is computed`) + style.dim('  (prices per token = catalogue price ÷ 1,000,000)'));
  out.push('');
  const R = t.requestsPerMonth;
  if (t.mode === 'requests_per_day') out.push(`R = requests_per_day × days_per_month = ${num(t.requestsPerDay!)} × ${num(t.daysPerMonth)} = ${num(R)} requests/month`);
  else if (t.mode === 'users') out.push(`R = users × requests_per_user_per_day × days_per_month = ${num(t.users!)} × ${num(t.requestsPerUserPerDay!)} × ${num(t.daysPerMonth)} = ${num(R)} requests/month`);
  else out.push(`R = requests_per_month = ${num(R)}`);

  for (const stage of s.stages) {
    out.push('', style.bold(`Stage "${stage.name}"`));
    for (const sm of stage.models) {
      const m = priceStageModel(stage, sm, R);
      const S = stage.agentSteps;
      const g = stage.contextGrowthPerStep;
      const n = stepCount(S);
      out.push(style.cyan(`  ${sm.model.ref}`) + style.dim(`  (priced by ${sm.model.catalogue.file}, as of ${sm.model.catalogue.as_of})`));
      for (const line of explainRules(sm.model, style)) out.push(line);
      out.push(`    A  = Σ_{k=0..${stage.maxRetries}} ${num(stage.retryRate)}^k = ${num(m.A)} attempts per call`);
      out.push(`    C  = R × share_of_requests × (1 − response_cache_hit_rate) × agent_steps × A × share`);
      out.push(`       = ${num(R)} × ${num(stage.shareOfRequests)} × (1 − ${num(stage.responseCacheHitRate)}) × ${num(S)} × ${num(m.A)} × ${num(sm.share)} = ${num(m.C)} calls/month`);
      const parts = INPUT_PARTS.map((k) => num(stageInputFor(stage, sm)[k])).join(' + ');
      out.push(`    P  = ${INPUT_PARTS.join(' + ')}`);
      out.push(`       = ${parts} = ${num(m.P)} input tokens ${n > 1 ? 'of the first step' : 'per call (one step: I = P)'}`);
      if (n > 1 || g !== 0) {
        const frac = S - Math.floor(S);
        const weights = frac > 0 ? `weights 1 × ${num(Math.floor(S))}, then ${num(frac)} for step ${n}` : `weight 1 each`;
        out.push(`    steps k = 0..${n - 1} (${weights}); I_k = P + ${num(g)} × k = ${num(m.P)} … ${num(m.Imax)}`);
        out.push(`    I  = Σ v_k × I_k ÷ S = ${num(m.I * S)} ÷ ${num(S)} = ${num(m.I)} mean input tokens per call`);
      }
      const tc = sm.tokenCounts;
      if (tc) {
        const files = tc.parts.filter((pc) => pc.method !== 'given').map((pc) => pc.part).join(', ');
        const how = tc.method === 'exact' ? `exactly with ${tc.encoding}` : `as estimates: ${tc.encoding} × ${num(tc.ratio)} (${tc.tokenizer}; see docs/prompt-files.md)`;
        out.push(style.dim(`       ${files} counted from prompt files ${how}`));
      }
      if (stage.cache) {
        const why = m.cacheSkipped ? ` → Ic' = 0 (${m.cacheSkipped})` : ` → Ic' = ${num(m.IcEff)}`;
        // the input's hit rate; with nothing cached it applies to nothing (the formula's hit is then 0)
        out.push(`    Ic = ${stage.cache.cacheable.join(' + ') || '(nothing)'} = ${num(m.Ic)}${why}; hit_rate = ${num(stage.cache.hitRate)}${m.runs.some((r) => r.IcEff > 0) ? '' : ' (unused)'}, ttl ${stage.cache.ttl}`);
      } else out.push(`    Ic' = 0 (no cache block: prompt caching not in use)`);
      const lcT = sm.model.prices.long_context?.threshold;
      if (m.runs.length > 1 && lcT !== undefined) {
        const k = m.longFromStep!;
        out.push(style.yellow(`    long-context tier: I_k > ${num(lcT)} from step k = ${k} (I_${k} = ${num(m.P + g * k)}): steps 0..${k - 1} at the base rates, ${k}..${n - 1} at the long-context rates`));
      } else if (m.longContext && lcT !== undefined) {
        out.push(style.yellow(`    I_0 = ${num(m.P)} > long_context.threshold ${num(lcT)}: long-context rates apply to ${n > 1 ? 'every step' : 'the whole call'}`));
      }
      const multi = m.runs.length > 1 || n > 1;
      for (const r of m.runs) {
        const p = r.rates;
        const label = m.runs.length > 1 ? `  steps ${r.from}..${r.from + r.count - 1} (${r.longContext ? 'long-context' : 'base'} rates)` : '';
        if (label) out.push(style.bold(label));
        const cr = p.cacheRead === null ? 'n/a' : num(p.cacheRead * 1e6);
        out.push(`    rates per 1M: input ${num(p.input * 1e6)}, cache read ${cr}, cache write ${num(p.cacheWrite * 1e6)}, output ${num(p.output * 1e6)}, reasoning ${num(p.reasoning * 1e6)}`);
        const hit = stage.cache && r.IcEff > 0 ? stage.cache.hitRate : 0;
        if (multi) {
          if (r.cacheSkipped && r !== m.runs[0]) out.push(`    Ic' = 0 on these steps (${r.cacheSkipped})`);
          out.push(`    Σ v_k × input_cost(k) = Σ v_k (I_k − Ic') × p_in + W × Ic' × hit × p_cr + W × Ic' × (1 − hit) × p_cw, W = Σ v_k = ${num(r.weight)}`);
          if (r.IcEff > 0) out.push(`    Σ v_k (I_k − Ic') = W × U + growth × Σ v_k k, U = the input outside the cached prefix = ${num(m.U)}`);
          out.push(`       = ${num(r.uncached)} × ${pm(p.input)} + ${num(r.weight * r.IcEff)} × ${num(hit)} × ${pm(p.cacheRead ?? 0)} + ${num(r.weight * r.IcEff)} × ${num(1 - hit)} × ${pm(p.cacheWrite)} = ${num(r.inputCost)}`);
          out.push(`    Σ v_k × output_cost(k) = W × (output × p_out + reasoning × p_rs) = ${num(r.weight)} × (${num(sm.output)} × ${pm(p.output)} + ${num(sm.reasoning)} × ${pm(p.reasoning)}) = ${num(r.outputCost)}`);
        } else {
          out.push(`    input cost per call  = (I − Ic') × p_in + Ic' × hit × p_cr + Ic' × (1 − hit) × p_cw`);
          out.push(`       = ${num(r.uncached / S)} × ${pm(p.input)} + ${num(m.IcEff)} × ${num(m.hitRate)} × ${pm(p.cacheRead ?? 0)} + ${num(m.IcEff)} × ${num(1 - m.hitRate)} × ${pm(p.cacheWrite)} = ${num(m.inputCostPerCall)}`);
          out.push(`    output cost per call = output × p_out + reasoning × p_rs = ${num(sm.output)} × ${pm(p.output)} + ${num(sm.reasoning)} × ${pm(p.reasoning)} = ${num(m.outputCostPerCall)}`);
        }
      }
      out.push(`    f  = 1 − batch_share × batch_discount = 1 − ${num(stage.batchShare)} × ${num(m.batchDiscount)} = ${num(m.f)}`);
      if (multi) {
        const sum = m.runs.reduce((a, r) => a + r.inputCost + r.outputCost, 0);
        out.push(`    cost = (C ÷ S) × Σ v_k × (input_cost(k) + output_cost(k)) × f = (${num(m.C)} ÷ ${num(S)}) × ${num(sum)} × ${num(m.f)} = ${style.bold(money(m.total, cur))}`);
      } else {
        out.push(`    cost = C × (input + output per call) × f = ${num(m.C)} × (${num(m.inputCostPerCall)} + ${num(m.outputCostPerCall)}) × ${num(m.f)} = ${style.bold(money(m.total, cur))}`);
      }
      for (const line of explainFees(stage, sm, m.C, m.f, m.total, t.daysPerMonth, cur, style)) out.push(line);
    }
  }
  if (s.lineItems.length) {
    out.push('', style.bold('Line items'));
    for (const li of s.lineItems) {
      const v = lineItemCost(li, R, t.users);
      let f: string;
      switch (li.kind) {
        case 'monthly': f = `monthly = ${num(li.monthly)}`; break;
        case 'per_request': f = `R × share × per_request = ${num(R)} × ${num(li.shareOfRequests)} × ${num(li.perRequest)}`; break;
        case 'per_user': f = `users × per_user = ${num(t.users ?? 0)} × ${num(li.perUser)}`; break;
        case 'labour': f = `R × share × minutes / 60 × hourly_rate = ${num(R)} × ${num(li.shareOfRequests)} × ${num(li.minutes)} / 60 × ${num(li.hourlyRate)}`; break;
        case 'tokens': f = `tokens_per_month × p_in = ${num(li.tokensPerMonth)} × ${pm(li.model.prices.input / 1e6)} (${li.model.ref})`; break;
      }
      out.push(`  ${li.name}: ${f} = ${money(v, cur)}`);
    }
  }
  out.push('', style.bold('Totals'));
  out.push(`  total = Σ stage costs + Σ line items = ${money(report.total_monthly_cost, cur)}`);
  out.push(`  cost_per_request = total / R = ${num(report.total_monthly_cost)} / ${num(R)} = ${money(report.cost_per_request, cur)}`);
  if (report.cost_per_user !== null) out.push(`  cost_per_user = total / users = ${money(report.cost_per_user, cur)}`);
  if (report.outcomes_per_month !== null) {
    const o = s.outcomes!;
    out.push(`  outcomes_per_month = ${o.perMonth !== null ? `per_month = ${num(o.perMonth)}` : `R × per_request = ${num(R)} × ${num(o.perRequest ?? 0)} = ${num(report.outcomes_per_month)}`}`);
    out.push(`  cost_per_outcome = total / outcomes = ${money(report.cost_per_outcome, cur)}`);
    if (report.net_value !== null) out.push(`  net_value = outcomes × value − total = ${num(report.outcomes_per_month)} × ${num(o.value ?? 0)} − ${num(report.total_monthly_cost)} = ${money(report.net_value, cur)}; roi = net_value / total = ${report.roi === null ? '—' : num(report.roi)}`);
  }
  if (report.budget) out.push(`  budget: used = total / monthly = ${num(report.budget.used)} → ${report.budget.status} (alert at ${num(report.budget.alert_at)})`);
  return out.join('\n') + '\n';
}
