/**
 * `aifinops actuals compare`: a scenario's estimate against what its matched traffic cost, month
 * by month, the variance split into volume, mix, tokens per call, cache hit rate and price by
 * sequential substitution (each step swaps one estimated input for the actual one, so the parts
 * add up to the variance exactly). Like `diff`'s price-versus-usage split, price is the change of
 * rate at the actual quantities: billed − re-priced. Pure.
 */
import { priceStageModel } from '../core/estimate.js';
import type { PricedModel, Scenario } from '../core/model.js';
import type { AggregateRow } from './aggregate.js';
import { fitStage, inputGaps, type InputGap, type StageFit } from './fit.js';
import { costOf, estimateRatesOn, ratesOn, type ActualRates } from './pricing.js';
import { hasTokens, repricedOf } from './report.js';
import type { StageRows } from './match.js';

export const COMPARE_SCHEMA = 'aifinops.actuals-compare/1';

export interface VarianceParts {
  volume: number;
  mix: number;
  tokens_per_call: number;
  cache_hit_rate: number;
  price: number;
  /** Usage variance that cannot be split (a source without call counts); 0 otherwise. */
  unsplit: number;
}

export interface MonthComparison {
  month: string;
  /** Days of the month with matched usage; the estimate is scaled to them. */
  days: number;
  estimated: number;
  actual: number;
  variance: number;
  parts: VarianceParts;
}

export interface ScenarioComparison {
  name: string;
  file: string;
  variant: string | null;
  currency: string;
  months: MonthComparison[];
  total: Omit<MonthComparison, 'month'>;
  stages: StageFit[];
  furthest_off: InputGap[];
  notes: string[];
}

export interface CompareReport {
  schema: typeof COMPARE_SCHEMA;
  tool_version: string;
  scenarios: ScenarioComparison[];
}

const zero = (): VarianceParts => ({ volume: 0, mix: 0, tokens_per_call: 0, cache_hit_rate: 0, price: 0, unsplit: 0 });

/** Cost of one call with `input` tokens split by the fractions read (r), written 5m/1h (w5, w1). */
function perCall(input: number, r: number, w5: number, w1: number, output: number, reasoning: number, rates: ActualRates): number {
  return costOf({ input: input * (1 - r - w5 - w1), cache_read: input * r, cache_write_5m: input * w5, cache_write_1h: input * w1, output, reasoning }, rates, false);
}

interface Profile {
  input: number;
  r: number;
  w5: number;
  w1: number;
  output: number;
  reasoning: number;
  /** Estimated cost per call (the estimate's own arithmetic) and batch factor. */
  cpc: number;
  f: number;
}

