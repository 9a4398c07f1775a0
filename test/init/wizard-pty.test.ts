/**
 * `aifinops init` on a real terminal (tmux): a person answers the questions, and the file that
 * comes out loads, holds their answers, and the running estimate was shown along the way.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { loadScenario } from '../../src/load/scenario.js';
import { BIN } from '../helpers/cli.js';
import { ACME_FILE, acme } from '../helpers/scenario.js';
import { toolsRequired } from '../helpers/tools.js';
import { hasTmux, TmuxSession } from './tmux.js';

const TRACE = fileURLToPath(new URL('./trace-imports.mjs', import.meta.url));
if (!hasTmux && toolsRequired('tmux')) throw new Error('tmux is required for the init wizard tests (AIFINOPS_REQUIRE_TOOLS=1 or AIFINOPS_REQUIRE_TMUX=1, as .ci/run sets them) but is not installed');

describe.skipIf(!hasTmux)('aifinops init on a terminal', () => {
  let dir: string;
  let session: TmuxSession | undefined;
  const start = (args: string) => {
    session = new TmuxSession(`NO_COLOR=1 TZ=UTC ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} init --pricing ../pricing/acme.yaml ${args}`, { cwd: dir });
    return session;
  };
  beforeEach(() => {
    // catalogues stay inside the scenario's repository (docs/security.md): the work folder is
    // inside a repository (a folder with .git) that holds the catalogue
    const repo = mkdtempSync(join(tmpdir(), 'aifinops-init-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'pricing'));
    copyFileSync(ACME_FILE, join(repo, 'pricing', 'acme.yaml'));
    dir = join(repo, 'work');
    mkdirSync(dir);
  });
  afterEach(() => {
    session?.kill();
    session = undefined;
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  it('walks a person through a RAG assistant with a tier mix, a prompt file, outcomes and a budget', async () => {
    mkdirSync(join(dir, 'prompts'));
    writeFileSync(join(dir, 'prompts', 'system.md'), 'You answer questions about the help centre. Quote the article you used.\n'.repeat(20));
    const t = start('');
    await t.waitForQuestion('What does the feature do?');
    expect(t.screen()).toContain('Enter accepts the suggested answer');
    t.press('Down'); // Chatbot → RAG assistant
    t.press('Enter');
    await t.answer('Name', 'Help centre answers');
    await t.waitForQuestion('How do you know the traffic?');
    t.press('Down'); // per day → per month
    t.press('Enter');
    await t.answer('Questions per month', '90000');
    await t.answer('Users', '1200');
    await t.waitForQuestion('Which model answers?');
    t.type('acme-large'); // search
    await t.waitFor(/❯ acme\/acme-large\s+in \$10\.00 · out \$40\.00/);
    t.press('Enter');
    await t.answer('Add a second model to the mix?', 'y');
    await t.waitForQuestion('Second model');
    t.type('acme-small');
    await t.waitFor(/❯ acme\/acme-small/);
    t.press('Enter');
    await t.answer('Share of calls for acme/acme-small (%)', '75');
    // a prompt file instead of a number: a wrong path first, as people do
    await t.answer('System tokens', 'prompt/system.md');
    await t.waitFor('not a number of tokens, and there is no file prompt/system.md');
    t.press('C-u');
    t.type('prompts/system.md');
    t.press('Enter');
    await t.answer('Context tokens', '6000');
    await t.answer('User tokens', null); // keep the suggestion
    await t.answer('Output tokens', '400');
    await t.answer('Reasoning tokens per call', '0');
    // both acme models price audio tokens, so the wizard asks for them (fees beyond text tokens); none here
    await t.answer('Audio input tokens per call', null);
    await t.answer('Audio output tokens per call', null);
    await t.answer('Use prompt caching?', null);
    await t.answer('Cache hit rate (%)', '50');
    await t.answer('Share of calls sent through the batch API (%)', '10');
    await t.answer('Share of attempts that fail and are retried (%)', '3');
    await t.answer('Other monthly costs (USD)', '450');
    await t.answer('Track cost per outcome?', null);
    await t.answer('What is one outcome called?', 'answer accepted');
    await t.answer("Share of questions that end in one (%)", '60');
    await t.answer('Value of one outcome', '2.5');
    await t.answer('Monthly budget (USD)', '5000');
    await t.answer('File', 'help.yaml');
    expect(await t.exitCode()).toBe(0);
    const screen = t.screen();

    // the running estimate was shown as the answers came in, and changed with them
    const estimates = [...screen.matchAll(/≈ (\$[\d,.]+) \/ month/g)].map((m) => m[1]);
    expect(estimates.length).toBeGreaterThanOrEqual(8);
    expect(new Set(estimates).size).toBeGreaterThanOrEqual(6);

    const file = join(dir, 'help.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/scenario\.schema\.json$/);
    const s = loadScenario(file, { bundled: [acme] });
    expect(s.name).toBe('Help centre answers');
    expect(s.traffic.requestsPerMonth).toBe(90000);
    expect(s.traffic.users).toBe(1200);
    const stage = s.stages[0]!;
    expect(stage.models.map((m) => [m.model.ref, m.share])).toEqual([
      ['acme/acme-large', 0.25],
      ['acme/acme-small', 0.75],
    ]);
    expect(text).toMatch(/^ {6}system: \{file: prompts\/system\.md\} # the system prompt \(instructions\), counted from the file$/m);
    expect(stage.input).toMatchObject({ context: 6000, user: 150 });
    expect(stage.input.system).toBeGreaterThan(100); // counted from the file
    expect(stage.input.system).toBeLessThan(1000);
    expect(stage.output).toBe(400);
    expect(stage.cache?.hitRate).toBeCloseTo(0.5, 12);
    expect(stage.batchShare).toBeCloseTo(0.1, 12);
    expect(stage.retryRate).toBeCloseTo(0.03, 12);
    expect(s.outcomes).toMatchObject({ name: 'answer accepted', value: 2.5 });
    expect(s.outcomes?.perRequest).toBeCloseTo(0.6, 12);
    expect(s.budget?.monthly).toBe(5000);
    expect(s.lineItems).toEqual([{ kind: 'monthly', name: 'vector database', category: 'retrieval', monthly: 450 }]);

    // the last estimate on screen is the estimate of the file written
    const total = estimateScenario(s).total_monthly_cost;
    const shown = `$${total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(estimates.at(-1)).toBe(shown);
    expect(screen).toContain(`wrote help.yaml (Help centre answers)\n  ≈ ${shown} / month`);
  });

  it('asks for another name when the file exists, and leaves the existing file alone', async () => {
    writeFileSync(join(dir, 'taken.yaml'), 'keep me\n');
    const t = start('--type batch');
    await t.answer('What does the feature do?', null); // batch preselected by --type
    await t.answer('Name', null);
    for (const q of ['How do you know the traffic?', 'Documents per month', 'Users']) await t.answer(q, null);
    await t.waitForQuestion('Which model answers?');
    t.type('acme-small');
    await t.waitFor(/❯ acme\/acme-small/);
    t.press('Enter');
    await t.answer('Add a second model to the mix?', null);
    for (const q of ['System tokens', 'Context tokens', 'Output tokens', 'Audio input tokens per call', 'Audio output tokens per call', 'Use prompt caching?', 'Share of calls sent through the batch API', 'Share of attempts', 'Other monthly costs', 'Track cost per outcome?', 'Monthly budget']) {
      await t.answer(q, null);
    }
    await t.answer('File', 'taken.yaml');
    await t.waitFor('taken.yaml already exists');
    t.press('C-u');
    t.type('nightly.yaml');
    t.press('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe('keep me\n');
    const s = loadScenario(join(dir, 'nightly.yaml'), { bundled: [acme] });
    expect(s.stages[0]!.batchShare).toBe(1);
    expect(s.traffic.requestsPerMonth).toBe(300000);
  });

  it('Ctrl+C quits without writing anything', async () => {
    const t = start('out.yaml');
    await t.answer('What does the feature do?', null);
    await t.waitForQuestion('Name');
    t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toContain('cancelled — nothing was written');
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
  });

  it('loads the prompt library (which no other command loads, see init-cli.test.ts)', async () => {
    const trace = join(dir, 'trace.log');
    session = new TmuxSession(`NO_COLOR=1 NODE_OPTIONS=--import=${JSON.stringify(TRACE)} ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} init --pricing ../pricing/acme.yaml 2>${JSON.stringify(trace)}`, { cwd: dir });
    await session.waitForQuestion('What does the feature do?');
    session.press('C-c');
    expect(await session.exitCode()).toBe(130);
    expect(readFileSync(trace, 'utf8')).toMatch(/LOADED file:\/\/\S*\/node_modules\/@inquirer\//);
  });

  it('refuses to start when the named file exists, before asking anything', async () => {
    writeFileSync(join(dir, 'mine.yaml'), 'keep me\n');
    const t = start('mine.yaml');
    expect(await t.exitCode()).toBe(2);
    expect(t.screen()).toContain('mine.yaml: already exists; nothing was written — pass --force to overwrite it');
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('keep me\n');
  });
});
