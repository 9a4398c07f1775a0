/**
 * Counting text with memo → disk cache → tokenizer, in that order. The tokenizer (and its rank
 * data) loads only on a cache miss, so a run whose prompts were counted before loads none.
 */
import { createHash } from 'node:crypto';
import { CountCache } from './cache.js';
import { counterFor, type Encoding } from './encodings.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a prompt file's text is before counting: without a UTF-8 byte-order mark. */
export function promptText(raw: string): string {
  return raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
}

export class TokenCounter {
  private readonly memo = new Map<string, number>();
  /** Texts counted by a tokenizer in this process (cache misses). */
  counted = 0;

  constructor(readonly cache: CountCache = new CountCache()) {}

  /** Tokens in `text` under `encoding`; pass `hash` when it is already known. */
  count(text: string, encoding: Encoding, hash = sha256(text)): number {
    const key = CountCache.key(encoding, hash);
    let n = this.memo.get(key);
    if (n !== undefined) return n;
    n = this.cache.get(key);
    if (n === undefined) {
      n = counterFor(encoding).count(text);
      this.counted++;
      this.cache.set(key, n);
    }
    this.memo.set(key, n);
    return n;
  }

  /** Persist new counts (atomic; never throws). */
  flush(): void {
    this.cache.flush();
  }
}

let shared: TokenCounter | undefined;

/** The process-wide counter (its cache folder is read from the environment on first use). */
export function sharedCounter(): TokenCounter {
  shared ??= new TokenCounter();
  return shared;
}
