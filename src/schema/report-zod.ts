/**
 * The spec §4 JSON report as a zod schema, to validate a baseline file (`diff --base old.json`)
 * before comparing against it. Objects are loose: within one `schema_version` fields are only ever
 * added, so a baseline from a newer tool with extra fields is still read. Fields added to
 * version 1 after the spec example (`long_context`, `priced_by.source`, `line_items[].model`,
 * `budget.alert_at`, `totals`, `groups`, `priced_as_of`, `priced_by.effective_from`) are optional so older version-1 baselines still load.
 */
import * as z from 'zod';
import { REPORT_SCHEMA_VERSION, TOKEN_KINDS } from './report.js';

// zod's settings for every schema (jitless: each runs once per process), set when zod/mini is loaded
// too (schema/zod.ts): a classic schema may parse before any mini schema is built
z.config({ jitless: true });

/** Any finite number (zod refuses Infinity and NaN; JSON's 1e999 parses to Infinity). */
const num = z.number({ error: 'expected a number' });
/** Costs, counts and tokens: a tampered baseline with a negative one is refused (issue 13). */
const amount = z.number({ error: 'expected a number ≥ 0' }).min(0, { error: 'expected a number ≥ 0 (costs, counts and tokens are never negative)' });
const nullableNum = num.nullable();
const nullableAmount = amount.nullable();
const fraction = z.number({ error: 'expected a fraction in [0, 1]' }).min(0, { error: 'expected a fraction in [0, 1]' }).max(1, { error: 'expected a fraction in [0, 1]' });
const str = z.string({ error: 'expected a string' });

const tokenBreakdown = z.object(
  Object.fromEntries(TOKEN_KINDS.map((k) => [k, amount])) as Record<(typeof TOKEN_KINDS)[number], typeof amount>,
);

export const modelReportSchema = z.looseObject({
  model: str,
  share: fraction,
  monthly_cost: amount,
  calls_per_month: amount,
  tokens: tokenBreakdown,
  cost: tokenBreakdown,
  long_context: z.boolean().optional(),
  priced_by: z.looseObject({ catalogue: str, as_of: str, source: str.optional(), effective_from: str.nullable().optional() }),
  /** Only when a provider rule priced the model (docs/report-json.md): diff reads its catalogue-rate costs. */
  provider_rules: z.looseObject({ cost_at_catalogue_rates: tokenBreakdown }).optional(),
  /** Fees beyond text tokens (present only when the stage uses them). */
  fees: z.array(z.looseObject({ kind: str, category: str, quantity: amount, unit: str, cost: amount })).optional(),
});

export const stageReportSchema = z.looseObject({
  name: str,
  monthly_cost: amount,
  calls_per_month: amount,
  models: z.array(modelReportSchema),
});

export const lineItemReportSchema = z.looseObject({
  name: str,
  category: str,
  monthly_cost: amount,
  model: str.nullable().optional(),
});

export const budgetReportSchema = z.looseObject({
  monthly: amount,
  alert_at: fraction.optional(),
  status: z.enum(['ok', 'alert', 'over'], { error: 'expected ok, alert or over' }),
  used: amount,
});

const summarySchema = z.looseObject({ mean: amount, p10: amount, p50: amount, p80: amount, p90: amount, p95: amount });

/** The Monte Carlo block `diff --at p80` reads its percentiles from (other fields are not read). */
export const uncertaintyReportSchema = z.looseObject({ monthly_cost: summarySchema });

export const scenarioReportSchema = z.looseObject({
  name: str,
  file: str,
  variant: str.nullable(),
  currency: str,
  tags: z.record(z.string(), str),
  requests_per_month: amount,
  users: nullableAmount,
  total_monthly_cost: amount,
  cost_per_request: nullableAmount,
  cost_per_user: nullableAmount,
  outcomes_per_month: nullableAmount,
  cost_per_outcome: nullableAmount,
  net_value: nullableNum,
  roi: nullableNum,
  budget: budgetReportSchema.nullable(),
  stages: z.array(stageReportSchema),
  line_items: z.array(lineItemReportSchema),
  by_category: z.record(z.string(), amount),
  warnings: z.array(str),
  uncertainty: uncertaintyReportSchema.nullable().optional(),
}).superRefine((sc, ctx) => {
  // the parts add up to the total: a baseline whose total was edited (to pass the gate) is refused
  let sum = 0;
  for (const st of sc.stages) sum += st.monthly_cost;
  for (const li of sc.line_items) sum += li.monthly_cost;
  if (!agrees(sum, sc.total_monthly_cost)) {
    ctx.addIssue({ code: 'custom', input: sc.total_monthly_cost, path: ['total_monthly_cost'], message: `does not match its parts: the stages and line items add up to ${sum} (was the report edited?)` });
  }
  sc.stages.forEach((st, i) => {
    let m = 0;
    for (const mr of st.models) m += mr.monthly_cost;
    if (!agrees(m, st.monthly_cost)) ctx.addIssue({ code: 'custom', input: st.monthly_cost, path: ['stages', i, 'monthly_cost'], message: `does not match its parts: the models add up to ${m} (was the report edited?)` });
  });
});

/** Equal up to rounding (the report keeps full precision, so only summation order differs). */
function agrees(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export const reportSchema = z.looseObject({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  tool_version: str,
  /** Absent from baselines written before dated prices. */
  priced_as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as YYYY-MM-DD' }).optional(),
  scenarios: z.array(scenarioReportSchema),
  totals: z.array(z.looseObject({ currency: str, total_monthly_cost: amount })).optional(),
  groups: z.unknown().optional(),
});

export type BaselineScenario = z.output<typeof scenarioReportSchema>;
export type BaselineReport = z.output<typeof reportSchema>;
