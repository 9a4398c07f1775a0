/**
 * Quote files (docs/quotes.md): shape (zod) → semantic rules → the scenario's models mapped onto
 * the vendor's, each priced from the rate card (bundled catalogues, then --pricing, then the
 * quote's own `rate_card.catalogues`). Every problem is located: file, line:column, dotted path.
 */
import { basename } from 'node:path';
import { InputError, type Problem } from '../errors.js';
import { notA } from './not-a.js';

export { notA };
import type { PricedModel, Scenario } from '../core/model.js';
import type { ResolvedMapping, ResolvedQuote } from '../core/quotes.js';
import { ModelRegistry, type LoadedCatalogue } from '../core/registry.js';
import { MODEL_TIERS } from '../schema/catalogue.js';
import { quoteSchema, type QuoteParsed } from '../schema/quote.js';
import { fastQuote } from '../schema/quote-fast.js';
import { didYouMean } from '../util/suggest.js';
import { displayPath, loadCatalogueFile } from './catalogues.js';
import { dottedPath, issuesToProblems, keysFromSchema } from './issues.js';
import { diskSource, readYamlFile, type LoadedYaml } from './yaml.js';
import { guardReference, QUOTE_CATALOGUE_REF } from '../tokens/guard.js';
import { quoted, shortPath } from '../util/excerpt.js';

const keysAt = keysFromSchema(quoteSchema);

/** model_map value that leaves a model's calls outside the quote, priced as in the scenario. */
export const OUTSIDE = 'outside';

export interface QuoteContext {
  /** Catalogues every quote's rate card starts from: the bundled ones, then --pricing. */
  catalogues: readonly LoadedCatalogue[];
}

/** A model as a scenario or quote may name it: canonical ref, bare id, aliases (lower-case). */
function namesOf(m: PricedModel, used: string): Set<string> {
  const out = new Set([m.ref, m.id, used].map((x) => x.toLowerCase()));
  for (const a of m.prices.aliases ?? []) {
    out.add(a.toLowerCase());
    out.add(`${m.provider}/${a}`.toLowerCase());
  }
  return out;
}

/** The quote schema's output, or its first 20 shape problems. */
function parseQuote(data: unknown, file: string, locate: LoadedYaml['locate']): QuoteParsed {
  const parsed = quoteSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file, locate }, keysAt, [], data).slice(0, 20));
  return parsed.data;
}

