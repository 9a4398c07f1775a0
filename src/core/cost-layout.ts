/**
 * The shape of a compiled cost program (cost-kernel.ts): what `CostProgram.run` evaluates and what
 * the generated kernel (kernel-source.ts) is made from. Slots index the program's input vector.
 */

export interface RateSet {
  input: number;
  output: number;
  cacheWrite: number;
  reasoning: number;
  /** cache_read per token; 0 with `hasCacheRead` false. */
  cacheRead: number;
  hasCacheRead: boolean;
}

export interface ModelProg {
  share: number;
  /**
   * The model's own input-part slots when its counts differ from the stage's (prompt files are
   * counted with each model's tokenizer), else null: the stage's parts.
   */
  parts: number[] | null;
  /** The cacheable ones among `parts` (null with `parts`). */
  cacheable: number[] | null;
  /** The others among `parts`, in their order (null with `parts`). */
  uncached: number[] | null;
  out: number;
  rs: number;
  normal: RateSet;
  long: RateSet;
  /** The value a step's input must exceed to pay the long-context rates: steps.ts `pastThreshold` of the model's threshold (Infinity: it has none). */
  threshold: number;
  /**
   * Whether the catalogue entry has long-context rates on some date (its base rates or a dated
   * price): the kernel then keeps the long-context run in its code even on a date without them
   * (its weight is 0 there, so the numbers are the same), so that a forecast's pricings before
   * and after such a change share one compiled kernel (kernel-wasm.ts).
   */
  longOnSomeDate: boolean;
  /** The value from which the cacheable prefix is cached: steps.ts `reachesMinimum` of cache_min_tokens. */
  cacheMin: number;
  batchDiscount: number;
  /** Fees beyond text tokens (core/fees.ts), null when the stage uses none. */
  fees: FeeProg | null;
}

/** A stage model's fees: the rates, and the slots of the stage's fee inputs they apply to. */
export interface FeeProg {
  rates: import('./fees.js').FeeRates;
  /** Slots of the uses per call of each priced tool, in `rates.tools` order (and hours likewise). */
  tools: number[];
  hours: number[];
  audio: { input: number; output: number; hit: number } | null;
  image: { input: number; output: number; hit: number } | null;
  /** Slots of the cache size and hours; `perDay`: the hours are per day (× days_per_month). */
  storage: { tokens: number; hours: number; perDay: boolean } | null;
}

export interface StageProg {
  sor: number;
  rch: number;
  steps: number;
  parts: number[];
  growth: number;
  hit: number;
  hasCache: boolean;
  cacheable: number[];
  /** The input parts outside `cacheable`, in their order: the uncached prefix of every step, U (spec §3: I_k − Ic' = U + g × k when the prefix is cached). */
  uncached: number[];
  batch: number;
  retry: number;
  maxRetries: number;
  normalize: boolean;
  models: ModelProg[];
}

export const ITEM_MONTHLY = 0;
export const ITEM_PER_REQUEST = 1;
export const ITEM_PER_USER = 2;
export const ITEM_LABOUR = 3;
export const ITEM_TOKENS = 4;

export interface ItemProg {
  kind: number;
  a: number;
  b: number;
  c: number;
  /** tokens items: the model's input price per 1M tokens. */
  price: number;
}

export const TRAFFIC_PER_DAY = 0;
export const TRAFFIC_PER_MONTH = 1;
export const TRAFFIC_USERS = 2;

/** What the kernel is generated from: a program's structure and its inputs at their resolved values. */
export interface ProgramView {
  base: Float64Array;
  hasUsers: boolean;
  hasOutcomes: boolean;
  traffic: { mode: number; rpd: number; rpm: number; users: number; rpupd: number; days: number };
  stages: StageProg[];
  items: ItemProg[];
  outcomes: { perMonth: number; perRequest: number; value: number; byMonth: boolean };
}
