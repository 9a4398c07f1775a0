/**
 * Prices on the date they apply (docs/pricing-catalogue.md, "Dated prices"). Pure.
 *
 * A catalogue entry has base rates and, optionally, a schedule `prices: [{ from, … }]`. The rates
 * in force on a date are those of the schedule entry with the latest `from` on or before it (its
 * `from` day included), else the base rates. Each entry restates every token rate
 * (`DATED_RATE_FIELDS`); the fields that are not rates (tier, context window, cache minimum,
 * batch discount, lifecycle) do not change with the date.
 *
 * `pricesAt` is the one resolution function: the registry resolves each model at the run's pricing
 * date with it, so the cost engine only ever sees ordinary resolved prices; `forecast`, `quotes`
 * and `seats` re-resolve per month (`repriceScenario`), and a later feature that re-prices
 * recorded usage day by day calls `pricesAt` for each day.
 */
import { DATED_RATE_FIELDS, type CatalogueModel, type DatedPrice } from '../schema/catalogue.js';
import type { PricedBy } from '../schema/report.js';
import { addDays, daysBetween, monthStart } from './dates.js';
import { plural } from '../util/number.js';
import type { LineItem, PricedModel, Scenario } from './model.js';
import { applyProviderRules, type RuleContext } from './provider-rules.js';

/** Days after the pricing date within which a scheduled change is warned about. */
export const SCHEDULE_WARNING_DAYS = 90;
/** Default age in days past which a catalogue entry's prices are warned about as stale. */
export const DEFAULT_MAX_PRICE_AGE_DAYS = 120;

export interface ResolvedPrices {
  /** The entry's fields with the rates in force on the date, and without the schedule. */
  prices: CatalogueModel;
  /** `from` of the dated price that applies, or null when the base rates do. */
  effectiveFrom: string | null;
}

/** Index of the schedule entry in force on `date`, or -1 for the base rates. */
function entryIndex(schedule: readonly DatedPrice[], date: string): number {
  let at = -1;
  for (let i = 0; i < schedule.length; i++) if (schedule[i]!.from <= date) at = i;
  return at;
}

/** The rates of a catalogue entry in force on `date` (YYYY-MM-DD). */
export function pricesAt(entry: CatalogueModel, date: string): ResolvedPrices {
  const { prices: schedule, ...rest } = entry;
  const i = schedule ? entryIndex(schedule, date) : -1;
  if (i < 0) return { prices: rest, effectiveFrom: null };
  const dated = schedule![i]!;
  const out: CatalogueModel = { ...rest };
  for (const f of DATED_RATE_FIELDS) delete out[f as keyof CatalogueModel];
  const { from, ...rates } = dated;
  return { prices: { ...out, ...rates } as CatalogueModel, effectiveFrom: from };
}

/** `pricesAt(entry, date).effectiveFrom` without building the prices: which dated price applies, or null. */
export function effectiveFromAt(entry: CatalogueModel, date: string): string | null {
  const schedule = entry.prices;
  const i = schedule ? entryIndex(schedule, date) : -1;
  return i < 0 ? null : schedule![i]!.from;
}

/** A model priced at `date`: the same catalogue entry, resolved again (cheap when nothing is dated). */
export function priceModelAt(model: PricedModel, date: string): PricedModel {
  if (model.pricedAsOf === date) return model;
  const { prices, effectiveFrom } = pricesAt(model.entry, date);
  if (!model.rules) return { ...model, prices, effectiveFrom, pricedAsOf: date };
  const r = applyProviderRules(prices, model.rules);
  return { ...model, prices: r.prices, applied: r.applied, effectiveFrom, pricedAsOf: date };
}

/** The model with a stage's provider rules (traffic profile, service tiers) applied to its rates. */
export function withRules(model: PricedModel, rules: RuleContext): PricedModel {
  const { prices, effectiveFrom } = pricesAt(model.entry, model.pricedAsOf);
  const r = applyProviderRules(prices, rules);
  return { ...model, prices: r.prices, applied: r.applied, effectiveFrom, rules };
}

/**
 * The day month `month` (1-based) of a forecast, quote horizon or seat term is priced on: the first
 * day of its calendar month. The calendar starts at `start` (YYYY-MM, a forecast's growth.start),
 * else at the month of the pricing date.
 */
