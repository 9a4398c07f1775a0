/**
 * The optimisation levers, in the practitioners' order (observe → compress prompts → route to
 * cheaper tiers → context budget → caching → execution patterns and batch → infrastructure →
 * contracts): what each changes in a resolved scenario, its parameters and defaults, and why it
 * does not apply where it does not. docs/what-if.md documents each one. Pure.
 */
import type { InputPart } from '../schema/scenario.js';
import type { PricedModel, Stage, StageModel } from './model.js';
import {
  STAGES_PARAM,
  TIER_LADDER,
  costPerCall,
  editInputs,
  inputOf,
  list,
  pct,
  scopeText,
  stageNames,
  tok,
  type LeverContext,
  type LeverDef,
  type ParamDef,
  type Tier,
} from './lever-base.js';
import { scalePrices } from './whatif.js';
import { reachesMinimum } from './steps.js';

export function tierOf(m: PricedModel): Tier | null {
  const t = m.prices.tier;
  return t === undefined || t === 'embedding' ? null : t;
}

/** The model "one tier down" for `from` in this stage, and why it was picked. */
function tierDown(stage: Stage, from: StageModel, ctx: LeverContext): { model: PricedModel; why: string } | { none: string } {
  const tier = tierOf(from.model);
  if (tier === null) return { none: `${from.model.ref} has no tier in its catalogue` };
  const below = TIER_LADDER.slice(0, TIER_LADDER.indexOf(tier)).reverse();
  const provider = from.model.provider;
  // a model its provider has announced a shutdown for is never the suggestion: the saving would end with it
  const same = ctx.registry.all().filter((m) => m.provider === provider && m.catalogue.currency === from.model.catalogue.currency && m.prices.deprecated === undefined);
  for (const t of below) {
    const inMix = stage.models.filter((sm) => sm.model.ref !== from.model.ref && tierOf(sm.model) === t && sm.model.prices.deprecated === undefined).sort((a, b) => b.share - a.share);
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

export const LEVERS: readonly LeverDef[] = [
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
      const effective = capable.filter((sm) => prefixOf(sm) > 0 && !(prefixOf(sm) < reachesMinimum(sm.model.prices.cache_min_tokens ?? 0)));
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
