/**
 * `levers`: the optimisation levers in the practitioners' order (observe → compress prompts →
 * route to cheaper tiers → context budget → caching → execution patterns and batch →
 * infrastructure → contracts), each priced alone and cumulatively. Every assumption is an explicit
 * parameter (`--lever id.key=value`). A lever is applied stage by stage and never where it would
 * raise a stage's cost (e.g. a shorter prefix falling below a cache minimum); the report says so.
 * Pure.
 */
import { InputError } from '../errors.js';
import { MODEL_TIERS } from '../schema/catalogue.js';
import { PERCENT_RE } from '../schema/common.js';
import { INPUT_PARTS, type InputPart } from '../schema/scenario.js';
import { WHATIF_SCHEMA_VERSION, type LeverEffect, type LeverReport, type LeversReport, type ScenarioRef } from '../schema/whatif-report.js';
import { grouped } from '../util/number.js';
import { didYouMean } from '../util/suggest.js';
import { estimateScenario, priceStageModel } from './estimate.js';
import type { PricedModel, Scenario, Stage, StageModel } from './model.js';
import type { ModelRegistry } from './registry.js';
import { cloneScenario, scalePrices } from './whatif.js';

// ── parameters ──────────────────────────────────────────────────────────────────────────────

type ParamKind = 'rate' | 'tokens' | 'whole' | 'steps' | 'parts' | 'tiers' | 'stages' | 'model' | 'providers';

interface ParamDef {
  key: string;
  kind: ParamKind;
  /** undefined: no default — the lever is not priced until the user gives it. */
  def: unknown;
  help: string;
}

/** Parameter values after parsing: numbers, string lists, a resolved model, or 'all'. */
export type LeverParams = Record<string, unknown>;

/** Routing ladder: "one tier down" is the nearest lower tier that has a model of the same provider. */
export const TIER_LADDER = ['budget', 'mid', 'premium', 'reasoning'] as const;
type Tier = (typeof TIER_LADDER)[number];

export interface LeverContext {
  /** Every model of the loaded catalogues, to find "one tier down" and resolve `route.to`. */
  registry: ModelRegistry;
  /** The scenario file as the user named it, for the commands in `see`. */
  file: string;
}

interface Application {
  scenario: Scenario;
  changes: string[];
  skipped: string[];
}

/**
 * A stage the lever changes, or why it does not. A `quiet` skip means there is simply nothing to do
 * there (no context above the cap); it is reported only when the lever applies nowhere.
 */
type StageResult = { stage: Stage; changes: string[]; notes?: string[] } | { skip: string; quiet?: boolean };

interface LeverDef {
  id: string;
  step: number;
  stepName: string;
  title: string;
  params: ParamDef[];
  assumption(p: LeverParams, s: Scenario): string;
  /** For info-only levers: the status and reason. */
  info?: (s: Scenario, ctx: LeverContext) => { status: 'prerequisite' | 'not_modelled'; reason: string; see: string | null };
  /** When a required parameter has no value: the reason the lever is not priced. */
  needs?: (p: LeverParams, s: Scenario) => string | null;
  /** Stage-by-stage levers. */
  stage?: (st: Stage, p: LeverParams, s: Scenario, ctx: LeverContext) => StageResult;
  /** Whole-scenario levers. */
  whole?: (s: Scenario, p: LeverParams) => Application;
}

const STAGES_PARAM: ParamDef = { key: 'stages', kind: 'stages', def: 'all', help: 'stages it applies to (comma-separated names, or all)' };

const pct = (x: number) => `${Number((x * 100).toFixed(2))}%`;
const tok = (x: number) => grouped(Math.round(x), 0);
const list = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

function stageNames(p: LeverParams, s: Scenario): string[] {
  const v = p.stages;
  return v === 'all' || v === undefined ? s.stages.map((st) => st.name) : (v as string[]);
}

function scopeText(p: LeverParams, s: Scenario): string {
  return p.stages === 'all' || p.stages === undefined ? '' : ` (stages: ${stageNames(p, s).join(', ')})`;
}

/** Apply `f` to the stage's input parts and to each model's own counts (prompt files are counted per tokenizer). */
function editInputs(st: Stage, f: (input: Record<InputPart, number>) => void): void {
  f(st.input);
  for (const sm of st.models) if (sm.input) f(sm.input);
}

/** The input parts a model of the stage sends. */
function inputOf(st: Stage, sm: StageModel): Record<InputPart, number> {
  return sm.input ?? st.input;
}

