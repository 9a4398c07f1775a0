/**
 * Load the GPU catalogue (`pricing/gpus.yaml` + `--gpus` files) and deployments
 * (`pricing/deployments.yaml` + `--deployments` files + a scenario's inline `deployments:`),
 * validate them (shape, then semantic rules, with file:line:column), and resolve one deployment
 * into the `Deployment` the break-even core computes on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { joinPath, resolvePath } from '../util/read.js';
import { InputError, type Problem } from '../errors.js';
import { fitThroughput, ownedCost, ownedGpuHourly, type GpuSpec, type Measurement, type PriceOption, type Throughput } from '../core/capacity.js';
import type { Deployment } from '../core/breakeven.js';
import { applyOverride, splitAssignment } from '../core/paths.js';
import { deploymentSchemas, type DeploymentCatalogue, type DeploymentEntry } from '../schema/deployment.js';
import { gpuSchemas, type GpuCatalogue, type GpuEntry } from '../schema/gpu.js';
import { closest, didYouMean } from '../util/suggest.js';
import { displayPath, packageRoot } from './catalogues.js';
import { dottedPath, issuesToProblems, keysFromSchema, type KeysAt } from './issues.js';
import { parseSetValue, scenarioKeysAt } from './scenario.js';
import { readYamlFile, type LoadedYaml, type PathSegment } from './yaml.js';
import { excerptList, quoted } from '../util/excerpt.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// GPU catalogue

export interface LoadedGpuCatalogue {
  file: string;
  catalogue: GpuCatalogue;
  yaml: LoadedYaml;
}

let gpuKeysAt: ReturnType<typeof keysFromSchema> | undefined;

export function validateGpuCatalogue(y: LoadedYaml, display = y.file): LoadedGpuCatalogue {
  const { gpuCatalogueSchema } = gpuSchemas();
  const parsed = gpuCatalogueSchema.safeParse(y.data, { reportInput: true });
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file: display, locate: y.locate }, (gpuKeysAt ??= keysFromSchema(gpuCatalogueSchema))).slice(0, 20));
  const problems: Problem[] = [];
  const at = (path: PathSegment[], message: string, fix?: string) => problems.push({ file: display, ...(y.locate(path) ?? {}), path: dottedPath(path, y.data), message, fix });
  for (const [id, gpu] of Object.entries(parsed.data.gpus)) {
    const seen = new Map<string, number>();
    (gpu.prices ?? []).forEach((p, i) => {
      const base: PathSegment[] = ['gpus', id, 'prices', i];
      const perInstance = p.instance_hourly !== undefined;
      if (perInstance === (p.gpu_hourly !== undefined)) {
        at(base, perInstance ? 'gives both instance_hourly and gpu_hourly' : 'has no price', 'give instance_hourly with gpus_per_instance, or gpu_hourly (the price per GPU per hour)');
      } else if (perInstance && p.gpus_per_instance === undefined) {
        at([...base, 'instance_hourly'], 'instance_hourly needs gpus_per_instance (the per-GPU price is instance_hourly ÷ gpus_per_instance)', 'add gpus_per_instance: <GPUs in the instance>');
      }
      const key = `${p.provider}/${p.offer}`;
      const prev = seen.get(key);
      if (prev !== undefined) at(base, `${key} is priced twice for ${id} (also prices[${prev}])`, 'keep one entry per provider and offer (a deployment picks it as "provider/offer")');
      seen.set(key, i);
    });
    const o = gpu.owned;
    if (o && (o.amortisation_months === undefined) === (o.depreciation_years === undefined)) {
      at(['gpus', id, 'owned'], o.amortisation_months === undefined ? 'gives no write-off period' : 'gives both amortisation_months and depreciation_years', 'give depreciation_years (e.g. 4) or amortisation_months (e.g. 48), not both');
    }
  }
  if (problems.length) throw new InputError(problems.slice(0, 20));
  return { file: display, catalogue: parsed.data, yaml: y };
}

export function loadGpuCatalogueFile(file: string, display = displayPath(file)): LoadedGpuCatalogue {
  return validateGpuCatalogue(readYamlFile(file, undefined, display), display);
}

export function bundledGpuCatalogues(): LoadedGpuCatalogue[] {
  const abs = join(packageRoot(), 'pricing', 'gpus.yaml');
  if (!existsSync(abs)) return [];
  const snap = snapshotFor('gpus', abs);
  if (snap) return [{ file: 'pricing/gpus.yaml', catalogue: snap as GpuCatalogue, yaml: lazyYaml(abs, 'pricing/gpus.yaml', snap) }];
  return [loadGpuCatalogueFile(abs, 'pricing/gpus.yaml')];
}

export interface ResolvedGpu {
  spec: GpuSpec;
  entry: GpuEntry;
  currency: string;
  file: string;
}

export function priceOptionsOf(g: ResolvedGpu): PriceOption[] {
  const out: PriceOption[] = (g.entry.prices ?? []).map((p) => ({
    key: `${p.provider}/${p.offer}`,
    kind: 'rented',
    provider: p.provider,
    offer: p.offer,
    instance: p.instance ?? null,
    region: p.region ?? null,
    gpusPerInstance: p.gpus_per_instance ?? null,
    instanceHourly: p.instance_hourly ?? null,
    gpuHourly: p.gpu_hourly ?? p.instance_hourly! / p.gpus_per_instance!,
    owned: null,
    asOf: p.as_of,
    source: p.source,
    notes: p.notes ?? null,
  }));
  const o = g.entry.owned;
  if (o) {
    const c = ownedCost({
      server: o.server,
      gpusPerServer: o.gpus_per_server,
      purchasePrice: o.purchase_price,
      amortisationMonths: o.amortisation_months ?? o.depreciation_years! * 12,
      costOfCapital: o.cost_of_capital,
      powerKw: o.power_kw,
      electricityPerKwh: o.electricity_per_kwh,
      pue: o.pue,
      colocationMonthly: o.colocation_monthly,
      staffMonthly: o.staff_monthly,
      otherMonthly: o.other_monthly,
    });
    out.push({ key: 'owned', kind: 'owned', provider: null, offer: null, instance: o.server, region: null, gpusPerInstance: o.gpus_per_server, instanceHourly: null, gpuHourly: ownedGpuHourly(c), owned: c, asOf: o.as_of, source: o.source, notes: o.notes ?? null });
  }
  return out;
}

/** GPU lookup by id or alias across catalogues; a later catalogue's entry for an id replaces the earlier one. */
export class GpuRegistry {
  private readonly byId = new Map<string, ResolvedGpu>();

