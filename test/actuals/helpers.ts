/** Shared helpers of the actuals tests: fixture paths, a temporary working folder, and store queries. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { query } from '../../src/actuals/duck.js';
import { openStoreForRead } from '../../src/actuals/store.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (name: string) => join(FIXTURES, name);

export function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'aifinops-actuals-'));
}

/** Run a query on a store file and close it. */
export async function storeQuery(store: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await openStoreForRead(store);
  try {
    return await query(db.connection, sql);
  } finally {
    db.close();
  }
}
