/**
 * The spec §4 JSON report as a zod schema, to validate a baseline file (`diff --base old.json`)
 * before comparing against it. Objects are loose: within one `schema_version` fields are only ever
 * added, so a baseline from a newer tool with extra fields is still read. Fields added to
 * version 1 after the spec example (`long_context`, `priced_by.source`, `line_items[].model`,
 * `budget.alert_at`, `totals`, `groups`, `priced_as_of`, `priced_by.effective_from`) are optional so older version-1 baselines still load.
 */
import * as z from 'zod';
import { REPORT_SCHEMA_VERSION, TOKEN_KINDS } from './report.js';

const num = z.number({ error: 'expected a number' });
const nullableNum = num.nullable();
const str = z.string({ error: 'expected a string' });

const tokenBreakdown = z.object(
  Object.fromEntries(TOKEN_KINDS.map((k) => [k, num])) as Record<(typeof TOKEN_KINDS)[number], typeof num>,
);

export const modelReportSchema = z.looseObject({
  model: str,
  share: num,
  monthly_cost: num,
  calls_per_month: num,
  tokens: tokenBreakdown,
  cost: tokenBreakdown,
  long_context: z.boolean().optional(),
  priced_by: z.looseObject({ catalogue: str, as_of: str, source: str.optional(), effective_from: str.nullable().optional() }),
});

export const stageReportSchema = z.looseObject({
  name: str,
  monthly_cost: num,
  calls_per_month: num,
  models: z.array(modelReportSchema),
});

export const lineItemReportSchema = z.looseObject({
  name: str,
  category: str,
  monthly_cost: num,
  model: str.nullable().optional(),
});

export const budgetReportSchema = z.looseObject({
  monthly: num,
  alert_at: num.optional(),
  status: z.enum(['ok', 'alert', 'over'], { error: 'expected ok, alert or over' }),
  used: num,
});

export const scenarioReportSchema = z.looseObject({
  name: str,
  file: str,
  variant: str.nullable(),
  currency: str,
  tags: z.record(z.string(), str),
  requests_per_month: num,
  users: nullableNum,
  total_monthly_cost: num,
  cost_per_request: nullableNum,
  cost_per_user: nullableNum,
  outcomes_per_month: nullableNum,
  cost_per_outcome: nullableNum,
  net_value: nullableNum,
  roi: nullableNum,
  budget: budgetReportSchema.nullable(),
  stages: z.array(stageReportSchema),
  line_items: z.array(lineItemReportSchema),
  by_category: z.record(z.string(), num),
  warnings: z.array(str),
});

export const reportSchema = z.looseObject({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  tool_version: str,
  /** Absent from baselines written before dated prices. */
  priced_as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as YYYY-MM-DD' }).optional(),
  scenarios: z.array(scenarioReportSchema),
  totals: z.array(z.looseObject({ currency: str, total_monthly_cost: num })).optional(),
  groups: z.unknown().optional(),
});

export type BaselineScenario = z.output<typeof scenarioReportSchema>;
export type BaselineReport = z.output<typeof reportSchema>;
