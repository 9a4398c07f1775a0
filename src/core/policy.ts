/**
 * Policies on a diff: thresholds on the increase, per-scenario budget status, per-tag budgets.
 * Pure: a diff and a policy in, the verdict out. The command prints the report first, then turns
 * a breach into exit code 1.
 */
import { InputError } from '../errors.js';
import { nonFiniteName } from './finite.js';
import { budgetFigure } from '../render/budget-note.js';
import { money, percent, signedPercent } from '../render/format.js';
import type { Breach, DiffReport, PolicyResult, ScenarioDiff } from '../schema/diff-report.js';
import { scenarioLabel } from './diff.js';
import { quoted } from '../util/excerpt.js';

export type Threshold =
  | { kind: 'percent'; fraction: number; text: string }
  /** currency null: the currency of the run (it must have only one). */
  | { kind: 'amount'; amount: number; currency: string | null; text: string };

export interface TagBudget {
  key: string;
  value: string;
  monthly: number;
  currency: string;
}

/**
 * When a scenario's budget fails the diff (docs/diff.md):
 * - `change` (default): when this change puts it over its budget (it was not over before, or is
 *   new), or raises the judged cost of one already over; one that stays over without getting
 *   dearer is a warning;
 * - `always`: whenever it is over after the change;
 * - `never`: budgets are not checked.
 */
export type BudgetGate = 'change' | 'always' | 'never';
export const BUDGET_GATES: readonly BudgetGate[] = ['change', 'always', 'never'];

export interface Policy {
  failOnIncrease: Threshold[];
  failOnBudgetOver: BudgetGate;
  tagBudgets: TagBudget[];
  /** Where the thresholds came from, for messages (e.g. "--fail-on-increase", "aifinops.yaml"). */
  thresholdsFrom: string;
}

export const NO_POLICY: Policy = { failOnIncrease: [], failOnBudgetOver: 'change', tagBudgets: [], thresholdsFrom: '--fail-on-increase' };

const PERCENT = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%\s*$/;
const AMOUNT = /^\s*(?:([A-Z]{3})\s*)?(\d+(?:\.\d+)?|\.\d+)\s*(?:([A-Z]{3}))?\s*$/;

/** `10%` (of the base), `500` (in the run's currency) or `500 EUR` / `EUR 500`. */
export function parseThreshold(raw: string | number): Threshold | { error: string } {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) return { error: `expected an amount ≥ 0 or a percent, got ${raw}` };
    return { kind: 'amount', amount: raw, currency: null, text: String(raw) };
  }
  const p = PERCENT.exec(raw);
  if (p) return { kind: 'percent', fraction: Number(p[1]) / 100, text: `${Number(p[1])}%` };
  const a = AMOUNT.exec(raw);
  if (a && !(a[1] && a[3])) {
    const currency = a[1] ?? a[3] ?? null;
    return { kind: 'amount', amount: Number(a[2]), currency, text: currency ? `${Number(a[2])} ${currency}` : `${Number(a[2])}` };
  }
  return { error: `expected a percent like 10% or an amount like 500 (optionally with its currency: 500 EUR), got ${quoted(raw)}` };
}

/** Relative slack so a change of exactly the threshold (10.000000001% from rounding) does not fail. */
const over = (x: number, limit: number) => x > limit + 1e-9 * Math.max(1, Math.abs(limit));

function describe(t: Threshold, currencies: readonly string[]): string {
  if (t.kind === 'percent') return `an increase over ${t.text} (per scenario and in total)`;
  const cur = t.currency ?? currencies[0] ?? 'USD';
  return `an increase over ${money(t.amount, cur)} (per scenario and in total)`;
}

