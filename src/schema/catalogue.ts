/** Pricing catalogue (spec §1). Prices are per 1,000,000 tokens in the catalogue's currency. zod/mini: see common.ts. */
import type * as Z from 'zod/mini';
import { deferred, z } from './zod.js';
import { isCalendarDate } from '../core/dates.js';
import { currency, isoDate, LOWER_ID_RE, nonNegative, num, rate, str } from './common.js';
import { timeWindowProblems } from '../core/provider-rules.js';
import { catalogueFeeFields } from './fees.js';

export const MODEL_TIERS = ['budget', 'mid', 'premium', 'reasoning', 'embedding'] as const;


/** The token-rate fields a dated price restates (docs/pricing-catalogue.md, "Dated prices"). */
export const DATED_RATE_FIELDS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'reasoning', 'long_context', 'time_windows'] as const;

// ---- provider-specific rules (issue 14 §3; core/provider-rules.ts) ------------------------------

/** Service tiers a catalogue may price besides `standard` (docs/pricing-catalogue.md, "Service tiers"). */
export const SERVICE_TIERS = ['flex', 'priority'] as const;
/** Which days a time window applies on. */
export const WINDOW_DAYS = ['all', 'weekdays', 'weekends'] as const;
/** A daily range of clock time in UTC, "HH:MM-HH:MM" (it may wrap past midnight: "22:00-02:00"). */
export const HOUR_RANGE_RE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
/** Token-rate fields a time window may restate (the others stay at the rates outside the windows). */
export const WINDOW_RATE_FIELDS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'reasoning'] as const;

/**
 * Built on first use: a run normally takes the bundled catalogues from the build's validated
 * snapshot (load/catalogues.ts) and validates no catalogue at all.
 */
