/** `aifinops report <scenario>`: the scenario as one self-contained what-if HTML page (docs/report.md). */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { PricedModel } from '../core/model.js';
import { applyOverride } from '../core/paths.js';
import { estimateScenario } from '../core/estimate.js';
import { withUncertainty } from '../core/montecarlo.js';
import { scenarioModels } from '../core/prices-at.js';
import { uncertaintyOf } from '../load/distributions.js';
import { InputError } from '../errors.js';
import { scenarioKeysAt } from '../load/scenario.js';
import { shellQuote } from '../report/controls.js';
import { controlsFor } from '../report/controls-build.js';
import { embedCatalogues, type ReportPayload, type ReportView } from '../report/payload.js';
import { PAGE_BUDGET_BYTES, renderReportPage } from '../report/render.js';
import { emit } from '../util/output.js';
import { processStdout } from '../util/terminal.js';
import { scenarioOptions, simulationOptions, type ScenarioFlags } from './common.js';
import { ScenarioSource } from './whatif-common.js';

interface ReportFlags extends ScenarioFlags {
  output?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('report')
    .description('the scenario as one self-contained HTML page with live what-if controls, computed by the same cost engine')
    .argument('<scenario>', 'scenario YAML file');
  scenarioOptions(cmd)
    .option('-o, --output <file>', 'write the page to a file (atomically); without it the page goes to standard output, which must not be a terminal')
    .addHelpText(
      'after',
      `
Examples:
  $ aifinops report scenarios/rag-support-assistant.yaml -o cost.html
  $ aifinops report scenarios/coding-agent.yaml --set pipeline.plan.agent_steps=12 -o agent.html
  $ aifinops report scenarios/rag-support-assistant.yaml --as-of 2026-01-01 > cost.html

The page works offline (no server, no network): open it in a browser or attach it to an email.
See docs/report.md.`,
    )
    .action((file: string, flags: ReportFlags) => {
      if (!flags.output && processStdout.isTTY()) {
        throw new InputError({ path: 'report', message: 'the page is HTML and standard output is a terminal', fix: `name a file: aifinops report ${shellQuote(file)} -o cost.html (or redirect: > cost.html)` });
      }
      const payload = reportPayload(file, flags);
      const page = renderReportPage(payload, engineCode());
      const bytes = Buffer.byteLength(page, 'utf8');
      if (bytes > PAGE_BUDGET_BYTES) process.stderr.write(`aifinops: warning: the page is ${Math.round(bytes / 1024)} KB, above its ${PAGE_BUDGET_BYTES / 1024} KB budget (docs/report.md)\n`);
      emit(page, flags.output);
    });
}

/** The browser build of the engine, next to the CLI bundle (scripts/build.mjs writes it). */
function engineCode(): string {
  try {
    return readFileSync(new URL('./report-engine.js', import.meta.url), 'utf8');
  } catch {
    throw new Error('dist/report-engine.js is missing: run npm run build');
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the page embeds: the scenario as loaded (and as each variant makes it, with its warnings), the catalogue entries it may choose from, the controls. */
export function reportPayload(file: string, flags: ScenarioFlags): ReportPayload {
  const src = new ScenarioSource(file, flags);
  const first = src.load();
  const registry = src.registry();
  const variants = [src.variant, ...[null, ...src.variantNames()].filter((v) => v !== src.variant)];
  const scenarios = variants.map((v) => (v === src.variant ? first : src.load([], { variant: v })));

  // the models a stage may switch to: its provider's chat models in the scenario's currency
  const models = new Map<string, PricedModel>();
  for (const s of scenarios) for (const m of scenarioModels(s)) models.set(m.ref, m);
  const providers = new Set([...models.values()].map((m) => `${m.provider}\u0000${m.catalogue.currency}`));
  const sameProvider = registry.all().filter((m) => providers.has(`${m.provider}\u0000${m.catalogue.currency}`) && m.prices.tier !== undefined && m.prices.tier !== 'embedding');
  for (const m of sameProvider) if (!models.has(m.ref)) models.set(m.ref, m);
  const alternatives = (ref: string): string[] => {
    const from = models.get(ref);
    return from ? sameProvider.filter((m) => m.provider === from.provider && m.catalogue.currency === from.catalogue.currency && m.ref !== ref && !m.prices.deprecated).map((m) => m.ref).sort() : [];
  };

  const views: ReportView[] = scenarios.map((s, i) => {
    // as estimate computes it: percentiles and the budget judged at one, when the scenario has distributions
    const u = withUncertainty(estimateScenario(s), s, uncertaintyOf(s), simulationOptions({})).uncertainty ?? null;
    return {
      variant: variants[i]!,
      scenario: s,
      controls: controlsFor(effectiveRaw(src, variants[i]!), s, alternatives),
      uncertainty: u && { samples: u.samples, seed: u.seed, monthly_cost: u.monthly_cost, budget: u.budget },
    };
  });
  const command = [
    'aifinops estimate',
    shellQuote(file),
    `--as-of ${src.asOf}`,
    ...(src.maxPriceAgeDays === undefined ? [] : [`--max-price-age ${src.maxPriceAgeDays}`]),
    ...src.pricing.map((p) => `--pricing ${shellQuote(p)}`),
    ...src.set.map((a) => `--set ${shellQuote(a)}`),
  ].join(' ');
  return {
    tool_version: __AIFINOPS_VERSION__,
    priced_as_of: src.asOf,
    max_price_age_days: src.maxPriceAgeDays ?? null,
    command,
    file,
    base_set: [...src.set],
    views,
    catalogues: embedCatalogues([...models.values()]),
  };
}

/** The scenario data with a variant's overrides and --set applied: what `--set` paths address. */
function effectiveRaw(src: ScenarioSource, variant: string | null): Record<string, unknown> {
  const raw = src.raw();
  for (const o of [...src.variantOverrides(variant), ...src.setOverrides()]) applyOverride(raw, o.path, o.value, scenarioKeysAt);
  return isObj(raw) ? raw : {};
}
