/**
 * `aifinops calibrate` as a user runs it (the real bin): --write rewrites the scenario in place,
 * the layout of unchanged lines is kept byte for byte, the $schema line follows -o to another
 * folder, and the summary and messages say what happened in the user's terms.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openDb } from '../../src/actuals/duck.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { fixture, workDir } from './helpers.js';

function generate(scenario: string, out: string, extra: string[] = []): void {
  const r = spawnSync(process.execPath, ['scripts/actuals-fixtures.mjs', '--scenario', scenario, '--days', '30', '--start', '2025-04-01', '--growth', '0', '--noise', '0.1', '--seed', '3', ...extra, out], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const GUESS = readFileSync(fixture('roundtrip-guess.yaml'), 'utf8');
let dir = '';

beforeAll(() => {
  dir = workDir();
  generate(fixture('roundtrip-truth.yaml'), join(dir, 'usage.json'));
  expect(runCli(['actuals', 'import', join(dir, 'usage.json')], { cwd: dir }).code).toBe(0);
}, 120_000);

describe('calibrate --write', () => {
  it('rewrites the scenario in place with what -o writes elsewhere, prints the summary once, exit 0', () => {
    const sa = join(dir, 'w.yaml');
    writeFileSync(sa, GUESS);
    const other = runCli(['calibrate', 'w.yaml', '-o', 'other.yaml'], { cwd: dir });
    expect(other.code).toBe(0);
    const r = runCli(['calibrate', 'w.yaml', '--write'], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.match(/^calibrated \d+ values of w\.yaml/gm)).toHaveLength(1);
    expect(readFileSync(sa, 'utf8')).toBe(readFileSync(join(dir, 'other.yaml'), 'utf8'));
    expect(readFileSync(sa, 'utf8')).not.toBe(GUESS);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp') || f.startsWith('.aifinops-'))).toEqual([]);
  });

  it('--write with -f json rewrites the scenario and prints the changes; --write with -o is refused, nothing written', () => {
    const sa = join(dir, 'wj.yaml');
    writeFileSync(sa, GUESS);
    const r = runCli(['calibrate', 'wj.yaml', '--write', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { changes: unknown[] };
    expect(report.changes.length).toBeGreaterThan(0);
    expect(readFileSync(sa, 'utf8')).not.toBe(GUESS);
    const both = join(dir, 'wo.yaml');
    writeFileSync(both, GUESS);
    const refused = runCli(['calibrate', 'wo.yaml', '--write', '-o', 'elsewhere.yaml'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('aifinops: error: --write: give either --write or -o, not both\n');
    expect(readFileSync(both, 'utf8')).toBe(GUESS);
    expect(readdirSync(dir)).not.toContain('elsewhere.yaml');
  });

  it('-o naming the scenario itself is still refused, and the file is unchanged', () => {
    const sa = join(dir, 'o.yaml');
    writeFileSync(sa, GUESS);
    const r = runCli(['calibrate', 'o.yaml', '-o', 'o.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/o\.yaml: --output: is an input of this run/);
    expect(r.stderr).not.toMatch(/^calibrated/m);
    expect(readFileSync(sa, 'utf8')).toBe(GUESS);
  });
});

describe('calibrate keeps the layout of what it does not change', () => {
  it('CRLF, aligned comments and one-line mappings stay; only lines with a changed value differ; the values load as fitted', () => {
    const crlf = GUESS.replace(/\n/g, '\r\n');
    writeFileSync(join(dir, 'crlf.yaml'), crlf);
    const r = runCli(['calibrate', 'crlf.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const before = crlf.split('\r\n');
    const after = out.split('\r\n');
    // the guess's lines are all there, in order, each the same unless the summary names a value on it
    expect(after.slice(0, before.length - 1).filter((l, i) => l === before[i])).toEqual(
      before.slice(0, -1).filter((l) => !/requests_per_day|models:|input:|output:|hit_rate/.test(l)),
    );
    expect(out).toContain('match: { project: proj_roundtrip }   # the project the assistant runs in\r\n');
    expect(out).toMatch(/\r\n {4}models: \{ gpt-5-mini: 0\.\d+, gpt-5: 0\.\d+ \} # calibrated gpt-5-mini \(share of the calls\): was 0\.6; gpt-5 \(share of the calls\): was 0\.4; actuals 2025-04-01 to 2025-04-30, 30 days, [\d,]+ calls\r\n/);
    expect(out).toMatch(/ {2}requests_per_day: \{ p50: \d+(\.\d+)?, p90: \d+(\.\d+)? \} # calibrated \(requests a day, log-normal from the daily variation\): was 1000; actuals [^\r\n]+ \| guessed before launch\r\n/);
    // the oracle: the same values as the fit (from -f json)
    const fit = JSON.parse(runCli(['calibrate', 'crlf.yaml', '-f', 'json'], { cwd: dir }).stdout) as { changes: { path: string; value: unknown }[] };
    const y = parse(out);
    expect(y.pipeline[0].output).toBe(fit.changes.find((c) => c.path === 'pipeline.answer.output')!.value);
    expect(y.traffic.requests_per_day).toEqual(fit.changes.find((c) => c.path === 'traffic.requests_per_day')!.value);
  });

  it('"calibrated 0 values" writes the file back byte for byte (a BOM, CRLF, flow mappings); a tier seen without call counts gets a note, names escaped', () => {
    const store = join(dir, 'anthropic.duckdb');
    const usage = join(dir, 'anthropic-usage.json');
    writeFileSync(usage, readFileSync(fixture('anthropic-usage.json'), 'utf8').replace(/"standard"/g, '"priority"'));
    expect(runCli(['actuals', 'import', usage, '--store', store], { cwd: dir }).code).toBe(0);
    const text = '\ufeffversion: 1\r\nname: Claude tiers\r\nmatch: {workspace: wrkspc_support}     # the workspace\r\ntraffic:\r\n  requests_per_day: 1000\r\npipeline:\r\n  - { name: "an\\u001b[31mswer", model: claude-haiku-4-5, input: { user: 2000 }, output: 500 }   # flow\r\n';
    writeFileSync(join(dir, 'claude.yaml'), text);
    const r = runCli(['calibrate', 'claude.yaml', '--actuals', store], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^calibrated 0 values of claude\.yaml/);
    expect(r.stdout).toBe(text);
    expect(r.stderr).toContain('note: stage an\\u001b[31mswer: the usage names service tiers (priority) but counts no calls: service_tier and batch_share cannot be fitted');
    expect(r.stderr).not.toContain('\u001b');
  });
});

describe('calibrate -o to another folder', () => {
  it('rewrites the $schema line of a file that points at a schemas/ folder to lead there from the new folder', () => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 's.yaml'), `# yaml-language-server: $schema=../../schemas/scenario.schema.json\n${GUESS}`);
    expect(runCli(['calibrate', 'a/b/s.yaml', '-o', 'top.yaml'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'top.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./schemas/scenario.schema.json');
    // --write and stdout keep the line as it is
    expect(runCli(['calibrate', 'a/b/s.yaml'], { cwd: dir }).stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/scenario.schema.json');
  });
});

describe('calibrate says what happened in its own terms', () => {
  it('a missing store names --actuals, not --store', () => {
    copyFileSync(fixture('roundtrip-guess.yaml'), join(dir, 'm.yaml'));
    const r = runCli(['calibrate', 'm.yaml', '--actuals', 'none.duckdb'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none\.duckdb: --actuals: no actuals store here — .*give --actuals/);
    expect(r.stderr).not.toMatch(/--store/);
  });

  it('a DuckDB file without an actuals table, or a file that is not DuckDB, names --actuals, not --store', async () => {
    const db = await openDb(join(dir, 'other.duckdb'));
    await db.connection.run('CREATE TABLE t (x INTEGER)');
    db.close();
    const r = runCli(['calibrate', 'm.yaml', '--actuals', 'other.duckdb'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other\.duckdb: is a DuckDB file without an actuals table — give --actuals the file aifinops actuals import wrote/);
    expect(r.stderr).not.toMatch(/--store/);
    writeFileSync(join(dir, 'text.duckdb'), 'not a database\n');
    const t = runCli(['calibrate', 'm.yaml', '--actuals', 'text.duckdb'], { cwd: dir });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/text\.duckdb: cannot open it as a DuckDB database .* give --actuals a DuckDB file/);
    expect(t.stderr).not.toMatch(/--store/);
    // actuals report keeps naming --store
    expect(runCli(['actuals', 'report', '--store', 'other.duckdb'], { cwd: dir }).stderr).toMatch(/give --store the file aifinops actuals import wrote/);
  });

  it('--from past the data blames the date filter and names the days there are, not the match: block', () => {
    const r = runCli(['calibrate', 'm.yaml', '--from', '2030-01-01'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/m\.yaml: --from: no matched usage from 2030-01-01; the store has this scenario's usage from 2025-04-01 to 2025-04-30/);
    expect(r.stderr).not.toMatch(/match: block/);
    // a match that matches nothing still blames the match: block
    writeFileSync(join(dir, 'nomatch.yaml'), GUESS.replace('proj_roundtrip', 'proj_nothing'));
    expect(runCli(['calibrate', 'nomatch.yaml', '--from', '2025-04-01'], { cwd: dir }).stderr).toMatch(/nomatch\.yaml: match: no actual usage in the store matches this scenario/);
  });

  it('a stage that inherits the scenario\'s service_tier: the summary says what the comment says', () => {
    const tdir = workDir();
    generate(fixture('roundtrip-tiers.yaml'), join(tdir, 'usage.json'));
    expect(runCli(['actuals', 'import', join(tdir, 'usage.json')], { cwd: tdir }).code).toBe(0);
    writeFileSync(join(tdir, 'p.yaml'), GUESS.replace(/^traffic:/m, 'service_tier: priority\ntraffic:'));
    const r = runCli(['calibrate', 'p.yaml'], { cwd: tdir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ {2}pipeline\.answer\.service_tier: "priority" \(the scenario's service_tier\) → \{"standard":0\.\d+,"priority":0\.\d+\}$/m);
    expect(r.stdout).toMatch(/# calibrated \(share of synchronous calls per service tier\): was priority \(the scenario's service_tier\);/);
  }, 60_000);
});
