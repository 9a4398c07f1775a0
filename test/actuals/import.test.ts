/** `aifinops actuals import`: every format's fixture imports, re-import adds nothing, damaged files are refused whole. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fixture, storeQuery, workDir } from './helpers.js';

const GOOD = ['openai-usage.json', 'openai-costs.json', 'anthropic-usage.json', 'anthropic-cost.json', 'focus.csv', 'litellm.csv', 'otlp.json'];

describe('actuals import', () => {
  it('imports one fixture of each format, and importing them again adds nothing', async () => {
    const dir = workDir();
    const first = runCli(['actuals', 'import', ...GOOD.map(fixture), '-f', 'json'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const files = JSON.parse(first.stdout).files as { source: string; rows_read: number; rows_added: number; rows_skipped: number }[];
    expect(files.map((f) => f.source)).toEqual(['openai-usage', 'openai-costs', 'anthropic-usage', 'anthropic-cost', 'focus', 'litellm', 'otlp']);
    // 3 days × 2 models; × 3 line items; × 5 token types; FOCUS: 2 Bedrock lines a day kept, EC2 left out; 40 requests; 16 model-call spans
    expect(files.map((f) => f.rows_added)).toEqual([6, 18, 6, 30, 6, 40, 16]);
    expect(files.find((f) => f.source === 'focus')!.rows_skipped).toBe(3);
    const store = join(dir, '.aifinops/actuals.duckdb');
    // the 40 LiteLLM requests are stored as their daily aggregate: 3 days × 2 models
    const [{ n }] = (await storeQuery(store, 'SELECT count(*) AS n FROM actuals')) as [{ n: number }];
    expect(n).toBe(6 + 18 + 6 + 30 + 6 + 6 + 16);
    const [{ requests }] = (await storeQuery(store, "SELECT sum(requests) AS requests FROM actuals WHERE source = 'litellm'")) as [{ requests: number }];
    expect(requests).toBe(40);

    const again = runCli(['actuals', 'import', ...GOOD.map(fixture), '-f', 'json'], { cwd: dir });
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout).files as { rows_added: number }[]).every((f) => f.rows_added === 0)).toBe(true);
    const [{ n: n2 }] = (await storeQuery(store, 'SELECT count(*) AS n FROM actuals')) as [{ n: number }];
    expect(n2).toBe(n);
  });

  it('normalises OpenAI usage: fresh input excludes cached tokens, the dated model name becomes the catalogue model', async () => {
    const dir = workDir();
    expect(runCli(['actuals', 'import', fixture('openai-usage.json')], { cwd: dir }).code).toBe(0);
    const src = JSON.parse((await import('node:fs')).readFileSync(fixture('openai-usage.json'), 'utf8'));
    const r0 = src.data[0].results[0];
    const rows = await storeQuery(join(dir, '.aifinops/actuals.duckdb'), `SELECT model, model_raw, input, cache_read, requests, project, api_key FROM actuals WHERE model_raw = '${r0.model}' ORDER BY day LIMIT 1`);
    expect(rows[0]).toEqual({
      model: 'openai/gpt-5-mini', model_raw: 'gpt-5-mini-2025-08-07',
      input: r0.input_tokens - r0.input_cached_tokens, cache_read: r0.input_cached_tokens, requests: r0.num_model_requests,
      project: 'proj_support', api_key: 'key_support',
    });
  });

  it('reads Anthropic cost amounts as cents and OTLP traces as agent steps', async () => {
    const dir = workDir();
    expect(runCli(['actuals', 'import', fixture('anthropic-cost.json'), fixture('otlp.json')], { cwd: dir }).code).toBe(0);
    const store = join(dir, '.aifinops/actuals.duckdb');
    const src = JSON.parse((await import('node:fs')).readFileSync(fixture('anthropic-cost.json'), 'utf8'));
    const cents = src.data.flatMap((b: { results: { amount: string }[] }) => b.results).reduce((s: number, r: { amount: string }) => s + Number(r.amount), 0);
    const [{ usd }] = (await storeQuery(store, "SELECT sum(billed_cost) AS usd FROM actuals WHERE source = 'anthropic-cost'")) as [{ usd: number }];
    expect(usd).toBeCloseTo(cents / 100, 9);
    // 6 traces of 2 or 3 steps (2+3+2+3+2+3 = 15 calls) and one failed attempt retried: 16 spans
    const [t] = await storeQuery(store, "SELECT sum(traces) AS traces, sum(requests) AS calls, sum(failed) AS failed, sum(tool_calls) AS tools FROM actuals WHERE source = 'otlp'");
    expect(t).toEqual({ traces: 6, calls: 16, failed: 1, tools: 9 });
  });

  const DAMAGED: [file: string, where: RegExp][] = [
    ['openai-usage.damaged.json', /openai-usage\.damaged\.json: data\[0\]\.results\[0\]\.output_tokens: expected a whole number of tokens ≥ 0, got -5/],
    ['openai-costs.damaged.json', /openai-costs\.damaged\.json: data\[0\]\.results\[0\]\.amount\.currency: expected a string, got 12/],
    ['anthropic-usage.damaged.json', /anthropic-usage\.damaged\.json: data\[0\]\.results\[0\]\.cache_read_input_tokens: expected a whole number of tokens ≥ 0, got "lots"/],
    ['anthropic-cost.damaged.json', /anthropic-cost\.damaged\.json: data\[0\]\.results\[0\]\.amount: expected a decimal amount as a string/],
    ['focus.damaged.csv', /focus\.damaged\.csv: row 3 \(not counting the header\), column BilledCost: expected a finite amount, got "n\/a"/],
    ['focus.damaged.parquet', /focus\.damaged\.parquet: is not a readable Parquet file: .*focus\.damaged\.parquet' — nothing was imported/],
    ['litellm.damaged.csv', /litellm\.damaged\.csv: row 5 \(not counting the header\), column completion_tokens: expected a whole number ≥ 0, got "-\d+"/],
    ['otlp.damaged.json', /otlp\.damaged\.json: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected 32 hex digits, got "not-a-trace"/],
  ];
  for (const [file, where] of DAMAGED) {
    it(`refuses ${file} whole: exit 2 naming file, place and field; the store keeps what it had`, async () => {
      const dir = workDir();
      expect(runCli(['actuals', 'import', fixture('litellm.csv')], { cwd: dir }).code).toBe(0);
      // the good file first on the command line: the import is all or nothing
      const r = runCli(['actuals', 'import', fixture('anthropic-usage.json'), fixture(file)], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(where);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const [t] = await storeQuery(join(dir, '.aifinops/actuals.duckdb'), 'SELECT count(*) AS rows, sum(requests) AS requests FROM actuals');
      // only the LiteLLM log's daily aggregate (3 days × 2 models, 40 requests)
      expect(t).toEqual({ rows: 6, requests: 40 });
    });
  }

  it('reads FOCUS as Parquet (typed columns) to the same rows as the same export as CSV', async () => {
    const cols = 'CAST(day AS VARCHAR) AS day, source, provider, model, model_raw, project, tags, input, cache_read, cache_write_5m, cache_write_1h, output, billed_cost, currency';
    const rows = async (file: string) => {
      const dir = workDir();
      const r = runCli(['actuals', 'import', fixture(file), '-f', 'json'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).files[0]).toMatchObject({ source: 'focus', rows_read: 9, rows_added: 6, rows_skipped: 3 });
      return storeQuery(join(dir, '.aifinops/actuals.duckdb'), `SELECT ${cols} FROM actuals ORDER BY day, model, input`);
    };
    const fromCsv = await rows('focus.csv');
    expect(fromCsv).toHaveLength(6);
    expect(await rows('focus.parquet')).toEqual(fromCsv);
  });

  it('refuses a file of no known format, naming it', () => {
    const r = runCli(['actuals', 'import', 'package.json'], { cwd: process.cwd() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/package\.json: is not a format aifinops reads/);
  });

  it('refuses a folder and a missing file', () => {
    const dir = workDir();
    expect(runCli(['actuals', 'import', dir], { cwd: dir }).stderr).toMatch(/is a folder, expected a file/);
    const missing = runCli(['actuals', 'import', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
  });
});
