/** `aifinops breakeven <scenario> --deployment NAME`: API versus a self-hosted deployment. */
import { assertFiniteReport } from '../core/finite.js';
import { fitLines } from '../render/fit.js';
import type { Command } from 'commander';
import { selectReplaced } from '../core/breakeven.js';
import { computeBreakeven } from '../core/breakeven-report.js';
import { estimateScenario } from '../core/estimate.js';
import { InputError, PolicyError } from '../errors.js';
import { displayPath } from '../load/catalogues.js';
import { bundledDeployments, bundledGpuCatalogues, deploymentName, findDeployment, GpuRegistry, inlineDeployments, loadDeploymentCatalogueFile, loadGpuCatalogueFile, resolveDeployment } from '../load/gpus.js';
import { loadScenario } from '../load/scenario.js';
import { readYamlFile } from '../load/yaml.js';
import { renderBreakevenMarkdown, renderBreakevenTable } from '../render/breakeven.js';
import { renderJson } from '../render/json.js';
import { rate } from '../schema/common.js';
import { emit } from '../util/output.js';
import { collect, formatOption, scenarioLoad, scenarioOptions, styleFor, type ScenarioFlags, WIDE, showTable } from './common.js';
import { excerptList, quoted } from '../util/excerpt.js';

interface BreakevenFlags extends ScenarioFlags {
  deployment?: string;
  replaces?: string[];
  price?: string;
  minReplicas?: string;
  utilisation?: string;
  operations?: string;
  gpus?: string[];
  deployments?: string[];
  format: 'table' | 'json' | 'markdown';
  output?: string;
  failOnRoofline?: boolean;
}

function parseWhole(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InputError({ path: flag, message: `expected a whole number ≥ 1, got ${quoted(v)}`, fix: `e.g. ${flag} 2` });
  return n;
}

function parseMoney(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError({ path: flag, message: `expected an amount ≥ 0 per month, got ${quoted(v)}`, fix: `e.g. ${flag} 12000` });
  return n;
}

function parseUtilisation(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const asNumber = Number(v);
  const r = rate().safeParse(Number.isFinite(asNumber) && v.trim() !== '' ? asNumber : v);
  if (!r.success || r.data <= 0) throw new InputError({ path: '--utilisation', message: `expected a utilisation above 0 and at most 1 (or a percent such as "60%"), got ${quoted(v)}`, fix: 'e.g. --utilisation 0.6' });
  return r.data;
}

export function register(program: Command): void {
  const cmd = program
    .command('breakeven')
    .description('API versus self-hosted GPUs: capacity, monthly cost curves, the break-even volume and a roofline check of the throughput')
    .argument('<scenario>', 'scenario YAML file');
  scenarioOptions(cmd)
    .option('-d, --deployment <name>', 'the self-hosted deployment (pricing/deployments.yaml, --deployments files, or the scenario\'s deployments:)')
    .option('-r, --replaces <stage|model>', 'stage or model whose calls the deployment takes over (repeatable, or comma-separated; default: every model call)', collect)
    .option('--price <provider/offer>', 'GPU price option instead of the deployment\'s, e.g. aws/on-demand, gcp/reserved-3y, owned')
    .option('--min-replicas <n>', 'replicas kept running whatever the load (redundancy)')
    .option('--utilisation <fraction>', 'target utilisation of the replicas, e.g. 0.6 or 60%')
    .option('--operations <amount>', 'staff and operations cost per month, in the scenario\'s currency')
    .option('--gpus <file>', 'extra GPU catalogue, loaded after pricing/gpus.yaml (repeatable)', collect)
    .option('--deployments <file>', 'extra deployment catalogue, loaded after pricing/deployments.yaml (repeatable)', collect)
    .addOption(formatOption(['table', 'json', 'markdown']))
    .option('--wide', WIDE)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--fail-on-roofline', 'exit 1 (after the report) when a throughput claim exceeds the hardware\'s physical limit')
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops breakeven scenarios/self-hosting-triage.yaml --deployment llama-3.1-8b-fp8-h100-trtllm --replaces triage
  $ aifinops breakeven scenarios/self-hosting-triage.yaml -d llama-3.3-70b-fp8-h200-trtllm --replaces draft-reply
  $ aifinops breakeven scenarios/self-hosting-triage.yaml -d llama-3.1-8b-fp8-h100-trtllm -r triage --price owned --operations 8000
  $ aifinops breakeven scenarios/self-hosting-triage.yaml -d llama-3.1-8b-fp8-h100-trtllm -r triage --utilisation 70% -f json -o breakeven.json

The capacity model, the break-even arithmetic and the roofline check are documented in docs/breakeven.md;
the GPU catalogue in docs/gpu-catalogue.md.`,
    )
    .action((file: string, flags: BreakevenFlags, command: Command) => {
      const set = flags.set ?? [];
      const variant = flags.variant ?? null;
      const overrides = {
        price: flags.price,
        minReplicas: parseWhole('--min-replicas', flags.minReplicas),
        targetUtilisation: parseUtilisation(flags.utilisation),
        operationsMonthly: parseMoney('--operations', flags.operations),
      };
      const y = readYamlFile(file, undefined, displayPath(file));
      const scenario = loadScenario(file, { ...scenarioLoad(flags), yaml: y });
      if (!(scenario.traffic.requestsPerMonth > 0)) {
        throw new InputError({ file: scenario.file, path: 'traffic', message: 'the scenario has no traffic, so there is no volume to compare at', fix: 'give traffic.requests_per_day (or --set traffic.requests_per_month=…)' });
      }
      const report = estimateScenario(scenario);
      const gpus = new GpuRegistry([...bundledGpuCatalogues(), ...(flags.gpus ?? []).map((f) => loadGpuCatalogueFile(f))]);
      const sources = [...bundledDeployments(), ...(flags.deployments ?? []).flatMap((f) => loadDeploymentCatalogueFile(f)), ...inlineDeployments(y, { variant, set })];
      if (!flags.deployment) {
        const names = [...new Set(sources.map(deploymentName))].sort();
        throw new InputError({ path: '--deployment', message: 'which deployment? --deployment NAME is required', fix: names.length ? `deployments: ${excerptList(names)}` : 'define one under deployments: in the scenario, or load a file with --deployments' });
      }
      const resolved = resolveDeployment(findDeployment(flags.deployment, sources), gpus, scenario.currency, overrides);
      const replaces = (flags.replaces ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
      const sel = selectReplaced(scenario, replaces);
      if (!sel.ok) throw new InputError({ path: '--replaces', message: sel.message, fix: sel.fix });

      const result = computeBreakeven({
        scenario,
        report,
        deployment: resolved.deployment,
        calls: sel.calls,
        replaces: sel.labels,
        priceOptions: resolved.priceOptions,
        toolVersion: __AIFINOPS_VERSION__,
        ...(flags.maxPriceAge === undefined ? {} : { maxPriceAgeDays: flags.maxPriceAge }),
      });
      assertFiniteReport(result.report, scenario.file, 'break-even comparison');
      const style = styleFor(command, Boolean(flags.output));
      const text =
        flags.format === 'json' ? renderJson(result.report)
        : flags.format === 'markdown' ? renderBreakevenMarkdown(result.report)
        : fitLines(renderBreakevenTable(result.report, result.chart, style), style.width);
      emit(text, flags.output);
      if (flags.failOnRoofline && !result.report.roofline.ok) {
        const bad = result.report.roofline.checks.filter((c) => !c.ok).map((c) => c.what);
        throw new PolicyError(`the throughput of ${resolved.deployment.name} exceeds the hardware's physical limit (${bad.join('; ')})`);
      }
    });
}
