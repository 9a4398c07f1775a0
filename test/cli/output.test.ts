/** `-o FILE` (src/util/output.ts): what is written where, and what a signal or a crash leaves behind. */
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/util/output.js';
import { pendingTemps, removeStaleTemps, tempPathFor, trackTemp } from '../../src/util/temp.js';
import { runCli } from '../helpers/cli.js';

const A = 'test/fixtures/scenarios/team-a.yaml';
const ACME = ['--pricing', 'test/fixtures/catalogues/acme.yaml'];
const tmp = () => mkdtempSync(join(tmpdir(), 'aifinops-output-'));

describe('-o through the CLI', () => {
  it('follows a symbolic link: the target gets the report, the link stays a link', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    const r = runCli(['estimate', A, ...ACME, '-f', 'json', '-o', join(dir, 'link.json')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).scenarios[0].name).toBe('Team A bot');
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it('a dangling link is followed too: the file it names is created', () => {
    const dir = tmp();
    symlinkSync('made.json', join(dir, 'link.json'));
    expect(runCli(['estimate', A, ...ACME, '-f', 'json', '-o', join(dir, 'link.json')]).code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(statSync(join(dir, 'made.json')).isFile()).toBe(true);
  });

  it('keeps the mode of an existing file (600 stays 600, 640 stays 640)', () => {
    const dir = tmp();
    for (const mode of [0o600, 0o640]) {
      const out = join(dir, `m${mode.toString(8)}.json`);
      writeFileSync(out, 'old');
      chmodSync(out, mode);
      expect(runCli(['estimate', A, ...ACME, '-f', 'json', '-o', out]).code).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(mode);
      expect(readFileSync(out, 'utf8')).not.toBe('old');
    }
  });

  it('writes through to /dev/null (still a character device) and to /dev/stdout', () => {
    const n = runCli(['estimate', A, ...ACME, '-o', '/dev/null']);
    expect(n.code).toBe(0);
    expect(n.stdout).toBe('');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const s = runCli(['estimate', A, ...ACME, '-f', 'json', '-o', '/dev/stdout']);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).scenarios[0].name).toBe('Team A bot'); // stdout is a pipe here: written, not refused
  });

  it('removes temporary files that a killed run left behind (dead pid), and only those', () => {
    const dir = tmp();
    const out = join(dir, 'r.json');
    const stale = tempPathFor(out, 2 ** 22 + 12345); // above Linux's pid_max default: no such process
    const live = tempPathFor(out, process.pid === 1 ? 2 : 1); // pid 1 is alive
    writeFileSync(stale, 'half');
    writeFileSync(live, 'someone else');
    expect(runCli(['estimate', A, ...ACME, '-f', 'json', '-o', out]).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([live.slice(dir.length + 1), 'r.json'].sort());
  });

  it('init --force goes through the same writer (a link is followed, not replaced)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'target.yaml'), 'old');
    symlinkSync('target.yaml', join(dir, 'scenario.yaml'));
    const r = runCli(['init', '--yes', '--force', '-o', join(dir, 'scenario.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(dir, 'scenario.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.yaml'), 'utf8')).toMatch(/^version: 1/m);
  });
});

describe('temporary files and signals (src/util/temp.ts)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names the temporary file .<name>.aifinops-tmp-<pid> in the same folder', () => {
    expect(tempPathFor('/x/y/out.json', 42)).toBe('/x/y/.out.json.aifinops-tmp-42');
  });

  it('a SIGTERM while a temporary file exists removes it and re-raises the signal', () => {
    const dir = tmp();
    const t = tempPathFor(join(dir, 'o.json'));
    writeFileSync(t, 'partial');
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    trackTemp(t);
    expect(pendingTemps()).toContain(t);
    process.emit('SIGTERM', 'SIGTERM');
    expect(existsSync(t)).toBe(false);
    expect(pendingTemps()).toEqual([]);
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
    expect(process.listeners('SIGTERM')).toHaveLength(0); // the re-raised signal takes its default action
  });

  it('after a write, nothing is pending and the folder holds only the output', () => {
    const dir = tmp();
    writeFileAtomic(join(dir, 'o.json'), '{}\n');
    expect(pendingTemps()).toEqual([]);
    expect(readdirSync(dir)).toEqual(['o.json']);
    expect(removeStaleTemps(join(dir, 'o.json'))).toEqual([]);
  });
});
