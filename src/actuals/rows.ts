/**
 * The one normalised actuals table (docs/actuals.md): its columns, the row type the parsers
 * produce, and the source (format) names. Pure: no I/O.
 */
import type { ActualTokens } from '../schema/actuals-report.js';

/** The formats aifinops reads, by the `source` value their rows carry. */
export const SOURCES = [
  'openai-usage',
  'openai-costs',
  'anthropic-usage',
  'anthropic-cost',
  'focus',
  'litellm',
  'otlp',
  'aggregate',
] as const;
export type Source = (typeof SOURCES)[number];

/** Human names of the formats, for messages and docs. */
export const SOURCE_LABEL: Record<Source, string> = {
  'openai-usage': 'OpenAI organisation Usage API page (completions)',
  'openai-costs': 'OpenAI organisation Costs API page',
  'anthropic-usage': 'Anthropic Admin API usage report (messages)',
  'anthropic-cost': 'Anthropic Admin API cost report',
  focus: 'FOCUS 1.x billing export',
  litellm: 'LiteLLM spend logs (LiteLLM_SpendLogs CSV)',
  otlp: 'OpenTelemetry GenAI spans (OTLP JSON)',
  aggregate: 'aifinops daily aggregate CSV (`aifinops actuals sql`)',
};

/** Token counters of a row. `input` is fresh (uncached) input: cache reads and writes are apart. */
export const COUNT_COLUMNS = ['requests', 'input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'audio', 'tool_calls'] as const;
export type CountColumn = (typeof COUNT_COLUMNS)[number];

/** Text columns that say who and what a row is about. */
export const KEY_COLUMNS = ['provider', 'model', 'model_raw', 'project', 'workspace', 'api_key', 'tags', 'service_tier', 'trace_id'] as const;
export type KeyColumn = (typeof KEY_COLUMNS)[number];

/** One normalised row, as a parser produces it (before it reaches the store): the token columns of `ActualTokens` and these. */
export interface ActualRow extends ActualTokens {
  /** Source-qualified identity: importing the same source row again adds nothing. */
  row_id: string;
  /** UTC calendar day, YYYY-MM-DD. */
  day: string;
  source: Source;
  provider: string | null;
  /** Canonical `provider/model` when the catalogues know it; otherwise `provider/raw-name`. */
  model: string | null;
  model_raw: string | null;
  project: string | null;
  workspace: string | null;
  api_key: string | null;
  /** `key=value` pairs, sorted by key, joined with `;` (see `tagString`). */
  tags: string | null;
  service_tier: string | null;
  /** Request-level sources only: the trace (or session) the call belongs to. */
  trace_id: string | null;
  /** Request-level sources only: calls that failed (a retry follows, or the request was lost); null: unknown. */
  failed: number | null;
  /** Request-level sources only: traces whose first model call this row holds (so sums count each trace once); null: unknown. */
  traces: number | null;
  /** null: the source does not count requests (e.g. Anthropic's usage report). */
  requests: number | null;
  tool_calls: number;
  /** What the source says was billed for this row, in `currency`; null when it does not say. */
  billed_cost: number | null;
  currency: string | null;
}

/** The store's table definition (DuckDB; the column types also hold in BigQuery, Snowflake, Spark). */
export const ACTUALS_TABLE = 'actuals';
export const CREATE_ACTUALS = `CREATE TABLE IF NOT EXISTS ${ACTUALS_TABLE} (
  row_id VARCHAR NOT NULL,
  day DATE NOT NULL,
  source VARCHAR NOT NULL,
  file VARCHAR NOT NULL,
  provider VARCHAR,
  model VARCHAR,
  model_raw VARCHAR,
  project VARCHAR,
  workspace VARCHAR,
  api_key VARCHAR,
  tags VARCHAR,
  service_tier VARCHAR,
  trace_id VARCHAR,
  failed BIGINT,
  traces BIGINT,
  requests BIGINT,
  input BIGINT NOT NULL,
  cache_read BIGINT NOT NULL,
  cache_write_5m BIGINT NOT NULL,
  cache_write_1h BIGINT NOT NULL,
  output BIGINT NOT NULL,
  reasoning BIGINT NOT NULL,
  audio BIGINT NOT NULL,
  tool_calls BIGINT NOT NULL,
  billed_cost DOUBLE,
  currency VARCHAR
)`;

/** Column order of the table (and of the staging tables the importers fill). */
export const ALL_COLUMNS = [
  'row_id', 'day', 'source', 'file', ...KEY_COLUMNS, 'failed', 'traces', ...COUNT_COLUMNS, 'billed_cost', 'currency',
] as const;

/** Tags as one canonical string: `k=v` pairs sorted by key, `;`-separated (`;` and `=` in values become `,` and `:`). */
export function tagString(tags: Record<string, string | number | boolean | null | undefined> | null | undefined): string | null {
  if (!tags) return null;
  const pairs: string[] = [];
  for (const k of Object.keys(tags).sort()) {
    const v = tags[k];
    if (v === null || v === undefined || v === '') continue;
    pairs.push(`${clean(k)}=${clean(String(v))}`);
  }
  return pairs.length ? pairs.join(';') : null;
}

function clean(s: string): string {
  return s.replace(/;/g, ',').replace(/=/g, ':').trim();
}

/** Parse a tag string back into its pairs. */
export function parseTags(s: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const pair of s.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** An empty row with every counter at zero: parsers fill what their source gives. */
export function blankRow(source: Source, row_id: string, day: string): ActualRow {
  return {
    row_id, day, source,
    provider: null, model: null, model_raw: null, project: null, workspace: null, api_key: null, tags: null,
    service_tier: null, trace_id: null, failed: null, traces: null,
    requests: null, input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0, audio: 0, tool_calls: 0,
    billed_cost: null, currency: null,
  };
}
