/** `aifinops compare <a.yaml> <b.yaml>…` or `compare <scenario> --variants all`: side by side against the first column. */
import type { Command } from 'commander';
import { compareReports, type ComparisonInput } from '../core/compare.js';
import { estimateScenario } from '../core/estimate.js';
import { describeChanges } from '../core/whatif.js';
import { InputError } from '../errors.js';
import { scenarioKeysAt } from '../load/scenario.js';
import { renderComparisonMarkdown, renderComparisonTable } from '../render/compare.js';
import { renderJson } from '../render/json.js';
import { didYouMean } from '../util/suggest.js';
import { emit } from '../util/output.js';
import { collect, filesOrProject, formatOption, pricingDate, pricingDateOptions, type PricingDateFlags, WIDE, showTable } from './common.js';
import { ScenarioSource } from './whatif-common.js';
import { excerptList, quoted } from '../util/excerpt.js';

interface CompareFlags extends PricingDateFlags {
  format: 'table' | 'json' | 'markdown';
  output?: string;
  pricing?: string[];
  set?: string[];
  variants?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('compare')
    .description('scenarios (or one scenario\'s variants) side by side, with deltas and percentages against the first')
    .argument('[scenario...]', 'scenario YAML files; the first is the reference (default: the scenarios of aifinops.yaml)')
    .option('--variants <names>', 'add each scenario\'s variants as columns: all, or comma-separated names')
    .option('-p, --pricing <file>', 'extra pricing catalogue, loaded after the bundled ones and the scenario\'s (repeatable)', collect)
    .option('-s, --set <path=value>', 'override a value in every column, e.g. traffic.requests_per_day=20000 (repeatable)', collect)
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout');
  pricingDateOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops compare scenarios/support-unoptimised.yaml scenarios/support-optimised.yaml
  $ aifinops compare scenarios/rag-support-assistant.yaml --variants all
  $ aifinops compare scenarios/rag-support-assistant.yaml --variants optimized -f markdown -o compare.md
  $ aifinops compare scenarios/support-*.yaml --set traffic.requests_per_day=50000 -f json

The first column is the reference: every other column shows its change and percentage against it.
See docs/what-if.md.`,
    )
    .action((args: string[], flags: CompareFlags, command: Command) => {
      const files = filesOrProject(args, command, 'scenario');
      const columns: ComparisonInput[] = [];
      const multi = files.length > 1;
      for (const file of files) {
        const src = new ScenarioSource(file, { pricing: flags.pricing ?? [], set: flags.set ?? [], ...(flags.asOf ? { asOf: flags.asOf } : {}), ...(flags.maxPriceAge === undefined ? {} : { maxPriceAge: flags.maxPriceAge }) });
        const base = estimateScenario(src.load());
        columns.push({ label: multi ? base.name : 'as is', report: base, changes: [] });
        if (flags.variants === undefined) continue;
        const names = src.variantNames();
        const wanted = flags.variants.trim() === 'all' ? names : flags.variants.split(',').map((v) => v.trim()).filter(Boolean);
        if (wanted.length === 0) {
          throw new InputError({ file: src.yaml.file, path: 'variants', message: names.length ? `--variants ${quoted(flags.variants)} names no variant` : 'the scenario has no variants block', fix: names.length ? `variants here: ${excerptList(names)}` : 'add variants: { name: { path: value } } to the scenario, or compare two files' });
        }
        for (const v of wanted) {
          if (!names.includes(v)) {
            throw new InputError({ file: src.yaml.file, path: `--variants ${v}`, message: `no variant named ${quoted(v)}`, fix: didYouMean(v, names) || (names.length ? `variants here: ${names.join(', ')}` : 'the scenario has no variants block') });
          }
          const r = estimateScenario(src.load([], { variant: v }));
          columns.push({ label: multi ? `${r.name} [${v}]` : v, report: r, changes: describeChanges(src.raw(), src.variantOverrides(v), `variant ${v}`, scenarioKeysAt) });
        }
      }
      if (columns.length < 2) {
        throw new InputError({ path: 'compare', message: 'one column only: nothing to compare it with', fix: 'give a second scenario file, or --variants all to compare this one\'s variants' });
      }
      // same scenario names from different files: label by file instead
      const labels = columns.map((c) => c.label);
      if (new Set(labels).size !== labels.length) for (const c of columns) c.label = c.report.variant ? `${c.report.file} [${c.report.variant}]` : c.report.file;
      const report = compareReports(columns, { kind: 'compare', toolVersion: __AIFINOPS_VERSION__, set: flags.set ?? [], pricedAsOf: pricingDate(flags) });
      const text =
        flags.format === 'json' ? renderJson(report)
        : flags.format === 'markdown' ? renderComparisonMarkdown(report)
        : showTable(command, Boolean(flags.output), (style) => renderComparisonTable(report, style));
      emit(text, flags.output);
    });
}
