/** The warehouse path: `actuals sql` runs on DuckDB over a spend-log table; its CSV imports back to the same totals. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, query, sqlString } from '../../src/actuals/duck.js';
import { runCli } from '../helpers/cli.js';
import { fixture, storeQuery, workDir } from './helpers.js';

describe('actuals sql', () => {
  it('prints one query that DuckDB runs over a spend-log table; its aggregate CSV imports to the same totals as the log', async () => {
    const sql = runCli(['actuals', 'sql', '--table', 'spend_logs']);
    expect(sql.code).toBe(0);
    // the shared subset: no dialect-only type names or quoting
    expect(sql.stdout).not.toMatch(/DOUBLE|VARCHAR|"|`|::/);
    const dir = workDir();
    const csv = join(dir, 'daily.csv');
    const db = await openDb(':memory:');
    try {
      await db.connection.run(`CREATE TABLE spend_logs AS SELECT * FROM read_csv(${sqlString(fixture('litellm.csv'))}, header = true)`);
      const body = sql.stdout.replace(/^--.*\n/gm, '').replace(/\s+$/, '');
      await db.connection.run(`COPY (${body}) TO ${sqlString(csv)} (HEADER, DELIMITER ',')`);
      expect((await query(db.connection, `SELECT count(*) AS n FROM read_csv(${sqlString(csv)})`))[0]!.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    expect(runCli(['actuals', 'import', csv, '--store', 'agg.duckdb'], { cwd: dir }).code).toBe(0);
    expect(runCli(['actuals', 'import', fixture('litellm.csv'), '--store', 'log.duckdb'], { cwd: dir }).code).toBe(0);
    const totals = 'SELECT model, sum(requests) AS requests, sum(input) AS input, sum(output) AS output, sum(failed) AS failed, sum(traces) AS traces, round(sum(billed_cost), 9) AS usd FROM actuals GROUP BY model ORDER BY model';
    const fromAgg = await storeQuery(join(dir, 'agg.duckdb'), totals);
    expect(fromAgg).toEqual(await storeQuery(join(dir, 'log.duckdb'), totals));
    expect(fromAgg.map((r) => r.model)).toEqual(['openai/gpt-5', 'openai/gpt-5-mini']);
  });

  it('refuses a table name that is not a plain identifier', () => {
    const r = runCli(['actuals', 'sql', '--table', 'x; DROP TABLE y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--table: expected a table name/);
  });
});
