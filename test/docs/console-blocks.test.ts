/**
 * Every console block of README.md and docs/*.md is the real output of its command, so the docs
 * cannot drift (scripts/docs-blocks.mjs: how blocks are found and run, and the markers for
 * excerpts, commands that write files and commands that cannot run here).
 * When one is stale: `npm run docs:update`, then review the diff.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations
import { docFiles, matches, parseBlocks, readDoc, runBlock } from '../../scripts/docs-blocks.mjs';

interface Step {
  command: string;
  output: string[];
}
interface Block {
  file: string;
  line: number;
  info: string;
  excerpt: boolean;
  tempDir: boolean;
  cwd: string | null;
  notRun: string | null;
  steps: Step[];
}

const blocks: Block[] = (docFiles() as string[]).flatMap((f) => parseBlocks(readDoc(f), f) as Block[]);
const where = (b: Block) => `${b.file}:${b.line}`;
const stale: string[] = [];
/** What git sees in the working tree: running the blocks must not change it (files go to temporary folders). */
const treeState = () => spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' }).stdout;
const before = treeState();
const skipped: string[] = [];

describe('console blocks in README.md and docs/', () => {
  it('blocks that show `$ ` commands are console blocks; a console block shows output or says why it is not run', () => {
    const wrongFence = blocks.filter((b) => b.info !== 'console').map(where);
    expect(wrongFence, 'fence these ```console (or write the commands without `$ ` as a ```sh list)').toEqual([]);
    const noOutput = blocks.filter((b) => !b.notRun && (b.steps.length === 0 || b.steps.every((s) => s.output.length === 0))).map(where);
    expect(noOutput, 'a console block shows its output: give it, or make it a ```sh list of commands, or mark it <!-- not-run: why -->').toEqual([]);
    expect(blocks.length).toBeGreaterThan(10);
  });

  for (const b of blocks) {
    const title = `${where(b)}: ${b.steps.map((s) => `$ ${s.command}`).join('; ').slice(0, 100)}`;
    if (b.notRun !== null) {
      it(`${title} — not run: ${b.notRun}`, () => {
        expect(b.notRun!.length, 'a not-run marker says why').toBeGreaterThan(5);
        skipped.push(`${where(b)} (${b.notRun})`);
      });
      continue;
    }
    it(`${title}${b.excerpt ? ' (excerpt)' : ''}`, () => {
      const real: string[][] = runBlock(b);
      const bad = b.steps.filter((s, i) => !matches(s.output, real[i]!, b.excerpt));
      if (bad.length) stale.push(`${where(b)}: $ ${bad[0]!.command}`);
      for (const [i, s] of b.steps.entries()) {
        if (b.excerpt) expect(matches(s.output, real[i]!, true), `${where(b)} is stale: run \`npm run docs:update\``).toBe(true);
        else expect(s.output.map((l) => l.replace(/\s+$/, '')).join('\n'), `${where(b)} is stale: run \`npm run docs:update\``).toBe(real[i]!.join('\n'));
      }
    });
  }

  it('running the blocks wrote nothing into the repository', () => {
    expect(treeState()).toBe(before);
  });

  afterAll(() => {
    const run = blocks.length - skipped.length;
    process.stdout.write(`console blocks: ${run} run, ${skipped.length} not run by marker${skipped.length ? `:\n  ${skipped.join('\n  ')}` : ''}\n`);
    if (stale.length) process.stdout.write(`stale console blocks (run \`npm run docs:update\`, then review the diff):\n  ${stale.join('\n  ')}\n`);
  });
});
