/**
 * `aifinops actuals compare`: a scenario's estimate against what its matched traffic cost, month
 * by month, the variance split into volume, mix, tokens per call, cache hit rate and price by
 * sequential substitution (each step swaps one estimated input for the actual one, so the parts
 * add up to the variance exactly). Like `diff`'s price-versus-usage split, price is the change of
 * rate at the actual quantities: the bill against the catalogue (outside the audit's range for a
 * time-windowed day), and a dated catalogue change since the estimate's pricing date. Pure.
 */
import { priceStageModel } from '../core/estimate.js';
import type { PricedModel, Scenario } from '../core/model.js';
import type { AggregateRow } from './aggregate.js';
import { fitStage, inputGaps, type InputGap, type StageFit } from './fit.js';
import { FLAT_PROFILE } from '../core/provider-rules.js';
import { costOf, estimateRatesOn, ratesOn, servedOf, windowBounds, type ActualRates } from './pricing.js';
import { hasTokens } from './report.js';
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

/** The nearest value to `x` in [lo, hi]. */
const clamp = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);

interface ModelActual {
  C: number | null;
  input: number;
  read: number;
  w5: number;
  w1: number;
  output: number;
  reasoning: number;
  /** The tokens at the estimate's rates (before the batch factor): on its pricing date, and on each row's day. */
  e4: number;
  e5: number;
}

/**
 * One stage's month. Each day × model is re-priced as the stage's traffic would be: a time-windowed
 * model at the stage's hour-of-day profile (`windowBounds` with the profile: the estimate's window
 * averaging, the day's weekday known), each row at the tier the source names. Where the sources
 * billed that day × model, the bill is held to the audit's range [every call outside the windows,
 * every call inside]: a bill inside it is explained by the hour of the calls (usage: mix), and only
 * the part outside it is price. The estimate's steps (E2…E5) are priced at the estimate's own
 * rates — on its pricing date, then on each row's day, whose difference (a dated catalogue price
 * change) is price too.
 */
