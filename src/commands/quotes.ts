/** `aifinops quotes <scenario> <quote…>`: vendor quotes priced on the same workload over the term, ranked. */
import { assertFiniteReport } from '../core/finite.js';
import type { Command } from 'commander';
import { compareQuotes, type Growth } from '../core/quotes.js';
import { InputError } from '../errors.js';
import { bundledCatalogues, loadCatalogueFile } from '../load/catalogues.js';
import { loadQuote, parseGrowth } from '../load/quotes.js';
import { loadScenario } from '../load/scenario.js';
import { renderJson } from '../render/json.js';
import { renderQuotesMarkdown, renderQuotesTable } from '../render/quotes.js';
import { emit } from '../util/output.js';
import { formatOption, scenarioOptions, type ScenarioFlags, WIDE, showTable } from './common.js';
import { quoted } from '../util/excerpt.js';
import { maxOf } from '../util/extent.js';

interface QuotesFlags extends ScenarioFlags {
  months?: string;
  growth?: string;
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

function parseMonths(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 120) {
    throw new InputError({ path: '--months', message: `expected a whole number of months from 1 to 120, got ${quoted(raw)}`, fix: 'e.g. --months 24' });
  }
  return n;
}

export function register(program: Command): void {
  const cmd = program
    .command('quotes')
    .description('vendor quotes (discounts, commitments, seats, fees) priced on the same workload over the term, ranked')
    .argument('<scenario>', 'scenario YAML file: the workload every quote is priced on')
    .argument('<quote...>', 'quote YAML files (docs/quotes.md)');
  scenarioOptions(cmd)
    .option('--months <n>', 'horizon in months (default: the longest quote term)')
    .option('--growth <rate>', 'monthly volume growth, e.g. 5%/month, 0.05 or -2%/month (default: none)')
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
Each quote maps the scenario's models onto the vendor's (model_map), prices the workload at the
rate card minus its discount, month by month with growth, against its commitment (use-it-or-lose-it)
with overage, seats and fees. Ranked by total cost of ownership; -f markdown writes a procurement memo.

Examples:
  $ aifinops quotes scenarios/procurement-contract-review.yaml quotes/*.yaml
  $ aifinops quotes scenarios/procurement-contract-review.yaml quotes/*.yaml --growth 5%/month --months 24
  $ aifinops quotes scenarios/procurement-contract-review.yaml quotes/*.yaml -f markdown -o memo.md`,
    )
    .action((file: string, quoteFiles: string[], flags: QuotesFlags, command: Command) => {
      const months = flags.months === undefined ? undefined : parseMonths(flags.months);
      const rate = flags.growth === undefined ? undefined : parseGrowth(flags.growth);
      const scenario = loadScenario(file, { pricing: flags.pricing ?? [], set: flags.set ?? [], variant: flags.variant ?? null });
      const catalogues = [...bundledCatalogues(), ...(flags.pricing ?? []).map((p) => loadCatalogueFile(p))];
      const quotes = [...new Set(quoteFiles)].map((q) => loadQuote(q, scenario, { catalogues }));
      const growth: Growth = rate === undefined ? { monthlyRate: 0, source: 'none' } : { monthlyRate: rate, source: 'flag' };
      const horizon = months ?? maxOf(quotes.map((q) => q.termMonths));
      const report = compareQuotes(scenario, quotes, horizon, growth, __AIFINOPS_VERSION__);
      assertFiniteReport(report, scenario.file, 'quote comparison');
      let text: string;
      switch (flags.format) {
        case 'json': text = renderJson(report); break;
        case 'markdown': text = renderQuotesMarkdown(report); break;
        default: text = showTable(command, Boolean(flags.output), (style) => renderQuotesTable(report, style));
      }
      emit(text, flags.output);
    });
}
