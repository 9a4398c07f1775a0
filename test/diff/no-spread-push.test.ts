/**
 * Issue 13, item 13: `list.push(...other)` passes every element as an argument, and a long list
 * (a 200,000-comment page, a folder of files, a report's scenarios) overflows the call stack.
 * Lists that come from input are added one by one; a spread push is allowed only where the list
 * is bounded by construction, each named here with its bound.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** file → why every spread push in it is bounded. */
const BOUNDED: Record<string, string> = {
  'src/wizard/yaml.ts': 'the header comment lines the wizard writes',
  'src/render/compare.ts': 'the few sub-title lines of a comparison',
  'src/render/levers.ts': 'one line per lever change (levers are a fixed set)',
  'src/core/pricing-diff.ts': 'the fields compared for one model',
  'src/core/sweep.ts': 'budget crossings of one series: at most the 200 values a sweep takes',
  'src/core/levers.ts': 'the changes one lever makes to one stage',
};

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) for (const f of tsFiles(p)) out.push(f);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('no spread push of input-sized lists', () => {
  it('every `.push(...x)` in src/ is in a file whose lists are bounded', () => {
    const offenders: string[] = [];
    for (const file of tsFiles(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\.push\(\s*\.\.\./.test(line) && !(rel in BOUNDED)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('a spread push of 200,000 items does overflow (why the rule exists)', () => {
    const big = new Array<number>(200_000).fill(1);
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
  });
});
