/**
 * Hover texts for the generated JSON Schemas (what an editor shows next to a key), following
 * the spec (docs/scenario.md, docs/pricing-catalogue.md). Paths: `a.b`, `[]` list items,
 * `*` mapping values. A path that names no property fails the schema generation (and its test).
 *
 * Each table is built on its first call, then the same object every time: only `aifinops schema`
 * and `aifinops report` read them, and building the scenario's (some 150 keys, defined one by one
 * after the spread of the prompt-reference keys) was a third of a millisecond of every `validate`'s
 * start-up, which registers the file kinds (load/kinds.ts) but never writes a JSON Schema.
 */

/** `build`'s table, built on the first call (see the top of this file). */
function memo<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

const RATE = 'a fraction in [0, 1] or a percent string such as "35%"';

const PROMPT_REF: Record<string, string> = {
  file: 'One prompt file, relative to the scenario (inside its repository).',
  files: 'Several prompt files or globs (prompts/*.md), summed.',
  template: 'A prompt template: the tokens of its fixed text plus fill.',
  fill: 'Tokens filled into the template\'s placeholders per call.',
  syntax: 'Placeholder syntax of the template: jinja (default), fstring or dollar.',
};

/** Hover texts of the scenario schema, by path. */
export const scenarioDescriptions = memo((): Record<string, string> => ({
  version: 'File format version: 1.',
  name: 'Name shown in reports.',
  description: 'Free text: what the feature does.',
  currency: 'Currency of the scenario (default USD); every catalogue pricing it must use the same currency.',
  pricing: 'Extra pricing catalogues (paths relative to this file), loaded after the bundled ones; a later entry for the same provider/model wins (negotiated rates).',
  tags: 'Labels for showback roll-ups, e.g. { team: support, cost_center: CC-104 } (estimate --group-by team).',
  alternative_of:
    'This scenario is another way to build the feature of another scenario (its name, file, or file name without .yaml, e.g. support-unoptimised): when both are estimated together, this one is shown apart and kept out of the totals and --group-by roll-ups.',
  traffic: 'Volume, given exactly one way: requests_per_day, requests_per_month, or users with requests_per_user_per_day.',
  'traffic.requests_per_day': 'Requests (user-facing interactions) per calendar day; × days_per_month gives the month.',
  'traffic.requests_per_month': 'Requests per month.',
  'traffic.users': 'Number of users; with requests_per_user_per_day it gives the volume, otherwise it enables cost per user.',
  'traffic.requests_per_user_per_day': 'Requests one user makes per day (needs users).',
  'traffic.days_per_month': 'Days in a month (default 365/12 = 30.42; use about 21.7 for working days).',
  pipeline: 'The model calls one request makes, as named stages.',
  'pipeline[].name': 'Stage name, unique; paths address the stage by it (pipeline.<name>.cache.hit_rate).',
  'pipeline[].model': 'One model for every call of this stage: provider/model, bare id or alias (aifinops pricing list).',
  'pipeline[].models': 'Tier mix: model → share of this stage\'s calls (shares sum to 1), or a list of { id, share, output, reasoning }.',
  'pipeline[].models.*': `Share of this stage's calls: ${RATE}.`,
  'pipeline[].models[].id': 'Model: provider/model, bare id or alias.',
  'pipeline[].models[].share': `Share of this stage's calls: ${RATE}.`,
  'pipeline[].models[].output': 'Output tokens per call for this model (replaces the stage value).',
  'pipeline[].models[].reasoning': 'Billed reasoning tokens per call for this model (replaces the stage value).',
  'pipeline[].share_of_requests': `Fraction of requests that reach this stage (default 1): ${RATE}.`,
  'pipeline[].agent_steps': 'Mean model calls per request reaching the stage (default 1, at least 1).',
  'pipeline[].input': 'Input tokens per call, by part: a number, or prompt files counted with each model\'s tokenizer ({ file }, { files }, { template, fill }; docs/prompt-files.md).',
  'pipeline[].input.system': 'System prompt tokens per call.',
  'pipeline[].input.tools': 'Tool definition tokens per call.',
  'pipeline[].input.context': 'Retrieved (RAG) or document context tokens per call.',
  'pipeline[].input.history': 'Conversation history tokens per call.',
  'pipeline[].input.user': 'User message tokens per call.',
  ...Object.fromEntries(['system', 'tools', 'context', 'history', 'user'].flatMap((part) => Object.entries(PROMPT_REF).map(([k, v]) => [`pipeline[].input.${part}.${k}`, v]))),
  'pipeline[].context_growth_per_step': 'Extra input tokens each further agent step adds (default 0).',
  'pipeline[].output': 'Output tokens per call.',
  'pipeline[].reasoning': 'Billed reasoning (thinking) tokens per call (default 0).',
  'pipeline[].cache': 'Prompt caching; leave it out when caching is not in use.',
  'pipeline[].cache.hit_rate': `Share of cacheable input tokens read from the prompt cache: ${RATE}.`,
  'pipeline[].cache.cacheable': 'Input parts forming the stable, cacheable prefix (default [system, tools]).',
  'pipeline[].cache.ttl': 'Which cache-write rate applies: 5m (default) or 1h.',
  'pipeline[].response_cache_hit_rate': `Requests answered from a response/semantic cache without a call (default 0): ${RATE}.`,
  'pipeline[].batch_share': `Share of calls sent through the batch API (default 0): ${RATE}.`,
  'pipeline[].retry_rate': `Probability an attempt fails and is re-sent (default 0): ${RATE}.`,
  'pipeline[].max_retries': 'Re-sends at most (default 1).',
  'pipeline[].match': 'Which actual usage is this stage\'s, for `aifinops actuals compare` and `calibrate` (docs/actuals.md); without it, the scenario\'s match on the stage\'s models.',
  'pipeline[].match.project': 'Usage of this project (OpenAI project_id, FOCUS sub-account, LiteLLM team_id, OTLP service.name); a list matches any.',
  'pipeline[].match.workspace': 'Usage of this workspace (Anthropic workspace_id, LiteLLM organization_id); a list matches any.',
  'pipeline[].match.api_key': 'Usage of this API key id (as the export names it); a list matches any.',
  'pipeline[].match.model': 'Usage of this model (a catalogue name or provider/model); a list matches any.',
  'pipeline[].match.tag': 'Usage carrying this key=value tag, e.g. "feature=search"; a list matches any.',
  // ── fees beyond text tokens (docs/cost-model.md "Fees beyond text tokens") ──
  'pipeline[].tool_calls': 'Mean billable uses per model call (each agent step and retry is a call) of server-side tools priced per 1,000 uses: web_search, code_execution, file_search, grounding.',
  'pipeline[].tool_hours': 'Mean container-hours per model call of server-side tools priced per container-hour (code execution on some providers).',
  'pipeline[].audio': 'Audio tokens per model call besides the text tokens, at the model\'s audio rates.',
  'pipeline[].audio.input': 'Audio input tokens per call.',
  'pipeline[].audio.output': 'Audio output tokens per call.',
  'pipeline[].audio.cache_hit_rate': `Share of the audio input tokens read from the prompt cache (default 0): ${RATE}.`,
  'pipeline[].image': 'Image tokens per model call besides the text tokens (without input_image in the catalogue, image input bills as text input).',
  'pipeline[].image.input': 'Image input tokens per call.',
  'pipeline[].image.output': 'Image output tokens per call.',
  'pipeline[].image.cache_hit_rate': `Share of the image input tokens read from the prompt cache (default 0): ${RATE}.`,
  'pipeline[].cache_storage': 'An explicit context cache held on the provider (Gemini), billed per token-hour, once per model of the mix: tokens and hours_per_month or hours_per_day.',
  'pipeline[].cache_storage.tokens': 'Size of the cache in tokens.',
  'pipeline[].cache_storage.hours_per_month': 'Hours the cache is held per month (at most 744).',
  'pipeline[].cache_storage.hours_per_day': 'Hours the cache is held per day (at most 24), × days_per_month.',
  costs: 'Everything that is not a pipeline token bill; each item gives exactly one of: monthly; per_request; per_user; minutes + hourly_rate; model + tokens_per_month.',
  'costs[].name': 'Line item name, unique.',
  'costs[].category': 'Cost category for the breakdown (e.g. retrieval, safety, human review, seats).',
  'costs[].monthly': 'A fixed amount per month.',
  'costs[].per_request': 'An amount per request (× share_of_requests).',
  'costs[].per_user': 'An amount per user per month (needs traffic.users).',
  'costs[].minutes': 'Minutes of human work per request it applies to (with hourly_rate).',
  'costs[].hourly_rate': 'Hourly rate of that work (with minutes).',
  'costs[].share_of_requests': `Fraction of requests the item applies to (per_request and minutes items; default 1): ${RATE}.`,
  'costs[].model': 'Model whose input rate prices tokens_per_month (e.g. an embedding model).',
  'costs[].tokens_per_month': 'Tokens per month priced at the model\'s input rate.',
  outcomes: 'What the spend buys: gives cost per outcome, and with value net value and ROI.',
  'outcomes.name': 'Name of one outcome, e.g. "ticket resolved".',
  'outcomes.per_request': 'Outcomes per request (e.g. 0.6 or "60%"); or give per_month.',
  'outcomes.per_month': 'Outcomes per month; or give per_request.',
  'outcomes.value': 'Money value of one outcome.',
  budget: 'A monthly guardrail: status ok, alert or over.',
  'budget.monthly': 'Monthly budget in the scenario currency.',
  'budget.alert_at': `Status "alert" from this share of the budget (default 0.8): ${RATE}.`,
  'budget.at': 'Judge the budget on this percentile of the monthly cost (p50, p80 or p95) instead of the point estimate (docs/uncertainty.md).',
  growth: 'Volume over time for `aifinops forecast`: a compound monthly_rate or a curve of monthly multipliers (docs/forecast.md).',
  'growth.monthly_rate': 'Compound growth of requests (and users) per month, e.g. 0.08 or "8%", between -100% and 100%; month 1 is the scenario as written.',
  'growth.curve': 'One multiplier of the volume per month, e.g. [0.2, 0.5, 1, 1.2]; it sets the horizon.',
  'growth.months': 'Months to forecast, 1 to 120 (default 12; a curve sets its own).',
  'growth.start': 'The first month as YYYY-MM, to label the months (default M1, M2, …).',
  seats: 'Who the users are, for `aifinops seats` (docs/seat-plans.md): active share, usage segments, costs kept under a seat plan.',
  match: 'Which actual usage is this scenario\'s, for `aifinops actuals compare` and `calibrate` (docs/actuals.md): every key given must match.',
  'match.project': 'Usage of this project (OpenAI project_id, FOCUS sub-account, LiteLLM team_id, OTLP service.name); a list matches any.',
  'match.workspace': 'Usage of this workspace (Anthropic workspace_id, LiteLLM organization_id); a list matches any.',
  'match.api_key': 'Usage of this API key id (as the export names it); a list matches any.',
  'match.model': 'Usage of this model (a catalogue name or provider/model); a list matches any.',
  'match.tag': 'Usage carrying this key=value tag, e.g. "feature=search"; a list matches any.',
  deployments: 'Self-hosted deployments for `aifinops breakeven` (docs/breakeven.md), each with a name; the cost estimate ignores them.',
  // -- provider rules (core/provider-rules.ts, docs/scenario.md "Provider rules") --
  service_tier: 'Processing tier of every stage\'s calls unless a stage says otherwise: standard (default), flex, priority, or shares such as { standard: 0.7, flex: 0.3 }.',
  'service_tier.standard': `Share of the calls at the standard tier: ${RATE}.`,
  'service_tier.flex': `Share of the calls at the flex tier (the catalogue's flex factor): ${RATE}.`,
  'service_tier.priority': `Share of the calls at the priority tier (the catalogue's priority factor): ${RATE}.`,
  'traffic.time_profile': 'When in the day and week the requests come (default flat); prices catalogue time windows such as DeepSeek\'s peak hours. Not drawn by the Monte Carlo.',
  'traffic.time_profile.preset': 'flat (every hour alike) or business-hours (09:00-18:00 local, Monday-Friday); or give hours.',
  'traffic.time_profile.hours': '24 relative traffic weights, hour 0 = 00:00-01:00 local time (utc_offset).',
  'traffic.time_profile.utc_offset': 'Local time = UTC + this many hours (-12 to 14, quarter hours), e.g. 8 for Beijing (default 0).',
  'traffic.time_profile.weekday_share': `Share of the traffic on Monday-Friday (default 5/7; business-hours: 1): ${RATE}.`,
  'pipeline[].service_tier': 'This stage\'s processing tier: standard, flex, priority, or shares across them (replaces the scenario\'s service_tier).',
  'pipeline[].service_tier.standard': `Share of the stage's calls at the standard tier: ${RATE}.`,
  'pipeline[].service_tier.flex': `Share of the stage's calls at the flex tier: ${RATE}.`,
  'pipeline[].service_tier.priority': `Share of the stage's calls at the priority tier: ${RATE}.`,
  'pipeline[].time_profile': 'This stage\'s own hour-of-day traffic profile (e.g. a nightly batch stage); replaces traffic.time_profile.',
  'pipeline[].time_profile.preset': 'flat or business-hours (09:00-18:00 local, Monday-Friday); or give hours.',
  'pipeline[].time_profile.hours': '24 relative traffic weights, hour 0 = 00:00-01:00 local time (utc_offset).',
  'pipeline[].time_profile.utc_offset': 'Local time = UTC + this many hours (-12 to 14, quarter hours).',
  'pipeline[].time_profile.weekday_share': `Share of this stage's traffic on Monday-Friday: ${RATE}.`,
  variants: 'Named what-ifs: each maps dotted paths (e.g. pipeline.answer.cache.hit_rate) to new values (estimate --variant NAME).',
}));

