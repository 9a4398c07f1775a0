/**
 * A request-level log (LiteLLM spend logs) into the store without a row passing through
 * JavaScript, and stored as its daily aggregate (day × model × project × workspace × key × tags):
 * the actuals commands only ever read that aggregate, so a 10-million-row log becomes a few
 * thousand rows. Identity stays per request: a narrow table of seen request hashes
 * (`actuals_seen`, 128-bit MD5 of the source-qualified request id) makes a re-import add
 * nothing and an overlapping export add only its new requests.
 *
 * Two streaming passes over the file (DuckDB reads it, every column as text):
 * 1. one row per request of only (hash, session hash, start time, "fails a check"): counts the
 *    rows, finds whether any row is bad (then the staged check of tabular.ts names the first bad
 *    row and field, exactly as for the other tables), marks each session's first call and drops
 *    the requests already seen;
 * 2. the new requests summed by day and key, then the model and tag lookups joined on the few
 *    aggregate rows.
 */
import { InputError } from '../errors.js';
import { query, sqlIdent, sqlString, type DuckConnection } from './duck.js';
import { excerpt } from './fields.js';
import { litellmTags, modelMap } from './lookups.js';
import type { modelResolver } from './models.js';
import { ACTUALS_TABLE } from './rows.js';
import { castOf, checkRows, failing, LITELLM, readError, sourceRelation, stageTable } from './tabular.js';

/** The table of request hashes already in the store (request-level sources aggregated on import). */
export const SEEN_TABLE = 'actuals_seen';
export const CREATE_SEEN = `CREATE TABLE IF NOT EXISTS ${SEEN_TABLE} (h UHUGEINT NOT NULL)`;

/** The identity of a LiteLLM request as stored in `actuals_seen` (the same source-qualified id row-level stores used as row_id). */
export const litellmHash = (requestId: string) => `md5_number('litellm|' || trim(${requestId}))`;

/**
 * A store written before request logs were aggregated holds LiteLLM rows one per request, with
 * `row_id` 'litellm|<request_id>': their hashes go into the new seen table, so a re-import of
 * the same log still adds nothing.
 */
