/**
 * `npm run docs:update`: rewrite the console blocks of README.md and docs/*.md from real runs of
 * their commands (scripts/docs-blocks.mjs says how they run). Build first (`npm run build`): the
 * commands run the bin from dist/. Excerpts keep their shape (see `updated`); an excerpt whose
 * anchor line is gone is listed for a person to fix. Review the diff like code.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docFiles, parseBlocks, readDoc, replaceBlock, ROOT, runBlock, updated } from './docs-blocks.mjs';

let changed = 0;
const manual = [];
for (const file of docFiles()) {
  let text = readDoc(file);
  const blocks = parseBlocks(text, file).filter((b) => b.info === 'console' && !b.notRun && b.steps.length);
  // from the last block up, so the line numbers of the earlier ones stay right
  for (const block of [...blocks].reverse()) {
    const real = runBlock(block);
    const steps = block.steps.map((s, i) => ({ command: s.command, output: updated(s.output, real[i], block.excerpt) }));
    const bad = steps.filter((s) => s.output === null);
    if (bad.length) {
      manual.push(`${file}:${block.line}: an excerpt's first line is no longer in the output of \`${bad[0].command}\``);
      continue;
    }
    const next = replaceBlock(text, block, steps);
    if (next !== text) {
      changed++;
      process.stdout.write(`updated ${file}:${block.line}\n`);
      text = next;
    }
  }
  writeFileSync(join(ROOT, file), text);
}
process.stdout.write(`${changed} console block${changed === 1 ? '' : 's'} updated\n`);
if (manual.length) {
  process.stderr.write(`fix by hand:\n${manual.map((m) => `  ${m}`).join('\n')}\n`);
  process.exitCode = 1;
}
