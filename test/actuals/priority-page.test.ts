/**
 * The bundled priority factors reproduce OpenAI's priority page (https://openai.com/api-priority-processing/,
 * read 2026-12-06; its table in the page's own words in pricing/sync/supplements.yaml): each
 * model's priority rates — standard rates × its catalogue factor, as the estimate and the audit
 * price them — equal the page's input / cached input / output per 1M tokens.
 */
import { describe, expect, it } from 'vitest';
import { pricer, ratesOn } from '../../src/actuals/pricing.js';
import { ModelRegistry } from '../../src/core/registry.js';
import { bundledCatalogues } from '../../src/load/catalogues.js';

const DAY = '2026-12-06';
const price = pricer(new ModelRegistry(bundledCatalogues(), DAY));

// [model, input, cached input, output] per 1M tokens, as the page lists them at priority
const PAGE: [string, number, number, number][] = [
  ['gpt-5.5', 12.5, 1.25, 75],
  ['gpt-5.4-mini', 1.5, 0.15, 9],
  ['gpt-5.4', 5, 0.5, 30],
  ['gpt-5.1', 2.5, 0.25, 20],
  ['gpt-5', 2.5, 0.25, 20],
  ['gpt-5-mini', 0.45, 0.045, 3.6],
  ['gpt-4.1', 3.5, 0.875, 14],
  ['gpt-4.1-mini', 0.7, 0.175, 2.8],
  ['gpt-4o', 4.25, 2.125, 17],
  ['gpt-4o-mini', 0.25, 0.125, 1],
  ['o3', 3.5, 0.875, 14],
];

describe('OpenAI priority factors against the priority page', () => {
  it.each(PAGE)('%s at priority: %s / %s / %s per 1M', (model, input, cached, output) => {
    const m = price(`openai/${model}`);
    expect(m, model).not.toBeNull();
    const r = ratesOn(m!, DAY, { longContext: false, tier: 'priority' });
    expect(r.input * 1e6).toBeCloseTo(input, 9);
    expect(r.cache_read * 1e6).toBeCloseTo(cached, 9);
    expect(r.output * 1e6).toBeCloseTo(output, 9);
  });
});
