/** Scenario file (spec §2). Shape only; defaults and semantic rules live in load/scenario.ts. zod/mini: see common.ts. */
import type * as Z from 'zod/mini';
import { deferred, z } from './zod.js';
import { arr, boundedCount, currency, lazily, LIMITS, nonNegative, nonNegativeOrPercent, num, PERCENT_RE, positive, rate, str } from './common.js';
import { deploymentSchemas } from './deployment.js';
import { stageFeeFields } from './fees.js';
import { scenarioSeatsSchema } from './scenario-seats.js';
import { SERVICE_TIER_NAMES, TIME_PROFILE_PRESETS } from '../core/provider-rules.js';
import { INPUT_PARTS } from './input-parts.js';

/** The input parts of a call (schema/input-parts.ts). */
export { INPUT_PARTS, type InputPart } from './input-parts.js';

/** Placeholder syntaxes a prompt template may use (see src/tokens/template.ts). */
export const TEMPLATE_SYNTAX_NAMES = ['jinja', 'fstring', 'dollar'] as const;

/** The percentile of the monthly cost a budget is judged at (docs/uncertainty.md). */
export const BUDGET_PERCENTILES = ['p50', 'p80', 'p95'] as const;
/** A prompt cache's lifetimes. */
export const CACHE_TTLS = ['5m', '1h'] as const;
/** A forecast's first month, YYYY-MM, from 0001-01 to 9989-12 (core/dates.ts LAST_PRICING_DATE: its horizon must end by 9999-12). */
export const MONTH_START_RE = /^(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-8]\d{3}|9[0-8]\d{2}|99[0-8]\d)-(0[1-9]|1[0-2])$/;


/**
 * Every schema of a scenario, built on first use: a plain scenario passes the zod-free fast check
 * (schema/scenario-fast.ts) and a run that loads one builds none of these (building them was most
 * of a command's module initialisation). One build, memoised: every reader gets the same nodes.
 */
