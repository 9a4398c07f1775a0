/**
 * `validate` of an unchanged bundled token catalogue takes its warnings from the build's notes
 * (dist/catalogue-notes.json), and only while the file has the text the build made them from.
 * Each test runs the real bin of a copy of the package, whose notes it plants a warning in.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function packageCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-notes-'));
  copies.push(dir);
  const built = (src: string) => !/\.cjs\.[0-9a-f]{8}\.v8cache$/.test(src);
  for (const part of ['bin', 'dist', 'pricing', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true, filter: built });
  return dir;
}

function validate(dir: string, file: string) {
  return spawnSync(process.execPath, [join(dir, 'bin', 'aifinops.js'), 'validate', file], { cwd: dir, env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: 'off' }, encoding: 'utf8', timeout: 60_000 });
}

const PLANTED = 'models.gpt-5.4: planted in the build notes';
function plant(dir: string): void {
  const file = join(dir, 'dist', 'catalogue-notes.json');
  const notes = JSON.parse(readFileSync(file, 'utf8')) as { notes: Record<string, { length: number; warnings: string[] }> };
  notes.notes['pricing/openai.yaml']!.warnings.push(PLANTED);
  writeFileSync(file, JSON.stringify(notes));
}

describe('validate and the build notes on the bundled catalogues', () => {
  it('an unchanged bundled catalogue gets the notes the build kept for it', () => {
    const dir = packageCopy();
    const before = validate(dir, 'pricing/openai.yaml');
    expect(before.status).toBe(0);
    expect(before.stderr).toBe('');
    plant(dir);
    const r = validate(dir, 'pricing/openai.yaml');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`pricing/openai.yaml: warning: ${PLANTED}\n`);
    expect(r.stdout).toBe(before.stdout);
  });

  it('an edited one is checked again: the notes are not used', () => {
    const dir = packageCopy();
    plant(dir);
    appendFileSync(join(dir, 'pricing', 'openai.yaml'), '# edited\n');
    const r = validate(dir, 'pricing/openai.yaml');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('pricing/openai.yaml: OK');
  });

  it('without the notes file the checks run and give the same answer', () => {
    const dir = packageCopy();
    const before = validate(dir, 'pricing/');
    rmSync(join(dir, 'dist', 'catalogue-notes.json'));
    const r = validate(dir, 'pricing/');
    expect([r.status, r.stdout, r.stderr]).toEqual([before.status, before.stdout, before.stderr]);
  });
});
