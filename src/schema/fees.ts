/**
 * Fees beyond text tokens (issue 14 §3, first half): server-side tools, cache storage billed per
 * token-hour, audio and image tokens. The scenario's usage fields (per stage) and the catalogue's
 * prices (per model). The arithmetic is in core/fees.ts; docs/cost-model.md "Fees beyond text
 * tokens". zod/mini: see common.ts.
 */
import type * as Z from 'zod/mini';
import { z } from './zod.js';
import { boundedCount, isoDate, lazily, LIMITS, nonNegative, rate, str } from './common.js';

/** Server-side tools a provider bills on its own (not the model's tokens). */
export const FEE_TOOLS = ['web_search', 'code_execution', 'file_search', 'grounding'] as const;
export type FeeTool = (typeof FEE_TOOLS)[number];

/** Bounds against typos, like LIMITS in common.ts. */
export const FEE_LIMITS = {
  /** Server-side tool uses per model call. */
  tool_calls: 1000,
  /** Container-hours per model call. */
  tool_hours: 1000,
  /** Hours a cache is held per month (a month is at most 31 × 24 = 744 hours). */
  hours_per_month: 744,
  hours_per_day: 24,
} as const;

/*
 * Every schema here is built on first use (common.ts `lazily`): a stage without fees never builds
 * them, and the catalogue's are built with the catalogue schema (a run normally reads the bundled
 * catalogues from the build's validated snapshot).
 */

/** `{ web_search: 0.4, … }`: a mean per model call for each tool (strict: a misspelt tool is a did-you-mean error). */
function perTool(max: number, unit: string) {
  const n = boundedCount(max, unit);
  return z.strictObject({ web_search: z.optional(n), code_execution: z.optional(n), file_search: z.optional(n), grounding: z.optional(n) });
}

/** The stage keys this file adds to `stageSchema` (spread into it, one block), built with it. */
export function stageFeeFields() {
  /** Mean billable uses per model call of each server-side tool (searches, grounded queries, …). */
  const toolCallsSchema = lazily(() => perTool(FEE_LIMITS.tool_calls, 'uses per model call'));
  /** Mean container-hours per model call, for tools billed by the hour (code execution on some providers). */
  const toolHoursSchema = lazily(() => perTool(FEE_LIMITS.tool_hours, 'container-hours per model call'));

  /** Audio or image tokens per model call, besides the text tokens of `input` and `output`. */
  const mediaSchema = lazily(() => {
    const tokens = boundedCount(LIMITS.tokens, 'tokens per call');
    return z.strictObject({
      input: z.optional(tokens),
      output: z.optional(tokens),
      /** Share of the media input tokens read from the prompt cache (default 0). */
      cache_hit_rate: z.optional(rate()),
    });
  });

  /** An explicit context cache held on the provider, billed per token-hour (Gemini). */
  const cacheStorageSchema = lazily(() =>
    z.strictObject({
      /** The cache's size in tokens. */
      tokens: boundedCount(LIMITS.tokens, 'tokens in the cache'),
      hours_per_month: z.optional(boundedCount(FEE_LIMITS.hours_per_month, 'hours a month')),
      hours_per_day: z.optional(boundedCount(FEE_LIMITS.hours_per_day, 'hours a day')),
    }),
  );

  return {
    tool_calls: z.optional(toolCallsSchema),
    tool_hours: z.optional(toolHoursSchema),
    audio: z.optional(mediaSchema),
    image: z.optional(mediaSchema),
    cache_storage: z.optional(cacheStorageSchema),
  };
}

// ---------------------------------------------------------------------------------------------
// Catalogue

/** One tool's price: per 1,000 billable uses, or per container-hour. Dated and sourced (hand supplements). */
function buildToolPrice() {
  return z.strictObject({
    per_1k: z.optional(nonNegative()),
    per_hour: z.optional(nonNegative()),
    /** What one billable use is, in the provider's words (e.g. "search query", "grounded prompt"). */
    unit: z.optional(str(undefined, z.minLength(1))),
    as_of: z.optional(isoDate()),
    source: z.optional(str(undefined, z.minLength(1))),
  }).check(
    z.superRefine((t, ctx) => {
      if ((t.per_1k === undefined) === (t.per_hour === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'give exactly one of per_1k (price per 1,000 uses) or per_hour (price per container-hour)', input: t });
      }
    }),
  );
}

/** Per-model token rates for audio and images (per 1M tokens) and the other fees, added to a catalogue model entry (built with the catalogue schema). */
export function catalogueFeeFields() {
  const toolPriceSchema = buildToolPrice();
  return {
    input_audio: z.optional(nonNegative()),
    output_audio: z.optional(nonNegative()),
    cache_read_audio: z.optional(nonNegative()),
    /** Absent: image input tokens cost `input` (as OpenAI and Anthropic bill them). */
    input_image: z.optional(nonNegative()),
    output_image: z.optional(nonNegative()),
    cache_read_image: z.optional(nonNegative()),
    /** Explicit context cache storage, per 1M tokens per hour. */
    cache_storage: z.optional(nonNegative()),
    tools: z.optional(
      z.strictObject({
        web_search: z.optional(toolPriceSchema),
        code_execution: z.optional(toolPriceSchema),
        file_search: z.optional(toolPriceSchema),
        grounding: z.optional(toolPriceSchema),
      }),
    ),
  };
}

export type StageFeesParsed = {
  tool_calls?: Partial<Record<FeeTool, number>> | undefined;
  tool_hours?: Partial<Record<FeeTool, number>> | undefined;
  audio?: Z.output<ReturnType<typeof stageFeeFields>['audio']> | undefined;
  image?: Z.output<ReturnType<typeof stageFeeFields>['image']> | undefined;
  cache_storage?: Z.output<ReturnType<typeof stageFeeFields>['cache_storage']> | undefined;
};
export type ToolPrice = Z.output<ReturnType<typeof buildToolPrice>>;
