/** `aifinops estimate <scenario…>`: monthly cost with its breakdown. */
import { fitLines } from '../render/fit.js';
import type { Command } from 'commander';
import { withUncertainty } from '../core/montecarlo.js';
import { buildReport } from '../core/rollup.js';
import { uncertaintyOf } from '../load/distributions.js';
import { loadScenario } from '../load/scenario.js';
import { takeEstimate } from '../load/loaded-estimate.js';
import { MAX_YAML_BYTES, parseYamlText } from '../load/yaml.js';
import { InputError } from '../errors.js';
import { readStdinText } from '../util/read.js';

/** How a scenario read from standard input (`estimate -`) is named in messages and reports. */
const STDIN_NAME = '<stdin>';
import { resolve } from 'node:path';
import { renderEstimateCsv } from '../render/csv.js';
import { renderExplain } from '../render/explain.js';
import { renderJson } from '../render/json.js';
import { renderEstimateMarkdown } from '../render/markdown.js';
import { renderEstimateTable } from '../render/table.js';
import { renderUncertaintyMarkdown, renderUncertaintyTable } from '../render/uncertainty.js';
import { emit } from '../util/output.js';
import { filesOrProject, formatOption, scenarioLoad, scenarioOptions, simulationOptions, styleFor, uncertaintyOptions, type ScenarioFlags, type UncertaintyFlags, WIDE, showTable } from './common.js';

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
    .argument('[scenario...]', 'scenario YAML files, or - for one on standard input (default: the scenarios of aifinops.yaml)');
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
  $ aifinops estimate --group-by team                  (the scenarios of aifinops.yaml)
  $ aifinops estimate scenarios/*.yaml --group-by team
  $ aifinops estimate scenarios/coding-agent.yaml --set pipeline.plan.agent_steps=12 --explain
  $ aifinops estimate scenarios/rag-support-assistant.yaml --variant optimized -f json -o report.json
  $ aifinops estimate scenarios/rag-support-uncertain.yaml --samples 50000 --seed 7
  $ cat scenarios/coding-agent.yaml | aifinops estimate -`,
    )
    .action((args: string[], flags: EstimateFlags, command: Command) => {
      const files = once(filesOrProject(args, command, 'scenario'));
      const load = scenarioLoad(flags);
      const scenarios = files.map((f) =>
        f === '-'
          ? // relative paths in a scenario from standard input (prompt files, pricing) are relative to the current folder
            loadScenario(STDIN_NAME, { ...load, yaml: parseYamlText(readStdinText({ limit: MAX_YAML_BYTES, display: STDIN_NAME }), STDIN_NAME) })
          : loadScenario(f, load),
      );
      // scenarios with distributions also get mean and P50/P80/P95 from a seeded Monte Carlo run
      // (each point estimate is the one the load computed for its overflow check: nothing changed
      // the scenario since, and takeEstimate knows it by the object's identity)
      const reports = scenarios.map((s) => ({ ...withUncertainty(takeEstimate(s), s, uncertaintyOf(s), simulationOptions(flags)), alternative_of: s.alternativeOf ?? null }));
      const report = buildReport(reports, __AIFINOPS_VERSION__, flags.groupBy ?? null, load.asOf);
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

/**
 * Each file once: a file named twice (e.g. by overlapping globs) would be added to the totals and
 * roll-ups twice. Warns on stderr. \`-\` (standard input) may be given once.
 */
function once(files: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of files) {
    const key = f === '-' ? '-' : resolve(f);
    if (seen.has(key)) {
      if (f === '-') throw new InputError({ path: 'estimate', message: 'standard input (-) is given twice', fix: 'pipe one scenario and name - once' });
      process.stderr.write(`aifinops: warning: ${f} is given more than once; it is counted once\n`);
      continue;
    }
    seen.add(key);
    out.push(f);
  }
  return out;
}
