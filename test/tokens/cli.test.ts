/** `aifinops tokens` and prompt files in `estimate`, through the real bin. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { CATALOGUE_FILES, tiktokenCount } from './helpers.js';
import { readFileSync } from 'node:fs';

const PRICING = CATALOGUE_FILES.flatMap((f) => ['-p', f]);
const DIR = 'test/fixtures/prompts-cli';
const cacheEnv = () => ({ AIFINOPS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'aifinops-cli-cache-')) });
const TRACE = { NODE_OPTIONS: `--require ${join(ROOT, DIR, 'trace-require.cjs')}` };
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

describe('aifinops tokens', () => {
  it('prints tokens per file and tokenizer, the total, and the cost of one call', async () => {
    const r = runCli(['tokens', `${DIR}/prompts/*`, '-m', 'gpt-4o', '-m', 'claude-sonnet-4-5', ...PRICING], { env: cacheEnv() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // beside the golden: bytes are the files' sizes, and the total row adds up the file rows
    const num = (c: string) => Number(c.replace(/[,≈\s]/g, ''));
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('│ ')).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    const files = rows.filter((c) => c[0]!.startsWith(`${DIR}/prompts/`));
    const total = rows.find((c) => c[0]!.startsWith('total ('))!;
    expect(files).toHaveLength(3);
    for (const f of files) expect(num(f[1]!), f[0]).toBe(Buffer.byteLength(read(f[0]!)));
    for (let col = 1; col <= 4; col++) expect(num(total[col]!), `column ${col}`).toBe(files.reduce((a, f) => a + num(f[col]!), 0));
    await expect(r.stdout).toMatchFileSnapshot('../fixtures/prompts-cli/tokens.expected.txt');
  });

  it('json: exact counts, estimates marked, costs = tokens × price', () => {
    const r = runCli(['tokens', `${DIR}/prompts/system.md`, `${DIR}/prompts/tools.json`, '-m', 'gpt-4o', '-m', 'claude-sonnet-4-5', '-m', 'gpt-4-turbo', ...PRICING, '-f', 'json'], { env: cacheEnv() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['schema_version', 'tool_version', 'tokenizers', 'files', 'total', 'models']);
    expect(j.tokenizers.map((t: { id: string; method: string }) => `${t.id}/${t.method}`)).toEqual(['o200k_base/exact', 'cl100k_base/exact', 'anthropic-claude/estimated']);
    const sys = read(`${DIR}/prompts/system.md`);
    const tools = read(`${DIR}/prompts/tools.json`);
    expect(j.files[0].tokens.o200k_base).toBe(tiktokenCount(sys));
    expect(j.files[0].tokens.cl100k_base).toBe(tiktokenCount(sys, 'cl100k_base'));
    expect(j.files[0].tokens['anthropic-claude']).toBe(Math.round(tiktokenCount(sys) * 1.16));
    const total = tiktokenCount(sys) + tiktokenCount(tools);
    expect(j.total.tokens.o200k_base).toBe(total);
    const [gpt4o, claude, turbo] = j.models;
    expect(gpt4o).toMatchObject({ model: 'openai/gpt-4o', tokenizer: 'o200k_base', method: 'exact', input_tokens: total, input_price: 2, long_context: false });
    expect(gpt4o.cost_per_call).toBeCloseTo((total * 2) / 1e6, 12);
    expect(gpt4o.cached_cost_per_call).toBeCloseTo((total * 0.5) / 1e6, 12);
    expect(claude).toMatchObject({ tokenizer: 'anthropic-claude', method: 'estimated' });
    expect(turbo).toMatchObject({ tokenizer: 'cl100k_base', method: 'exact', cached_cost_per_call: null });
  });

  it('reads stdin with -', () => {
    const r = runCli(['tokens', '-', '-f', 'json'], { input: 'hello world', env: cacheEnv() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: '(stdin)', bytes: 11, tokens: { o200k_base: 2, cl100k_base: 2 } });
  });

  it('bad input: unknown model, missing file, folder, empty glob — exit 2 with a fix', () => {
    const m = runCli(['tokens', `${DIR}/prompts/system.md`, '-m', 'gpt-4oo', ...PRICING]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--model gpt-4oo: .*gpt-4o/);
    const f = runCli(['tokens', `${DIR}/prompts/nope.md`]);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain(`${DIR}/prompts/nope.md: file not found`);
    const d = runCli(['tokens', `${DIR}/prompts`]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('is a folder, expected a file — count its files with a quoted glob');
    const g = runCli(['tokens', `${DIR}/*.nothing`]);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('matches no files');
    for (const r of [m, f, d, g]) expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});

describe('estimate with prompt files', () => {
  it('json marks per model which counts are exact and which estimated', () => {
    const r = runCli(['estimate', `${DIR}/scenario.yaml`, ...PRICING, '-f', 'json'], { env: cacheEnv() });
    expect(r.code).toBe(0);
    const models = JSON.parse(r.stdout).scenarios[0].stages[0].models;
    expect(models.map((m: { token_counts: { method: string; tokenizer: string } }) => `${m.token_counts.tokenizer}/${m.token_counts.method}`)).toEqual([
      'o200k_base/exact',
      'cl100k_base/exact',
      'anthropic-claude/estimated',
    ]);
    const parts = models[0].token_counts.parts;
    expect(parts.map((p: { part: string; method: string }) => `${p.part}:${p.method}`)).toEqual(['system:exact', 'tools:exact', 'context:given', 'user:exact']);
    expect(parts[3].fill).toBe(150);
  });

  it('the table says the counts are estimates', () => {
    const r = runCli(['estimate', `${DIR}/scenario.yaml`, ...PRICING], { env: cacheEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning: answer: system, tools, user tokens for anthropic/claude-sonnet-4-5 are estimates (anthropic-claude: o200k_base × 1.16');
  });

  it('a missing prompt file is a located input error', () => {
    const r = runCli(['estimate', `${DIR}/missing-file.yaml`, ...PRICING]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `aifinops: error: ${DIR}/missing-file.yaml:8:23: pipeline.answer.input.system.file: prompt file not found: ${DIR}/prompts/sytem.md — paths are relative to the scenario file\n`,
    );
  });
});

describe('lazy tokenizer', () => {
  it('a scenario without prompt files never loads a tokenizer package', () => {
    const r = runCli(['estimate', 'test/fixtures/scenarios/basic.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml'], { env: { ...cacheEnv(), ...TRACE } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[tokenizer modules loaded: none]');
  });

  it('prompt files load the ranks on a cold cache, and nothing once counts are cached', () => {
    const env = { ...cacheEnv(), ...TRACE };
    const cold = runCli(['estimate', `${DIR}/scenario.yaml`, ...PRICING, '-f', 'json'], { env });
    expect(cold.code).toBe(0);
    expect(cold.stderr).toContain('[tokenizer modules loaded: js-tiktoken/ranks/cl100k_base, js-tiktoken/ranks/o200k_base]');
    const warm = runCli(['estimate', `${DIR}/scenario.yaml`, ...PRICING, '-f', 'json'], { env });
    expect(warm.code).toBe(0);
    expect(warm.stderr).toContain('[tokenizer modules loaded: none]');
    expect(warm.stdout).toBe(cold.stdout);
  });
});
