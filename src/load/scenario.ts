/**
 * Scenario loading in three stages (spec §2): YAML with positions → overrides (variant, --set) →
 * shape (zod) → defaults → semantic rules → the resolved `Scenario` the engine computes on.
 */
import { applyStageRules } from './stage-rules.js';
import { InputError, type Problem } from '../errors.js';
import { estimateScenario } from '../core/estimate.js';
import { findOverflow } from '../core/finite.js';
import { rememberEstimate } from './loaded-estimate.js';
import { applyOverride, splitAssignment, type Segment } from '../core/paths.js';
import { ModelRegistry, type LoadedCatalogue } from '../core/registry.js';
import {
  DEFAULT_ALERT_AT,
  DEFAULT_DAYS_PER_MONTH,
  SHARE_TOLERANCE,
  type LineItem,
  type PricedModel,
  type Scenario,
  type Stage,
  type StageModel,
  type Traffic,
} from '../core/model.js';
import { MODEL_INFERENCE } from '../schema/report.js';
import { feeRates, stageFeesOf, type StageFees } from '../core/fees.js';
import { scenarioSchemas, type ScenarioParsed, type StageParsed } from '../schema/scenario.js';
import { fastScenario } from '../schema/scenario-fast.js';
import { didYouMean } from '../util/suggest.js';
import { bundledCatalogues, displayPath, loadCatalogueFile } from './catalogues.js';
import { dottedPath, issuesToProblems, keysFromSchema, type KeysAt } from './issues.js';
import { scenarioKeysFromTable } from './scenario-keys.js';
import { scenarioModels, scheduleWarnings, staleWarnings } from '../core/prices-at.js';
import { today } from '../util/clock.js';
import { attachUncertainty, resolveDistributions, resolvedDistributions } from './distributions.js';
import { resolveStageInput, type PromptContext } from './prompts.js';
import { diskSource, parseYamlValue, readYamlFile, type FileSource, type LoadedYaml } from './yaml.js';
import { CATALOGUE_REF, guardReference } from '../tokens/guard.js';
import { yamlLib } from './yaml-lib.js';
import { excerptList, quoted, shortPath } from '../util/excerpt.js';
import { copyData } from '../util/copy-data.js';

export interface LoadOptions {
  /** `--pricing` catalogue files, loaded after the scenario's own. */
  pricing?: readonly string[];
  /** `--set path=value` overrides, applied after the variant. */
  set?: readonly string[];
  /** `--variant NAME`. */
  variant?: string | null;
  /** Bundled catalogues (defaults to the package's `pricing/`); tests inject their own. */
  bundled?: readonly LoadedCatalogue[];
  /** Pre-parsed raw YAML; otherwise the file is read from `source`. */
  yaml?: LoadedYaml;
  /** Where the scenario and the files it references are read from (default: the working tree). */
  source?: FileSource;
  /** The pricing date YYYY-MM-DD (`--as-of`); default today in UTC (util/clock.ts). */
  asOf?: string;
  /** Warn when a model's prices were checked more than this many days before the pricing date (default 120). */
  maxPriceAgeDays?: number;
  /**
   * What `aifinops validate` has already done with `yaml.data`, its own copy: its distributions
   * are point values and `scenarioSchema` accepted it, giving this. The load then neither copies
   * the data nor runs the schema again; every other step and rule runs as without it. Not
   * together with `variant` or `set`, which change the data before the schema.
   */
  checked?: ScenarioParsed;
  /**
   * Refuse a model its provider shut down on or before the pricing date (default true: the run
   * prices traffic from that date on). False for commands that price usage already billed (actuals
   * compare, calibrate), which name such a model to describe the past.
   */
  inService?: boolean;
}

/**
 * The keys the scenario schema knows at a path (did-you-mean, overrides): from the walk table
 * (load/scenario-keys.ts), else from the schema, built on first use.
 */
export const scenarioKeysAt: KeysAt = (path) => scenarioKeysFromTable(path) ?? keysFromSchema(scenarioSchemas().scenarioSchema)(path);