  constructor(catalogues: readonly LoadedGpuCatalogue[]) {
    for (const c of catalogues) {
      for (const [id, entry] of Object.entries(c.catalogue.gpus)) {
        this.byId.set(id, {
          spec: {
            id,
            name: entry.name,
            memoryGb: entry.memory_gb,
            bandwidthTbps: entry.memory_bandwidth_tbps,
            bf16Tflops: entry.bf16_tflops,
            fp8Tflops: entry.fp8_tflops ?? null,
            fp4Tflops: entry.fp4_tflops ?? null,
            powerKw: entry.power_kw ?? null,
            specSource: entry.spec_source,
          },
          entry,
          currency: c.catalogue.currency,
          file: c.file,
        });
      }
    }
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  resolve(name: string): { ok: true; gpu: ResolvedGpu } | { ok: false; message: string; fix: string } {
    const n = name.trim().toLowerCase();
    const direct = this.byId.get(n);
    if (direct) return { ok: true, gpu: direct };
    const byAlias = [...this.byId.values()].filter((g) => (g.entry.aliases ?? []).some((a) => a.toLowerCase() === n));
    if (byAlias.length === 1) return { ok: true, gpu: byAlias[0]! };
    const names = [...this.byId.keys(), ...[...this.byId.values()].flatMap((g) => g.entry.aliases ?? [])];
    if (byAlias.length > 1) return { ok: false, message: `GPU ${quoted(name)} is ambiguous (${byAlias.map((g) => g.spec.id).join(', ')})`, fix: 'use the GPU id' };
    const hint = didYouMean(name, names);
    return { ok: false, message: `unknown GPU ${quoted(name)}`, fix: hint || (this.byId.size ? `GPUs in the catalogue: ${this.ids().join(', ')}` : 'no GPU catalogue is loaded: add one with --gpus FILE') };
  }
}

// ---------------------------------------------------------------------------------------------
// Deployments

export interface DeploymentSource {
  name: string;
  /** Display path of the file. */
  file: string;
  yaml: LoadedYaml;
  /** Data path of the deployment inside the file, e.g. ['deployments', 'llama-8b'] or ['deployments', 0]. */
  path: PathSegment[];
  entry: DeploymentEntry;
  inline: boolean;
}

const deploymentKeysAt: KeysAt = (path) => keysFromSchema(deploymentSchemas().deploymentCatalogueSchema)(path);

function validateDeploymentCatalogue(y: LoadedYaml, display: string): DeploymentCatalogue {
  const parsed = deploymentSchemas().deploymentCatalogueSchema.safeParse(y.data, { reportInput: true });
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file: display, locate: y.locate }, deploymentKeysAt).slice(0, 20));
  return parsed.data;
}

