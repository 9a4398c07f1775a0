/** The `actuals report` action: flags → store aggregate → report → renderer. */
import type { Command } from 'commander';
import { checkDay, checkSources, loadAggregate } from '../actuals/aggregate.js';
import { pricer } from '../actuals/pricing.js';
import { buildActualsReport } from '../actuals/report.js';
import { renderActualsCsv, renderActualsMarkdown, renderActualsTable } from '../actuals/render-report.js';
import { openStoreForRead } from '../actuals/store.js';
import { InputError } from '../errors.js';
import { displayPath } from '../load/catalogues.js';
import { renderJson } from '../render/json.js';
import { GROUP_BY, type GroupBy } from '../schema/actuals-report.js';
import { emit } from '../util/output.js';
import { registryFor, storePath, type StoreFlags } from './actuals.js';
import { styleFor } from './common.js';

export interface ReportFlags extends StoreFlags {
  from?: string;
  to?: string;
  by: string;
  source?: string[];
  format: 'table' | 'json' | 'markdown' | 'csv';
  output?: string;
}

export async function runReport(flags: ReportFlags, command: Command): Promise<void> {
  if (!(GROUP_BY as readonly string[]).includes(flags.by)) throw new InputError({ path: '--by', message: `expected one of ${GROUP_BY.join(', ')}, got "${flags.by.slice(0, 20)}"` });
  const from = checkDay('--from', flags.from);
  const to = checkDay('--to', flags.to);
  if (from && to && from > to) throw new InputError({ path: '--from', message: `${from} is after --to ${to}`, fix: 'give the earlier day to --from' });
  const sources = checkSources(flags.source);
  const registry = registryFor(flags);
  const store = storePath(flags);
  const db = await openStoreForRead(store, displayPath(store));
  let rows;
  try {
    rows = await loadAggregate(db.connection, { from, to, sources });
  } finally {
    db.close();
  }
  const report = buildActualsReport(rows, pricer(registry), { by: flags.by as GroupBy, from: from ?? null, to: to ?? null, sources: sources ?? [], toolVersion: __AIFINOPS_VERSION__ });
  let text: string;
  switch (flags.format) {
    case 'json': text = renderJson(report); break;
    case 'markdown': text = renderActualsMarkdown(report); break;
    case 'csv': text = renderActualsCsv(report); break;
    default: text = renderActualsTable(report, styleFor(command, Boolean(flags.output)));
  }
  emit(text, flags.output);
}
