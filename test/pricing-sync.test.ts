/** The committed catalogues are exactly what `npm run pricing:sync` generates now. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_MARK, generate, tierFor } from '../scripts/pricing-sync.mjs';
import { PRICING_DIR, ROOT } from './helpers/pricing.js';

const generated = generate();

describe('pricing:sync', () => {
  it.each(Object.keys(generated).map((f) => [f]))('committed %s equals the generated text', (file) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).toBe(generated[file]);
  });

  it('leaves no stale generated catalogue behind (every generated-marked file is still generated)', () => {
    const marked = readdirSync(PRICING_DIR)
      .filter((f) => f.endsWith('.yaml') && readFileSync(join(PRICING_DIR, f), 'utf8').startsWith(GENERATED_MARK))
      .map((f) => `pricing/${f}`);
    expect(marked.sort()).toEqual(Object.keys(generated).sort());
  });

  it('is deterministic: a second run gives byte-identical text', () => {
    expect(generate()).toEqual(generated);
  });

  it('sets the price band on the input rate: budget ≤ $1, mid < $4, premium ≥ $4 per 1M tokens', () => {
    expect([0.05, 1, 1.01, 3.99, 4, 15].map(tierFor)).toEqual(['budget', 'budget', 'mid', 'mid', 'premium', 'premium']);
  });
});
