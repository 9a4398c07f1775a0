/** Shared by `whatif`, `compare`, `sweep`, `levers` and `sensitivity`: re-evaluating one scenario with other overrides. */
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../core/model.js';
import { applyOverride, splitAssignment } from '../core/paths.js';
import { ModelRegistry, type LoadedCatalogue } from '../core/registry.js';
import { estimateScenario } from '../core/estimate.js';
import { InputError } from '../errors.js';
import { bundledCatalogues, displayPath, loadCatalogueFile } from '../load/catalogues.js';
import { loadScenario, parseSetValue, scenarioKeysAt } from '../load/scenario.js';
import { readYamlFile, type LoadedYaml } from '../load/yaml.js';
import { ScenarioPatcher } from '../load/scenario-patch.js';
import { uncertaintyOf } from '../load/distributions.js';
import { PERCENT_RE } from '../schema/common.js';
import type { ScenarioReport } from '../schema/report.js';
import type { ScenarioRef } from '../schema/whatif-report.js';
import { pricingDate, type ScenarioFlags } from './common.js';
import { quoted } from '../util/excerpt.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One scenario file, read once, re-loaded with any extra overrides (spec §2 paths). */
export class ScenarioSource {
  readonly file: string;
  readonly yaml: LoadedYaml;
  readonly pricing: string[];
  readonly set: string[];
  readonly variant: string | null;
  /** The pricing date (--as-of, default today in UTC). */
  readonly asOf: string;
  readonly maxPriceAgeDays: number | undefined;
  /** --pricing catalogues read once (sweeps and sensitivity re-load the scenario many times). */
  private preloaded: LoadedCatalogue[] | undefined;
  private loaded: Scenario | undefined;
  /** Patches plain-number changes into `loaded` (null: the scenario has distributions, always reload). */
  private patch: ScenarioPatcher | null | undefined;

  constructor(file: string, flags: ScenarioFlags) {
    this.file = file;
    this.yaml = readYamlFile(file, undefined, displayPath(file));
    this.pricing = flags.pricing ?? [];
    this.set = flags.set ?? [];
    this.variant = flags.variant ?? null;
    this.asOf = pricingDate(flags);
    this.maxPriceAgeDays = flags.maxPriceAge;
  }

  private dated(): { asOf: string; maxPriceAgeDays?: number } {
    return { asOf: this.asOf, ...(this.maxPriceAgeDays === undefined ? {} : { maxPriceAgeDays: this.maxPriceAgeDays }) };
  }

  /** The scenario with the command's --variant/--set, then `extra` assignments. */
  load(extra: readonly string[] = [], opts: { variant?: string | null; set?: readonly string[] } = {}): Scenario {
    const set = [...(opts.set ?? this.set), ...extra];
    const variant = opts.variant === undefined ? this.variant : opts.variant;
    // Catalogues load in order: bundled, the scenario's `pricing:`, then --pricing. Without a
    // `pricing:` list, --pricing read once and placed after the bundled ones is the same order.
    if (this.pricing.length > 0 && !this.hasOwnPricing(set, variant)) {
      this.preloaded ??= this.pricing.map((p) => loadCatalogueFile(p));
      return loadScenario(this.file, { yaml: this.yaml, bundled: [...bundledCatalogues(), ...this.preloaded], set, variant, ...this.dated() });
    }
    return loadScenario(this.file, { yaml: this.yaml, pricing: this.pricing, set, variant, ...this.dated() });
  }

  private hasOwnPricing(set: readonly string[], variant: string | null): boolean {
    const raw = this.raw();
    if (raw.pricing !== undefined) return true;
    const touches = (path: string) => path.trim().startsWith('pricing');
    return set.some((a) => touches(splitAssignment(a)?.path ?? '')) || this.variantOverrides(variant).some((o) => touches(o.path));
  }

  /**
   * The estimate with `extra` assignments after the command's own. A change to plain numbers is
   * patched into the scenario loaded once (load/scenario-patch.ts); anything else — or anything the
   * patch cannot vouch for — reloads the scenario in full, which gives the same report or error.
   */
  estimate(extra: readonly string[] = []): ScenarioReport {
    if (extra.length === 0) return estimateScenario(this.base());
    const assignments = this.assignments(extra);
    const patched = assignments && this.patcher()?.estimate(assignments);
    return patched ?? estimateScenario(this.load(extra));
  }

  /** The scenario as the command's flags load it, once. */
  base(): Scenario {
    return (this.loaded ??= this.load());
  }