function build() {
  const TOKENS_EXPECTED = 'expected a number of tokens ≥ 0';
  const tokens = num(
    TOKENS_EXPECTED,
    z.gte(0, { error: TOKENS_EXPECTED }),
    z.lte(LIMITS.tokens, { error: 'expected at most 1,000,000,000 tokens per call — a bound against typos (see "Limits" in docs/scenario.md)' }),
  );

  /*
   * One node for every key that takes the same schema (zod schemas are immutable; building them is
   * most of a command's module initialisation: common.ts `lazily`).
   */
  const nonEmpty = str(undefined, z.minLength(1));
  const optionalTokens = z.optional(tokens);
  const optionalRate = z.optional(rate());


  /**
   * A part counted from prompt files (docs/prompt-files.md). Give exactly one of `file`, `files`
   * or `template` (checked when loading, with a located message):
   * - `{ file: path }` — one file;
   * - `{ files: [path or glob, …] }` or `{ files: glob }` — several files, summed;
   * - `{ template: path, fill: tokens, syntax? }` — the template's fixed text plus `fill` tokens
   *   for what gets filled into its placeholders.
   */
  const promptRefSchema = lazily(() => {
    const promptPath = str('expected a file path relative to the scenario, e.g. prompts/system.md', z.minLength(1, { error: 'expected a non-empty file path' }));
    return z.strictObject({
      file: z.optional(promptPath),
      files: z.optional(
        z.union([promptPath, arr(promptPath, undefined, z.minLength(1, { error: 'expected at least one path or glob' }))], {
          error: 'expected a path, a glob (prompts/*.md) or a list of them',
        }),
      ),
      template: z.optional(promptPath),
      fill: optionalTokens,
      syntax: z.optional(z.enum(TEMPLATE_SYNTAX_NAMES, { error: `expected one of ${TEMPLATE_SYNTAX_NAMES.join(', ')}` })),
    });
  });

  const INPUT_PART_EXPECTED =
    'expected a number of tokens, or a prompt file: { file: path }, { files: [paths or globs] } or { template: path, fill: tokens }';

  /** An input part: a token count, or prompt files whose tokens are counted per model. */
  const inputPartSchema = z.union([tokens, promptRefSchema], {
    error: (iss) => {
      // An object that is almost a prompt reference: say what is wrong inside it.
      const input = (iss as { input?: unknown }).input;
      const errors = (iss as { errors?: { path: PropertyKey[]; message: string }[][] }).errors;
      if (typeof input === 'object' && input !== null && !Array.isArray(input) && errors?.[1]?.[0]) {
        const first = errors[1][0];
        const where = first.path.length ? `${first.path.map(String).join('.')}: ` : '';
        return `${where}${first.message}`;
      }
      if (typeof input === 'number') return 'expected a number of tokens ≥ 0';
      return INPUT_PART_EXPECTED;
    },
  });

  const optionalPart = z.optional(inputPartSchema);
  const inputSchema = z.strictObject({ system: optionalPart, tools: optionalPart, context: optionalPart, history: optionalPart, user: optionalPart });

  const cacheSchema = z.strictObject({
    hit_rate: rate(),
    cacheable: z.optional(z.array(z.enum(INPUT_PARTS, { error: `expected input part names: ${INPUT_PARTS.join(', ')}` }))),
    ttl: z.optional(z.enum(CACHE_TTLS, { error: 'expected 5m or 1h' })),
  });

  const modelEntrySchema = z.strictObject({
    id: str('expected a model name such as "gpt-4o-mini" or "openai/gpt-4o-mini"', z.minLength(1)),
    share: rate(),
    output: optionalTokens,
    reasoning: optionalTokens,
  });

  const modelsSchema = z.union(
    [z.record(nonEmpty, rate()), arr(modelEntrySchema, undefined, z.minLength(1, { error: 'expected at least one model' }))],
    { error: 'expected a mapping of model → share (e.g. { gpt-4o-mini: 0.8, gpt-4o: 0.2 }) or a list of { id, share }' },
  );

  /** Which actual usage is this scenario's (or stage's), for `aifinops actuals compare` and `calibrate` (docs/actuals.md): every key given must match; a list matches any of its values. */
  const matchSchema = lazily(() => {
    const matchValue = z.union([nonEmpty, arr(nonEmpty, undefined, z.minLength(1))], { error: 'expected a value or a list of values' });
    return z.strictObject({
      project: z.optional(matchValue),
      workspace: z.optional(matchValue),
      api_key: z.optional(matchValue),
      model: z.optional(matchValue),
      /** `key=value` tags, e.g. "feature=search". */
      tag: z.optional(matchValue),
    });
  });

  // ---- provider-specific rules (issue 14 §3; core/provider-rules.ts, docs/scenario.md) -------------

  const HOURS_EXPECTED = 'expected 24 relative weights of traffic, one per hour of the day from 00:00 (e.g. [0, 0, …, 1, 2, 2, …])';
  const UTC_OFFSET_EXPECTED = 'expected the time zone as hours from UTC, from -12 to 14 in quarter hours (e.g. 8 for Beijing, -5 for New York in winter)';
  /** When the traffic comes: an hour-of-day profile (and the weekday share), for time-windowed rates. Not drawn by the Monte Carlo. */
  const timeProfileSchema = lazily(() => z.strictObject({
    preset: z.optional(z.enum(TIME_PROFILE_PRESETS, { error: `expected one of ${TIME_PROFILE_PRESETS.join(', ')}` })),
    hours: z.optional(
      z
        .array(num(HOURS_EXPECTED, z.gte(0, { error: 'expected a weight ≥ 0' }), z.lte(1e9, { error: 'expected a weight of at most 1e9 — weights are relative' })), { error: HOURS_EXPECTED })
        .check(z.length(24, { error: HOURS_EXPECTED })),
    ),
    utc_offset: z.optional(
      num(
        UTC_OFFSET_EXPECTED,
        z.gte(-12, { error: UTC_OFFSET_EXPECTED }),
        z.lte(14, { error: UTC_OFFSET_EXPECTED }),
        z.multipleOf(0.25, { error: UTC_OFFSET_EXPECTED }),
      ),
    ),
    weekday_share: optionalRate,
  }));

  const TIER_EXPECTED = `expected one of ${SERVICE_TIER_NAMES.join(', ')}, or shares of the calls per tier, e.g. { standard: 0.7, flex: 0.3 }`;
  /** Which processing tier the calls use: one tier, or shares across tiers (summing to 1). */
  const serviceTierSchema = lazily(() => z.union(
    [
      z.enum(SERVICE_TIER_NAMES, { error: TIER_EXPECTED }),
      z.strictObject({ standard: optionalRate, flex: optionalRate, priority: optionalRate }),
    ],
    { error: TIER_EXPECTED },
  ));

  const stageSchema = z.strictObject({
    name: str('expected a stage name', z.minLength(1, { error: 'expected a non-empty stage name' }), z.regex(/\S/, { error: 'expected a stage name with a visible character, not only spaces' })),
    model: z.optional(str('expected a model name', z.minLength(1))),
    models: z.optional(modelsSchema),
    share_of_requests: optionalRate,
    agent_steps: z.optional(boundedCount(LIMITS.agent_steps, 'mean model calls per request', 1)),
    input: z.optional(inputSchema),
    context_growth_per_step: optionalTokens,
    output: optionalTokens,
    reasoning: optionalTokens,
    cache: z.optional(cacheSchema),
    response_cache_hit_rate: optionalRate,
    batch_share: optionalRate,
    retry_rate: optionalRate,
    max_retries: z.optional(boundedCount(LIMITS.max_retries, 'retries of a failed call', 0, true)),
    match: z.optional(matchSchema),
    // -- provider-specific rules --
    /** Overrides the scenario's `service_tier` for this stage. */
    service_tier: z.optional(serviceTierSchema),
    /** Overrides `traffic.time_profile` for this stage (e.g. a nightly batch stage). */
    time_profile: z.optional(timeProfileSchema),
    // ── fees beyond text tokens (issue 14 §3: tools, cache storage, audio, image): schema/fees.ts ──
    ...stageFeeFields(),
  });

  const trafficSchema = z.strictObject({
    requests_per_day: z.optional(boundedCount(LIMITS.requests_per_day, 'requests a day')),
    requests_per_month: z.optional(boundedCount(LIMITS.requests_per_month, 'requests a month')),
    users: z.optional(boundedCount(LIMITS.users, 'users')),
    requests_per_user_per_day: z.optional(boundedCount(LIMITS.requests_per_user_per_day, 'requests a user makes a day')),
    days_per_month: z.optional(num('expected a number > 0', z.gt(0, { error: 'expected a number > 0' }), z.lte(LIMITS.days_per_month, { error: `expected at most ${LIMITS.days_per_month} days` }))),
    /** When in the day and week the requests come (default flat); prices time-windowed rates. */
    time_profile: z.optional(timeProfileSchema),
  });

  const optionalNonNegative = z.optional(nonNegative());
  const lineItemSchema = z.strictObject({
    name: str('expected a line item name', z.minLength(1), z.regex(/\S/, { error: 'expected a line item name with a visible character, not only spaces' })),
    category: z.optional(nonEmpty),
    monthly: optionalNonNegative,
    per_request: optionalNonNegative,
    per_user: optionalNonNegative,
    minutes: z.optional(boundedCount(LIMITS.minutes, 'minutes per request')),
    hourly_rate: optionalNonNegative,
    share_of_requests: optionalRate,
    model: z.optional(nonEmpty),
    tokens_per_month: z.optional(boundedCount(LIMITS.tokens_per_month, 'tokens a month')),
  });

  const outcomesSchema = lazily(() => z.strictObject({
    name: z.optional(nonEmpty),
    per_request: z.optional(z.pipe(nonNegativeOrPercent(), boundedCount(LIMITS.outcomes_per_request, 'outcomes per request'))),
    per_month: z.optional(boundedCount(LIMITS.outcomes_per_month, 'outcomes a month')),
    value: z.optional(z.number({ error: 'expected a money amount' })),
  }));


  const budgetSchema = lazily(() => z.strictObject({
    monthly: positive(),
    alert_at: optionalRate,
    at: z.optional(z.enum(BUDGET_PERCENTILES, { error: 'expected p50, p80 or p95 (the percentile of the monthly cost the budget is judged at)' })),
  }));

  const GROWTH_RATE_EXPECTED = 'expected a monthly growth rate between -100% and 100%, e.g. 0.08 or "8%"';
  /** Monthly growth of the request volume: a fraction (or percent string) in (-1, 1]. */
  const growthBounds = () => [z.gt(-1, { error: `${GROWTH_RATE_EXPECTED} (above -100%)` }), z.lte(1, { error: `${GROWTH_RATE_EXPECTED} (at most 100%, i.e. 1)` })] as const;
  const growthRate = () => z.pipe(
    z.pipe(
      z.union(
        [
          // bounds on the number too, so the JSON Schema for editors carries them
          num(GROWTH_RATE_EXPECTED, ...growthBounds()),
          str(undefined, z.regex(PERCENT_RE, { error: GROWTH_RATE_EXPECTED })),
        ],
        { error: GROWTH_RATE_EXPECTED },
      ),
      z.transform((v: number | string) => (typeof v === 'string' ? Number.parseFloat(v) / 100 : v)),
    ),
    num(undefined, ...growthBounds()),
  );

  const MONTHS_EXPECTED = `expected a whole number of months (1 to ${LIMITS.months})`;
  const START_EXPECTED = 'expected the first month as YYYY-MM from 0001-01 to 9989-12, e.g. "2026-01"';

  /** Volume over time for `aifinops forecast` (docs/forecast.md). */
  const growthSchema = lazily(() => z.strictObject({
    monthly_rate: z.optional(growthRate()),
    curve: z.optional(
      z
        .array(boundedCount(LIMITS.growth_multiplier, 'times the volume'), { error: 'expected a list of monthly request multipliers, e.g. [0.2, 0.5, 1, 1.3]' })
        .check(z.minLength(1, { error: 'expected at least one monthly multiplier' }), z.maxLength(LIMITS.months, { error: `expected at most ${LIMITS.months} months` })),
    ),
    months: z.optional(
      num(MONTHS_EXPECTED, z.int({ error: MONTHS_EXPECTED }), z.gte(1, { error: MONTHS_EXPECTED }), z.lte(LIMITS.months, { error: MONTHS_EXPECTED })),
    ),
    start: z.optional(str(START_EXPECTED, z.regex(MONTH_START_RE, { error: START_EXPECTED }))),
  }));

  const scenarioSchema = z.strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    name: str('expected a scenario name', z.minLength(1), z.regex(/\S/, { error: 'expected a scenario name with a visible character, not only spaces' })),
    description: z.optional(z.string()),
    currency: z.optional(currency()),
    pricing: z.optional(z.array(nonEmpty, { error: 'expected a list of catalogue file paths' })),
    tags: z.optional(lazily(() => z.record(z.string(), z.pipe(z.union([z.string(), z.number(), z.boolean()]), z.transform(String))))),
    /** Another way to build the same feature: kept out of totals and roll-ups when that scenario is in the same run. */
    alternative_of: z.optional(str('expected the name or file of the scenario this one is an alternative to', z.minLength(1, { error: 'expected a scenario name or file' }))),
    traffic: trafficSchema,
    /** The processing tier of every stage's calls unless a stage says otherwise (default standard). */
    service_tier: z.optional(serviceTierSchema),
    pipeline: arr(stageSchema, 'expected a list of stages', z.minLength(1, { error: 'expected at least one stage' })),
    costs: z.optional(z.array(lineItemSchema)),
    outcomes: z.optional(outcomesSchema),
    budget: z.optional(budgetSchema),
    growth: z.optional(growthSchema),
    /** Who the users are, for `aifinops seats` (docs/seat-plans.md). */
    seats: z.optional(scenarioSeatsSchema()),
    variants: z.optional(lazily(() => z.record(nonEmpty, z.record(nonEmpty, z.unknown())))),
    /** Self-hosted deployments for `aifinops breakeven` (docs/breakeven.md); the cost engine ignores them. */
    deployments: z.optional(lazily(() => z.array(deploymentSchemas().inlineDeploymentSchema, { error: 'expected a list of deployments, each with a name' }))),
    /** Which actual usage is this scenario's, for `aifinops actuals compare` and `calibrate`; the cost engine ignores it. */
    match: z.optional(matchSchema),
  });

  // (what other modules read; the page engine carries this object's key names)
  return { scenarioSchema, growthSchema, stageSchema, trafficSchema, cacheSchema, lineItemSchema, modelEntrySchema, inputPartSchema };
}

