/**
 * The warehouse path (`aifinops actuals sql`): the normalisation of a LiteLLM spend-log table and
 * the daily aggregate, as one query in the SQL that DuckDB, BigQuery, Snowflake and Spark SQL
 * share: unquoted identifiers, CAST to DATE and STRING, COALESCE, CASE, ||, SUM, MIN,
 * ROW_NUMBER() OVER, GROUP BY (no DOUBLE or VARCHAR: BigQuery has neither name).
 * Its result, exported as CSV, is the aggregate `aifinops actuals import` reads back. Pure.
 */
import { COUNT_COLUMNS } from './rows.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/;

export function isTableName(s: string): boolean {
  return IDENT.test(s);
}

/** One query: request rows → normalised columns → one row per day × model × key × team. */
export function warehouseSql(table: string): string {
  const sums = COUNT_COLUMNS.map((c) => `  SUM(${c}) AS ${c}`).join(',\n');
  return `-- aifinops actuals sql: LiteLLM spend logs -> the daily aggregate aifinops imports.
-- Runs as it is on DuckDB, BigQuery, Snowflake and Spark SQL. Export the result as CSV with a
-- header row, then: aifinops actuals import <file.csv>
WITH normalised AS (
  SELECT
    CAST(startTime AS DATE) AS day,
    'litellm' AS source,
    COALESCE(custom_llm_provider, '') AS provider,
    CASE WHEN custom_llm_provider IS NULL OR custom_llm_provider = '' THEN model ELSE custom_llm_provider || '/' || model END AS model,
    team_id AS project,
    organization_id AS workspace,
    api_key AS api_key,
    CAST(NULL AS STRING) AS tags,
    CAST(NULL AS STRING) AS service_tier,
    CASE WHEN status IS NULL THEN NULL WHEN status = 'failure' THEN 1 ELSE 0 END AS failed,
    CASE WHEN session_id IS NULL THEN NULL
         WHEN ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY startTime, request_id) = 1 THEN 1 ELSE 0 END AS traces,
    1 AS requests,
    prompt_tokens AS input,
    0 AS cache_read,
    0 AS cache_write_5m,
    0 AS cache_write_1h,
    completion_tokens AS output,
    0 AS reasoning,
    0 AS audio,
    0 AS tool_calls,
    spend AS billed_cost,
    'USD' AS currency
  FROM ${table}
)
SELECT
  day, source, provider, model, project, workspace, api_key, tags, service_tier,
  SUM(failed) AS failed,
  SUM(traces) AS traces,
${sums},
  SUM(billed_cost) AS billed_cost,
  MIN(currency) AS currency
FROM normalised
GROUP BY day, source, provider, model, project, workspace, api_key, tags, service_tier
ORDER BY day, model, project, api_key
`;
}
