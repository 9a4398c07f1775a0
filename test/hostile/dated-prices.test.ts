/** Hostile dated prices: pricing dates, schedules and dates that try to hang, mislead or overflow. */
import { fileURLToPath } from 'node:url';
import { describeHostile } from './harness.js';

const repo = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

const scenario = (model: string) => `version: 1\nname: t\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - name: s\n    model: ${model}\n    input: { user: 100 }\n    output: 10\n`;
const catalogue = (prices: string) => `version: 1\nprovider: evil\ncurrency: USD\nas_of: 2026-11-01\nsource: pr\nmodels:\n  m:\n    input: 1\n    output: 2\n    prices:\n${prices}`;
const many = Array.from({ length: 2_000 }, (_, i) => `      - { from: ${String(3000 + Math.floor(i / 365)).padStart(4, '0')}-01-01, input: 1, output: 2 }`).join('\n');

describeHostile('dated prices', [
  {
    name: '--as-of with a date that does not exist',
    files: { 's.yaml': scenario('openai/gpt-5.4') },
    args: ['estimate', 's.yaml', '--as-of', '2027-02-29'],
    stderr: ['--as-of', '2027-02-29'],
  },
  {
    name: '--as-of with a very long value is quoted only in part',
    files: { 's.yaml': scenario('openai/gpt-5.4') },
    args: ['estimate', 's.yaml', '--as-of', `2027-01-01${'x'.repeat(100_000)}`],
    stderr: ['--as-of'],
    after: (_dir, r) => {
      if (r.stderr.length > 2000) throw new Error(`stderr quotes the whole value (${r.stderr.length} characters)`);
    },
  },
  {
    name: 'AIFINOPS_TODAY that is not a date',
    files: { 's.yaml': scenario('openai/gpt-5.4') },
    args: ['estimate', 's.yaml'],
    env: { AIFINOPS_TODAY: 'tomorrow' },
    stderr: ['AIFINOPS_TODAY', 'tomorrow'],
  },
  {
    name: '--max-price-age that would overflow',
    files: { 's.yaml': scenario('openai/gpt-5.4') },
    args: ['estimate', 's.yaml', '--max-price-age', '1e999'],
    stderr: ['--max-price-age'],
  },
  {
    name: 'a schedule with a date out of order (it must not silently pick the wrong price)',
    files: { 's.yaml': `${scenario('evil/m')}pricing: [evil.yaml]\n`, 'evil.yaml': catalogue('      - { from: 2027-06-01, input: 1, output: 2 }\n      - { from: 2027-01-01, input: 0, output: 0 }\n') },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'models.m.prices[1].from', 'date order'],
  },
  {
    name: 'a dated price given as a number instead of a date',
    files: { 's.yaml': `${scenario('evil/m')}pricing: [evil.yaml]\n`, 'evil.yaml': catalogue('      - { from: 20270101, input: 1, output: 2 }\n') },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'models.m.prices[0].from'],
  },
  {
    name: 'two thousand dated prices on one model, some dated twice: an error, quickly',
    files: { 's.yaml': `${scenario('evil/m')}pricing: [evil.yaml]\n`, 'evil.yaml': catalogue(`${many}\n`) },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'two prices from'],
  },
  {
    name: 'a negative dated rate',
    files: { 's.yaml': `${scenario('evil/m')}pricing: [evil.yaml]\n`, 'evil.yaml': catalogue('      - { from: 2026-01-01, input: -5, output: 2 }\n') },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'models.m.prices[0].input', '≥ 0'],
  },
  // Far dates: a horizon past 9999-12 gave a five-digit year the date code refused (internal error
  // with a stack trace, exit 70), from a file alone or from a flag (core/dates.ts LAST_PRICING_DATE).
  {
    name: 'a forecast whose growth.start puts its horizon past 9999 (validate passed it; forecast crashed)',
    files: { 's.yaml': `${scenario('openai/gpt-5.4')}growth: { months: 12, start: 9999-06 }\n` },
    args: ['forecast', 's.yaml'],
    stderr: [/s\.yaml:9:\d+/, 'growth.start', '9989-12'],
  },
  {
    name: 'validate refuses that growth.start too',
    files: { 's.yaml': `${scenario('openai/gpt-5.4')}growth: { months: 12, start: 9999-06 }\n` },
    args: ['validate', 's.yaml'],
    stderr: [/s\.yaml:9:\d+/, 'growth.start'],
  },
  {
    name: 'forecast --as-of 9999-11-15',
    files: { 's.yaml': scenario('openai/gpt-5.4') },
    args: ['forecast', 's.yaml', '--as-of', '9999-11-15'],
    stderr: ['--as-of', 'up to 9989-12-31'],
  },
  { name: 'quotes --as-of 9999-12-31', args: ['quotes', repo('scenarios/rag-support-assistant.yaml'), repo('quotes/anthropic-term-commit.yaml'), '--as-of', '9999-12-31'], stderr: ['--as-of', 'up to 9989-12-31'] },
  { name: 'seats --as-of 9999-12-31', args: ['seats', repo('scenarios/internal-copilot-seats.yaml'), '--plan', 'chatgpt-business', '--as-of', '9999-12-31'], stderr: ['--as-of', 'up to 9989-12-31'] },
  { name: 'AIFINOPS_TODAY=9999-12-31 with forecast', files: { 's.yaml': scenario('openai/gpt-5.4') }, args: ['forecast', 's.yaml'], env: { AIFINOPS_TODAY: '9999-12-31' }, stderr: ['AIFINOPS_TODAY', 'up to 9989-12-31'] },
  {
    name: 'pricing diff with a sync file whose prices_at is not an instant (it crashed: Invalid time value)',
    files: { 'p/google.yaml': `version: 1\nprovider: google\ncurrency: USD\nas_of: 2026-11-01\nsource: x\nmodels:\n  g: { input: 1, output: 2 }\n`, 'p/sync/models.yaml': 'prices_at: hello\nproviders: {}\n' },
    args: ['pricing', 'diff', 'p/google.yaml'],
    stderr: [/p\/sync\/models\.yaml:1:12/, 'prices_at', '"hello"'],
  },
]);
