/**
 * Prompt files are counted with each model's tokenizer, so the models of one stage can carry
 * different input counts; the compiled formula must follow them, and uncertain numeric parts
 * next to them, exactly as the engine does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// a private token cache for this file, before anything counts
process.env.AIFINOPS_CACHE_DIR = mkdtempSync(join(tmpdir(), 'aifinops-cache-'));
const { loadScenario } = await import('../../src/load/scenario.js');
const { loadCatalogueFile } = await import('../../src/load/catalogues.js');
const { uncertaintyOf } = await import('../../src/load/distributions.js');
const { estimateScenario } = await import('../../src/core/estimate.js');
const { simulate } = await import('../../src/core/montecarlo.js');

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const catalogues = ['openai', 'anthropic', 'google'].map((p) => loadCatalogueFile(join(fixtures, 'prompts-catalogues', `${p}.yaml`), `${p}.yaml`));
const SCENARIO = join(fixtures, 'prompts-cli', 'scenario.yaml');
const UNCERTAIN = ['pipeline.answer.input.context={ low: 500, high: 1500 }', 'pipeline.answer.output={ min: 100, mode: 200, max: 600 }'];

describe('uncertain inputs next to prompt files', () => {
  it('per-model input counts are followed, sample for sample', () => {
    const s = loadScenario(SCENARIO, { bundled: catalogues, set: UNCERTAIN });
    const counts = s.stages[0]!.models.map((m) => m.input?.system);
    expect(new Set(counts).size).toBeGreaterThan(1); // the tokenizers disagree on the system prompt
    const m = uncertaintyOf(s);
    expect(m.inputs.map((i) => i.name)).toEqual(['pipeline.answer.input.context', 'pipeline.answer.output']);
    const sim = simulate(s, m, { samples: 6, seed: 3 });
    expect(sim.point.total).toBe(estimateScenario(s).total_monthly_cost);
    for (let i = 0; i < 6; i++) {
      const fixed = loadScenario(SCENARIO, {
        bundled: catalogues,
        set: [`pipeline.answer.input.context=${String(sim.draws[0]![i])}`, `pipeline.answer.output=${String(sim.draws[1]![i])}`],
      });
      expect(sim.total[i]).toBe(estimateScenario(fixed).total_monthly_cost);
    }
  });
});
