/** Hostile dated prices: pricing dates, schedules and dates that try to hang, mislead or overflow. */
import { describeHostile } from './harness.js';

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
]);
