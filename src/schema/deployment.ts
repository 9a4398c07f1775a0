/**
 * Self-hosted deployments (`pricing/deployments.yaml`, or inline under a scenario's
 * `deployments:`): an open-weight model on a GPU type, with measured throughput and its source,
 * the price option it runs on, redundancy, target utilisation and operations cost.
 * See docs/breakeven.md.
 */
import type * as Z from 'zod/mini';
import { z } from './zod.js';
import { isoDate, LIMITS, nonNegative, num, positive, rate, str } from './common.js';

export const PRECISIONS = ['bf16', 'fp16', 'fp8', 'int8', 'fp4', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * The schemas, built on first use. Every command that reads a scenario needs the scenario schema,
 * which validates inline `deployments:` through these; building them up front would cost each
 * of those commands start-up time for a block that only `breakeven` uses.
 */
function build() {
  const precision = z.enum(PRECISIONS, { error: `expected one of ${PRECISIONS.join(', ')}` });
  const whole = num('expected a whole number ≥ 1', z.int({ error: 'expected a whole number ≥ 1' }), z.gte(1, { error: 'expected a whole number ≥ 1' }));
  const tokens = num(
    'expected a number of tokens > 0',
    z.gt(0, { error: 'expected a number of tokens > 0' }),
    z.lte(LIMITS.tokens, { error: `expected at most ${LIMITS.tokens} tokens (docs/scenario.md, "Limits")` }),
  );

  const openModelSchema = z.strictObject({
    name: str(undefined, z.minLength(1)),
    /** Total parameters, billions (all of them are stored in GPU memory). */
    parameters_b: positive(),
    /**
     * Parameters read and multiplied for each token, billions: the active experts of a MoE model;
     * for a dense model the total minus the input-embedding table (only looked up). Default: parameters_b.
     */
    active_parameters_b: z.optional(positive()),
    /** Weight precision. */
    precision,
    /** KV-cache precision (default: bf16). */
    kv_cache_precision: z.optional(precision),
    /** Architecture, for the KV-cache size: 2 × layers × kv_heads × head_dim × bytes per token. */
    layers: whole,
    kv_heads: whole,
    head_dim: whole,
    source: z.optional(str(undefined, z.minLength(1))),
  });

  const measurementSchema = z.strictObject({
    input_tokens: tokens,
    output_tokens: tokens,
    /** Aggregate output tokens per second of one replica at these lengths. */
    output_tokens_per_second: positive(),
    /** Concurrent sequences during the measurement, if stated. */
    batch: z.optional(whole),
  });

  const throughputSchema = z.strictObject({
    /** Prefill (input) tokens per second per replica … */
    prefill_tokens_per_second: z.optional(positive()),
    /** … and decode (output) tokens per second per replica, at the stated lengths and batch. */
    decode_tokens_per_second: z.optional(positive()),
    input_tokens: z.optional(tokens),
    output_tokens: z.optional(tokens),
    batch: z.optional(whole),
    /** Or published measurements of output throughput at several lengths; prefill and decode rates are fitted. */
    measurements: z.optional(z.array(measurementSchema)),
    source: str('expected the URL or reference the throughput comes from', z.minLength(1)),
    /** How it was measured: engine, precision, concurrency, dataset. */
    conditions: z.optional(z.string()),
    as_of: z.optional(isoDate()),
  });

  const deploymentFields = {
    description: z.optional(z.string()),
    model: openModelSchema,
    /** GPU id or alias from the GPU catalogue. */
    gpu: str('expected a GPU id such as "h100-sxm"', z.minLength(1)),
    gpus_per_replica: whole,
    /** Serving engine and version. */
    engine: z.optional(str(undefined, z.minLength(1))),
    throughput: throughputSchema,
    /** Price option of the GPU: "provider/offer" (e.g. "lambda/on-demand") or "owned". */
    price: str('expected a price option such as "aws/on-demand" or "owned"', z.minLength(1)),
    /** Replicas kept running whatever the load (redundancy). */
    min_replicas: whole,
    /** Share of a replica's capacity planned to be busy on average (headroom for peaks). */
    target_utilisation: z.pipe(rate(), num(undefined, z.gt(0, { error: 'expected a utilisation above 0' }))),
    /** Staff and operations cost per month, in the catalogue's currency. */
    operations_monthly: nonNegative(),
    notes: z.optional(z.string()),
  };

  const deploymentSchema = z.strictObject(deploymentFields);

  /** A deployment written inside a scenario: a list entry with a name (addressable as deployments.<name>.…). */
  const inlineDeploymentSchema = z.strictObject({
    name: str('expected a deployment name', z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected a name of letters, digits, . _ -' })),
    ...deploymentFields,
  });

  const deploymentCatalogueSchema = z.strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    kind: z.literal('deployments', { error: 'expected kind: deployments' }),
    notes: z.optional(z.string()),
    deployments: z.record(str(undefined, z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected a name of letters, digits, . _ -' })), deploymentSchema),
  });
  return { openModelSchema, measurementSchema, throughputSchema, deploymentSchema, inlineDeploymentSchema, deploymentCatalogueSchema };
}

type DeploymentSchemas = ReturnType<typeof build>;
let built: DeploymentSchemas | undefined;

export function deploymentSchemas(): DeploymentSchemas {
  return (built ??= build());
}

export type DeploymentEntry = Z.infer<DeploymentSchemas['deploymentSchema']>;
export type InlineDeploymentEntry = Z.infer<DeploymentSchemas['inlineDeploymentSchema']>;
export type DeploymentCatalogue = Z.infer<DeploymentSchemas['deploymentCatalogueSchema']>;
export type OpenModelEntry = Z.infer<DeploymentSchemas['openModelSchema']>;
