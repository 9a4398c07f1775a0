/** `aifinops diff [scenario…] --base <baseline.json | git-ref>`: cost change, what drove it, policies. */
import { assertFiniteReport } from '../core/finite.js';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { percentileMeasure } from '../core/diff.js';
import { buildDiff } from '../core/diff-report.js';
import { BUDGET_GATES, evaluatePolicy, parseThreshold, type BudgetGate, type Threshold } from '../core/policy.js';
import { InputError, PolicyError } from '../errors.js';
import { loadSides } from '../load/diff-sides.js';
import { findProjectFile, loadProject, projectPolicy, type Project } from '../load/project.js';
import { DEFAULT_TOP, GITHUB_MAX_CHARS, renderDiffMarkdown, renderDiffTable } from '../render/diff.js';
import { renderJson } from '../render/json.js';
import { emit } from '../util/output.js';
import { collect, formatOption, scenarioLoad, scenarioOptions, simulationOptions, uncertaintyOptions, type ScenarioFlags, WIDE, showTable } from './common.js';

interface DiffFlags extends ScenarioFlags {
  base: string;
  head?: string;
  format: 'table' | 'json' | 'markdown';
  output?: string;
  failOnIncrease?: string[];
  /** --fail-on-budget <when>, or false from --no-fail-on-budget; undefined: the project's or `change`. */
  failOnBudget?: BudgetGate | false;
  project?: string | false;
  maxChars: number;
  top: number;
  at?: 'p50' | 'p80' | 'p95';
  samples?: number;
  seed?: number;
}

function positiveInt(min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
}

function thresholdsFromFlags(list: readonly string[] | undefined): Threshold[] | null {
  if (!list || list.length === 0) return null;
  return list.map((raw) => {
    const t = parseThreshold(raw);
    if ('error' in t) throw new InputError({ path: '--fail-on-increase', message: t.error, fix: 'e.g. --fail-on-increase 10% or --fail-on-increase 500' });
    return t;
  });
}

function projectFor(flag: string | false | undefined): Project | null {
  if (flag === false) return null;
  if (typeof flag === 'string') return loadProject(flag);
  const found = findProjectFile();
  return found ? loadProject(found) : null;
}

export function register(program: Command): void {
  const cmd = program
    .command('diff')
    .description('cost change between a baseline (JSON report or git ref) and now: what drove it, price versus usage; policies → exit 1')
    .argument('[input...]', 'scenario YAML files (default: the globs in aifinops.yaml), or one JSON report to compare with --base')
    .requiredOption('-b, --base <report.json|git-ref>', 'the "before": a JSON report from `estimate -f json`, or a git ref (origin/main, HEAD~1, a commit)')
    .option('--head <git-ref>', 'evaluate the "after" at a git ref instead of the working tree');
  uncertaintyOptions(scenarioOptions(cmd))
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the diff to a file (atomically) instead of stdout')
    .option('--fail-on-increase <threshold>', 'exit 1 when a scenario or the total grows more than this: 10% or an amount, 500 (repeatable; replaces aifinops.yaml thresholds)', collect)
    .addOption(new Option('--at <percentile>', 'compare (and apply thresholds to) this percentile of the monthly cost of scenarios with distributions, so a fatter tail is caught').choices(['p50', 'p80', 'p95']))
    .addOption(
      new Option('--fail-on-budget <when>', 'when a scenario over its budget fails: change (it goes over, or gets dearer while over; default), always (whenever it is over), never').choices(
        BUDGET_GATES,
      ),
    )
    .option('--no-fail-on-budget', 'the same as --fail-on-budget never')
    .option('--project <file>', 'project file with scenario globs, thresholds and tag budgets (default: aifinops.yaml found upwards)')
    .option('--no-project', 'ignore aifinops.yaml')
    .addOption(new Option('--max-chars <n>', 'markdown: size limit of the comment').default(GITHUB_MAX_CHARS).argParser(positiveInt(2000)))
    .addOption(new Option('--top <n>', 'drivers shown per scenario (table, markdown)').default(DEFAULT_TOP).argParser(positiveInt(1)))
    .addHelpText(
      'after',
      `
The "before" and "after" of each scenario are compared on their monthly cost. Each change is split
into "price changed" (what a token of a stage, model and kind costs) and "usage changed" (tokens,
traffic, model mix); line items are reported on their own. See docs/diff.md.

Exit codes: 0 no policy breached · 1 a policy breached (reason on stderr) · 2 bad input.

Examples:
  $ aifinops diff scenarios/*.yaml --base origin/main
  $ aifinops diff --base origin/main --fail-on-increase 10% -f markdown -o diff.md
  $ aifinops estimate scenarios/*.yaml -f json -o baseline.json     # on main
  $ aifinops diff scenarios/*.yaml --base baseline.json    # on the branch
  $ aifinops diff --base old.json new.json -f json -o diff.json
  $ aifinops diff scenarios/rag-support-assistant.yaml --base HEAD~1 --variant optimized
  $ aifinops diff scenarios/rag-support-uncertain.yaml --base origin/main --at p80 --fail-on-increase 10%`,
    )
    .action((inputs: string[], flags: DiffFlags, command: Command) => {
      const failOnIncrease = thresholdsFromFlags(flags.failOnIncrease);
      const project = projectFor(flags.project);
      const sides = loadSides(
        flags.base,
        { inputs, headRef: flags.head ?? null },
        project,
        { ...scenarioLoad({ ...flags, maxPriceAge: flags.maxPriceAge ?? project?.maxPriceAgeDays ?? undefined }), simulation: simulationOptions(flags) },
      );
      const report = buildDiff(sides.base.scenarios, sides.head.scenarios, {
        base: sides.base.side,
        head: sides.head.side,
        toolVersion: __AIFINOPS_VERSION__,
        ...(flags.at ? { measure: percentileMeasure(flags.at) } : {}),
      });
      assertFiniteReport(report, String(flags.base ?? inputs.join(', ')), 'diff');
      const policy = projectPolicy(project, { failOnIncrease, failOnBudgetOver: flags.failOnBudget === false ? 'never' : (flags.failOnBudget ?? null) });
      report.policy = evaluatePolicy(report, policy);

      let text: string;
      switch (flags.format) {
        case 'json':
          text = renderJson(report);
          break;
        case 'markdown':
          text = renderDiffMarkdown(report, { maxChars: flags.maxChars, top: flags.top });
          break;
        default:
          text = showTable(command, Boolean(flags.output), (style) => renderDiffTable(report, style, { top: flags.top }));
      }
      emit(text, flags.output);
      if (!report.policy.passed) {
        const list = report.policy.breaches;
        throw new PolicyError(list.length === 1 ? list[0]!.message : `${list.length} breaches:\n${list.map((b) => `  - ${b.message}`).join('\n')}`);
      }
    });
}
