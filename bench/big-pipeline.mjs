// Synthetic big pipelines for the Monte Carlo bench and tests: a catalogue of `models` models
// (every third with long-context rates, every other with prompt caching) and a scenario of
// `stages` stages, each with the whole tier mix in equal shares. `distributions` inputs are
// uncertain: traffic first, then each stage's output, agent steps and context in turn.
// Plain JavaScript so both bench/*.mjs and the vitest tests can use it.

/** Catalogue YAML (provider `big`), models big-m00 … */
export function bigCatalogue(models) {
  const lines = ['version: 1', 'provider: big', 'currency: USD', 'as_of: 2026-01-01', 'source: synthetic (aifinops bench)', 'models:'];
  for (let k = 0; k < models; k++) {
    const input = 0.1 + (k % 17) * 0.35;
    lines.push(`  ${modelName(k)}:`, `    input: ${input.toFixed(2)}`, `    output: ${(input * 4).toFixed(2)}`);
    if (k % 2 === 0) lines.push(`    cache_read: ${(input / 10).toFixed(3)}`, `    cache_write: ${(input * 1.25).toFixed(3)}`, '    cache_min_tokens: 1024');
    if (k % 3 === 0) lines.push('    long_context:', '      threshold: 16000', `      input: ${(input * 2).toFixed(2)}`, `      output: ${(input * 6).toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

export const modelName = (k) => `big-m${String(k).padStart(2, '0')}`;

/** Scenario YAML pricing itself from `catalogueFile` (relative to the scenario). */
export function bigScenario({ stages, models, distributions = 2, catalogueFile = 'big.yaml' }) {
  let left = distributions;
  const take = () => left-- > 0;
  const share = 1 / models;
  const lines = ['version: 1', `name: big pipeline ${stages}x${models}`, `pricing: [${catalogueFile}]`];
  lines.push(`traffic: { requests_per_day: ${take() ? '{ p50: 20000, p90: 32000 }' : '20000'} }`);
  lines.push('pipeline:');
  for (let s = 0; s < stages; s++) {
    lines.push(`  - name: stage-${s}`, '    models:');
    for (let k = 0; k < models; k++) lines.push(`      ${modelName(k)}: ${k === models - 1 ? (1 - share * (models - 1)).toPrecision(15) : share}`);
    const out = 200 + (s % 7) * 50;
    lines.push(`    output: ${take() ? `{ min: ${out / 2}, mode: ${out}, max: ${out * 2} }` : out}`);
    lines.push(`    agent_steps: ${take() ? '{ min: 1, mode: 2, max: 4 }' : 1 + (s % 3)}`);
    lines.push(`    context_growth_per_step: ${3000 + (s % 4) * 3000}`);
    lines.push(`    input: { system: 1500, tools: 300, context: ${take() ? '{ low: 2000, high: 9000 }' : 2000 + (s % 5) * 1000}, user: 150 }`);
    if (s % 2 === 0) lines.push('    cache: { hit_rate: 0.7 }');
    if (s % 5 === 1) lines.push('    retry_rate: 0.03');
  }
  return `${lines.join('\n')}\n`;
}
