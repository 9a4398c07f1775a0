/**
 * The tabular formats DuckDB reads straight from the file (CSV, or Parquet for FOCUS), so a
 * 10-million-row log never passes through JavaScript objects: a column-check pass names the
 * first bad row and field, then one INSERT … SELECT normalises the rows.
 * - LiteLLM `LiteLLM_SpendLogs` exported as CSV (request_id, startTime, model, prompt_tokens, completion_tokens, spend, …);
 * - FOCUS 1.x cost and usage exports (ChargePeriodStart, BilledCost, BillingCurrency, ConsumedQuantity, ConsumedUnit, ServiceName, SkuId, Tags, …);
 * - the aifinops daily aggregate CSV (`aifinops actuals sql` output, fed back from a warehouse).
 */
import { InputError } from '../errors.js';
import { firstLine, query, sqlIdent, sqlString, type DuckConnection } from './duck.js';
import { excerpt, MAX_COUNT, MAX_MONEY } from './fields.js';
import { COUNT_COLUMNS, KEY_COLUMNS, type Source } from './rows.js';

export type TabularSource = Extract<Source, 'litellm' | 'focus' | 'aggregate'>;
export type CheckKind = 'id' | 'count' | 'count?' | 'money' | 'money?' | 'quantity?' | 'timestamp' | 'day' | 'currency' | 'currency?' | 'text?';

export interface TabularFormat {
  source: TabularSource;
  required: readonly string[];
  optional: readonly string[];
  checks: readonly (readonly [column: string, kind: CheckKind])[];
}

export const LITELLM: TabularFormat = {
  source: 'litellm',
  required: ['request_id', 'startTime', 'model', 'prompt_tokens', 'completion_tokens', 'spend'],
  optional: ['api_key', 'team_id', 'organization_id', 'end_user', 'request_tags', 'session_id', 'status', 'custom_llm_provider', 'call_type', 'cache_hit'],
  checks: [
    ['request_id', 'id'], ['startTime', 'timestamp'], ['model', 'id'], ['prompt_tokens', 'count'], ['completion_tokens', 'count'], ['spend', 'money'],
  ],
};

export const FOCUS: TabularFormat = {
  source: 'focus',
  required: ['ChargePeriodStart', 'BilledCost', 'BillingCurrency', 'ServiceName', 'SkuId', 'ConsumedQuantity', 'ConsumedUnit'],
  optional: ['EffectiveCost', 'ListCost', 'ChargeCategory', 'ChargeDescription', 'ResourceId', 'ResourceName', 'SubAccountId', 'SubAccountName', 'ProviderName', 'Tags'],
  checks: [
    ['ChargePeriodStart', 'timestamp'], ['BilledCost', 'money'], ['BillingCurrency', 'currency'], ['ConsumedQuantity', 'quantity?'],
    ['EffectiveCost', 'money?'], ['ListCost', 'money?'],
  ],
};

/** The aggregate CSV: the normalised columns, one row per day × source × provider × model × project × workspace × key × tags × tier. */
export const AGGREGATE_COLUMNS = ['day', 'source', ...KEY_COLUMNS.filter((k) => k !== 'trace_id' && k !== 'model_raw'), 'failed', 'traces', ...COUNT_COLUMNS, 'billed_cost', 'currency'] as const;
export const AGGREGATE: TabularFormat = {
  source: 'aggregate',
  required: AGGREGATE_COLUMNS,
  optional: [],
  checks: [
    ['day', 'day'], ['source', 'id'],
    ...COUNT_COLUMNS.map((c) => [c, c === 'requests' ? 'count?' : 'count'] as const),
    ['failed', 'count?'], ['traces', 'count?'], ['billed_cost', 'money?'], ['currency', 'currency?'],
  ],
};

export const TABULAR: Record<TabularSource, TabularFormat> = { litellm: LITELLM, focus: FOCUS, aggregate: AGGREGATE };

/** Which tabular format a header (column names) is. */
export function sniffHeader(columns: readonly string[]): TabularSource | null {
  const has = new Set(columns);
  if (AGGREGATE.required.every((c) => has.has(c))) return 'aggregate';
  if (has.has('BilledCost') && has.has('ChargePeriodStart')) return 'focus';
  if (has.has('request_id') && has.has('spend') && has.has('prompt_tokens')) return 'litellm';
  return null;
}

