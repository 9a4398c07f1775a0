/**
 * The what-if page (`aifinops report`) in a real headless Chromium, driven through the DevTools
 * protocol (test/helpers/cdp.ts): loaded from disk with the network blocked, its controls moved,
 * and the total it shows compared with `aifinops estimate --set … -f json` for the same values, to
 * the cent, for 20 seeded random settings. Skipped with a message when chromium is absent outside
 * CI; in CI (CI=true or AIFINOPS_REQUIRE_TOOLS=1) a missing chromium fails the test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, CHROMIUM } from '../helpers/cdp.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { toolsRequired } from '../helpers/tools.js';
import { Rng } from '../../src/core/rng.js';
import { money } from '../../src/render/format.js';
import { bundledScenarios, pageState, screenshot, setControl, type PageControl } from './page-driver.js';

const IN_CI = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
const AS_OF = '2026-11-23';
const SCENARIO = 'scenarios/rag-support-assistant.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'aifinops-report-'));
/**
 * Where the screenshots go: a temporary folder, or docs/images when `npm run docs:screens` asks
 * (AIFINOPS_WRITE_SCREENS=1), so a test run never overwrites the committed images.
 */
const SHOTS_DIR = process.env.AIFINOPS_WRITE_SCREENS === '1' ? join(ROOT, 'docs', 'images') : undefined;
let browser: Browser | undefined;
let skipped: string | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    if (IN_CI || toolsRequired('chromium')) throw new Error(`${CHROMIUM} not found: CI must run this test (.ci/run installs Debian's chromium package)`);
    skipped = `skipped: ${CHROMIUM} not found — install Debian's chromium (apt-get install chromium) or set AIFINOPS_CHROMIUM to run it`;
    process.stderr.write(`report/chromium.test.ts: ${skipped}\n`);
    return;
  }
  browser = await Browser.launch(1100, 900);
  await browser.send('Page.enable');
  await browser.send('Runtime.enable');
  await browser.send('Log.enable');
  await browser.send('Network.enable');
  await browser.send('Network.setBlockedURLs', { urls: ['*'] });
  await browser.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: 0, uploadThroughput: 0 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Errors the page reported: console.error/assert, uncaught exceptions, and error log entries. */
function pageErrors(b: Browser, since: number): string[] {
  return b.events.slice(since).flatMap((e) => {
    if (e.method === 'Runtime.exceptionThrown') return [JSON.stringify(e.params).slice(0, 400)];
    if (e.method === 'Runtime.consoleAPICalled' && ['error', 'assert', 'warning'].includes(String(e.params.type))) return [JSON.stringify(e.params.args).slice(0, 400)];
    if (e.method === 'Log.entryAdded' && ['error', 'warning'].includes(String((e.params.entry as { level: string }).level))) return [JSON.stringify(e.params.entry).slice(0, 400)];
    return [];
  });
}

/** Network requests other than the page file itself. */
function requests(b: Browser, since: number, page: string): string[] {
  return b.events.slice(since).filter((e) => e.method === 'Network.requestWillBeSent').map((e) => String((e.params.request as { url: string }).url)).filter((u) => u !== page);
}

async function open(b: Browser, file: string): Promise<number> {
  const since = b.events.length;
  const url = pathToFileURL(file).href;
  await b.send('Page.navigate', { url });
  await b.waitFor('Page.loadEventFired', since);
  for (let i = 0; i < 100 && !(await b.evaluate<boolean>("document.body.dataset.ready === 'true'")); i++) await new Promise((r) => setTimeout(r, 50));
  return since;
}

/** A random value a reader could type into the control. */
function pick(c: PageControl, r: () => number, shareLeft: number): number | string {
  if (c.kind === 'model') return c.options![Math.floor(r() * c.options!.length)]!;
  if (c.kind === 'share') return Math.floor(r() * shareLeft * 100) / 100;
  if (c.kind === 'rate') return Math.round(r() * 100) / 100;
  if (c.kind === 'steps') return 1 + Math.floor(r() * Math.min(c.sliderMax, 30));
  return Math.round(r() * c.sliderMax);
}

