/** `aifinops calibrate <scenario>`: fit the scenario's inputs from its matched actuals and write the scenario again. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { collect, formatOption, scenarioOptions, type ScenarioFlags } from './common.js';

export interface CalibrateFlags extends ScenarioFlags {
  actuals?: string;
  output?: string;
  write?: boolean;
  from?: string;
  to?: string;
  source?: string[];
  format: 'yaml' | 'json';
}

export function register(program: Command): void {
  const cmd = program
    .command('calibrate')
    .description("fit a scenario's inputs (requests a day, model mix, tokens per call, cache hit rate, batch share, agent steps, retries, traffic spread and growth) from its matched actuals")
    .argument('<scenario>', 'scenario YAML file with a match: block');
  scenarioOptions(cmd)
    .option('--actuals <store>', 'the actuals store (a DuckDB file written by aifinops actuals import)', '.aifinops/actuals.duckdb')
    .option('--from <day>', 'first day of the evidence (YYYY-MM-DD)')
    .option('--to <day>', 'last day of the evidence (YYYY-MM-DD)')
    .option('--source <source>', 'only rows from this source (repeatable)', collect)
    .option('-o, --output <file>', 'write the calibrated scenario to this file (atomically)')
    .option('--write', 'rewrite the scenario file itself (atomically)')
    .addOption(formatOption(['yaml', 'json'], 'yaml'))
    .addHelpText('after', `
Only the changed values are edited: every other byte of the file stays as it was (comments,
alignment, one-line mappings, CRLF). Every changed value carries a comment with its old value
and the evidence. --write rewrites the scenario itself; -o to another folder also rewrites its
yaml-language-server $schema line to lead there. A summary goes to stderr; -f json prints the
changes as JSON instead of the scenario.

Examples:
  $ aifinops calibrate scenarios/support.yaml -o scenarios/support.calibrated.yaml
  $ aifinops calibrate scenarios/support.yaml --from 2025-04-01 --write`)
    .action(async (file: string, flags: CalibrateFlags) => {
      const { runCalibrate } = await import('./calibrate-run.js');
      await runCalibrate(resolve(file), file, flags);
    });
}