export function monthPricingDate(start: string | null, asOf: string, month: number): string {
  return monthStart(start ? `${start}-01` : asOf, month - 1);
}

/** What a report says priced a model: the catalogue and, when a dated price applied, its `from`. */
export function pricedBy(model: PricedModel): PricedBy {
  return { catalogue: model.catalogue.file, as_of: model.catalogue.as_of, source: model.catalogue.source, effective_from: model.effectiveFrom };
}

/** Every model a scenario prices: its stages' models and its token line items. */
export function scenarioModels(s: Scenario): PricedModel[] {
  const seen = new Map<string, PricedModel>();
  for (const st of s.stages) for (const sm of st.models) seen.set(sm.model.ref, sm.model);
  for (const li of s.lineItems) if (li.kind === 'tokens') seen.set(li.model.ref, li.model);
  return [...seen.values()];
}

/** The scenario with every model priced at `date` (the same object when no price changes). */
export function repriceScenario(s: Scenario, date: string): Scenario {
  let changed = false;
  const at = (m: PricedModel): PricedModel => {
    const r = priceModelAt(m, date);
    if (r !== m) changed = true;
    return r;
  };
  const stages = s.stages.map((st) => ({ ...st, models: st.models.map((sm) => ({ ...sm, model: at(sm.model) })) }));
  const lineItems = s.lineItems.map((li): LineItem => (li.kind === 'tokens' ? { ...li, model: at(li.model) } : li));
  return changed ? { ...s, stages, lineItems } : s;
}

/** A scheduled price change of one model. */
export interface PriceChange {
  ref: string;
  /** The day the new rates start. */
  date: string;
  before: CatalogueModel;
  after: CatalogueModel;
}

/** The changes of `model`'s schedule with `from` in (after, until] — both YYYY-MM-DD. */
export function changesBetween(model: PricedModel, after: string, until: string): PriceChange[] {
  const out: PriceChange[] = [];
  for (const d of model.entry.prices ?? []) {
    if (d.from > after && d.from <= until) {
      out.push({ ref: model.ref, date: d.from, before: pricesAt(model.entry, addDays(d.from, -1)).prices, after: pricesAt(model.entry, d.from).prices });
    }
  }
  return out;
}

const RATE_LABELS: readonly (readonly [keyof CatalogueModel & string, string])[] = [
  ['input', 'input'],
  ['output', 'output'],
  ['cache_read', 'cache read'],
  ['cache_write', 'cache write'],
  ['cache_write_1h', '1-hour cache write'],
  ['reasoning', 'reasoning'],
];

function money(x: number | undefined, currency: string): string {
  if (x === undefined) return 'none';
  // cents when the rate has no finer digits (1.5 → 1.50), else every digit it has (0.075)
  const s = Math.abs(x * 100 - Math.round(x * 100)) < 1e-9 ? x.toFixed(2) : String(Number(x.toPrecision(12)));
  return currency === 'USD' ? `$${s}` : `${s} ${currency}`;
}

/** "input $0.75 → $1.50, output $3.75 → $7.50": the rates that differ (per 1M tokens). */
export function describeChange(c: PriceChange, currency: string): string {
  const parts: string[] = [];
  for (const [f, label] of RATE_LABELS) {
    const a = c.before[f] as number | undefined;
    const b = c.after[f] as number | undefined;
    if (a !== b) parts.push(`${label} ${money(a, currency)} → ${money(b, currency)}`);
  }
  const la = c.before.long_context;
  const lb = c.after.long_context;
  if (JSON.stringify(la) !== JSON.stringify(lb)) {
    parts.push(!lb ? 'long-context rates dropped' : !la ? `long-context rates from ${lb.threshold} input tokens added` : 'long-context rates changed');
  }
  return parts.length ? parts.join(', ') : 'rates restated unchanged';
}

/** The warning for one change: "google/gemini-3.6-flash input $0.75 → $1.50, … on 2027-01-01". */
export function changeWarning(c: PriceChange, currency: string, why: string): string {
  return `${c.ref} ${describeChange(c, currency)} per 1M tokens on ${c.date} (${why})`;
}

/**
 * Warnings for the scheduled changes of the scenario's models within `days` after the pricing
 * date (default 90), and any others up to `horizonEnd` (a forecast's or a term's last day).
 */
export function scheduleWarnings(s: Scenario, asOf: string, opts: ScheduleWarningOptions = {}): string[] {
  return modelScheduleWarnings(scenarioModels(s), s.currency, asOf, opts);
}