  private patcher(): ScenarioPatcher | undefined {
    if (this.patch === undefined) {
      try {
        const base = this.base();
        this.patch = uncertaintyOf(base).inputs.length === 0 ? new ScenarioPatcher(base, this.effectiveRaw(), scenarioKeysAt) : null;
      } catch {
        this.patch = null; // the scenario itself does not load: every point reports that in full
      }
    }
    return this.patch ?? undefined;
  }

  /** `path=value` texts as the loader reads them; undefined when one is not an assignment (the load reports it). */
  private assignments(extra: readonly string[]): { path: string; value: unknown }[] | undefined {
    const out: { path: string; value: unknown }[] = [];
    for (const text of extra) {
      const a = splitAssignment(text);
      if (!a) return undefined;
      try {
        out.push({ path: a.path, value: numberText(a.raw) ?? parseSetValue(a.raw, a.path) });
      } catch {
        return undefined;
      }
    }
    return out;
  }

  /** The raw data as the file writes it (no overrides). */
  raw(): Record<string, unknown> {
    return isObj(this.yaml.data) ? structuredClone(this.yaml.data) : {};
  }

  /** The raw data after the variant and --set overrides (call after `load()` succeeded once: errors are reported there). */
  effectiveRaw(): Record<string, unknown> {
    const raw = this.raw();
    for (const o of this.variantOverrides(this.variant)) applyOverride(raw, o.path, o.value, scenarioKeysAt);
    for (const o of this.setOverrides()) applyOverride(raw, o.path, o.value, scenarioKeysAt);
    return raw;
  }

  variantOverrides(variant: string | null): { path: string; value: unknown }[] {
    if (variant === null) return [];
    const variants = this.raw().variants;
    const v = isObj(variants) ? variants[variant] : undefined;
    return isObj(v) ? Object.entries(v).map(([path, value]) => ({ path, value })) : [];
  }

  variantNames(): string[] {
    const variants = this.raw().variants;
    return isObj(variants) ? Object.keys(variants) : [];
  }

  setOverrides(): { path: string; value: unknown }[] {
    return this.set.flatMap((text) => {
      const a = splitAssignment(text);
      return a ? [{ path: a.path, value: parseSetValue(a.raw) }] : [];
    });
  }

  /** Every model of the catalogues this scenario loads: bundled, its `pricing:` list, then --pricing. */
  registry(): ModelRegistry {
    const cats: LoadedCatalogue[] = [...bundledCatalogues()];
    const list = this.effectiveRaw().pricing;
    if (Array.isArray(list)) {
      for (const p of list) {
        if (typeof p !== 'string') continue;
        const abs = resolve(dirname(this.file), p);
        cats.push(loadCatalogueFile(abs, displayPath(abs)));
      }
    }
    for (const p of this.pricing) cats.push(loadCatalogueFile(p));
    return new ModelRegistry(cats, this.asOf);
  }

  ref(s: Scenario): ScenarioRef {
    return { name: s.name, file: s.file, variant: s.variant, currency: s.currency, set: [...this.set] };
  }
}

/**
 * The number a value text is when it is a finite number exactly as JavaScript writes one (`0.85`,
 * `12000`, `-3`, `1e-7`, `1.5e+300`: what sweep and sensitivity write for their points), which the
 * YAML reader reads as that same number (test/whatif/number-text.test.ts); undefined otherwise.
 * Saves the reader's patterns on each of a sweep's or a sensitivity's dozens of points.
 */
export function numberText(text: string): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text ? n : undefined;
}

/** A relative amount: `20%` or `0.2`. */
export function parseRelative(flag: string, text: string): number {
  const t = text.trim();
  const n = PERCENT_RE.test(t) ? Number.parseFloat(t) / 100 : t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(n) || n <= 0 || n > 10) {
    throw new InputError({ path: flag, message: `expected a relative move above 0 (such as 20% or 0.2, at most 1000%), got ${quoted(text)}`, fix: `e.g. ${flag} 20%` });
  }
  return n;
}

/** An amount of money ≥ 0 (no currency sign). */
export function parseAmount(flag: string, text: string): number {
  const n = Number(text.replace(/[_,]/g, ''));
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InputError({ path: flag, message: `expected an amount above 0 per month, got ${quoted(text)}`, fix: `e.g. ${flag} 15000` });
  return n;
}

export function parseWhole(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InputError({ path: flag, message: `expected a whole number ≥ 0, got ${quoted(text)}`, fix: `e.g. ${flag} 10` });
  return n;
}