let built: ReturnType<typeof build> | undefined;
/** The scenario's schemas (built on the first call). */
export function scenarioSchemas(): ReturnType<typeof build> {
  return (built ??= build());
}

/** The scenario schema: one lazy node until something parses, walks or describes it. */
export const scenarioSchema = /* @__PURE__ */ deferred(() => lazily(() => scenarioSchemas().scenarioSchema));
/** The growth block (docs/forecast.md). */
export const growthSchema = /* @__PURE__ */ deferred(() => lazily(() => scenarioSchemas().growthSchema));

export type ScenarioInput = Z.input<ReturnType<typeof build>['scenarioSchema']>;
export type ScenarioParsed = Z.output<ReturnType<typeof build>['scenarioSchema']>;
export type StageParsed = ScenarioParsed['pipeline'][number];
export type LineItemParsed = NonNullable<ScenarioParsed['costs']>[number];
export type GrowthParsed = NonNullable<ScenarioParsed['growth']>;
export type MatchParsed = NonNullable<ScenarioParsed['match']>;
export type TimeProfileParsed = NonNullable<ScenarioParsed['traffic']['time_profile']>;
export type ServiceTierParsed = NonNullable<ScenarioParsed['service_tier']>;
export type InputPartParsed = Z.output<ReturnType<typeof build>['inputPartSchema']>;
export type PromptRef = Exclude<InputPartParsed, number>;
