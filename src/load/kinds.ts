/**
 * The kinds of file aifinops reads, how to tell them apart, and a validation of each that
 * collects ALL the problems of a file (not only the first), for `aifinops validate`.
 *
 * A file's kind comes from, in order: `--kind`; the `# yaml-language-server: $schema=…/<kind>.schema.json`
 * line; the file's top-level keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCatalogue } from '../core/catalogue-checks.js';
import type { Segment } from '../core/paths.js';
import type { LoadedCatalogue } from '../core/registry.js';
import { formatProblem, InputError, type Problem } from '../errors.js';
import { plural } from '../util/number.js';
import { copyData } from '../util/copy-data.js';
import { catalogueSchema } from '../schema/catalogue.js';
import { deploymentSchemas, type DeploymentCatalogue } from '../schema/deployment.js';
import { gpuSchemas, type GpuCatalogue } from '../schema/gpu.js';
import { quoteSchema } from '../schema/quote.js';
import { seatCatalogueSchema, type SeatCatalogue } from '../schema/seats.js';
import { bundledSeatCatalogueWithText } from './seats.js';
import { catalogueDescriptions, scenarioDescriptions, scenarioExtra } from '../schema/descriptions.js';
import { allowDistributions } from '../schema/distribution-json.js';
import type { SchemaSource } from '../schema/jsonschema.js';
import { scenarioSchema, type ScenarioParsed } from '../schema/scenario.js';
import { fastScenario } from '../schema/scenario-fast.js';
import { bundledCatalogueWithText, packageRoot, validateCatalogue } from './catalogues.js';
import { bundledDeploymentsWithText, bundledGpuCatalogueWithText, validateGpuCatalogue } from './gpus.js';
import { dottedPath, issuesToProblems, keysFromSchema } from './issues.js';
import { checkDeploymentGpus, validateDeploymentsFile, validateQuoteFile } from './kinds-checks.js';
import { resolveDistributions } from './distributions.js';
import { ALL_DISTRIBUTION_KEYS } from '../core/distributions.js';
import { loadScenario, scenarioKeysAt } from './scenario.js';
import { parseYamlText, type LoadedYaml } from './yaml.js';
import { quoted } from '../util/excerpt.js';

export interface Validated {
  /** One line: what the file is, e.g. `scenario "Support assistant": 2 stages, 3 models`. */
  summary: string;
  warnings: string[];
}

export interface ValidateOptions {
  /** Extra catalogues (`--pricing`) for scenarios. */
  pricing?: readonly string[];
  /** Extra GPU catalogues (`--gpus`) for deployments. */
  gpus?: readonly string[];
}

export interface FileKind extends SchemaSource {
  /** Does this parsed data look like this kind (top-level keys)? */
  looksLike(data: Record<string, unknown>): boolean;
  /** Throws an InputError listing every problem found; otherwise a summary. */
  validate(file: string, yaml: LoadedYaml, opts: ValidateOptions): Validated;
}

