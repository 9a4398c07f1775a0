/**
 * Terminal escapes in names taken from input never reach the output raw (docs/security.md:
 * "inject terminal escapes"). Scenario names, stage names, variant names, tags, quote and fee
 * names, and model ids, projects, keys and tags from actuals files carry ESC, BEL, CSI, OSC, C1
 * and bidi controls; every command that prints them must show them as visible escapes
 * (`\u001b`), in every text format, and a colour run keeps its own colour codes only.
 *
 * The actuals commands load DuckDB, which cannot map its library under the harness's 1 GiB
 * address-space limit: they run through `runCli` (the same real bin, no ulimit) below.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeHostile, expectHandled, type HostileCase, type HostileResult } from './harness.js';

const q = JSON.stringify; // a JSON string is a valid YAML double-quoted scalar (\u001b and all)
const NAME = 'Evil \u001b]0;pwned\u0007 \u001b[2J\u001b[31m\u202e\u009b';
const NAME_SHOWN = 'Evil \\u001b]0;pwned\\u0007 \\u001b[2J\\u001b[31m\\u202e\\u009b';
const STAGE = 'ans\u001b]0;x\u0007wer\u2066';
const STAGE_SHOWN = 'ans\\u001b]0;x\\u0007wer\\u2066';
const VARIANT = 'v\u001b[1mX\u202e';
const VARIANT_SHOWN = 'v\\u001b[1mX\\u202e';

const scenario = (extra = '') => `version: 1
name: ${q(NAME)}
tags: { ${q('team\u001b[31m')}: ${q('t\u202eq')} }
match: { project: ${q('p\u001b[2J')} }
traffic: { requests_per_day: 1000, users: 50 }
growth: { monthly_rate: 0.05, months: 6 }
budget: { monthly: 10 }
pipeline:
  - name: ${q(STAGE)}
    model: gpt-5-mini
    input: { user: 1000 }
    output: 200
variants:
  ${q(VARIANT)}:
    traffic.requests_per_day: 2000
${extra}`;

const QUOTE = `version: 1
kind: quote
vendor: ${q('V\u001b]0;t\u0007')}
name: ${q('Q \u001b[2J\u202e')}
term_months: 12
rate_card: { provider: openai, discount: 10% }
fees:
  - { name: ${q('fee\u001b[5m')}, monthly: 20 }
`;

/** A control character, DEL, a C1 character or a bidi override/isolate: none may be printed raw. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What chalk writes in a colour run. */
const SGR = /\u001b\[[0-9;]*m/g;

function noRaw(text: string, what: string, colour = false): void {
  const plain = colour ? text.replace(SGR, '') : text;
  const m = RAW.exec(plain);
  expect(m, `${what}: raw U+${m?.[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(plain.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 20))}`).toBeNull();
}

const clean = (_dir: string, r: HostileResult) => {
  noRaw(r.stdout, 'stdout');
  noRaw(r.stderr, 'stderr');
};

const files = { 's.yaml': scenario(), 'q.yaml': QUOTE };
const ok = (name: string, args: string[], stdout: RegExp | string, extra: Partial<HostileCase> = {}): HostileCase => ({
  name,
  files,
  args,
  code: 0,
  stderr: '',
  stdout: typeof stdout === 'string' ? new RegExp(stdout.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : stdout,
  after: clean,
  ...extra,
});

describeHostile('terminal escapes in names (no colour)', [
  ok('estimate: the scenario name in the title, stage, tags', ['estimate', 's.yaml'], NAME_SHOWN, { after: (d, r) => (clean(d, r), expect(r.stdout).toContain(STAGE_SHOWN), expect(r.stdout).toContain('team\\u001b[31m=t\\u202eq')) }),
  ok('estimate --explain: stage names in the arithmetic', ['estimate', 's.yaml', '--explain'], STAGE_SHOWN),
  ok('estimate -f markdown', ['estimate', 's.yaml', '-f', 'markdown'], 'Evil \\\\u001b'),
  ok('estimate -f csv', ['estimate', 's.yaml', '-f', 'csv'], NAME_SHOWN),
  ok('estimate -f json: escaped by JSON itself, bidi and C1 included', ['estimate', 's.yaml', '-f', 'json'], '\\u001b]0;pwned\\u0007', {
    after: (d, r) => {
      clean(d, r);
      expect((JSON.parse(r.stdout) as { scenarios: { name: string }[] }).scenarios[0]!.name).toBe(NAME); // the same value, only written safely
    },
  }),
  ok('estimate --variant: the variant name', ['estimate', 's.yaml', '--variant', VARIANT], VARIANT_SHOWN),
  ok('compare --variants all: variant and stage names', ['compare', 's.yaml', '--variants', 'all'], VARIANT_SHOWN, { after: (d, r) => (clean(d, r), expect(r.stdout).toContain(STAGE_SHOWN)) }),
  ok('compare -f markdown', ['compare', 's.yaml', '--variants', 'all', '-f', 'markdown'], 'v\\\\u001b'),
  ok('whatif: title and stages', ['whatif', 's.yaml', '--variant', VARIANT], NAME_SHOWN),
  ok('diff against a JSON baseline', ['diff', 's.yaml', '--base', 'base.json', '--set', 'traffic.requests_per_day=3000'], NAME_SHOWN, { files: { ...files, 'base.json': baselineJson() }, code: 1, stderr: `policy failed: "${NAME_SHOWN}"` }),
  ok('diff -f markdown', ['diff', 's.yaml', '--base', 'base.json', '--set', 'traffic.requests_per_day=3000', '-f', 'markdown'], 'Evil \\\\u001b', { files: { ...files, 'base.json': baselineJson() }, code: 1, stderr: 'policy failed' }),
  ok('forecast: title', ['forecast', 's.yaml'], NAME_SHOWN),
  ok('forecast -f markdown', ['forecast', 's.yaml', '-f', 'markdown'], 'Evil \\\\u001b'),
  ok('sweep: title', ['sweep', 's.yaml', '--param', 'traffic.requests_per_day', '--values', '1000,2000'], NAME_SHOWN),
  ok('sensitivity: input paths with the stage name', ['sensitivity', 's.yaml'], STAGE_SHOWN),
  ok('levers: title and stages', ['levers', 's.yaml'], NAME_SHOWN),
  ok('levers -f markdown', ['levers', 's.yaml', '-f', 'markdown'], 'Evil \\\\u001b'),
  ok('seats: title', ['seats', 's.yaml', '--plan', 'chatgpt-business'], NAME_SHOWN),
  ok('seats -f markdown', ['seats', 's.yaml', '--plan', 'chatgpt-business', '-f', 'markdown'], 'Evil \\\\u001b'),
  ok('quotes: quote, vendor and fee names', ['quotes', 's.yaml', 'q.yaml'], 'Q \\u001b[2J\\u202e'),
  ok('quotes -f markdown', ['quotes', 's.yaml', 'q.yaml', '-f', 'markdown'], 'Q \\\\u001b'),
  ok('estimate of two scenarios: the rollup and budget lines', ['estimate', 's.yaml', 't.yaml'], NAME_SHOWN, { files: { ...files, 't.yaml': scenario().replace('name: "Evil', 'name: "Second') } }),
  ok('report: the HTML page (stdout) and stderr', ['report', 's.yaml'], /<html/i),
  ok('report -o page.html: nothing raw on stderr', ['report', 's.yaml', '-o', 'page.html'], /^$/, { stdout: undefined }),
]);

/** The JSON baseline of the hostile scenario, written by the real bin. */
function baselineJson(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-esc-base-'));
  writeFileSync(join(dir, 's.yaml'), scenario());
  const r = runCli(['estimate', 's.yaml', '-f', 'json'], { cwd: dir });
  expect(r.code).toBe(0);
  return r.stdout;
}

describeHostile('terminal escapes in names (colour on: only aifinops\'s own colour codes)', [
  ['estimate', 's.yaml'],
  ['estimate', 's.yaml', '--explain'],
  ['compare', 's.yaml', '--variants', 'all'],
  ['whatif', 's.yaml', '--variant', VARIANT],
  ['levers', 's.yaml'],
  ['seats', 's.yaml', '--plan', 'chatgpt-business'],
  ['quotes', 's.yaml', 'q.yaml'],
  ['forecast', 's.yaml'],
  ['sweep', 's.yaml', '--param', 'traffic.requests_per_day', '--values', '1000,2000'],
  ['sensitivity', 's.yaml'],
].map((args) => ({
  name: `${args[0]} ${args.slice(2).filter((a) => a.startsWith('-')).join(' ')}`.trim(),
  files,
  args,
  env: { NO_COLOR: '', FORCE_COLOR: '1' },
  code: 0,
  stderr: '',
  stdout: /\u001b\[1m/, // colour is on
  after: (_dir: string, r: HostileResult) => {
    noRaw(r.stdout, 'stdout', true);
    // the name's own SGR (ESC [ 31 m) is shown escaped, not obeyed
    expect(r.stdout).not.toContain('\u001b[2J');
    expect(r.stdout.includes('\\u001b[31m') || r.stdout.includes(VARIANT_SHOWN) || r.stdout.includes('Q \\u001b[2J')).toBe(true);
    expect(r.stdout).not.toContain('\u001b[31m\u202e');
    expect(r.stdout).not.toContain('team\u001b[31m');
    expect(r.stdout).not.toContain('\u001b[1mX');
  },
})));

// --- actuals: model ids, projects, keys and tags from a usage export ------------------------

const result = (r: Record<string, unknown>) => ({ object: 'organization.usage.completions.result', input_tokens: 1000, output_tokens: 1000, input_cached_tokens: 0, num_model_requests: 10, project_id: 'p', user_id: 'u', api_key_id: 'k', model: 'gpt-5-mini', batch: false, service_tier: null, ...r });
const USAGE = JSON.stringify({
  object: 'page',
  data: [1762041600, 1762128000].map((start) => ({
    object: 'bucket',
    start_time: start,
    end_time: start + 86_400,
    results: [result({}), result({ project_id: 'p\u001b[2J', user_id: 'u\u001b[31m', api_key_id: 'k\u202e', model: '\u001b]0;pwned\u0007evil' })],
  })),
  has_more: false,
  next_page: null,
});

describe('hostile input: terminal escapes from actuals files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aifinops-esc-actuals-'));
  writeFileSync(join(dir, 'u.json'), USAGE);
  writeFileSync(join(dir, 's.yaml'), scenario());
  const store = join(dir, 's.duckdb');
  const run = (args: string[], env: Record<string, string> = {}) => runCli([...args, '--store', store], { cwd: dir, env });

  it('imports the export', () => {
    const r = run(['actuals', 'import', 'u.json']);
    expectHandled({ ...r, signal: null }, { code: 0, stderr: '', stdout: /4 added/ });
  }, 60_000);

  const cases: [string, string[], string][] = [
    ['report by model: the table and the "Not re-priced" line', ['actuals', 'report'], 'openai/\\u001b]0;pwned\\u0007evil'],
    ['report by project, markdown', ['actuals', 'report', '--by', 'project', '-f', 'markdown'], 'p\\\\u001b\\[2J'],
    ['report by tag, CSV', ['actuals', 'report', '--by', 'tag', '-f', 'csv'], 'user=u\\u001b[31m'],
    ['report by day (the chart and notes)', ['actuals', 'report', '--by', 'day'], 'Not re-priced'],
    ['compare: title, stage paths and notes', ['actuals', 'compare', 's.yaml'], NAME_SHOWN],
    ['compare, markdown', ['actuals', 'compare', 's.yaml', '-f', 'markdown'], 'Evil \\\\u001b'],
  ];
  for (const [name, args, shown] of cases) {
    it(name, () => {
      const r = run(args);
      expectHandled({ ...r, signal: null }, { code: 0, stderr: '', stdout: /./ });
      expect(r.stdout).toContain(shown);
      noRaw(r.stdout, 'stdout');
      noRaw(r.stderr, 'stderr');
    }, 60_000);
  }

  it('report -f json: the model id is the same value, escaped by JSON', () => {
    const r = run(['actuals', 'report', '-f', 'json']);
    expect(r.code).toBe(0);
    noRaw(r.stdout, 'stdout');
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007evil');
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('\\u001b]0;pwned\\u0007evil');
  }, 60_000);

  it('report in colour: the tag\'s SGR is shown escaped, only aifinops\'s colours are live', () => {
    const r = run(['actuals', 'report', '--by', 'tag'], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\u001b\[1m/);
    noRaw(r.stdout, 'stdout', true);
    expect(r.stdout).toContain('user=u\\u001b[31m');
    expect(r.stdout).not.toContain('u\u001b[31m');
  }, 60_000);
});
