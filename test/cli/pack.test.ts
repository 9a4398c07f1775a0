/**
 * The package as users get it: `npm pack`, then `npm install --omit=dev <tarball>` into an empty
 * folder (runtime dependencies only, from the npm cache), and the installed bin runs `estimate`,
 * `--help`, `diff` and `forecast` from there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'aifinops-pack-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const npm = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env } });

describe('npm pack → npm install --omit=dev into an empty folder', () => {
  it('installs without warnings and runs estimate, --help, diff and forecast', () => {
    // dist/ is built by the test setup: AIFINOPS_SKIP_BUILD=1 keeps prepare from rebuilding it under
    // the running tests; prepack/postpack still run (they take `prepare` out of the packed manifest)
    // a run with Node options leaves a code cache of its own in dist/ (bin/aifinops.js): not shipped
    const flagged = spawnSync(process.execPath, ['--max-old-space-size=777', join(ROOT, 'bin', 'aifinops.js'), 'pricing', 'show', 'gpt-5.4'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(readdirSync(join(ROOT, 'dist')).some((f) => /^cmd-pricing\.cjs\.[0-9a-f]{8}\.v8cache$/.test(f))).toBe(true);
    const packed = npm(['pack', '--json', '--pack-destination', temp], ROOT, { AIFINOPS_SKIP_BUILD: '1' });
    expect(packed.status, packed.stderr).toBe(0);
    const info = JSON.parse(packed.stdout)[0] as { filename: string; files: { path: string }[] };
    const files = info.files.map((f) => f.path);
    for (const f of ['LICENSE', 'README.md', 'package.json', 'bin/aifinops.js', 'dist/cli.cjs', 'dist/estimate.cjs', 'dist/index.js', 'dist/report-engine.js', 'action.yml']) expect(files, f).toContain(f);
    for (const dir of ['quotes/', 'scenarios/', 'pricing/', 'schemas/', 'docs/', 'examples/ci/']) expect(files.some((f) => f.startsWith(dir)), dir).toBe(true);
    expect(files.filter((f) => /\.(heapprofile|cpuprofile|tgz|tmp)$|^(src|test|scripts|bench)\/|\.cjs\.[0-9a-f]{8}\.v8cache$/.test(f))).toEqual([]);
    expect(files).toContain('dist/cmd-pricing.cjs.v8cache'); // the build's own caches are
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.types).toBeUndefined(); // no declarations are shipped, so none are promised
    expect(manifest.scripts.prepare).toBeDefined(); // postpack put the clone's manifest back
    expect(existsSync(join(ROOT, 'package.json.before-pack'))).toBe(false);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 aifinops contributors\n/);

    const app = join(temp, 'app');
    mkdirSync(app);
    const installed = npm(['install', '--omit=dev', '--prefer-offline', '--no-package-lock', join(temp, info.filename)], app);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stderr.split('\n').filter((l) => /warn/i.test(l))).toEqual([]);
    const pkg = join(app, 'node_modules', 'aifinops');
    expect(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).scripts.prepare).toBeUndefined(); // nothing to run on install
    expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false); // runtime dependencies only
    for (const f of readdirSync(join(pkg, 'dist')).filter((x) => x.endsWith('.v8cache'))) {
      expect(readFileSync(join(pkg, 'dist', f)).includes(Buffer.from(ROOT.replace(/\/+$/, ''))), f).toBe(false); // no build path
    }

    const bin = join(app, 'node_modules', '.bin', 'aifinops');
    const run = (args: string[]) => spawnSync(bin, args, { cwd: app, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', AIFINOPS_CACHE_DIR: 'off' } });
    const est = run(['estimate', `${pkg}/scenarios/rag-support-assistant.yaml`, '-f', 'json', '-o', 'base.json']);
    expect(est.status, est.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(app, 'base.json'), 'utf8')).scenarios[0].total_monthly_cost).toBeCloseTo(7919.66, 2); // the README's figure
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: aifinops/);
    const diff = run(['diff', `${pkg}/scenarios/rag-support-assistant.yaml`, '--base', 'base.json', '-f', 'json']);
    expect(diff.status, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout).scenarios[0].status).toBe('unchanged');
    const forecast = run(['forecast', `${pkg}/scenarios/coding-agent-growth.yaml`, '--samples', '500']);
    expect(forecast.status, forecast.stderr).toBe(0);
    expect(forecast.stdout).toMatch(/^Forecast — Coding agent rollout/);
    for (const r of [est, help, diff, forecast]) expect(r.stderr).toBe('');
    // and `quotes` finds the shipped quote files the README uses
    const quotes = run(['quotes', `${pkg}/scenarios/procurement-contract-review.yaml`, ...readdirSync(join(pkg, 'quotes')).filter((f) => f.endsWith('.yaml')).map((f) => `${pkg}/quotes/${f}`)]);
    expect(quotes.status, quotes.stderr).toBe(0);
    expect(statSync(join(app, 'base.json')).isFile()).toBe(true);
  }, 300_000);
});
