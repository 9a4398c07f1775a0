import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('aifinops estimate (smoke)', () => {
  it('prices a scenario with an extra catalogue and exits 0', () => {
    const r = runCli(['estimate', 'test/fixtures/scenarios/basic.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.schema_version).toBe(1);
    expect(report.scenarios[0].stages[0].models[0].model).toBe('acme/acme-small');
  });

  it('exits 2 with a located message for a misspelt key', () => {
    const r = runCli(['estimate', 'test/fixtures/scenarios/misspelt-key.yaml', '--pricing', 'test/fixtures/catalogues/acme.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/fixtures/scenarios/misspelt-key.yaml:');
    expect(r.stderr).toContain('did you mean "output"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