/** Where an overridden value came from, for error messages. */
interface OverrideOrigin {
  resolved: Segment[];
  problem: Omit<Problem, 'message'>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value of a `--set path=value`, read as YAML under the rules files obey (load/yaml.ts). */
export function parseSetValue(raw: string, path?: string, flag = '--set'): unknown {
  return parseYamlValue(raw, path === undefined ? flag : `${flag} ${path}`);
}

export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  const source = opts.source ?? diskSource;
  const display = displayPath(file);
  const y = opts.yaml ?? readYamlFile(file, source, display);
  const src = { file: display, locate: y.locate };
  if (!isObj(y.data)) {
    throw new InputError({ file: display, line: 1, column: 1, message: 'expected a scenario mapping (version, name, traffic, pipeline, …)', fix: 'see docs/scenario.md or run `aifinops init`' });
  }
  const checked = opts.checked;
  if (checked && (opts.variant != null || (opts.set?.length ?? 0) > 0)) throw new Error('loadScenario: checked data cannot take a variant or --set overrides');
  // the overrides and distributions below change the data in place: a copy, unless it is this
  // load's own (read here, or validate's checked data)
  const raw = checked || opts.yaml === undefined ? y.data : copyData(y.data);
  const origins: OverrideOrigin[] = [];

  // 1. overrides: the variant, then --set
  const variant = opts.variant ?? null;
  if (variant !== null) {
    const variants = raw.variants;
    const names = isObj(variants) ? Object.keys(variants) : [];
    if (!isObj(variants) || !isObj(variants[variant])) {
      throw new InputError({
        file: display,
        ...(y.locate(['variants'], 'key') ?? {}),
        path: `variants.${variant}`,
        message: `no variant named ${quoted(variant)}`,
        fix: didYouMean(variant, names) || (names.length ? `variants here: ${excerptList(names)}` : 'the scenario has no variants block'),
      });
    }
    for (const [path, value] of Object.entries(variants[variant] as Record<string, unknown>)) {
      // the override's place, found only if a problem is reported (locating parses the file with positions)
      let pos: { line?: number; column?: number } | undefined;
      const place = () => (pos ??= y.locate(['variants', variant, path], 'key') ?? {});
      const where = {
        file: display,
        path: `variants.${variant}.${path}`,
        get line(): number | undefined {
          return place().line;
        },
        get column(): number | undefined {
          return place().column;
        },
      };
      const r = applyOverride(raw, path, value, scenarioKeysAt);
      if (!r.ok) throw new InputError({ ...where, message: r.message ?? `${path} names nothing`, fix: r.fix });
      origins.push({ resolved: r.resolved, problem: where });
    }
  }
  for (const assignment of opts.set ?? []) {
    const a = splitAssignment(assignment);
    if (!a) throw new InputError({ message: `--set ${assignment}: expected path=value`, fix: 'e.g. --set traffic.requests_per_day=20000' });
    const r = applyOverride(raw, a.path, parseSetValue(a.raw, a.path), scenarioKeysAt);
    const where = { path: `--set ${a.path}`, file: display, line: undefined, column: undefined };
    if (!r.ok) throw new InputError({ ...where, message: r.message ?? `${a.path} names nothing`, fix: r.fix });
    origins.push({ resolved: r.resolved, problem: where });
  }

  // distributions at numeric positions → their point values, remembered for the Monte Carlo (docs/uncertainty.md)
  // (checked data holds point values already: resolving finds nothing, so it is not walked again)
  const uncertainty = checked ? resolvedDistributions(raw, src) : resolveDistributions(raw, src, (p, path) => attributeToOverride(p, path, origins));

