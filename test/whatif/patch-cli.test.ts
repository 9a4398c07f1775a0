/**
 * The built CLI with points patched into the loaded scenario (load/scenario-patch.ts): a value the
 * scenario rejects stops `sweep` with the full loader's message and exit 2, the same words
 * `estimate --set` gives for it; an overflow likewise; and `sensitivity` reports a rejected move as
 * unmoved, with the loader's reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('sweep grid: a model\'s own reasoning and the stage\'s in one point cost what estimate --set gives (regression: the stage\'s overwrote the model\'s)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-grid-'));
    try {
      const file = join(dir, 'grid.yaml');
      writeFileSync(
        file,
        'version: 1\nname: grid\ntraffic: { requests_per_day: 1000 }\npipeline:\n  - name: b\n    models: [{ id: claude-haiku-4-5, share: 0.6 }, { id: claude-sonnet-4-6, share: 0.4 }]\n    input: { system: 1000 }\n    output: 50\n    reasoning: 20\n',
      );
      const sweep = runCli(['sweep', file, '--param', 'pipeline.b.models.claude-sonnet-4-6.reasoning', '--values', '500', '--param', 'pipeline.b.reasoning', '--values', '30', '-f', 'json', ...DAY]);
      const estimate = runCli(['estimate', file, '--set', 'pipeline.b.models.claude-sonnet-4-6.reasoning=500', '--set', 'pipeline.b.reasoning=30', '-f', 'json', ...DAY]);
      expect(sweep.code).toBe(0);
      const point = JSON.parse(sweep.stdout).points[0] as { total_monthly_cost: number };
      const total = JSON.parse(estimate.stdout).scenarios[0].total_monthly_cost as number;
      expect(point.total_monthly_cost).toBe(total);
      // by hand: Sonnet's calls (40% of the requests) carry its own 500 reasoning tokens, not the stage's 30
      const s = JSON.parse(estimate.stdout).scenarios[0] as { requests_per_month: number; stages: { models: { tokens: { reasoning: number } }[] }[] };
      expect(s.stages[0]!.models[1]!.tokens.reasoning).toBeCloseTo(s.requests_per_month * 0.4 * 500, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