/** Per-call cost of a model in a stage: (input + output cost per call) × batch factor. */
function costPerCall(stage: Stage, sm: StageModel): number {
  const mc = priceStageModel(stage, { ...sm, share: 1 }, 1);
  return (mc.inputCostPerCall + mc.outputCostPerCall) * mc.f;
}

function stageCost(stage: Stage, R: number): number {
  let sum = 0;
  for (const sm of stage.models) sum += priceStageModel(stage, sm, R).total;
  return sum;
}

/** Why caching stops applying after a change, when it does (for the "would raise the cost" note). */
function cacheLoss(before: Stage, after: Stage): string | null {
  for (const sm of after.models) {
    const old = before.models.find((m) => m.model.ref === sm.model.ref);
    if (!old) continue;
    const a = priceStageModel(before, old, 1);
    const b = priceStageModel(after, sm, 1);
    if (a.IcEff > 0 && b.cacheSkipped === 'below cache_min_tokens') {
      return `the cacheable prefix (${tok(b.Ic)} tokens) would fall below ${sm.model.ref}'s cache minimum of ${tok(sm.model.prices.cache_min_tokens ?? 0)}, losing the cache discount`;
    }
  }
  return null;
}

// ── the levers ──────────────────────────────────────────────────────────────────────────────

function tierOf(m: PricedModel): Tier | null {
  const t = m.prices.tier;
  return t === undefined || t === 'embedding' ? null : t;
}

/** The model "one tier down" for `from` in this stage, and why it was picked. */
function tierDown(stage: Stage, from: StageModel, ctx: LeverContext): { model: PricedModel; why: string } | { none: string } {
  const tier = tierOf(from.model);
  if (tier === null) return { none: `${from.model.ref} has no tier in its catalogue` };
  const below = TIER_LADDER.slice(0, TIER_LADDER.indexOf(tier)).reverse();
  const provider = from.model.provider;
  const same = ctx.registry.all().filter((m) => m.provider === provider && m.catalogue.currency === from.model.catalogue.currency);
  for (const t of below) {
    const inMix = stage.models.filter((sm) => sm.model.ref !== from.model.ref && tierOf(sm.model) === t).sort((a, b) => b.share - a.share);
    if (inMix[0]) return { model: inMix[0].model, why: `${t}, already in the mix` };
    const cands = same.filter((m) => tierOf(m) === t);
    if (cands.length === 0) continue;
    const priced = cands
      .map((m) => ({ m, c: costPerCall(stage, { model: m, name: m.id, share: 1, output: stage.output, reasoning: stage.reasoning }) }))
      .sort((a, b) => a.c - b.c || b.m.id.localeCompare(a.m.id, 'en', { numeric: true }));
    const skippedTiers = TIER_LADDER.slice(TIER_LADDER.indexOf(t) + 1, TIER_LADDER.indexOf(tier));
    const gap = skippedTiers.length ? `; ${provider} has no ${skippedTiers.join('/')} model` : '';
    return { model: priced[0]!.m, why: `${t}: the cheapest ${t} model of ${provider} for this stage's calls${gap}` };
  }
  return { none: `${from.model.ref} is ${tier}, and ${provider} has no cheaper tier in the loaded catalogues` };
}

