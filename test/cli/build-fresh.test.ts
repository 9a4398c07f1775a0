/** The test setup (test/setup/build.ts) rebuilds dist/ when a source is newer, so no test runs a stale build. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { staleReason } from '../setup/build.js';

const d = mkdtempSync(join(tmpdir(), 'aifinops-stale-'));
afterAll(() => rmSync(d, { recursive: true, force: true }));
const at = (f: string, seconds: number) => utimesSync(join(d, f), seconds, seconds);

describe('staleReason', () => {
  it('missing outputs, a newer source, a newer catalogue; up to date otherwise', () => {
    mkdirSync(join(d, 'src', 'core'), { recursive: true });
    mkdirSync(join(d, 'dist'));
    writeFileSync(join(d, 'src', 'core', 'a.ts'), '');
    writeFileSync(join(d, 'package.json'), '{}');
    expect(staleReason(d)).toBe('dist/cli.cjs is missing');
    for (const o of ['cli.cjs', 'estimate.cjs', 'index.js', 'catalogues.json', 'report-engine.js']) writeFileSync(join(d, 'dist', o), '');
    for (const f of ['src/core/a.ts', 'src/core', 'src', 'package.json']) at(f, 1000);
    for (const o of ['cli.cjs', 'estimate.cjs', 'index.js', 'catalogues.json', 'report-engine.js']) at(`dist/${o}`, 2000);
    expect(staleReason(d)).toBeNull();
    at('src/core/a.ts', 2001); // one second after the build: stale
    expect(staleReason(d)).toBe('src changed after the last build');
    at('src/core/a.ts', 2000); // the same instant as the oldest output: up to date (strictly newer only)
    expect(staleReason(d)).toBeNull();
    at('dist/index.js', 1500); // the oldest output counts
    at('src/core/a.ts', 1600);
    expect(staleReason(d)).toBe('src changed after the last build');
  });

  it('this checkout was built from its current sources before the tests ran', () => {
    expect(staleReason(ROOT)).toBeNull();
  });
});
