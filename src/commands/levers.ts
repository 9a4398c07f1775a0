/** `aifinops levers <scenario>`: each optimisation lever priced alone and cumulatively, in the practitioners' order. */
import { assertFiniteReport } from '../core/finite.js';
import type { Command } from 'commander';
import { leverParamHelp, parseLeverOptions, priceLevers } from '../core/levers.js';
import { renderJson } from '../render/json.js';
import { renderLeversMarkdown, renderLeversTable } from '../render/levers.js';
import { emit } from '../util/output.js';
import { collect, formatOption, scenarioOptions, type ScenarioFlags, WIDE, showTable } from './common.js';
import { ScenarioSource } from './whatif-common.js';

interface LeversFlags extends ScenarioFlags {
  lever?: string[];
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('levers')
    .description('the optimisation levers in the practitioners\' order, each priced alone and cumulatively, with its assumption')
    .argument('<scenario>', 'scenario YAML file')
    .option('-l, --lever <id.key=value>', 'change a lever\'s assumption, e.g. route.share=0.3, or switch one off: batch=off (repeatable)', collect);
  scenarioOptions(cmd)
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops levers scenarios/support-unoptimised.yaml
  $ aifinops levers scenarios/rag-support-assistant.yaml --lever route.share=0.3 --lever context.max=1500
  $ aifinops levers scenarios/nightly-classification.yaml --lever batch.stages=classify,extract-fields
  $ aifinops levers scenarios/coding-agent.yaml --lever steps.max=8 --lever contracts.discount=10% -f markdown

Lever parameters (--lever id.key=value):
${leverParamHelp().map((l) => `  ${l}`).join('\n')}

Order: observe → compress prompts → route to cheaper tiers → context budget → caching →
execution patterns (retries, agent steps, batch) → infrastructure → contracts. See docs/what-if.md.`,
    )
    .action((file: string, flags: LeversFlags, command: Command) => {
      const src = new ScenarioSource(file, flags);
      const scenario = src.load();
      const ctx = { registry: src.registry(), file: scenario.file };
      const parsed = parseLeverOptions(flags.lever ?? [], scenario, ctx);
      const report = priceLevers({ scenario, ref: src.ref(scenario), parsed, ctx, toolVersion: __AIFINOPS_VERSION__ });
      assertFiniteReport(report, scenario.file, 'lever ranking');
      const text =
        flags.format === 'json' ? renderJson(report)
        : flags.format === 'markdown' ? renderLeversMarkdown(report)
        : showTable(command, Boolean(flags.output), (style) => renderLeversTable(report, style));
      emit(text, flags.output);
    });
}
