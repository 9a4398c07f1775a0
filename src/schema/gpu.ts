/**
 * GPU catalogue (`pricing/gpus.yaml`, docs/gpu-catalogue.md): per GPU model its datasheet
 * figures and hourly prices per provider and purchase option, each dated and sourced, plus an
 * optional owned-hardware option.
 */
import type * as Z from 'zod/mini';
import { z } from './zod.js';
import { currency, isoDate, LOWER_ID_RE, nonNegative, positive } from './common.js';

/** Purchase options of a rented GPU. `reserved` is a commitment whose term the provider leaves to the contract. */
export const OFFERS = ['on-demand', 'reserved-1y', 'reserved-3y', 'reserved', 'spot'] as const;
export type Offer = (typeof OFFERS)[number];

/**
 * The schemas, built on first use: `breakeven` reads the bundled catalogue from the build's
 * validated snapshot (load/gpus.ts) and needs them only for a `--gpus` file or an edited
 * catalogue, so a run does not build them at start-up. zod/mini: see common.ts.
 */
function buildGpuSchemas() {
  const id = z
    .string({ error: 'expected an id such as "h100-sxm"' })
    .check(z.regex(LOWER_ID_RE, { error: 'expected a lower-case id (letters, digits, . _ -)' }));

  const wholePositive = z.number({ error: 'expected a whole number ≥ 1' }).check(z.int({ error: 'expected a whole number ≥ 1' }), z.gte(1, { error: 'expected a whole number ≥ 1' }));

  const gpuPriceSchema = z.strictObject({
    provider: id,
    offer: z.enum(OFFERS, { error: `expected one of ${OFFERS.join(', ')}` }),
    /** The instance (VM shape) the price is for; per-GPU = instance_hourly ÷ gpus_per_instance. */
    instance: z.optional(z.string().check(z.minLength(1))),
    region: z.optional(z.string().check(z.minLength(1))),
    gpus_per_instance: z.optional(wholePositive),
    /** Price of the whole instance per hour (give this with gpus_per_instance) … */
    instance_hourly: z.optional(nonNegative()),
    /** … or the price per GPU per hour as the provider quotes it. */
    gpu_hourly: z.optional(nonNegative()),
    as_of: isoDate(),
    source: z.string({ error: 'expected a URL or reference' }).check(z.minLength(1)),
    notes: z.optional(z.string()),
  });

  const ownedSchema = z.strictObject({
    /** What is bought, e.g. "HGX H100 8-GPU server". */
    server: z.string().check(z.minLength(1)),
    gpus_per_server: wholePositive,
    purchase_price: positive(),
    /** Months over which the purchase is written off (give this or depreciation_years). */
    amortisation_months: z.optional(positive()),
    /** Years over which the purchase is written off (× 12 = amortisation_months). */
    depreciation_years: z.optional(positive()),
    /** Annual cost of capital, e.g. 0.08: the purchase is paid as an annuity over the write-off period. */
    cost_of_capital: z.optional(z.number({ error: 'expected a fraction, e.g. 0.08' }).check(z.gte(0, { error: 'expected a cost of capital ≥ 0' }), z.lte(1, { error: 'expected a fraction of at most 1 (100% a year)' }))),
    /** Average electrical draw of the whole server in kW (the datasheet maximum is the conservative choice). */
    power_kw: nonNegative(),
    /** Electricity price per kWh in the catalogue's currency. */
    electricity_per_kwh: nonNegative(),
    /** Power usage effectiveness of the facility (total facility power ÷ IT power), ≥ 1. */
    pue: z.optional(z.number({ error: 'expected a number ≥ 1' }).check(z.gte(1, { error: 'expected a PUE ≥ 1 (1.0 = no facility overhead)' }))),
    /** Colocation or rack space (with cooling) per server per month. */
    colocation_monthly: z.optional(nonNegative()),
    /** Staff (operations, on-call) attributed to each server per month. */
    staff_monthly: z.optional(nonNegative()),
    /** Other monthly cost per server: support contract, spares. */
    other_monthly: z.optional(nonNegative()),
    as_of: isoDate(),
    source: z.string().check(z.minLength(1)),
    notes: z.optional(z.string()),
  });

  const gpuSchema = z.strictObject({
    name: z.string().check(z.minLength(1)),
    aliases: z.optional(z.array(z.string().check(z.minLength(1)))),
    vendor: z.optional(z.string().check(z.minLength(1))),
    /** Memory per GPU as the datasheet writes it (read as GiB for the capacity check). */
    memory_gb: positive(),
    /** Peak memory bandwidth per GPU, TB/s (10^12 bytes per second). */
    memory_bandwidth_tbps: positive(),
    /** Dense (no sparsity) tensor throughput per GPU, TFLOPS. */
    bf16_tflops: positive(),
    fp8_tflops: z.optional(positive()),
    fp4_tflops: z.optional(positive()),
    /** Maximum board power per GPU, kW. */
    power_kw: z.optional(nonNegative()),
    spec_source: z.string().check(z.minLength(1)),
    notes: z.optional(z.string()),
    prices: z.optional(z.array(gpuPriceSchema)),
    owned: z.optional(ownedSchema),
  });

  const gpuCatalogueSchema = z.strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    kind: z.literal('gpus', { error: 'expected kind: gpus' }),
    currency: currency(),
    /** Date the catalogue was compiled; each price carries its own date. */
    as_of: isoDate(),
    notes: z.optional(z.string()),
    gpus: z.record(id, gpuSchema),
  });
  return { gpuPriceSchema, ownedSchema, gpuSchema, gpuCatalogueSchema };
}

type GpuSchemas = ReturnType<typeof buildGpuSchemas>;
let built: GpuSchemas | undefined;

export function gpuSchemas(): GpuSchemas {
  return (built ??= buildGpuSchemas());
}

export type GpuCatalogue = Z.infer<GpuSchemas['gpuCatalogueSchema']>;
export type GpuEntry = Z.infer<GpuSchemas['gpuSchema']>;
export type GpuPriceEntry = Z.infer<GpuSchemas['gpuPriceSchema']>;
export type OwnedEntry = Z.infer<GpuSchemas['ownedSchema']>;
