/** Scenario file (spec §2). Shape only; defaults and semantic rules live in load/scenario.ts. */
import * as z from 'zod';
import { currency, nonNegative, nonNegativeOrPercent, PERCENT_RE, positive, rate } from './common.js';
import { deploymentSchemas } from './deployment.js';
import { scenarioSeatsSchema } from './scenario-seats.js';

/** The input parts of a call, in the order they are summed (spec §3: I = system + tools + context + history + user). */
export const INPUT_PARTS = ['system', 'tools', 'context', 'history', 'user'] as const;
export type InputPart = (typeof INPUT_PARTS)[number];

const tokens = z.number({ error: 'expected a number of tokens ≥ 0' }).min(0, { error: 'expected a number of tokens ≥ 0' });

/** Placeholder syntaxes a prompt template may use (see src/tokens/template.ts). */
export const TEMPLATE_SYNTAX_NAMES = ['jinja', 'fstring', 'dollar'] as const;

const promptPath = z.string({ error: 'expected a file path relative to the scenario, e.g. prompts/system.md' }).min(1, { error: 'expected a non-empty file path' });

/**
 * A part counted from prompt files (docs/prompt-files.md). Give exactly one of `file`, `files`
 * or `template` (checked when loading, with a located message):
 * - `{ file: path }` — one file;
 * - `{ files: [path or glob, …] }` or `{ files: glob }` — several files, summed;
 * - `{ template: path, fill: tokens, syntax? }` — the template's fixed text plus `fill` tokens
 *   for what gets filled into its placeholders.
 */
export const promptRefSchema = z.strictObject({
  file: promptPath.optional(),
  files: z
    .union([promptPath, z.array(promptPath).min(1, { error: 'expected at least one path or glob' })], {
      error: 'expected a path, a glob (prompts/*.md) or a list of them',
    })
    .optional(),
  template: promptPath.optional(),
  fill: tokens.optional(),
  syntax: z.enum(TEMPLATE_SYNTAX_NAMES, { error: `expected one of ${TEMPLATE_SYNTAX_NAMES.join(', ')}` }).optional(),
});

const INPUT_PART_EXPECTED =
  'expected a number of tokens, or a prompt file: { file: path }, { files: [paths or globs] } or { template: path, fill: tokens }';