  // 2. shape
  // (a plain scenario passes the zod-free fast check, with the schema's output; anything else, and every problem, is the schema's)
  const fast = checked ?? fastScenario(raw);
  const parsed = fast ? ({ success: true, data: fast } as const) : scenarioSchemas().scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = issuesToProblems(parsed.error.issues, src, scenarioKeysAt, [], raw).map((p, i) => {
      const issuePath = parsed.error.issues[i]?.path ?? [];
      return attributeToOverride(p, issuePath as Segment[], origins);
    });
    throw new InputError(problems.slice(0, 20));
  }

  // 3. catalogues, defaults and semantic rules
  const data = parsed.data;
  const problems: Problem[] = [];
  const at = (path: Segment[], message: string, fix?: string, which: 'key' | 'value' = 'value'): void => {
    problems.push(attributeToOverride({ file: display, ...(y.locate(path, which) ?? {}), path: dottedPath(path, raw), message, fix }, path, origins));
  };

  const catalogues: LoadedCatalogue[] = [...(opts.bundled ?? bundledCatalogues())];
  (data.pricing ?? []).forEach((p, i) => {
    // a file the scenario names stays inside its repository, like prompt files (docs/security.md)
    const guarded = guardReference(file, p, source, CATALOGUE_REF);
    if (!guarded.ok) return at(['pricing', i], guarded.message, guarded.fix);
    const abs = guarded.abs;
    try {
      catalogues.push(loadCatalogueFile(abs, displayPath(abs), source));
    } catch (err) {
      // a file that cannot be read at all (missing, a loop of links, not a folder on the way, a
      // name too long) is a problem of this entry; a problem inside the catalogue names its own place
      const read = err instanceof InputError && err.problems.length === 1 && err.problems[0]!.line === undefined ? err.problems[0]!.message : null;
      if (read === 'file not found') at(['pricing', i], `catalogue file not found: ${shortPath(displayPath(abs))}`, 'paths under pricing: are relative to the scenario file');
      else if (read !== null && read.startsWith('cannot be read')) at(['pricing', i], `catalogue file ${shortPath(displayPath(abs))} ${read}`, 'name a catalogue file in the repository; paths under pricing: are relative to the scenario file');
      else throw err;
    }
  });
  for (const p of opts.pricing ?? []) catalogues.push(loadCatalogueFile(p));
  const asOf = opts.asOf ?? today();
  const registry = registryFor(catalogues, asOf);
  const currency = data.currency ?? 'USD';

  const resolveModel = (name: string, path: Segment[]): PricedModel | undefined => {
    const r = opts.inService === false ? registry.resolve(name) : registry.resolveInService(name);
    if (!r.ok) {
      at(path, r.message, r.fix);
      return undefined;
    }
    if (r.model.catalogue.currency !== currency) {
      at(
        path,
        `${r.model.ref} is priced in ${r.model.catalogue.currency} by ${r.model.catalogue.file}, but the scenario's currency is ${currency}`,
        `use a catalogue in ${currency} for this model, or set currency: ${r.model.catalogue.currency}`,
      );
      return undefined;
    }
    return r.model;
  };

  const traffic = buildTraffic(data, at);
  const warnings: string[] = [];
  const stages = buildStages(data, at, resolveModel, { scenarioFile: file, source, at, warnings });
  const lineItems = buildLineItems(data, traffic, at, resolveModel);
  applyStageRules(data, stages, lineItems, at);

  let outcomes: Scenario['outcomes'] = null;
  if (data.outcomes) {
    const o = data.outcomes;
    if ((o.per_request === undefined) === (o.per_month === undefined)) {
      at(['outcomes'], 'give exactly one of per_request or per_month', 'e.g. per_request: 0.6 (outcomes per request) or per_month: 180000');
    }
    outcomes = { name: o.name ?? 'outcome', perRequest: o.per_request ?? null, perMonth: o.per_month ?? null, value: o.value ?? null };
  }
  const budget = data.budget ? { monthly: data.budget.monthly, alertAt: data.budget.alert_at ?? DEFAULT_ALERT_AT } : null;

  if (problems.length > 0) throw new InputError(problems.slice(0, 20));
  const dated: Scenario = {
    name: data.name,
    file: display,
    variant,
    currency,
    tags: data.tags ?? {},
    alternativeOf: data.alternative_of ?? null,
    traffic: traffic!,
    stages,
    lineItems,
    outcomes,
    budget,
    warnings,
    seats: data.seats ?? null,
    pricedAsOf: asOf,
  };
  for (const w of scheduleWarnings(dated, asOf)) warnings.push(w);
  for (const w of staleWarnings(scenarioModels(dated), asOf, opts.maxPriceAgeDays)) warnings.push(w);
  const scenario = attachUncertainty(dated, uncertainty);
  // No input may overflow a cost to Infinity/NaN (issue 13): every command that computes costs loads here.
  const estimate = estimateScenario(scenario);
  const overflow = findOverflow(scenario, estimate);
  if (overflow) {
    at(overflow.path, overflow.message, overflow.fix, 'key');
    throw new InputError(problems);
  }
  rememberEstimate(scenario, estimate); // `estimate` takes it instead of computing it again (load/loaded-estimate.ts)
  return scenario;
}

