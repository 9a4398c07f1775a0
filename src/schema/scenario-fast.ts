/**
 * A zod-free fast check of the scenario shape (schema/scenario.ts) for the plain scenarios most
 * runs load: it gives exactly the data `scenarioSchema.safeParse` gives (the same values, keys and
 * key order) for a value it is sure the schema accepts, and `undefined` for anything else — any
 * value outside its bounds or type, any key or block it does not cover (provider rules —
 * service_tier, time_profile —, deployments, match, a bound it is unsure of). It covers the
 * `seats:` block, prompt-file input parts and the stage fee fields (tool_calls, tool_hours, audio,
 * image, cache_storage), so that no bundled scenario needs zod. The loader then runs the schema,
 * which gives the located messages: nothing here ever reports a problem.
 *
 * Why: building the zod schema's nodes and their first parse (each node compiles its checks on
 * first use) cost a plain `estimate` more than the rest of its scenario load. The schema stays the
 * single source of truth: test/schema/scenario-fast.test.ts checks this against it on generated
 * valid and invalid scenarios (every value this accepts, the schema accepts with the same output).
 */
import { CURRENCY_RE, LIMITS } from './common.js';
import { anyString, list, mapping, NO, object, oneOf, percentOr, range, text, type R } from './fast-check.js';
import { FEE_LIMITS } from './fees.js';
import { INPUT_PARTS } from './input-parts.js';
import { BUDGET_PERCENTILES, CACHE_TTLS, MONTH_START_RE, TEMPLATE_SYNTAX_NAMES, type GrowthParsed, type ScenarioParsed } from './scenario.js';

// ---- the scenario's blocks, in the schema's shape order ------------------------------------------

const rate = percentOr(0, 1);
const tokens = range(0, LIMITS.tokens);
const nonNegative = range(0, Infinity);
const nonEmpty = text();

const modelEntry = object({ id: nonEmpty, share: rate, output: tokens, reasoning: tokens }, ['id', 'share']);
/** The tier mix: a mapping of model → share, or a list of { id, share }. */
const models = (v: unknown): unknown => (Array.isArray(v) ? list(modelEntry, 1)(v) : mapping(rate)(v));

/** A prompt file reference (the schema's promptRefSchema: every key optional; "exactly one of" is the loader's). */
const promptPath = nonEmpty;
const promptRef = object({
  file: promptPath,
  files: (v: unknown): unknown => (typeof v === 'string' ? promptPath(v) : list(promptPath, 1)(v)),
  template: promptPath,
  fill: tokens,
  syntax: oneOf(TEMPLATE_SYNTAX_NAMES),
});
/** An input part: a number of tokens, else a prompt file reference (the schema's union, in its order). */
const inputPart = (v: unknown): unknown => (typeof v === 'number' ? tokens(v) : promptRef(v));

/** `{ web_search: 0.4, … }` (schema/fees.ts perTool). */
const perTool = (max: number) => {
  const n = range(0, max);
  return object({ web_search: n, code_execution: n, file_search: n, grounding: n });
};
/** Audio or image tokens per call (schema/fees.ts mediaSchema). */
const media = object({ input: tokens, output: tokens, cache_hit_rate: rate });

const stage = object(
  {
    name: text(true),
    model: nonEmpty,
    models,
    share_of_requests: rate,
    agent_steps: range(1, LIMITS.agent_steps),
    input: object({ system: inputPart, tools: inputPart, context: inputPart, history: inputPart, user: inputPart }),
    context_growth_per_step: tokens,
    output: tokens,
    reasoning: tokens,
    cache: object({ hit_rate: rate, cacheable: list(oneOf(INPUT_PARTS)), ttl: oneOf(CACHE_TTLS) }, ['hit_rate']),
    response_cache_hit_rate: rate,
    batch_share: rate,
    retry_rate: rate,
    max_retries: range(0, LIMITS.max_retries, true),
    // (match, service_tier, time_profile: the schema)
    // the fee fields (schema/fees.ts stageFeeFields), in its order
    tool_calls: perTool(FEE_LIMITS.tool_calls),
    tool_hours: perTool(FEE_LIMITS.tool_hours),
    audio: media,
    image: media,
    cache_storage: object(
      { tokens: range(0, LIMITS.tokens), hours_per_month: range(0, FEE_LIMITS.hours_per_month), hours_per_day: range(0, FEE_LIMITS.hours_per_day) },
      ['tokens'],
    ),
  },
  ['name'],
);

