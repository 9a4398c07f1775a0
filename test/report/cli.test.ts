/** `aifinops report` through the real bin: the page file, its size budget, its data, and the safe output writer. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportPayload } from '../../src/report/payload.js';
import { PAGE_BUDGET_BYTES } from '../../src/report/render.js';
import { runCli } from '../helpers/cli.js';
import { inPty } from '../helpers/pty.js';
import { bundledScenarios } from './page-driver.js';

const AS_OF = '2026-11-23';
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-report-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const data = (html: string) => JSON.parse(/<script type="application\/json" id="aifinops-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as ReportPayload;

describe('aifinops report', () => {
  it('inlines a browser engine that uses nothing of Node (scripts/build.mjs fails the build on a Node import)', () => {
    const engine = readFileSync('dist/report-engine.js', 'utf8');
    expect(engine).not.toMatch(/\brequire\(|["']node:|\bprocess\.|\bBuffer\b/);
    // ASCII only, so the page's encoding cannot change the code
    expect(engine).toMatch(/^[\x00-\x7f]*$/);
    const page = runCli(['report', 'scenarios/coding-agent.yaml', '--as-of', AS_OF]).stdout;
    expect(page).toContain(`<script>${engine}</script>`);
  });

  it(`writes a page of at most ${PAGE_BUDGET_BYTES / 1024} KB for every bundled example`, () => {
    const sizes: Record<string, number> = {};
    for (const s of bundledScenarios()) {
      const out = join(tmp, 'page.html');
      const r = runCli(['report', s, '--as-of', AS_OF, '-o', out]);
      expect(r.code, `${s}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe('');
      sizes[s] = statSync(out).size;
      expect(sizes[s], s).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
      expect(readFileSync(out, 'utf8').startsWith('<!DOCTYPE html>')).toBe(true);
    }
    // the budget is 400 KB; the largest bundled example is far below it (docs/report.md)
    expect(Math.max(...Object.values(sizes))).toBeLessThan(PAGE_BUDGET_BYTES / 2);
  });

  it('embeds the scenario as estimate loads it, each variant, and the catalogue entries of its providers', () => {
    const out = join(tmp, 'rag.html');
    expect(runCli(['report', 'scenarios/rag-support-assistant.yaml', '--as-of', AS_OF, '--set', 'traffic.requests_per_day=20000', '-o', out]).code).toBe(0);
    const d = data(readFileSync(out, 'utf8'));
    expect(d.priced_as_of).toBe(AS_OF);
    expect(d.views.map((v) => v.variant)).toEqual([null, 'optimized', 'peak-season']);
    expect(d.views[0]!.scenario.traffic.requestsPerDay).toBe(20000);
    expect(d.command).toBe('aifinops estimate scenarios/rag-support-assistant.yaml --as-of 2026-11-23 --set traffic.requests_per_day=20000');
    const est = runCli(['estimate', 'scenarios/rag-support-assistant.yaml', '--as-of', AS_OF, '--set', 'traffic.requests_per_day=20000', '-f', 'json']);
    const json = JSON.parse(est.stdout) as { scenarios: { warnings: string[]; stages: { models: { model: string }[] }[] }[] };
    const providers = new Set(json.scenarios[0]!.stages.flatMap((st) => st.models.map((m) => m.model.split('/')[0])));
    expect(new Set(d.catalogues.map((c) => c.catalogue.provider))).toEqual(providers);
    for (const st of json.scenarios[0]!.stages) for (const m of st.models) {
      const [provider, id] = m.model.split('/') as [string, string];
      expect(d.catalogues.some((c) => c.catalogue.provider === provider && id in c.catalogue.models), m.model).toBe(true);
    }
  });

  it('the command line the page reproduces keeps --max-price-age and --pricing, quoted for a shell', () => {
    const out = join(tmp, 'age.html');
    const r = runCli(['report', 'scenarios/coding-agent.yaml', '--as-of', AS_OF, '--max-price-age', '30', '--pricing', 'pricing/openai.yaml', '--set', 'traffic.users=500', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(data(readFileSync(out, 'utf8')).command).toBe(`aifinops estimate scenarios/coding-agent.yaml --as-of ${AS_OF} --max-price-age 30 --pricing pricing/openai.yaml --set traffic.users=500`);
  });

  it('--variant starts the page from that variant', () => {
    const out = join(tmp, 'peak.html');
    expect(runCli(['report', 'scenarios/rag-support-assistant.yaml', '--as-of', AS_OF, '--variant', 'peak-season', '-o', out]).code).toBe(0);
    expect(data(readFileSync(out, 'utf8')).views.map((v) => v.variant)).toEqual(['peak-season', null, 'optimized']);
  });

  it('writes the page to standard output when it is not a terminal', () => {
    const r = runCli(['report', 'scenarios/coding-agent.yaml', '--as-of', AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('refuses to print the page on a terminal (exit 2, one line saying to name a file), and prints nothing else', () => {
    const r = inPty(['report', 'scenarios/coding-agent.yaml', '--as-of', AS_OF], 100);
    expect(r.code).toBe(2);
    expect(r.stdout.trim()).toBe('aifinops: error: report: the page is HTML and standard output is a terminal — name a file: aifinops report scenarios/coding-agent.yaml -o cost.html (or redirect: > cost.html)');
  });

  it('never overwrites its own input (exit 2, the scenario unchanged, nothing else written)', () => {
    const scenario = join(tmp, 'mine.yaml');
    copyFileSync('scenarios/coding-agent.yaml', scenario);
    const before = readFileSync(scenario, 'utf8');
    const r = runCli(['report', scenario, '--as-of', AS_OF, '-o', scenario]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine\.yaml/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(scenario, 'utf8')).toBe(before);
  });

  it('a bad --set is one clear error naming the path (exit 2), and no page is written', () => {
    const out = join(tmp, 'bad.html');
    const r = runCli(['report', 'scenarios/coding-agent.yaml', '--set', 'pipeline.plann.output=3', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipeline\.plann/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => statSync(out)).toThrow();
  });

  it('help gives examples, where they write, and the docs page', () => {
    const h = runCli(['report', '--help']).stdout;
    expect(h).toContain('$ aifinops report scenarios/rag-support-assistant.yaml -o cost.html');
    expect(h).toContain('docs/report.md');
    expect(h).toContain('--set <path=value>');
    expect(h).toContain('--as-of');
  });

  it('a hostile scenario name ends up escaped in the page', () => {
    const file = join(tmp, 'evil.yaml');
    writeFileSync(file, readFileSync('scenarios/coding-agent.yaml', 'utf8').replace(/^name: .*$/m, 'name: "</script><script>alert(1)</script>\\u2028"'));
    const out = join(tmp, 'evil.html');
    const r = runCli(['report', file, '--as-of', AS_OF, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<script/g)).toHaveLength(2);
    // U+2028 ends a line in JavaScript: the data block carries it escaped (in HTML text it is harmless)
    expect(/id="aifinops-data">([\s\S]*?)<\/script>/.exec(html)![1]).not.toMatch(/\u2028/);
    expect(data(html).views[0]!.scenario.name).toBe('</script><script>alert(1)</script>\u2028');
  });
});
