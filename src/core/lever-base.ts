/**
 * Building blocks of the optimisation levers (src/core/levers.ts): parameter and lever types, and
 * the per-stage helpers the lever definitions share. Pure.
 */
import type { InputPart } from '../schema/scenario.js';
import { grouped } from '../util/number.js';
import { priceStageModel } from './estimate.js';
import type { Scenario, Stage, StageModel } from './model.js';
import type { ModelRegistry } from './registry.js';

export type ParamKind = 'rate' | 'tokens' | 'whole' | 'steps' | 'parts' | 'tiers' | 'stages' | 'model' | 'providers';

export interface ParamDef {
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
export type Tier = (typeof TIER_LADDER)[number];

export interface LeverContext {
  /** Every model of the loaded catalogues, to find "one tier down" and resolve `route.to`. */
  registry: ModelRegistry;
  /** The scenario file as the user named it, for the commands in `see`. */
  file: string;
}

export interface Application {
  scenario: Scenario;
  changes: string[];
  skipped: string[];
}

/**
 * A stage the lever changes, or why it does not. A `quiet` skip means there is simply nothing to do
 * there (no context above the cap); it is reported only when the lever applies nowhere.
 */
export type StageResult = { stage: Stage; changes: string[]; notes?: string[] } | { skip: string; quiet?: boolean };

export interface LeverDef {
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

export const STAGES_PARAM: ParamDef = { key: 'stages', kind: 'stages', def: 'all', help: 'stages it applies to (comma-separated names, or all)' };

export const pct = (x: number) => `${Number((x * 100).toFixed(2))}%`;
export const tok = (x: number) => grouped(Math.round(x), 0);
export const list = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

export function stageNames(p: LeverParams, s: Scenario): string[] {
  const v = p.stages;
  return v === 'all' || v === undefined ? s.stages.map((st) => st.name) : (v as string[]);
}

export function scopeText(p: LeverParams, s: Scenario): string {
  return p.stages === 'all' || p.stages === undefined ? '' : ` (stages: ${stageNames(p, s).join(', ')})`;
}

/** Apply `f` to the stage's input parts and to each model's own counts (prompt files are counted per tokenizer). */
export function editInputs(st: Stage, f: (input: Record<InputPart, number>) => void): void {
  f(st.input);
  for (const sm of st.models) if (sm.input) f(sm.input);
}

/** The input parts a model of the stage sends. */
export function inputOf(st: Stage, sm: StageModel): Record<InputPart, number> {
  return sm.input ?? st.input;
}

/** Per-call cost of a model in a stage: (input + output cost per call) × batch factor. */
export function costPerCall(stage: Stage, sm: StageModel): number {
  const mc = priceStageModel(stage, { ...sm, share: 1 }, 1);
  return (mc.inputCostPerCall + mc.outputCostPerCall) * mc.f;
}

export function stageCost(stage: Stage, R: number): number {
  let sum = 0;
  for (const sm of stage.models) sum += priceStageModel(stage, sm, R).total;
  return sum;
}

/** Why caching stops applying after a change, when it does (for the "would raise the cost" note). */
export function cacheLoss(before: Stage, after: Stage): string | null {
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

