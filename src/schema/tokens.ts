/** The `aifinops tokens` report (JSON contract; snake_case, every field present, null where not applicable). */

export const TOKENS_SCHEMA_VERSION = 1;

export interface TokenizerInfo {
  /** o200k_base, cl100k_base, or an estimated family such as anthropic-claude. */
  id: string;
  /** The public encoding the text is counted with. */
  encoding: string;
  method: 'exact' | 'estimated';
  /** Multiplier on the encoding's count (1 when exact). */
  ratio: number;
  /** Where the ratio comes from (docs/prompt-files.md), null when exact. */
  basis: string | null;
}

export interface FileTokens {
  file: string;
  bytes: number;
  /** Unicode code points. */
  characters: number;
  /** Tokens per tokenizer id. */
  tokens: Record<string, number>;
}

export interface CallCost {
  /** Canonical provider/model. */
  model: string;
  /** Tokenizer id (a key of `tokens`). */
  tokenizer: string;
  method: 'exact' | 'estimated';
  /** Tokens of all files together for this model: the input of one call. */
  input_tokens: number;
  currency: string;
  /** Price per 1M input tokens in force (the long-context rate when the call exceeds the threshold). */
  input_price: number;
  long_context: boolean;
  /** What one call carrying these tokens as uncached input costs. */
  cost_per_call: number;
  /** The same tokens read from the prompt cache, or null when the model has no cache price. */
  cached_cost_per_call: number | null;
  /** `effective_from`: the dated price in force on the pricing date (`--as-of`), null for the base rates. */
  priced_by: { catalogue: string; as_of: string; source: string; effective_from: string | null };
}

export interface TokensReport {
  schema_version: typeof TOKENS_SCHEMA_VERSION;
  tool_version: string;
  tokenizers: TokenizerInfo[];
  files: FileTokens[];
  total: { files: number; bytes: number; characters: number; tokens: Record<string, number> };
  models: CallCost[];
}
