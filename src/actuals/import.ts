/**
 * `aifinops actuals import`: detect each file's format, check every row, normalise, and merge into
 * the store by row identity, all in one transaction (a bad file: exit 2, the store unchanged).
 */
import { basename } from 'node:path';
import type { ModelRegistry } from '../core/registry.js';
import { InputError } from '../errors.js';
import { query, sqlIdent, sqlString, type DuckConnection } from './duck.js';
import { detect } from './files.js';
import { focusTags, mapFocusRow, modelFinder } from './focus-map.js';
import { importLitellmLog } from './import-log.js';
import { litellmTags, modelMap } from './lookups.js';
import { modelResolver } from './models.js';
import { API_PARSERS } from './parse-api.js';
import { parseOtlp } from './parse-otlp.js';
import { STAGE, createStage, mergeRelation, openStoreForImport, stageRows } from './store.js';
import { COUNT_COLUMNS, type ActualRow, type Source } from './rows.js';
import { AGGREGATE, FOCUS, LITELLM, checkRows, distinct, readError, sourceRelation, stageTable } from './tabular.js';

export interface ImportedFile {
  file: string;
  source: Source;
  rows_read: number;
  rows_added: number;
  /** Rows of the file left out because they are not AI model charges (FOCUS). */
  rows_skipped: number;
}

const intOr0 = (c: string) => `coalesce(TRY_CAST(trim(${sqlIdent(c)}) AS BIGINT), 0)`;
const nul = (c: string) => `NULLIF(trim(${sqlIdent(c)}), '')`;

/**
 * One field of a row identity in SQL, as parse-api.ts `identityPart`: `\` → `\\`, `|` → `\|` (NULL as
 * ''), so two different rows never join to one identity, and a field with neither keeps the
 * identity stores already hold. (DuckDB string literals take `\` as it is.)
 */
export const identityPartSql = (col: string): string => `replace(replace(coalesce(CAST(${col} AS VARCHAR), ''), '\\', '\\\\'), '|', '\\|')`;

function aggregateSelect(relation: string, file: string): string {
  const key = ['day', 'source', 'provider', 'model', 'project', 'workspace', 'api_key', 'tags', 'service_tier'].map((c) => identityPartSql(`s.${sqlIdent(c)}`)).join(` || '|' || `);
  return `(SELECT 'aggregate|' || ${key} AS row_id, CAST(day AS DATE) AS day, 'aggregate' AS source, ${sqlString(file)} AS file,
    coalesce(mm.provider, NULLIF(trim(s.provider), '')) AS provider, coalesce(mm.model, NULLIF(trim(s.model), '')) AS model, NULLIF(trim(s.model), '') AS model_raw, ${nul('project')} AS project, ${nul('workspace')} AS workspace,
    ${nul('api_key')} AS api_key, ${nul('tags')} AS tags, ${nul('service_tier')} AS service_tier, CAST(NULL AS VARCHAR) AS trace_id,
    TRY_CAST(trim(failed) AS BIGINT) AS failed, TRY_CAST(trim(traces) AS BIGINT) AS traces, TRY_CAST(trim(requests) AS BIGINT) AS requests,
    ${COUNT_COLUMNS.filter((c) => c !== 'requests').map((c) => `${intOr0(c)} AS ${c}`).join(', ')},
    TRY_CAST(trim(billed_cost) AS DOUBLE) AS billed_cost, upper(${nul('currency')}) AS currency
  FROM ${relation} AS s LEFT JOIN model_map AS mm ON mm.raw = s.model AND mm.hint IS NOT DISTINCT FROM s.provider)`;
}

