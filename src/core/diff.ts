/**
 * Cost diff between two sets of scenario reports (base → head). Pure: reports in, diff out.
 *
 * Both sides are spec §4 scenario reports, whether they were evaluated just now (working tree, a
 * git ref) or read from a JSON baseline, so every kind of diff goes through the same arithmetic.
 *
 * The price/usage split (docs/diff.md) works per component c = (stage, model, token kind), from
 * the report's monthly tokens q and cost k of that component on each side:
 *   effective rate  p = k / q              (what one token costs, after batch discount and tier)
 *   price effect    = (p1 − p0) × (q0 + q1) / 2
 *   usage effect    = (k1 − k0) − price effect  ( = (q1 − q0) × (p0 + p1) / 2 )
 * A component present on one side only has no rate on the other; its rate is taken as unchanged,
 * so all of its cost is usage (a model added to or dropped from a mix is a usage change).
 * Line items (`costs:`) have no tokens: their change is reported on its own, not split.
 * The split is symmetric: diffing head → base gives exactly the negated effects.
 */
import type { Driver, FeeDriver, LineItemDriver, Note, ScenarioDiff, TokenDriver } from '../schema/diff-report.js';
import { TOKEN_KINDS, type BudgetStatus, type TokenBreakdown } from '../schema/report.js';
import { TOKENS_PER_PRICE_UNIT } from './model.js';

/** What the diff needs of a scenario report (a `ScenarioReport` or a validated baseline entry). */
export interface DiffInputScenario {
  name: string;
  file: string;
  variant: string | null;
  currency: string;
  tags: Record<string, string>;
  requests_per_month: number;
  total_monthly_cost: number;
  /** Percentiles of the monthly cost when the scenario has distributions (docs/uncertainty.md). */
  uncertainty?: { monthly_cost: Record<'p50' | 'p80' | 'p95', number>; budget?: { at?: unknown; judged_cost?: unknown } | null } | null;
  budget: { monthly: number; status: BudgetStatus; used: number } | null;
  stages: readonly {
    name: string;
    monthly_cost: number;
    models: readonly {
      model: string;
      monthly_cost: number;
      tokens: TokenBreakdown;
      cost: TokenBreakdown;
      long_context?: boolean | undefined;
      long_context_from_step?: number | null | undefined;
      priced_by: { catalogue: string; as_of: string; effective_from?: string | null | undefined };
      /** Only when a provider rule priced the model: its cost at the catalogue's own rates. */
      provider_rules?: { cost_at_catalogue_rates: TokenBreakdown } | undefined;
      /** Fees beyond text tokens (core/fees.ts), when the stage uses them. */
      fees?: readonly { kind: string; unit: string; quantity: number; cost: number }[] | undefined;
    }[];
  }[];
  line_items: readonly { name: string; category: string; monthly_cost: number }[];
  warnings: readonly string[];
}

/**
 * The scalar compared per scenario (before → after, thresholds). Today the expected monthly
 * cost; a percentile of a forecast distribution (`--at p80`) plugs in here. The price/usage split
 * always explains the change of the expected monthly cost.
 */
export interface Measure {
  id: string;
  label: string;
  value(s: DiffInputScenario): number;
}

export const MONTHLY_COST: Measure = { id: 'monthly_cost', label: 'monthly cost', value: (s) => s.total_monthly_cost };

/**
 * `diff --at p80`: compare a percentile of the monthly cost. A scenario without distributions has
 * every percentile equal to its point total, so only uncertain scenarios change.
 */
export function percentileMeasure(at: 'p50' | 'p80' | 'p95'): Measure {
  return {
    id: `monthly_cost_${at}`,
    label: `${at.toUpperCase()} monthly cost`,
    value: (s) => (s.uncertainty ? s.uncertainty.monthly_cost[at] : s.total_monthly_cost),
  };
}

/**
 * A scenario's budget as the diff reports it: with the figure it is judged on (`budget.at`'s
 * percentile, else the point estimate). A baseline is untrusted JSON: an `at` that is not a
 * percentile counts as none, and a judged cost that is not a finite number is recovered from
 * `used` × `monthly` (what `used` means).
 */
