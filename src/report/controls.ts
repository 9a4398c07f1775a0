/**
 * The what-if page's controls (docs/report.md): how a control's value changes the resolved
 * `Scenario` the cost engine computes on, and the `--set` flags that make `aifinops estimate`
 * compute the same scenario. Pure; runs in the browser and in the CLI (src/report/controls-build.ts
 * makes the list of controls).
 *
 * Each control changes the resolved scenario exactly as loading the scenario with its `--set`
 * would (src/load/scenario.ts); the headless-Chromium test checks that to the cent.
 */
import type { Scenario } from '../core/model.js';
import { withRules } from '../core/prices-at.js';

export type ControlKind = 'count' | 'tokens' | 'rate' | 'steps' | 'share' | 'model';

/** What a control changes in the resolved scenario. */
export type Target =
  | { t: 'requests_per_day' | 'requests_per_month' | 'users' | 'requests_per_user_per_day' }
  | { t: 'input'; stage: number; part: string }
  | { t: 'output' | 'reasoning' | 'agent_steps' | 'retry_rate' | 'batch_share' | 'response_cache_hit_rate' | 'cache_hit_rate'; stage: number }
  | { t: 'share'; stage: number; model: number }
  /** The model of a stage (`model` 0 of a single-model stage), or of one entry of a mix. */
  | { t: 'model'; stage: number; model: number };

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
  /** What the key means, from the schema's descriptions (src/schema/descriptions.ts). */
  help?: string;
  /**
   * A model of a mix written as a list (`models: [{ id, share, output? }]`): the entry's own
   * `output`/`reasoning`, kept when a swap rewrites the whole list (absent for a mapping-form mix).
   */
  entry?: { output?: number; reasoning?: number };
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
        const sm = s.stages[t.stage]!.models[t.model]!;
        if (String(v) !== sm.model.ref) {
          // the stage's provider rules (traffic profile, service tier) price the new model too, as loading does
          const next = resolveModel(String(v));
          sm.model = sm.model.rules ? withRules(next, sm.model.rules) : next;
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

/** A mix whose models are swapped names the same model twice: the reader must change one (null: none does). */
export function mixProblem(controls: readonly Control[], values: Readonly<Record<string, number | string>>): string | null {
  const seen = new Map<string, string>();
  for (const c of controls) {
    if (c.target.t !== 'model' || c.path.endsWith('.model')) continue;
    const key = `${c.target.stage}\u0000${String(values[c.id] ?? c.value)}`;
    if (seen.has(key)) return `${String(values[c.id] ?? c.value)} is chosen twice in the mix of ${c.group.replace(/^Stage /, '')}: choose another model for one of them.`;
    seen.set(key, c.id);
  }
  return null;
}

/**
 * The `path=value` assignments for the values that differ from the scenario's: a mix's shares all
 * together when any changed, and a mix whose models changed as one value: a mapping (model → share)
 * for a mix written as one, else the whole list (`[{id, share, output?, reasoning?}]`) — `--set`
 * addresses a list entry by its id, so renaming entries one flag at a time would depend on order
 * (and cannot swap two models), while the whole list is exact.
 */
export function assignments(controls: readonly Control[], values: Readonly<Record<string, number | string>>): string[] {
  const v = (c: Control) => values[c.id] ?? c.value;
  const isMixModel = (c: Control) => c.target.t === 'model' && !c.path.endsWith('.model');
  const stagesWithShares = new Set<number>();
  const swapped = new Set<number>();
  for (const c of controls) {
    if (c.target.t === 'share' && changed(c, values[c.id])) stagesWithShares.add(c.target.stage);
    if (isMixModel(c) && changed(c, values[c.id]) && 'stage' in c.target) swapped.add(c.target.stage);
  }
  const out: string[] = [];
  for (const c of controls) {
    const stage = 'stage' in c.target ? c.target.stage : -1;
    if (swapped.has(stage) && (c.target.t === 'share' || isMixModel(c))) {
      if (!isMixModel(c) || controls.find(isMixModelOf(stage)) !== c) continue;
      // once per mix: every model with its share, in the mix's order
      const shares = controls.filter((o) => o.target.t === 'share' && o.target.stage === stage);
      const entries = shares.map((sh) => {
        const model = controls.find((o) => isMixModel(o) && o.target.t === 'model' && o.target.stage === stage && sh.target.t === 'share' && o.target.model === sh.target.model)!;
        if (!model.entry) return `${String(v(model))}: ${String(v(sh))}`;
        // list form: each entry keeps its own output/reasoning
        const own = (['output', 'reasoning'] as const).filter((k) => model.entry![k] !== undefined).map((k) => `, ${k}: ${model.entry![k]}`);
        return `{id: ${String(v(model))}, share: ${String(v(sh))}${own.join('')}}`;
      });
      const listForm = controls.find(isMixModelOf(stage))!.entry !== undefined;
      out.push(listForm ? `${c.path}=[${entries.join(', ')}]` : `${c.path}={${entries.join(', ')}}`);
      continue;
    }
    if (isMixModel(c)) continue;
    const include = c.target.t === 'share' ? stagesWithShares.has(stage) : changed(c, values[c.id]);
    if (include) out.push(`${c.path}=${String(v(c))}`);
  }
  return out;
}

const isMixModelOf = (stage: number) => (c: Control) => c.target.t === 'model' && c.target.stage === stage && !c.path.endsWith('.model');

/** The `--set` flags of `assignments`, each quoted for a POSIX shell when it needs it. */
export function setFlags(controls: readonly Control[], values: Readonly<Record<string, number | string>>): string[] {
  return assignments(controls, values).map((a) => `--set ${shellQuote(a)}`);
}

/**
 * The CLI command line that reproduces the page's view: the page's base command, the view's
 * variant and the controls' `--set` flags. A variant name is any string the scenario gives, so it
 * is quoted like every other word (a name such as `x; curl … | sh` must stay one argument), and a
 * name that starts with a dash is attached with `=` so it cannot be read as an option.
 */
export function reproduceCommand(command: string, variant: string | null, flags: readonly string[]): string {
  const v = variant === null ? [] : [variant.startsWith('-') ? `--variant=${shellQuote(variant)}` : `--variant ${shellQuote(variant)}`];
  return [command, ...v, ...flags].join(' ');
}

/** A word as a POSIX shell reads it: unchanged when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