async function focusSelect(c: DuckConnection, relation: string, file: string, display: string, registry: ModelRegistry): Promise<string> {
  const keyCols = ['ServiceName', 'SkuId', 'ChargeDescription', 'ResourceId', 'ResourceName', 'ConsumedUnit', 'ProviderName'];
  const combos = await distinct(c, relation, keyCols, 100_000, display);
  const find = modelFinder(registry);
  await c.run(`CREATE OR REPLACE TEMP TABLE focus_map (${keyCols.map((k) => `${sqlIdent(k)} VARCHAR`).join(', ')}, provider VARCHAR, model VARCHAR, model_raw VARCHAR, kind VARCHAR, scale DOUBLE, ai BOOLEAN)`);
  const ap = await c.createAppender('focus_map', 'main', 'temp');
  for (const r of combos) {
    const m = mapFocusRow(find, r);
    for (const k of keyCols) (r[k] === null || r[k] === undefined ? ap.appendNull() : ap.appendVarchar(r[k]!));
    for (const v of [m.provider, m.model, m.model_raw, m.kind]) (v === null ? ap.appendNull() : ap.appendVarchar(v));
    ap.appendDouble(m.scale);
    ap.appendBoolean(m.ai);
    ap.endRow();
  }
  ap.closeSync();
  const tagValues = await distinct(c, relation, ['Tags'], 100_000, display);
  await c.run('CREATE OR REPLACE TEMP TABLE focus_tags (raw VARCHAR, tags VARCHAR)');
  const at = await c.createAppender('focus_tags', 'main', 'temp');
  for (const t of tagValues) {
    if (t.Tags === null || t.Tags === undefined) continue;
    at.appendVarchar(t.Tags);
    const s = focusTags(t.Tags);
    if (s === null) at.appendNull(); else at.appendVarchar(s);
    at.endRow();
  }
  at.closeSync();
  const tokens = (kind: string) => `CASE WHEN m.kind = '${kind}' AND coalesce(s."ChargeCategory", 'Usage') = 'Usage' THEN CAST(round(coalesce(TRY_CAST(trim(s."ConsumedQuantity") AS DOUBLE), 0) * m.scale) AS BIGINT) ELSE 0 END`;
  const join = keyCols.map((k) => `m.${sqlIdent(k)} IS NOT DISTINCT FROM s.${sqlIdent(k)}`).join(' AND ');
  const identity = ['ChargePeriodStart', 'SubAccountId', 'ServiceName', 'SkuId', 'ChargeDescription', 'ResourceId', 'ChargeCategory', 'Tags', 'ConsumedQuantity', 'BilledCost', 'EffectiveCost']
    .map((k) => identityPartSql(`s.${sqlIdent(k)}`)).join(` || '|' || `);
  return `(SELECT 'focus|' || md5(${identity}) AS row_id,
    CAST(CAST(trim(s."ChargePeriodStart") AS TIMESTAMPTZ) AS DATE) AS day, 'focus' AS source, ${sqlString(file)} AS file,
    m.provider, m.model, m.model_raw, coalesce(${nul('SubAccountName')}, ${nul('SubAccountId')}) AS project, CAST(NULL AS VARCHAR) AS workspace,
    CAST(NULL AS VARCHAR) AS api_key, ft.tags, CAST(NULL AS VARCHAR) AS service_tier, CAST(NULL AS VARCHAR) AS trace_id,
    CAST(NULL AS BIGINT) AS failed, CAST(NULL AS BIGINT) AS traces, CAST(NULL AS BIGINT) AS requests,
    ${tokens('input')} AS input, ${tokens('cache_read')} AS cache_read, ${tokens('cache_write_5m')} AS cache_write_5m, ${tokens('cache_write_1h')} AS cache_write_1h,
    ${tokens('output')} AS output, 0 AS reasoning, 0 AS audio, 0 AS tool_calls,
    CAST(trim(s."BilledCost") AS DOUBLE) AS billed_cost, upper(trim(s."BillingCurrency")) AS currency
  FROM ${relation} AS s JOIN focus_map AS m ON ${join} LEFT JOIN focus_tags AS ft ON ft.raw = s."Tags"
  WHERE m.ai)`;
}