function stageMonth(s: Scenario, stageIndex: number, rows: readonly AggregateRow[], days: number, price: (m: string | null) => PricedModel | null): { E: number; A: number; parts: VarianceParts } {
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
  const lead = st.models[0]?.model;
  const rules = lead?.rules ?? { profile: FLAT_PROFILE, tiers: null };
  const asOf = lead?.pricedAsOf ?? rows[0]?.day ?? '1970-01-01';
  // the estimate's rates of a model on a day: a stage model's own; another at the stage's rules
  const estMemo = new Map<string, ActualRates | null>();
  const estRates = (m: string, day: string): ActualRates | null => {
    const k = `${m}\u0000${day}`;
    if (!estMemo.has(k)) {
      const sm = st.models.find((x) => x.model.ref === m);
      const pm = sm ? sm.model : price(m);
      estMemo.set(k, pm ? estimateRatesOn(sm ? pm : { ...pm, rules }, day) : null);
    }
    return estMemo.get(k)!;
  };
  const boundsMemo = new Map<string, ReturnType<typeof windowBounds>>();
  const act = new Map<string, ModelActual>();
  const pairs = new Map<string, { P: number; L: number; H: number; billed: number | null }>();
  const pairOf = (day: string, model: string) => {
    const k = `${day}\u0000${model}`;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { P: 0, L: 0, H: 0, billed: null }));
    return p;
  };
  for (const r of rows) {
    const m = r.model ?? '?';
    if (r.billed_cost !== null && r.model) {
      const p = pairOf(r.day, m);
      p.billed = (p.billed ?? 0) + r.billed_cost;
    }
    if (!hasTokens(r)) continue;
    const a = act.get(m) ?? { C: 0, input: 0, read: 0, w5: 0, w1: 0, output: 0, reasoning: 0, e4: 0, e5: 0 };
    a.C = a.C === null || r.counts.requests === null ? null : a.C + r.counts.requests;
    a.input += r.counts.input + r.counts.cache_read + r.counts.cache_write_5m + r.counts.cache_write_1h;
    a.read += r.counts.cache_read;
    a.w5 += r.counts.cache_write_5m;
    a.w1 += r.counts.cache_write_1h;
    a.output += r.counts.output;
    a.reasoning += r.counts.reasoning;
    const at = estRates(m, asOf);
    const on = estRates(m, r.day);
    if (at) a.e4 += costOf(r.counts, at, false);
    if (on) a.e5 += costOf(r.counts, on, false);
    act.set(m, a);
    const pm = price(r.model);
    const p = pairOf(r.day, m);
    if (!pm) continue;
    const served = servedOf(r);
    const batch = r.service_tier === 'batch';
    const bk = `${m}\u0000${r.day}\u0000${served.tier ?? ''}\u0000${served.longContext}`;
    if (!boundsMemo.has(bk)) boundsMemo.set(bk, windowBounds(pm, r.day, served, rules.profile));
    const b = boundsMemo.get(bk) ?? null;
    if (b) {
      p.P += costOf(r.counts, b.flat, batch);
      p.L += costOf(r.counts, b.low, batch);
      p.H += costOf(r.counts, b.high, batch);
    } else {
      const c = costOf(r.counts, ratesOn(pm, r.day, served), batch);
      p.P += c;
      p.L += c;
      p.H += c;
    }
  }
  // per day × model, what was spent (billed where a source says, else the re-priced tokens) and
  // what the catalogue explains (the bill brought into the audit's range: the calls' hours)
  let A = 0;
  let Are = 0;
  for (const p of pairs.values()) {
    const spent = p.billed ?? p.P;
    const explained = p.billed === null ? p.P : clamp(p.billed, p.L, p.H);
    A += spent;
    Are += explained;
  }
  const first = est.values().next().value as { p: Profile } | undefined;
  const known = [...act.values()].every((a) => a.C !== null) && act.size > 0;
  const parts = zero();
  let E4 = 0;
  let E5 = 0;
  for (const [m, a] of act) {
    const f = (est.get(m)?.p ?? first?.p)?.f ?? 1;
    // a model without calls or without prices counts in mix (as the re-priced tokens), as before
    if (known && (a.C === 0 || !estRates(m, asOf) || !first)) continue;
    E4 += a.e4 * f;
    E5 += a.e5 * f;
  }
  parts.price = A - Are + (E5 - E4);
  if (!known) {
    parts.unsplit = Are - E5 + E4 - E0;
    return { E: E0, A, parts };
  }
  const Ce = [...est.values()].reduce((a, e) => a + e.C, 0);
  const Ca = [...act.values()].reduce((a, x) => a + (x.C ?? 0), 0);
  const E1 = Ce > 0 ? (E0 * Ca) / Ce : 0;
  // a model the stage does not list: the stage's first model's profile, at that model's prices
  let E2 = 0;
  let E3 = 0;
  for (const [m, a] of act) {
    const e = est.get(m);
    const rates = estRates(m, asOf);
    const p = e?.p ?? first?.p;
    const C = a.C ?? 0;
    if (!p || !rates || C === 0) continue;
    const f = p.f;
    E2 += e ? C * p.cpc : C * perCall(p.input, p.r, p.w5, p.w1, p.output, p.reasoning, rates) * f;
    E3 += C * perCall(a.input / C, p.r, p.w5, p.w1, a.output / C, a.reasoning / C, rates) * f;
  }
  parts.volume = E1 - E0;
  // the model mix, and how the calls were served (batch share, tiers, the hours the bill shows) against the estimate
  parts.mix = E2 - E1 + (Are - E5);
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
      const r = stageMonth(s, i, rows, days, price);
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
  if (all.length > 0 && !all.some((r) => r.billed_cost !== null && r.model)) notes.push('no source gave a billed cost, so "actual" is the tokens re-priced at the catalogue and "price" holds only dated catalogue changes since the estimate\'s pricing date: the bill itself was not checked');
  if (total.parts.unsplit !== 0) notes.push('a source without call counts (e.g. the Anthropic usage report) gives tokens but not calls: its usage variance is not split into volume, mix and tokens per call');
  if (s.lineItems.length) notes.push('the scenario\'s other costs (costs:) have no actuals to compare with and are left out');
  return { name: s.name, file: s.file, variant: s.variant, currency: s.currency, months: out, total, stages: fits, furthest_off: inputGaps(s, fits).slice(0, 5), notes };
}