export { checkDeploymentGpus }; // for validate's snapshot of pricing/deployments.yaml (commands/validate.ts)

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const FILE_KINDS: readonly FileKind[] = [
  {
    id: 'scenario',
    title: 'aifinops scenario',
    description: 'An AI feature\'s traffic, model calls, other costs, outcomes and budget (docs/scenario.md).',
    schema: scenarioSchema,
    // getters: the tables are built when a JSON Schema is written (schema/descriptions.ts)
    get descriptions() {
      return scenarioDescriptions();
    },
    get extra() {
      return scenarioExtra();
    },
    finish: allowDistributions,
    looksLike: (d) => d.kind === undefined && ('pipeline' in d || 'traffic' in d),
    validate: validateScenarioFile,
  },
  {
    id: 'catalogue',
    title: 'aifinops pricing catalogue',
    description: 'Token prices of one provider\'s models, per 1,000,000 tokens (docs/pricing-catalogue.md).',
    schema: catalogueSchema,
    get descriptions() {
      return catalogueDescriptions();
    },
    looksLike: (d) => d.kind === undefined && 'provider' in d && 'models' in d,
    validate: (file, yaml) => summariseCatalogue(validateCatalogue(yaml, file)),
  },
  {
    id: 'gpus',
    title: 'aifinops GPU catalogue',
    description: 'GPU specifications and hourly prices per provider, for `aifinops breakeven` (docs/gpu-catalogue.md).',
    // getters: the schemas are built on first use (a run of validate that meets no such file builds none)
    get schema() {
      return gpuSchemas().gpuCatalogueSchema;
    },
    looksLike: (d) => d.kind === 'gpus',
    validate(_file, yaml) {
      const { gpuCatalogueSchema } = gpuSchemas();
      const shape = gpuCatalogueSchema.safeParse(yaml.data, { reportInput: true });
      if (!shape.success) throw new InputError(issuesToProblems(shape.error.issues, yaml, keysFromSchema(gpuCatalogueSchema), [], yaml.data));
      return summariseGpus(validateGpuCatalogue(yaml, yaml.file).catalogue);
    },
  },
  {
    id: 'deployments',
    title: 'aifinops self-hosted deployments',
    description: 'Self-hosted model deployments (model, GPU, measured throughput, price option), for `aifinops breakeven` (docs/breakeven.md).',
    get schema() {
      return deploymentSchemas().deploymentCatalogueSchema;
    },
    looksLike: (d) => d.kind === 'deployments',
    validate: validateDeploymentsFile,
  },
  {
    id: 'seat-plans',
    title: 'aifinops seat plans',
    description: 'Seat licence plans (price per seat per month, minimums, usage allowances), for `aifinops seats` (docs/seat-plans.md).',
    schema: seatCatalogueSchema,
    looksLike: (d) => d.kind === 'seat-plans',
    validate(_file, yaml) {
      const shape = seatCatalogueSchema.safeParse(yaml.data, { reportInput: true });
      if (!shape.success) throw new InputError(issuesToProblems(shape.error.issues, yaml, keysFromSchema(seatCatalogueSchema), [], yaml.data));
      return summariseSeats(shape.data);
    },
  },
  {
    id: 'quote',
    title: 'aifinops vendor quote',
    description: 'A vendor\'s offer: rate card and discounts, commitment, overage, seats and fees over a term, for `aifinops quotes` (docs/quotes.md).',
    schema: quoteSchema,
    looksLike: (d) => d.kind === 'quote',
    validate: validateQuoteFile,
  },
];

function summariseCatalogue(c: LoadedCatalogue, notes?: string[]): Validated {
  const n = Object.keys(c.catalogue.models).length;
  return {
    summary: `pricing catalogue of ${c.catalogue.provider}: ${plural(n, 'model')}, ${c.catalogue.currency}, as of ${c.catalogue.as_of}`,
    warnings: notes ?? checkCatalogue(c.catalogue).map((note) => `${note.path}: ${note.message}`),
  };
}

/** dist/catalogue-notes.json (scripts/build.mjs): the build's notes on each bundled token catalogue, by its path in the package. */
export const CATALOGUE_NOTES = 'dist/catalogue-notes.json';
type Notes = Record<string, { length: number; warnings: string[] }>;
let buildNotes: Notes | null | undefined;

/**
 * The build's notes on `c`, a bundled catalogue from the snapshot whose file holds exactly the
 * snapshot's `text` (the caller has compared them): what checkCatalogue gives on it, without running
 * it. Undefined without a build's notes for that file and length: the caller checks it itself.
 */
export function bundledNotes(c: LoadedCatalogue, text: string): string[] | undefined {
  if (buildNotes === undefined) {
    try {
      const read = (JSON.parse(readFileSync(join(packageRoot(), CATALOGUE_NOTES), 'utf8')) as { notes?: unknown }).notes;
      buildNotes = isObj(read) ? (read as Notes) : null;
    } catch {
      buildNotes = null; // not built with notes
    }
  }
  const n = buildNotes && Object.hasOwn(buildNotes, c.file) ? buildNotes[c.file] : undefined;
  return n && n.length === text.length && Array.isArray(n.warnings) && n.warnings.every((w) => typeof w === 'string') ? [...n.warnings] : undefined;
}