const LEVERS: readonly LeverDef[] = [
  {
    id: 'observe',
    step: 1,
    stepName: 'observability',
    title: 'Observe',
    params: [],
    assumption: () => 'measure tokens, calls and cost per stage and model in production',
    info: (s) => ({
      status: 'prerequisite',
      reason: `no saving by itself, but it turns the assumptions below into measured numbers. Log tokens per stage and model and check them against this scenario (aifinops estimate ${s.file} --explain shows the arithmetic)`,
      see: null,
    }),
  },
  {
    id: 'compress',
    step: 2,
    stepName: 'prompt compression',
    title: 'Compress prompts',
    params: [
      { key: 'by', kind: 'rate', def: 0.2, help: 'fraction of the prompt tokens removed' },
      { key: 'parts', kind: 'parts', def: ['system', 'tools'], help: 'input parts that are prompt (instructions, tool schemas)' },
      STAGES_PARAM,
    ],
    assumption: (p, s) => `compress the ${list(p.parts as string[])} prompt by ${pct(p.by as number)}${scopeText(p, s)}`,
    stage: (st, p) => {
      const by = p.by as number;
      const parts = p.parts as InputPart[];
      const touched = parts.filter((k) => st.input[k] > 0);
      if (touched.length === 0) return { skip: `no ${list(parts)} tokens to compress`, quiet: true };
      if (by === 0) return { skip: 'compress.by is 0%', quiet: true };
      const out = structuredClone(st);
      editInputs(out, (input) => {
        for (const k of parts) input[k] *= 1 - by;
      });
      const changes = touched.map((k) => `${k} ${tok(st.input[k])} → ${tok(out.input[k])}`);
      return { stage: out, changes: [`${changes.join(', ')} tokens per call`] };
    },
  },
  {
    id: 'route',
    step: 3,
    stepName: 'model routing',
    title: 'Route to cheaper tiers',
    params: [
      { key: 'share', kind: 'rate', def: 0.5, help: 'share of each selected model\'s calls moved down' },
      { key: 'from', kind: 'tiers', def: ['premium', 'mid'], help: 'tiers whose traffic moves down' },
      { key: 'to', kind: 'model', def: 'auto', help: 'target model, or auto: one tier down within the same provider' },
      STAGES_PARAM,
    ],
    assumption: (p, s) => {
      const to = p.to === 'auto' ? 'one tier down (same provider)' : `to ${(p.to as PricedModel).ref}`;
      return `move ${pct(p.share as number)} of ${list(p.from as string[])} traffic ${to}${scopeText(p, s)}`;
    },
    stage: (st, p, _s, ctx) => {
      const share = p.share as number;
      const from = p.from as string[];
      const sources = st.models.filter((sm) => {
        const t = tierOf(sm.model);
        return t !== null && from.includes(t) && sm.share > 0;
      });
      if (sources.length === 0) {
        return { skip: `no ${list(from)} model (${st.models.map((sm) => `${sm.model.ref} is ${sm.model.prices.tier ?? 'untiered'}`).join(', ')})`, quiet: true };
      }
      if (share === 0) return { skip: 'route.share is 0%', quiet: true };
      const out = structuredClone(st);
      const changes: string[] = [];
      const notes: string[] = [];
      for (const src of sources) {
        let target: PricedModel;
        let why: string;
        if (p.to !== 'auto') {
          target = p.to as PricedModel;
          why = `${target.prices.tier ?? 'untiered'}, given by route.to`;
          if (target.ref === src.model.ref) {
            notes.push(`${src.model.ref} is already the route.to model`);
            continue;
          }
        } else {
          const d = tierDown(st, src, ctx);
          if ('none' in d) {
            notes.push(d.none);
            continue;
          }
          target = d.model;
          why = d.why;
        }
        const existing = st.models.find((sm) => sm.model.ref === target.ref);
        const targetSm: StageModel = existing ?? { model: target, name: target.id, share: 0, output: st.output, reasoning: st.reasoning };
        if (!existing && st.models.some((sm) => sm.input)) {
          notes.push(`${target.ref} is priced on the stage's prompt-file token counts (those of its lead model), not re-counted with its own tokenizer`);
        }
        const cSrc = costPerCall(st, src);
        const cTgt = costPerCall(st, targetSm);
        if (!(cTgt < cSrc)) {
          notes.push(`${target.ref} is not cheaper per call than ${src.model.ref} in this stage, so its traffic stays`);
          continue;
        }
        const moved = src.share * share;
        const srcOut = out.models.find((sm) => sm.model.ref === src.model.ref)!;
        srcOut.share -= moved;
        const tgtOut = out.models.find((sm) => sm.model.ref === target.ref);
        if (tgtOut) tgtOut.share += moved;
        else out.models.push({ ...targetSm, share: moved });
        changes.push(`${pct(share)} of ${src.model.ref}'s calls (${pct(src.share)} → ${pct(src.share - moved)} of the stage) go to ${target.ref} (${why})`);
      }
      out.models = out.models.filter((sm) => sm.share > 0);
      if (changes.length === 0) return { skip: notes.join('; ') };
      return { stage: out, changes, notes };
    },
  },
  {
    id: 'context',
    step: 4,
    stepName: 'context engineering',
    title: 'Context budget',
    params: [
      { key: 'max', kind: 'tokens', def: 2000, help: 'most tokens of the capped parts per call' },
      { key: 'parts', kind: 'parts', def: ['context'], help: 'input parts under the budget (their sum is capped; each is cut in proportion)' },
      STAGES_PARAM,
    ],
    assumption: (p, s) => `cap ${list(p.parts as string[])} at ${tok(p.max as number)} tokens per call${scopeText(p, s)}`,
    stage: (st, p) => {
      const max = p.max as number;
      const parts = p.parts as InputPart[];
      const sum = parts.reduce((a, k) => a + st.input[k], 0);
      if (sum <= max) return { skip: `${list(parts)} is ${tok(sum)} tokens, within the cap`, quiet: true };
      const out = structuredClone(st);
      editInputs(out, (input) => {
        const own = parts.reduce((a, k) => a + input[k], 0);
        if (own > max) for (const k of parts) input[k] *= max / own;
      });
      const changes = parts.filter((k) => st.input[k] > 0).map((k) => `${k} ${tok(st.input[k])} → ${tok(out.input[k])}`);
      return { stage: out, changes: [`${changes.join(', ')} tokens per call`] };
    },
  },
  {
    id: 'cache',
    step: 5,
    stepName: 'caching',
    title: 'Prompt caching',
    params: [{ key: 'hit_rate', kind: 'rate', def: 0.8, help: 'prompt-cache hit rate to reach' }, STAGES_PARAM],
    assumption: (p, s) => `raise the prompt-cache hit rate to ${pct(p.hit_rate as number)}, adding a cache block (system and tools, 5m) where a model supports caching${scopeText(p, s)}`,
    stage: (st, p) => {
      const h = p.hit_rate as number;
      const capable = st.models.filter((sm) => sm.model.prices.cache_read !== undefined);
      if (capable.length === 0) return { skip: `no prompt caching: ${list(st.models.map((sm) => sm.model.ref))} ${st.models.length > 1 ? 'have' : 'has'} no cache_read price in the catalogue` };
      const out = structuredClone(st);
      let change: string;
      if (st.cache) {
        if (st.cache.hitRate >= h) return { skip: `the hit rate is already ${pct(st.cache.hitRate)}`, quiet: true };
        out.cache = { ...st.cache, hitRate: h };
        change = `prompt-cache hit rate ${pct(st.cache.hitRate)} → ${pct(h)}`;
      } else {
        out.cache = { hitRate: h, cacheable: ['system', 'tools'], ttl: '5m' };
        change = `prompt cache added: system and tools prefix cached (5m), hit rate ${pct(h)}`;
      }
      const cacheable = out.cache.cacheable;
      const prefixOf = (sm: StageModel) => cacheable.reduce((a, k) => a + inputOf(st, sm)[k], 0);
      if (st.models.every((sm) => prefixOf(sm) === 0)) return { skip: `nothing to cache: the ${list(cacheable)} parts are 0 tokens` };
      const effective = capable.filter((sm) => prefixOf(sm) > 0 && prefixOf(sm) >= (sm.model.prices.cache_min_tokens ?? 0));
      if (effective.length === 0) {
        const mins = capable.map((sm) => `${sm.model.ref} caches from ${tok(sm.model.prices.cache_min_tokens ?? 0)}`);
        return { skip: `the cacheable prefix is ${tok(prefixOf(capable[0]!))} tokens, below the cache minimum (${mins.join(', ')})` };
      }
      const notes = st.models.filter((sm) => !effective.includes(sm)).map((sm) =>
        sm.model.prices.cache_read === undefined ? `${sm.model.ref} offers no prompt caching` : `${sm.model.ref}'s cache minimum is ${tok(sm.model.prices.cache_min_tokens ?? 0)} tokens, above its ${tok(prefixOf(sm))}-token prefix`,
      );
      return { stage: out, changes: [change], notes };
    },
  },
  {
    id: 'response_cache',
    step: 5,
    stepName: 'caching',
    title: 'Response cache',
    params: [{ key: 'hit_rate', kind: 'rate', def: undefined, help: 'share of requests answered from a response (semantic) cache, with no model call' }, STAGES_PARAM],
    assumption: (p, s) =>
      p.hit_rate === undefined
        ? 'answer repeated questions from a response (semantic) cache: share not given'
        : `answer ${pct(p.hit_rate as number)} of requests from a response cache (its own running cost not included)${scopeText(p, s)}`,
    needs: (p) => (p.hit_rate === undefined ? 'how many requests a response cache would answer depends on how repetitive the traffic is, which the scenario does not say: give --lever response_cache.hit_rate=0.1 to price it' : null),
    stage: (st, p) => {
      const h = p.hit_rate as number;
      if (st.responseCacheHitRate >= h) return { skip: `the response-cache hit rate is already ${pct(st.responseCacheHitRate)}`, quiet: true };
      const out = structuredClone(st);
      out.responseCacheHitRate = h;
      return { stage: out, changes: [`response-cache hit rate ${pct(st.responseCacheHitRate)} → ${pct(h)}`] };
    },
  },
  {
    id: 'retries',
    step: 6,
    stepName: 'execution patterns',
    title: 'Cap retries',
    params: [{ key: 'max', kind: 'whole', def: 1, help: 'most re-sends of a failed call' }, STAGES_PARAM],
    assumption: (p, s) => `cap retries at ${p.max as number}${scopeText(p, s)}`,
    stage: (st, p) => {
      const max = p.max as number;
      if (st.maxRetries <= max) return { skip: `re-sends at most ${st.maxRetries} time${st.maxRetries === 1 ? '' : 's'} already`, quiet: true };
      if (st.retryRate === 0) return { skip: 'retry_rate is 0, so retries cost nothing', quiet: true };
      const out = structuredClone(st);
      out.maxRetries = max;
      return { stage: out, changes: [`max_retries ${st.maxRetries} → ${max} (retry rate ${pct(st.retryRate)})`] };
    },
  },
  {
    id: 'steps',
    step: 6,
    stepName: 'execution patterns',
    title: 'Cap agent steps',
    params: [{ key: 'max', kind: 'steps', def: 10, help: 'most model calls per request in an agent loop' }, STAGES_PARAM],
    assumption: (p, s) => `cap agent steps at ${p.max as number}${scopeText(p, s)}`,
    stage: (st, p) => {
      const max = p.max as number;
      if (st.agentSteps <= max) return { skip: `runs ${Number(st.agentSteps.toFixed(2))} agent step${st.agentSteps === 1 ? '' : 's'}, within the cap`, quiet: true };
      const out = structuredClone(st);
      out.agentSteps = max;
      const growth = st.contextGrowthPerStep > 0 ? ' (and less context growth per call)' : '';
      return { stage: out, changes: [`agent steps ${Number(st.agentSteps.toFixed(2))} → ${max}${growth}`] };
    },
  },
  {
    id: 'batch',
    step: 6,
    stepName: 'batch and asynchronous processing',
    title: 'Batch API',
    params: [
      { key: 'stages', kind: 'stages', def: 'batching', help: 'non-interactive stages (comma-separated names, or all); default: the stages that already send some calls to batch' },
      { key: 'share', kind: 'rate', def: 1, help: 'share of their calls sent through the batch API' },
    ],
    assumption: (p, s) => {
      const names = stageNames(p, s);
      return names.length === 0 ? 'send non-interactive stages to the batch API: none marked' : `send ${pct(p.share as number)} of the calls of the non-interactive stages (${names.join(', ')}) to the batch API`;
    },
    needs: (p, s) =>
      stageNames(p, s).length === 0
        ? `which stages can wait for batch results is not in the scenario data: name them with --lever batch.stages=${s.stages.map((st) => st.name).join(',')} (or some of them)`
        : null,
    stage: (st, p) => {
      const b = p.share as number;
      const discounted = st.models.filter((sm) => (sm.model.prices.batch_discount ?? 0) > 0);
      if (discounted.length === 0) return { skip: `no batch API: ${list(st.models.map((sm) => sm.model.ref))} ${st.models.length > 1 ? 'have' : 'has'} no batch_discount in the catalogue` };
      if (st.batchShare >= b) return { skip: `already sends ${pct(st.batchShare)} of its calls to batch`, quiet: true };
      const out = structuredClone(st);
      out.batchShare = b;
      const notes = st.models.filter((sm) => !discounted.includes(sm)).map((sm) => `${sm.model.ref} has no batch API, so its calls stay at full price`);
      return { stage: out, changes: [`batch share ${pct(st.batchShare)} → ${pct(b)}`], notes };
    },
  },
  {
    id: 'infrastructure',
    step: 7,
    stepName: 'infrastructure optimisation',
    title: 'Self-hosting',
    params: [],
    assumption: () => 'run open-weight models on your own or rented GPUs instead of paying per token',
    info: (_s, ctx) => ({
      status: 'not_modelled',
      reason: 'needs GPU prices and measured throughput, which the scenario does not carry',
      see: `aifinops breakeven ${ctx.file} --deployment NAME`,
    }),
  },
  {
    id: 'contracts',
    step: 8,
    stepName: 'vendor and contract optimisation',
    title: 'Negotiated discount',
    params: [
      { key: 'discount', kind: 'rate', def: undefined, help: 'discount off every token rate, as negotiated' },
      { key: 'providers', kind: 'providers', def: 'all', help: 'providers the discount applies to (comma-separated, or all)' },
    ],
    assumption: (p) =>
      p.discount === undefined
        ? 'a negotiated discount on list prices: not given'
        : `a negotiated discount of ${pct(p.discount as number)} on the token rates of ${p.providers === 'all' ? 'every provider' : list(p.providers as string[])}`,
    needs: (p) => (p.discount === undefined ? 'a negotiated discount is not in the scenario data: give --lever contracts.discount=15% to price one, or compare vendor quotes on this workload with aifinops quotes' : null),
    whole: (s, p) => {
      const d = p.discount as number;
      const providers = p.providers === 'all' ? null : new Set(p.providers as string[]);
      const pick = (m: PricedModel) => providers === null || providers.has(m.provider);
      const refs = new Set<string>();
      for (const st of s.stages) for (const sm of st.models) if (pick(sm.model)) refs.add(sm.model.ref);
      for (const li of s.lineItems) if (li.kind === 'tokens' && pick(li.model)) refs.add(li.model.ref);
      if (refs.size === 0 || d === 0) {
        return { scenario: s, changes: [], skipped: [d === 0 ? 'contracts.discount is 0%' : `no model of ${list([...(providers ?? [])])} in the scenario`] };
      }
      return { scenario: scalePrices(s, pick, 1 - d), changes: [...refs].map((r) => `${r}: every token rate −${pct(d)}`), skipped: [] };
    },
  },
];

