/**
 * The DuckDB engine behind the actuals commands: loaded on first use (an optional dependency,
 * external to the bundle, so `estimate` never parses it), opened with extension auto-install and
 * auto-load off (nothing is fetched at run time), the session in UTC.
 */
import { InputError } from '../errors.js';
import { importLazy } from '../util/lazy.js';

type DuckModule = typeof import('@duckdb/node-api');
export type DuckConnection = import('@duckdb/node-api').DuckDBConnection;

/**
 * A cap on DuckDB's buffer memory; it spills to a temporary folder beside the store beyond it.
 * The process uses more than this (allocator caches, the reader's buffers, Node itself): a
 * 10-million-row import peaked at 1.9 GB resident with 1 GB here, so imports stay within 2 GB
 * with this lower cap (bench/README.md).
 */
export const DUCKDB_MEMORY_LIMIT = '640MB';

export async function loadDuckDb(): Promise<DuckModule> {
  try {
    return await importLazy<DuckModule>('@duckdb/node-api');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new InputError({
        message: 'the actuals commands need the optional package @duckdb/node-api, which is not installed',
        fix: 'install it beside aifinops: npm install @duckdb/node-api (estimate and the other commands do not need it)',
      });
    }
    // installed but its native binding does not load (another platform, too little memory)
    throw new InputError({ message: `the optional package @duckdb/node-api is installed but does not load (${firstLine(err)})`, fix: 'reinstall it for this platform (npm install @duckdb/node-api) and check the memory limit' });
  }
}

export interface Db {
  connection: DuckConnection;
  close(): void;
}

/**
 * Open (or create) a database file; `:memory:` for an in-memory one. `display`: the path as
 * messages show it; `flag`: the option that names the file (`calibrate` calls it --actuals).
 */
export async function openDb(path: string, display = path, flag = '--store'): Promise<Db> {
  const duck = await loadDuckDb();
  let instance: import('@duckdb/node-api').DuckDBInstance;
  try {
    instance = await duck.DuckDBInstance.create(path, {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      memory_limit: DUCKDB_MEMORY_LIMIT,
    });
  } catch (err) {
    throw new InputError({ file: display, message: `cannot open it as a DuckDB database (${firstLine(err)})`, fix: `give ${flag} a DuckDB file written by aifinops actuals import, or a new path` });
  }
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export function firstLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  const line = m.split('\n').find((l) => l.trim() !== '') ?? m;
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** A value as plain JSON: BIGINT/HUGEINT as numbers, DECIMAL as numbers, dates and others as their text. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return v;
  const d = v as { toDouble?: () => number };
  return typeof d.toDouble === 'function' ? d.toDouble() : String(v);
}

/** Run a query and return its rows as plain objects. */
export async function query(c: DuckConnection, sql: string): Promise<Record<string, unknown>[]> {
  const r = await c.runAndReadAll(sql);
  return r.getRowObjects().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = plain(v);
    return out;
  });
}