export interface ScheduleWarningOptions {
  /** Days after the pricing date to warn about (default 90). */
  days?: number;
  /** Last day of a forecast's or a term's horizon, to warn about changes inside it too. */
  horizonEnd?: string;
  /** Its first day, when it starts after the pricing date (a forecast's growth.start): a change before it applies to every month. */
  horizonStart?: string;
  /** How the warning names that horizon, e.g. "12-month forecast". */
  horizonLabel?: string;
}

/** `scheduleWarnings` for any list of models (e.g. a quote's vendor models). */
export function modelScheduleWarnings(models: readonly PricedModel[], currency: string, asOf: string, opts: ScheduleWarningOptions = {}): string[] {
  const days = opts.days ?? SCHEDULE_WARNING_DAYS;
  const soon = addDays(asOf, days);
  const until = opts.horizonEnd && opts.horizonEnd > soon ? opts.horizonEnd : soon;
  const out: string[] = [];
  for (const m of models) {
    for (const c of changesBetween(m, asOf, until)) {
      const label = opts.horizonLabel ?? 'horizon';
      const why =
        c.date <= soon
          ? `within ${days} days of the pricing date ${asOf}`
          : opts.horizonStart && c.date <= opts.horizonStart
            ? `on or before the first day of the ${label}: every month of it is priced at the new rates`
            : `inside the ${label}`;
      out.push(changeWarning(c, currency, why));
    }
  }
  return out;
}

/**
 * Warnings for models whose provider shuts them down inside a horizon that runs past the pricing
 * date (a forecast, a term): the months from the shutdown on price a model that no longer runs.
 * `horizonEnd` is the horizon's last day; `label` names the horizon ("6-month forecast (…)");
 * `horizonStart`, its first day when that is after the pricing date (a forecast's growth.start):
 * a shutdown before it leaves every month pricing a model that no longer runs.
 */
export function shutdownWarnings(models: readonly PricedModel[], horizonEnd: string, label: string, horizonStart?: string): string[] {
  const out: string[] = [];
  for (const m of models) {
    const dep = m.prices.deprecated;
    if (!dep || dep.shutdown > horizonEnd) continue;
    const when = horizonStart && dep.shutdown <= horizonStart ? `on or before the first day of the ${label}: every month of it prices` : `inside the ${label}: from that day on the figures price`;
    out.push(`${m.ref} shuts down on ${dep.shutdown}, ${when} a model ${m.provider} no longer runs${dep.replacement ? `; its replacement is ${dep.replacement}` : ''}`);
  }
  return out;
}

/** When a model's figures were checked: the entry's own `as_of`, else its catalogue's. */
export function checkedOn(model: PricedModel): string {
  return model.entry.as_of ?? model.catalogue.as_of;
}

/** Warnings for models whose prices were checked more than `maxAgeDays` before the pricing date. */
export function staleWarnings(models: readonly PricedModel[], asOf: string, maxAgeDays = DEFAULT_MAX_PRICE_AGE_DAYS): string[] {
  const out: string[] = [];
  for (const m of models) {
    const checked = checkedOn(m);
    const age = daysBetween(checked, asOf);
    if (age > maxAgeDays) {
      out.push(`${m.ref}: its prices were checked on ${checked} (${m.entry.as_of ? 'the entry\'s as_of' : `${m.catalogue.file} as_of`}), ${plural(age, 'day')} before the pricing date ${asOf}, more than ${maxAgeDays}; check them, or raise --max-price-age`);
    }
  }
  return out;
}

/**
 * One warning naming the GPU prices (breakeven's price options) checked more than `maxAgeDays`
 * before the pricing date, or none.
 */
export function gpuStaleWarnings(options: readonly { key: string; asOf: string }[], asOf: string, maxAgeDays = DEFAULT_MAX_PRICE_AGE_DAYS): string[] {
  const old = options.filter((o) => daysBetween(o.asOf, asOf) > maxAgeDays);
  if (!old.length) return [];
  const list = old.map((o) => `${o.key} (as of ${o.asOf}, ${plural(daysBetween(o.asOf, asOf), 'day')})`).join(', ');
  return [`GPU prices checked more than ${maxAgeDays} days before the pricing date ${asOf}: ${list}; check them, or raise --max-price-age`];
}
