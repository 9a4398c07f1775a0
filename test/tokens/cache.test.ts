/** The on-disk count cache: hit, miss, corruption, eviction, fallback folder, concurrent writers. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/core/registry.js';
import { resolveStageInput } from '../../src/load/prompts.js';
import { diskSource } from '../../src/load/yaml.js';
import { CACHE_FILE, CountCache, cacheDirs } from '../../src/tokens/cache.js';
import { RACY_MS, sha256, statSignature, TokenCounter } from '../../src/tokens/count.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { PROMPT_CATALOGUES, tempRepo, tiktokenCount } from './helpers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'aifinops-cache-test-'));
const TEXT = 'Count me once, then read me from the cache.';

describe('CountCache', () => {
  it('misses, counts, writes; a new process-like counter then hits and counts nothing', () => {
    const dir = tmp();
    const first = new TokenCounter(new CountCache([dir]));
    expect(first.count(TEXT, 'o200k_base')).toBe(tiktokenCount(TEXT));
    expect(first.counted).toBe(1);
    expect(first.cache.misses).toBe(1);
    first.flush();
    expect(existsSync(join(dir, CACHE_FILE))).toBe(true);

    const second = new TokenCounter(new CountCache([dir]));
    expect(second.count(TEXT, 'o200k_base')).toBe(tiktokenCount(TEXT));
    expect(second.counted).toBe(0);
    expect(second.cache.hits).toBe(1);
    // another encoding is another key
    expect(second.count(TEXT, 'cl100k_base')).toBe(tiktokenCount(TEXT, 'cl100k_base'));
    expect(second.counted).toBe(1);
  });

  it('keys by content: a changed text is a miss', () => {
    const dir = tmp();
    const a = new TokenCounter(new CountCache([dir]));
    a.count(TEXT, 'o200k_base');
    a.flush();
    const b = new TokenCounter(new CountCache([dir]));
    b.count(`${TEXT} More.`, 'o200k_base');
    expect(b.counted).toBe(1);
  });

  it('ignores a corrupt cache file and rebuilds it', () => {
    for (const garbage of ['{not json', '{"format":"aifinops-token-counts","version":1,"counts":[1,2]}', '{"format":"other","version":1,"counts":{}}', '\u0000\u0001']) {
      const dir = tmp();
      writeFileSync(join(dir, CACHE_FILE), garbage);
      const c = new TokenCounter(new CountCache([dir]));
      expect(c.count(TEXT, 'o200k_base')).toBe(tiktokenCount(TEXT));
      expect(c.counted).toBe(1);
      c.flush();
      const doc = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as { counts: Record<string, number> };
      expect(doc.counts[`o200k_base:${sha256(TEXT)}`]).toBe(tiktokenCount(TEXT));
    }
  });

  it('ignores entries that are not whole non-negative counts', () => {
    const dir = tmp();
    const key = `o200k_base:${sha256(TEXT)}`;
    for (const bad of [-1, 1.5, '12', null]) {
      writeFileSync(join(dir, CACHE_FILE), JSON.stringify({ format: 'aifinops-token-counts', version: 1, counts: { [key]: bad } }));
      const c = new TokenCounter(new CountCache([dir]));
      expect(c.count(TEXT, 'o200k_base')).toBe(tiktokenCount(TEXT));
      expect(c.counted).toBe(1);
    }
  });

  it('keeps the newest entries when over its size limit', () => {
    const dir = tmp();
    const cache = new CountCache([dir], 3);
    for (let i = 0; i < 5; i++) cache.set(CountCache.key('o200k_base', sha256(String(i))), i);
    cache.flush();
    const doc = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as { counts: Record<string, number> };
    expect(Object.values(doc.counts)).toEqual([2, 3, 4]);
  });

  it('falls back to the next folder when the first cannot be written, and never throws', () => {
    const base = tmp();
    const blocked = join(base, 'blocked');
    writeFileSync(blocked, 'a file where a folder should be');
    const fallback = join(base, 'fallback');
    const c = new TokenCounter(new CountCache([join(blocked, 'sub'), fallback]));
    c.count(TEXT, 'o200k_base');
    expect(() => c.flush()).not.toThrow();
    expect(existsSync(join(fallback, CACHE_FILE))).toBe(true);
    const none = new TokenCounter(new CountCache([join(blocked, 'sub')]));
    none.count(TEXT, 'o200k_base');
    expect(() => none.flush()).not.toThrow();
  });

  it('leaves no temporary files behind after writing', () => {
    const dir = tmp();
    const c = new TokenCounter(new CountCache([dir]));
    c.count(TEXT, 'o200k_base');
    c.flush();
    expect(readdirSync(dir)).toEqual([CACHE_FILE]);
  });

  it('finds its folder: AIFINOPS_CACHE_DIR, XDG_CACHE_HOME, then the home folder; "off" disables it', () => {
    expect(cacheDirs({ AIFINOPS_CACHE_DIR: '/x/y' }, '/nowhere')).toEqual(['/x/y']);
    expect(cacheDirs({ AIFINOPS_CACHE_DIR: 'off' }, '/nowhere')).toEqual([]);
    expect(cacheDirs({ XDG_CACHE_HOME: '/xdg' }, '/nowhere')[0]).toBe('/xdg/aifinops');
    expect(cacheDirs({ XDG_CACHE_HOME: 'relative' }, '/nowhere')[0]).not.toBe('relative/aifinops');
    expect(cacheDirs({}, ROOT)).toContain(join(ROOT, 'node_modules', '.cache', 'aifinops'));
  });

  it('stays a valid file under concurrent runs of the CLI', async () => {
    const dir = tmp();
    const prompts = tmp();
    const n = 6;
    for (let i = 0; i < n; i++) writeFileSync(join(prompts, `p${i}.md`), `Prompt number ${i}. `.repeat(50 + i));
    const run = (i: number) =>
      new Promise<number | null>((done) => {
        const p = spawn(process.execPath, [BIN, 'tokens', join(prompts, `p${i}.md`), '-f', 'json'], { env: { ...process.env, AIFINOPS_CACHE_DIR: dir }, stdio: 'ignore' });
        p.on('close', done);
      });
    const codes = await Promise.all(Array.from({ length: n }, (_, i) => run(i)));
    expect(codes).toEqual(Array(n).fill(0));
    const doc = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as { counts: Record<string, number> };
    expect(Object.keys(doc.counts).length).toBeGreaterThanOrEqual(2); // at least one run's entries; never a torn file
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});


describe('unchanged prompt files known by their stat signature', () => {
  const r = new ModelRegistry(PROMPT_CATALOGUES, '2026-11-23').resolve('gpt-4o');
  if (!r.ok) throw new Error('fixture catalogue');
  const models = [{ model: r.model, name: 'gpt-4o', share: 1, output: 0, reasoning: 0 }];
  const count = (root: string, counter: TokenCounter): number => {
    const problems: string[] = [];
    const out = resolveStageInput('s', { system: { file: 'a.md' } }, models, ['pipeline', 0], {
      scenarioFile: join(root, 's.yaml'),
      source: diskSource,
      at: (_p, m) => problems.push(m),
      warnings: [],
      counter,
    });
    counter.flush();
    expect(problems).toEqual([]);
    return out.input.system;
  };

  it('a file changed too recently is not recorded (timestamp resolution)', () => {
    const root = tempRepo({ 'a.md': TEXT });
    expect(statSignature(join(root, 'a.md'))!.racy).toBe(true);
    const dir = tmp();
    count(root, new TokenCounter(new CountCache([dir])));
    const doc = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as { files: Record<string, string> };
    expect(doc.files).toEqual({});
  });

  it('answers from the recorded hash while the file is unchanged, and recounts after any change', async () => {
    const root = tempRepo({ 'a.md': TEXT });
    await new Promise((done) => setTimeout(done, RACY_MS + 100));
    const dir = tmp();
    expect(count(root, new TokenCounter(new CountCache([dir])))).toBe(tiktokenCount(TEXT));
    const sig = statSignature(join(root, 'a.md'))!;
    expect(sig.racy).toBe(false);
    expect(new CountCache([dir]).fileHash(join(root, 'a.md'), sig.signature)).toBe(sha256(TEXT));

    const again = new TokenCounter(new CountCache([dir]));
    expect(count(root, again)).toBe(tiktokenCount(TEXT));
    expect(again.counted).toBe(0);

    // same length, other content, immediately: the signature changes, so the new text is counted
    const other = TEXT.replace('Count me once', 'Tally it 2x!!');
    expect(other.length).toBe(TEXT.length);
    writeFileSync(join(root, 'a.md'), other);
    const after = new TokenCounter(new CountCache([dir]));
    expect(count(root, after)).toBe(tiktokenCount(other));
    expect(after.counted).toBe(1);
  });
});

describe('unchanged templates known by their stat signature', () => {
  const r = new ModelRegistry(PROMPT_CATALOGUES, '2026-11-23').resolve('gpt-4o');
  if (!r.ok) throw new Error('fixture catalogue');
  const models = [{ model: r.model, name: 'gpt-4o', share: 1, output: 0, reasoning: 0 }];
  const TEMPLATE = 'Customer {{ name }} on the {{ tier }} plan asks: {{ message }}. Answer politely.';
  const FIXED = 'Customer  on the  plan asks: . Answer politely.';
  const FILL = 150;
  const load = (root: string, counter: TokenCounter, input: Record<string, unknown> = { template: 't.jinja', fill: FILL }) => {
    const problems: string[] = [];
    const warnings: string[] = [];
    const out = resolveStageInput('s', { user: input } as never, models, ['pipeline', 0], { scenarioFile: join(root, 's.yaml'), source: diskSource, at: (_p, m) => problems.push(m), warnings, counter });
    counter.flush();
    expect(problems).toEqual([]);
    return { user: out.input.user, warnings };
  };
  const files = (dir: string) => (JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as { files: Record<string, string> }).files;

  it('records the hash of the fixed text under the path and syntax, and answers from it while the file is unchanged', async () => {
    const root = tempRepo({ 't.jinja': TEMPLATE, 'plain.jinja': 'No placeholders here.' });
    await new Promise((done) => setTimeout(done, RACY_MS + 100));
    const dir = tmp();
    const abs = join(root, 't.jinja');
    const sig = statSignature(abs)!;
    expect(sig.racy).toBe(false);
    expect(load(root, new TokenCounter(new CountCache([dir]))).user).toBe(tiktokenCount(FIXED) + FILL);
    expect(files(dir)[`${abs}\u0000jinja`]).toBe(`${sig.signature}|${sha256(FIXED)}`);
    // the whole file's own hash is recorded as before (a `file:` reference to it)
    expect(files(dir)[abs]).toBe(`${sig.signature}|${sha256(TEMPLATE)}`);

    const again = new TokenCounter(new CountCache([dir]));
    expect(load(root, again)).toEqual({ user: tiktokenCount(FIXED) + FILL, warnings: [] });
    expect(again.counted).toBe(0);

    // the recorded hash stands for the fixed text: the template is not read again (a cache entry
    // names another hash, whose count is then used; a fresh run of the old code read the file)
    const other = sha256('something else');
    const doc = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as { counts: Record<string, number>; files: Record<string, string> };
    doc.files[`${abs}\u0000jinja`] = `${sig.signature}|${other}`;
    doc.counts[`o200k_base:${other}`] = 7;
    writeFileSync(join(dir, CACHE_FILE), JSON.stringify(doc));
    expect(load(root, new TokenCounter(new CountCache([dir]))).user).toBe(7 + FILL);

    // another syntax is another key: read and counted again
    const fstring = new TokenCounter(new CountCache([dir]));
    expect(load(root, fstring, { template: 't.jinja', fill: FILL, syntax: 'fstring' }).user).toBe(tiktokenCount(TEMPLATE.replace(/\{\{/g, '{').replace(/\}\}/g, '}')) + FILL);
    expect(fstring.counted).toBe(1);

    // a template without placeholders is not recorded: its warning is given on every run
    for (let run = 0; run < 2; run++) {
      const w = load(root, new TokenCounter(new CountCache([dir])), { template: 'plain.jinja', fill: FILL }).warnings;
      expect(w).toHaveLength(1);
      expect(w[0]).toMatch(new RegExp(`plain\\.jinja: the template has no jinja placeholders, so fill: ${FILL} is added to its full text \\(check syntax:\\)$`));
    }
    expect(Object.keys(files(dir)).some((k) => k.startsWith(`${join(root, 'plain.jinja')}\u0000`))).toBe(false);
  });

  it('ignores a malformed template entry, or one under another signature: the template is read and counted', async () => {
    const root = tempRepo({ 't.jinja': TEMPLATE });
    await new Promise((done) => setTimeout(done, RACY_MS + 100));
    const abs = join(root, 't.jinja');
    const sig = statSignature(abs)!.signature;
    for (const value of [`${sig}|${'z'.repeat(64)}`, `${sig}|${sha256(FIXED)}0`, `1:2:3:4:5|${sha256('other')}`, 42, null, { hash: sha256(FIXED) }]) {
      const dir = tmp();
      writeFileSync(join(dir, CACHE_FILE), JSON.stringify({ format: 'aifinops-token-counts', version: 1, counts: { [`o200k_base:${sha256('other')}`]: 7 }, files: { [`${abs}\u0000jinja`]: value } }));
      const counter = new TokenCounter(new CountCache([dir]));
      expect(load(root, counter).user, JSON.stringify(value)).toBe(tiktokenCount(FIXED) + FILL);
      expect(counter.counted).toBe(1);
      expect(files(dir)[`${abs}\u0000jinja`]).toBe(`${sig}|${sha256(FIXED)}`); // recorded afresh
    }
  });

  it('does not record a template changed too recently, and a change after recording is a miss', async () => {
    const root = tempRepo({ 't.jinja': TEMPLATE });
    const dir = tmp();
    const abs = join(root, 't.jinja');
    load(root, new TokenCounter(new CountCache([dir])));
    expect(Object.keys(files(dir))).not.toContain(`${abs}\u0000jinja`);
    await new Promise((done) => setTimeout(done, RACY_MS + 100));
    load(root, new TokenCounter(new CountCache([dir])));
    expect(Object.keys(files(dir))).toContain(`${abs}\u0000jinja`);
    const changed = TEMPLATE.replace('politely', 'briefly!');
    writeFileSync(abs, changed);
    const after = new TokenCounter(new CountCache([dir]));
    expect(load(root, after).user).toBe(tiktokenCount(changed.replace(/\{\{[^}]*\}\}/g, '')) + FILL);
    expect(after.counted).toBe(1);
  });
});
