/** A folder on validate's command line stands for its YAML files, each named as path.join(folder, name) names it. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expand } from '../../src/commands/validate.js';

describe('validate: a folder stands for its YAML files', () => {
  it('each named as path.join(folder, name), however the folder is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-expand-'));
    try {
      mkdirSync(join(dir, 'sub'));
      for (const f of ['b.yaml', 'a.yml', 'C.YAML', 'notes.txt', '..yaml', '.hidden.yaml']) writeFileSync(join(dir, 'sub', f), 'x: 1\n');
      const rel = relative(process.cwd(), join(dir, 'sub'));
      const spellings = [join(dir, 'sub'), `${join(dir, 'sub')}/`, `${join(dir, 'sub')}//`, `${dir}/./sub`, `${dir}/sub/.`, `${dir}/sub/../sub`, rel, `${rel}/`, `./${rel}`, `${rel}/./`];
      for (const s of spellings) {
        const names = readdirSync(s).filter((f) => /\.ya?ml$/i.test(f)).sort();
        expect(names.length).toBe(5);
        expect(expand([s]), s).toEqual(names.map((f) => join(s, f)));
      }
      const cwd = process.cwd();
      try {
        process.chdir(join(dir, 'sub'));
        expect(expand(['.'])).toEqual(['..yaml', '.hidden.yaml', 'C.YAML', 'a.yml', 'b.yaml'].map((f) => join('.', f)));
        expect(expand(['./'])).toEqual(expand(['.']));
        process.chdir('/');
        expect(expand(['/'.concat(relative('/', join(dir, 'sub')))])).toEqual(['..yaml', '.hidden.yaml', 'C.YAML', 'a.yml', 'b.yaml'].map((f) => join(dir, 'sub', f)));
      } finally {
        process.chdir(cwd);
      }
      // files are kept as given
      expect(expand([`${dir}//sub/b.yaml`, 'missing.yaml'])).toEqual([`${dir}//sub/b.yaml`, 'missing.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