function budgetSide(x: DiffInputScenario, b: NonNullable<DiffInputScenario['budget']>): NonNullable<ScenarioDiff['budget_after']> {
  const u = x.uncertainty?.budget;
  const at: 'p50' | 'p80' | 'p95' | null = u?.at === 'p50' || u?.at === 'p80' || u?.at === 'p95' ? u.at : null;
  const judged = at === null ? x.total_monthly_cost : typeof u?.judged_cost === 'number' && Number.isFinite(u.judged_cost) ? u.judged_cost : b.used * b.monthly;
  return { monthly: b.monthly, status: b.status, used: b.used, at, judged };
}

/** Numbers this close are the same (floating-point noise between runs or tool versions). */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/** A scenario as the diff names it: its file, and its variant in brackets. */
export function scenarioLabel(s: { file: string; variant: string | null }): string {
  return s.variant ? `${s.file} [${s.variant}]` : s.file;
}

/** The symmetric price/usage split of one component (see the module comment). */
export function splitChange(q0: number, k0: number, q1: number, k1: number): { price: number; usage: number; rate0: number | null; rate1: number | null } {
  const rate0 = q0 > 0 ? k0 / q0 : null;
  const rate1 = q1 > 0 ? k1 / q1 : null;
  const r0 = rate0 ?? rate1 ?? 0;
  // A rate within 1e-9 of the other is the same price: a baseline report is written with 12
  // significant digits (docs/report-json.md), which must not show up as a price change.
  // (Relative only: a rate per token is ~1e-6, below any absolute tolerance.)
  const other = rate1 ?? rate0 ?? 0;
  const r1 = Math.abs(other - r0) <= 1e-9 * Math.max(Math.abs(r0), Math.abs(other)) ? r0 : other;
  const price = ((r1 - r0) * (q0 + q1)) / 2;
  return { price, usage: k1 - k0 - price, rate0, rate1 };
}

interface Component {
  stage: string;
  model: string;
  kind: (typeof TOKEN_KINDS)[number];
  tokens: number;
  cost: number;
  /** Cost at the catalogue's own rates (no provider rules: standard tier, outside time windows). */
  listCost: number;
  /** A fee beyond text tokens: its kind and unit (`tokens` is then its quantity). */
  fee?: { kind: string; unit: string };
}

function components(s: DiffInputScenario | null): Map<string, Component> {
  const out = new Map<string, Component>();
  if (!s) return out;
  for (const st of s.stages) {
    for (const m of st.models) {
      for (const kind of TOKEN_KINDS) {
        const key = `${st.name}\u0000${m.model}\u0000${kind}`;
        const prev = out.get(key);
        // A model listed twice in one stage is a load error; add up defensively for hand-made reports.
        const list = m.provider_rules ? m.provider_rules.cost_at_catalogue_rates[kind] : m.cost[kind];
        if (prev) {
          prev.tokens += m.tokens[kind];
          prev.cost += m.cost[kind];
          prev.listCost += list;
        } else out.set(key, { stage: st.name, model: m.model, kind, tokens: m.tokens[kind], cost: m.cost[kind], listCost: list });
      }
      // fees beyond text tokens: each a quantity at a rate, split like tokens
      for (const f of m.fees ?? []) {
        const key = `${st.name}\u0000${m.model}\u0000fee:${f.kind}`;
        const prev = out.get(key);
        if (prev) {
          prev.tokens += f.quantity;
          prev.cost += f.cost;
          prev.listCost += f.cost;
        } else out.set(key, { stage: st.name, model: m.model, kind: 'input', tokens: f.quantity, cost: f.cost, listCost: f.cost, fee: { kind: f.kind, unit: f.unit } });
      }
    }
  }
  return out;
}

function union<T>(a: Iterable<T>, b: Iterable<T>): T[] {
  return [...new Set([...a, ...b])];
}

function byAbsChange<T extends { change: number }>(key: (x: T) => string) {
  return (x: T, y: T) => Math.abs(y.change) - Math.abs(x.change) || (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);
}

