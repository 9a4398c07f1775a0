/** The `actuals compare` action: scenarios + matched actuals → month-by-month variance. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { checkDay, checkSources, loadAggregate, type AggregateRow } from '../actuals/aggregate.js';
import { COMPARE_SCHEMA, compareScenario, type CompareReport } from '../actuals/compare.js';
import { matcherOf, rowsByStage } from '../actuals/match.js';
import { pricer } from '../actuals/pricing.js';
import { renderCompareMarkdown, renderCompareTable } from '../actuals/render-compare.js';
import { openStoreForRead } from '../actuals/store.js';
import type { ModelRegistry } from '../core/registry.js';
import type { Scenario } from '../core/model.js';
import { InputError } from '../errors.js';
import { displayPath } from '../load/catalogues.js';
import { loadScenario } from '../load/scenario.js';
import { readYamlFile } from '../load/yaml.js';
import { renderJson } from '../render/json.js';
import type { MatchParsed } from '../schema/scenario.js';
import { emit } from '../util/output.js';
import { registryFor, storePath, type StoreFlags } from './actuals.js';
import { styleFor, type ScenarioFlags } from './common.js';

export interface CompareFlags extends StoreFlags, ScenarioFlags {
  from?: string;
  to?: string;
  source?: string[];
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The scenario with its match: blocks (validated by the scenario schema when it loaded). */
export function loadMatched(file: string, flags: ScenarioFlags & StoreFlags, registry: ModelRegistry) {
  const scenario: Scenario = loadScenario(file, { pricing: flags.pricing ?? [], set: flags.set ?? [], variant: flags.variant ?? null, inService: false });
  const y = readYamlFile(resolve(file), undefined, displayPath(resolve(file)));
  const data = isObj(y.data) ? y.data : {};
  const pipeline = Array.isArray(data.pipeline) ? data.pipeline : [];
  const scenarioMatch = matcherOf(data.match as MatchParsed | undefined, registry);
  const stageMatch = scenario.stages.map((st) => {
    const raw = pipeline.find((p) => isObj(p) && p.name === st.name) as Record<string, unknown> | undefined;
    return matcherOf(raw?.match as MatchParsed | undefined, registry);
  });
  return { scenario, scenarioMatch, stageMatch, yaml: y };
}

export async function loadRows(flags: StoreFlags & { from?: string; to?: string; source?: string[] }): Promise<AggregateRow[]> {
  const from = checkDay('--from', flags.from);
  const to = checkDay('--to', flags.to);
  if (from && to && from > to) throw new InputError({ path: '--from', message: `${from} is after --to ${to}`, fix: 'give the earlier day to --from' });
  const sources = checkSources(flags.source);
  const store = storePath(flags);
  const db = await openStoreForRead(store, displayPath(store), flags.storeFlag);
  try {
    return await loadAggregate(db.connection, { from, to, sources });
  } finally {
    db.close();
  }
}

export async function runCompare(files: string[], flags: CompareFlags, command: Command): Promise<void> {
  const registry = registryFor(flags);
  const price = pricer(registry);
  const rows = await loadRows(flags);
  const report: CompareReport = { schema: COMPARE_SCHEMA, tool_version: __AIFINOPS_VERSION__, scenarios: [] };
  for (const file of files) {
    const { scenario, scenarioMatch, stageMatch } = loadMatched(file, flags, registry);
    report.scenarios.push(compareScenario(scenario, rowsByStage(scenario, scenarioMatch, stageMatch, rows), price));
  }
  const text = flags.format === 'json' ? renderJson(report) : flags.format === 'markdown' ? renderCompareMarkdown(report) : renderCompareTable(report, styleFor(command, Boolean(flags.output)));
  emit(text, flags.output);
}
