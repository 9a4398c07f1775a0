/** `aifinops forecast <scenario>`: month-by-month cost with growth, uncertainty bands and the budget. */
import { assertFiniteReport } from '../core/finite.js';
import type { Command } from 'commander';
import { forecastScenario } from '../core/forecast.js';
import { uncertaintyOf } from '../load/distributions.js';
import { takeEstimate } from '../load/loaded-estimate.js';
import { loadScenario } from '../load/scenario.js';
import { readYamlFile } from '../load/yaml.js';
import { InputError } from '../errors.js';
import { renderForecastCsv, renderForecastHtml, renderForecastMarkdown, renderForecastTable } from '../render/forecast.js';
import { renderJson } from '../render/json.js';
import { emit } from '../util/output.js';
import { filesOrProject, formatOption, scenarioLoad, scenarioOptions, simulationOptions, uncertaintyOptions, type ScenarioFlags, type UncertaintyFlags, WIDE, showTable } from './common.js';

interface ForecastFlags extends ScenarioFlags, UncertaintyFlags {
  format: 'table' | 'json' | 'markdown' | 'csv' | 'html';
  output?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('forecast')
    .description('month-by-month cost with growth and uncertainty bands (P10–P90), cumulative spend and the month a budget is crossed')
    .argument('[scenario]', 'scenario YAML file (its growth: block sets the horizon; distributions set the bands). Default: the one scenario of aifinops.yaml with a growth: block');
  scenarioOptions(cmd)
    .addOption(formatOption(['table', 'json', 'markdown', 'csv', 'html']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout');
  uncertaintyOptions(cmd).addHelpText(
    'after',
    `
Examples:
  $ aifinops forecast scenarios/rag-support-uncertain.yaml
  $ aifinops forecast scenarios/coding-agent-growth.yaml --format html -o forecast.html
  $ aifinops forecast scenarios/rag-support-assistant.yaml --set growth.monthly_rate=8% --set growth.months=18
  $ aifinops forecast scenarios/rag-support-uncertain.yaml --samples 50000 --seed 7 -f json`,
  );
  cmd.action((given: string | undefined, flags: ForecastFlags, command: Command) => {
    const file = given ?? projectForecastFile(filesOrProject([], command, 'scenario'));
    const scenario = loadScenario(file, scenarioLoad(flags));
    // (the estimate the loader computed, for its warnings: the forecast starts from the scenario as written)
    const report = forecastScenario(scenario, uncertaintyOf(scenario), { ...simulationOptions(flags), toolVersion: __AIFINOPS_VERSION__, baseWarnings: takeEstimate(scenario).warnings });
    assertFiniteReport(report, scenario.file, 'forecast');
    let text: string;
    switch (flags.format) {
      case 'json': text = renderJson(report); break;
      case 'markdown': text = renderForecastMarkdown(report); break;
      case 'csv': text = renderForecastCsv(report); break;
      case 'html': text = renderForecastHtml(report); break;
      default: text = showTable(command, Boolean(flags.output), (style) => renderForecastTable(report, style));
    }
    emit(text, flags.output);
  });
}

/**
 * `forecast` without a file: the project's scenario when it has one, else the one of its scenarios
 * with a `growth:` block. Several candidates are a usage error that names them.
 */
function projectForecastFile(files: string[]): string {
  if (files.length === 1) return files[0]!;
  const growing = files.filter((f) => {
    const data = readYamlFile(f).data;
    return typeof data === 'object' && data !== null && 'growth' in data;
  });
  if (growing.length === 1) return growing[0]!;
  const list = (growing.length ? growing : files).slice(0, 5);
  throw new InputError({
    path: 'forecast',
    message: `aifinops.yaml lists ${files.length} scenarios and ${growing.length === 0 ? 'none' : growing.length} of them ${growing.length === 1 ? 'has' : 'have'} a growth: block; forecast takes one`,
    fix: `name the scenario to forecast, e.g. aifinops forecast ${list[0]}${list.length > 1 ? ` (or ${list.slice(1).join(', ')}${(growing.length || files.length) > 5 ? ', …' : ''})` : ''}`,
  });
}
