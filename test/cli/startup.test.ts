/**
 * The start-up machinery of an installed package: the V8 code cache beside the bundle and the
 * build's snapshot of the bundled catalogues. Each test runs the real bin of a copy of the
 * package (bin/, dist/, pricing/, package.json), so it can change files without touching ours.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { parseSnapshotText, snapshotText } from '../../src/load/catalogue-snapshot.js';

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function packageCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-pkg-'));
  copies.push(dir);
  // (not the caches runs with Node options left in dist/, e.g. the hostile suite's: a package as built)
  const built = (src: string) => !/\.cjs\.[0-9a-f]{8}\.v8cache$/.test(src);
  for (const part of ['bin', 'dist', 'pricing', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true, filter: built });
  writeFileSync(
    join(dir, 'one.yaml'),
    'version: 1\nname: one\ntraffic: { requests_per_month: 1000000 }\npipeline:\n  - { name: answer, model: openai/gpt-5.4, input: { user: 1000 }, output: 0 }\n',
  );
  return dir;
}

function estimateJson(dir: string, env: Record<string, string> = {}): { code: number | null; total: number; stderr: string } {
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'aifinops.js'), 'estimate', 'one.yaml', '-f', 'json'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: 'off', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const total = r.status === 0 ? (JSON.parse(r.stdout) as { scenarios: { total_monthly_cost: number }[] }).scenarios[0]!.total_monthly_cost : NaN;
  return { code: r.status, total, stderr: r.stderr };
}

/** gpt-5.4's input price per million tokens in pricing/openai.yaml (1,000 input tokens × 1M calls = 1,000 M tokens). */
function inputPrice(dir: string): number {
  const text = readFileSync(join(dir, 'pricing', 'openai.yaml'), 'utf8');
  const block = text.slice(text.indexOf('\n  gpt-5.4:'));
  return Number(/\n {4}input: ([\d.]+)/.exec(block)![1]);
}

/** Change gpt-5.4's input price in the snapshot only: a run that uses the snapshot reports 1234 × 1000. */
function tamperSnapshot(dir: string): void {
  const snapFile = join(dir, 'dist', 'catalogues.json');
  const snap = parseSnapshotText(readFileSync(snapFile, 'latin1'))!;
  const openai = snap.catalogues.find((c) => c.catalogue.provider === 'openai')!;
  openai.catalogue.models['gpt-5.4']!.input = 1234;
  writeFileSync(snapFile, snapshotText(snap));
}

