/** `aifinops validate`: every problem of every file at once, located; exit 2 if any. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIND_IDS, kindFromModeline } from '../../src/load/kinds.js';
import { ROOT, runCli } from '../helpers/cli.js';

const ACME = 'test/fixtures/catalogues/acme.yaml';
const DIR = 'test/fixtures/validate';

describe('aifinops validate', () => {
  it('reports all the problems of all the files, each with file:line:column, and exits 2', async () => {
    const r = runCli(['validate', DIR, '--pricing', ACME]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${DIR}/good-with-modeline.yaml: OK — scenario "Good": 1 stage, 1 model\n`);
    await expect(r.stderr).toMatchFileSnapshot('../fixtures/validate/expected-stderr.txt');
    // shape problems and semantic problems of the same file, together
    const many = r.stderr.split('\n').filter((l) => l.startsWith(`${DIR}/many-problems.yaml:`));
    expect(many).toHaveLength(6);
    for (const l of many) expect(l).toMatch(/^test\/fixtures\/validate\/many-problems\.yaml:\d+:\d+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints one OK line per valid file and exits 0', () => {
    const r = runCli(['validate', 'test/fixtures/scenarios/basic.yaml', ACME, '--pricing', ACME]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'test/fixtures/scenarios/basic.yaml: OK — scenario "Basic fixture": 1 stage, 2 models, 2 line items\n' +
        'test/fixtures/catalogues/acme.yaml: OK — pricing catalogue of acme: 3 models, USD, as of 2026-11-01\n',
    );
    // plausibility notes on a catalogue are warnings, not failures
    expect(r.stderr).toContain('test/fixtures/catalogues/acme.yaml: warning: models.acme-large.long_context.reasoning');
  });

  it('JSON output lists every file with its kind and problems', () => {
    const r = runCli(['validate', DIR, '--pricing', ACME, '--format', 'json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; files: { file: string; kind: string | null; ok: boolean; problems: { line?: number }[] }[] };
    expect(out.ok).toBe(false);
    expect(out.files.map((f) => [f.file.split('/').pop(), f.kind, f.ok, f.problems.length])).toEqual([
      ['bad-catalogue.yaml', 'catalogue', false, 4],
      ['bad-quote.yaml', 'quote', false, 2],
      ['good-with-modeline.yaml', 'scenario', true, 0],
      ['many-problems.yaml', 'scenario', false, 6],
      ['not-aifinops.yaml', null, false, 1],
    ]);
    expect(out.files[2]!.problems.every((p) => typeof p.line === 'number')).toBe(true);
  });

  it('--kind forces the kind; a misspelt kind lists the kinds', () => {
    const r = runCli(['validate', `${DIR}/not-aifinops.yaml`, '--kind', 'scenario']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not-aifinops.yaml:1:1: services: unknown key "services"');
    expect(r.stderr).toContain('traffic: is required');
    const bad = runCli(['validate', ACME, '--kind', 'catalog']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`argument 'catalog' is invalid. Allowed choices are ${KIND_IDS.join(', ')}.`);
  });

  it('a missing file and invalid YAML are problems of their own file, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-validate-'));
    try {
      writeFileSync(join(dir, 'broken.yaml'), 'version: 1\nname: [unclosed\n');
      const r = runCli(['validate', join(dir, 'broken.yaml'), join(dir, 'missing.yaml'), ACME]);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('acme.yaml: OK');
      expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
      expect(r.stderr).toContain('missing.yaml: file not found');
      expect(r.stderr).toContain('aifinops: error: 2 problems in 2 of 3 files');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the kind from the yaml-language-server line', () => {
    expect(kindFromModeline('# yaml-language-server: $schema=../schemas/scenario.schema.json\nversion: 1')).toBe('scenario');
    expect(kindFromModeline('#yaml-language-server: $schema=node_modules/aifinops/schemas/catalogue.schema.json')).toBe('catalogue');
    expect(kindFromModeline('# yaml-language-server: $schema=https://example.com/other.json')).toBeUndefined();
    expect(kindFromModeline(readFileSync(`${DIR}/good-with-modeline.yaml`, 'utf8'))).toBe('scenario');
  });
});

describe('bundled files', () => {
  it('every bundled file validates: scenarios, catalogues, GPUs, deployments, seat plans, quotes', () => {
    const folders = ['scenarios', 'pricing', 'quotes'].filter((d) => existsSync(join(ROOT, d)));
    const r = runCli(['validate', ...folders]);
    expect(r.stderr.split('\n').filter((l) => l && !l.includes(': warning: '))).toEqual([]);
    expect(r.code).toBe(0);
    const files = folders.flatMap((d) => readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.yaml')));
    expect(r.stdout.split('\n').filter(Boolean).length).toBe(files.length);
  });
});
