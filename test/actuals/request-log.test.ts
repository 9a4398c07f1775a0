/**
 * Request-level logs (LiteLLM spend logs) are stored as their daily aggregate, with request
 * identity kept in a narrow table of seen request hashes: the aggregate equals the sums of the
 * rows (derived here in JavaScript from the fixture, not through DuckDB), overlapping exports add
 * only their new requests, a request repeated in one file counts once, and a store written one
 * row per request (before aggregation) still refuses to count a re-imported log twice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, sqlString } from '../../src/actuals/duck.js';
import { csvHeader } from '../../src/actuals/files.js';
import { CREATE_ACTUALS } from '../../src/actuals/rows.js';
import { runCli } from '../helpers/cli.js';
import { fixture, storeQuery, workDir } from './helpers.js';

const lines = readFileSync(fixture('litellm.csv'), 'utf8').trimEnd().split('\n');
const header = lines[0]!;
const records = lines.slice(1).map((l) => Object.fromEntries(csvHeader(header).map((k, i) => [k, csvHeader(l)[i]!])));

/** Sums by day and model, derived row by row from the CSV. */
function expected(rows: Record<string, string>[]) {
  const first = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const f = first.get(r.session_id!);
    if (!f || r.startTime! < f.startTime! || (r.startTime === f.startTime && r.request_id! < f.request_id!)) first.set(r.session_id!, r);
  }
  const out = new Map<string, { requests: number; input: number; output: number; failed: number; traces: number; usd: number }>();
  for (const r of rows) {
    const key = `${r.startTime!.slice(0, 10)} openai/${r.model}`;
    const o = out.get(key) ?? { requests: 0, input: 0, output: 0, failed: 0, traces: 0, usd: 0 };
    o.requests += 1;
    o.input += Number(r.prompt_tokens);
    o.output += Number(r.completion_tokens);
    o.failed += r.status === 'failure' ? 1 : 0;
    o.traces += first.get(r.session_id!) === r ? 1 : 0;
    o.usd += Number(r.spend);
    out.set(key, o);
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, o]) => ({ key, ...o, usd: Math.round(o.usd * 1e8) / 1e8 }));
}

const TOTALS = `SELECT CAST(day AS VARCHAR) || ' ' || model AS key, sum(requests) AS requests, sum(input) AS input, sum(output) AS output,
  sum(failed) AS failed, sum(traces) AS traces, round(sum(billed_cost), 8) AS usd FROM actuals WHERE source = 'litellm' GROUP BY ALL ORDER BY key`;

