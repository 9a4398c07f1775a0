/**
 * Tables fit the terminal (docs/terminal.md), through the real bin: AIFINOPS_TTY_COLUMNS makes
 * stdout count as a terminal of that width; one test runs in a real pseudo-terminal (`script`).
 * A pipe, a file and --wide keep today's full table.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/render/grid.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { inPty } from '../helpers/pty.js';

const QUOTES = ['quotes/anthropic-term-commit.yaml', 'quotes/google-pay-as-you-go.yaml', 'quotes/openai-monthly-commit.yaml'];
/** Every command that prints a table, on the bundled examples. */
const TABLE_COMMANDS: Record<string, string[]> = {
  estimate: ['estimate', 'scenarios/rag-support-assistant.yaml'],
  'estimate (several, --group-by, uncertainty, --explain)': ['estimate', 'scenarios/rag-support-uncertain.yaml', 'scenarios/coding-agent.yaml', '--group-by', 'team', '--explain'],
  whatif: ['whatif', 'scenarios/support-unoptimised.yaml', '--set', 'pipeline.answer.input.context=3000'],
  compare: ['compare', 'scenarios/rag-support-assistant.yaml', '--variants', 'all'],
  sweep: ['sweep', 'scenarios/coding-agent.yaml', '--param', 'pipeline.execute.agent_steps', '--range', '4:24:10', '--budget', '30000'],
  levers: ['levers', 'scenarios/support-unoptimised.yaml'],
  sensitivity: ['sensitivity', 'scenarios/rag-support-assistant.yaml'],
  diff: ['diff', 'scenarios/rag-support-assistant.yaml', 'scenarios/coding-agent.yaml', '--base', 'HEAD'],
  breakeven: ['breakeven', 'scenarios/self-hosting-triage.yaml', '-d', 'llama-3.1-8b-fp8-h100-trtllm', '--replaces', 'triage', '--operations', '12000'],
  seats: ['seats', 'scenarios/coding-agent-seats.yaml', '--plan', 'github-copilot-business', '--plan', 'claude-team-premium'],
  'seats --list': ['seats', '--list'],
  quotes: ['quotes', 'scenarios/procurement-contract-review.yaml', ...QUOTES, '--growth', '4%/month'],
  forecast: ['forecast', 'scenarios/coding-agent-growth.yaml'],
  tokens: ['tokens', 'scenarios/prompts/*', '--model', 'gpt-5.4-mini', '--model', 'claude-haiku-4-5'],
  'pricing list': ['pricing', 'list'],
  'pricing show': ['pricing', 'show', 'claude-sonnet-4-5'],
  'pricing diff': ['pricing', 'diff'],
  validate: ['validate', 'scenarios/', 'quotes/'],
};

const widest = (text: string) => Math.max(0, ...text.split('\n').map(textWidth));
const at = (args: string[], width: number) => runCli(args, { env: { AIFINOPS_TTY_COLUMNS: String(width) } });