function sourcesOf(c: DeploymentCatalogue, y: LoadedYaml, display: string): DeploymentSource[] {
  return Object.entries(c.deployments).map(([name, entry]) => ({ name, file: display, yaml: y, path: ['deployments', name], entry, inline: false }));
}

export function loadDeploymentCatalogueFile(file: string, display = displayPath(file)): DeploymentSource[] {
  const y = readYamlFile(file, undefined, display);
  return sourcesOf(validateDeploymentCatalogue(y, display), y, display);
}

export function bundledDeployments(): DeploymentSource[] {
  const abs = join(packageRoot(), 'pricing', 'deployments.yaml');
  if (!existsSync(abs)) return [];
  const snap = snapshotFor('deployments', abs);
  if (snap) return sourcesOf(snap as DeploymentCatalogue, lazyYaml(abs, 'pricing/deployments.yaml', snap), 'pricing/deployments.yaml');
  return loadDeploymentCatalogueFile(abs, 'pricing/deployments.yaml');
}

// ---------------------------------------------------------------------------------------------
// Build-time snapshot of the bundled GPU and deployment catalogues (like the token catalogues'):
// the build validates them once and keeps the parsed data as JSON; at run time a file whose
// content is still the text it was built from is taken from there, skipping YAML parsing (~50-100 ms for
// pricing/gpus.yaml). Positions for error messages are parsed from the YAML only when needed.

export const BREAKEVEN_SNAPSHOT = 'dist/breakeven-catalogues.json';

interface BreakevenSnapshot {
  /** Each with the YAML text it was built from, compared exactly at run time. */
  gpus: { text: string; data: GpuCatalogue } | null;
  deployments: { text: string; data: DeploymentCatalogue } | null;
}

function textOf(file: string): string {
  return readFileSync(file, 'utf8');
}

let snapshot: BreakevenSnapshot | null | undefined;

function breakevenSnapshot(): BreakevenSnapshot | null {
  if (snapshot === undefined) {
    const f = join(packageRoot(), BREAKEVEN_SNAPSHOT);
    try {
      snapshot = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as BreakevenSnapshot) : null;
    } catch {
      snapshot = null;
    }
  }
  return snapshot;
}

function snapshotFor(kind: 'gpus' | 'deployments', abs: string): unknown {
  const entry = breakevenSnapshot()?.[kind];
  return entry && entry.text === textOf(abs) ? entry.data : undefined;
}

/**
 * The build's validated copy of the bundled GPU catalogue when `file` is it and `text` is exactly
 * the text it was validated from (validating one depends on its text alone), else undefined.
 */
export function bundledGpuCatalogueWithText(file: string, text: string): GpuCatalogue | undefined {
  const abs = joinPath(joinPath(packageRoot(), 'pricing'), 'gpus.yaml');
  if (resolvePath(file) !== abs) return undefined;
  const entry = breakevenSnapshot()?.gpus;
  return entry && entry.text === text ? entry.data : undefined;
}

/**
 * The build's validated copy of the bundled deployments when `file` is pricing/deployments.yaml and
 * `text` is exactly the text it was validated from (its shape depends on its text alone; its GPUs
 * are checked against each run's GPU catalogues), else undefined.
 */
export function bundledDeploymentsWithText(file: string, text: string): DeploymentCatalogue | undefined {
  const abs = joinPath(joinPath(packageRoot(), 'pricing'), 'deployments.yaml');
  if (resolvePath(file) !== abs) return undefined;
  const entry = breakevenSnapshot()?.deployments;
  return entry && entry.text === text ? entry.data : undefined;
}

function lazyYaml(abs: string, display: string, data: unknown): LoadedYaml {
  let real: LoadedYaml | undefined;
  return { file: display, data, locate: (path, which) => (real ??= readYamlFile(abs, undefined, display)).locate(path, which) };
}

