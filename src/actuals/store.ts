/**
 * The actuals store: one DuckDB file (default `.aifinops/actuals.duckdb`) with the normalised
 * table. Rows arrive through a staging table and are merged by row identity, all files of one
 * import in one transaction: a bad file leaves the store as it was.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import { loadDuckDb, openDb, query, type Db, type DuckConnection } from './duck.js';
import { createSeen } from './import-log.js';
import { ACTUALS_TABLE, ALL_COLUMNS, COUNT_COLUMNS, CREATE_ACTUALS, type ActualRow } from './rows.js';

export const DEFAULT_STORE = '.aifinops/actuals.duckdb';
export const STAGE = 'actuals_stage';

/** Open the store for writing (created, with its folder, when missing). */
export async function openStoreForImport(path: string): Promise<Db> {
  // the engine first: without it, no folder is left behind
  await loadDuckDb();
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = await openDb(path);
  await db.connection.run(CREATE_ACTUALS);
  await db.connection.run(`CREATE TABLE IF NOT EXISTS actuals_imports (file VARCHAR, source VARCHAR, rows_read BIGINT, rows_added BIGINT, imported_at TIMESTAMPTZ)`);
  await createSeen(db.connection);
  return db;
}

/**
 * Open an existing store for reading. `flag`: the option the command names the store with, when it
 * is not --store (the missing-store message then names that option as the path).
 */
export async function openStoreForRead(path: string, display = path, flag?: string): Promise<Db> {
  if (path !== ':memory:' && !existsSync(path)) {
    const fix = `import usage exports first: aifinops actuals import <files…> (or give ${flag === undefined ? '--store' : `${flag} the store it wrote`})`;
    throw new InputError({ file: display, ...(flag === undefined ? {} : { path: flag }), message: 'no actuals store here', fix });
  }
  const db = await openDb(path, display, flag);
  const t = await query(db.connection, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${ACTUALS_TABLE}'`);
  if (Number(t[0]?.n) === 0) {
    db.close();
    throw new InputError({ file: display, message: 'is a DuckDB file without an actuals table', fix: `give ${flag ?? '--store'} the file aifinops actuals import wrote` });
  }
  return db;
}

/** A fresh staging table for one file (every column as the normalised table, `day` as text). */
export async function createStage(c: DuckConnection): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT * REPLACE (CAST(day AS VARCHAR) AS day) FROM ${ACTUALS_TABLE} LIMIT 0`);
}

/** Append parsed rows to the staging table. */
export async function stageRows(c: DuckConnection, rows: readonly ActualRow[], file: string): Promise<void> {
  const ap = await c.createAppender(STAGE, 'main', 'temp');
  const text = (v: string | null) => (v === null ? ap.appendNull() : ap.appendVarchar(v));
  const big = (v: number | null) => (v === null ? ap.appendNull() : ap.appendBigInt(BigInt(v)));
  for (const r of rows) {
    for (const col of ALL_COLUMNS) {
      if (col === 'file') text(file);
      else if (col === 'billed_cost') r.billed_cost === null ? ap.appendNull() : ap.appendDouble(r.billed_cost);
      else if (col === 'failed' || col === 'traces' || (COUNT_COLUMNS as readonly string[]).includes(col)) big(r[col as 'failed']);
      else text(r[col as 'row_id']);
    }
    ap.endRow();
  }
  ap.closeSync();
}

/** Merge a relation of normalised rows into the store: rows whose identity is already there (or repeats) are skipped. Returns rows added. */
export async function mergeRelation(c: DuckConnection, relation: string): Promise<number> {
  const before = Number((await query(c, `SELECT count(*) AS n FROM ${ACTUALS_TABLE}`))[0]?.n);
  const cols = ALL_COLUMNS.map((col) => (col === 'day' ? 'CAST(day AS DATE) AS day' : col)).join(', ');
  await c.run(`INSERT INTO ${ACTUALS_TABLE} SELECT ${cols} FROM (SELECT DISTINCT ON (row_id) * FROM ${relation}) AS n
    WHERE NOT EXISTS (SELECT 1 FROM ${ACTUALS_TABLE} AS a WHERE a.row_id = n.row_id)`);
  const after = Number((await query(c, `SELECT count(*) AS n FROM ${ACTUALS_TABLE}`))[0]?.n);
  return after - before;
}