export const LEVER_IDS: readonly string[] = LEVERS.map((l) => l.id);

/** Parameter help for `--help` and the docs: `id.key (default): help`. */
export function leverParamHelp(): string[] {
  const shown = (p: ParamDef) => {
    if (p.def === undefined) return ' (no default: the lever is not priced until it is given)';
    if (p.def === 'batching') return '';
    return ` (default ${Array.isArray(p.def) ? (p.def as string[]).join(',') : String(p.def)})`;
  };
  return LEVERS.flatMap((l) => l.params.map((p) => `${l.id}.${p.key}${shown(p)}: ${p.help}`));
}

// ── parsing `--lever id.key=value` ──────────────────────────────────────────────────────────

function parseRate(v: string): number | null {
  const t = v.trim();
  const n = PERCENT_RE.test(t) ? Number.parseFloat(t) / 100 : t === '' ? Number.NaN : Number(t);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

function splitList(v: string): string[] {
  return v.split(',').map((x) => x.trim()).filter(Boolean);
}

function parseValue(lever: LeverDef, def: ParamDef, raw: string, s: Scenario, ctx: LeverContext): unknown {
  const flag = `--lever ${lever.id}.${def.key}`;
  const bad = (expected: string, fix: string): never => {
    throw new InputError({ path: flag, message: `expected ${expected}, got "${raw}"`, fix });
  };
  switch (def.kind) {
    case 'rate': {
      const n = parseRate(raw);
      return n ?? bad('a fraction in [0, 1] or a percent such as "50%"', `e.g. ${lever.id}.${def.key}=0.5`);
    }
    case 'tokens': {
      const n = Number(raw.replace(/_/g, ''));
      return raw.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : bad('a number of tokens ≥ 0', `e.g. ${lever.id}.${def.key}=2000`);
    }
    case 'whole': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : bad('a whole number ≥ 0', `e.g. ${lever.id}.${def.key}=1`);
    }
    case 'steps': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) && n >= 1 ? n : bad('a number ≥ 1', `e.g. ${lever.id}.${def.key}=8`);
    }
    case 'parts': {
      const parts = splitList(raw);
      for (const x of parts) if (!(INPUT_PARTS as readonly string[]).includes(x)) bad(`input parts (${INPUT_PARTS.join(', ')})`, didYouMean(x, INPUT_PARTS) || `use some of ${INPUT_PARTS.join(', ')}`);
      return parts.length ? [...new Set(parts)] : bad('at least one input part', `e.g. ${lever.id}.${def.key}=system,tools`);
    }
    case 'tiers': {
      const tiers = splitList(raw);
      for (const x of tiers) if (!(TIER_LADDER as readonly string[]).includes(x)) bad(`model tiers (${TIER_LADDER.join(', ')})`, didYouMean(x, MODEL_TIERS) || `use some of ${TIER_LADDER.join(', ')}`);
      return tiers.length ? [...new Set(tiers)] : bad('at least one tier', 'e.g. route.from=premium');
    }
    case 'stages': {
      if (raw.trim() === 'all') return 'all';
      const names = splitList(raw);
      const known = s.stages.map((st) => st.name);
      for (const x of names) if (!known.includes(x)) bad(`stage names of this scenario (${known.join(', ')}) or all`, didYouMean(x, known) || `stages: ${known.join(', ')}`);
      return names.length ? [...new Set(names)] : bad('at least one stage name, or all', `e.g. ${lever.id}.stages=${known[0] ?? 'answer'}`);
    }
    case 'model': {
      if (raw.trim() === 'auto') return 'auto';
      const r = ctx.registry.resolve(raw);
      if (!r.ok) throw new InputError({ path: flag, message: r.message, fix: r.fix });
      if (r.model.catalogue.currency !== s.currency) {
        throw new InputError({ path: flag, message: `${r.model.ref} is priced in ${r.model.catalogue.currency}, but the scenario's currency is ${s.currency}`, fix: 'route to a model priced in the scenario\'s currency' });
      }
      return r.model;
    }
    case 'providers': {
      if (raw.trim() === 'all') return 'all';
      const names = splitList(raw.toLowerCase());
      return names.length ? [...new Set(names)] : bad('provider ids or all', 'e.g. contracts.providers=anthropic,openai');
    }
  }
}