function summariseGpus(c: GpuCatalogue): Validated {
  const n = Object.keys(c.gpus).length;
  const prices = Object.values(c.gpus).reduce((a, g) => a + (g.prices?.length ?? 0), 0);
  return { summary: `GPU catalogue: ${plural(n, 'GPU')}, ${plural(prices, 'price')}, ${c.currency}, as of ${c.as_of}`, warnings: [] };
}

function summariseSeats(c: SeatCatalogue): Validated {
  const n = Object.keys(c.plans).length;
  return { summary: `seat plans: ${plural(n, 'plan')}, ${c.currency}, as of ${c.as_of}`, warnings: [] };
}

/**
 * `validate` of a bundled token, GPU or seat-plan catalogue whose text is exactly the one the
 * build validated (its snapshot in dist/; validating these depends on the text alone): the same
 * result as parsing it, without the parse. Undefined when the file is not one of them, or when
 * `--kind` or its `$schema` line makes it another kind.
 */
export function validateUnchangedBundledCatalogue(file: string, text: string, forced: FileKind | undefined): (Validated & { kind: string }) | undefined {
  const as = forced?.id ?? kindFromModeline(text);
  const c = as === undefined || as === 'catalogue' ? bundledCatalogueWithText(file, text) : undefined;
  if (c) return { kind: 'catalogue', ...summariseCatalogue(c, bundledNotes(c, text)) };
  const g = as === undefined || as === 'gpus' ? bundledGpuCatalogueWithText(file, text) : undefined;
  if (g) return { kind: 'gpus', ...summariseGpus(g) };
  const s = as === undefined || as === 'seat-plans' ? bundledSeatCatalogueWithText(file, text) : undefined;
  return s ? { kind: 'seat-plans', ...summariseSeats(s) } : undefined;
}

export const KIND_IDS = FILE_KINDS.map((k) => k.id);

export function kindById(id: string): FileKind | undefined {
  return FILE_KINDS.find((k) => k.id === id);
}

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m;

/** The kind a file's `$schema` modeline points at (`…/scenario.schema.json` → scenario). */
export function kindFromModeline(text: string): string | undefined {
  // asked up to three times for each file validate reads (the two snapshot checks, then detectKind)
  if (text === lastModeline.text) return lastModeline.kind;
  const kind = modelineKind(text);
  lastModeline = { text, kind };
  return kind;
}
let lastModeline: { text: string | undefined; kind: string | undefined } = { text: undefined, kind: undefined };

function modelineKind(text: string): string | undefined {
  const m = MODELINE.exec(text.slice(0, 2000));
  if (!m) return undefined;
  const base = m[1]!.split(/[\\/]/).pop() ?? '';
  const id = base.replace(/\.schema\.json$/, '').replace(/\.json$/, '');
  return kindById(id) ? id : undefined;
}

/** What kind of file this is, or a located problem saying how to tell. */
export function detectKind(yaml: LoadedYaml, text: string): FileKind {
  const fromLine = kindFromModeline(text);
  if (fromLine) return kindById(fromLine)!;
  const data = yaml.data;
  if (isObj(data)) {
    const found = FILE_KINDS.filter((k) => k.looksLike(data));
    if (found.length === 1) return found[0]!;
  }
  throw new InputError({
    file: yaml.file,
    line: 1,
    column: 1,
    message: `cannot tell what kind of file this is (${KIND_IDS.join(', ')})`,
    fix: `pass --kind ${KIND_IDS.join('|')}, or add a first line "# yaml-language-server: $schema=<path>/schemas/<kind>.schema.json"`,
  });
}

/**
 * A scenario, with every problem: the shape problems (zod, all of them, not only the first 20),
 * then the semantic rules (models exist, shares sum to 1, traffic given one way, …). The
 * semantic rules also run when the shape is wrong: values that failed the shape are set aside
 * (an optional key is left out, a required one takes its parent with it) so one misspelt key
 * does not hide an unknown model three lines further down.
 */
