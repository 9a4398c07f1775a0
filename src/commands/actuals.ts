/** `aifinops actuals …`: import usage exports, report them, compare them with scenarios, print the warehouse SQL. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ModelRegistry } from '../core/registry.js';
import { bundledCatalogues, displayPath, loadCatalogueFile } from '../load/catalogues.js';
import { emit } from '../util/output.js';
import { today } from '../util/clock.js';
import { collect, formatOption, scenarioOptions } from './common.js';
import type { ReportFlags } from './actuals-report.js';
import type { CompareFlags } from './actuals-compare.js';

export interface StoreFlags {
  store?: string;
  pricing?: string[];
  /** The option that names the store, for messages (`calibrate` calls it --actuals); default --store. */
  storeFlag?: string;
}

export function storePath(flags: StoreFlags): string {
  return resolve(flags.store ?? '.aifinops/actuals.duckdb');
}

export function registryFor(flags: StoreFlags): ModelRegistry {
  const reg = new ModelRegistry(bundledCatalogues(), today());
  for (const f of flags.pricing ?? []) reg.add(loadCatalogueFile(resolve(f), displayPath(resolve(f))));
  return reg;
}

function storeOptions(cmd: Command): Command {
  return cmd
    .option('--store <file>', 'the actuals store (a DuckDB file)', '.aifinops/actuals.duckdb')
    .option('-p, --pricing <file>', "extra pricing catalogue, loaded after the bundled ones (repeatable)", collect);
}

export function register(program: Command): void {
  const actuals = program
    .command('actuals')
    .description('what was really spent: import usage exports, report and audit them, compare them with scenarios');

  const imp = actuals
    .command('import')
    .description('read usage and cost exports (OpenAI, Anthropic, FOCUS, LiteLLM, OpenTelemetry) into the local store')
    .argument('<files...>', 'exported files; the format of each is detected');
  storeOptions(imp)
    .addOption(formatOption(['table', 'json']))
    .addHelpText('after', `
Formats: OpenAI Usage API (completions) and Costs API pages; Anthropic Admin usage report (messages)
and cost report; FOCUS 1.x CSV or Parquet; LiteLLM spend logs (CSV); OpenTelemetry GenAI spans
(OTLP JSON); the daily aggregate CSV of \`aifinops actuals sql\`. Re-importing a file adds nothing.

Examples:
  $ aifinops actuals import exports/openai-usage-2025-*.json exports/anthropic-usage.json
  $ aifinops actuals import spend_logs.csv --store team.duckdb`)
    .action(async (files: string[], flags: StoreFlags & { format: 'table' | 'json' }) => {
      const { runImport } = await import('./actuals-import.js');
      emit(await runImport(files, flags));
    });

  const report = actuals
    .command('report')
    .description('spend and tokens over time with a terminal chart, and a bill audit: the tokens re-priced with the catalogue against the billed cost');
  storeOptions(report)
    .option('--from <day>', 'first day (YYYY-MM-DD, inclusive)')
    .option('--to <day>', 'last day (YYYY-MM-DD, inclusive)')
    .option('--by <what>', 'group by day, model, project or tag', 'model')
    .option('--source <source>', 'only rows from this source, e.g. anthropic-usage (repeatable)', collect)
    .addOption(formatOption(['table', 'json', 'markdown', 'csv']))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText('after', `
Examples:
  $ aifinops actuals report --by day --from 2025-06-01 --to 2025-06-30
  $ aifinops actuals report --by tag -f markdown
  $ aifinops actuals report --source anthropic-usage --source anthropic-cost -f json`)
    .action(async (flags: ReportFlags, command: Command) => {
      const { runReport } = await import('./actuals-report.js');
      await runReport(flags, command);
    });

  const compare = actuals
    .command('compare')
    .description("each scenario's estimate against what its matched traffic really cost, month by month, the variance split into volume, mix, tokens per call, cache hit rate and price")
    .argument('<scenarios...>', 'scenario YAML files (their match: blocks say which usage is theirs)');
  scenarioOptions(compare)
    .option('--store <file>', 'the actuals store (a DuckDB file)', '.aifinops/actuals.duckdb')
    .option('--from <day>', 'first day (YYYY-MM-DD, inclusive)')
    .option('--to <day>', 'last day (YYYY-MM-DD, inclusive)')
    .option('--source <source>', 'only rows from this source (repeatable)', collect)
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText('after', `
Examples:
  $ aifinops actuals compare scenarios/support.yaml
  $ aifinops actuals compare scenarios/*.yaml --from 2025-04-01 -f markdown`)
    .action(async (files: string[], flags: CompareFlags, command: Command) => {
      const { runCompare } = await import('./actuals-compare.js');
      await runCompare(files, flags, command);
    });

  actuals
    .command('sql')
    .description('print the normalisation and daily-aggregate SQL for a LiteLLM spend-log table, to run in a warehouse (DuckDB, BigQuery, Snowflake, Spark SQL)')
    .option('--table <name>', 'the spend-log table (name or schema.name, unquoted)', 'LiteLLM_SpendLogs')
    .addHelpText('after', `
Run the query where the logs live, export its result as CSV with a header, and import that.

Examples:
  $ aifinops actuals sql --table analytics.litellm_spendlogs > daily.sql
  $ aifinops actuals sql > daily.sql && duckdb logs.duckdb -csv < daily.sql > daily.csv
  $ aifinops actuals import daily.csv`)
    .action(async (flags: { table: string }) => {
      const { isTableName, warehouseSql } = await import('../actuals/sql.js');
      if (!isTableName(flags.table)) {
        const { InputError } = await import('../errors.js');
        throw new InputError({ path: '--table', message: `expected a table name of letters, digits and _ (optionally schema.table), got ${JSON.stringify(flags.table).slice(0, 40)}` });
      }
      emit(warehouseSql(flags.table));
    });
}