export interface ParsedLevers {
  params: Record<string, LeverParams>;
  off: Set<string>;
}

/** `--lever id.key=value` and `--lever id=off` → parameters per lever, defaults filled in. */
export function parseLeverOptions(texts: readonly string[], s: Scenario, ctx: LeverContext): ParsedLevers {
  const given = new Map<string, string>();
  const off = new Set<string>();
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new InputError({ path: '--lever', message: `expected id.key=value, got "${text}"`, fix: 'e.g. --lever route.share=0.5 or --lever batch=off' });
    const name = text.slice(0, eq).trim();
    const value = text.slice(eq + 1).trim();
    const dot = name.indexOf('.');
    const id = dot === -1 ? name : name.slice(0, dot);
    const lever = LEVERS.find((l) => l.id === id);
    if (!lever) throw new InputError({ path: `--lever ${name}`, message: `no lever "${id}"`, fix: didYouMean(id, LEVER_IDS) || `levers: ${LEVER_IDS.join(', ')}` });
    if (dot === -1) {
      if (value === 'off') off.add(id);
      else if (value !== 'on') throw new InputError({ path: `--lever ${name}`, message: `expected ${id}=off or ${id}.<key>=value, got "${text}"`, fix: `e.g. --lever ${id}=off` });
      continue;
    }
    const key = name.slice(dot + 1);
    if (!lever.params.some((p) => p.key === key)) {
      const keys = lever.params.map((p) => p.key);
      throw new InputError({ path: `--lever ${name}`, message: keys.length ? `lever ${id} has no parameter "${key}"` : `lever ${id} has no parameters`, fix: didYouMean(key, keys) || (keys.length ? `parameters: ${keys.map((k) => `${id}.${k}`).join(', ')}` : `it is listed for reference only`) });
    }
    given.set(`${id}.${key}`, value);
  }
  const params: Record<string, LeverParams> = {};
  for (const l of LEVERS) {
    const p: LeverParams = {};
    for (const d of l.params) {
      const raw = given.get(`${l.id}.${d.key}`);
      p[d.key] = raw === undefined ? defaultFor(l, d, s) : parseValue(l, d, raw, s, ctx);
    }
    params[l.id] = p;
  }
  return { params, off };
}

