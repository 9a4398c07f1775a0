/**
 * The controls of a scenario's what-if page (docs/report.md): its inputs, with units, the ranges
 * the schema allows and the schema's description of each key. Pure; runs in the CLI only (the
 * page receives the list as data, and src/report/controls.ts applies it).
 */
import type { Scenario } from '../core/model.js';
import { LIMITS } from '../schema/common.js';
import { scenarioDescriptions } from '../schema/descriptions.js';
import type { Control, Target } from './controls.js';

/** The schema description of a `--set` path: `pipeline.<stage>.x` is described as `pipeline[].x`, a mix's share as `pipeline[].models.*`. */
export function describe(c: Pick<Control, 'path' | 'kind' | 'target'>): string | undefined {
  if (c.target.t === 'share') return scenarioDescriptions()['pipeline[].models.*'];
  if (!c.path.startsWith('pipeline.') || !('stage' in c.target)) return scenarioDescriptions()[c.path];
  const suffix: Record<string, string> = { output: 'output', reasoning: 'reasoning', agent_steps: 'agent_steps', retry_rate: 'retry_rate', batch_share: 'batch_share', response_cache_hit_rate: 'response_cache_hit_rate', cache_hit_rate: 'cache.hit_rate', model: 'model' };
  const key = c.target.t === 'input' ? `input.${c.target.part}` : suffix[c.target.t];
  return key === undefined ? undefined : scenarioDescriptions()[`pipeline[].${key}`];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A slider's upper end: a round number at least four times the value (and at least `floor`). */
export function sliderMaxFor(value: number, floor: number, limit: number): number {
  const want = Math.max(value * 4, floor);
  const mag = 10 ** Math.floor(Math.log10(want));
  const nice = [1, 2, 5, 10].map((k) => k * mag).find((x) => x >= want) ?? want;
  return Math.min(nice, limit);
}

const RATE = { kind: 'rate' as const, unit: 'share 0–1', min: 0, max: 1, sliderMax: 1, step: 0.01 };

/**
 * The controls for a scenario: `raw` is the scenario data after its variant and `--set` overrides
 * (what `--set` paths address), `s` the resolved scenario, `alternatives(ref)` the model refs a
 * stage using `ref` may switch to.
 */
export function controlsFor(raw: Record<string, unknown>, s: Scenario, alternatives: (ref: string) => string[]): Control[] {
  const out: Control[] = [];
  const tr = s.traffic;
  const count = (id: string, label: string, unit: string, path: string, target: Target, value: number, limit: number, group = 'Traffic'): void => {
    const sliderMax = sliderMaxFor(value, 10, limit);
    out.push({ id, kind: 'count', group, label, unit, path, target, value, min: 0, max: limit, sliderMax, step: Math.max(1, sliderMax / 100) });
  };
  if (tr.mode === 'requests_per_day') count('traffic-rpd', 'Requests a day', 'requests/day', 'traffic.requests_per_day', { t: 'requests_per_day' }, tr.requestsPerDay!, LIMITS.requests_per_day);
  if (tr.mode === 'requests_per_month') count('traffic-rpm', 'Requests a month', 'requests/month', 'traffic.requests_per_month', { t: 'requests_per_month' }, tr.requestsPerMonth, LIMITS.requests_per_month);
  if (tr.users !== null) count('traffic-users', 'Users', 'users', 'traffic.users', { t: 'users' }, tr.users, LIMITS.users);
  if (tr.mode === 'users') {
    out.push({ id: 'traffic-rpupd', kind: 'count', group: 'Traffic', label: 'Requests a user makes a day', unit: 'requests/user/day', path: 'traffic.requests_per_user_per_day', target: { t: 'requests_per_user_per_day' }, value: tr.requestsPerUserPerDay!, min: 0, max: LIMITS.requests_per_user_per_day, sliderMax: sliderMaxFor(tr.requestsPerUserPerDay!, 10, LIMITS.requests_per_user_per_day), step: sliderMaxFor(tr.requestsPerUserPerDay!, 10, LIMITS.requests_per_user_per_day) / 100 });
  }

  const pipeline = Array.isArray(raw.pipeline) ? raw.pipeline : [];
  s.stages.forEach((st, i) => {
    const rawStage = pipeline.find((p) => isObj(p) && p.name === st.name);
    const r = isObj(rawStage) ? rawStage : {};
    const base = `pipeline.${st.name}`;
    const id = (k: string) => `s${i}-${k}`;
    const group = `Stage ${st.name}`;
    // prompt files are counted with each model's tokenizer: their counts are not numbers to move
    const counted = st.models.some((sm) => sm.input !== undefined);
    const listMix = Array.isArray(r.models);
    const perModel = (key: string) => listMix && (r.models as unknown[]).some((e) => isObj(e) && e[key] !== undefined);
    const tokens = (k: string, label: string, path: string, target: Target, value: number): void => {
      const sliderMax = sliderMaxFor(value, 1000, LIMITS.tokens);
      out.push({ id: id(k), kind: 'tokens', group, label, unit: 'tokens per call', path, target, value, min: 0, max: LIMITS.tokens, sliderMax, step: Math.max(1, sliderMax / 100) });
    };
    if (!counted) {
      const input = isObj(r.input) ? r.input : {};
      for (const part of Object.keys(st.input)) {
        // a part given as a prompt file or a template is counted, not moved
        if (input[part] !== undefined && typeof input[part] !== 'number') continue;
        tokens(`in-${part}`, `Input: ${part}`, `${base}.input.${part}`, { t: 'input', stage: i, part }, st.input[part as keyof typeof st.input]);
      }
    }
    if (!perModel('output')) tokens('out', 'Output', `${base}.output`, { t: 'output', stage: i }, st.output);
    if (!perModel('reasoning') && (st.reasoning > 0 || st.models.some((sm) => sm.model.prices.reasoning !== undefined))) {
      tokens('reason', 'Reasoning', `${base}.reasoning`, { t: 'reasoning', stage: i }, st.reasoning);
    }
    if (st.models.length > 1) {
      // a mix may swap its models: the flag then sets the whole mapping, or the whole list (each entry keeping its own output/reasoning)
      const swappable = !counted && (isObj(r.models) || listMix);
      const rawEntries = listMix ? (r.models as unknown[]) : [];
      st.models.forEach((sm, k) => {
        const e = rawEntries[k];
        const entry = listMix && isObj(e) ? { ...(typeof e.output === 'number' ? { output: e.output } : {}), ...(typeof e.reasoning === 'number' ? { reasoning: e.reasoning } : {}) } : undefined;
        out.push({ id: id(`share-${k}`), ...RATE, kind: 'share', group, label: `Tier share: ${sm.name}`, path: `${base}.models.${sm.name}`, target: { t: 'share', stage: i, model: k }, value: sm.share, ...(k === st.models.length - 1 ? { derived: true } : {}) });
        const options = [...new Set([sm.model.ref, ...alternatives(sm.model.ref)])];
        if (swappable) out.push({ id: id(`mix-${k}`), kind: 'model', group, label: `Mix model ${k + 1} (${sm.name})`, unit: 'catalogue model', path: `${base}.models`, target: { t: 'model', stage: i, model: k }, value: sm.model.ref, min: 0, max: 0, sliderMax: 0, step: 0, options, ...(entry ? { entry } : {}) });
      });
    }
    if (!counted && typeof r.model === 'string' && st.models.length === 1) {
      const ref = st.models[0]!.model.ref;
      const options = [...new Set([ref, ...alternatives(ref)])];
      if (options.length > 1) out.push({ id: id('model'), kind: 'model', group, label: 'Model', unit: 'catalogue model', path: `${base}.model`, target: { t: 'model', stage: i, model: 0 }, value: ref, min: 0, max: 0, sliderMax: 0, step: 0, options });
    }
    if (st.cache) out.push({ id: id('cache'), ...RATE, group, label: 'Prompt-cache hit rate', path: `${base}.cache.hit_rate`, target: { t: 'cache_hit_rate', stage: i }, value: st.cache.hitRate });
    out.push({ id: id('batch'), ...RATE, group, label: 'Batch share', path: `${base}.batch_share`, target: { t: 'batch_share', stage: i }, value: st.batchShare });
    out.push({ id: id('retry'), ...RATE, group, label: 'Retry rate', path: `${base}.retry_rate`, target: { t: 'retry_rate', stage: i }, value: st.retryRate });
    out.push({ id: id('steps'), kind: 'steps', group, label: 'Agent steps', unit: 'model calls per request', path: `${base}.agent_steps`, target: { t: 'agent_steps', stage: i }, value: st.agentSteps, min: 1, max: LIMITS.agent_steps, sliderMax: sliderMaxFor(st.agentSteps, 20, LIMITS.agent_steps), step: 1 });
    out.push({ id: id('rcache'), ...RATE, group, label: 'Response-cache hit rate', path: `${base}.response_cache_hit_rate`, target: { t: 'response_cache_hit_rate', stage: i }, value: st.responseCacheHitRate });
  });
  for (const c of out) {
    const help = describe(c);
    if (help) c.help = help;
  }
  return out;
}

