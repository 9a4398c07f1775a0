/**
 * The fees beyond text tokens through the real bin: `estimate --explain` prints the fee arithmetic,
 * and `diff` shows a fee driver with its quantity and price per use, split into price and usage
 * (docs/diff.md). Figures from gpt-5.4-mini's bundled web search price, $10 per 1,000 calls.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SCENARIO = `version: 1
name: lookup
traffic: { requests_per_month: 1000 }
pipeline:
  - name: s
    model: openai/gpt-5.4-mini
    input: { system: 100 }
    tool_calls: { web_search: 0.4 }
`;

describe('fees through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-fees-cli-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(join(dir, 's.yaml'), SCENARIO);

  it('--explain shows the tool fee: 1000 calls × 0.4 × $10/1000 = $4', () => {
    const r = runCli(['estimate', 's.yaml', '--explain', '--as-of', '2026-12-06'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('tool_calls.web_search: C × uses per call × price per use = 1000 × 0.4 × 10/1000 = 4');
  });

  it('diff: 0.4 → 0.8 searches per call is a usage change of +$4 (400 → 800 uses at $0.01)', () => {
    const base = runCli(['estimate', 's.yaml', '-f', 'json', '-o', 'base.json', '--as-of', '2026-12-06'], { cwd: dir });
    expect(base.code, base.stderr).toBe(0);
    const r = runCli(['diff', '--base', 'base.json', 's.yaml', '--set', 'pipeline.s.tool_calls.web_search=0.8', '--as-of', '2026-12-06', '-f', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { scenarios: { price_effect: number; usage_effect: number; drivers: Record<string, unknown>[] }[] };
    const fee = d.scenarios[0]!.drivers.find((x) => x.kind === 'fee')!;
    expect(fee).toMatchObject({ fee_kind: 'tool_calls.web_search', unit: 'uses', quantity_before: 400, quantity_after: 800, rate_before: 0.01, rate_after: 0.01 });
    expect(fee.usage_effect as number).toBeCloseTo(4, 9);
    expect(fee.price_effect as number).toBeCloseTo(0, 12);
    const table = runCli(['diff', '--base', 'base.json', 's.yaml', '--set', 'pipeline.s.tool_calls.web_search=0.8', '--as-of', '2026-12-06'], { cwd: dir, env: { AIFINOPS_TTY_COLUMNS: '200' } });
    expect(table.stdout).toMatch(/s · openai\/gpt-5\.4-mini · tool_calls\.web_search .*\+\$4\.00.*400 → 800 uses.*\$0\.01 per use/);
  });
});
