/**
 * The built CLI with points patched into the loaded scenario (load/scenario-patch.ts): a value the
 * scenario rejects stops `sweep` with the full loader's message and exit 2, the same words
 * `estimate --set` gives for it; an overflow likewise; and `sensitivity` reports a rejected move as
 * unmoved, with the loader's reason.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const RAG = 'scenarios/rag-support-assistant.yaml';
const DAY = ['--as-of', '2026-12-01'];

describe('rejected values through the patch (built CLI)', () => {
  it('sweep: a hit rate above 1 exits 2 with the message estimate --set gives', () => {
    const sweep = runCli(['sweep', RAG, '--param', 'pipeline.answer.cache.hit_rate', '--values', '0,1.5', ...DAY]);
    const estimate = runCli(['estimate', RAG, '--set', 'pipeline.answer.cache.hit_rate=1.5', ...DAY]);
    expect(sweep.code).toBe(2);
    expect(estimate.code).toBe(2);
    expect(sweep.stderr).toBe(estimate.stderr);
    expect(sweep.stderr).toContain('--set pipeline.answer.cache.hit_rate: expected a fraction in [0, 1]');
    expect(sweep.stdout).toBe('');
  });

  it('sweep: a line item that overflows exits 2 with the overflow message estimate --set gives', () => {
    const args = ['--param', 'costs.moderation.per_request', '--values', '0.001,1e308'];
    const sweep = runCli(['sweep', RAG, ...args, ...DAY]);
    const estimate = runCli(['estimate', RAG, '--set', 'costs.moderation.per_request=1e308', ...DAY]);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toBe(estimate.stderr);
    expect(sweep.stderr).toMatch(/Infinity/);
  });

  it('sweep: a whole-number parameter still searches whole values only (its fractional points are rejected by the schema)', () => {
    const r = runCli(['sweep', 'scenarios/coding-agent.yaml', '--param', 'pipeline.execute.max_retries', '--values', '0,6', '--budget', '41600', '-f', 'json', ...DAY]);
    expect(r.code).toBe(0);
    const crossings = JSON.parse(r.stdout).crossings as { kind: string; value: number }[];
    expect(crossings).toHaveLength(1);
    for (const c of crossings) {
      expect(c.kind).toBe('whole_number');
      expect(Number.isInteger(c.value)).toBe(true);
    }
  });
});
