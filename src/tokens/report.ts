/** Build the `aifinops tokens` report from counted files and priced models. Pure. */
import { pricedBy } from '../core/prices-at.js';
import { ratesFor } from '../core/estimate.js';
import type { PricedModel } from '../core/model.js';
import { TOKENS_SCHEMA_VERSION, type CallCost, type FileTokens, type TokenizerInfo, type TokensReport } from '../schema/tokens.js';
import type { Tokenizer } from './families.js';

export interface CountedFile {
  file: string;
  bytes: number;
  characters: number;
  /** Tokens per tokenizer id. */
  tokens: Record<string, number>;
}

export function buildTokensReport(
  version: string,
  tokenizers: readonly Tokenizer[],
  files: readonly CountedFile[],
  models: readonly { model: PricedModel; tokenizer: Tokenizer }[],
): TokensReport {
  const info: TokenizerInfo[] = tokenizers.map((t) => ({ id: t.id, encoding: t.encoding, method: t.method, ratio: t.ratio, basis: t.basis }));
  const rows: FileTokens[] = files.map((f) => ({ file: f.file, bytes: f.bytes, characters: f.characters, tokens: pick(f.tokens, tokenizers) }));
  const total = { files: files.length, bytes: 0, characters: 0, tokens: Object.fromEntries(tokenizers.map((t) => [t.id, 0])) as Record<string, number> };
  for (const f of rows) {
    total.bytes += f.bytes;
    total.characters += f.characters;
    for (const t of tokenizers) total.tokens[t.id]! += f.tokens[t.id] ?? 0;
  }
  const costs: CallCost[] = models.map(({ model, tokenizer }) => {
    const input = total.tokens[tokenizer.id] ?? 0;
    const { rates, longContext } = ratesFor(model, input, '5m');
    const lc = model.prices.long_context;
    return {
      model: model.ref,
      tokenizer: tokenizer.id,
      method: tokenizer.method,
      input_tokens: input,
      currency: model.catalogue.currency,
      input_price: longContext && lc ? lc.input : model.prices.input,
      long_context: longContext,
      cost_per_call: input * rates.input,
      cached_cost_per_call: rates.cacheRead === null ? null : input * rates.cacheRead,
      priced_by: pricedBy(model),
    };
  });
  return { schema_version: TOKENS_SCHEMA_VERSION, tool_version: version, tokenizers: info, files: rows, total, models: costs };
}

function pick(tokens: Record<string, number>, tokenizers: readonly Tokenizer[]): Record<string, number> {
  return Object.fromEntries(tokenizers.map((t) => [t.id, tokens[t.id] ?? 0]));
}