export function evaluatePolicy(diff: Pick<DiffReport, 'scenarios' | 'totals'>, policy: Policy): PolicyResult {
  const breaches: Breach[] = [];
  const warnings: string[] = [];
  const checked: string[] = [];
  const currencies = diff.totals.map((t) => t.currency);
  const who = (s: ScenarioDiff) => `${quoted(s.name)}${s.variant ? ` [${s.variant}]` : ''} (${s.file})`;

  for (const t of policy.failOnIncrease) {
    if (t.kind === 'amount' && t.currency === null && currencies.length > 1) {
      throw new InputError({
        path: policy.thresholdsFrom,
        message: `the amount ${t.text} has no currency, but the scenarios are in ${currencies.join(' and ')}`,
        fix: `give one threshold per currency, e.g. "${t.text} ${currencies[0]}" and "${t.text} ${currencies[1]}"`,
      });
    }
    checked.push(`${describe(t, currencies)} [${policy.thresholdsFrom}]`);
    for (const s of diff.scenarios) {
      if (s.status === 'removed' || s.status === 'unchanged') continue;
      if (t.kind === 'percent') {
        if (s.status === 'changed' && s.change_percent !== null && over(s.change_percent, t.fraction)) {
          breaches.push({
            rule: 'fail_on_increase',
            scenario: scenarioLabel(s),
            message: `${who(s)} grew ${signedPercent(s.change_percent)} (${money(s.before, s.currency)} → ${money(s.after, s.currency)}), over the ${t.text} limit`,
          });
        }
      } else if ((t.currency ?? s.currency) === s.currency && over(s.change, t.amount)) {
        breaches.push({
          rule: 'fail_on_increase',
          scenario: scenarioLabel(s),
          message: `${who(s)} ${s.status === 'added' ? 'is new and costs' : 'grew by'} ${money(s.change, s.currency)} a month, over the ${money(t.amount, s.currency)} limit`,
        });
      }
    }
    for (const tot of diff.totals) {
      // With one scenario in a currency the total is that scenario: reported once, above.
      if (diff.scenarios.filter((s) => s.currency === tot.currency).length < 2) continue;
      const across = `the total of all scenarios in ${tot.currency}`;
      if (t.kind === 'percent') {
        if (tot.change_percent !== null && over(tot.change_percent, t.fraction)) {
          breaches.push({ rule: 'fail_on_increase', scenario: null, message: `${across} grew ${signedPercent(tot.change_percent)} (${money(tot.before, tot.currency)} → ${money(tot.after, tot.currency)}), over the ${t.text} limit` });
        }
      } else if ((t.currency ?? tot.currency) === tot.currency && over(tot.change, t.amount)) {
        breaches.push({ rule: 'fail_on_increase', scenario: null, message: `${across} grew by ${money(tot.change, tot.currency)} a month, over the ${money(t.amount, tot.currency)} limit` });
      }
    }
  }

  if (policy.failOnBudgetOver !== 'never') {
    const always = policy.failOnBudgetOver === 'always';
    checked.push(always ? 'scenario budgets (status "over", --fail-on-budget always)' : 'scenario budgets (a change that goes over, or raises the cost of one already over)');
    for (const s of diff.scenarios) {
      const b = s.budget_after;
      if (s.status === 'removed' || !b || b.status !== 'over') continue;
      const a = s.budget_before;
      const wasOver = a?.status === 'over';
      const figure = budgetFigure(b, s.currency);
      // the judged figure moved up (the same relative slack as the thresholds)
      const raised = wasOver && a.judged !== undefined && over(b.judged, a.judged);
      if (!wasOver) {
        breaches.push({ rule: 'budget_over', scenario: scenarioLabel(s), message: `${who(s)} ${a ? 'goes' : 'is new and'} over its budget: ${figure}` });
      } else if (raised) {
        breaches.push({
          rule: 'budget_over',
          scenario: scenarioLabel(s),
          message: `${who(s)} was already over its budget and this change raises it: ${b.at ? b.at.toUpperCase() : 'monthly cost'} ${money(a.judged, s.currency)} → ${figure}`,
        });
      } else if (always) {
        breaches.push({ rule: 'budget_over', scenario: scenarioLabel(s), message: `${who(s)} is over its budget: ${figure} (it was already over before this change)` });
      } else {
        warnings.push(`${who(s)} was already over its budget before this change and is not raised by it: ${figure}`);
      }
    }
  }

  const tagBudgets: PolicyResult['tag_budgets'] = [];
  for (const tb of policy.tagBudgets) {
    checked.push(`tag budget ${tb.key}=${tb.value} ≤ ${money(tb.monthly, tb.currency)} [aifinops.yaml]`);
    let before = 0;
    let after = 0;
    let n = 0;
    for (const s of diff.scenarios) {
      if (s.tags[tb.key] !== tb.value) continue;
      if (s.currency !== tb.currency) {
        throw new InputError({
          file: 'aifinops.yaml',
          path: `budgets.${tb.key}.${tb.value}`,
          message: `the budget is in ${tb.currency} but ${who(s)} is in ${s.currency}; amounts in different currencies are not added up`,
          fix: `set the project currency to ${s.currency}, or tag scenarios in different currencies differently`,
        });
      }
      before += s.before ?? 0;
      after += s.after ?? 0;
      if (s.status !== 'removed') n++;
    }
    const used = after / tb.monthly;
    if (!Number.isFinite(used * 100)) {
      throw new InputError({
        file: 'aifinops.yaml',
        path: `budgets.${tb.key}.${tb.value}`,
        message: `the share of the budget used comes to ${nonFiniteName(used * 100)} percent: scenarios tagged ${tb.key}=${tb.value} cost ${after} a month against a budget of ${tb.monthly}`,
        fix: `give the budget in ${tb.currency} a month, e.g. 5000`,
      });
    }
    tagBudgets.push({ key: tb.key, value: tb.value, currency: tb.currency, monthly: tb.monthly, before, after, used, scenarios: n });
    if (over(after, tb.monthly)) {
      breaches.push({
        rule: 'tag_budget',
        scenario: null,
        message: `scenarios tagged ${tb.key}=${tb.value} cost ${money(after, tb.currency)} a month (was ${money(before, tb.currency)}), ${percent(used)} of their ${money(tb.monthly, tb.currency)} budget`,
      });
    }
  }
  return { checked, breaches, warnings, tag_budgets: tagBudgets, passed: breaches.length === 0 };
}
