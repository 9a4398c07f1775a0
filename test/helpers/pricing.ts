/** Reading the bundled token catalogues (`pricing/*.yaml` with a top-level `models:` key) for tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PRICING_DIR = join(ROOT, 'pricing');

export interface RawCatalogue {
  /** e.g. `pricing/openai.yaml` */
  file: string;
  data: {
    provider: string;
    models: Record<string, Record<string, unknown> & { aliases?: string[] }>;
    [k: string]: unknown;
  };
}

/**
 * The token catalogues in `dir`: YAML files whose top level is a mapping with a `models` key.
 * Other pricing files (GPU and seat price lists) have other formats and are skipped.
 */
export function tokenCatalogues(dir = PRICING_DIR): RawCatalogue[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => {
      const data: unknown = parse(readFileSync(join(dir, f), 'utf8'));
      const isToken = typeof data === 'object' && data !== null && !Array.isArray(data) && 'models' in data;
      return isToken ? [{ file: `pricing/${f}`, data: data as RawCatalogue['data'] }] : [];
    });
}