const T_MIN = "TIMESTAMPTZ '2015-01-01 00:00:00+00'";
const T_MAX = "TIMESTAMPTZ '2100-01-01 00:00:00+00'";

/** The typed value a check reads (null: the check reads the text), for a query that computes it once per row. */
export function castOf(col: string, kind: CheckKind): string | null {
  const c = sqlIdent(col);
  if (kind.startsWith('count')) return `TRY_CAST(trim(${c}) AS BIGINT)`;
  if (kind.startsWith('money') || kind === 'quantity?') return `TRY_CAST(trim(${c}) AS DOUBLE)`;
  if (kind === 'timestamp') return `TRY_CAST(trim(${c}) AS TIMESTAMPTZ)`;
  return null;
}

/** SQL that is true when `col` fails the check; `typed` names a column holding `castOf(col, kind)` already computed. */
export function failing(col: string, kind: CheckKind, typed?: string): string {
  const c = sqlIdent(col);
  const present = `(${c} IS NOT NULL AND trim(${c}) <> '')`;
  const int = typed ?? `TRY_CAST(trim(${c}) AS BIGINT)`;
  const dbl = typed ?? `TRY_CAST(trim(${c}) AS DOUBLE)`;
  const ts = typed ?? `TRY_CAST(trim(${c}) AS TIMESTAMPTZ)`;
  switch (kind) {
    case 'id': return `(NOT ${present} OR length(${c}) > 1000)`;
    case 'text?': return `(length(${c}) > 1000)`;
    // a cast to BIGINT rounds "1.5" to 2: a fraction is caught by comparing with the number as written ("1200.0" is whole)
    case 'count': return `(${int} IS NULL OR ${int} < 0 OR ${int} > ${MAX_COUNT} OR TRY_CAST(trim(${c}) AS DOUBLE) <> ${int})`;
    case 'count?': return `(${present} AND (${int} IS NULL OR ${int} < 0 OR ${int} > ${MAX_COUNT} OR TRY_CAST(trim(${c}) AS DOUBLE) <> ${int}))`;
    case 'money': return `(${dbl} IS NULL OR NOT isfinite(${dbl}) OR abs(${dbl}) > ${MAX_MONEY})`;
    case 'money?': return `(${present} AND (${dbl} IS NULL OR NOT isfinite(${dbl}) OR abs(${dbl}) > ${MAX_MONEY}))`;
    case 'quantity?': return `(${present} AND (${dbl} IS NULL OR NOT isfinite(${dbl}) OR ${dbl} < 0 OR ${dbl} > ${MAX_COUNT}))`;
    case 'timestamp': return `(${ts} IS NULL OR ${ts} < ${T_MIN} OR ${ts} >= ${T_MAX})`;
    case 'day': return `(NOT regexp_full_match(coalesce(${c}, ''), '\\d{4}-\\d{2}-\\d{2}') OR TRY_CAST(${c} AS DATE) IS NULL OR TRY_CAST(${c} AS DATE) < DATE '2015-01-01' OR TRY_CAST(${c} AS DATE) >= DATE '2100-01-01')`;
    case 'currency': return `(NOT regexp_full_match(coalesce(trim(${c}), ''), '[A-Za-z]{3}'))`;
    case 'currency?': return `(${present} AND NOT regexp_full_match(trim(${c}), '[A-Za-z]{3}'))`;
  }
}

const EXPECTED: Record<CheckKind, string> = {
  id: 'a non-empty value',
  'text?': 'at most 1000 characters',
  count: 'a whole number ≥ 0',
  'count?': 'a whole number ≥ 0 or nothing',
  money: 'a finite amount',
  'money?': 'a finite amount or nothing',
  'quantity?': 'a quantity ≥ 0 or nothing',
  timestamp: 'a timestamp such as 2025-08-01T12:00:00Z (2015–2099)',
  day: 'a day as YYYY-MM-DD (2015–2099)',
  currency: 'a three-letter currency code such as USD',
  'currency?': 'a three-letter currency code or nothing',
};

