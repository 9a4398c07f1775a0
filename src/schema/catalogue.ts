/** Pricing catalogue (spec §1). Prices are per 1,000,000 tokens in the catalogue's currency. */
import * as z from 'zod';
import { currency, isoDate, nonNegative, rate } from './common.js';

export const MODEL_TIERS = ['budget', 'mid', 'premium', 'reasoning', 'embedding'] as const;

const price = nonNegative;

export const longContextSchema = z.strictObject({
  threshold: z.number({ error: 'expected a whole number of input tokens' }).int().positive(),
  input: price,
  output: price,
  cache_read: price.optional(),
  cache_write: price.optional(),
  cache_write_1h: price.optional(),
  reasoning: price.optional(),
});

/** End of life of a model: when the provider shuts it down, what it recommends instead, where it says so. */
export const lifecycleSchema = z.strictObject({
  shutdown: isoDate,
  replacement: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
});

export const catalogueModelSchema = z.strictObject({
  aliases: z.array(z.string().min(1)).optional(),
  tier: z.enum(MODEL_TIERS, { error: `expected one of ${MODEL_TIERS.join(', ')}` }).optional(),
  context_window: z.number().int().positive().optional(),
  input: price,
  output: price,
  cache_read: price.optional(),
  cache_write: price.optional(),
  cache_write_1h: price.optional(),
  cache_min_tokens: z.number().int().min(0).optional(),
  reasoning: price.optional(),
  batch_discount: rate.optional(),
  long_context: longContextSchema.optional(),
  /** The provider has announced a shutdown: still priced, and reports warn. */
  deprecated: lifecycleSchema.optional(),
  /** Free text: where a hand-added figure comes from, caveats. Not used in arithmetic. */
  notes: z.string().optional(),
});

export const catalogueSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  provider: z
    .string({ error: 'expected a provider id such as "openai"' })
    .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a lower-case provider id (letters, digits, . _ -)' }),
  currency,
  as_of: isoDate,
  source: z.string({ error: 'expected a URL or contract reference' }).min(1),
  models: z.record(z.string().min(1), catalogueModelSchema),
  /** Models the provider has shut down: naming one is an error that says so (and names the replacement). */
  retired: z.record(z.string().min(1), lifecycleSchema).optional(),
});

export type Catalogue = z.infer<typeof catalogueSchema>;
export type CatalogueModel = z.infer<typeof catalogueModelSchema>;
export type LongContext = z.infer<typeof longContextSchema>;
export type Lifecycle = z.infer<typeof lifecycleSchema>;