type At = (path: Segment[], message: string, fix?: string, which?: 'key' | 'value') => void;

/**
 * The registry of these catalogues at `asOf`: the last one made again when the catalogues are the
 * same objects (whatif, sweep, levers and sensitivity load one scenario many times; building the
 * registry prices every bundled model; `validate` checks many scenarios and quotes against the same
 * catalogues). Its models are never changed in place (what-ifs copy them).
 */
let lastRegistry: { catalogues: readonly LoadedCatalogue[]; asOf: string; registry: ModelRegistry } | undefined;
export function registryFor(catalogues: readonly LoadedCatalogue[], asOf: string): ModelRegistry {
  const last = lastRegistry;
  if (last && last.asOf === asOf && last.catalogues.length === catalogues.length && last.catalogues.every((c, i) => c === catalogues[i])) return last.registry;
  const registry = new ModelRegistry(catalogues, asOf);
  lastRegistry = { catalogues, asOf, registry };
  return registry;
}

function attributeToOverride(p: Problem, issuePath: readonly Segment[], origins: readonly OverrideOrigin[]): Problem {
  for (let i = origins.length - 1; i >= 0; i--) {
    const o = origins[i]!;
    const within = o.resolved.length <= issuePath.length && o.resolved.every((seg, k) => seg === issuePath[k]);
    if (within) return { ...p, ...o.problem };
  }
  if (origins.length > 0) {
    const applied = [...new Set(origins.map((o) => o.problem.path?.split(' ')[0] === '--set' ? '--set' : 'variant'))].join(' and ');
    return { ...p, message: `${p.message} (after applying the ${applied} overrides)` };
  }
  return p;
}

/** The resolved traffic of parsed scenario data (exported for load/scenario-patch.ts, which reads `data.traffic` only). */
export function buildTraffic(data: Pick<ScenarioParsed, 'traffic'>, at: At): Traffic | undefined {
  const t = data.traffic;
  const days = t.days_per_month ?? DEFAULT_DAYS_PER_MONTH;
  const given = (['requests_per_day', 'requests_per_month', 'requests_per_user_per_day'] as const).filter((k) => t[k] !== undefined);
  if (given.length !== 1) {
    at(
      ['traffic'],
      given.length === 0 ? 'traffic volume is missing' : `traffic is given ${given.length} ways (${given.join(', ')}); give exactly one`,
      'use one of requests_per_day, requests_per_month, or users with requests_per_user_per_day',
    );
    return undefined;
  }
  const users = t.users ?? null;
  if (given[0] === 'requests_per_user_per_day') {
    if (users === null) {
      at(['traffic', 'requests_per_user_per_day'], 'requests_per_user_per_day needs traffic.users', 'add users: <number of users>');
      return undefined;
    }
    return { mode: 'users', requestsPerDay: null, requestsPerMonth: users * t.requests_per_user_per_day! * days, users, requestsPerUserPerDay: t.requests_per_user_per_day!, daysPerMonth: days };
  }
  if (given[0] === 'requests_per_day') {
    return { mode: 'requests_per_day', requestsPerDay: t.requests_per_day!, requestsPerMonth: t.requests_per_day! * days, users, requestsPerUserPerDay: null, daysPerMonth: days };
  }
  return { mode: 'requests_per_month', requestsPerDay: null, requestsPerMonth: t.requests_per_month!, users, requestsPerUserPerDay: null, daysPerMonth: days };
}

