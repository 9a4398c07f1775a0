/** `diff --at p80`: a change that fattens the tail is compared (and gated) on the P80 bill. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const scenario = (p90: number) => `version: 1
name: Tail
traffic: { requests_per_month: { p50: 10000, p90: ${p90} } }
pipeline:
  - { name: answer, model: acme-small, input: { user: 1000 }, output: 250 }
`;

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-at-'));
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  writeFileSync(join(dir, 's.yaml'), scenario(12000));
  git('add', '.');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base');
  writeFileSync(join(dir, 's.yaml'), scenario(30000)); // same median, fatter tail
  return dir;
}

describe('diff --at', () => {
  it('compares the chosen percentile and gates on it', () => {
    const dir = repo();
    const acme = join(ROOT, 'test/fixtures/catalogues/acme.yaml');
    const point = JSON.parse(runCli(['diff', 's.yaml', '--base', 'HEAD', '--no-project', '--pricing', acme, '-f', 'json'], { cwd: dir }).stdout);
    const p80 = runCli(['diff', 's.yaml', '--base', 'HEAD', '--no-project', '--pricing', acme, '-f', 'json', '--at', 'p80', '--fail-on-increase', '50%'], { cwd: dir });
    const j = JSON.parse(p80.stdout);
    expect(j.measure).toEqual({ id: 'monthly_cost_p80', label: 'P80 monthly cost' });
    const before = j.scenarios[0].before;
    const after = j.scenarios[0].after;
    // $2 per 1,000 requests: the P80 of a log-normal with p50 10,000 and p90 30,000 is well above 10,000
    expect(after).toBeGreaterThan(before * 1.5);
    expect(after - before).toBeGreaterThan(point.scenarios[0].after - point.scenarios[0].before);
    expect(p80.code).toBe(1);
    expect(p80.stderr).toMatch(/grew \+\d+(\.\d)?%/);
    expect(runCli(['diff', 's.yaml', '--base', 'HEAD', '--no-project', '--pricing', acme, '--at', 'p90'], { cwd: dir }).code).toBe(2);
  });
});
