/**
 * `validate` of a vendor quote and of a self-hosted deployments file (load/kinds.ts FILE_KINDS):
 * every shape problem, then what the file names checked against the loaded catalogues.
 */
import { existsSync } from 'node:fs';
import type { Segment } from '../core/paths.js';
import { InputError, type Problem } from '../errors.js';
import { plural } from '../util/number.js';
import { MODEL_TIERS } from '../schema/catalogue.js';
import { deploymentSchemas, type DeploymentCatalogue } from '../schema/deployment.js';
import { quoteSchema, type QuoteParsed } from '../schema/quote.js';
import { fastQuote } from '../schema/quote-fast.js';
import { guardReference, QUOTE_CATALOGUE_REF } from '../tokens/guard.js';
import { today } from '../util/clock.js';
import { quoted, shortPath } from '../util/excerpt.js';
import { didYouMean } from '../util/suggest.js';
import { bundledCatalogues, displayPath, loadCatalogueFile } from './catalogues.js';
import { bundledGpuCatalogues, GpuRegistry, loadGpuCatalogueFile, priceOptionsOf } from './gpus.js';
import { dottedPath, issuesToProblems, keysFromSchema } from './issues.js';
import type { Validated, ValidateOptions } from './kinds.js';
import { registryFor } from './scenario.js';
import { diskSource, type LoadedYaml } from './yaml.js';


/**
 * Deployments: every shape problem, then each deployment's GPU and price option against the
 * bundled GPU catalogue plus any GPU catalogue given with --gpus.
 */
export function validateDeploymentsFile(_file: string, yaml: LoadedYaml, opts: ValidateOptions): Validated {
  const shape = deploymentSchemas().deploymentCatalogueSchema.safeParse(yaml.data, { reportInput: true });
  if (!shape.success) throw new InputError(issuesToProblems(shape.error.issues, yaml, keysFromSchema(deploymentSchemas().deploymentCatalogueSchema), [], yaml.data));
  return checkDeploymentGpus(shape.data, yaml, opts);
}

/** Each deployment's GPU and price option against the bundled GPU catalogue and those given with --gpus. */
export function checkDeploymentGpus(data: DeploymentCatalogue, yaml: Pick<LoadedYaml, 'file' | 'locate'>, opts: ValidateOptions): Validated {
  const gpus = new GpuRegistry([...bundledGpuCatalogues(), ...(opts.gpus ?? []).map((f) => loadGpuCatalogueFile(f))]);
  const problems: Problem[] = [];
  for (const [name, d] of Object.entries(data.deployments)) {
    const at = (key: string, message: string, fix?: string) => problems.push({ file: yaml.file, ...(yaml.locate(['deployments', name, key]) ?? {}), path: `deployments.${name}.${key}`, message, fix });
    const g = gpus.resolve(d.gpu);
    if (!g.ok) {
      at('gpu', g.message, g.fix);
      continue;
    }
    const options = priceOptionsOf(g.gpu).map((o) => o.key);
    if (!options.includes(d.price)) at('price', `${g.gpu.spec.id} has no price option ${quoted(d.price)}`, options.length ? `options: ${options.join(', ')}` : 'the GPU catalogue has no prices for it');
  }
  if (problems.length) throw new InputError(problems);
  const n = Object.keys(data.deployments).length;
  return { summary: `deployments: ${plural(n, 'deployment')}`, warnings: [] };
}

/** The quote schema's output, or every shape problem (what the zod-free fast check leaves to the schema, schema/quote-fast.ts). */
function parseQuote(yaml: LoadedYaml): QuoteParsed {
  const shape = quoteSchema.safeParse(yaml.data, { reportInput: true });
  if (!shape.success) throw new InputError(issuesToProblems(shape.error.issues, yaml, keysFromSchema(quoteSchema), [], yaml.data));
  return shape.data;
}

/**
 * A quote on its own (without a scenario to price): every shape problem, then its rate card —
 * catalogue files exist, the provider is priced, and the models named in model_map and
 * model_discounts exist, belong to that provider and are in the quote's currency.
 */
export function validateQuoteFile(file: string, yaml: LoadedYaml, opts: ValidateOptions): Validated {
  const q = fastQuote(yaml.data) ?? parseQuote(yaml);
  const problems: Problem[] = [];
  const at = (path: Segment[], message: string, fix?: string, which: 'key' | 'value' = 'value') =>
    problems.push({ file: yaml.file, ...(yaml.locate(path, which) ?? {}), path: dottedPath(path, yaml.data), message, fix });
  const catalogues = [...bundledCatalogues(), ...(opts.pricing ?? []).map((f) => loadCatalogueFile(f))];
  (q.rate_card?.catalogues ?? []).forEach((p, i) => {
    const guarded = guardReference(file, p, diskSource, QUOTE_CATALOGUE_REF);
    if (!guarded.ok) return at(['rate_card', 'catalogues', i], guarded.message, guarded.fix);
    const abs = guarded.abs;
    if (!existsSync(abs)) at(['rate_card', 'catalogues', i], `catalogue file not found: ${shortPath(displayPath(abs))}`, 'paths under rate_card.catalogues are relative to the quote file');
    else catalogues.push(loadCatalogueFile(abs));
  });
  const registry = registryFor(catalogues, today()); // the scenarios' registry when the catalogues are the same
  let provider = q.rate_card?.provider;
  if (provider && !registry.providers().includes(provider)) {
    const providers = registry.providers().sort();
    at(['rate_card', 'provider'], `no loaded catalogue prices provider ${quoted(provider)}`, didYouMean(provider, providers) || `providers: ${providers.join(', ')}`);
    provider = undefined; // one mistake, one message: do not also flag every model as not the provider's
  }
  const vendorModel = (name: string, path: Segment[]) => {
    const r = registry.resolveInService(name);
    if (!r.ok) at(path, r.message, r.fix);
    else if (provider && r.model.provider !== provider) at(path, `${r.model.ref} is not a ${provider} model, but the rate card is ${provider}'s`, `name one of ${provider}'s models (aifinops pricing list --provider ${provider})`);
    else if (q.currency && r.model.catalogue.currency !== q.currency) at(path, `${r.model.ref} is priced in ${r.model.catalogue.currency}, but the quote is in ${q.currency}`, `use a catalogue in ${q.currency} under rate_card.catalogues`);
  };
  for (const [key, value] of Object.entries(q.model_map ?? {})) {
    if (key.toLowerCase().startsWith('tier:')) {
      const tier = key.slice(5).trim().toLowerCase();
      if (!(MODEL_TIERS as readonly string[]).includes(tier)) at(['model_map', key], `unknown tier ${quoted(tier)}`, didYouMean(tier, MODEL_TIERS) || `tiers: ${MODEL_TIERS.join(', ')}`, 'key');
    }
    if (value.trim().toLowerCase() !== 'outside') vendorModel(value, ['model_map', key]);
  }
  for (const name of Object.keys(q.rate_card?.model_discounts ?? {})) vendorModel(name, ['rate_card', 'model_discounts', name]);
  if (problems.length) throw new InputError(problems);
  return { summary: `quote ${quoted(q.name ?? q.vendor)}: ${q.term_months}-month term${q.commitment ? `, commitment ${q.commitment.amount} per ${q.commitment.per}` : ''}`, warnings: [] };
}