function validateScenarioFile(file: string, yaml: LoadedYaml, opts: ValidateOptions): Validated {
  // each variant is checked as `--variant` would load it, from the data as written (the checks
  // below may work on the data in place)
  const variants = isObj(yaml.data) && isObj(yaml.data.variants) ? Object.keys(yaml.data.variants) : [];
  const pristine = variants.length ? copyData(yaml.data) : undefined;
  const summary = validateScenarioAsWritten(file, yaml, opts);
  const problems: Problem[] = [];
  for (const variant of variants) {
    try {
      loadScenario(file, { yaml: { ...yaml, data: pristine }, variant, pricing: opts.pricing ?? [] });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      for (const p of err.problems) if (!problems.some((q) => formatProblem(q) === formatProblem(p))) problems.push(p);
    }
  }
  if (problems.length) fail(problems);
  return variants.length ? { ...summary, summary: `${summary.summary}, ${plural(variants.length, 'variant')}` } : summary;
}

/** {@link validateScenarioFile} for the scenario as written, without its variants. */
export function validateScenarioAsWritten(file: string, yaml: LoadedYaml, opts: ValidateOptions): Validated {
  if (!isObj(yaml.data)) return loadAndSummarise(file, yaml, opts);
  // The common case first: a file the schema accepts as written. Then the distributions walk would
  // find nothing (a numeric field holds a number, not a mapping; no option of a union with a numeric
  // one takes a distribution's keys) and change nothing, so neither it nor a copy of the data to
  // set offending values aside in is needed: the data is checked once, as the loader would.
  // Any other file (a distribution, a shape problem) takes the full path below, unchanged.
  // (a file that holds a mapping with a distribution's keys goes straight to the full path: the
  // schema would reject it as written, and a failed pass costs more than a passing one)
  if (hasDistributionKeys(yaml.data)) return validateScenarioFully(file, yaml, opts);
  // (the zod-free fast check first: when it answers, it is the schema's output; see schema/scenario-fast.ts)
  const fast = fastScenario(yaml.data);
  const first = fast ? ({ success: true, data: fast } as const) : scenarioSchema.safeParse(yaml.data, { reportInput: true });
  if (!first.success) return validateScenarioFully(file, yaml, opts);
  try {
    return loadAndSummarise(file, yaml, opts, first.data);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return fail(err.problems); // as the full path words the semantic problems of a file without shape problems
  }
}

/** Whether any mapping in `data` has a key that marks a distribution (only a guess which path is cheaper: both give the same answer). */
function hasDistributionKeys(data: unknown): boolean {
  if (Array.isArray(data)) {
    for (const v of data) if (typeof v === 'object' && v !== null && hasDistributionKeys(v)) return true;
  } else if (typeof data === 'object' && data !== null) {
    for (const k in data) {
      if (ALL_DISTRIBUTION_KEYS.has(k)) return true;
      const v = (data as Record<string, unknown>)[k];
      if (typeof v === 'object' && v !== null && hasDistributionKeys(v)) return true;
    }
  }
  return false;
}