/** Validate the bundled GPU and deployment catalogues from their YAML (the build stores the result). */
export function readBreakevenCatalogues(): BreakevenSnapshot {
  const dir = join(packageRoot(), 'pricing');
  const g = join(dir, 'gpus.yaml');
  const d = join(dir, 'deployments.yaml');
  return {
    gpus: existsSync(g) ? { text: textOf(g), data: loadGpuCatalogueFile(g, 'pricing/gpus.yaml').catalogue } : null,
    deployments: existsSync(d) ? { text: textOf(d), data: validateDeploymentCatalogue(readYamlFile(d, undefined, 'pricing/deployments.yaml'), 'pricing/deployments.yaml') } : null,
  };
}

/**
 * A scenario's inline `deployments:` list, after the same variant and `--set` overrides the
 * scenario loader applied (loadScenario has already validated them against the scenario schema;
 * here they are applied to our own copy, which the loader does not hand back).
 */
export function inlineDeployments(y: LoadedYaml, opts: { variant?: string | null; set?: readonly string[] } = {}): DeploymentSource[] {
  if (!isObj(y.data) || y.data.deployments === undefined) return [];
  const raw = structuredClone(y.data);
  const touches = (path: string) => path.trim().startsWith('deployments.');
  if (opts.variant) {
    const v = isObj(raw.variants) ? raw.variants[opts.variant] : undefined;
    if (isObj(v)) for (const [path, value] of Object.entries(v)) if (touches(path)) applyOverride(raw, path, value, scenarioKeysAt);
  }
  for (const s of opts.set ?? []) {
    const a = splitAssignment(s);
    if (a && touches(a.path)) applyOverride(raw, a.path, parseSetValue(a.raw), scenarioKeysAt);
  }
  const list = raw.deployments;
  if (!Array.isArray(list)) return [];
  const names = list.map((item) => (isObj(item) && typeof item.name === 'string' ? item.name : ''));
  const dup = names.findIndex((n, i) => n !== '' && names.indexOf(n) !== i);
  if (dup >= 0) {
    throw new InputError({ file: y.file, ...(y.locate(['deployments', dup, 'name']) ?? {}), path: `deployments[${dup}].name`, message: `deployment name ${quoted(names[dup])} is used twice (also deployments[${names.indexOf(names[dup]!)}])`, fix: 'give each deployment a unique name: --deployment and override paths address it by name' });
  }
  return list.map((item, i) => {
    const parsed = deploymentSchemas().inlineDeploymentSchema.safeParse(item, { reportInput: true });
    if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file: y.file, locate: y.locate }, undefined, ['deployments', i], raw).slice(0, 20));
    const { name, ...entry } = parsed.data;
    return { name, file: y.file, yaml: y, path: ['deployments', i], entry, inline: true };
  });
}

export function deploymentName(s: DeploymentSource): string {
  return s.name;
}

export interface DeploymentOverrides {
  price?: string | undefined;
  minReplicas?: number | undefined;
  targetUtilisation?: number | undefined;
  operationsMonthly?: number | undefined;
}

export interface ResolvedDeployment {
  deployment: Deployment;
  gpu: ResolvedGpu;
  priceOptions: PriceOption[];
}

/** Later sources win: bundled, then --deployments files, then the scenario's inline ones. */
export function findDeployment(name: string, sources: readonly DeploymentSource[]): DeploymentSource {
  for (let i = sources.length - 1; i >= 0; i--) if (deploymentName(sources[i]!) === name) return sources[i]!;
  const names = [...new Set(sources.map(deploymentName))];
  const near = closest(name, names);
  throw new InputError({
    path: '--deployment',
    message: `unknown deployment ${quoted(name)}`,
    fix: near.length ? `did you mean ${near.map((n) => quoted(n)).join(', ')}?` : names.length ? `deployments: ${excerptList(names.sort())}` : 'no deployments are loaded: add one under deployments: in the scenario or with --deployments FILE',
  });
}