function stageMonth(s: Scenario, stageIndex: number, rows: readonly AggregateRow[], days: number, day: string, price: (m: string | null) => PricedModel | null): { E: number; A: number; parts: VarianceParts } {
  const st = s.stages[stageIndex]!;
  const factor = days / s.traffic.daysPerMonth;
  const est = new Map<string, { C: number; E: number; p: Profile }>();
  for (const sm of st.models) {
    const mc = priceStageModel(st, sm, s.traffic.requestsPerMonth);
    const I = mc.I || 1;
    const read = (mc.IcEff * mc.hitRate) / I;
    const write = (mc.IcEff * (1 - mc.hitRate)) / I;
    const ttl1h = st.cache?.ttl === '1h';
    est.set(sm.model.ref, { C: mc.C * factor, E: mc.total * factor, p: { input: mc.I, r: read, w5: ttl1h ? 0 : write, w1: ttl1h ? write : 0, output: sm.output, reasoning: sm.reasoning, cpc: mc.C > 0 ? mc.total / mc.C : 0, f: mc.f } });
  }
  const E0 = [...est.values()].reduce((a, e) => a + e.E, 0);
  const usage = rows.filter(hasTokens);
  const act = new Map<string, { C: number | null; input: number; read: number; w5: number; w1: number; output: number; reasoning: number; re: number; billedOrRe: number }>();
  for (const r of usage) {
    const a = act.get(r.model ?? '?') ?? { C: 0, input: 0, read: 0, w5: 0, w1: 0, output: 0, reasoning: 0, re: 0, billedOrRe: 0 };
    a.C = a.C === null || r.counts.requests === null ? null : a.C + r.counts.requests;
    a.input += r.counts.input + r.counts.cache_read + r.counts.cache_write_5m + r.counts.cache_write_1h;
    a.read += r.counts.cache_read;
    a.w5 += r.counts.cache_write_5m;
    a.w1 += r.counts.cache_write_1h;
    a.output += r.counts.output;
    a.reasoning += r.counts.reasoning;
    a.re += repricedOf(r, price) ?? 0;
    act.set(r.model ?? '?', a);
  }
  // billed: per model, what the sources billed when they say, else the re-priced tokens
  const billed = new Map<string, number>();
  for (const r of rows) if (r.billed_cost !== null && r.model) billed.set(r.model, (billed.get(r.model) ?? 0) + r.billed_cost);
  let Are = 0;
  let A = 0;
  for (const [m, a] of act) {
    Are += a.re;
    A += billed.has(m) ? billed.get(m)! : a.re;
  }
  const parts = zero();
  parts.price = A - Are;
  const known = [...act.values()].every((a) => a.C !== null) && act.size > 0;
  if (!known) {
    parts.unsplit = Are - E0;
    return { E: E0, A, parts };
  }
  const Ce = [...est.values()].reduce((a, e) => a + e.C, 0);
  const Ca = [...act.values()].reduce((a, x) => a + (x.C ?? 0), 0);
  const E1 = Ce > 0 ? (E0 * Ca) / Ce : 0;
  // a model the stage does not list: the stage's first model's profile, at that model's prices
  const first = est.values().next().value as { p: Profile } | undefined;
  let E2 = 0;
  let E3 = 0;
  let E4 = 0;
  for (const [m, a] of act) {
    const pm = price(m);
    const e = est.get(m);
    // the stage's own models at the estimate's rates (its windows and tier mix): the step from E4 to
    // the re-priced actuals is then the actual tiers and batch share against the estimated ones (mix)
    const sm = st.models.find((x) => x.model.ref === m);
    const rates = sm ? estimateRatesOn(sm.model, day) : pm ? ratesOn(pm, day) : null;
    const p = e?.p ?? first?.p;
    const C = a.C ?? 0;
    if (!p || !rates || C === 0) continue;
    const f = p.f;
    E2 += e ? C * p.cpc : C * perCall(p.input, p.r, p.w5, p.w1, p.output, p.reasoning, rates) * f;
    E3 += C * perCall(a.input / C, p.r, p.w5, p.w1, a.output / C, a.reasoning / C, rates) * f;
    E4 += costOf({ input: a.input - a.read - a.w5 - a.w1, cache_read: a.read, cache_write_5m: a.w5, cache_write_1h: a.w1, output: a.output, reasoning: a.reasoning }, rates, false) * f;
  }
  parts.volume = E1 - E0;
  parts.mix = E2 - E1 + (Are - E4); // the model mix, and the batch share (actual tiers against the estimated share)
  parts.tokens_per_call = E3 - E2;
  parts.cache_hit_rate = E4 - E3;
  return { E: E0, A, parts };
}

export function compareScenario(s: Scenario, stageRows: readonly StageRows[], price: (m: string | null) => PricedModel | null): ScenarioComparison {
  const all = stageRows.flatMap((x) => x.rows);
  const months = [...new Set(all.map((r) => r.day.slice(0, 7)))].sort();
  const notes: string[] = [];
  const out: MonthComparison[] = [];
  for (const month of months) {
    const days = new Set(all.filter((r) => r.day.startsWith(month)).map((r) => r.day)).size;
    const m: MonthComparison = { month, days, estimated: 0, actual: 0, variance: 0, parts: zero() };
    s.stages.forEach((_, i) => {
      const rows = stageRows[i]!.rows.filter((r) => r.day.startsWith(month));
      const r = stageMonth(s, i, rows, days, `${month}-01`, price);
      m.estimated += r.E;
      m.actual += r.A;
      for (const k of Object.keys(m.parts) as (keyof VarianceParts)[]) m.parts[k] += r.parts[k];
    });
    m.variance = m.actual - m.estimated;
    out.push(m);
  }
  const total: Omit<MonthComparison, 'month'> = { days: 0, estimated: 0, actual: 0, variance: 0, parts: zero() };
  for (const m of out) {
    total.days += m.days;
    total.estimated += m.estimated;
    total.actual += m.actual;
    total.variance += m.variance;
    for (const k of Object.keys(total.parts) as (keyof VarianceParts)[]) total.parts[k] += m.parts[k];
  }
  const days = new Set(all.map((r) => r.day)).size;
  const fits = s.stages.map((st, i) => fitStage(st, stageRows[i]!.rows, days));
  if (all.length === 0) notes.push('no actual usage matches this scenario: check its match: block and the store');
  if (total.parts.unsplit !== 0) notes.push('a source without call counts (e.g. the Anthropic usage report) gives tokens but not calls: its usage variance is not split into volume, mix and tokens per call');
  if (s.lineItems.length) notes.push('the scenario\'s other costs (costs:) have no actuals to compare with and are left out');
  return { name: s.name, file: s.file, variant: s.variant, currency: s.currency, months: out, total, stages: fits, furthest_off: inputGaps(s, fits).slice(0, 5), notes };
}