/** {@link validateScenarioFile} for a file the schema does not accept as written: every problem, as described there. */
export function validateScenarioFully(file: string, yaml: LoadedYaml, opts: ValidateOptions): Validated {
  const src = { file: yaml.file, locate: yaml.locate };
  const reported: Problem[] = [];
  const seen = new Set<string>();
  const removed: Segment[][] = [];
  let data = copyData(yaml.data) as Record<string, unknown>; // an object: checked by the caller
  // distributions become their point values first, as the loader does (docs/uncertainty.md)
  try {
    resolveDistributions(data, src);
  } catch (err) {
    if (err instanceof InputError) return fail(err.problems);
    throw err;
  }
  let checked: ScenarioParsed | undefined; // the schema's output once the data, offending values set aside, passes it
  for (let round = 0; round < 12; round++) {
    // (the distributions now at their points, a plain scenario passes the zod-free fast check, with the schema's output)
    const fast = round === 0 ? fastScenario(data) : undefined;
    const parsed = fast ? ({ success: true, data: fast } as const) : scenarioSchema.safeParse(data, { reportInput: true });
    if (parsed.success) {
      checked = parsed.data;
      break;
    }
    let progress = false;
    parsed.error.issues.forEach((issue) => {
      const path = issue.path as Segment[];
      const isRemovedOrBelow = removed.some((r) => r.length <= path.length && r.every((s, i) => s === path[i]));
      if (!isRemovedOrBelow) {
        for (const p of issuesToProblems([issue], src, scenarioKeysAt, [], yaml.data)) {
          const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
          if (!seen.has(key)) {
            seen.add(key);
            reported.push(p);
          }
        }
      }
      // set the offending value aside for the next round
      if (issue.code === 'unrecognized_keys') {
        const parent = get(data, path);
        if (isObj(parent)) for (const k of issue.keys) delete parent[k];
        progress = true;
        return;
      }
      let p = path;
      if (isRemovedOrBelow) {
        // a required value we removed: remove the object holding it instead
        p = path.slice(0, -1);
        while (p.length > 0 && typeof p[p.length - 1] === 'number') p = p.slice(0, -1);
      }
      const last = p[p.length - 1];
      const parent = get(data, p.slice(0, -1));
      if (typeof last === 'string' && isObj(parent) && last in parent) {
        delete parent[last];
        removed.push(p);
        progress = true;
      }
    });
    if (!progress) return fail(reported);
  }
  if (!checked) return fail(reported);
  let summary: Validated;
  try {
    // the semantic rules, on the data the schema has just accepted (not parsed a second time)
    summary = loadAndSummarise(file, { ...yaml, data }, opts, checked);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // semantic problems about values already reported as shape problems (or their parents) add nothing
    const gone = removed.map((r) => dottedPath(r, yaml.data));
    const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
    const extra = err.problems.filter((p) => p.path === undefined || !gone.some((g) => related(p.path!, g)));
    return fail([...reported, ...extra]);
  }
  return reported.length > 0 ? fail(reported) : summary;
}

/**
 * The bundled pricing/deployments.yaml, when its text is exactly the one the build validated: the
 * build's copy of its data (its shape depends on the text alone), with positions parsed from the
 * text only if a problem needs one. Undefined when the file is not it, or when `--kind` or its
 * `$schema` line makes it another kind. Its GPUs are then checked as any deployments file's
 * (checkDeploymentGpus): they depend on the run's GPU catalogues (--gpus).
 */
export function unchangedBundledDeployments(file: string, text: string, forced: FileKind | undefined, display: string): { yaml: LoadedYaml; data: DeploymentCatalogue } | undefined {
  const as = forced?.id ?? kindFromModeline(text);
  if (as !== undefined && as !== 'deployments') return undefined;
  const data = bundledDeploymentsWithText(file, text);
  if (!data) return undefined;
  let full: LoadedYaml | undefined;
  return { data, yaml: { file: display, data, locate: (path, which) => (full ??= parseYamlText(text, display)).locate(path, which) } };
}

function loadAndSummarise(file: string, yaml: LoadedYaml, opts: ValidateOptions, checked?: ScenarioParsed): Validated {
  const s = loadScenario(file, { yaml, pricing: opts.pricing ?? [], ...(checked ? { checked } : {}) });
  const models = new Set(s.stages.flatMap((st) => st.models.map((m) => m.model.ref)));
  return {
    summary: `scenario ${quoted(s.name)}: ${plural(s.stages.length, 'stage')}, ${plural(models.size, 'model')}${s.lineItems.length ? `, ${plural(s.lineItems.length, 'line item')}` : ''}`,
    warnings: s.warnings,
  };
}

function fail(problems: Problem[]): never {
  throw new InputError(problems.length ? problems : [{ message: 'invalid scenario' }]);
}

function get(data: unknown, path: readonly Segment[]): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
