/**
 * Row identities (`row_id`) are injective: two different usage rows never share one, so neither
 * is dropped as "already in the store". The fields are joined with `|`, each with `\` and `|`
 * escaped; a field holding neither is written as it was before the escaping, so the identities
 * stores already hold are unchanged and a re-import after an upgrade counts nothing twice.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, query, sqlString, type Db } from '../../src/actuals/duck.js';
import { identityPartSql } from '../../src/actuals/import.js';
import { identityPart, keyOf } from '../../src/actuals/parse-api.js';
import { runCli } from '../helpers/cli.js';
import { storeQuery, workDir } from './helpers.js';

const part = fc.array(fc.constantFrom('|', '\\', 'a', 'b', '', 'é', '\u0000'), { maxLength: 6 }).map((a) => a.join(''));
const parts = fc.array(part, { minLength: 1, maxLength: 5 });

describe('keyOf (API pages)', () => {
  it('property: two different field lists never share an identity', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        if (a.length !== b.length) return; // every source writes a fixed number of fields
        if (keyOf(...a) === keyOf(...b)) expect(a).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });
  it('property: a field list without | and \\ has the identity it had before (fields joined with |)', () => {
    const plain = fc.array(fc.string().filter((s) => !/[|\\]/.test(s)), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(plain, (a) => {
        expect(keyOf(...a)).toBe(a.join('|'));
      }),
    );
  });
  it('the reviewer\'s pair: "u|k" + "m" and "u" + "k|m" differ', () => {
    expect(keyOf('openai-usage', 1, 'p', 'u|k', 'm')).toBe('openai-usage|1|p|u\\|k|m');
    expect(keyOf('openai-usage', 1, 'p', 'u', 'k|m')).toBe('openai-usage|1|p|u|k\\|m');
    expect(keyOf('a\\', 'b')).not.toBe(keyOf('a', '\\b'));
    expect(keyOf(null, false, 3)).toBe('|false|3');
  });
});

describe('identityPartSql (aggregate CSV and FOCUS imports) escapes as identityPart does', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(':memory:');
  });
  afterAll(() => db.close());
  it('property: the same text in SQL as in TypeScript', async () => {
    const samples = fc.sample(fc.string({ unit: fc.constantFrom('|', '\\', 'a', "'", 'é', '%') }), 300);
    samples.push('', 'u|k', 'k\\|m', '\\\\');
    const rows = await query(db.connection, `SELECT ${samples.map((s, i) => `${identityPartSql(sqlString(s))} AS c${i}`).join(', ')}`);
    samples.forEach((s, i) => expect(rows[0]![`c${i}`], JSON.stringify(s)).toBe(identityPart(s)));
    const nul = await query(db.connection, `SELECT ${identityPartSql('NULL')} AS c`);
    expect(nul[0]!.c).toBe('');
  });
});

const result = (user: string, key: string, requests: number) => ({ object: 'organization.usage.completions.result', input_tokens: requests * 1000, output_tokens: requests * 1000, input_cached_tokens: 0, num_model_requests: requests, project_id: 'p', user_id: user, api_key_id: key, model: 'gpt-5-mini', batch: false, service_tier: null });
const page = (results: unknown[]) => JSON.stringify({ object: 'page', data: [{ object: 'bucket', start_time: 1762041600, end_time: 1762128000, results }], has_more: false, next_page: null });

describe('actuals import keeps two rows whose fields only differ by where a | is', () => {
  it('adds both ("u|k" + "m": 1,000 calls; "u" + "k|m": 5,000 calls); a re-import adds nothing', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'u.json'), page([result('u|k', 'm', 1000), result('u', 'k|m', 5000)]));
    const store = join(dir, 's.duckdb');
    const first = runCli(['actuals', 'import', 'u.json', '--store', store], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('2 rows read, 2 added');
    const again = runCli(['actuals', 'import', 'u.json', '--store', store], { cwd: dir });
    expect(again.stdout).toContain('2 rows read, 0 added, 2 already in the store');
  }, 60_000);

  it('a row without | or \\ keeps the identity an older version stored: no double count after upgrading', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'u.json'), page([result('u', 'k', 10)]));
    const store = join(dir, 's.duckdb');
    expect(runCli(['actuals', 'import', 'u.json', '--store', store], { cwd: dir }).stdout).toContain('1 added');
    const ids = await storeQuery(store, 'SELECT row_id FROM actuals');
    // the identity as the unescaped join wrote it: openai-usage|start|project|user|key|model|batch|tier
    expect(ids.map((r) => r.row_id)).toEqual(['openai-usage|1762041600|p|u|k|gpt-5-mini|false|']);
  }, 60_000);
});
