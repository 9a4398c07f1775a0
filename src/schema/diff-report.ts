/**
 * The diff report (`aifinops diff --format json`): a versioned contract that `aifinops comment`
 * reads back. Keys are snake_case; every field is always present (null where not applicable).
 * Types come from the schema (z.infer), so the writer and the reader cannot drift apart.
 */
import * as z from 'zod';
import { TOKEN_KINDS } from './report.js';
import { DIFF_KIND, DIFF_SCHEMA_VERSION } from './diff-kind.js';

// zod's settings for every schema (jitless: each runs once per process), set when zod/mini is loaded
// too (schema/zod.ts): a classic schema may parse before any mini schema is built
z.config({ jitless: true });

export { DIFF_KIND, DIFF_SCHEMA_VERSION };

const num = z.number();
const nnum = z.number().nullable();
const str = z.string();

export const SCENARIO_STATUSES = ['changed', 'unchanged', 'added', 'removed'] as const;
export type ScenarioStatus = (typeof SCENARIO_STATUSES)[number];

/** One (stage, model, token kind) whose cost moved, with the price/usage split. */
export const tokenDriverSchema = z.object({
  kind: z.literal('tokens'),
  stage: str,
  model: str,
  token_kind: z.enum(TOKEN_KINDS),
  before: num,
  after: num,
  change: num,
  price_effect: num,
  usage_effect: num,
  tokens_before: num,
  tokens_after: num,
  /** Effective price per 1M tokens (cost ÷ tokens × 1e6), null when there were no tokens. */
  rate_before: nnum,
  rate_after: nnum,
});

/** A non-token line item (`costs:`) whose monthly cost moved: not split into price and usage. */
export const lineItemDriverSchema = z.object({
  kind: z.literal('line_item'),
  name: str,
  category: str,
  before: num,
  after: num,
  change: num,
});

/**
 * One (stage, model, fee) beyond text tokens whose cost moved (docs/cost-model.md "Fees beyond
 * text tokens"), split like tokens: the quantity is uses, container-hours, tokens or token-hours.
 */
export const feeDriverSchema = z.object({
  kind: z.literal('fee'),
  stage: str,
  model: str,
  /** `tool_calls.web_search`, `audio_output`, `cache_storage`, … */
  fee_kind: str,
  /** What the quantity counts: uses, container-hours, tokens, token-hours. */
  unit: str,
  before: num,
  after: num,
  change: num,
  price_effect: num,
  usage_effect: num,
  quantity_before: num,
  quantity_after: num,
  /** Effective price per unit of the quantity (cost ÷ quantity), null when there was none. */
  rate_before: nnum,
  rate_after: nnum,
});

export const driverSchema = z.discriminatedUnion('kind', [tokenDriverSchema, lineItemDriverSchema, feeDriverSchema]);

const pricedBy = z.object({ catalogue: str, as_of: str });

/** Why a scenario's numbers moved, as structured events (renderers word them). */
export const noteSchema = z.discriminatedUnion('kind', [
  /** Matched by name because the file moved. */
  z.object({ kind: z.literal('renamed'), from: str }),
  z.object({ kind: z.literal('stage_added'), stage: str }),
  z.object({ kind: z.literal('stage_removed'), stage: str }),
  z.object({ kind: z.literal('model_added'), stage: str, model: str }),
  z.object({ kind: z.literal('model_removed'), stage: str, model: str }),
  /** The catalogue (file or as_of date) that priced a model changed. */
  z.object({ kind: z.literal('repriced'), model: str, before: pricedBy, after: pricedBy }),
  /**
   * Another of the catalogue's dated prices applies (the sides are priced at different dates, or
   * the schedule changed): `from` of the dated price on each side, null for the base rates.
   */
  z.object({ kind: z.literal('dated_price'), model: str, before: str.nullable(), after: str.nullable() }),
  /**
   * The agent steps at the model's long-context rates changed: calls crossed its threshold
   * (now: true), fell back below it, or the first long step (1-based; null: none) moved.
   */
  z.object({ kind: z.literal('long_context'), stage: str, model: str, now: z.boolean(), from_step: z.number().nullable(), was_from_step: z.number().nullable() }),
  z.object({ kind: z.literal('line_item_added'), name: str }),
  z.object({ kind: z.literal('line_item_removed'), name: str }),
  /** A warning the head has and the base had not. */
  z.object({ kind: z.literal('new_warning'), text: str }),
]);

