/**
 * The what-if page's controls (docs/report.md): which inputs of a scenario the page lets a reader
 * move, how a value changes the resolved `Scenario` the cost engine computes on, and the `--set`
 * flags that make `aifinops estimate` compute the same scenario. Pure: runs in the CLI (to build the
 * list) and in the browser (to apply it).
 *
 * Each control changes the resolved scenario exactly as loading the scenario with its `--set`
 * would (src/load/scenario.ts); the headless-Chromium test checks that to the cent.
 */
import type { Scenario } from '../core/model.js';
import { LIMITS } from '../schema/common.js';

export type ControlKind = 'count' | 'tokens' | 'rate' | 'steps' | 'share' | 'model';

/** What a control changes in the resolved scenario. */
export type Target =
  | { t: 'requests_per_day' | 'requests_per_month' | 'users' | 'requests_per_user_per_day' }
  | { t: 'input'; stage: number; part: string }
  | { t: 'output' | 'reasoning' | 'agent_steps' | 'retry_rate' | 'batch_share' | 'response_cache_hit_rate' | 'cache_hit_rate'; stage: number }
  | { t: 'share'; stage: number; model: number }
  | { t: 'model'; stage: number };

export interface Control {
  /** Unique id, also the HTML id of its input. */
  id: string;
  kind: ControlKind;
  /** Group heading (Traffic, or the stage name). */
  group: string;
  label: string;
  unit: string;
  /** The dotted `--set` path (spec §2). */
  path: string;
  target: Target;
  /** The scenario's value: a number, or a model ref for `model`. */
  value: number | string;
  /** Bounds the schema allows (the number field), the slider's range, and its step (an arrow key's move: 1% of the range for counts). */
  min: number;
  max: number;
  sliderMax: number;
  step: number;
  /** `model`: the refs the reader may choose from. */
  options?: string[];
  /** `share`: the last model of a mix takes the rest; this control is derived, not set. */
  derived?: boolean;
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
      st.models.forEach((sm, k) => {
        out.push({ id: id(`share-${k}`), ...RATE, kind: 'share', group, label: `Tier share: ${sm.name}`, path: `${base}.models.${sm.name}`, target: { t: 'share', stage: i, model: k }, value: sm.share, ...(k === st.models.length - 1 ? { derived: true } : {}) });
      });
    }
    if (!counted && typeof r.model === 'string' && st.models.length === 1) {
      const ref = st.models[0]!.model.ref;
      const options = [...new Set([ref, ...alternatives(ref)])];
      if (options.length > 1) out.push({ id: id('model'), kind: 'model', group, label: 'Model', unit: 'catalogue model', path: `${base}.model`, target: { t: 'model', stage: i }, value: ref, min: 0, max: 0, sliderMax: 0, step: 0, options });
    }
    if (st.cache) out.push({ id: id('cache'), ...RATE, group, label: 'Prompt-cache hit rate', path: `${base}.cache.hit_rate`, target: { t: 'cache_hit_rate', stage: i }, value: st.cache.hitRate });
    out.push({ id: id('batch'), ...RATE, group, label: 'Batch share', path: `${base}.batch_share`, target: { t: 'batch_share', stage: i }, value: st.batchShare });
    out.push({ id: id('retry'), ...RATE, group, label: 'Retry rate', path: `${base}.retry_rate`, target: { t: 'retry_rate', stage: i }, value: st.retryRate });
    out.push({ id: id('steps'), kind: 'steps', group, label: 'Agent steps', unit: 'model calls per request', path: `${base}.agent_steps`, target: { t: 'agent_steps', stage: i }, value: st.agentSteps, min: 1, max: LIMITS.agent_steps, sliderMax: sliderMaxFor(st.agentSteps, 20, LIMITS.agent_steps), step: 1 });
    out.push({ id: id('rcache'), ...RATE, group, label: 'Response-cache hit rate', path: `${base}.response_cache_hit_rate`, target: { t: 'response_cache_hit_rate', stage: i }, value: st.responseCacheHitRate });
  });
  return out;
}

/** Floating-point noise away (0.30000000000000004 → 0.3), as sweep does. */
export function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * The values with each mix's last share set to the rest (1 − the others); null when the others
 * already exceed 1 (the reader must lower one).
 */
