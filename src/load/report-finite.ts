/**
 * Whether every number in an estimate's report is finite: the question the loader's overflow check
 * (core/finite.ts findOverflow) asks of an estimate before it looks for the input to blame. The
 * patched points of `sweep` and `sensitivity` (load/scenario-patch.ts) ask it of every point, so the
 * report's own fields are read directly rather than enumerated; what varies from report to report
 * (fees, provider rules, token counts, by-category keys, anything added later) goes through the
 * generic walk. test/whatif/report-finite.test.ts sets each number of real reports in turn to
 * Infinity and NaN and checks that this sees it, and that it agrees with the generic walk.
 */
import { TOKEN_KINDS, type ModelReport, type ScenarioReport, type TokenBreakdown } from '../schema/report.js';

type Obj = Record<string, unknown>;

/** The keys of a model report read directly (every other key goes through the generic walk). */
const MODEL_KEYS = new Set(['model', 'share', 'monthly_cost', 'calls_per_month', 'tokens', 'cost', 'long_context', 'long_context_from_step', 'priced_by', 'token_counts']);
/** The keys of a scenario report read directly. */
const REPORT_KEYS = new Set([
  'name', 'file', 'variant', 'currency', 'tags', 'requests_per_month', 'users', 'total_monthly_cost', 'cost_per_request', 'cost_per_user',
  'outcomes_per_month', 'cost_per_outcome', 'net_value', 'roi', 'budget', 'stages', 'line_items', 'by_category', 'warnings',
]);

const TOKEN_SET: ReadonlySet<string> = new Set(TOKEN_KINDS);
const STAGE_KEYS = new Set(['name', 'monthly_cost', 'calls_per_month', 'models']);
const ITEM_KEYS = new Set(['name', 'category', 'monthly_cost', 'model']);

/** A number or null, finite when a number. */
const okNum = (v: unknown): boolean => (typeof v === 'number' ? Number.isFinite(v) : typeof v !== 'object' || v === null || allFinite(v, 1));

function tokensFinite(t: TokenBreakdown): boolean {
  for (const k of TOKEN_KINDS) if (!Number.isFinite(t[k])) return false;
  return restFinite(t, TOKEN_SET, 6);
}

function modelFinite(m: ModelReport): boolean {
  if (!okNum(m.share) || !okNum(m.monthly_cost) || !okNum(m.calls_per_month) || !okNum(m.long_context_from_step)) return false;
  if (!tokensFinite(m.tokens) || !tokensFinite(m.cost)) return false;
  if (m.token_counts !== null && !allFinite(m.token_counts, 5)) return false;
  if (!allFinite(m.priced_by, 5)) return false;
  // fees, provider rules and any other key: the generic walk
  return restFinite(m, MODEL_KEYS, 5);
}

/** The keys of `o` other than `known`, by the generic walk. */
function restFinite(o: object, known: ReadonlySet<string>, depth: number): boolean {
  for (const k in o) if (!known.has(k) && Object.hasOwn(o, k) && !allFinite((o as Obj)[k], depth)) return false;
  return true;
}

/** Whether every number in `r` is finite (as `allFinite(r, 0)`). */
export function reportFinite(r: ScenarioReport): boolean {
  if (
    !okNum(r.requests_per_month) || !okNum(r.users) || !okNum(r.total_monthly_cost) || !okNum(r.cost_per_request) || !okNum(r.cost_per_user) ||
    !okNum(r.outcomes_per_month) || !okNum(r.cost_per_outcome) || !okNum(r.net_value) || !okNum(r.roi)
  ) {
    return false;
  }
  if (r.budget !== null && !allFinite(r.budget, 1)) return false;
  for (const s of r.stages) {
    if (!Number.isFinite(s.monthly_cost) || !Number.isFinite(s.calls_per_month) || !restFinite(s, STAGE_KEYS, 3)) return false;
    for (const m of s.models) if (!modelFinite(m)) return false;
  }
  for (const li of r.line_items) if (!okNum(li.monthly_cost) || !restFinite(li, ITEM_KEYS, 3)) return false;
  if (!allFinite(r.by_category, 1) || !allFinite(r.tags, 1)) return false;
  // uncertainty, alternative_of and any other key: the generic walk
  return restFinite(r, REPORT_KEYS, 1);
}

/**
 * Whether every number in `v` is finite, walking arrays and objects. A report is a few levels deep;
 * deeper than 32 (never from the estimator) counts as not vouched for, and the full load decides.
 */
export function allFinite(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || v === null) return true;
  if (depth > 32) return false;
  if (ArrayBuffer.isView(v)) return true;
  // an array's elements, or an object's own enumerable values (what for…in with hasOwn visits), in one builtin call
  const values: unknown[] = Array.isArray(v) ? v : Object.values(v);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x === 'number' ? !Number.isFinite(x) : typeof x === 'object' && x !== null && !allFinite(x, depth + 1)) return false;
  }
  return true;
}