/** Import files into the store at `storePath`. Everything or nothing: the first bad file stops the import and rolls it back. */
export async function importFiles(storePath: string, files: readonly { path: string; display: string }[], registry: ModelRegistry): Promise<ImportedFile[]> {
  const resolve = modelResolver(registry);
  // JSON exports are parsed and checked before the store is opened
  const detected = files.map((f) => ({ ...f, d: detect(f.path, f.display) }));
  const parsed = new Map<string, ActualRow[]>();
  for (const f of detected) {
    if (f.d.kind !== 'json') continue;
    const rows: ActualRow[] = [];
    for (const { doc, line, path } of f.d.docs) {
      const w = { file: f.display, line, path };
      if (f.d.source === 'otlp') parseOtlp(w, doc, resolve, rows);
      else API_PARSERS[f.d.source](w, doc, resolve, rows);
    }
    parsed.set(f.display, rows);
  }
  const db = await openStoreForImport(storePath);
  const c = db.connection;
  const results: ImportedFile[] = [];
  try {
    await c.run('BEGIN TRANSACTION');
    for (const f of detected) {
      const file = basename(f.path);
      if (f.d.kind === 'json') {
        const rows = parsed.get(f.display)!;
        await createStage(c);
        await stageRows(c, rows, file);
        const added = await mergeRelation(c, STAGE);
        results.push({ file: f.display, source: f.d.source, rows_read: rows.length, rows_added: added, rows_skipped: 0 });
      } else {
        const format = f.d.source === 'litellm' ? LITELLM : f.d.source === 'focus' ? FOCUS : AGGREGATE;
        let columns = f.d.columns;
        const parquet = f.d.parquet;
        if (f.d.parquet) {
          const described = await query(c, `DESCRIBE SELECT * FROM read_parquet(${sqlString(f.path)})`).catch((err: unknown) => { throw readError(f.display, err, { path: f.path, parquet: true }); });
          columns = described.map((r) => String(r.column_name));
        }
        const missing = format.required.filter((col) => !columns.includes(col));
        if (missing.length) {
          throw new InputError({ file: f.display, line: f.d.parquet ? undefined : 1, path: missing[0], message: `is missing the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of a ${format.source === 'focus' ? 'FOCUS export' : format.source === 'litellm' ? 'LiteLLM spend log' : 'daily aggregate'}`, fix: 'nothing was imported from this file' });
        }
        if (format.source === 'litellm') {
          const r = await importLitellmLog(c, f.path, f.display, file, columns, resolve);
          results.push({ file: f.display, source: 'litellm', ...r, rows_skipped: 0 });
        } else {
          const relation = await stageTable(c, f.display, sourceRelation(f.path, format, columns, f.d.parquet), 'tabular_src', { path: f.path, parquet });
          const n = await checkRows(c, f.display, relation, format);
          let select: string;
          if (format.source === 'focus') {
            select = await focusSelect(c, relation, file, f.display, registry);
          } else {
            await modelMap(c, relation, f.display, resolve, 'model', 'provider');
            select = aggregateSelect(relation, file);
          }
          const kept = format.source === 'focus' ? Number((await query(c, `SELECT count(*) AS n FROM ${select}`))[0]?.n) : n;
          const added = await mergeRelation(c, select).catch((err: unknown) => { throw readError(f.display, err, { path: f.path, parquet }); });
          results.push({ file: f.display, source: format.source, rows_read: n, rows_added: added, rows_skipped: n - kept });
        }
      }
      await c.run(`INSERT INTO actuals_imports VALUES (${sqlString(file)}, ${sqlString(results.at(-1)!.source)}, ${results.at(-1)!.rows_read}, ${results.at(-1)!.rows_added}, now())`);
    }
    await c.run('COMMIT');
  } catch (err) {
    await c.run('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    db.close();
  }
  return results;
}