function scenarioNotes(b: DiffInputScenario | null, h: DiffInputScenario | null): Note[] {
  const notes: Note[] = [];
  if (!b || !h) return notes;
  if (b.file !== h.file) notes.push({ kind: 'renamed', from: b.file });
  const bStages = new Map(b.stages.map((s) => [s.name, s]));
  const hStages = new Map(h.stages.map((s) => [s.name, s]));
  for (const [name] of hStages) if (!bStages.has(name)) notes.push({ kind: 'stage_added', stage: name });
  for (const [name] of bStages) if (!hStages.has(name)) notes.push({ kind: 'stage_removed', stage: name });
  for (const [name, hs] of hStages) {
    const bs = bStages.get(name);
    if (!bs) continue;
    const bm = new Map(bs.models.map((m) => [m.model, m]));
    const hm = new Map(hs.models.map((m) => [m.model, m]));
    for (const [ref, m] of hm) {
      const o = bm.get(ref);
      if (!o) notes.push({ kind: 'model_added', stage: name, model: ref });
      else {
        // the first agent step at long-context rates (baselines from before the per-step spec have only the flag)
        const was = o.long_context_from_step ?? (o.long_context ? 1 : null);
        const from = m.long_context_from_step ?? (m.long_context ? 1 : null);
        if (was !== from) notes.push({ kind: 'long_context', stage: name, model: ref, now: from !== null, from_step: from, was_from_step: was });
      }
    }
    for (const [ref] of bm) if (!hm.has(ref)) notes.push({ kind: 'model_removed', stage: name, model: ref });
  }
  const pricedBy = (s: DiffInputScenario) => {
    const m = new Map<string, { catalogue: string; as_of: string }>();
    for (const st of s.stages) for (const x of st.models) if (!m.has(x.model)) m.set(x.model, { catalogue: x.priced_by.catalogue, as_of: x.priced_by.as_of });
    return m;
  };
  const bp = pricedBy(b);
  for (const [ref, after] of pricedBy(h)) {
    const before = bp.get(ref);
    if (before && (before.catalogue !== after.catalogue || before.as_of !== after.as_of)) notes.push({ kind: 'repriced', model: ref, before, after });
  }
  // which dated price applied (core/prices-at.ts): a change is a price effect, and says so
  const dated = (s: DiffInputScenario) => {
    const m = new Map<string, string | null>();
    for (const st of s.stages) for (const x of st.models) if (!m.has(x.model)) m.set(x.model, x.priced_by.effective_from ?? null);
    return m;
  };
  const bd = dated(b);
  for (const [ref, after] of dated(h)) {
    if (!bd.has(ref)) continue;
    const before = bd.get(ref)!;
    if (before !== after) notes.push({ kind: 'dated_price', model: ref, before, after });
  }
  const bItems = new Set(b.line_items.map((l) => l.name));
  const hItems = new Set(h.line_items.map((l) => l.name));
  for (const n of hItems) if (!bItems.has(n)) notes.push({ kind: 'line_item_added', name: n });
  for (const n of bItems) if (!hItems.has(n)) notes.push({ kind: 'line_item_removed', name: n });
  const bw = new Set(b.warnings);
  for (const w of h.warnings) if (!bw.has(w)) notes.push({ kind: 'new_warning', text: w });
  return notes;
}