/** An input part: a token count, or prompt files whose tokens are counted per model. */
export const inputPartSchema = z.union([tokens, promptRefSchema], {
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

export const inputSchema = z.strictObject({
  system: inputPartSchema.optional(),
  tools: inputPartSchema.optional(),
  context: inputPartSchema.optional(),
  history: inputPartSchema.optional(),
  user: inputPartSchema.optional(),
});

export const cacheSchema = z.strictObject({
  hit_rate: rate,
  cacheable: z
    .array(z.enum(INPUT_PARTS, { error: `expected input part names: ${INPUT_PARTS.join(', ')}` }))
    .optional(),
  ttl: z.enum(['5m', '1h'], { error: 'expected 5m or 1h' }).optional(),
});

export const modelEntrySchema = z.strictObject({
  id: z.string({ error: 'expected a model name such as "gpt-4o-mini" or "openai/gpt-4o-mini"' }).min(1),
  share: rate,
  output: tokens.optional(),
  reasoning: tokens.optional(),
});

export const modelsSchema = z.union(
  [z.record(z.string().min(1), rate), z.array(modelEntrySchema).min(1, { error: 'expected at least one model' })],
  { error: 'expected a mapping of model → share (e.g. { gpt-4o-mini: 0.8, gpt-4o: 0.2 }) or a list of { id, share }' },
);

export const stageSchema = z.strictObject({
  name: z.string({ error: 'expected a stage name' }).min(1, { error: 'expected a non-empty stage name' }),
  model: z.string({ error: 'expected a model name' }).min(1).optional(),
  models: modelsSchema.optional(),
  share_of_requests: rate.optional(),
  agent_steps: z.number({ error: 'expected a number ≥ 1' }).min(1, { error: 'expected a number ≥ 1 (mean model calls per request)' }).optional(),
  input: inputSchema.optional(),
  context_growth_per_step: tokens.optional(),
  output: tokens.optional(),
  reasoning: tokens.optional(),
  cache: cacheSchema.optional(),
  response_cache_hit_rate: rate.optional(),
  batch_share: rate.optional(),
  retry_rate: rate.optional(),
  max_retries: z.number({ error: 'expected a whole number ≥ 0' }).int({ error: 'expected a whole number ≥ 0' }).min(0, { error: 'expected a whole number ≥ 0' }).optional(),
});

export const trafficSchema = z.strictObject({
  requests_per_day: nonNegative.optional(),
  requests_per_month: nonNegative.optional(),
  users: nonNegative.optional(),
  requests_per_user_per_day: nonNegative.optional(),
  days_per_month: positive.max(31, { error: 'expected at most 31 days' }).optional(),
});

export const lineItemSchema = z.strictObject({
  name: z.string({ error: 'expected a line item name' }).min(1),
  category: z.string().min(1).optional(),
  monthly: nonNegative.optional(),
  per_request: nonNegative.optional(),
  per_user: nonNegative.optional(),
  minutes: nonNegative.optional(),
  hourly_rate: nonNegative.optional(),
  share_of_requests: rate.optional(),
  model: z.string().min(1).optional(),
  tokens_per_month: nonNegative.optional(),
});

export const outcomesSchema = z.strictObject({
  name: z.string().min(1).optional(),
  per_request: nonNegativeOrPercent.optional(),
  per_month: nonNegative.optional(),
  value: z.number({ error: 'expected a money amount' }).optional(),
});

/** The percentile of the monthly cost a budget is judged at (docs/uncertainty.md). */
export const BUDGET_PERCENTILES = ['p50', 'p80', 'p95'] as const;

export const budgetSchema = z.strictObject({
  monthly: positive,
  alert_at: rate.optional(),
  at: z.enum(BUDGET_PERCENTILES, { error: 'expected p50, p80 or p95 (the percentile of the monthly cost the budget is judged at)' }).optional(),
});

const GROWTH_RATE_EXPECTED = 'expected a monthly growth rate between -100% and 100%, e.g. 0.08 or "8%"';
/** Monthly growth of the request volume: a fraction (or percent string) in (-1, 1]. */
export const growthRate = z
  .union(
    [
      // bounds on the number too, so the JSON Schema for editors carries them
      z.number({ error: GROWTH_RATE_EXPECTED }).gt(-1, { error: `${GROWTH_RATE_EXPECTED} (above -100%)` }).max(1, { error: `${GROWTH_RATE_EXPECTED} (at most 100%, i.e. 1)` }),
      z.string().regex(PERCENT_RE, { error: GROWTH_RATE_EXPECTED }),
    ],
    { error: GROWTH_RATE_EXPECTED },
  )
  .transform((v) => (typeof v === 'string' ? Number.parseFloat(v) / 100 : v))
  .pipe(z.number().gt(-1, { error: `${GROWTH_RATE_EXPECTED} (above -100%)` }).max(1, { error: `${GROWTH_RATE_EXPECTED} (at most 100%, i.e. 1)` }));

/** Volume over time for `aifinops forecast` (docs/forecast.md). */
export const growthSchema = z.strictObject({
  monthly_rate: growthRate.optional(),
  curve: z
    .array(nonNegative, { error: 'expected a list of monthly request multipliers, e.g. [0.2, 0.5, 1, 1.3]' })
    .min(1, { error: 'expected at least one monthly multiplier' })
    .max(120, { error: 'expected at most 120 months' })
    .optional(),
  months: z.number({ error: 'expected a whole number of months (1 to 120)' }).int({ error: 'expected a whole number of months (1 to 120)' }).min(1, { error: 'expected a whole number of months (1 to 120)' }).max(120, { error: 'expected a whole number of months (1 to 120)' }).optional(),
  start: z.string({ error: 'expected the first month as YYYY-MM, e.g. "2026-01"' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected the first month as YYYY-MM, e.g. "2026-01"' }).optional(),
});

const overrideValue = z.unknown();

export const scenarioSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  name: z.string({ error: 'expected a scenario name' }).min(1),
  description: z.string().optional(),
  currency: currency.optional(),
  pricing: z.array(z.string().min(1), { error: 'expected a list of catalogue file paths' }).optional(),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  traffic: trafficSchema,
  pipeline: z.array(stageSchema, { error: 'expected a list of stages' }).min(1, { error: 'expected at least one stage' }),
  costs: z.array(lineItemSchema).optional(),
  outcomes: outcomesSchema.optional(),
  budget: budgetSchema.optional(),
  growth: growthSchema.optional(),
  /** Who the users are, for `aifinops seats` (docs/seat-plans.md). */
  seats: scenarioSeatsSchema.optional(),
  variants: z.record(z.string().min(1), z.record(z.string().min(1), overrideValue)).optional(),
  /** Self-hosted deployments for `aifinops breakeven` (docs/breakeven.md); the cost engine ignores them. */
  deployments: z.array(z.lazy(() => deploymentSchemas().inlineDeploymentSchema), { error: 'expected a list of deployments, each with a name' }).optional(),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioParsed = z.output<typeof scenarioSchema>;
export type StageParsed = z.output<typeof stageSchema>;
export type LineItemParsed = z.output<typeof lineItemSchema>;
export type GrowthParsed = z.output<typeof growthSchema>;
export type PromptRef = z.output<typeof promptRefSchema>;
export type InputPartParsed = z.output<typeof inputPartSchema>;