function buildStages(data: ScenarioParsed, at: At, resolveModel: (name: string, path: Segment[]) => PricedModel | undefined, prompts: PromptContext): Stage[] {
  const seen = new Map<string, number>();
  return data.pipeline.map((st: StageParsed, i): Stage => {
    const base: Segment[] = ['pipeline', i];
    const prev = seen.get(st.name);
    if (prev !== undefined) at([...base, 'name'], `stage name ${quoted(st.name)} is used twice (also pipeline[${prev}])`, 'give each stage a unique name: paths address stages by name');
    seen.set(st.name, i);
    const output = st.output ?? 0;
    const reasoning = st.reasoning ?? 0;
    const models: StageModel[] = [];
    if ((st.model === undefined) === (st.models === undefined)) {
      at(base, st.model === undefined ? 'the stage names no model' : 'give either model or models, not both', 'e.g. model: gpt-4o-mini, or models: { gpt-4o-mini: 0.8, gpt-4o: 0.2 }');
    } else if (st.model !== undefined) {
      const m = resolveModel(st.model, [...base, 'model']);
      if (m) models.push({ model: m, name: st.model, share: 1, output, reasoning });
    } else if (Array.isArray(st.models)) {
      st.models.forEach((e, k) => {
        const m = resolveModel(e.id, [...base, 'models', k, 'id']);
        if (m) models.push({ model: m, name: e.id, share: e.share, output: e.output ?? output, reasoning: e.reasoning ?? reasoning });
      });
    } else if (st.models) {
      const entries = Object.entries(st.models);
      if (entries.length === 0) at([...base, 'models'], 'the tier mix is empty', 'list at least one model with its share');
      for (const [name, share] of entries) {
        const m = resolveModel(name, [...base, 'models', name]);
        if (m) models.push({ model: m, name, share, output, reasoning });
      }
    }
    // shares sum to 1; the same model twice in one mix is a mistake
    const shareList = Array.isArray(st.models) ? st.models.map((e) => e.share) : st.models ? Object.values(st.models) : [];
    if (st.models !== undefined && shareList.length > 0) {
      const sum = shareList.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > SHARE_TOLERANCE) at([...base, 'models'], `the shares sum to ${+sum.toFixed(9)}, expected 1`, 'make the shares of this tier mix add up to 1 (100%)');
    }
    const refs = models.map((m) => m.model.ref);
    const dup = refs.find((r, k) => refs.indexOf(r) !== k);
    if (dup) at([...base, 'models'], `${dup} appears twice in the tier mix`, 'merge its shares into one entry');

    // numbers as given; prompt files counted per model's tokenizer (docs/prompt-files.md)
    const { input, models: counted } = resolveStageInput(st.name, st.input, models, base, prompts);
    let cache: Stage['cache'] = null;
    if (st.cache) {
      const cacheable = st.cache.cacheable ?? ['system', 'tools'];
      const dupPart = cacheable.find((p, k) => cacheable.indexOf(p) !== k);
      if (dupPart) at([...base, 'cache', 'cacheable'], `${quoted(dupPart)} is listed twice`, 'list each input part once');
      cache = { hitRate: st.cache.hit_rate, cacheable: [...new Set(cacheable)], ttl: st.cache.ttl ?? '5m' };
    }
    return {
      name: st.name,
      models: counted,
      shareOfRequests: st.share_of_requests ?? 1,
      agentSteps: st.agent_steps ?? 1,
      input,
      contextGrowthPerStep: st.context_growth_per_step ?? 0,
      output,
      reasoning,
      cache,
      responseCacheHitRate: st.response_cache_hit_rate ?? 0,
      batchShare: st.batch_share ?? 0,
      retryRate: st.retry_rate ?? 0,
      maxRetries: st.max_retries ?? 1,
      ...feesOfStage(st, counted, base, at),
    };
  });
}

