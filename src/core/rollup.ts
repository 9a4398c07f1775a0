/** Assemble the multi-scenario report: grand totals per currency and the showback roll-up by tag. Pure. */
import { REPORT_SCHEMA_VERSION, type AlternativeReport, type CurrencyTotal, type GroupReport, type Report, type ScenarioReport } from '../schema/report.js';

export function totalsByCurrency(scenarios: readonly ScenarioReport[]): CurrencyTotal[] {
  const m = new Map<string, number>();
  for (const s of scenarios) m.set(s.currency, (m.get(s.currency) ?? 0) + s.total_monthly_cost);
  return [...m.entries()].map(([currency, total_monthly_cost]) => ({ currency, total_monthly_cost }));
}

const label = (s: ScenarioReport) => s.name + (s.variant ? ` [${s.variant}]` : '');

/**
 * The scenario of the run that `s.alternative_of` names — by scenario name, file, or file name
 * without its folder and .yaml/.yml — other than `s` itself; null when none is in the run (then
 * `s` counts like any scenario).
 */
export function alternativeTarget(s: ScenarioReport, run: readonly ScenarioReport[]): ScenarioReport | null {
  const ref = s.alternative_of;
  if (!ref) return null;
  const stem = (f: string) => f.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  const norm = (f: string) => f.replace(/\\/g, '/').replace(/^\.\//, '');
  return run.find((o) => o !== s && (o.name === ref || norm(o.file) === norm(ref) || stem(o.file) === ref || stem(o.file) === stem(ref))) ?? null;
}

/**
 * The alternatives kept out of the totals, each with the scenario it is an alternative to. In
 * order: one whose target is already kept out still counts, so two scenarios naming each other
 * never both vanish from the totals.
 */
function keptOut(scenarios: readonly ScenarioReport[]): Map<ScenarioReport, ScenarioReport> {
  const out = new Map<ScenarioReport, ScenarioReport>();
  for (const s of scenarios) {
    const t = alternativeTarget(s, scenarios);
    if (t && !out.has(t)) out.set(s, t);
  }
  return out;
}

/** The alternatives of a run: scenarios whose `alternative_of` is another scenario of the run. */
export function alternativesOf(scenarios: readonly ScenarioReport[]): AlternativeReport[] {
  return [...keptOut(scenarios)].map(([s, t]) => ({ name: s.name, file: s.file, variant: s.variant, alternative_of: label(t), currency: s.currency, total_monthly_cost: s.total_monthly_cost }));
}

export function groupByTag(scenarios: readonly ScenarioReport[], key: string): GroupReport[] {
  const groups = new Map<string, GroupReport>();
  const alternatives = keptOut(scenarios);
  for (const s of scenarios) {
    const value = s.tags[key] ?? null;
    const id = `${value ?? '\u0000'}\u0001${s.currency}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, value, currency: s.currency, total_monthly_cost: 0, scenarios: [], alternatives: [] }));
    if (alternatives.has(s)) {
      g.alternatives.push(label(s)); // shown apart, never added
      continue;
    }
    g.total_monthly_cost += s.total_monthly_cost;
    g.scenarios.push(label(s));
  }
  // largest spend first; untagged last
  return [...groups.values()].sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || b.total_monthly_cost - a.total_monthly_cost || String(a.value).localeCompare(String(b.value)));
}

export function buildReport(scenarios: ScenarioReport[], toolVersion: string, groupBy: string | null, pricedAsOf: string): Report {
  const out = keptOut(scenarios);
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    tool_version: toolVersion,
    priced_as_of: pricedAsOf,
    scenarios,
    // alternatives (alternative_of: another scenario of this run) are listed, not added up
    totals: totalsByCurrency(scenarios.filter((s) => !out.has(s))),
    groups: groupBy ? groupByTag(scenarios, groupBy) : null,
    alternatives: alternativesOf(scenarios),
  };
}
