/**
 * Small lookup tables built once per file from its distinct values (model names, tag lists), so
 * the per-row work stays in SQL: a join, not a JavaScript call per row.
 */
import { sqlIdent, type DuckConnection } from './duck.js';
import type { modelResolver } from './models.js';
import { distinct } from './tabular.js';

/** The model lookup table (`model_map`: raw name and provider hint → provider, canonical model) for the names in a relation. */
export async function modelMap(c: DuckConnection, relation: string, display: string, resolve: ReturnType<typeof modelResolver>, rawCol: string, hintCol: string | null): Promise<void> {
  const pairs = await distinct(c, relation, hintCol ? [rawCol, hintCol] : [rawCol], 100_000, display);
  await c.run('CREATE OR REPLACE TEMP TABLE model_map (raw VARCHAR, hint VARCHAR, provider VARCHAR, model VARCHAR)');
  const ap = await c.createAppender('model_map', 'main', 'temp');
  for (const p of pairs) {
    const raw = p[rawCol] ?? '';
    const hint = hintCol ? (p[hintCol] ?? null) : null;
    const m = resolve(raw, hint ? hint.toLowerCase() : null);
    ap.appendVarchar(raw);
    if (hint === null) ap.appendNull(); else ap.appendVarchar(hint);
    if (m.provider === null) ap.appendNull(); else ap.appendVarchar(m.provider);
    ap.appendVarchar(m.model);
    ap.endRow();
  }
  ap.closeSync();
}

/** LiteLLM request_tags (a JSON list; "key:value" items become key=value) as tag strings (`litellm_tags`), once per distinct value. */
export async function litellmTags(c: DuckConnection, relation: string, column = 'request_tags'): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE litellm_tags AS SELECT raw, NULLIF(array_to_string(list_sort(list_transform(TRY_CAST(TRY_CAST(raw AS JSON) AS VARCHAR[]),
      t -> CASE WHEN strpos(t, ':') > 0 THEN replace(replace(split_part(t, ':', 1), ';', ','), '=', ':') || '=' || replace(replace(substr(t, strpos(t, ':') + 1), ';', ','), '=', ':') ELSE 'tag=' || replace(replace(t, ';', ','), '=', ':') END)), ';'), '') AS tags
    FROM (SELECT DISTINCT ${sqlIdent(column)} AS raw FROM ${relation} WHERE ${sqlIdent(column)} IS NOT NULL)`);
}
