/**
 * The README's `diff` and `comment` walk-through, run exactly as written (its ```sh block is read
 * from README.md) in a fresh clone of this repository with a made-up change, so the sequence
 * cannot stop working again: every command exits 0, and every file a command reads was written by
 * an earlier one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { git } from '../diff/helpers.js';

const temp = mkdtempSync(join(tmpdir(), 'aifinops-readme-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The ```sh block under the README heading that starts with `heading`. */
function readmeBlock(heading: string): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = text.indexOf(`\n${heading}`);
  expect(at, heading).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(at))![1]!;
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

describe("the README's diff walk-through", () => {
  it('runs end to end in a clone of this repository with a made-up change', () => {
    const clone = join(temp, 'repo');
    git(ROOT, 'clone', '--quiet', '--no-hardlinks', ROOT, clone);
    // the pull request's base is the commit cloned; the change: a lower prompt-cache hit rate (README)
    git(clone, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    const scenario = join(clone, 'scenarios', 'rag-support-assistant.yaml');
    const before = readFileSync(scenario, 'utf8');
    expect(before).toContain('hit_rate: 0.85');
    writeFileSync(scenario, before.replace('hit_rate: 0.85', 'hit_rate: 0.6'));

    const steps = readmeBlock('### `diff` and `comment`');
    expect(steps.length).toBeGreaterThanOrEqual(4);
    const written = new Set<string>();
    const outputs: string[] = [];
    for (const step of steps) {
      const [cmd, ...args] = step.split(/\s+/);
      expect(cmd, step).toBe('aifinops');
      // every file the step reads (a report or a JSON baseline) was written by an earlier step
      args.forEach((a, i) => {
        if ((args[i - 1] === '--report' || args[i - 1] === '--base') && a.endsWith('.json')) expect(written.has(a), `${step}: ${a} is not written by an earlier step`).toBe(true);
      });
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: clone, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: undefined, GH_TOKEN: undefined, GITHUB_REPOSITORY: undefined, GITHUB_EVENT_PATH: undefined, GITHUB_REF: undefined } });
      // stderr may carry warnings and the dry run's note that without a token it looks up no comment; nothing else
      expect({ step, code: r.status, stderr: r.stderr.replace(/^.*warning:.*\n/gm, '').replace(/^aifinops: no token in GITHUB_TOKEN: .*\n/m, '') }).toEqual({ step, code: 0, stderr: '' });
      const o = args.indexOf('-o');
      if (o >= 0) {
        expect(existsSync(join(clone, args[o + 1]!)), args[o + 1]).toBe(true);
        written.add(args[o + 1]!);
      }
      outputs.push(r.stdout);
    }
    // what the steps said: the change is in the comment; the stored baseline then matches the branch
    const diff = JSON.parse(readFileSync(join(clone, 'diff.json'), 'utf8'));
    const rag = diff.scenarios.find((s: { file: string }) => s.file === 'scenarios/rag-support-assistant.yaml');
    expect(rag.status).toBe('changed');
    expect(rag.before).toBeCloseTo(7919.66, 2); // the README's worked example
    expect(diff.counts.increased).toBe(1);
    expect(readFileSync(join(clone, 'diff.md'), 'utf8').split('\n')[0]).toBe('<!-- aifinops:tag=default -->');
    expect(outputs[2]).toContain('<!-- aifinops:tag=default');
    expect(outputs.at(-1)).toMatch(/Unchanged \(\d+\)/);
    // some bundled scenarios are over budget before the change: warned about, not failed on
    expect(outputs.at(-1)).toMatch(/⚠ .* was already over its budget before this change/);

    // the console example below the block: a 5% limit fails on the same change (exit 1)
    const strict = runCli(['diff', 'scenarios/rag-support-assistant.yaml', '--base', 'HEAD', '--fail-on-increase', '5%'], { cwd: clone });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('✗ "RAG support assistant" (scenarios/rag-support-assistant.yaml) grew +8.1% ($7,919.66 → $8,564.86), over the 5% limit');
  }, 120_000);
});
