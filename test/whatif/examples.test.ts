/**
 * The what-if commands on the bundled example scenarios, with reviewed golden outputs. Like
 * test/examples, these move when the bundled prices move: update them with
 * `npx vitest run test/whatif/examples.test.ts -u` and review the diff like code.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { dollars, estimateTotal } from '../helpers/figures.js';

const G = '../fixtures/whatif-examples';

function ok(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('what-if commands on the example scenarios', () => {
  it('compare: unoptimised and optimised support bot', async () => {
    const out = ok(['compare', 'scenarios/support-unoptimised.yaml', 'scenarios/support-optimised.yaml']);
    // beside the golden: both totals, as estimate computes them
    for (const f of ['scenarios/support-unoptimised.yaml', 'scenarios/support-optimised.yaml']) expect(out).toContain(dollars(estimateTotal([f])));
    await expect(out).toMatchFileSnapshot(`${G}/compare-support.txt`);
  });
  it('compare: the RAG assistant and its variants', async () => {
    const out = ok(['compare', 'scenarios/rag-support-assistant.yaml', '--variants', 'all', '-f', 'markdown']);
    expect(out).toContain(dollars(estimateTotal(['scenarios/rag-support-assistant.yaml', '--variant', 'optimized'])));
    expect(out).toContain('$7,919.66'); // the README's worked example
    await expect(out).toMatchFileSnapshot(`${G}/compare-rag-variants.md`);
  });
  it('whatif: a context budget on the unoptimised bot', async () => {
    const out = ok(['whatif', 'scenarios/support-unoptimised.yaml', '--set', 'pipeline.answer.input.context=3000']);
    const [before, after] = [estimateTotal(['scenarios/support-unoptimised.yaml']), estimateTotal(['scenarios/support-unoptimised.yaml', '--set', 'pipeline.answer.input.context=3000'])];
    const line = out.split('\n').find((l) => l.includes('Total / month'))!;
    for (const part of [dollars(before), dollars(after), `-${dollars(before - after)}`]) expect(line).toContain(part);
    await expect(out).toMatchFileSnapshot(`${G}/whatif-support.txt`);
  });
  it('levers: the unoptimised support bot', async () => {
    const out = ok(['levers', 'scenarios/support-unoptimised.yaml']);
    expect(out).toContain(dollars(estimateTotal(['scenarios/support-unoptimised.yaml']))); // the starting total
    await expect(out).toMatchFileSnapshot(`${G}/levers-support.txt`);
  });
  it('levers: the coding agent, review as a batch stage', async () => {
    const out = ok(['levers', 'scenarios/coding-agent.yaml', '--lever', 'batch.stages=review', '-f', 'markdown']);
    expect(out).toContain(dollars(estimateTotal(['scenarios/coding-agent.yaml'])));
    await expect(out).toMatchFileSnapshot(`${G}/levers-coding-agent.md`);
  });
  it('sweep: traffic of the RAG assistant', async () => {
    const out = ok(['sweep', 'scenarios/rag-support-assistant.yaml', '--param', 'traffic.requests_per_day', '--range', '5000:40000:7']);
    // the first and last points, as estimate computes them
    for (const v of [5000, 40000]) expect(out).toContain(dollars(estimateTotal(['scenarios/rag-support-assistant.yaml', '--set', `traffic.requests_per_day=${v}`])));
    await expect(out).toMatchFileSnapshot(`${G}/sweep-rag-traffic.txt`);
  });
  it('sensitivity: the coding agent', async () => {
    const out = ok(['sensitivity', 'scenarios/coding-agent.yaml']);
    expect(out).toContain(dollars(estimateTotal(['scenarios/coding-agent.yaml']))); // the base
    await expect(out).toMatchFileSnapshot(`${G}/sensitivity-coding-agent.txt`);
  });
  it('sensitivity: prompt files are inputs the report names, not numbers to move', () => {
    const j = JSON.parse(ok(['sensitivity', 'scenarios/support-prompt-files.yaml', '-f', 'json']));
    expect(j.unmoved).toContainEqual({ path: 'pipeline.answer.input.system', reason: 'counted from prompt files: edit the files, or sweep it as a number (aifinops sweep --param …)' });
  });
  it('levers on every example: never a saving above the total, never a raise', () => {
    for (const f of ['coding-agent', 'internal-copilot', 'nightly-classification', 'rag-support-assistant', 'self-hosting-triage', 'support-optimised', 'support-prompt-files', 'support-unoptimised']) {
      const j = JSON.parse(ok(['levers', `scenarios/${f}.yaml`, '-f', 'json', '--lever', 'batch.stages=all', '--lever', 'contracts.discount=10%', '--lever', 'response_cache.hit_rate=0.1']));
      expect(j.total_saving, f).toBeLessThanOrEqual(j.scenario_total_monthly_cost);
      for (const l of j.levers) if (l.status === 'priced') expect(l.alone.saving, `${f} ${l.id}`).toBeGreaterThanOrEqual(0);
    }
  });
});
