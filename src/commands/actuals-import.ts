/** The `actuals import` action. */
import { resolve } from 'node:path';
import { importFiles } from '../actuals/import.js';
import { SOURCE_LABEL } from '../actuals/rows.js';
import { displayPath } from '../load/catalogues.js';
import { renderJson } from '../render/json.js';
import { registryFor, storePath, type StoreFlags } from './actuals.js';

export async function runImport(files: string[], flags: StoreFlags & { format: 'table' | 'json' }): Promise<string> {
  const store = storePath(flags);
  const results = await importFiles(store, files.map((f) => ({ path: resolve(f), display: displayPath(resolve(f)) })), registryFor(flags));
  if (flags.format === 'json') return renderJson({ store: displayPath(store), files: results });
  const lines = results.map((r) => {
    const skipped = r.rows_skipped ? `, ${r.rows_skipped} not AI charges left out` : '';
    const again = r.rows_read - r.rows_skipped - r.rows_added;
    const seen = again > 0 ? `, ${again} already in the store` : '';
    return `${r.file}: ${SOURCE_LABEL[r.source]}: ${r.rows_read} rows read, ${r.rows_added} added${seen}${skipped}`;
  });
  return `${lines.join('\n')}\nstore: ${displayPath(store)}\n`;
}
