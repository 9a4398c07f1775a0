/** How console blocks are read, compared and rewritten (scripts/docs-blocks.mjs), in process. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations
import { matches, parseBlocks, replaceBlock, updated } from '../../scripts/docs-blocks.mjs';

const DOC = [
  '# Title',
  '',
  '```sh',
  'aifinops estimate a.yaml   # a list of commands: not a console block',
  '```',
  '',
  '<!-- temp-dir -->',
  '<!-- excerpt -->',
  '```console',
  '$ aifinops init -o x.yaml',
  'wrote x.yaml',
  '$ aifinops estimate x.yaml',
  '…',
  'Monthly total: $1.00',
  '```',
  '',
  '<!-- not-run: needs a GitHub token -->',
  '```console',
  '$ aifinops comment github --report diff.json',
  'posted',
  '```',
  '',
  '  ```',
  '  $ aifinops --version',
  '  0.1.0',
  '  ```',
].join('\n');

describe('parseBlocks', () => {
  const blocks = parseBlocks(DOC, 'x.md');
  it('finds console blocks and blocks that show `$ ` commands, with their markers and steps', () => {
    expect(blocks.map((b: { line: number }) => b.line)).toEqual([9, 18, 23]);
    expect(blocks[0]).toMatchObject({ info: 'console', excerpt: true, tempDir: true, notRun: null, cwd: null });
    expect(blocks[0].steps).toEqual([
      { command: 'aifinops init -o x.yaml', output: ['wrote x.yaml'] },
      { command: 'aifinops estimate x.yaml', output: ['…', 'Monthly total: $1.00'] },
    ]);
    expect(blocks[1]).toMatchObject({ notRun: 'needs a GitHub token', excerpt: false });
    // an indented plain fence with `$ ` lines counts, so the test can ask for ```console
    expect(blocks[2]).toMatchObject({ info: '', steps: [{ command: 'aifinops --version', output: ['0.1.0'] }] });
  });

  it('rewrites one block in place, keeping its indentation', () => {
    const out = replaceBlock(DOC, blocks[2], [{ command: 'aifinops --version', output: ['0.2.0'] }]);
    expect(out.split('\n').slice(-3)).toEqual(['  $ aifinops --version', '  0.2.0', '  ```']);
  });
});

describe('matches', () => {
  const real = ['a', 'b', 'c', 'd'];
  it('a full block is every line, in order, trailing spaces aside', () => {
    expect(matches(['a', 'b  ', 'c', 'd'], real, false)).toBe(true);
    expect(matches(['a', 'b', 'c'], real, false)).toBe(false);
    expect(matches(['a', 'b', 'c', 'd', ''], real, false)).toBe(false);
  });
  it('an excerpt is each shown line in order, `…` standing for lines left out', () => {
    expect(matches(['a', '…', 'd'], real, true)).toBe(true);
    expect(matches(['b', 'c'], real, true)).toBe(true);
    expect(matches(['c', 'b'], real, true)).toBe(false);
    expect(matches(['a', 'e'], real, true)).toBe(false);
    expect(matches(['d', 'd'], real, true)).toBe(false); // one real line is not shown twice
  });
});

describe('updated', () => {
  it('a full block becomes the real output', () => {
    expect(updated(['old'], ['new', 'lines'], false)).toEqual(['new', 'lines']);
  });
  it('an excerpt keeps its shape: each run of lines re-read from its first line on', () => {
    const real = ['Title', 'x', 'Monthly total: $2.00', 'Budget: ok', 'tail'];
    expect(updated(['Title', '…', 'Monthly total: $1.00', 'Budget: over'], real, true)).toBeNull(); // anchor gone
    expect(updated(['Title', '…', 'Budget: ok', 'old'], real, true)).toEqual(['Title', '…', 'Budget: ok', 'tail']);
    expect(updated(['Title', '…', 'Budget: ok'], real, true)).toEqual(['Title', '…', 'Budget: ok']); // still right: untouched
  });
});
