/** `aifinops whatif <scenario> --set path=value… / --variant NAME`: the scenario as it is beside the changed one. */
import type { Command } from 'commander';
import { compareReports } from '../core/compare.js';
import { estimateScenario } from '../core/estimate.js';
import { describeChanges } from '../core/whatif.js';
import { InputError } from '../errors.js';
import { scenarioKeysAt } from '../load/scenario.js';
import { renderComparisonMarkdown, renderComparisonTable } from '../render/compare.js';
import { renderJson } from '../render/json.js';
import { emit } from '../util/output.js';
import { formatOption, scenarioOptions, type ScenarioFlags, WIDE, showTable } from './common.js';
import { ScenarioSource } from './whatif-common.js';

interface WhatifFlags extends ScenarioFlags {
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('whatif')
    .description('the scenario as it is beside a changed one (--set, --variant), with deltas per stage, model and total')
    .argument('<scenario>', 'scenario YAML file');
  scenarioOptions(cmd)
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops whatif scenarios/support-unoptimised.yaml --set pipeline.answer.input.context=3000
  $ aifinops whatif scenarios/rag-support-assistant.yaml --variant optimized
  $ aifinops whatif scenarios/coding-agent.yaml --set pipeline.execute.agent_steps=8 --set pipeline.execute.cache.hit_rate=95%
  $ aifinops whatif scenarios/support-unoptimised.yaml --set pipeline.answer.model=claude-haiku-4-5 -f markdown

The "as is" column is the file with no overrides; the "what if" column applies --variant, then
each --set. Paths are dotted (spec §2): stages and line items by name, models in a mix by name.
See docs/what-if.md.`,
    )
    .action((file: string, flags: WhatifFlags, command: Command) => {
      if (!flags.variant && !(flags.set ?? []).length) {
        throw new InputError({ path: 'whatif', message: 'nothing to change', fix: 'give --set path=value (repeatable) and/or --variant NAME, e.g. --set traffic.requests_per_day=20000' });
      }
      const src = new ScenarioSource(file, flags);
      const base = src.load([], { variant: null, set: [] });
      const changed = src.load();
      const raw = src.raw();
      const changes = [
        ...describeChanges(raw, src.variantOverrides(src.variant), `variant ${src.variant}`, scenarioKeysAt),
        ...describeChanges(raw, src.setOverrides(), '--set', scenarioKeysAt),
      ];
      const report = compareReports(
        [
          { label: 'As is', report: estimateScenario(base), changes: [] },
          { label: 'What if', report: estimateScenario(changed), changes },
        ],
        { kind: 'whatif', toolVersion: __AIFINOPS_VERSION__, set: [] },
      );
      const text =
        flags.format === 'json' ? renderJson(report)
        : flags.format === 'markdown' ? renderComparisonMarkdown(report)
        : showTable(command, Boolean(flags.output), (style) => renderComparisonTable(report, style));
      emit(text, flags.output);
    });
}