/**
 * A scenario's budget on one side. `judged` is the monthly cost the status is judged on: the
 * percentile `at` (budget.at, for a scenario with distributions) or, when `at` is null, the point
 * estimate; `used` = judged ÷ monthly.
 */
const budgetSide = z
  .object({ monthly: num, status: z.enum(['ok', 'alert', 'over']), used: num, at: z.enum(['p50', 'p80', 'p95']).nullable(), judged: num })
  .nullable();

export const scenarioDiffSchema = z.object({
  status: z.enum(SCENARIO_STATUSES),
  name: str,
  file: str,
  variant: str.nullable(),
  currency: str,
  tags: z.record(z.string(), str),
  /** The compared value (see `measure`) before and after; null when absent on that side. */
  before: nnum,
  after: nnum,
  change: num,
  /** change ÷ before; null when there was no before (or it was 0). */
  change_percent: nnum,
  requests_before: nnum,
  requests_after: nnum,
  /** The split of the change of the expected monthly cost (docs/diff.md). */
  price_effect: num,
  usage_effect: num,
  line_items_effect: num,
  budget_before: budgetSide,
  budget_after: budgetSide,
  stages: z.array(z.object({ name: str, before: nnum, after: nnum, change: num })),
  drivers: z.array(driverSchema),
  notes: z.array(noteSchema),
});

export const currencyTotalDiffSchema = z.object({
  currency: str,
  before: num,
  after: num,
  change: num,
  change_percent: nnum,
  price_effect: num,
  usage_effect: num,
  line_items_effect: num,
});

export const breachSchema = z.object({
  /** fail_on_increase | budget_over | tag_budget */
  rule: str,
  /** The scenario (file, with [variant]) it concerns; null for totals and tag budgets. */
  scenario: str.nullable(),
  message: str,
});

export const sideSchema = z.object({
  /** report: a JSON report file; git: a commit; working-tree: the files on disk. */
  kind: z.enum(['report', 'git', 'working-tree']),
  /** What the user gave: a file path, a git ref, or "working tree". */
  label: str,
  /** The commit a git ref resolved to; else null. */
  commit: str.nullable(),
  /** The aifinops version that wrote a report; else null. */
  tool_version: str.nullable(),
  /** The pricing date of the side (`--as-of`, or the report's priced_as_of); null for a report written before dated prices. */
  priced_as_of: str.nullable(),
});

export const diffReportSchema = z.object({
  schema_version: z.literal(DIFF_SCHEMA_VERSION),
  kind: z.literal(DIFF_KIND),
  tool_version: str,
  /** The scalar compared per scenario. Today the expected monthly cost; the seam for percentiles. */
  measure: z.object({ id: str, label: str }),
  base: sideSchema,
  head: sideSchema,
  totals: z.array(currencyTotalDiffSchema),
  counts: z.object({ increased: num, decreased: num, unchanged: num, added: num, removed: num }),
  scenarios: z.array(scenarioDiffSchema),
  policy: z.object({
    /** The rules that were checked, in words (e.g. "increase over 10% per scenario and in total"). */
    checked: z.array(str),
    breaches: z.array(breachSchema),
    /** Findings that do not fail the policy: scenarios already over budget that this change does not make dearer. */
    warnings: z.array(str),
    /** Per-tag monthly budgets from the project file, with the head's (and the base's) spend. */
    tag_budgets: z.array(
      z.object({ key: str, value: str, currency: str, monthly: num, before: num, after: num, used: num, scenarios: num }),
    ),
    passed: z.boolean(),
  }),
});

export type TokenDriver = z.infer<typeof tokenDriverSchema>;
export type LineItemDriver = z.infer<typeof lineItemDriverSchema>;
export type FeeDriver = z.infer<typeof feeDriverSchema>;
export type Driver = z.infer<typeof driverSchema>;
export type Note = z.infer<typeof noteSchema>;
export type ScenarioDiff = z.infer<typeof scenarioDiffSchema>;
export type CurrencyTotalDiff = z.infer<typeof currencyTotalDiffSchema>;
export type Breach = z.infer<typeof breachSchema>;
export type DiffSide = z.infer<typeof sideSchema>;
export type DiffReport = z.infer<typeof diffReportSchema>;
export type PolicyResult = DiffReport['policy'];
