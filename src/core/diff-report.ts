/**
 * The whole cost diff of two sets of scenario reports (base → head): pair the scenarios, diff
 * each pair (`diffScenario`, src/core/diff.ts), order them, and total by currency. Pure.
 */
import { InputError, type Problem } from '../errors.js';
import type { CurrencyTotalDiff, DiffReport, DiffSide, ScenarioDiff } from '../schema/diff-report.js';
import { DIFF_KIND, DIFF_SCHEMA_VERSION } from '../schema/diff-kind.js';
import { quoted } from '../util/excerpt.js';
import { diffScenario, MONTHLY_COST, nearlyEqual, scenarioLabel, type DiffInputScenario, type Measure } from './diff.js';

export interface DiffOptions {
  measure?: Measure;
  base: DiffSide;
  head: DiffSide;
  toolVersion: string;
}

export interface Pair<T> {
  base: T | null;
  head: T | null;
}

/**
 * Pair base and head scenarios: by file and variant first (the n-th occurrence with the n-th),
 * then what is left by name and variant when that is unique on both sides (a moved file).
 */
export function matchScenarios<T extends { name: string; file: string; variant: string | null }>(base: readonly T[], head: readonly T[]): Pair<T>[] {
  const key = (s: T) => `${s.file}\u0000${s.variant ?? ''}`;
  const pool = new Map<string, T[]>();
  for (const s of base) {
    const list = pool.get(key(s));
    if (list) list.push(s);
    else pool.set(key(s), [s]);
  }
  const pairs: Pair<T>[] = [];
  const headLeft: T[] = [];
  for (const h of head) {
    const b = pool.get(key(h))?.shift();
    if (b) pairs.push({ base: b, head: h });
    else headLeft.push(h);
  }
  const baseLeft = [...pool.values()].flat();
  const byName = (list: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const s of list) {
      const k = `${s.name}\u0000${s.variant ?? ''}`;
      m.set(k, [...(m.get(k) ?? []), s]);
    }
    return m;
  };
  const bn = byName(baseLeft);
  const hn = byName(headLeft);
  const used = new Set<T>();
  for (const [k, hs] of hn) {
    const bs = bn.get(k);
    if (hs.length === 1 && bs?.length === 1) {
      pairs.push({ base: bs[0]!, head: hs[0]! });
      used.add(bs[0]!).add(hs[0]!);
    }
  }
  for (const h of headLeft) if (!used.has(h)) pairs.push({ base: null, head: h });
  for (const b of baseLeft) if (!used.has(b)) pairs.push({ base: b, head: null });
  return pairs;
}

const STATUS_ORDER: Record<ScenarioDiff['status'], number> = { changed: 0, added: 1, removed: 2, unchanged: 3 };

/** Changed first (largest move first), then added, removed, unchanged; ties by file. */
export function sortScenarioDiffs(list: ScenarioDiff[]): ScenarioDiff[] {
  return [...list].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      Math.abs(b.change) - Math.abs(a.change) ||
      (scenarioLabel(a) < scenarioLabel(b) ? -1 : scenarioLabel(a) > scenarioLabel(b) ? 1 : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

export function totalsByCurrency(list: readonly ScenarioDiff[]): CurrencyTotalDiff[] {
  const m = new Map<string, CurrencyTotalDiff>();
  for (const s of list) {
    let t = m.get(s.currency);
    if (!t) m.set(s.currency, (t = { currency: s.currency, before: 0, after: 0, change: 0, change_percent: null, price_effect: 0, usage_effect: 0, line_items_effect: 0 }));
    t.before += s.before ?? 0;
    t.after += s.after ?? 0;
    t.price_effect += s.price_effect;
    t.usage_effect += s.usage_effect;
    t.line_items_effect += s.line_items_effect;
  }
  for (const t of m.values()) {
    t.change = nearlyEqual(t.before, t.after) ? 0 : t.after - t.before;
    t.change_percent = t.before !== 0 ? t.change / t.before : null;
  }
  return [...m.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/**
 * The whole diff. A scenario whose currency differs between base and head is refused: amounts in
 * different currencies are never compared.
 */
export function buildDiff(base: readonly DiffInputScenario[], head: readonly DiffInputScenario[], opts: DiffOptions): DiffReport {
  const measure = opts.measure ?? MONTHLY_COST;
  const pairs = matchScenarios(base, head);
  const problems: Problem[] = [];
  for (const p of pairs) {
    if (p.base && p.head && p.base.currency !== p.head.currency) {
      problems.push({
        file: p.head.file,
        path: 'currency',
        message: `${quoted(p.head.name)} is in ${p.head.currency} but the base (${opts.base.label}) has it in ${p.base.currency}; amounts in different currencies are not compared`,
        fix: opts.base.kind === 'report' ? `regenerate the baseline in ${p.head.currency} with \`aifinops estimate … --format json\`` : `diff against a base that already uses ${p.head.currency}`,
      });
    }
  }
  if (problems.length) throw new InputError(problems);
  const scenarios = sortScenarioDiffs(pairs.map((p) => diffScenario(p.base, p.head, measure)));
  const counts = { increased: 0, decreased: 0, unchanged: 0, added: 0, removed: 0 };
  for (const s of scenarios) {
    if (s.status === 'changed') counts[s.change > 0 ? 'increased' : 'decreased']++;
    else counts[s.status]++;
  }
  return {
    schema_version: DIFF_SCHEMA_VERSION,
    kind: DIFF_KIND,
    tool_version: opts.toolVersion,
    measure: { id: measure.id, label: measure.label },
    base: opts.base,
    head: opts.head,
    totals: totalsByCurrency(scenarios),
    counts,
    scenarios,
    policy: { checked: [], breaches: [], warnings: [], tag_budgets: [], passed: true },
  };
}

/** True when nothing moved: no scenario changed, was added or removed. */
export function nothingMoved(d: Pick<DiffReport, 'counts'>): boolean {
  const c = d.counts;
  return c.increased + c.decreased + c.added + c.removed === 0;
}