function importJson(dir: string, ...files: string[]): { rows_read: number; rows_added: number }[] {
  const r = runCli(['actuals', 'import', ...files, '-f', 'json'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).files;
}

describe('actuals import of a request-level log', () => {
  it('stores the daily aggregate: one row per day and model, whose sums are the rows\' sums', async () => {
    const dir = workDir();
    importJson(dir, fixture('litellm.csv'));
    const store = join(dir, '.aifinops/actuals.duckdb');
    const got = await storeQuery(store, TOTALS);
    const want = expected(records);
    expect(got).toEqual(want);
    // 40 requests in 20 sessions of two calls; 3 days × 2 models
    expect(want.reduce((s, r) => s + r.traces, 0)).toBe(20);
    expect(got).toHaveLength(6);
    const [{ seen }] = (await storeQuery(store, 'SELECT count(*) AS seen FROM actuals_seen')) as [{ seen: number }];
    expect(seen).toBe(40);
  });

  it('overlapping exports add only their new requests: the totals are those of one import of the whole log', async () => {
    const dir = workDir();
    // rows 0–23 and 12–39: the 12 shared rows are whole sessions (two calls each)
    writeFileSync(join(dir, 'a.csv'), `${[header, ...lines.slice(1, 25)].join('\n')}\n`);
    writeFileSync(join(dir, 'b.csv'), `${[header, ...lines.slice(13)].join('\n')}\n`);
    expect(importJson(dir, 'a.csv').map((f) => f.rows_added)).toEqual([24]);
    expect(importJson(dir, 'b.csv').map((f) => [f.rows_read, f.rows_added])).toEqual([[28, 16]]);
    expect(importJson(dir, 'a.csv', 'b.csv').map((f) => f.rows_added)).toEqual([0, 0]);
    expect(await storeQuery(join(dir, '.aifinops/actuals.duckdb'), TOTALS)).toEqual(expected(records));
  });

  it('a request id repeated in one file counts once', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'dup.csv'), `${[header, ...lines.slice(1), lines[1], lines[2]].join('\n')}\n`);
    expect(importJson(dir, 'dup.csv').map((f) => [f.rows_read, f.rows_added])).toEqual([[42, 40]]);
    expect(await storeQuery(join(dir, '.aifinops/actuals.duckdb'), TOTALS)).toEqual(expected(records));
  });

  it('a store written one row per request (before aggregation) does not count a re-imported log twice', async () => {
    const dir = workDir();
    const store = join(dir, 'old.duckdb');
    const db = await openDb(store);
    try {
      await db.connection.run(CREATE_ACTUALS);
      await db.connection.run(`INSERT INTO actuals (row_id, day, source, file, model, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, audio, tool_calls)
        SELECT 'litellm|' || request_id, CAST(CAST("startTime" AS TIMESTAMPTZ) AS DATE), 'litellm', 'litellm.csv', 'openai/' || model, 1, prompt_tokens, 0, 0, 0, completion_tokens, 0, 0, 0
        FROM read_csv(${sqlString(fixture('litellm.csv'))}, header = true)`);
    } finally {
      db.close();
    }
    expect(importJson(dir, fixture('litellm.csv'), '--store', store).map((f) => f.rows_added)).toEqual([0]);
    const [{ requests }] = (await storeQuery(store, 'SELECT sum(requests) AS requests FROM actuals')) as [{ requests: number }];
    expect(requests).toBe(40);
  });

  it('refuses a row past 10^15 tokens (row and column named), and rows whose daily sum passes 2^53 (not summed inexactly or overflowed)', () => {
    const dir = workDir();
    const head = 'request_id,startTime,model,prompt_tokens,completion_tokens,spend';
    writeFileSync(join(dir, 'one.csv'), `${head}\nr1,2025-06-01T00:00:00Z,gpt-5,1,1,0.1\nr2,2025-06-01T00:00:00Z,gpt-5,1e300,1,0.1\n`);
    const one = runCli(['actuals', 'import', 'one.csv'], { cwd: dir });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/one\.csv: row 2 \(not counting the header\), column prompt_tokens: expected a whole number ≥ 0, got "1e300"/);
    // 10,000 rows at 999,999,999,999,999 (under the per-row cap) sum to 9,999,999,999,999,990,000 on one day
    writeFileSync(join(dir, 'sum.csv'), `${head}\n${Array.from({ length: 10_000 }, (_, i) => `r${i},2025-06-01T00:00:00Z,gpt-5,999999999999999,1,0.1`).join('\n')}\n`);
    const sum = runCli(['actuals', 'import', 'sum.csv'], { cwd: dir });
    expect(sum.code).toBe(2);
    expect(sum.stderr).toBe('aifinops: error: sum.csv: the tokens of "gpt-5" on 2025-06-01 add up to more than 9,007,199,254,740,991, more than any real day — check the prompt_tokens and completion_tokens columns; nothing was imported from this file\n');
  });

  it('refuses a fractional token count (a cast to a whole number would round 1.5 to 2); 1200.0 is whole and accepted', () => {
    const dir = workDir();
    const head = 'request_id,startTime,model,prompt_tokens,completion_tokens,spend';
    writeFileSync(join(dir, 'frac.csv'), `${head}\nr1,2025-06-01T00:00:00Z,gpt-5,1200.0,1,0.1\nr2,2025-06-01T00:00:00Z,gpt-5,1,1.5,0.1\n`);
    const frac = runCli(['actuals', 'import', 'frac.csv'], { cwd: dir });
    expect(frac.code).toBe(2);
    expect(frac.stderr).toMatch(/frac\.csv: row 2 \(not counting the header\), column completion_tokens: expected a whole number ≥ 0, got "1\.5"/);
    writeFileSync(join(dir, 'whole.csv'), `${head}\nr1,2025-06-01T00:00:00Z,gpt-5,1200.0,1,0.1\n`);
    expect(runCli(['actuals', 'import', 'whole.csv'], { cwd: dir }).code).toBe(0);
  });
});