describe('every table command fits the terminal', () => {
  for (const [name, args] of Object.entries(TABLE_COMMANDS)) {
    it(`${name}: every line within 60, 80, 100 and 120 columns; a pipe and --wide give the full table`, () => {
      const piped = runCli(args);
      expect(piped.stderr).not.toMatch(/internal error/);
      const wide = at([...args, '--wide'], 60);
      expect(wide.stdout).toBe(piped.stdout);
      for (const width of [60, 80, 100, 120]) {
        const r = at(args, width);
        expect(r.code).toBe(piped.code);
        expect(widest(r.stdout), `${name} at ${width}`).toBeLessThanOrEqual(width);
        // what fits already is not touched
        if (widest(piped.stdout) <= width) expect(r.stdout).toBe(piped.stdout);
      }
    });
  }

  it('pricing list at 40 columns: the footnote on dated prices wraps too (it is 49 characters on one line)', () => {
    const r = at(['pricing', 'list'], 40);
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(40);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('* price change after 2026-11-23: see pricing show');
  });

  it('property: any table command at any width from 40 to 160 fits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(TABLE_COMMANDS)), fc.integer({ min: 40, max: 160 }), (args, width) => {
        expect(widest(at(args, width).stdout)).toBeLessThanOrEqual(width);
      }),
      { numRuns: 8 },
    );
  });

  it('today\'s tables are wider than a terminal: the fitting is needed (estimate 129+, levers, quotes, seats)', () => {
    for (const name of ['estimate', 'levers', 'quotes', 'seats']) expect(widest(runCli(TABLE_COMMANDS[name]!).stdout)).toBeGreaterThan(120);
  });

  it('a pipe and a file keep the full table: the golden output of the bundled example, byte for byte', () => {
    const golden = readFileSync(`${ROOT}/test/fixtures/examples/rag-support-assistant.txt`, 'utf8');
    expect(runCli(TABLE_COMMANDS.estimate!, { env: { COLUMNS: '80' } }).stdout).toBe(golden);
    expect(at([...TABLE_COMMANDS.estimate!, '--wide'], 80).stdout).toBe(golden);
  });

  it('an 80-column estimate, checked by hand: prefixes dropped, then reasoning, cache writes, cache reads and calls left out', () => {
    // Full width, without "anthropic/" and "openai/": Stage 15, Model 17 (claude-sonnet-4-6),
    // Share 5, Calls/mo 8, Input 5, Cache read 10, Cache write 11, Output 6, Reasoning 9,
    // Monthly 9, each + 3 (two spaces, one border) + 1 = 124 > 80. Leaving out Reasoning (12):
    // 112; Cache write (14): 98; Cache read (13): 85; Calls/mo (11): 74 ≤ 80.
    const out = at(TABLE_COMMANDS.estimate!, 80).stdout;
    const table = out.slice(out.indexOf('Model calls'), out.indexOf('Line items'));
    expect(table).toBe(`Model calls (tokens per month)
┌───────────────┬───────────────────┬───────┬───────┬────────┬───────────┐
│ Stage         │ Model             │ Share │ Input │ Output │   Monthly │
├───────────────┼───────────────────┼───────┼───────┼────────┼───────────┤
│ rewrite-query │ gpt-6-luna        │  100% │  391M │  14.6M │    $46.35 │
│ answer        │ claude-haiku-4-5  │   75% │ 1.16B │  82.2M │ $1,866.16 │
│               │ claude-sonnet-4-6 │   22% │  341M │  24.1M │ $1,642.22 │
│               │ claude-opus-4-8   │    3% │ 46.4M │  3.29M │   $373.23 │
│               │ answer subtotal   │       │       │        │ $3,881.60 │
└───────────────┴───────────────────┴───────┴───────┴────────┴───────────┘
(Calls/mo, Cache read, Cache write, Reasoning left out to fit 80 columns: --wide
shows all)

`);
    // the line item naming a model wraps instead of widening the table
    expect(out).toContain('│ re-embedding the help centre    │ retrieval    │     $1.20 │\n│ (openai/text-embedding-3-small) │              │           │');
  });

  it('-o writes the full table to the file whatever the terminal', () => {
    const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
    const r = at([...TABLE_COMMANDS.estimate!, '-o', `${dir}/out.txt`], 60);
    expect(r.code).toBe(0);
    expect(readFileSync(`${dir}/out.txt`, 'utf8')).toBe(runCli(TABLE_COMMANDS.estimate!).stdout);
  });
});

describe('in a real terminal', () => {
  it('fits the terminal\'s own width, and COLUMNS wins over it', () => {
    const args = TABLE_COMMANDS.estimate!;
    const pty = inPty(args, 72);
    expect(pty.code).toBe(0);
    expect(widest(pty.stdout)).toBeLessThanOrEqual(72);
    expect(pty.stdout).toBe(at(args, 72).stdout);
    const columns = inPty(args, 72, { COLUMNS: '100' });
    expect(widest(columns.stdout)).toBeGreaterThan(72);
    expect(columns.stdout).toBe(at(args, 100).stdout);
    expect(inPty([...args, '--wide'], 72).stdout).toBe(runCli(args).stdout);
  });
});