export function withDerivedShares(controls: readonly Control[], values: Readonly<Record<string, number | string>>): Record<string, number | string> | null {
  const out = { ...values };
  for (const c of controls) {
    if (!c.derived || c.target.t !== 'share') continue;
    const { stage } = c.target;
    let rest = 1;
    for (const o of controls) if (o !== c && o.target.t === 'share' && o.target.stage === stage) rest -= Number(out[o.id] ?? o.value);
    rest = tidy(rest);
    if (!(rest >= 0)) return null;
    out[c.id] = rest;
  }
  return out;
}

/** The resolved scenario with the controls' values applied (a copy), as loading it with `setFlags(…)` gives. */
export function applyControls(base: Scenario, controls: readonly Control[], values: Readonly<Record<string, number | string>>, resolveModel: (ref: string) => Scenario['stages'][number]['models'][number]['model']): Scenario {
  const s = structuredClone(base);
  const tr = s.traffic;
  for (const c of controls) {
    const v = values[c.id] ?? c.value;
    const n = Number(v);
    const t = c.target;
    switch (t.t) {
      case 'requests_per_day': tr.requestsPerDay = n; break;
      case 'requests_per_month': tr.requestsPerMonth = n; break;
      case 'users': tr.users = n; break;
      case 'requests_per_user_per_day': tr.requestsPerUserPerDay = n; break;
      case 'input': {
        const st = s.stages[t.stage]!;
        (st.input as Record<string, number>)[t.part] = n;
        break;
      }
      case 'output': { const st = s.stages[t.stage]!; st.output = n; for (const sm of st.models) sm.output = n; break; }
      case 'reasoning': { const st = s.stages[t.stage]!; st.reasoning = n; for (const sm of st.models) sm.reasoning = n; break; }
      case 'agent_steps': s.stages[t.stage]!.agentSteps = n; break;
      case 'retry_rate': s.stages[t.stage]!.retryRate = n; break;
      case 'batch_share': s.stages[t.stage]!.batchShare = n; break;
      case 'response_cache_hit_rate': s.stages[t.stage]!.responseCacheHitRate = n; break;
      case 'cache_hit_rate': s.stages[t.stage]!.cache!.hitRate = n; break;
      case 'share': s.stages[t.stage]!.models[t.model]!.share = n; break;
      case 'model': {
        const sm = s.stages[t.stage]!.models[0]!;
        if (String(v) !== sm.model.ref) {
          sm.model = resolveModel(String(v));
          sm.name = String(v);
        }
        break;
      }
    }
  }
  // volumes as src/load/scenario.ts derives them, in the same order of operations
  if (tr.mode === 'requests_per_day') tr.requestsPerMonth = tr.requestsPerDay! * tr.daysPerMonth;
  else if (tr.mode === 'users') tr.requestsPerMonth = tr.users! * tr.requestsPerUserPerDay! * tr.daysPerMonth;
  return s;
}

/** Whether a value differs from the control's starting value. */
const changed = (c: Control, v: number | string | undefined): boolean => v !== undefined && String(v) !== String(c.value);

/**
 * The `path=value` assignments for the values that differ from the scenario's (a mix's shares all
 * together when any changed): what `--set` takes.
 */
export function assignments(controls: readonly Control[], values: Readonly<Record<string, number | string>>): string[] {
  const stagesWithShares = new Set<number>();
  for (const c of controls) if (c.target.t === 'share' && changed(c, values[c.id])) stagesWithShares.add(c.target.stage);
  const out: string[] = [];
  for (const c of controls) {
    const v = values[c.id];
    const include = c.target.t === 'share' ? stagesWithShares.has(c.target.stage) : changed(c, v);
    if (include) out.push(`${c.path}=${String(v ?? c.value)}`);
  }
  return out;
}

/** The `--set` flags of `assignments`, each quoted for a POSIX shell when it needs it. */
export function setFlags(controls: readonly Control[], values: Readonly<Record<string, number | string>>): string[] {
  return assignments(controls, values).map((a) => `--set ${shellQuote(a)}`);
}

/** A word as a POSIX shell reads it: unchanged when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