const traffic = object({
  requests_per_day: range(0, LIMITS.requests_per_day),
  requests_per_month: range(0, LIMITS.requests_per_month),
  users: range(0, LIMITS.users),
  requests_per_user_per_day: range(0, LIMITS.requests_per_user_per_day),
  days_per_month: (v: unknown): R<number> => (typeof v === 'number' && v > 0 && v <= LIMITS.days_per_month ? v : NO), // (0, 31]
});

const lineItem = object(
  {
    name: text(true),
    category: nonEmpty,
    monthly: nonNegative,
    per_request: nonNegative,
    per_user: nonNegative,
    minutes: range(0, LIMITS.minutes),
    hourly_rate: nonNegative,
    share_of_requests: rate,
    model: nonEmpty,
    tokens_per_month: range(0, LIMITS.tokens_per_month),
  },
  ['name'],
);

const outcomes = object({
  name: nonEmpty,
  per_request: (v: unknown): R<number> => {
    const x = percentOr(0, Infinity)(v);
    return x !== NO && x <= LIMITS.outcomes_per_request ? x : NO;
  },
  per_month: range(0, LIMITS.outcomes_per_month),
  value: range(-Infinity, Infinity),
});

const budget = object({ monthly: (v: unknown): R<number> => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : NO), alert_at: rate, at: oneOf(BUDGET_PERCENTILES) }, ['monthly']);

const growth = object({
  monthly_rate: percentOr(-1, 1, true),
  curve: list(range(0, LIMITS.growth_multiplier), 1, LIMITS.months),
  months: range(1, LIMITS.months, true),
  start: (v: unknown): R<string> => (typeof v === 'string' && MONTH_START_RE.test(v) ? v : NO),
});

/** Who the users are (schema/scenario-seats.ts). */
const seats = object({
  active_share: rate,
  segments: list(object({ name: nonEmpty, share: rate, requests_per_user_per_day: range(0, LIMITS.requests_per_user_per_day) }, ['name', 'share', 'requests_per_user_per_day']), 1, 8),
  keep_costs: list(nonEmpty),
});

/** A tag's value as text: what the schema's union → String gives. */
const tagValue = (v: unknown): R<string> => (typeof v === 'string' ? v : typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : NO);

const scenario = object(
  {
    version: (v: unknown): R<1> => (v === 1 ? 1 : NO),
    name: text(true),
    description: anyString,
    currency: (v: unknown): R<string> => (typeof v === 'string' && CURRENCY_RE.test(v) ? v : NO),
    pricing: list(nonEmpty),
    tags: mapping(tagValue, 0),
    alternative_of: nonEmpty,
    traffic,
    pipeline: list(stage, 1),
    costs: list(lineItem),
    outcomes,
    budget,
    growth,
    seats,
    // a variant's values are any YAML (z.unknown: the same values); they are checked when applied
    variants: mapping(mapping((v) => v)),
    // (service_tier, deployments, match: the schema)
  },
  ['version', 'name', 'traffic', 'pipeline'],
);

/** The schema's output for `raw` when this check is sure of it, else undefined (run the schema). */
export function fastScenario(raw: unknown): ScenarioParsed | undefined {
  const r = scenario(raw);
  return r === NO ? undefined : (r as ScenarioParsed);
}

/** `growthSchema`'s output for `raw` when this check is sure of it, else undefined. */
export function fastGrowth(raw: unknown): GrowthParsed | undefined {
  const r = growth(raw);
  return r === NO ? undefined : (r as GrowthParsed);
}