function build() {
  const price = nonNegative();
  /** A real calendar date written as YYYY-MM-DD (2027-02-30 is rejected). */
  const calendarDate = z.pipe(
    isoDate(),
    str(undefined, z.refine(isCalendarDate, { error: 'expected a real calendar date written as YYYY-MM-DD' })),
  );

  const longContextSchema = z.strictObject({
    threshold: num('expected a whole number of input tokens', z.int(), z.gt(0)),
    input: price,
    output: price,
    cache_read: z.optional(price),
    cache_write: z.optional(price),
    cache_write_1h: z.optional(price),
    reasoning: z.optional(price),
  });

  const hourRange = str('expected a UTC clock range "HH:MM-HH:MM", e.g. "01:00-04:00"', 
    z.regex(HOUR_RANGE_RE, { error: 'expected a UTC clock range "HH:MM-HH:MM", e.g. "01:00-04:00" (24:00 may end a range)' }),
  );
  /** A daily time window with its own rates (e.g. DeepSeek's peak hours): the rates it lists replace the entry's in it. */
  const timeWindowSchema = z.strictObject({
    name: str('expected a window name such as "peak"', z.minLength(1)),
    days: z.optional(z.enum(WINDOW_DAYS, { error: `expected one of ${WINDOW_DAYS.join(', ')}` })),
    hours: z.array(hourRange, { error: 'expected a list of UTC clock ranges, e.g. ["01:00-04:00", "06:00-10:00"]' }).check(z.minLength(1, { error: 'expected at least one clock range' }), z.maxLength(48, { error: 'expected at most 48 clock ranges in a window' })),
    input: z.optional(price),
    output: z.optional(price),
    cache_read: z.optional(price),
    cache_write: z.optional(price),
    cache_write_1h: z.optional(price),
    reasoning: z.optional(price),
  });
  const timeWindowsSchema = z
    .array(timeWindowSchema, { error: 'expected a list of time windows, each { name, hours, rates }' })
    .check(z.maxLength(24, { error: 'expected at most 24 time windows — a bound against runaway lists' }));
  /** A service tier's price: every token rate in force × `factor` (flex 0.5, priority 2, …). */
  const serviceTierSchema = z.strictObject({
    factor: num('expected the multiple of the standard rates, e.g. 0.5 or 2', 
      z.gt(0, { error: 'expected a multiple of the standard rates > 0' }),
      z.lte(10, { error: 'expected a multiple of the standard rates of at most 10 — a bound against typos' }),
    ),
  });
  const serviceTiersSchema = z.strictObject({ flex: z.optional(serviceTierSchema), priority: z.optional(serviceTierSchema) });

  /** Windows that overlap, name a rate the entry lacks, or come with long-context rates: one message each. */
  const windowCheck = (v: { time_windows?: TimeWindow[] | undefined; long_context?: unknown } & Record<string, unknown>, ctx: { addIssue: (i: { code: 'custom'; message: string; path: PropertyKey[]; input: unknown }) => void }): void => {
    const ws = v.time_windows;
    // zod runs this refinement even when the list itself failed its checks: only a well-formed,
    // bounded list is examined (the shape errors already say what is wrong with the others)
    if (!Array.isArray(ws) || ws.length > 24) return;
    if (ws.some((w) => !w || !Array.isArray(w.hours) || w.hours.length > 48 || w.hours.some((h) => typeof h !== 'string' || !HOUR_RANGE_RE.test(h)))) return;
    for (const p of timeWindowProblems(ws, v as Record<string, number>, v.long_context !== undefined).slice(0, 5)) {
      ctx.addIssue({ code: 'custom', message: p.message, path: ['time_windows', p.index, ...(p.key ? p.key.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) : [])], input: v.time_windows });
    }
  };

  /** End of life of a model: when the provider shuts it down, what it recommends instead, where it says so. */
  const lifecycleSchema = z.strictObject({
    shutdown: isoDate(),
    replacement: z.optional(str(undefined, z.minLength(1))),
    source: z.optional(str(undefined, z.minLength(1))),
  });

  /**
   * One dated price: the model's token rates from `from` on (that day included), until the next
   * entry's `from`. It states every rate in force, with the same absence rules as the base rates.
   */
  const datedPriceSchema = z.strictObject({
    from: calendarDate,
    input: price,
    output: price,
    cache_read: z.optional(price),
    cache_write: z.optional(price),
    cache_write_1h: z.optional(price),
    reasoning: z.optional(price),
    long_context: z.optional(longContextSchema),
    time_windows: z.optional(timeWindowsSchema),
  }).check(z.superRefine(windowCheck));

  /** The schedule: sorted by `from`, no date twice. */
  const scheduleSchema = z.array(datedPriceSchema).check(
    z.superRefine((list, ctx) => {
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1]!.from;
        const cur = list[i]!.from;
        // the first problem only: one message per mistake, however long a hostile list is
        if (cur === prev) return void ctx.addIssue({ code: 'custom', message: `two prices from ${cur}: keep one entry per date`, path: [i, 'from'], input: cur });
        if (cur < prev) return void ctx.addIssue({ code: 'custom', message: `dated prices must be in date order, but ${cur} comes after ${prev}: sort the entries by from`, path: [i, 'from'], input: cur });
      }
    }),
  );

  const catalogueModelSchema = z.strictObject({
    aliases: z.optional(z.array(str(undefined, z.minLength(1)))),
    tier: z.optional(z.enum(MODEL_TIERS, { error: `expected one of ${MODEL_TIERS.join(', ')}` })),
    context_window: z.optional(num(undefined, z.int(), z.gt(0))),
    input: price,
    output: price,
    cache_read: z.optional(price),
    cache_write: z.optional(price),
    cache_write_1h: z.optional(price),
    cache_min_tokens: z.optional(num(undefined, z.int(), z.gte(0))),
    reasoning: z.optional(price),
    batch_discount: z.optional(rate()),
    long_context: z.optional(longContextSchema),
    // -- provider-specific rules (core/provider-rules.ts) --
    /** Daily windows with their own rates (DeepSeek's peak hours); a dated price restates its own. */
    time_windows: z.optional(timeWindowsSchema),
    /** Flex / priority processing as a multiple of the rates in force (not dated: it follows them). */
    service_tiers: z.optional(serviceTiersSchema),
    // ── fees beyond text tokens (issue 14 §3: audio/image rates, cache storage, tools): schema/fees.ts ──
    ...catalogueFeeFields(),
    /**
     * Dated price changes after the base rates above (which apply before the first `from`). Every
     * command prices at one date (`--as-of`): the entry with the latest `from` on or before it wins.
     */
    prices: z.optional(scheduleSchema),
    /** When this entry's figures were checked, if not the catalogue's `as_of` (hand-added figures). */
    as_of: z.optional(calendarDate),
    /** The provider has announced a shutdown: still priced, and reports warn. */
    deprecated: z.optional(lifecycleSchema),
    /** Free text: where a hand-added figure comes from, caveats. Not used in arithmetic. */
    notes: z.optional(z.string()),
  }).check(z.superRefine(windowCheck));

  const catalogueSchema = z.strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    provider: str('expected a provider id such as "openai"',
      z.regex(LOWER_ID_RE, { error: 'expected a lower-case provider id (letters, digits, . _ -)' })),
    currency: currency(),
    as_of: isoDate(),
    source: str('expected a URL or contract reference', z.minLength(1)),
    models: z.record(str(undefined, z.minLength(1)), catalogueModelSchema),
    /** Models the provider has shut down: naming one is an error that says so (and names the replacement). */
    retired: z.optional(z.record(str(undefined, z.minLength(1)), lifecycleSchema)),
  });
  return { longContextSchema, lifecycleSchema, datedPriceSchema, catalogueModelSchema, catalogueSchema, timeWindowSchema, serviceTierSchema };
}

let built: ReturnType<typeof build> | undefined;
const schemas = () => (built ??= build());

/** The catalogue file schema (a lazy wrapper: the schema itself is built when first used). */
export const catalogueSchema = /* @__PURE__ */ deferred(() => z.lazy(() => schemas().catalogueSchema));

export type Catalogue = Z.infer<typeof catalogueSchema>;
export type CatalogueModel = Z.infer<ReturnType<typeof schemas>['catalogueModelSchema']>;
export type LongContext = Z.infer<ReturnType<typeof schemas>['longContextSchema']>;
export type Lifecycle = Z.infer<ReturnType<typeof schemas>['lifecycleSchema']>;
export type DatedPrice = Z.infer<ReturnType<typeof schemas>['datedPriceSchema']>;
export type TimeWindow = Z.infer<ReturnType<typeof schemas>['timeWindowSchema']>;
export type ServiceTierPrice = Z.infer<ReturnType<typeof schemas>['serviceTierSchema']>;
export type ServiceTierName = (typeof SERVICE_TIERS)[number];
