/**
 * Which tokenizer counts a prompt for which model, and how sure the count is.
 *
 * OpenAI's encodings are public, so OpenAI models (and OpenAI models resold by Azure, Bedrock,
 * OpenRouter, …) are counted exactly with o200k_base or cl100k_base. Other providers do not
 * publish their tokenizer; their counts are o200k_base counts times a calibrated ratio, marked
 * "estimated". Every ratio and its source is documented in docs/prompt-files.md (section
 * "Estimated tokenizers") and reproduced by scripts/calibrate-token-ratios.mjs.
 * Pure: no I/O.
 */
import type { Encoding } from './encodings.js';

export type CountMethod = 'exact' | 'estimated';

export interface Tokenizer {
  /** Stable id shown in reports: an encoding name, or a family such as "anthropic-claude". */
  id: string;
  /** The public encoding the text is counted with. */
  encoding: Encoding;
  /** Multiplier on the encoding's count (1 for exact counts). */
  ratio: number;
  method: CountMethod;
  /** One line on where the ratio comes from (null for exact counts). */
  basis: string | null;
}

/**
 * Characters per o200k_base token measured on the calibration corpus
 * (test/fixtures/prompts-calibration, English prose-first prompts):
 * `node scripts/calibrate-token-ratios.mjs` prints it. Used to turn published
 * "characters per token" guidance into a ratio against o200k_base.
 */
export const O200K_CHARS_PER_TOKEN = 4.78;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The estimated families. Ratios are rounded to 2 decimals; the derivations are checked against
 * the calibration script by test/tokens/families.test.ts.
 */
export const ESTIMATED: Record<string, Tokenizer> = {
  'anthropic-claude': {
    id: 'anthropic-claude',
    encoding: 'o200k_base',
    // Claude 3 … 4.6 tokenizer: 16% more tokens than GPT-4o (o200k_base) on English text,
    // measured with Anthropic's count_tokens (21% on maths, 30% on Python code).
    ratio: 1.16,
    method: 'estimated',
    basis: 'Claude 3–4.6: +16% vs GPT-4o on English text (measured via count_tokens, VentureBeat 2025-05)',
  },
  'anthropic-claude-4.7': {
    id: 'anthropic-claude-4.7',
    encoding: 'o200k_base',
    // Opus 4.7 and later: Anthropic documents 1.0–1.35× the tokens of earlier Claude models;
    // we take the top of that range on top of the 1.16 above: 1.16 × 1.35.
    ratio: round2(1.16 * 1.35),
    method: 'estimated',
    basis: 'Claude Opus 4.7+: up to 1.35× earlier Claude models (Anthropic migration guide) × 1.16',
  },
  'google-gemini': {
    id: 'google-gemini',
    encoding: 'o200k_base',
    // "For Gemini models, a token is equivalent to about 4 characters." (ai.google.dev)
    ratio: round2(O200K_CHARS_PER_TOKEN / 4),
    method: 'estimated',
    basis: 'Gemini: "a token is about 4 characters" (Google AI docs) vs 4.78 chars per o200k token',
  },
  deepseek: {
    id: 'deepseek',
    encoding: 'o200k_base',
    // "1 English character ≈ 0.3 token." (api-docs.deepseek.com, Token & Token Usage)
    ratio: round2(0.3 * O200K_CHARS_PER_TOKEN),
    method: 'estimated',
    basis: 'DeepSeek: "1 English character ≈ 0.3 token" (DeepSeek API docs) vs 4.78 chars per o200k token',
  },
  generic: {
    id: 'generic',
    encoding: 'o200k_base',
    // No published figure: the common rule of thumb "1 token ≈ 4 characters of English text".
    ratio: round2(O200K_CHARS_PER_TOKEN / 4),
    method: 'estimated',
    basis: 'tokenizer not public and no published density: "1 token ≈ 4 characters" rule of thumb vs 4.78 chars per o200k token',
  },
};

const EXACT: Record<Encoding, Tokenizer> = {
  o200k_base: { id: 'o200k_base', encoding: 'o200k_base', ratio: 1, method: 'exact', basis: null },
  cl100k_base: { id: 'cl100k_base', encoding: 'cl100k_base', ratio: 1, method: 'exact', basis: null },
};

export function exactTokenizer(encoding: Encoding): Tokenizer {
  return EXACT[encoding];
}

/** OpenAI families on o200k_base (GPT-4o, 4.1, 4.5, 5, o-series, gpt-oss, codex). */
const O200K = /^(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4|codex-|computer-use)/;
/** Older OpenAI models on cl100k_base (GPT-4, GPT-4 Turbo, GPT-3.5 Turbo, embeddings v2/v3). */
const CL100K = /^(?:gpt-4(?![o.])|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada-002)/;
/** Resellers' model-id prefixes: Bedrock "us.anthropic.", "openai.", Vertex publishers, … */
const RESELLER_PREFIX = /^(?:(?:us|eu|apac|global|jp|au|ca)\.)?(?:openai|anthropic|google|meta|mistral|deepseek|amazon|cohere|ai21|qwen|xai|moonshotai|minimax)\./;

/** The model id without provider paths and reseller prefixes, lower-case: "openai/gpt-4o" → "gpt-4o". */
export function baseModelId(id: string): string {
  const last = id.toLowerCase().split('/').pop() ?? '';
  return last.replace(RESELLER_PREFIX, '');
}

/** Claude generation: version 4.7 and later (Opus 4.7, Claude 5, …) use Anthropic's newer tokenizer. */
function claudeFamily(base: string): Tokenizer {
  const m = /claude-(?:[a-z]+-)?(\d+)(?:[-.](\d{1,2})(?!\d))?/.exec(base);
  const major = m ? Number(m[1]) : 0;
  const minor = m?.[2] !== undefined ? Number(m[2]) : 0;
  const newer = major >= 5 || (major === 4 && minor >= 7);
  return ESTIMATED[newer ? 'anthropic-claude-4.7' : 'anthropic-claude']!;
}

/**
 * The tokenizer for a priced model. `provider` is the catalogue's provider id, `id` the model id
 * in that catalogue. Resold models map to their family by the model id (Azure `gpt-4o` → o200k_base,
 * Bedrock `anthropic.claude-…` → Claude, Vertex `gemini-…` → Gemini).
 */
export function tokenizerFor(provider: string, id: string): Tokenizer {
  const base = baseModelId(id);
  if (O200K.test(base)) return EXACT.o200k_base;
  if (CL100K.test(base)) return EXACT.cl100k_base;
  const p = provider.toLowerCase();
  if (base.includes('claude') || p === 'anthropic') return claudeFamily(base);
  if (/gemini|gemma/.test(base) || p === 'google' || p === 'gemini') return ESTIMATED['google-gemini']!;
  if (base.includes('deepseek') || p === 'deepseek') return ESTIMATED.deepseek!;
  if (p === 'openai') {
    // An OpenAI model this table does not know yet (a newer family): o200k_base, OpenAI's current
    // encoding, but marked as an estimate since the encoding is assumed.
    return { id: 'o200k_base', encoding: 'o200k_base', ratio: 1, method: 'estimated', basis: 'OpenAI model not in the encoding table: o200k_base assumed' };
  }
  return ESTIMATED.generic!;
}

/** A file's count for a tokenizer from its encoding's count (estimates rounded to whole tokens). */
export function applyRatio(count: number, t: Tokenizer): number {
  return t.ratio === 1 ? count : Math.round(count * t.ratio);
}