export function loadQuote(file: string, s: Scenario, ctx: QuoteContext): ResolvedQuote {
  const display = displayPath(file);
  const y = readYamlFile(file, undefined, display);
  notA(y.data, 'quote', display, 'a quote file starts with version: 1 and kind: quote (see docs/quotes.md)');
  // (the zod-free fast check first: when it answers, it is the schema's output; see schema/quote-fast.ts)
  const q = fastQuote(y.data) ?? parseQuote(y.data, display, y.locate);
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: string, fix?: string, which: 'key' | 'value' = 'value') =>
    problems.push({ file: display, ...(y.locate(path, which) ?? {}), path: dottedPath(path, y.data), message, fix });
  const warnings: string[] = [];

  const currency = q.currency ?? s.currency;
  if (currency !== s.currency) at(['currency'], `the quote is in ${currency} but the scenario is priced in ${s.currency}`, 'compare quotes in the scenario\'s currency (convert the quote, or set the scenario\'s currency)');

  // rate card
  const catalogues: LoadedCatalogue[] = [...ctx.catalogues];
  (q.rate_card?.catalogues ?? []).forEach((p, i) => {
    const guarded = guardReference(file, p, diskSource, QUOTE_CATALOGUE_REF);
    if (!guarded.ok) return at(['rate_card', 'catalogues', i], guarded.message, guarded.fix);
    const abs = guarded.abs;
    try {
      catalogues.push(loadCatalogueFile(abs, displayPath(abs)));
    } catch (err) {
      if (err instanceof InputError && err.problems.length === 1 && err.problems[0]!.message === 'file not found') {
        at(['rate_card', 'catalogues', i], `catalogue file not found: ${shortPath(displayPath(abs))}`, 'paths under rate_card.catalogues are relative to the quote file');
      } else throw err;
    }
  });
  const registry = new ModelRegistry(catalogues, s.pricedAsOf);
  const provider = q.rate_card?.provider;
  if (provider && !registry.providers().includes(provider)) {
    const providers = registry.providers().sort();
    at(['rate_card', 'provider'], `no loaded catalogue prices provider ${quoted(provider)}`, didYouMean(provider, providers) || (providers.length ? `providers: ${providers.join(', ')}` : 'add the vendor\'s catalogue under rate_card.catalogues'));
  }
  const discount = q.rate_card?.discount ?? 0;

  // targets of model_map and model_discounts
  const resolveVendor = (name: string, path: (string | number)[]): PricedModel | undefined => {
    const r = registry.resolveInService(name);
    if (!r.ok) {
      at(path, r.message, r.fix);
      return undefined;
    }
    if (provider && r.model.provider !== provider) {
      at(path, `${r.model.ref} is not a ${provider} model, but the rate card is ${provider}'s`, `name one of ${provider}'s models (aifinops pricing list --provider ${provider})`);
      return undefined;
    }
    if (r.model.catalogue.currency !== currency) {
      at(path, `${r.model.ref} is priced in ${r.model.catalogue.currency} by ${r.model.catalogue.file}, but the quote is in ${currency}`, `use a catalogue in ${currency} under rate_card.catalogues`);
      return undefined;
    }
    return r.model;
  };
  /** A model_map target: a vendor model, `outside`, or undefined when it did not resolve (error recorded). */
  type Target = PricedModel | typeof OUTSIDE | undefined;
  const target = (value: string, path: (string | number)[]): Target => (value.trim().toLowerCase() === OUTSIDE ? OUTSIDE : resolveVendor(value, path));
  const modelKeys: { key: string; target: Target; used: boolean }[] = [];
  const tierKeys = new Map<string, { target: Target; used: boolean }>();
  for (const [key, value] of Object.entries(q.model_map ?? {})) {
    if (key.toLowerCase().startsWith('tier:')) {
      const tier = key.slice(5).trim().toLowerCase();
      if (!(MODEL_TIERS as readonly string[]).includes(tier)) {
        at(['model_map', key], `unknown tier ${quoted(tier)}`, didYouMean(tier, MODEL_TIERS) || `tiers: ${MODEL_TIERS.join(', ')}`, 'key');
        continue;
      }
      tierKeys.set(tier, { target: target(value, ['model_map', key]), used: false });
    } else {
      modelKeys.push({ key: key.toLowerCase(), target: target(value, ['model_map', key]), used: false });
    }
  }
  const modelDiscounts = new Map<string, number>();
  for (const [name, d] of Object.entries(q.rate_card?.model_discounts ?? {})) {
    const m = resolveVendor(name, ['rate_card', 'model_discounts', name]);
    if (m) modelDiscounts.set(m.ref, d);
  }

  // map every (stage, model) of the scenario
  const mappings: ResolvedMapping[] = [];
  const unmapped: { ref: string; id: string; tier: string | undefined; stage: string }[] = [];
  s.stages.forEach((stage, i) => {
    stage.models.forEach((sm, j) => {
      const names = namesOf(sm.model, sm.name);
      const byModel = modelKeys.find((k) => names.has(k.key));
      const tier = sm.model.prices.tier;
      const byTier = tier ? tierKeys.get(tier) : undefined;
      let found: Target;
      let via: ResolvedMapping['via'] = 'same';
      if (byModel) {
        byModel.used = true;
        found = byModel.target;
        via = 'model';
        if (!found) return; // its error is already recorded
      } else if (byTier) {
        byTier.used = true;
        found = byTier.target;
        via = 'tier';
        if (!found) return;
      } else if (!provider || sm.model.provider === provider) {
        const r = registry.resolve(sm.model.ref);
        if (r.ok && r.model.catalogue.currency === currency) found = r.model;
      }
      if (!found) {
        unmapped.push({ ref: sm.model.ref, id: sm.model.id, tier, stage: stage.name });
        return;
      }
      if (found === OUTSIDE) mappings.push({ stage: i, model: j, vendor: sm.model, via, outside: true, discount: 0 });
      else mappings.push({ stage: i, model: j, vendor: found, via, outside: false, discount: modelDiscounts.get(found.ref) ?? discount });
    });
  });
  if (unmapped.length) {
    const first = unmapped[0]!;
    at(
      ['model_map'],
      `the quote does not say which ${provider ?? q.vendor} model prices ${unmapped.map((u) => `${u.ref}${u.tier ? ` (tier ${u.tier})` : ''} in stage ${u.stage}`).join('; ')}`,
      `add to model_map, e.g. ${first.id}: <vendor model>${first.tier ? `, or tier:${first.tier}: <vendor model>` : ''} (or: outside, to keep those calls with their current provider)`,
      'key',
    );
  }
  for (const k of modelKeys) if (!k.used && k.target) warnings.push(`model_map key ${quoted(k.key)} matches no model of this scenario`);
  for (const [tier, k] of tierKeys) if (!k.used && k.target) warnings.push(`model_map key "tier:${tier}" matches no model of this scenario`);
  const mappedRefs = new Set(mappings.filter((m) => !m.outside).map((m) => m.vendor.ref));
  for (const ref of modelDiscounts.keys()) if (!mappedRefs.has(ref)) warnings.push(`rate_card.model_discounts names ${ref}, which prices nothing in this scenario`);

  // seats and fees
  const seats = (q.seats ?? []).map((c, i) => {
    if (c.seats === 'users' && (s.traffic.users === null || s.traffic.users <= 0)) {
      at(['seats', i, 'seats'], 'seats: users needs the scenario\'s traffic.users', 'give a number of seats, or add users to the scenario\'s traffic');
    }
    return { name: c.name, perSeatMonth: c.per_seat_month, seats: c.seats, minSeats: c.min_seats ?? 0 };
  });
  const fees: ResolvedQuote['fees'] = [];
  (q.fees ?? []).forEach((f, i) => {
    const kinds = (['one_time', 'monthly', 'annual'] as const).filter((k) => f[k] !== undefined);
    if (kinds.length !== 1) {
      at(['fees', i], kinds.length ? `the fee mixes ${kinds.join(' and ')}` : 'the fee has no amount', 'give exactly one of one_time, monthly or annual');
      return;
    }
    fees.push({ name: f.name, kind: kinds[0]!, amount: f[kinds[0]!]! });
  });
  if (q.overage && !q.commitment) warnings.push('overage rates apply above a commitment, and this quote has none: overage.discount is not used');

  if (problems.length) throw new InputError(problems.slice(0, 20));
  return {
    name: q.name ?? `${q.vendor} (${basename(file)})`,
    vendor: q.vendor,
    file: display,
    reference: q.reference ?? null,
    validUntil: q.valid_until ?? null,
    termMonths: q.term_months,
    discount,
    overageDiscount: q.commitment && q.overage ? q.overage.discount : null,
    commitment: q.commitment ? { amount: q.commitment.amount, per: q.commitment.per } : null,
    seats,
    fees,
    mappings,
    warnings,
  };
}

const GROWTH_RE = /^\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*(?:\/\s*(?:month|mo|m))?\s*$/i;

/** `5%/month`, `5%`, `0.05`, `-2%/month` → a monthly rate in (-1, 1]. */
export function parseGrowth(raw: string): number {
  const m = GROWTH_RE.exec(raw);
  const fail = (why: string) => new InputError({ path: '--growth', message: `${why}, got ${quoted(raw)}`, fix: 'e.g. --growth 5%/month, --growth 0.05 or --growth -2%/month' });
  if (!m) throw fail('expected a monthly growth rate');
  const v = m[2] ? Number.parseFloat(m[1]!) / 100 : Number.parseFloat(m[1]!);
  if (!(v > -1) || v > 1) throw fail('expected a monthly growth rate between -100% and 100%');
  return v;
}
