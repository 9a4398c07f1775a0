/** `estimate -` reads a scenario from standard input (capped); a file given twice is counted once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const FILE = 'scenarios/rag-support-assistant.yaml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');

describe('estimate -', () => {
  it('prices the piped scenario exactly as the file, under the name <stdin>', () => {
    const viaFile = JSON.parse(runCli(['estimate', FILE, '-f', 'json']).stdout);
    const r = runCli(['estimate', '-', '-f', 'json'], { input: TEXT });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const viaStdin = JSON.parse(r.stdout);
    expect(viaStdin.scenarios[0].file).toBe('<stdin>');
    expect({ ...viaStdin.scenarios[0], file: FILE }).toEqual(viaFile.scenarios[0]);
    expect(viaStdin.scenarios[0].total_monthly_cost).toBeCloseTo(7919.66, 2); // the README's figure
  });

  it('mixes with files, in the order given', () => {
    const r = JSON.parse(runCli(['estimate', 'scenarios/coding-agent.yaml', '-', '-f', 'json'], { input: TEXT }).stdout);
    expect(r.scenarios.map((s: { file: string }) => s.file)).toEqual(['scenarios/coding-agent.yaml', '<stdin>']);
  });

  it('more than 5 MiB on standard input is refused, not read on', () => {
    const big = `# ${'x'.repeat(5 * 1024 * 1024)}\n${TEXT}`;
    const r = runCli(['estimate', '-'], { input: big });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('aifinops: error: <stdin>: is larger than 5242880 bytes; inputs are limited to 5242880 bytes (5 MiB) — split the file, or check that it is the file you meant\n');
  });

  it('exactly 5 MiB is read (the limit is "larger than"), one byte more is not', () => {
    const input = (size: number) => `#${' '.repeat(size - Buffer.byteLength(TEXT) - 3)}\n${TEXT}\n`;
    expect(Buffer.byteLength(input(5 * 1024 * 1024))).toBe(5 * 1024 * 1024);
    expect(runCli(['estimate', '-', '-f', 'json'], { input: input(5 * 1024 * 1024) }).code).toBe(0);
    expect(runCli(['estimate', '-', '-f', 'json'], { input: input(5 * 1024 * 1024 + 1) }).code).toBe(2);
  });

  it('an empty input is a clear input error; - twice is refused', () => {
    const empty = runCli(['estimate', '-'], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^aifinops: error: <stdin>:1:1: expected a scenario mapping/);
    const twice = runCli(['estimate', '-', '-'], { input: TEXT });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/standard input \(-\) is given twice/);
  });
});

describe('the same file given twice', () => {
  it('is counted once, with a warning', () => {
    const r = runCli(['estimate', FILE, `./${FILE}`, '-f', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`aifinops: warning: ./${FILE} is given more than once; it is counted once\n`);
    const report = JSON.parse(r.stdout);
    expect(report.scenarios).toHaveLength(1);
    expect(report.totals[0].total_monthly_cost).toBe(report.scenarios[0].total_monthly_cost);
  });
});
