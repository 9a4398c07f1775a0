/**
 * Counting text with memo → disk cache → tokenizer, in that order. The tokenizer (and its rank
 * data) loads only on a cache miss, so a run whose prompts were counted before loads none.
 */
import { statSync, type BigIntStats } from 'node:fs';
import { CountCache } from './cache.js';
import { counterFor, type Encoding } from './encodings.js';
import { sha256Hex } from '../util/sha256.js';

/** SHA-256 of the text's UTF-8 bytes, hex (src/util/sha256.ts: without loading node:crypto for small texts). */
export function sha256(text: string): string {
  return sha256Hex(text);
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

  /**
   * Tokens in `text` under `encoding`; pass `hash` when it is already known. `text` may be a
   * function that reads it: it is called only when the count is in neither memo nor cache.
   */
  count(text: string | (() => string), encoding: Encoding, hash?: string): number {
    const h = hash ?? sha256(typeof text === 'string' ? text : text());
    const key = CountCache.key(encoding, h);
    let n = this.memo.get(key);
    if (n !== undefined) return n;
    n = this.cache.get(key);
    if (n === undefined) {
      n = counterFor(encoding).count(typeof text === 'string' ? text : text());
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

/** Files changed less than this long ago are not trusted to a stat signature (timestamp resolution). */
export const RACY_MS = 2000;

/**
 * A file's stat signature (device, inode, size, mtime and ctime in ns): while it is unchanged, so
 * is the content. `racy` when the file changed too recently for the signature to be trusted later.
 */
export function statSignature(abs: string, now = Date.now()): { signature: string; racy: boolean } | null {
  try {
    return signatureOf(statSync(abs, { bigint: true }), now);
  } catch {
    return null;
  }
}

export function signatureOf(st: BigIntStats, now = Date.now()): { signature: string; racy: boolean } | null {
  if (!st.isFile()) return null;
  const signature = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  const changed = Math.max(Number(st.mtimeMs), Number(st.ctimeMs));
  return { signature, racy: now - changed < RACY_MS };
}

let shared: TokenCounter | undefined;

/** The process-wide counter (its cache folder is read from the environment on first use). */
export function sharedCounter(): TokenCounter {
  shared ??= new TokenCounter();
  return shared;
}
