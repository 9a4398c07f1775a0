/** Assemble the multi-scenario report: grand totals per currency and the showback roll-up by tag. Pure. */
import { REPORT_SCHEMA_VERSION, type CurrencyTotal, type GroupReport, type Report, type ScenarioReport } from '../schema/report.js';

export function totalsByCurrency(scenarios: readonly ScenarioReport[]): CurrencyTotal[] {
  const m = new Map<string, number>();
  for (const s of scenarios) m.set(s.currency, (m.get(s.currency) ?? 0) + s.total_monthly_cost);
  return [...m.entries()].map(([currency, total_monthly_cost]) => ({ currency, total_monthly_cost }));
}

export function groupByTag(scenarios: readonly ScenarioReport[], key: string): GroupReport[] {
  const groups = new Map<string, GroupReport>();
  for (const s of scenarios) {
    const value = s.tags[key] ?? null;
    const id = `${value ?? '\u0000'}\u0001${s.currency}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, value, currency: s.currency, total_monthly_cost: 0, scenarios: [] }));
    g.total_monthly_cost += s.total_monthly_cost;
    g.scenarios.push(s.name + (s.variant ? ` [${s.variant}]` : ''));
  }
  // largest spend first; untagged last
  return [...groups.values()].sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || b.total_monthly_cost - a.total_monthly_cost || String(a.value).localeCompare(String(b.value)));
}

export function buildReport(scenarios: ScenarioReport[], toolVersion: string, groupBy: string | null, pricedAsOf: string): Report {
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    tool_version: toolVersion,
    priced_as_of: pricedAsOf,
    scenarios,
    totals: totalsByCurrency(scenarios),
    groups: groupBy ? groupByTag(scenarios, groupBy) : null,
  };
}
