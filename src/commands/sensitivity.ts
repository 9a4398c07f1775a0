/** `aifinops sensitivity <scenario> [--delta 20%]`: every numeric input moved down and up, ranked by the swing in monthly cost. */
import { assertFiniteReport } from '../core/finite.js';
import type { Command } from 'commander';
import { runSensitivity } from '../core/sensitivity.js';
import { renderJson } from '../render/json.js';
import { renderSensitivityMarkdown, renderSensitivityTable } from '../render/sensitivity.js';
import { emit } from '../util/output.js';
import { formatOption, scenarioOptions, type ScenarioFlags, WIDE, showTable } from './common.js';
import { parseRelative, parseWhole, ScenarioSource } from './whatif-common.js';

interface SensitivityFlags extends ScenarioFlags {
  delta: string;
  top: string;
  prices: boolean;
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('sensitivity')
    .description('which inputs move the monthly cost most: each numeric input moved down and up, ranked by swing (tornado)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-d, --delta <relative>', 'how far each input moves down and up, e.g. 20% or 0.2', '20%')
    .option('--top <n>', 'inputs shown in the table and tornado (0: all); --format json always has all', '15')
    .option('--no-prices', 'leave the models\' catalogue rates out of the inputs');
  scenarioOptions(cmd)
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops sensitivity scenarios/rag-support-assistant.yaml
  $ aifinops sensitivity scenarios/coding-agent.yaml --delta 50% --top 0
  $ aifinops sensitivity scenarios/internal-copilot.yaml --no-prices -f markdown -o sensitivity.md

Inputs are the numbers the scenario writes (traffic, shares, tokens, rates, line items, after
--variant and --set) plus each model's catalogue rates (price:provider/model). Rates and shares
stay within [0, 1], agent_steps at least 1, max_retries whole: every cut is reported. A model's
share moves with the rest of its mix rescaled so the shares still sum to 1. See docs/what-if.md.`,
    )
    .action((file: string, flags: SensitivityFlags, command: Command) => {
      const delta = parseRelative('--delta', flags.delta);
      const top = parseWhole('--top', flags.top);
      const src = new ScenarioSource(file, flags);
      const scenario = src.base();
      const report = runSensitivity({
        scenario,
        ref: src.ref(scenario),
        raw: src.effectiveRaw(),
        delta,
        evaluate: (set) => src.estimate(set).total_monthly_cost,
        prices: flags.prices,
        toolVersion: __AIFINOPS_VERSION__,
        pricedAsOf: src.asOf,
      });
      assertFiniteReport(report, scenario.file, 'sensitivity analysis');
      const text =
        flags.format === 'json' ? renderJson(report)
        : flags.format === 'markdown' ? renderSensitivityMarkdown(report, top)
        : showTable(command, Boolean(flags.output), (style) => renderSensitivityTable(report, top, style));
      emit(text, flags.output);
    });
}
