/** Starting answers: the preset of the feature type, then what the flags say. Pure. */
import type { ModelRegistry } from '../core/registry.js';
import { InputError } from '../errors.js';
import { PRESETS, type FeatureType, type WizardAnswers, type WizardModel } from './answers.js';
import { defaultModel } from './models.js';
import { quoted } from '../util/excerpt.js';

export interface InitFlags {
  name?: string;
  /** `model` or `model=share` (share as 0.2 or 20%). */
  model?: string[];
  requestsPerDay?: number;
  requestsPerMonth?: number;
  users?: number;
  requestsPerUserPerDay?: number;
  budget?: number;
}

export function parseShare(raw: string, where: string): number {
  const t = raw.trim();
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(t);
  const v = m ? (m[2] ? Number(m[1]) : Number(m[1]) * 100) : NaN;
  if (!Number.isFinite(v) || v <= 0 || v > 100) {
    throw new InputError({ path: where, message: `expected a share in (0, 1] or a percent such as "20%", got ${quoted(raw)}` });
  }
  return v;
}

/** The models given with --model, resolved; shares default to an even split of what is left. */
export function modelsFromFlags(specs: readonly string[], registry: ModelRegistry): WizardModel[] {
  const parsed = specs.map((spec) => {
    const eq = spec.lastIndexOf('=');
    const name = eq > 0 ? spec.slice(0, eq) : spec;
    const r = registry.resolve(name);
    if (!r.ok) throw new InputError({ path: '--model', message: r.message, fix: r.fix });
    return { ref: r.model.ref, share: eq > 0 ? parseShare(spec.slice(eq + 1), `--model ${spec}`) : null };
  });
  const refs = parsed.map((p) => p.ref);
  const dup = refs.find((r, i) => refs.indexOf(r) !== i);
  if (dup) throw new InputError({ path: '--model', message: `${dup} is given twice`, fix: 'give each model once' });
  const given = parsed.reduce((s, p) => s + (p.share ?? 0), 0);
  const open = parsed.filter((p) => p.share === null).length;
  if (given > 100 + 1e-9 || (open === 0 && Math.abs(given - 100) > 1e-6)) {
    throw new InputError({ path: '--model', message: `the model shares add up to ${+given.toFixed(6)}%, expected 100%`, fix: 'e.g. --model gpt-4o-mini=80% --model gpt-4o=20%' });
  }
  if (open > 0 && given >= 100 - 1e-9) throw new InputError({ path: '--model', message: 'the shares already add up to 100%, leaving nothing for the models without one', fix: 'give every model a share, or drop one' });
  return parsed.map((p) => ({ ref: p.ref, sharePercent: p.share ?? (100 - given) / open }));
}

export function startingAnswers(type: FeatureType, registry: ModelRegistry, flags: InitFlags, pricing: string[]): WizardAnswers {
  const preset = PRESETS[type];
  const d = structuredClone(preset.defaults);
  let models: WizardModel[];
  if (flags.model?.length) models = modelsFromFlags(flags.model, registry);
  else {
    const m = defaultModel(preset, registry);
    if (!m) {
      throw new InputError({
        message: 'no models to choose from: no pricing catalogue is loaded',
        fix: 'reinstall aifinops (its pricing/ folder is missing), or pass --pricing <catalogue.yaml>',
      });
    }
    models = [{ ref: m.ref, sharePercent: 100 }];
  }
  const first = registry.resolve(models[0]!.ref);
  const currency = first.ok ? first.model.catalogue.currency : 'USD';
  const a: WizardAnswers = { ...d, type, models, currency, pricing };
  if (flags.name !== undefined) a.name = flags.name;
  const t = a.traffic;
  const modes = [flags.requestsPerDay !== undefined, flags.requestsPerMonth !== undefined, flags.requestsPerUserPerDay !== undefined].filter(Boolean).length;
  if (modes > 1) throw new InputError({ path: 'traffic', message: 'traffic is given more than one way', fix: 'use one of --requests-per-day, --requests-per-month, or --users with --requests-per-user-per-day' });
  if (flags.requestsPerDay !== undefined) {
    t.mode = 'requests_per_day';
    t.requestsPerDay = flags.requestsPerDay;
  } else if (flags.requestsPerMonth !== undefined) {
    t.mode = 'requests_per_month';
    t.requestsPerMonth = flags.requestsPerMonth;
  } else if (flags.requestsPerUserPerDay !== undefined) {
    t.mode = 'users';
    t.requestsPerUserPerDay = flags.requestsPerUserPerDay;
    if (flags.users === undefined && t.users === null) throw new InputError({ path: '--requests-per-user-per-day', message: 'needs --users', fix: 'add --users <number of users>' });
  }
  if (flags.users !== undefined) t.users = flags.users;
  if (flags.budget !== undefined) a.budgetMonthly = flags.budget;
  return a;
}
