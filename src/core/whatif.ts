/**
 * Reading and changing scenarios for the what-if commands. Pure: works on the raw scenario data
 * (before validation, where the dotted paths of spec §2 apply) and on resolved `Scenario`s.
 */
import type { OverrideChange } from '../schema/whatif-report.js';
import type { PricedModel, Scenario } from './model.js';
import { applyOverride, type KeysAt, type Segment } from './paths.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ReadResult = { ok: true; value: unknown; resolved: Segment[] } | { ok: false; message: string; fix?: string };

/**
 * The value at a dotted path in raw scenario data: `undefined` when the path is valid but the file
 * leaves it to its default. Uses the override engine on a copy, so a path reads exactly what
 * `--set` would change.
 */
export function readPath(raw: Record<string, unknown>, path: string, keysAt: KeysAt): ReadResult {
  const copy = structuredClone(raw);
  const marker = { __aifinops_marker__: true };
  const r = applyOverride(copy, path, marker, keysAt);
  if (!r.ok) return { ok: false, message: r.message ?? `${path} names nothing`, ...(r.fix ? { fix: r.fix } : {}) };
  let node: unknown = raw;
  for (const seg of r.resolved) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg];
    else if (isObj(node)) node = node[String(seg)];
    else return { ok: true, value: undefined, resolved: r.resolved };
  }
  return { ok: true, value: node, resolved: r.resolved };
}

/** The changes a list of overrides makes, each with the value the scenario file has at that path. */
export function describeChanges(raw: Record<string, unknown>, overrides: readonly { path: string; value: unknown }[], source: string, keysAt: KeysAt): OverrideChange[] {
  return overrides.map(({ path, value }) => {
    const r = readPath(raw, path, keysAt);
    const from = r.ok && r.value !== undefined ? r.value : null;
    return { path, from, to: value, source };
  });
}

/** A deep copy of a resolved scenario (plain data), safe to change. */
export function cloneScenario(s: Scenario): Scenario {
  return structuredClone(s);
}

/** A model whose every token rate (and long-context rate) is multiplied by `factor`. */
export function scaleModelPrices(m: PricedModel, factor: number): PricedModel {
  const p = m.prices;
  const scale = (x: number | undefined) => (x === undefined ? undefined : x * factor);
  const prices = { ...p, input: p.input * factor, output: p.output * factor };
  // audio and image tokens are token rates too (fees beyond text tokens; tool and storage prices are not)
  for (const k of ['cache_read', 'cache_write', 'cache_write_1h', 'reasoning', 'input_audio', 'output_audio', 'cache_read_audio', 'input_image', 'output_image', 'cache_read_image'] as const) {
    const v = scale(p[k]);
    if (v !== undefined) prices[k] = v;
  }
  if (p.long_context) {
    const lc = { ...p.long_context, input: p.long_context.input * factor, output: p.long_context.output * factor };
    for (const k of ['cache_read', 'cache_write', 'cache_write_1h', 'reasoning'] as const) {
      const v = scale(p.long_context[k]);
      if (v !== undefined) lc[k] = v;
    }
    prices.long_context = lc;
  }
  return { ...m, prices };
}

/** The scenario with the token rates of the models `pick` selects scaled by `factor` (pipeline and token line items). */
export function scalePrices(s: Scenario, pick: (m: PricedModel) => boolean, factor: number): Scenario {
  // only the stages, stage models and line items that change are copied (`s` is not changed)
  const stages = s.stages.map((st) => (st.models.some((sm) => pick(sm.model)) ? { ...st, models: st.models.map((sm) => (pick(sm.model) ? { ...sm, model: scaleModelPrices(sm.model, factor) } : sm)) } : st));
  const lineItems = s.lineItems.map((li) => (li.kind === 'tokens' && pick(li.model) ? { ...li, model: scaleModelPrices(li.model, factor) } : li));
  return { ...s, stages, lineItems, warnings: [...s.warnings] };
}

/** Every distinct model the scenario prices (pipeline first, then token line items). */
export function modelsOf(s: Scenario): PricedModel[] {
  const seen = new Map<string, PricedModel>();
  for (const st of s.stages) for (const sm of st.models) if (!seen.has(sm.model.ref)) seen.set(sm.model.ref, sm.model);
  for (const li of s.lineItems) if (li.kind === 'tokens' && !seen.has(li.model.ref)) seen.set(li.model.ref, li.model);
  return [...seen.values()];
}
