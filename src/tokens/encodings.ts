/**
 * The two public OpenAI encodings we count with, loaded on first use only.
 *
 * Rank data comes from js-tiktoken (`js-tiktoken/ranks/<encoding>`, 1–2 MB each). It is loaded
 * with a synchronous require because scenario loading is synchronous; the package is external to
 * the bundle (LAZY_EXTERNALS in scripts/build.mjs), so a run that counts nothing never parses it.
 * `createRequire(import.meta.url)` resolves from dist/ (bundle) and from src/ (tests) alike.
 */
import { createRequire } from 'node:module';
import { BpeCounter, type RankFile } from './bpe.js';

export const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export type Encoding = (typeof ENCODINGS)[number];

const counters = new Map<Encoding, BpeCounter>();
let loads = 0;

/** The counter for an encoding, building it (and loading its ranks) on first use. */
export function counterFor(encoding: Encoding): BpeCounter {
  let c = counters.get(encoding);
  if (!c) {
    const req = createRequire(import.meta.url);
    const ranks = req(`js-tiktoken/ranks/${encoding}`) as RankFile;
    c = new BpeCounter(ranks);
    counters.set(encoding, c);
    loads++;
  }
  return c;
}

/** How many encodings this process has loaded (tests check that cached runs load none). */
export function encodingsLoaded(): number {
  return loads;
}
