/** GitSource: reading files as they are at a commit, without touching the working tree. */
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { GitSource } from '../../src/load/git.js';
import { loadScenario } from '../../src/load/scenario.js';
import { estimateScenario } from '../../src/core/estimate.js';
import { ACME_FILE } from '../helpers/scenario.js';
import { commitAll, git, initRepo, tmp } from './helpers.js';

let dir: string;
let first: string;

beforeAll(() => {
  dir = tmp();
  initRepo(dir);
  mkdirSync(join(dir, 'scenarios', 'nested'), { recursive: true });
  mkdirSync(join(dir, 'pricing'));
  writeFileSync(join(dir, 'pricing', 'acme.yaml'), readFileSync(ACME_FILE, 'utf8'));
  writeFileSync(join(dir, 'scenarios', 's.yaml'), 'version: 1\nname: S\npricing: [../pricing/acme.yaml]\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - { name: a, model: acme-small, input: { user: 1000 } }\n');
  writeFileSync(join(dir, 'scenarios', 'nested', 'n.yaml'), 'x: 1\n');
  writeFileSync(join(dir, 'scenarios', '.hidden.yaml'), 'x: 1\n');
  symlinkSync('s.yaml', join(dir, 'scenarios', 'link.yaml'));
  symlinkSync('../../outside.yaml', join(dir, 'scenarios', 'escape.yaml'));
  first = commitAll(dir, 'first');
  // second commit: the price and the scenario move; the working tree moves again
  writeFileSync(join(dir, 'scenarios', 's.yaml'), readFileSync(join(dir, 'scenarios', 's.yaml'), 'utf8').replace('user: 1000', 'user: 2000'));
  commitAll(dir, 'second');
  writeFileSync(join(dir, 'scenarios', 's.yaml'), readFileSync(join(dir, 'scenarios', 's.yaml'), 'utf8').replace('user: 2000', 'user: 4000'));
  writeFileSync(join(dir, 'scenarios', 'untracked.yaml'), 'x: 2\n');
});

describe('GitSource', () => {
  it('reads a scenario and its catalogue as they were at HEAD~1 and HEAD, whatever the working tree says', () => {
    const cost = (src: GitSource) => estimateScenario(loadScenario(join(dir, 'scenarios', 's.yaml'), { source: src, bundled: [] })).total_monthly_cost;
    const prev = GitSource.open('HEAD~1', { cwd: dir });
    const head = GitSource.open('HEAD', { cwd: dir });
    expect(prev.commit).toBe(first);
    expect(cost(prev)).toBeCloseTo(1, 12); // 1,000 × 1,000 tokens × $1/M
    expect(cost(head)).toBeCloseTo(2, 12);
  });

  it('exists, folders, symbolic links and untracked files', () => {
    const src = GitSource.open(first, { cwd: dir });
    const p = (...x: string[]) => join(dir, ...x);
    expect(src.exists(p('scenarios', 's.yaml'))).toBe(true);
    expect(src.exists(p('scenarios', 'untracked.yaml'))).toBe(false);
    expect(src.exists(p('scenarios'))).toBe(true);
    expect(src.readText(p('scenarios', 'link.yaml'))).toBe(src.readText(p('scenarios', 's.yaml')));
    expect(src.realPath(p('scenarios', 'link.yaml'))).toBe(join(src.root, 'scenarios', 's.yaml'));
    expect(src.realPath(p('scenarios', 'escape.yaml'))).toBe(join(src.root, '..', 'outside.yaml'));
    expect(src.listDir(p('scenarios')).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: '.hidden.yaml', kind: 'file' },
      { name: 'escape.yaml', kind: 'other' },
      { name: 'link.yaml', kind: 'file' },
      { name: 'nested', kind: 'dir' },
      { name: 's.yaml', kind: 'file' },
    ]);
    expect(src.listFiles(dir, 'scenarios').sort()).toEqual(['scenarios/escape.yaml', 'scenarios/link.yaml', 'scenarios/nested/n.yaml', 'scenarios/s.yaml', 'scenarios/.hidden.yaml'].sort());
    expect(() => src.readText(p('scenarios', 'untracked.yaml'))).toThrow(/does not exist at/);
    expect(() => src.readText(p('scenarios'))).toThrow(/is a folder at/);
    expect(() => src.readText(join(dir, '..', 'elsewhere.yaml'))).toThrow(/outside the git repository/);
  });

  it('prefetch reads many files in one batch, and they are then served from memory', () => {
    const src = GitSource.open('HEAD', { cwd: dir });
    src.prefetch([join(dir, 'scenarios', 's.yaml'), join(dir, 'pricing', 'acme.yaml'), join(dir, 'nope.yaml')]);
    expect(src.readText(join(dir, 'pricing', 'acme.yaml'))).toBe(readFileSync(ACME_FILE, 'utf8'));
  });

  it('leaves the working tree, the index and HEAD exactly as they were', () => {
    const status = git(dir, 'status', '--porcelain=v1', '-uall');
    const index = statSync(join(dir, '.git', 'index')).mtimeMs;
    const scenario = readFileSync(join(dir, 'scenarios', 's.yaml'), 'utf8');
    const src = GitSource.open('HEAD~1', { cwd: dir });
    src.readText(join(dir, 'scenarios', 's.yaml'));
    src.prefetch([join(dir, 'pricing', 'acme.yaml')]);
    src.listDir(join(dir, 'scenarios'));
    // the index first: `git status` itself may refresh it
    expect(statSync(join(dir, '.git', 'index')).mtimeMs).toBe(index);
    expect(git(dir, 'status', '--porcelain=v1', '-uall')).toBe(status);
    expect(readFileSync(join(dir, 'scenarios', 's.yaml'), 'utf8')).toBe(scenario);
    expect(git(dir, 'rev-parse', 'HEAD')).not.toContain(first);
  });

  it('an unknown ref is an input error with a did-you-mean and how to fetch', () => {
    git(dir, 'branch', 'release-1');
    const err = (() => {
      try {
        GitSource.open('relase-1', { cwd: dir });
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err!.message).toMatch(/--base: "relase-1" is neither a JSON file nor a commit in this repository — did you mean "release-1"\? Or fetch it first/);
    expect(() => GitSource.open('--output=x', { cwd: dir })).toThrow(/is not a valid git ref/);
  });

  it('outside a repository: an input error that offers the baseline JSON instead', () => {
    expect(() => GitSource.open('main', { cwd: tmp() })).toThrow(/not inside a git repository/);
  });
});

describe('GitSource: bytes that are not UTF-8', () => {
  it('are refused with the byte offset, as on disk (not turned into U+FFFD)', () => {
    const repo = tmp();
    initRepo(repo);
    writeFileSync(join(repo, 's.yaml'), Buffer.concat([Buffer.from('version: 1\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    commitAll(repo, 'latin-1');
    const src = GitSource.open('HEAD', { cwd: repo });
    let err: unknown;
    try {
      src.readText(join(repo, 's.yaml'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0]).toMatchObject({ line: 2, message: 'is not valid UTF-8: byte 0xe9 at byte offset 20' });
  });
});