export async function createSeen(c: DuckConnection): Promise<void> {
  const exists = Number((await query(c, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${SEEN_TABLE}'`))[0]?.n) > 0;
  if (exists) return;
  await c.run(CREATE_SEEN);
  await c.run(`INSERT INTO ${SEEN_TABLE} SELECT md5_number(row_id) FROM ${ACTUALS_TABLE} WHERE source = 'litellm' AND row_id LIKE 'litellm|%' AND row_id NOT LIKE 'litellm|agg|%'`);
}

const nul = (c: string) => `NULLIF(trim(${c}), '')`;

export interface LogImport {
  rows_read: number;
  /** Requests not seen before (each counted once), now in the store's aggregate. */
  rows_added: number;
}

/** Import one LiteLLM spend-log CSV; throws an InputError naming the first bad row and field, the store untouched (the caller's transaction). */
export async function importLitellmLog(c: DuckConnection, path: string, display: string, file: string, columns: readonly string[], resolve: ReturnType<typeof modelResolver>): Promise<LogImport> {
  const relation = sourceRelation(path, LITELLM, columns, false);
  // each checked value is cast once (in the inner query), then tested
  const typed = LITELLM.checks.map(([col, kind], i) => ({ col, kind, cast: castOf(col, kind), name: `v${i}` }));
  const inner = [...new Set(['request_id', 'session_id', 'startTime', ...typed.map((t) => t.col)])].map((col) => sqlIdent(col))
    .concat(typed.filter((t) => t.cast !== null).map((t) => `${t.cast} AS ${t.name}`)).join(', ');
  const bad = typed.map((t) => failing(t.col, t.kind, t.cast === null ? undefined : t.name)).join(' OR ');
  const tsCol = typed.find((t) => t.col === 'startTime' && t.cast !== null)!.name;
  const run = (sql: string) => c.run(sql).catch((err: unknown) => { throw readError(display, err, { path, parquet: false }); });

  // pass 1: one narrow row per request (fixed width: the session as its hash too); the order of
  // rows does not matter here, and not keeping it lets DuckDB spill big intermediate results
  await c.run('SET preserve_insertion_order = false');
  await run(`CREATE OR REPLACE TEMP TABLE log_ids AS SELECT ${litellmHash('request_id')} AS h, md5_number(${nul('session_id')}) AS s,
      ${tsCol} AS ts, (${bad}) AS bad FROM (SELECT ${inner} FROM ${relation})`);
  const [st] = await query(c, `SELECT count(*) AS n, count(*) FILTER (WHERE bad) AS bad FROM log_ids`);
  const n = Number(st?.n ?? 0);
  if (Number(st?.bad ?? 0) > 0) {
    await c.run('DROP TABLE log_ids');
    await c.run('SET preserve_insertion_order = true');
    // the slow path, only for a damaged file: stage every column in file order to name the first bad row and field
    await checkRows(c, display, await stageTable(c, display, relation, 'tabular_src', { path, parquet: false }), LITELLM);
    throw new InputError({ file: display, message: 'has a row that fails a check', fix: 'nothing was imported from this file; check that it is the unmodified export' });
  }
  // each session's first call (by start time; ties by the request hash) counts the trace once; requests already in the store drop out
  await run(`CREATE OR REPLACE TEMP TABLE log_first AS SELECT min({'ts': ts, 'h': h}).h AS h FROM log_ids WHERE s IS NOT NULL GROUP BY s`);
  await run(`CREATE OR REPLACE TEMP TABLE log_new AS
    SELECT i.h, i.k, CASE WHEN i.s IS NULL THEN NULL WHEN f.h IS NULL THEN 0 ELSE 1 END AS first
    FROM (SELECT h, any_value(s) AS s, count(*) AS k FROM log_ids GROUP BY h) AS i
      LEFT JOIN log_first AS f ON f.h = i.h
    WHERE NOT EXISTS (SELECT 1 FROM ${SEEN_TABLE} AS seen WHERE seen.h = i.h)`);
  await c.run('DROP TABLE log_first');
  await c.run('DROP TABLE log_ids');
  const [nw] = await query(c, 'SELECT count(*) AS n, count(*) FILTER (WHERE k > 1) AS repeated FROM log_new');
  const added = Number(nw?.n ?? 0);
  const duplicates = Number(nw?.repeated ?? 0) > 0;
  if (added === 0) {
    await c.run('DROP TABLE log_new');
    await c.run('SET preserve_insertion_order = true');
    return { rows_read: n, rows_added: 0 };
  }

  // pass 2: the new requests, summed by day and key (a repeated request id counts once)
  const src = duplicates ? `(SELECT DISTINCT ON (${litellmHash('request_id')}) * FROM ${relation})` : relation;
  await run(`CREATE OR REPLACE TEMP TABLE log_agg AS SELECT
      CAST(CAST(trim(s."startTime") AS TIMESTAMPTZ) AS DATE) AS day, s.model AS model_raw, s.custom_llm_provider AS hint,
      ${nul('s.team_id')} AS project, ${nul('s.organization_id')} AS workspace, ${nul('s.api_key')} AS api_key, s.request_tags,
      sum(CASE WHEN ${nul('s.status')} IS NULL THEN NULL WHEN lower(trim(s.status)) = 'failure' THEN 1 ELSE 0 END) AS failed,
      sum(n.first) AS traces, count(*) AS requests,
      sum(CAST(trim(s.prompt_tokens) AS BIGINT)) AS input, sum(CAST(trim(s.completion_tokens) AS BIGINT)) AS output,
      sum(CAST(trim(s.spend) AS DOUBLE)) AS billed_cost
    FROM ${src} AS s JOIN log_new AS n ON n.h = ${litellmHash('s.request_id')}
    GROUP BY ALL`);
  // a day's sums must stay exact as JavaScript numbers (and fit the store's BIGINT): 10,000 rows at the per-row cap would not
  const [over] = await query(c, `SELECT CAST(day AS VARCHAR) AS day, model_raw FROM log_agg WHERE greatest(input, output, requests) > ${Number.MAX_SAFE_INTEGER} LIMIT 1`);
  if (over) {
    throw new InputError({ file: display, message: `the tokens of ${excerpt(over.model_raw)} on ${String(over.day)} add up to more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}, more than any real day`, fix: 'check the prompt_tokens and completion_tokens columns; nothing was imported from this file' });
  }
  await modelMap(c, 'log_agg', display, resolve, 'model_raw', 'hint');
  await litellmTags(c, 'log_agg');
  await run(`INSERT INTO ${ACTUALS_TABLE} SELECT 'litellm|agg|' || CAST(gen_random_uuid() AS VARCHAR) AS row_id, a.day, 'litellm' AS source, ${sqlString(file)} AS file,
      mm.provider, mm.model, a.model_raw, a.project, a.workspace, a.api_key, lt.tags, CAST(NULL AS VARCHAR) AS service_tier, CAST(NULL AS VARCHAR) AS trace_id,
      a.failed, a.traces, a.requests, a.input, 0 AS cache_read, 0 AS cache_write_5m, 0 AS cache_write_1h, a.output, 0 AS reasoning, 0 AS audio, 0 AS tool_calls,
      a.billed_cost, 'USD' AS currency
    FROM log_agg AS a LEFT JOIN model_map AS mm ON mm.raw = a.model_raw AND mm.hint IS NOT DISTINCT FROM a.hint
      LEFT JOIN litellm_tags AS lt ON lt.raw = a.request_tags`);
  await c.run(`INSERT INTO ${SEEN_TABLE} SELECT h FROM log_new`);
  await c.run('DROP TABLE log_new');
  await c.run('DROP TABLE log_agg');
  await c.run('SET preserve_insertion_order = true');
  return { rows_read: n, rows_added: added };
}
