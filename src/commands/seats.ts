/** `aifinops seats <scenario> --plan NAME`: seat plans versus paying per token, on the scenario's users. */
import { assertFiniteReport } from '../core/finite.js';
import { fitLines } from '../render/fit.js';
import type { Command } from 'commander';
import { estimateScenario } from '../core/estimate.js';
import { compareSeats } from '../core/seats.js';
import { InputError } from '../errors.js';
import { displayPath } from '../load/catalogues.js';
import { loadScenario } from '../load/scenario.js';
import { audienceFor, bundledSeatCatalogues, loadSeatCatalogueFile, planIndex, resolvePlan } from '../load/seats.js';
import { readYamlFile } from '../load/yaml.js';
import { renderJson } from '../render/json.js';
import { planRows, renderPlanListMarkdown, renderPlanListTable, renderSeatsMarkdown, renderSeatsTable } from '../render/seats.js';
import { SEAT_TERMS } from '../schema/seats.js';
import { emit } from '../util/output.js';
import { collect, formatOption, scenarioOptions, styleFor, type ScenarioFlags, WIDE, showTable } from './common.js';
import { quoted } from '../util/excerpt.js';

interface SeatsFlags extends ScenarioFlags {
  plan?: string[];
  term?: string;
  seatPrice?: string;
  allowance?: string;
  plans?: string[];
  list?: boolean;
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

function parseAmount(raw: string, flag: string, what: string, example: string): number {
  const v = Number(raw.trim().replace(/^[$\u20ac\u00a3]/, '')); // $ € £ (escaped: see scripts/build.mjs on ASCII)
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0) {
    throw new InputError({ path: flag, message: `expected ${what} ≥ 0, got ${quoted(raw)}`, fix: `e.g. ${flag} ${example}` });
  }
  return v;
}

export function register(program: Command): void {
  const cmd = program
    .command('seats')
    .description('seat plans (ChatGPT Business, Claude Team, Copilot …) versus paying per token for the same users')
    .argument('[scenario]', 'scenario YAML file with traffic.users (and optionally a seats: block)');
  scenarioOptions(cmd)
    .option('--plan <id>', 'seat plan to compare (repeatable); see --list', collect)
    .option('--term <term>', `billing term: ${SEAT_TERMS.join(' or ')} (default: annual when the plan offers it)`)
    .option('--seat-price <amount>', 'your negotiated price per seat per month (replaces the catalogue price; one --plan only)')
    .option('--allowance <amount>', 'usage included per seat per month, in money, for plans with a usage allowance (needed where the vendor does not publish it)')
    .option('--plans <file>', 'extra seat-plan catalogue, loaded after pricing/seats.yaml (repeatable)', collect)
    .option('--list', 'list the seat plans in the catalogues and exit')
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
The scenario's users and usage are priced on the API (its own estimate) and on the plan: seats are
max(users, minimum seats) × price, spread over the active users (seats.active_share). The report
gives the usage per user and the user count at which a seat wins, and with seats.segments a
per-segment recommendation and the cheapest mix. See docs/seat-plans.md.

Examples:
  $ aifinops seats --list
  $ aifinops seats scenarios/internal-copilot-seats.yaml --plan chatgpt-business
  $ aifinops seats scenarios/internal-copilot-seats.yaml --plan chatgpt-business --plan claude-team-standard --term monthly
  $ aifinops seats scenarios/internal-copilot-seats.yaml --plan chatgpt-business --set seats.active_share=50%
  $ aifinops seats scenarios/internal-copilot-seats.yaml --plan chatgpt-enterprise --seat-price 45 -f markdown
  $ aifinops seats scenarios/coding-agent-seats.yaml --plan github-copilot-business --plan claude-team-premium
  $ aifinops seats scenarios/coding-agent-seats.yaml --plan cursor-teams-standard --allowance 20`,
    )
    .action((file: string | undefined, flags: SeatsFlags, command: Command) => {
      const catalogues = [...bundledSeatCatalogues(), ...(flags.plans ?? []).map((f) => loadSeatCatalogueFile(f))];
      const index = planIndex(catalogues);
      const style = styleFor(command, Boolean(flags.output));
      if (flags.list) {
        const rows = planRows([...index.values()].sort((a, b) => a.id.localeCompare(b.id)));
        const text = flags.format === 'json' ? renderJson({ plans: rows }) : flags.format === 'markdown' ? renderPlanListMarkdown(rows) : fitLines(renderPlanListTable(rows, style), style.width);
        emit(text, flags.output);
        return;
      }
      if (!file) throw new InputError({ path: '<scenario>', message: 'missing the scenario file', fix: 'e.g. aifinops seats scenarios/internal-copilot-seats.yaml --plan chatgpt-business (or --list to see the plans)' });
      const plans = flags.plan ?? [];
      if (plans.length === 0) {
        const ids = [...index.keys()].sort();
        throw new InputError({ path: '--plan', message: 'name at least one seat plan to compare', fix: ids.length ? `e.g. --plan ${ids[0]} (plans: ${ids.join(', ')})` : 'add a seat-plan catalogue with --plans FILE' });
      }
      if (flags.seatPrice !== undefined && plans.length > 1) {
        throw new InputError({ path: '--seat-price', message: `--seat-price applies to one plan, but ${plans.length} are named`, fix: 'compare one plan at a time with --seat-price, or put your prices in a catalogue given with --plans' });
      }
      const yaml = readYamlFile(file, undefined, displayPath(file));
      const scenario = loadScenario(file, { pricing: flags.pricing ?? [], set: flags.set ?? [], variant: flags.variant ?? null, yaml });
      const audience = audienceFor(scenario, yaml);
      const seatPrice = flags.seatPrice === undefined ? undefined : parseAmount(flags.seatPrice, '--seat-price', 'a price per seat per month', '27.50');
      const allowance = flags.allowance === undefined ? undefined : parseAmount(flags.allowance, '--allowance', 'an allowance per seat per month', '20');
      const resolved = [...new Set(plans)].map((p) => resolvePlan(p, index, { term: flags.term, seatPrice, allowance }, scenario.currency));
      const report = compareSeats(scenario, estimateScenario(scenario), audience, resolved, __AIFINOPS_VERSION__);
      assertFiniteReport(report, scenario.file, 'seat comparison');
      let text: string;
      switch (flags.format) {
        case 'json': text = renderJson(report); break;
        case 'markdown': text = renderSeatsMarkdown(report); break;
        default: text = fitLines(renderSeatsTable(report, style), style.width);
      }
      emit(text, flags.output);
    });
}