/** The total and the warnings of `aifinops estimate SCENARIO --as-of … ARGS -f json`. */
const cliEstimate = (args: string[]): { total: number; warnings: string[] } => {
  const r = runCli(['estimate', SCENARIO, '--as-of', AS_OF, ...args, '-f', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const s = (JSON.parse(r.stdout) as { scenarios: { total_monthly_cost: number; warnings: string[] }[] }).scenarios[0]!;
  return { total: s.total_monthly_cost, warnings: s.warnings };
};
const cliTotal = (args: string[]): number => cliEstimate(args).total;
const cents = (x: number) => Math.round(x * 100);

describe('aifinops report in headless Chromium', () => {
  it('shows the total aifinops estimate gives for the same --set values, to the cent, for 20 random settings; no console error, no request', async (ctx) => {
    if (!browser) return ctx.skip(skipped);
    const b = browser;
    const page = join(tmp, 'rag.html');
    const gen = runCli(['report', SCENARIO, '--as-of', AS_OF, '-o', page]);
    expect(gen.code, gen.stderr).toBe(0);
    const since = await open(b, page);

    // the starting view is the scenario itself
    const start = await pageState(b);
    expect(cents(start.total)).toBe(cents(cliTotal([])));
    expect(start.controls.length).toBeGreaterThan(10);

    // seeded (the Monte Carlo's own generator), so a failing setting can be replayed
    const stream = new Rng(20261123);
    const r = () => stream.nextDouble();
    for (let n = 0; n < 20; n++) {
      await b.evaluate("document.getElementById('reset').click()");
      const movable = start.controls.filter((c) => !c.derived);
      const chosen = new Set<PageControl>();
      while (chosen.size < 4) chosen.add(movable[Math.floor(r() * movable.length)]!);
      const set: string[] = [];
      const shares = new Map<string, number>();
      /** Models chosen for entries of a mix (control id → ref). */
      const swapped = new Map<string, string>();
      const isMixModel = (c: PageControl) => c.kind === 'model' && c.path.endsWith('.models');
      for (const c of chosen) {
        // the other non-derived shares of the same mix keep their values; the last takes the rest
        const others = start.controls.filter((o) => o.kind === 'share' && o.stage === c.stage && o !== c && !o.derived).reduce((a, o) => a + (shares.get(o.id) ?? Number(o.value)), 0);
        // a mix's model is swapped for one not already in that mix
        const inMix = new Set(start.controls.filter((o) => isMixModel(o) && o.stage === c.stage && o !== c).map((o) => swapped.get(o.id) ?? String(o.value)));
        const v = isMixModel(c) ? pick({ ...c, options: c.options!.filter((x) => !inMix.has(x)) }, r, 0) : pick(c, r, Math.max(0, 1 - others));
        // one control in each setting is moved with the keyboard on its slider, as a reader would
        const viaKeys = c.kind !== 'model' && c.kind !== 'share' && n % 2 === 0 && set.length === 0;
        const shown = await setControl(b, c, v, viaKeys);
        if (c.kind === 'share') shares.set(c.id, Number(shown));
        else if (isMixModel(c)) swapped.set(c.id, shown);
        else set.push(`${c.path}=${shown}`);
      }
      const stages = new Set(start.controls.filter((c) => shares.has(c.id) || swapped.has(c.id)).map((c) => c.stage));
      for (const stage of stages) {
        const mix = start.controls.filter((c) => c.kind === 'share' && c.stage === stage);
        const values: number[] = [];
        let rest = 1;
        for (const c of mix.filter((m) => !m.derived)) {
          const v = shares.get(c.id) ?? Number(c.value);
          rest -= v;
          values.push(v);
        }
        values.push(Number(rest.toPrecision(12)));
        const models = start.controls.filter((c) => isMixModel(c) && c.stage === stage);
        if (models.some((m) => swapped.has(m.id))) {
          // swapped models: the whole mix as one mapping of model to share, in the mix's order
          set.push(`${models[0]!.path}={${mix.map((sh, k) => `${swapped.get(models.find((m) => m.target.model === sh.target.model)!.id) ?? models.find((m) => m.target.model === sh.target.model)!.value}: ${values[k]}`).join(', ')}}`);
        } else mix.forEach((c, k) => set.push(`${c.path}=${values[k]}`));
      }
      const state = await pageState(b);
      if (process.env.AIFINOPS_REPORT_DEBUG) process.stderr.write(`setting ${n}: ${set.join(' ')} → ${state.shown}\n${state.command}\n`);
      const cli = cliEstimate(set.flatMap((s) => ['--set', s]));
      const expected = cli.total;
      // every warning the CLI gives for these values, and no other
      expect(new Set(state.warnings), `setting ${n}`).toEqual(new Set(cli.warnings));
      expect(cents(state.total), `setting ${n}: ${set.join(' ')}`).toBe(cents(expected));
      expect(state.shown, `setting ${n}`).toBe(`$${(cents(expected) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
      // "copy as --set flags" reproduces the view in the CLI
      const run = spawnSync('sh', ['-c', `${state.command.replace(/^aifinops /, `"${process.execPath}" "${BIN}" `)} -f json`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(run.status, run.stderr).toBe(0);
      expect(cents((JSON.parse(run.stdout) as { scenarios: { total_monthly_cost: number }[] }).scenarios[0]!.total_monthly_cost), state.command).toBe(cents(expected));
    }
    expect(pageErrors(b, since)).toEqual([]);
    expect(requests(b, since, pathToFileURL(page).href)).toEqual([]);
  }, 240_000);

  it('swaps the models of a mix written as a list: the total shown is what `aifinops estimate` gives for the whole list set with --set, and for the page’s own flags', async (ctx) => {
    if (!browser) return ctx.skip(skipped);
    const b = browser;
    const file = 'test/report/fixtures/list-mix.yaml';
    const page = join(tmp, 'list-mix.html');
    expect(runCli(['report', file, '--as-of', AS_OF, '-o', page]).code).toBe(0);
    const since = await open(b, page);
    const start = await pageState(b);
    const triage = start.controls.filter((c) => c.kind === 'model' && c.path === 'pipeline.triage.models');
    const answer = start.controls.filter((c) => c.kind === 'model' && c.path === 'pipeline.answer.models');
    expect([triage.length, answer.length]).toEqual([2, 3]);
    // exchange the triage mix's two models (one stays chosen twice until the other is changed), and swap the answer mix's second
    const [a, b2] = triage;
    await setControl(b, a!, String(b2!.value));
    await setControl(b, b2!, String(a!.value));
    const next = answer[1]!.options!.find((o) => !answer.some((m) => m.value === o))!;
    await setControl(b, answer[1]!, next);
    const state = await pageState(b);
    const cli = runCli(['estimate', file, '--as-of', AS_OF, '-f', 'json',
      '--set', `pipeline.triage.models=[{id: ${b2!.value}, share: 0.7}, {id: ${a!.value}, share: 0.3}]`,
      '--set', `pipeline.answer.models=[{id: ${answer[0]!.value}, share: 0.6, output: 200}, {id: ${next}, share: 0.3, output: 450}, {id: ${answer[2]!.value}, share: 0.1}]`]);
    expect(cli.code, cli.stderr).toBe(0);
    const expected = (JSON.parse(cli.stdout) as { scenarios: { total_monthly_cost: number }[] }).scenarios[0]!.total_monthly_cost;
    expect(cents(state.total)).toBe(cents(expected));
    expect(cents(state.total)).not.toBe(cents(start.total));
    const run = spawnSync('sh', ['-c', `${state.command.replace(/^aifinops /, `"${process.execPath}" "${BIN}" `)} -f json`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status, run.stderr).toBe(0);
    expect(cents((JSON.parse(run.stdout) as { scenarios: { total_monthly_cost: number }[] }).scenarios[0]!.total_monthly_cost), state.command).toBe(cents(expected));
    expect(pageErrors(b, since)).toEqual([]);
    expect(requests(b, since, pathToFileURL(page).href)).toEqual([]);
  }, 120_000);

  it('resets, starts from a variant, charts the control moved, ranks the levers as `aifinops levers` does, follows the dark theme and prints without controls', async (ctx) => {
    if (!browser) return ctx.skip(skipped);
    const b = browser;
    const page = join(tmp, 'rag-behaviours.html');
    expect(runCli(['report', SCENARIO, '--as-of', AS_OF, '-o', page]).code).toBe(0);
    const since = await open(b, page);
    const start = await pageState(b);
    const rpd = start.controls.find((c) => c.path === 'traffic.requests_per_day')!;
    const cache = start.controls.find((c) => c.path === 'pipeline.answer.cache.hit_rate')!;

    // the chart follows the control last moved: 41 points across its slider's range, the value marked
    await setControl(b, cache, 0.2);
    const chart = await b.evaluate<{ title: string; points: number; now: number; budget: number }>(`({
      title: document.getElementById('chart-title').textContent,
      points: document.querySelector('#chart polyline.curve').getAttribute('points').trim().split(' ').length,
      now: document.querySelectorAll('#chart circle.now').length,
      budget: document.querySelectorAll('#chart line.budget').length,
    })`);
    expect(chart).toEqual({ title: 'Monthly cost against Stage answer: Prompt-cache hit rate (share 0–1)', points: 41, now: 1, budget: 1 });
    // the budget status is the CLI's
    await setControl(b, rpd, 30000);
    const cli = JSON.parse(runCli(['estimate', SCENARIO, '--as-of', AS_OF, '--set', 'pipeline.answer.cache.hit_rate=0.2', '--set', 'traffic.requests_per_day=30000', '-f', 'json']).stdout) as { scenarios: { budget: { status: string } }[] };
    expect(await b.evaluate<string>("document.getElementById('budget').className")).toBe(`budget ${cli.scenarios[0]!.budget.status}`);
    expect(cli.scenarios[0]!.budget.status).toBe('over');

    // "Copy as --set flags" copies the command line, or selects it where the browser refuses a file the clipboard
    await b.evaluate("document.getElementById('copy').click()");
    await new Promise((r) => setTimeout(r, 200));
    expect(await b.evaluate<string>("document.getElementById('status').textContent")).toMatch(/^(Copied the command line\.|Selected the command line)/);

    // Reset returns every control and the total to the scenario
    await b.evaluate("document.getElementById('reset').click()");
    const reset = await pageState(b);
    expect(reset.total).toBe(start.total);
    expect(reset.command).toBe(`aifinops estimate ${SCENARIO} --as-of ${AS_OF}`);
    expect(await b.evaluate<string>(`document.getElementById(${JSON.stringify(rpd.id)}).value`)).toBe(String(rpd.value));

    // a value out of the schema's range is marked and not used; shares over 100% are refused, not rescaled
    await setControl(b, rpd, -5);
    expect(await b.evaluate<string | null>(`document.getElementById(${JSON.stringify(rpd.id)}).getAttribute('aria-invalid')`)).toBe('true');
    expect(await b.evaluate<string>("document.getElementById('status').textContent")).toBe('Requests a day: expected a number from 0 to 1000000000000');
    expect((await pageState(b)).total).toBe(start.total);
    const [haiku, sonnet] = start.controls.filter((c) => c.kind === 'share' && !c.derived);
    await setControl(b, haiku!, 0.9);
    await setControl(b, sonnet!, 0.2);
    expect(await b.evaluate<string>("document.getElementById('status').textContent")).toMatch(/add up to more than 100%/);
    await b.evaluate("document.getElementById('reset').click()");

    // the levers, ranked by saving alone, are those `aifinops levers` prices, with the same savings
    const levers = JSON.parse(runCli(['levers', SCENARIO, '--as-of', AS_OF, '-f', 'json']).stdout) as { scenario: { currency: string }; levers: { title: string; status: string; alone: { saving: number } | null }[] };
    const expected = levers.levers.filter((l) => l.status === 'priced').sort((x, y) => y.alone!.saving - x.alone!.saving).map((l) => [l.title, `$${l.alone!.saving.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`]);
    const shown = await b.evaluate<string[][]>("Array.from(document.querySelectorAll('#levers tbody tr')).map((tr) => [tr.cells[0].textContent, tr.cells[2].textContent])");
    expect(expected.length).toBeGreaterThan(1);
    expect(shown).toEqual(expected);

    // starting from a variant shows the variant's total, and the command line names it
    await b.evaluate("(() => { const v = document.getElementById('view'); v.value = '1'; v.dispatchEvent(new Event('change')); })()");
    const optimized = await pageState(b);
    const cliOptimized = JSON.parse(runCli(['estimate', SCENARIO, '--as-of', AS_OF, '--variant', 'optimized', '-f', 'json']).stdout) as { scenarios: { total_monthly_cost: number }[] };
    expect(cents(optimized.total)).toBe(cents(cliOptimized.scenarios[0]!.total_monthly_cost));
    expect(optimized.command).toBe(`aifinops estimate ${SCENARIO} --as-of ${AS_OF} --variant optimized`);
    expect(await b.evaluate<number>("document.querySelectorAll('#variants tbody tr').length")).toBe(4);

    // every form control has a label or an accessible name
    const unlabelled = await b.evaluate<string[]>("Array.from(document.querySelectorAll('input, select')).filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map((e) => e.id)");
    expect(unlabelled).toEqual([]);
    // a focused slider shows its focus ring
    await b.evaluate(`document.getElementById(${JSON.stringify(`${rpd.id}-range`)}).focus()`);
    await b.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 });
    await b.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 });
    expect(await b.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');

    // the dark theme follows the system; print hides sliders and buttons
    const bg = () => b.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await b.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    expect(await bg()).toBe('rgb(13, 17, 23)');
    await b.send('Emulation.setEmulatedMedia', { media: 'print', features: [] });
    // (no box: the element is not rendered)
    expect(await b.evaluate<number[]>("[document.querySelector('input[type=range]'), document.getElementById('reset'), document.getElementById('copy'), document.getElementById('total')].map((e) => e.getClientRects().length)")).toEqual([0, 0, 0, 1]);
    await b.send('Emulation.setEmulatedMedia', { media: '', features: [] });

    expect(pageErrors(b, since)).toEqual([]);
    expect(requests(b, since, pathToFileURL(page).href)).toEqual([]);
  }, 120_000);

  it('renders every bundled example without an error and takes a non-empty PNG screenshot of each', async (ctx) => {
    if (!browser) return ctx.skip(skipped);
    const b = browser;
    let warned = 0;
    let uncertain = 0;
    for (const scenario of bundledScenarios()) {
      const page = join(tmp, `${scenario.replace(/\W+/g, '_')}.html`);
      const gen = runCli(['report', scenario, '--as-of', AS_OF, '-o', page]);
      expect(gen.code, gen.stderr).toBe(0);
      const since = await open(b, page);
      const state = await pageState(b);
      expect(state.shown, scenario).toMatch(/^\$[\d,]+\.\d\d$/);
      const cli = cliEstimateOf(scenario);
      expect(cents(state.total), scenario).toBe(cents(cli.total));
      expect(new Set(state.warnings), scenario).toEqual(new Set(cli.warnings));
      warned += cli.warnings.length > 0 ? 1 : 0;
      // the budget status is the CLI's; where the CLI judges it at a percentile, the page says so and gives the CLI's figure
      const shownBudget = await b.evaluate<{ budget: string; note: string | null }>("({ budget: document.getElementById('budget').className, note: document.getElementById('uncertainty').hidden ? null : document.getElementById('uncertainty').textContent })");
      if (cli.budget === null) expect(shownBudget.budget, scenario).toBe('budget none');
      else if (cli.uncertaintyBudget?.at) {
        uncertain++;
        expect(shownBudget.note, scenario).toContain(`judges the budget at ${cli.uncertaintyBudget.at.toUpperCase()}: ${cli.uncertaintyBudget.status}`);
        expect(shownBudget.note, scenario).toContain(`${cli.uncertaintyBudget.at.toUpperCase()} ${money(cli.uncertaintyBudget.judged_cost, 'USD')}`);
      } else expect(shownBudget.budget, scenario).toBe(`budget ${cli.budget.status}`);
      const png = await screenshot(b, SHOTS_DIR ?? join(tmp, 'shots'), scenario);
      const bytes = readFileSync(png);
      expect(bytes.length, scenario).toBeGreaterThan(5000);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(pageErrors(b, since), scenario).toEqual([]);
      expect(requests(b, since, pathToFileURL(page).href), scenario).toEqual([]);
    }
    // some examples do warn, so the comparison of warnings above compared something
    expect(warned).toBeGreaterThan(0);
    expect(uncertain).toBeGreaterThan(0);
  }, 240_000);
});

interface CliBudget {
  status: string;
  at?: string | null;
  judged_cost: number;
}
function cliEstimateOf(scenario: string): { total: number; warnings: string[]; budget: CliBudget | null; uncertaintyBudget: CliBudget | null } {
  const r = runCli(['estimate', scenario, '--as-of', AS_OF, '-f', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const s = (JSON.parse(r.stdout) as { scenarios: { total_monthly_cost: number; warnings: string[]; budget: CliBudget | null; uncertainty: { budget: CliBudget | null } | null }[] }).scenarios[0]!;
  return { total: s.total_monthly_cost, warnings: s.warnings, budget: s.budget, uncertaintyBudget: s.uncertainty?.budget ?? null };
}