function defaultFor(l: LeverDef, d: ParamDef, s: Scenario): unknown {
  if (l.id === 'batch' && d.key === 'stages') return s.stages.filter((st) => st.batchShare > 0).map((st) => st.name);
  return d.def;
}

// ── applying and pricing ────────────────────────────────────────────────────────────────────

function applyLever(l: LeverDef, s: Scenario, p: LeverParams, ctx: LeverContext): Application {
  if (l.whole) return l.whole(s, p);
  const out = cloneScenario(s);
  const R = s.traffic.requestsPerMonth;
  const changes: string[] = [];
  const skips: { text: string; quiet: boolean }[] = [];
  const scope = new Set(stageNames(p, s));
  out.stages = s.stages.map((st) => {
    if (!scope.has(st.name)) return st;
    const r = l.stage!(st, p, s, ctx);
    if ('skip' in r) {
      skips.push({ text: `${st.name}: ${r.skip}`, quiet: r.quiet === true });
      return st;
    }
    const before = stageCost(st, R);
    const after = stageCost(r.stage, R);
    if (after > before) {
      const why = cacheLoss(st, r.stage);
      skips.push({ text: `${st.name}: it would raise the stage's cost${before > 0 ? ` by ${pct((after - before) / before)}` : ''}${why ? ` (${why})` : ''}`, quiet: false });
      return st;
    }
    changes.push(...r.changes.map((c) => `${st.name}: ${c}`));
    for (const n of r.notes ?? []) skips.push({ text: `${st.name}: ${n}`, quiet: false });
    return r.stage;
  });
  return { scenario: out, changes, skipped: skips.filter((k) => changes.length === 0 || !k.quiet).map((k) => k.text) };
}