/** Exclusive keys the loader enforces, as JSON Schema so editors flag them while typing. */
export const scenarioExtra = memo((): Record<string, Record<string, unknown>> => ({
  traffic: {
    oneOf: [
      { required: ['requests_per_day'], not: { anyOf: [{ required: ['requests_per_month'] }, { required: ['requests_per_user_per_day'] }] } },
      { required: ['requests_per_month'], not: { anyOf: [{ required: ['requests_per_day'] }, { required: ['requests_per_user_per_day'] }] } },
      { required: ['requests_per_user_per_day', 'users'], not: { anyOf: [{ required: ['requests_per_day'] }, { required: ['requests_per_month'] }] } },
    ],
  },
  'pipeline[]': { oneOf: [{ required: ['model'] }, { required: ['models'] }] },
}));

/** Hover texts of the pricing catalogue schema, by path. */
export const catalogueDescriptions = memo((): Record<string, string> => ({
  version: 'File format version: 1.',
  provider: 'Provider id, lower-case (openai, anthropic, google, …); models are addressed as provider/model.',
  currency: 'Currency of every price in this file, e.g. USD.',
  as_of: 'Date the prices were checked (YYYY-MM-DD); reports show it.',
  source: 'Where the prices come from: a URL or a contract reference.',
  models: 'Models by id; prices per 1,000,000 tokens.',
  'models.*.aliases': 'Other names for this model.',
  'models.*.tier': 'budget | mid | premium | reasoning | embedding.',
  'models.*.context_window': 'Context window in tokens.',
  'models.*.input': 'Input price per 1M tokens.',
  'models.*.output': 'Output price per 1M tokens (0 for embedding models).',
  'models.*.cache_read': 'Cache read price per 1M tokens; absent = the model offers no prompt caching.',
  'models.*.cache_write': '5-minute cache write price per 1M tokens; absent = cache writes cost input.',
  'models.*.cache_write_1h': '1-hour cache write price per 1M tokens; absent = cache_write.',
  'models.*.cache_min_tokens': 'Shorter cacheable prefixes are never cached.',
  'models.*.reasoning': 'Reasoning token price per 1M; absent = output.',
  'models.*.batch_discount': `Fraction off every token rate for batch calls: ${RATE}; absent = no batch API.`,
  'models.*.long_context': 'Rates for calls whose input exceeds threshold; they replace all the base rates for the whole call.',
  'models.*.long_context.threshold': 'Input tokens above which the long-context rates apply.',
  'models.*.notes': 'Free text: where a hand-added figure comes from, caveats.',
  // -- provider rules --
  'models.*.time_windows': 'Daily UTC windows with their own rates (e.g. DeepSeek peak hours); the entry\'s rates apply outside them; a scenario\'s time_profile sets the share of calls in each.',
  'models.*.service_tiers': 'Flex / priority processing as a multiple of the rates in force: { flex: { factor: 0.5 }, priority: { factor: 2 } }.',
  // ── fees beyond text tokens (docs/pricing-catalogue.md "Fees beyond text tokens") ──
  'models.*.input_audio': 'Audio input price per 1M tokens; absent = the model takes no priced audio input.',
  'models.*.output_audio': 'Audio output price per 1M tokens.',
  'models.*.cache_read_audio': 'Price per 1M audio input tokens read from the prompt cache.',
  'models.*.input_image': 'Image input price per 1M tokens; absent = image input tokens cost input.',
  'models.*.output_image': 'Image output price per 1M tokens.',
  'models.*.cache_read_image': 'Price per 1M image input tokens read from the cache; absent with input_image absent = cache_read.',
  'models.*.cache_storage': 'Explicit context-cache storage price per 1M tokens per hour.',
  'models.*.tools': 'Server-side tool prices: web_search, code_execution, file_search, grounding, each { per_1k } or { per_hour } with unit, as_of and source.',
}));