/** The file as a relation with every column as text (missing optional columns as NULL). */
export function sourceRelation(path: string, format: TabularFormat, columns: readonly string[], parquet: boolean): string {
  const has = new Set(columns);
  const reader = parquet
    ? `read_parquet(${sqlString(path)})`
    : `read_csv(${sqlString(path)}, header = true, all_varchar = true, auto_detect = true, strict_mode = true, null_padding = false, max_line_size = 1048576)`;
  const cols = [...format.required, ...format.optional].map((c) => (has.has(c) ? `CAST(${sqlIdent(c)} AS VARCHAR) AS ${sqlIdent(c)}` : `CAST(NULL AS VARCHAR) AS ${sqlIdent(c)}`));
  return `(SELECT ${cols.join(', ')} FROM ${reader})`;
}

/** Read the file once into a temporary table (the columns aifinops uses, as text, in file order). */
export async function stageTable(c: DuckConnection, display: string, relation: string, name: string, file?: { path: string; parquet: boolean }): Promise<string> {
  try {
    await c.run(`CREATE OR REPLACE TEMP TABLE ${name} AS SELECT * FROM ${relation}`);
  } catch (err) {
    throw readError(display, err, file);
  }
  return name;
}

/**
 * Check every row of a staged table; on the first bad one, throw an InputError naming the file,
 * the row (1-based, not counting the header: the table keeps the file's order) and the field.
 */
export async function checkRows(c: DuckConnection, display: string, table: string, format: TabularFormat): Promise<number> {
  const conds = format.checks.map(([col, kind]) => failing(col, kind));
  const which = `CASE ${format.checks.map(([col], i) => `WHEN ${conds[i]} THEN ${sqlString(col)}`).join(' ')} END`;
  const rows = await query(c, `SELECT count(*) AS n, min(rowid) FILTER (WHERE ${conds.join(' OR ')}) AS bad FROM ${table}`);
  const n = Number(rows[0]?.n ?? 0);
  if (rows[0]?.bad === null || rows[0]?.bad === undefined) return n;
  // rowids of a table written in this transaction start far above 0: count the rows before instead
  const badRow = `(SELECT min(rowid) FROM ${table} WHERE ${conds.join(' OR ')})`;
  const [first] = await query(c, `SELECT (SELECT count(*) FROM ${table} WHERE rowid <= ${badRow}) AS rn, ${which} AS field, * FROM ${table} WHERE rowid = ${badRow}`);
  const field = String(first?.field);
  const kind = format.checks.find(([col]) => col === field)?.[1] ?? 'id';
  throw new InputError({ file: display, path: `row ${first?.rn} (not counting the header), column ${field}`, message: `expected ${EXPECTED[kind]}, got ${excerpt(first?.[field] ?? null)}`, fix: 'correct or remove that row; nothing was imported from this file' });
}

/**
 * DuckDB's reading error (a ragged CSV row, a bad quote, a damaged Parquet file) as one clear
 * message: the line from DuckDB's own first line (not the SQL context it appends), the file's
 * full path replaced by the name the user gave.
 */
export function readError(display: string, err: unknown, file?: { path: string; parquet: boolean }): InputError {
  let first = firstLine(err).replace(/^[A-Za-z ]*Error: /, '');
  if (file) first = first.split(file.path).join(display);
  const line = file?.parquet ? undefined : /line[: ]+(\d+)/i.exec(first)?.[1];
  return new InputError({
    file: display,
    line: line ? Number(line) : undefined,
    message: file?.parquet ? `is not a readable Parquet file: ${first}` : `cannot be read as a table: ${first}`,
    fix: file?.parquet ? 'nothing was imported from this file; export it again (a Parquet file cut short loses the footer that describes it)' : 'nothing was imported from this file; check that it is the unmodified export',
  });
}

/** Distinct values of some columns (for the small lookups done in JavaScript), capped. */
export async function distinct(c: DuckConnection, relation: string, columns: readonly string[], cap: number, display: string): Promise<Record<string, string | null>[]> {
  const list = columns.map(sqlIdent).join(', ');
  const rows = await query(c, `SELECT DISTINCT ${list} FROM ${relation} LIMIT ${cap + 1}`);
  if (rows.length > cap) {
    throw new InputError({ file: display, message: `has more than ${cap} distinct combinations of ${columns.join(', ')}`, fix: 'split the export, or aggregate it first (aifinops actuals sql)' });
  }
  return rows as Record<string, string | null>[];
}
