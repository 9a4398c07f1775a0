/**
 * The daily aggregate every actuals command works from: one row per day × source × model ×
 * project × workspace × key × tags × tier, summed in DuckDB. (It is the same aggregate
 * `aifinops actuals sql` computes in a warehouse.)
 */
import { InputError } from '../errors.js';
import { query, sqlString, type DuckConnection } from './duck.js';
import { COUNT_COLUMNS, SOURCES, type CountColumn } from './rows.js';

/** Summed counters; `requests` is null when no row of the group counted requests. */
export type Counts = Omit<Record<CountColumn, number>, 'requests'> & { requests: number | null };

export interface AggregateRow {
  day: string;
  source: string;
  provider: string | null;
  model: string | null;
  project: string | null;
  workspace: string | null;
  api_key: string | null;
  tags: string | null;
  service_tier: string | null;
  /** Sum of the counters; requests/failed/traces are null when no row of the group knew them. */
  counts: Counts;
  failed: number | null;
  traces: number | null;
  billed_cost: number | null;
  currency: string | null;
}

export interface Filter {
  from?: string;
  to?: string;
  sources?: readonly string[];
}

const DAY_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function checkDay(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!DAY_RE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new InputError({ path: flag, message: `expected a day as YYYY-MM-DD, got ${JSON.stringify(v).slice(0, 30)}`, fix: `e.g. ${flag} 2025-06-01` });
  return v;
}

export function checkSources(list: readonly string[] | undefined): string[] | undefined {
  if (!list?.length) return undefined;
  for (const s of list) if (!(SOURCES as readonly string[]).includes(s)) throw new InputError({ path: '--source', message: `unknown source "${s.slice(0, 30)}"`, fix: `use one of ${SOURCES.join(', ')}` });
  return [...list];
}

export function whereOf(f: Filter): string {
  const w: string[] = [];
  if (f.from) w.push(`day >= DATE ${sqlString(f.from)}`);
  if (f.to) w.push(`day <= DATE ${sqlString(f.to)}`);
  if (f.sources?.length) w.push(`source IN (${f.sources.map(sqlString).join(', ')})`);
  return w.length ? `WHERE ${w.join(' AND ')}` : '';
}

export async function loadAggregate(c: DuckConnection, f: Filter): Promise<AggregateRow[]> {
  const sums = COUNT_COLUMNS.map((col) => `CAST(sum(${col}) AS DOUBLE) AS ${col}`).join(', ');
  const rows = await query(c, `SELECT CAST(day AS VARCHAR) AS day, source, provider, model, project, workspace, api_key, tags, service_tier, ${sums},
      CAST(sum(failed) AS DOUBLE) AS failed, CAST(sum(traces) AS DOUBLE) AS traces, sum(billed_cost) AS billed_cost, min(currency) AS currency, count(DISTINCT currency) AS currencies
    FROM actuals ${whereOf(f)} GROUP BY ALL ORDER BY day, source, model, project, workspace, api_key, tags, service_tier`);
  return rows.map((r) => {
    if (Number(r.currencies) > 1) throw new InputError({ message: `the store holds ${r.source} rows of one day and model in more than one currency`, fix: 're-import the exports in one currency' });
    const counts = Object.fromEntries(COUNT_COLUMNS.map((col) => [col, col === 'requests' ? (r[col] === null ? null : Number(r[col])) : Number(r[col] ?? 0)])) as AggregateRow['counts'];
    return {
      day: String(r.day), source: String(r.source),
      provider: r.provider as string | null, model: r.model as string | null, project: r.project as string | null, workspace: r.workspace as string | null,
      api_key: r.api_key as string | null, tags: r.tags as string | null, service_tier: r.service_tier as string | null,
      counts, failed: r.failed === null ? null : Number(r.failed), traces: r.traces === null ? null : Number(r.traces),
      billed_cost: r.billed_cost === null ? null : Number(r.billed_cost), currency: r.currency as string | null,
    };
  });
}
