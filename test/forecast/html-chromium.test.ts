/**
 * The forecast's HTML report in a real headless browser (Debian's chromium, installed by .ci/run).
 * A copy of the report gets a probe script that measures the laid-out SVG charts and lists every
 * resource the page loaded; Chromium runs it and dumps the DOM. Skipped with a message when
 * chromium is absent outside CI; in CI (CI=true) a missing chromium fails the test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { toolsRequired } from '../helpers/tools.js';

const CHROMIUM = process.env.AIFINOPS_CHROMIUM ?? '/usr/bin/chromium';
const IN_CI = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PROBE = `<script>
(() => {
  const all = (s) => Array.from(document.querySelectorAll(s));
  const size = (el) => { const b = el.getBBox(); return { w: Math.round(b.width), h: Math.round(b.height) }; };
  const band = document.querySelector('path.band');
  const probe = {
    charts: all('svg.chart').length,
    svgNamespace: all('svg.chart').every((s) => s.namespaceURI === 'http://www.w3.org/2000/svg'),
    bands: all('path.band').map(size),
    medians: all('polyline.mid').map(size),
    dots: all('circle.dot').length,
    budgetLines: all('line.budget').length,
    bars: all('rect.bar').map((r) => Math.round(r.getBBox().height)),
    bandFill: band ? getComputedStyle(band).fill : null,
    chartWidth: Math.round(document.querySelector('svg.chart').getBoundingClientRect().width),
    tableRows: all('table tbody tr').length,
    resources: performance.getEntriesByType('resource').map((r) => r.name),
    title: document.title,
  };
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(probe);
  document.body.appendChild(pre);
})();
</script>`;

function chromium(url: string, profile: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--window-size=1000,1400',
      '--dump-dom',
      url,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 32 * 1024 * 1024 },
  );
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

describe('aifinops forecast --format html in headless Chromium', () => {
  it('lays out three SVG charts with the report’s styles and loads nothing', (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (IN_CI || toolsRequired('chromium')) throw new Error(`${CHROMIUM} not found: CI must run this test (.ci/run installs Debian's chromium package)`);
      const note = `skipped: ${CHROMIUM} not found — install Debian's chromium (apt-get install chromium) or set AIFINOPS_CHROMIUM to run it`;
      process.stderr.write(`html-chromium.test.ts: ${note}\n`);
      ctx.skip(note);
    }
    const report = join(tmp, 'report.html');
    const r = runCli(['forecast', 'test/fixtures/forecast-four-stage/scenario.yaml', '--samples', '2000', '-f', 'html', '-o', report]);
    expect(r.code).toBe(0);
    const html = readFileSync(report, 'utf8');
    // the copy may run the probe; the report itself allows no script at all
    expect(html).toContain("default-src 'none';");
    const probed = html.replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';").replace('</body>', `${PROBE}\n</body>`);
    const copy = join(tmp, 'probed.html');
    writeFileSync(copy, probed);

    const run = chromium(pathToFileURL(copy).href, join(tmp, 'profile'));
    expect(run.code, run.stderr).toBe(0);
    const m = /<pre id="probe">(.*?)<\/pre>/s.exec(run.stdout);
    expect(m, `no probe output in the dumped DOM; chromium said:\n${run.stderr.slice(-2000)}`).not.toBeNull();
    const probe = JSON.parse(m![1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')) as {
      charts: number; svgNamespace: boolean; bands: { w: number; h: number }[]; medians: { w: number; h: number }[];
      dots: number; budgetLines: number; bars: number[]; bandFill: string; chartWidth: number; tableRows: number; resources: string[]; title: string;
    };
    expect(probe.title).toBe('Forecast — Four-stage assistant (uncertain)');
    expect(probe.charts).toBe(3);
    expect(probe.svgNamespace).toBe(true);
    expect(probe.chartWidth).toBeGreaterThan(600);
    // the P10–P90 bands of the monthly and the cumulative chart span all 12 months and widen with growth
    expect(probe.bands).toHaveLength(2);
    for (const b of probe.bands) {
      expect(b.w).toBeGreaterThan(700);
      expect(b.h).toBeGreaterThan(40);
    }
    expect(probe.medians).toHaveLength(2);
    expect(probe.dots).toBe(24);
    expect(probe.budgetLines).toBeGreaterThanOrEqual(1);
    // the chance of going over budget rises month by month: bars grow
    expect(probe.bars).toHaveLength(12);
    expect(probe.bars[11]!).toBeGreaterThan(probe.bars[0]!);
    // the inline stylesheet applied (band colour from the report's CSS)
    expect(probe.bandFill).toBe('rgb(159, 197, 248)');
    expect(probe.tableRows).toBe(12 + 13);
    expect(probe.resources).toEqual([]);
  });
});