/** The stage's fees beyond text tokens (core/fees.ts), checked: each fee it uses is priced for each of its models. */
function feesOfStage(st: StageParsed, models: readonly StageModel[], base: Segment[], at: At): { fees?: StageFees } {
  const fees = stageFeesOf(st);
  if (!fees) return {};
  const cs = st.cache_storage;
  if (cs && (cs.hours_per_month === undefined) === (cs.hours_per_day === undefined)) {
    at([...base, 'cache_storage'], cs.hours_per_month === undefined ? 'cache_storage gives no hours' : 'give either hours_per_month or hours_per_day, not both', 'e.g. cache_storage: { tokens: 200000, hours_per_day: 10 }');
  }
  for (const sm of models) for (const m of feeRates(fees, sm.model).missing) at([...base, ...m.path], m.message, m.fix);
  return { fees };
}

function buildLineItems(
  data: ScenarioParsed,
  traffic: Traffic | undefined,
  at: At,
  resolveModel: (name: string, path: Segment[]) => PricedModel | undefined,
): LineItem[] {
  const items: LineItem[] = [];
  const names = new Map<string, number>();
  (data.costs ?? []).forEach((c, i) => {
    const base: Segment[] = ['costs', i];
    if (names.has(c.name)) at([...base, 'name'], `line item name ${quoted(c.name)} is used twice (also costs[${names.get(c.name)}])`, 'give each line item a unique name');
    names.set(c.name, i);
    const kinds = [
      c.monthly !== undefined && 'monthly',
      c.per_request !== undefined && 'per_request',
      c.per_user !== undefined && 'per_user',
      (c.minutes !== undefined || c.hourly_rate !== undefined) && 'minutes/hourly_rate',
      (c.model !== undefined || c.tokens_per_month !== undefined) && 'model/tokens_per_month',
    ].filter((k): k is string => typeof k === 'string');
    if (kinds.length !== 1) {
      at(base, kinds.length === 0 ? 'the line item has no amount' : `the line item mixes ${kinds.join(' and ')}`, 'give exactly one of: monthly; per_request; per_user; minutes + hourly_rate; model + tokens_per_month');
      return;
    }
    if (c.share_of_requests !== undefined && c.per_request === undefined && c.minutes === undefined) {
      at([...base, 'share_of_requests'], 'share_of_requests applies only to per_request and minutes/hourly_rate items', 'remove it');
    }
    const category = c.category ?? (c.model !== undefined ? MODEL_INFERENCE : 'other');
    const q = c.share_of_requests ?? 1;
    if (c.monthly !== undefined) items.push({ kind: 'monthly', name: c.name, category, monthly: c.monthly });
    else if (c.per_request !== undefined) items.push({ kind: 'per_request', name: c.name, category, perRequest: c.per_request, shareOfRequests: q });
    else if (c.per_user !== undefined) {
      if (traffic && traffic.users === null) at([...base, 'per_user'], 'a per_user cost needs traffic.users', 'add users: <number of users> under traffic');
      items.push({ kind: 'per_user', name: c.name, category, perUser: c.per_user });
    } else if (c.minutes !== undefined || c.hourly_rate !== undefined) {
      if (c.minutes === undefined || c.hourly_rate === undefined) {
        at(base, `a labour line item needs both minutes and hourly_rate`, `add ${c.minutes === undefined ? 'minutes' : 'hourly_rate'}`);
        return;
      }
      items.push({ kind: 'labour', name: c.name, category, minutes: c.minutes, hourlyRate: c.hourly_rate, shareOfRequests: q });
    } else {
      if (c.model === undefined || c.tokens_per_month === undefined) {
        at(base, 'a token line item needs both model and tokens_per_month', `add ${c.model === undefined ? 'model' : 'tokens_per_month'}`);
        return;
      }
      const m = resolveModel(c.model, [...base, 'model']);
      if (m) items.push({ kind: 'tokens', name: c.name, category, model: m, tokensPerMonth: c.tokens_per_month });
    }
  });
  return items;
}
