/** `aifinops estimate <scenario…>`: monthly cost with its breakdown. */
import { fitLines } from '../render/fit.js';
import type { Command } from 'commander';
import { estimateScenario } from '../core/estimate.js';
import { withUncertainty } from '../core/montecarlo.js';
import { buildReport } from '../core/rollup.js';
import { uncertaintyOf } from '../load/distributions.js';
import { loadScenario } from '../load/scenario.js';
import { renderEstimateCsv } from '../render/csv.js';
import { renderExplain } from '../render/explain.js';
import { renderJson } from '../render/json.js';
import { renderEstimateMarkdown } from '../render/markdown.js';
import { renderEstimateTable } from '../render/table.js';
import { renderUncertaintyMarkdown, renderUncertaintyTable } from '../render/uncertainty.js';
import { emit } from '../util/output.js';
import { formatOption, scenarioOptions, simulationOptions, styleFor, uncertaintyOptions, type ScenarioFlags, type UncertaintyFlags, WIDE, showTable } from './common.js';

interface EstimateFlags extends ScenarioFlags, UncertaintyFlags {
  format: 'table' | 'json' | 'markdown' | 'csv';
  output?: string;
  explain?: boolean;
  groupBy?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('estimate')
    .description('monthly cost of one or more scenarios, by stage, model, token kind and category')
    .argument('<scenario...>', 'scenario YAML files');
  scenarioOptions(cmd)
    .addOption(formatOption(['table', 'json', 'markdown', 'csv']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--explain', 'show the arithmetic of each stage and model with the numbers substituted')
    .option('--group-by <tagkey>', 'roll the scenarios up by a tag (showback), e.g. --group-by team');
  uncertaintyOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops estimate scenarios/rag-support-assistant.yaml
  $ aifinops estimate scenarios/*.yaml --group-by team
  $ aifinops estimate scenarios/coding-agent.yaml --set pipeline.plan.agent_steps=12 --explain
  $ aifinops estimate scenarios/rag-support-assistant.yaml --variant optimized -f json -o report.json
  $ aifinops estimate scenarios/rag-support-uncertain.yaml --samples 50000 --seed 7`,
    )
    .action((files: string[], flags: EstimateFlags, command: Command) => {
      const scenarios = files.map((f) =>
        loadScenario(f, { pricing: flags.pricing ?? [], set: flags.set ?? [], variant: flags.variant ?? null }),
      );
      // scenarios with distributions also get mean and P50/P80/P95 from a seeded Monte Carlo run
      const reports = scenarios.map((s) => withUncertainty(estimateScenario(s), s, uncertaintyOf(s), simulationOptions(flags)));
      const report = buildReport(reports, __AIFINOPS_VERSION__, flags.groupBy ?? null);
      const style = styleFor(command, Boolean(flags.output));
      let text: string;
      switch (flags.format) {
        case 'json': text = renderJson(report); break;
        case 'markdown': text = [renderEstimateMarkdown(report), ...reports.map(renderUncertaintyMarkdown).filter(Boolean)].join('\n'); break;
        case 'csv': text = renderEstimateCsv(report); break;
        default: {
          text = [renderEstimateTable(report, style), ...reports.map((r) => renderUncertaintyTable(r, style)).filter(Boolean)].join('\n');
          if (flags.explain) text += '\n' + scenarios.map((s, i) => renderExplain(s, reports[i]!, style)).join('\n');
          text = fitLines(text, style.width);
        }
      }
      if (flags.explain && flags.format !== 'table') process.stderr.write(scenarios.map((s, i) => renderExplain(s, reports[i]!, styleFor(command, true))).join('\n'));
      emit(text, flags.output);
    });
}
