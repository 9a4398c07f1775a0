/** Which tokenizer counts for which model, and the calibrated ratios against their derivation. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { counterFor } from '../../src/tokens/encodings.js';
import { applyRatio, baseModelId, ESTIMATED, O200K_CHARS_PER_TOKEN, tokenizerFor } from '../../src/tokens/families.js';
import { ROOT } from '../helpers/cli.js';

const pick = (provider: string, id: string) => {
  const t = tokenizerFor(provider, id);
  return `${t.id}/${t.method}`;
};

describe('tokenizerFor', () => {
  it('counts OpenAI families exactly with their encoding', () => {
    for (const id of ['gpt-5.4-mini', 'gpt-5.6-luna', 'gpt-4o', 'gpt-4o-mini', 'chatgpt-4o-latest', 'gpt-4.1', 'gpt-4.1-nano', 'gpt-4.5-preview', 'gpt-5', 'gpt-5-mini', 'gpt-5.1-codex', 'o1', 'o3-mini', 'o4-mini', 'gpt-oss-120b', 'codex-mini-latest']) {
      expect(pick('openai', id), id).toBe('o200k_base/exact');
    }
    for (const id of ['gpt-4', 'gpt-4-turbo', 'gpt-4-0613', 'gpt-3.5-turbo', 'text-embedding-3-small', 'text-embedding-ada-002']) {
      expect(pick('openai', id), id).toBe('cl100k_base/exact');
    }
  });

  it('maps resold models to their family', () => {
    expect(pick('azure', 'gpt-4o')).toBe('o200k_base/exact');
    expect(pick('azure', 'gpt-5.4-mini-global')).toBe('o200k_base/exact');
    expect(pick('azure', 'gpt-35-turbo')).toBe('cl100k_base/exact');
    expect(pick('openrouter', 'openai/gpt-4.1-mini')).toBe('o200k_base/exact');
    expect(pick('bedrock', 'openai.gpt-oss-20b-1:0')).toBe('o200k_base/exact');
    expect(pick('bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe('anthropic-claude/estimated');
    expect(pick('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('anthropic-claude/estimated');
    expect(pick('vertex', 'claude-sonnet-4-5@20250929')).toBe('anthropic-claude/estimated');
    expect(pick('openrouter', 'google/gemini-2.5-pro')).toBe('google-gemini/estimated');
    expect(pick('together', 'deepseek-ai/DeepSeek-V3')).toBe('deepseek/estimated');
  });

  it('knows the newer Claude tokenizer (Opus 4.7 and later)', () => {
    expect(pick('anthropic', 'claude-opus-4-1')).toBe('anthropic-claude/estimated');
    expect(pick('anthropic', 'claude-sonnet-4-20250514')).toBe('anthropic-claude/estimated');
    expect(pick('anthropic', 'claude-3-haiku-20240307')).toBe('anthropic-claude/estimated');
    expect(pick('anthropic', 'claude-opus-4-7')).toBe('anthropic-claude-4.7/estimated');
    expect(pick('anthropic', 'claude-opus-4.8')).toBe('anthropic-claude-4.7/estimated');
    expect(pick('anthropic', 'claude-sonnet-5')).toBe('anthropic-claude-4.7/estimated');
    expect(pick('anthropic', 'claude-fable-5-1')).toBe('anthropic-claude-4.7/estimated');
    expect(pick('bedrock', 'global.anthropic.claude-opus-4-8')).toBe('anthropic-claude-4.7/estimated');
    expect(pick('bedrock', 'anthropic.claude-haiku-4-5-20251001-v1:0')).toBe('anthropic-claude/estimated');
    expect(pick('anthropic', 'claude-instant-1')).toBe('anthropic-claude/estimated');
  });

  it('estimates everything else, and marks an unknown OpenAI model as assumed o200k_base', () => {
    expect(pick('google', 'gemini-2.5-flash')).toBe('google-gemini/estimated');
    expect(pick('deepseek', 'deepseek-chat')).toBe('deepseek/estimated');
    expect(pick('mistral', 'mistral-large-latest')).toBe('generic/estimated');
    expect(pick('acme', 'acme-small')).toBe('generic/estimated');
    expect(pick('bedrock', 'amazon.nova-pro-v1:0')).toBe('generic/estimated');
    expect(pick('bedrock', 'meta.llama3-3-70b-instruct-v1:0')).toBe('generic/estimated');
    const unknown = tokenizerFor('openai', 'gpt-9-preview');
    expect(unknown).toMatchObject({ id: 'o200k_base', encoding: 'o200k_base', ratio: 1, method: 'estimated' });
  });

  it('strips provider paths and reseller prefixes', () => {
    expect(baseModelId('openai/GPT-4o')).toBe('gpt-4o');
    expect(baseModelId('eu.anthropic.claude-3-haiku')).toBe('claude-3-haiku');
  });

  it('rounds estimated counts to whole tokens and leaves exact ones alone', () => {
    expect(applyRatio(1000, ESTIMATED['anthropic-claude']!)).toBe(1160);
    expect(applyRatio(3, ESTIMATED['anthropic-claude']!)).toBe(3);
    expect(applyRatio(1234, tokenizerFor('openai', 'gpt-4o'))).toBe(1234);
  });
});

describe('calibration', () => {
  const dir = fileURLToPath(new URL('../fixtures/prompts-calibration/', import.meta.url));

  it('O200K_CHARS_PER_TOKEN is what the calibration corpus measures', () => {
    let chars = 0;
    let tokens = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.md') && x !== 'README.md')) {
      const text = readFileSync(join(dir, f), 'utf8');
      chars += [...text].length;
      tokens += counterFor('o200k_base').count(text);
    }
    expect(Math.round((chars / tokens) * 100) / 100).toBe(O200K_CHARS_PER_TOKEN);
  });

  it('every ratio in the code is the one the calibration script derives', () => {
    const out = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'scripts/calibrate-token-ratios.mjs'), '--json'], { encoding: 'utf8' })) as {
      o200k_chars_per_token: number;
      ratios: { family: string; ratio: number }[];
    };
    expect(out.o200k_chars_per_token).toBe(O200K_CHARS_PER_TOKEN);
    expect(Object.fromEntries(out.ratios.map((r) => [r.family, r.ratio]))).toEqual(Object.fromEntries(Object.values(ESTIMATED).map((t) => [t.id, t.ratio])));
    for (const t of Object.values(ESTIMATED)) {
      expect(t.method).toBe('estimated');
      expect(t.basis).toBeTruthy();
    }
  });
});