/** The diff of one scenario; either side may be absent (added / removed). */
export function diffScenario(b: DiffInputScenario | null, h: DiffInputScenario | null, measure: Measure = MONTHLY_COST): ScenarioDiff {
  const s = (h ?? b)!;
  const before = b ? measure.value(b) : null;
  const after = h ? measure.value(h) : null;
  const change = (after ?? 0) - (before ?? 0);

  const drivers: Driver[] = [];
  let price = 0;
  let usage = 0;
  const bc = components(b);
  const hc = components(h);
  for (const key of union(bc.keys(), hc.keys())) {
    const x = bc.get(key);
    const y = hc.get(key);
    const c = (y ?? x)!;
    const q0 = x?.tokens ?? 0;
    const k0 = x?.cost ?? 0;
    const q1 = y?.tokens ?? 0;
    const k1 = y?.cost ?? 0;
    // Provider rules (service tier, traffic profile over time windows) are how the tokens are
    // bought, i.e. usage: each side's tokens count at the rule multiplier m = cost ÷ cost at the
    // catalogue's own rates, so only a change of those rates is a price effect (docs/diff.md).
    const m0 = x && x.listCost > 0 ? x.cost / x.listCost : 1;
    const m1 = y && y.listCost > 0 ? y.cost / y.listCost : 1;
    const sp = splitChange(q0 * m0, k0, q1 * m1, k1);
    price += sp.price;
    usage += sp.usage;
    if (nearlyEqual(k0, k1) && nearlyEqual(q0, q1)) continue;
    if (c.fee) {
      const fd: FeeDriver = {
        kind: 'fee',
        stage: c.stage,
        model: c.model,
        fee_kind: c.fee.kind,
        unit: c.fee.unit,
        before: k0,
        after: k1,
        change: k1 - k0,
        price_effect: sp.price,
        usage_effect: sp.usage,
        quantity_before: q0,
        quantity_after: q1,
        rate_before: sp.rate0,
        rate_after: sp.rate1,
      };
      drivers.push(fd);
      continue;
    }
    const d: TokenDriver = {
      kind: 'tokens',
      stage: c.stage,
      model: c.model,
      token_kind: c.kind,
      before: k0,
      after: k1,
      change: k1 - k0,
      price_effect: sp.price,
      usage_effect: sp.usage,
      tokens_before: q0,
      tokens_after: q1,
      rate_before: sp.rate0 === null ? null : sp.rate0 * TOKENS_PER_PRICE_UNIT,
      rate_after: sp.rate1 === null ? null : sp.rate1 * TOKENS_PER_PRICE_UNIT,
    };
    drivers.push(d);
  }
  let lineItems = 0;
  const bl = new Map((b?.line_items ?? []).map((l) => [l.name, l]));
  const hl = new Map((h?.line_items ?? []).map((l) => [l.name, l]));
  for (const name of union(bl.keys(), hl.keys())) {
    const x = bl.get(name);
    const y = hl.get(name);
    const k0 = x?.monthly_cost ?? 0;
    const k1 = y?.monthly_cost ?? 0;
    lineItems += k1 - k0;
    if (nearlyEqual(k0, k1) && x && y) continue;
    const d: LineItemDriver = { kind: 'line_item', name, category: (y ?? x)!.category, before: k0, after: k1, change: k1 - k0 };
    drivers.push(d);
  }
  drivers.sort(
    byAbsChange((d) =>
      d.kind === 'tokens' ? `0${d.stage}\u0000${d.model}\u0000${TOKEN_KINDS.indexOf(d.token_kind)}` : d.kind === 'fee' ? `0${d.stage}\u0000${d.model}\u0000f${d.fee_kind}` : `1${d.name}`,
    ),
  );

  const bs = new Map((b?.stages ?? []).map((st) => [st.name, st.monthly_cost]));
  const hs = new Map((h?.stages ?? []).map((st) => [st.name, st.monthly_cost]));
  const stages = union(hs.keys(), bs.keys()).map((name) => {
    const x = bs.get(name) ?? null;
    const y = hs.get(name) ?? null;
    return { name, before: x, after: y, change: (y ?? 0) - (x ?? 0) };
  });

  const status: ScenarioDiff['status'] = !b ? 'added' : !h ? 'removed' : nearlyEqual(before!, after!) ? 'unchanged' : 'changed';
  const budget = (x: DiffInputScenario | null) => (x?.budget ? budgetSide(x, x.budget) : null);
  return {
    status,
    name: s.name,
    file: s.file,
    variant: s.variant,
    currency: s.currency,
    tags: { ...s.tags },
    before,
    after,
    change: status === 'unchanged' ? 0 : change,
    change_percent: before !== null && after !== null && before !== 0 ? (status === 'unchanged' ? 0 : change / before) : null,
    requests_before: b ? b.requests_per_month : null,
    requests_after: h ? h.requests_per_month : null,
    price_effect: price,
    usage_effect: usage,
    line_items_effect: lineItems,
    budget_before: budget(b),
    budget_after: budget(h),
    stages,
    drivers,
    notes: scenarioNotes(b, h),
  };
}
