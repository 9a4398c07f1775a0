import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ACME = ['--pricing', 'test/fixtures/catalogues/acme.yaml'];

describe('pricing list|show|validate', () => {
  it('lists models with their rates, filtered by provider and tier', () => {
    const r = runCli(['pricing', 'list', ...ACME, '--provider', 'acme']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/acme\/acme-small\s*│\s*budget\s*│\s*\$1\.00\s*│\s*\$4\.00\s*│\s*\$0\.10\s*│\s*\$1\.25\s*│\s*50%/);
    expect(r.stdout).toContain('3 models');
    const j = JSON.parse(runCli(['pricing', 'list', ...ACME, '--provider', 'acme', '--tier', 'premium', '-f', 'json']).stdout);
    expect(j.models.map((m: { model: string }) => m.model)).toEqual(['acme/acme-large']);
  });
  it('rejects an unknown provider or tier with a suggestion', () => {
    const r = runCli(['pricing', 'list', ...ACME, '--provider', 'acmee']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no catalogue for provider "acmee" — did you mean "acme"\?/);
    expect(runCli(['pricing', 'list', '--tier', 'premum']).stderr).toMatch(/did you mean "premium"\?/);
  });
  it('shows one model with its long-context column and source', () => {
    const r = runCli(['pricing', 'show', 'acme-large-latest', ...ACME]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('acme/acme-large · tier premium');
    expect(r.stdout).toMatch(/input\s*│\s*\$10\.00\s*│\s*\$20\.00/);
    expect(r.stdout).toContain('priced by test/fixtures/catalogues/acme.yaml (as of 2026-11-01) — test fixture');
    const bad = runCli(['pricing', 'show', 'acme-smal', ...ACME]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown model "acme-smal" — did you mean "acme-small"\?/);
  });
  it('validates a catalogue: OK with warnings, or exit 2 with located problems', () => {
    const ok = runCli(['pricing', 'validate', 'test/fixtures/catalogues/acme.yaml']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('OK — 3 models of acme');
    expect(ok.stderr).toContain('warning: models.acme-large.long_context.reasoning');
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-'));
    const f = join(dir, 'neg.yaml');
    writeFileSync(f, 'version: 1\nprovider: openai\ncurrency: usd\nas_of: 2026-01-01\nsource: contract\nmodels:\n  gpt-x:\n    input: -1\n    outptu: 2\n');
    const bad = runCli(['pricing', 'validate', f]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neg\.yaml:3:11: currency: expected a three-letter upper-case currency code/);
    expect(bad.stderr).toMatch(/neg\.yaml:8:12: models\.gpt-x\.input: expected a number ≥ 0, got -1/);
    expect(bad.stderr).toMatch(/neg\.yaml:9:5: models\.gpt-x\.outptu: unknown key "outptu" — did you mean "output"\?/);
  });
});