export interface LeversOptions {
  scenario: Scenario;
  ref: ScenarioRef;
  parsed: ParsedLevers;
  ctx: LeverContext;
  toolVersion: string;
}

export function priceLevers(o: LeversOptions): LeversReport {
  const base = o.scenario;
  const baseTotal = estimateScenario(base).total_monthly_cost;
  const ratio = (x: number) => (baseTotal === 0 ? null : x / baseTotal);
  const notes: string[] = [];
  let running = base;
  let runningTotal = baseTotal;
  let totalSaving = 0;

  const levers: LeverReport[] = LEVERS.map((l) => {
    const p = o.parsed.params[l.id] ?? {};
    const shownParams = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v !== null && typeof v === 'object' && 'ref' in v ? (v as PricedModel).ref : v]));
    // one place builds the entry, so the JSON keys keep the order LeverReport declares
    const entry = (status: LeverReport['status'], more: Partial<Pick<LeverReport, 'reason' | 'reasons' | 'see' | 'alone' | 'cumulative'>> = {}): LeverReport => ({
      id: l.id,
      step: l.step,
      step_name: l.stepName,
      title: l.title,
      assumption: l.assumption(p, base),
      params: shownParams,
      status,
      reason: more.reason ?? null,
      reasons: more.reasons ?? [],
      see: more.see ?? null,
      alone: more.alone ?? null,
      cumulative: more.cumulative ?? null,
    });
    if (l.info) {
      const i = l.info(base, o.ctx);
      return entry(i.status, { reason: i.reason, see: i.see });
    }
    if (o.parsed.off.has(l.id)) return entry('off', { reason: `switched off with --lever ${l.id}=off` });
    const need = l.needs?.(p, base) ?? null;
    if (need !== null) {
      let reason = need;
      if (l.id === 'batch') {
        const all = applyLever(l, base, { ...p, stages: 'all' }, o.ctx);
        const saving = baseTotal - estimateScenario(all.scenario).total_monthly_cost;
        if (saving > 0 && baseTotal > 0) reason += `. If every stage could wait for batch results, this lever would save up to ${pct(saving / baseTotal)}`;
      }
      return entry('not_priced', { reason, see: l.id === 'contracts' ? `aifinops quotes ${o.ctx.file} QUOTE.yaml` : null });
    }
    const alone = applyLever(l, base, p, o.ctx);
    const cum = applyLever(l, running, p, o.ctx);
    if (alone.changes.length === 0 && cum.changes.length === 0) {
      const reasons = [...new Set(alone.skipped)];
      return entry('not_applicable', { reason: reasons.join('; ') || 'nothing to change', reasons });
    }
    const aloneTotal = estimateScenario(alone.scenario).total_monthly_cost;
    const cumTotal = estimateScenario(cum.scenario).total_monthly_cost;
    const aloneSaving = baseTotal - aloneTotal;
    const cumSaving = runningTotal - cumTotal;
    running = cum.scenario;
    runningTotal = cumTotal;
    totalSaving += cumSaving;
    const effect = (total: number, saving: number, a: Application): LeverEffect => ({ monthly_cost: total, saving, saving_ratio: ratio(saving), changes: a.changes, skipped: a.skipped });
    return entry('priced', { alone: effect(aloneTotal, aloneSaving, alone), cumulative: { ...effect(cumTotal, cumSaving, cum), total_saving: totalSaving } });
  });

  const priced = levers.filter((l) => l.status === 'priced');
  const sumAlone = priced.reduce((a, l) => a + (l.alone?.saving ?? 0), 0);
  if (priced.length > 1 && sumAlone > totalSaving * (1 + 1e-9)) {
    notes.push('Savings "alone" overlap (a cheaper model also makes caching save less), so they do not add up; the cumulative column is what the levers save together, in this order.');
  }
  notes.push('Each lever is applied stage by stage and never where it would raise a stage\'s cost; such stages are listed under the lever.');
  return {
    schema_version: WHATIF_SCHEMA_VERSION,
    tool_version: o.toolVersion,
    kind: 'levers',
    scenario: o.ref,
    scenario_total_monthly_cost: baseTotal,
    final_monthly_cost: runningTotal,
    total_saving: totalSaving,
    total_saving_ratio: ratio(totalSaving),
    levers,
    notes,
  };
}