describe('the bundled catalogues snapshot (dist/catalogues.json)', () => {
  it('is used while every pricing/*.yaml file has the text it was built from', () => {
    const dir = packageCopy();
    expect(estimateJson(dir).total).toBeCloseTo(inputPrice(dir) * 1000, 6);
    tamperSnapshot(dir);
    expect(estimateJson(dir).total).toBeCloseTo(1234 * 1000, 6);
  });

  it('is ignored once a pricing file changes: the edited YAML prices the run', () => {
    const dir = packageCopy();
    const file = join(dir, 'pricing', 'openai.yaml');
    const old = inputPrice(dir);
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('\n  gpt-5.4:');
    const edited = text.slice(0, at) + text.slice(at).replace(`\n    input: ${old}\n`, '\n    input: 7\n');
    expect(edited).not.toBe(text);
    tamperSnapshot(dir);
    writeFileSync(file, edited);
    expect(estimateJson(dir).total).toBeCloseTo(7 * 1000, 6);
  });

  it('is ignored when one byte of a pricing file changes and its length does not (a content check, byte for byte)', () => {
    const dir = packageCopy();
    const file = join(dir, 'pricing', 'openai.yaml');
    const old = inputPrice(dir);
    const bytes = readFileSync(file);
    // gpt-5.4's input price, its last digit one higher (or 0 for 9): the same length, one byte changed
    const at = bytes.indexOf(`\n    input: ${old}\n`, bytes.indexOf('\n  gpt-5.4:')) + `\n    input: ${old}`.length - 1;
    const digit = bytes[at]!;
    expect(digit).toBeGreaterThanOrEqual(0x30);
    expect(digit).toBeLessThanOrEqual(0x39);
    const edited = Buffer.from(bytes);
    edited[at] = digit === 0x39 ? 0x30 : digit + 1;
    expect(edited.length).toBe(bytes.length);
    expect(edited.compare(bytes)).not.toBe(0);
    tamperSnapshot(dir);
    writeFileSync(file, edited);
    expect(estimateJson(dir).total).toBeCloseTo(inputPrice(dir) * 1000, 6);
    expect(inputPrice(dir)).not.toBe(old);
    expect(inputPrice(dir)).not.toBe(1234);
  });

  it('is ignored when a pricing file only grows (the built bytes, then more) or is cut short', () => {
    for (const change of [(b: Buffer) => Buffer.concat([b, Buffer.from('# more\n')]), (b: Buffer) => b.subarray(0, b.lastIndexOf('\n', b.length - 2) + 1)]) {
      const dir = packageCopy();
      const expected = inputPrice(dir) * 1000;
      const file = join(dir, 'pricing', 'mistral.yaml');
      writeFileSync(file, change(readFileSync(file)));
      tamperSnapshot(dir);
      expect(estimateJson(dir)).toMatchObject({ code: 0, total: expect.closeTo(expected, 6) });
    }
  });

  it('is written in ASCII (positions in it are byte positions), and one that is not, or in an older layout, is not taken', () => {
    const dir = packageCopy();
    const snapFile = join(dir, 'dist', 'catalogues.json');
    const expected = inputPrice(dir) * 1000;
    const show = () => spawnSync(process.execPath, [join(dir, 'bin', 'aifinops.js'), 'pricing', 'show', 'gpt-5.4', '-f', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const fromYaml = show().stdout;
    tamperSnapshot(dir);
    const tampered = readFileSync(snapFile);
    expect(tampered.every((b) => b < 0x80)).toBe(true);
    // the catalogues do hold characters beyond ASCII, escaped: JSON.parse gives them back
    expect(tampered.toString('latin1')).toMatch(/\\u00d7/);
    const fromSnapshot = JSON.parse(show().stdout) as { prices: { input: number; notes: string } };
    expect(fromSnapshot.prices.input).toBe(1234);
    expect(fromSnapshot.prices.notes).toContain('priority \u00d72 (');
    // one character beyond ASCII (here in a note, as UTF-8): the YAML prices the run
    writeFileSync(snapFile, Buffer.from(tampered.toString('latin1').replace('priority \\u00d72', 'priority \u00d72'), 'utf8'));
    expect(readFileSync(snapFile).every((b) => b < 0x80)).toBe(false);
    expect(estimateJson(dir)).toMatchObject({ code: 0, total: expect.closeTo(expected, 6) });
    expect(show().stdout).toBe(fromYaml);
    // the layout before per-model entries (one JSON document): the YAML prices the run
    const snap = parseSnapshotText(tampered.toString('latin1'))!;
    writeFileSync(snapFile, JSON.stringify({ files: snap.files, catalogues: snap.catalogues }));
    expect(estimateJson(dir)).toMatchObject({ code: 0, total: expect.closeTo(expected, 6) });
  });

  it('is ignored when a pricing file is added or the texts file is missing', () => {
    const dir = packageCopy();
    const expected = inputPrice(dir) * 1000;
    tamperSnapshot(dir);
    rmSync(join(dir, 'dist', 'catalogues.texts'));
    expect(estimateJson(dir)).toMatchObject({ code: 0, total: expect.closeTo(expected, 6) });
    const again = packageCopy();
    tamperSnapshot(again);
    writeFileSync(join(again, 'pricing', 'zz-extra.yaml'), '# not a token catalogue\ngpus: {}\n');
    expect(estimateJson(again)).toMatchObject({ code: 0, total: expect.closeTo(expected, 6) });
  });
});

describe('the bundled seat-plan catalogue snapshot (dist/seat-catalogue.json)', () => {
  /** A plan found only in the snapshot: a run that uses it knows `snapshot-only-plan`. */
  function tamperSeats(dir: string): void {
    const f = join(dir, 'dist', 'seat-catalogue.json');
    const snap = JSON.parse(readFileSync(f, 'utf8')) as { catalogue: { plans: Record<string, unknown> } };
    snap.catalogue.plans['snapshot-only-plan'] = snap.catalogue.plans['github-copilot-business'];
    writeFileSync(f, JSON.stringify(snap));
  }
  const seats = (dir: string, plan: string) =>
    spawnSync(process.execPath, [join(dir, 'bin', 'aifinops.js'), 'seats', 'coding-agent-seats.yaml', '--plan', plan, '-f', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('is used while pricing/seats.yaml has the text it was built from, and gives the YAML’s own figures', () => {
    const dir = packageCopy();
    cpSync(join(ROOT, 'scenarios', 'coding-agent-seats.yaml'), join(dir, 'coding-agent-seats.yaml'));
    const fromSnapshot = seats(dir, 'github-copilot-business');
    expect(fromSnapshot.status).toBe(0);
    rmSync(join(dir, 'dist', 'seat-catalogue.json'));
    const fromYaml = seats(dir, 'github-copilot-business');
    expect(fromSnapshot.stdout).toBe(fromYaml.stdout);
    expect(fromSnapshot.stderr).toBe(fromYaml.stderr);
    cpSync(join(ROOT, 'dist', 'seat-catalogue.json'), join(dir, 'dist', 'seat-catalogue.json'));
    tamperSeats(dir);
    expect(seats(dir, 'snapshot-only-plan').status).toBe(0);
  });

  it('is ignored once pricing/seats.yaml changes', () => {
    const dir = packageCopy();
    cpSync(join(ROOT, 'scenarios', 'coding-agent-seats.yaml'), join(dir, 'coding-agent-seats.yaml'));
    tamperSeats(dir);
    writeFileSync(join(dir, 'pricing', 'seats.yaml'), `${readFileSync(join(dir, 'pricing', 'seats.yaml'), 'utf8')}# edited\n`);
    const r = seats(dir, 'snapshot-only-plan');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('snapshot-only-plan');
    expect(seats(dir, 'github-copilot-business').status).toBe(0);
  });
});

describe('the V8 code caches (dist/*.cjs.v8cache)', () => {
  it('estimate runs its own bundle, a command of COMMAND_BUNDLES its own, and the other commands the whole CLI', () => {
    const dir = packageCopy();
    for (const f of ['estimate.cjs', 'cli.cjs', 'cmd-pricing.cjs']) rmSync(join(dir, 'dist', `${f}.v8cache`));
    expect(estimateJson(dir).code).toBe(0);
    expect(existsSync(join(dir, 'dist', 'estimate.cjs.v8cache'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'cli.cjs.v8cache'))).toBe(false);
    const aifinops = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin', 'aifinops.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(aifinops('pricing', 'show', 'gpt-5.4').status).toBe(0);
    expect(existsSync(join(dir, 'dist', 'cmd-pricing.cjs.v8cache'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'cli.cjs.v8cache'))).toBe(false);
    expect(aifinops('schema', 'scenario').status).toBe(0); // no bundle of its own
    expect(existsSync(join(dir, 'dist', 'cli.cjs.v8cache'))).toBe(true);
    // without its own bundle (an older build), a command runs from the whole CLI
    rmSync(join(dir, 'dist', 'cmd-pricing.cjs'));
    const r = aifinops('pricing', 'show', 'gpt-5.4');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('gpt-5.4');
  });

  it('each command gives byte-for-byte the same output from its own bundle as from the whole CLI', async () => {
    const { COMMAND_BUNDLES } = await import('../../scripts/command-bundles.mjs');
    expect(COMMAND_BUNDLES.length).toBeGreaterThan(5);
    const viaBundle = bundleRunner();
    const rag = 'scenarios/rag-support-assistant.yaml';
    const examples: Record<string, string[]> = {
      pricing: ['pricing', 'list', '--provider', 'anthropic'],
      tokens: ['tokens', 'scenarios/prompts/support-system.md', '--model', 'gpt-5.4-mini'],
      breakeven: ['breakeven', 'scenarios/self-hosting-triage.yaml', '-d', 'llama-3.1-8b-fp8-h100-trtllm', '--replaces', 'triage'],
      whatif: ['whatif', rag, '--set', 'traffic.requests_per_day=20000'],
      compare: ['compare', 'scenarios/support-unoptimised.yaml', 'scenarios/support-optimised.yaml'],
      sweep: ['sweep', rag, '--param', 'pipeline.answer.cache.hit_rate', '--values', '0,50%,85%'],
      levers: ['levers', 'scenarios/support-unoptimised.yaml', '--lever', 'route.share=0.3'],
      sensitivity: ['sensitivity', rag, '-f', 'json'],
      seats: ['seats', 'scenarios/coding-agent-seats.yaml', '--plan', 'github-copilot-business'],
      quotes: ['quotes', 'scenarios/procurement-contract-review.yaml', 'quotes/anthropic-term-commit.yaml'],
      validate: ['validate', 'scenarios/', 'pricing/'],
      init: ['init', '--yes', '--type', 'rag', '--model', 'gpt-5.4-mini', '--stdout'],
      forecast: ['forecast', 'scenarios/coding-agent-growth.yaml', '-f', 'json'],
    };
    for (const name of COMMAND_BUNDLES) {
      const example = examples[name];
      expect(example, `an example for ${name}`).toBeDefined();
      const cases = [example!, [name, '--help'], ...(name === 'seats' || name === 'validate' ? [[name, 'scenarios/nope.yaml'], [name, '--no-such-flag']] : [])];
      for (const args of cases) {
        const whole = viaBundle('cli.cjs', args);
        const alone = viaBundle(`cmd-${name}.cjs`, args);
        expect(alone.stdout, args.join(' ')).toBe(whole.stdout);
        expect(alone.stderr, args.join(' ')).toBe(whole.stderr);
        expect(alone.status, args.join(' ')).toBe(whole.status);
      }
      expect(viaBundle(`cmd-${name}.cjs`, example!).status, example!.join(' ')).toBe(0);
    }
  }, 240_000);

  it('estimate gives byte-for-byte the same report from its own bundle as from the whole CLI', () => {
    const examples = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
    const viaBundle = bundleRunner();
    for (const args of [['estimate', ...examples, '-f', 'json'], ['estimate', ...examples, '--explain'], ['estimate', 'scenarios/nope.yaml'], ['estimate', '--help']]) {
      const whole = viaBundle('cli.cjs', args);
      const alone = viaBundle('estimate.cjs', args);
      expect(alone.stdout, args.join(' ')).toBe(whole.stdout);
      expect(alone.stderr, args.join(' ')).toBe(whole.stderr);
      expect(alone.status, args.join(' ')).toBe(whole.status);
    }
    expect(viaBundle('estimate.cjs', ['estimate', examples[0]!, '-f', 'json']).stdout).toContain('"total_monthly_cost"'); // the harness runs reports
  });

  it('is written by a run when missing, and a corrupt one is replaced without failing the run', () => {
    const dir = packageCopy();
    const cache = join(dir, 'dist', 'estimate.cjs.v8cache');
    const expected = estimateJson(dir).total;
    rmSync(cache);
    expect(estimateJson(dir).total).toBe(expected);
    expect(existsSync(cache)).toBe(true);
    writeFileSync(cache, 'not a code cache');
    expect(estimateJson(dir).total).toBe(expected);
    expect(statSync(cache).size).toBeGreaterThan(100_000);
  });

  it('is read into the buffer the bundle was read into, whichever of the two is larger, and one that cannot be read as a file does not fail the run', () => {
    const dir = packageCopy();
    const cache = join(dir, 'dist', 'estimate.cjs.v8cache');
    const expected = estimateJson(dir).total;
    // a cache far larger than the bundle (V8 rejects it; the run compiles from source and replaces it)
    const bundle = statSync(join(dir, 'dist', 'estimate.cjs')).size;
    writeFileSync(cache, Buffer.alloc(bundle * 3, 7));
    expect(estimateJson(dir)).toMatchObject({ code: 0, total: expected, stderr: '' });
    expect(statSync(cache).size).not.toBe(bundle * 3);
    // a bundle larger than its cache: pricing's own (its cache is the smaller of the two files)
    const pricing = (env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [join(dir, 'bin', 'aifinops.js'), 'pricing', 'show', 'gpt-5.4'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
    expect(statSync(join(dir, 'dist', 'cmd-pricing.cjs')).size).toBeGreaterThan(statSync(join(dir, 'dist', 'cmd-pricing.cjs.v8cache')).size);
    expect(pricing().stdout).toBe(pricing({ AIFINOPS_CODE_CACHE: 'off' }).stdout);
    // a folder where the cache should be: opened, not readable as a file
    rmSync(cache);
    mkdirSync(cache);
    expect(estimateJson(dir)).toMatchObject({ code: 0, total: expected, stderr: '' });
  });

  it('carries no path of the machine that built it (the script is compiled under a package-relative name)', () => {
    for (const f of ['estimate.cjs', 'cli.cjs']) {
      const cache = readFileSync(join(ROOT, 'dist', `${f}.v8cache`));
      expect(cache.includes(Buffer.from(ROOT.replace(/[\\/]+$/, ''))), f).toBe(false);
      expect(cache.includes(Buffer.from(`aifinops/dist/${f}`)), f).toBe(true); // the name it is compiled under
    }
  });

  it('a cache from another Node (another V8 version hash) is rejected by V8 and the run is unchanged', () => {
    const dir = packageCopy();
    const cache = join(dir, 'dist', 'estimate.cjs.v8cache');
    const expected = estimateJson(dir, { AIFINOPS_CODE_CACHE: 'off' });
    const bytes = readFileSync(cache);
    // V8's code cache header: magic number (bytes 0-3), then the hash of the V8 version (4-7)
    bytes.writeUInt32LE((bytes.readUInt32LE(4) ^ 0x5a5a5a5a) >>> 0, 4);
    writeFileSync(cache, bytes);
    const probe = spawnSync(
      process.execPath,
      ['-e', `const fs=require('node:fs');const s=new (require('node:vm').Script)(fs.readFileSync(process.argv[1],'latin1'),{filename:'aifinops/dist/estimate.cjs',cachedData:fs.readFileSync(process.argv[2])});process.stdout.write(String(s.cachedDataRejected))`, join(dir, 'dist', 'estimate.cjs'), cache],
      { encoding: 'utf8' },
    );
    expect(probe.stdout).toBe('true');
    const r = estimateJson(dir);
    expect(r).toEqual(expected); // same total, nothing on stderr
    expect(r.stderr).toBe('');
    expect(readFileSync(cache).equals(bytes)).toBe(false); // replaced by this Node's cache
  });

  it('a run with Node options keeps a cache of its own, and the cache the build warmed for plain runs is left as it was', () => {
    const dir = packageCopy();
    const plain = join(dir, 'dist', 'estimate.cjs.v8cache');
    const warmed = readFileSync(plain);
    const flagged = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [...args, join(dir, 'bin', 'aifinops.js'), 'estimate', 'one.yaml', '-f', 'json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: 'off', NODE_OPTIONS: '', ...env }, encoding: 'utf8' });
    const expected = estimateJson(dir, { NODE_OPTIONS: '' }).total;
    const caches = () => readdirSync(join(dir, 'dist')).filter((f) => /^estimate\.cjs\..*v8cache$/.test(f)).sort();
    expect(caches()).toEqual(['estimate.cjs.v8cache']);
    const r = flagged(['--max-old-space-size=512']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).scenarios[0].total_monthly_cost).toBe(expected);
    const own = caches().filter((f) => f !== 'estimate.cjs.v8cache');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(/^estimate\.cjs\.[0-9a-f]{8}\.v8cache$/);
    expect(readFileSync(plain).equals(warmed)).toBe(true); // V8 would have rejected it under the flag, and the run rewritten it
    // the same options find their cache again (accepted: not rewritten); other options, another one
    const first = readFileSync(join(dir, 'dist', own[0]!));
    expect(flagged(['--max-old-space-size=512']).status).toBe(0);
    expect(readFileSync(join(dir, 'dist', own[0]!)).equals(first)).toBe(true);
    expect(flagged([], { NODE_OPTIONS: '--max-old-space-size=600' }).status).toBe(0);
    expect(caches()).toHaveLength(3);
    expect(readFileSync(plain).equals(warmed)).toBe(true);
    expect(estimateJson(dir, { NODE_OPTIONS: '' }).total).toBe(expected);
    expect(readFileSync(plain).equals(warmed)).toBe(true); // a plain run still accepts the build's cache
  });

  it('AIFINOPS_CODE_CACHE=off neither reads nor writes it', () => {
    const dir = packageCopy();
    const cache = join(dir, 'dist', 'estimate.cjs.v8cache');
    rmSync(cache);
    expect(estimateJson(dir, { AIFINOPS_CODE_CACHE: 'off' }).code).toBe(0);
    expect(existsSync(cache)).toBe(false);
  });
});

/**
 * Runs a bundle the way bin/aifinops.js does (without a code cache): `node run.cjs <bundle> <args…>`,
 * from the repository root, without colour or cache.
 */
function bundleRunner(): (bundle: string, args: string[]) => SpawnSyncReturns<string> {
  const harness = join(mkdtempSync(join(tmpdir(), 'aifinops-harness-')), 'run.cjs');
  copies.push(dirname(harness));
  writeFileSync(
    harness,
    `const [f] = process.argv.splice(2, 1); const m = { exports: {} };
     new (require('node:vm').Script)(require('node:fs').readFileSync(f, 'latin1'), { filename: f })
       .runInThisContext()(m.exports, require('node:module').createRequire(f), m, f, require('node:path').dirname(f));`,
  );
  return (bundle, args) => spawnSync(process.execPath, [harness, join(ROOT, 'dist', bundle), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: 'off' } });
}