export function resolveDeployment(src: DeploymentSource, gpus: GpuRegistry, currency: string, overrides: DeploymentOverrides = {}): ResolvedDeployment {
  const e = src.entry;
  const problems: Problem[] = [];
  const at = (rel: PathSegment[], message: string, fix?: string) => {
    const path = [...src.path, ...rel];
    const shown = src.inline ? ['deployments', deploymentName(src), ...rel] : path;
    problems.push({ file: src.file, ...(src.yaml.locate(path) ?? {}), path: dottedPath(shown), message, fix });
  };
  const fail = () => {
    throw new InputError(problems);
  };

  const g = gpus.resolve(e.gpu);
  if (!g.ok) {
    at(['gpu'], g.message, g.fix);
    fail();
  }
  const gpu = (g as { ok: true; gpu: ResolvedGpu }).gpu;
  if (gpu.currency !== currency) {
    at(['gpu'], `${gpu.spec.id} is priced in ${gpu.currency} by ${gpu.file}, but the scenario's currency is ${currency}`, `use a GPU catalogue in ${currency} (--gpus FILE)`);
  }

  // price option: --price beats the deployment's own
  const options = priceOptionsOf(gpu);
  const wanted = overrides.price ?? e.price;
  const price = options.find((o) => o.key === wanted.trim().toLowerCase());
  if (!price) {
    const keys = options.map((o) => o.key);
    const hint = didYouMean(wanted, keys);
    const problem = {
      message: `${gpu.spec.id} has no price option ${quoted(wanted)}`,
      fix: hint || (keys.length ? `price options for ${gpu.spec.id} in ${gpu.file}: ${keys.join(', ')}` : `${gpu.file} has no prices for ${gpu.spec.id}; add one (or an owned: block) with --gpus FILE`),
    };
    if (overrides.price !== undefined) throw new InputError({ path: '--price', ...problem });
    at(['price'], problem.message, problem.fix);
    fail();
  }

  // model
  const m = e.model;
  const active = m.active_parameters_b ?? m.parameters_b;
  if (active > m.parameters_b) at(['model', 'active_parameters_b'], `active parameters (${active}B) exceed the total (${m.parameters_b}B)`, 'active_parameters_b is at most parameters_b');

  // throughput: stated rates or measurements, not both
  const t = e.throughput;
  const stated = t.prefill_tokens_per_second !== undefined || t.decode_tokens_per_second !== undefined;
  const measured = t.measurements !== undefined;
  let throughput: Throughput | undefined;
  if (stated === measured) {
    at(['throughput'], stated ? 'gives both stated rates and measurements' : 'gives no throughput', 'give prefill_tokens_per_second, decode_tokens_per_second, input_tokens and output_tokens; or measurements: [{ input_tokens, output_tokens, output_tokens_per_second }, …]');
  } else if (stated) {
    const missing = (['prefill_tokens_per_second', 'decode_tokens_per_second', 'input_tokens', 'output_tokens'] as const).filter((k) => t[k] === undefined);
    if (missing.length) at(['throughput'], `stated rates need ${missing.join(', ')}`, 'state the rates with the input/output lengths (and batch) they were measured at');
    else throughput = { prefill: t.prefill_tokens_per_second!, decode: t.decode_tokens_per_second!, method: 'stated', inputTokens: t.input_tokens!, outputTokens: t.output_tokens!, batch: t.batch ?? null, points: [], maxRelativeError: null, source: t.source, conditions: t.conditions ?? null };
  } else {
    if (t.input_tokens !== undefined || t.output_tokens !== undefined || t.batch !== undefined) at(['throughput'], 'input_tokens, output_tokens and batch go with stated rates; with measurements give them per measurement', 'move them into each measurement');
    const ms: Measurement[] = t.measurements!.map((x) => ({ inputTokens: x.input_tokens, outputTokens: x.output_tokens, outputTokensPerSecond: x.output_tokens_per_second, batch: x.batch ?? null }));
    const fit = fitThroughput(ms);
    if (!fit.ok) at(['throughput', 'measurements'], fit.message, fit.fix);
    else throughput = { prefill: fit.prefill, decode: fit.decode, method: 'fitted', inputTokens: null, outputTokens: null, batch: null, points: fit.points, maxRelativeError: fit.maxRelativeError, source: t.source, conditions: t.conditions ?? null };
  }
  if (problems.length) fail();

  const deployment: Deployment = {
    name: deploymentName(src),
    definedIn: src.file,
    description: e.description ?? null,
    model: {
      name: m.name,
      parametersB: m.parameters_b,
      activeParametersB: active,
      precision: m.precision,
      kvCachePrecision: m.kv_cache_precision ?? 'bf16',
      layers: m.layers,
      kvHeads: m.kv_heads,
      headDim: m.head_dim,
      source: m.source ?? null,
    },
    gpu: gpu.spec,
    gpusPerReplica: e.gpus_per_replica,
    engine: e.engine ?? null,
    throughput: throughput!,
    price: price!,
    minReplicas: overrides.minReplicas ?? e.min_replicas,
    targetUtilisation: overrides.targetUtilisation ?? e.target_utilisation,
    operationsMonthly: overrides.operationsMonthly ?? e.operations_monthly,
  };
  return { deployment, gpu, priceOptions: options };
}
