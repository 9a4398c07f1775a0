/**
 * Hostile numbers (issue 13): overflow to Infinity/NaN in every count field and through --set,
 * variants, distributions, prices and line items; tampered baselines; CSV and markdown injection;
 * huge numbers formatted readably.
 */
import { describeHostile, type HostileCase } from './harness.js';

const scenario = (o: { traffic?: string; stage?: string; extra?: string; name?: string } = {}) =>
  `version: 1
name: ${o.name ?? 't'}
traffic: { ${o.traffic ?? 'requests_per_day: 1000'} }
pipeline:
  - name: a
    model: gpt-5.4-mini
    input: { user: 100 }
    output: 10
${(o.stage ?? '').replace(/^/gm, '    ')}
${o.extra ?? ''}`;

/** A catalogue with an absurd price: the counts are in bounds, their product with it is not. */
const PRICEY = `version: 1
provider: evil
currency: USD
as_of: 2026-01-01
source: test
models:
  pricey: { input: 1e300, output: 1 }
`;
const pricey = `version: 1
name: t
pricing: [cat.yaml]
traffic: { requests_per_day: 1000000000000 }
pipeline:
  - name: a
    model: evil/pricey
    input: { user: 1000000 }
    output: 10
`;

const bound = (field: string): (string | RegExp)[] => ['s.yaml', field, 'at most', 'docs/scenario.md'];

/** A valid baseline of `scenario()` (what estimate -f json wrote), as an object to tamper with. */
function baseline(total = 3.6500000000000004): Record<string, unknown> {
  const cost = { input: 2.28125, cache_read: 0, cache_write: 0, output: 1.36875, reasoning: 0 };
  return {
    schema_version: 1,
    tool_version: '0.1.0',
    scenarios: [
      {
        name: 't', file: 's.yaml', variant: null, currency: 'USD', tags: {}, requests_per_month: 30416.666666666668, users: null,
        total_monthly_cost: total, cost_per_request: 0.00012, cost_per_user: null, outcomes_per_month: null, cost_per_outcome: null, net_value: null, roi: null, budget: null,
        stages: [{ name: 'a', monthly_cost: 3.6500000000000004, calls_per_month: 30416.666666666668, models: [{ model: 'openai/gpt-5.4-mini', share: 1, monthly_cost: 3.6500000000000004, calls_per_month: 30416.666666666668, tokens: { input: 3041666.6666666665, cache_read: 0, cache_write: 0, output: 304166.6666666667, reasoning: 0 }, cost, long_context: false, priced_by: { catalogue: 'pricing/openai.yaml', as_of: '2026-09-23', source: 'x' }, token_counts: null }] }],
        line_items: [], by_category: { 'model inference': 3.6500000000000004 }, warnings: [], uncertainty: null,
      },
    ],
    totals: [{ currency: 'USD', total_monthly_cost: total }],
    groups: null,
  };
}
const tampered = (edit: (b: Record<string, unknown> & { scenarios: Record<string, unknown>[] }) => void): string => {
  const b = baseline() as Record<string, unknown> & { scenarios: Record<string, unknown>[] };
  edit(b);
  return JSON.stringify(b, null, 2);
};

const cases: HostileCase[] = [
  // --- every count field has a bound (before: Infinity/NaN totals, "Monthly total: —", exit 0)
  { name: 'requests_per_day: 1e308', files: { 's.yaml': scenario({ traffic: 'requests_per_day: 1e308' }) }, args: ['estimate', 's.yaml'], stderr: bound('traffic.requests_per_day') },
  { name: 'requests_per_month: 1e300', files: { 's.yaml': scenario({ traffic: 'requests_per_month: 1e300' }) }, args: ['estimate', 's.yaml'], stderr: bound('traffic.requests_per_month') },
  { name: 'users: 1e300 × requests_per_user_per_day', files: { 's.yaml': scenario({ traffic: 'users: 1e300, requests_per_user_per_day: 10' }) }, args: ['estimate', 's.yaml'], stderr: bound('traffic.users') },
  { name: 'requests_per_user_per_day: 1e300', files: { 's.yaml': scenario({ traffic: 'users: 10, requests_per_user_per_day: 1e300' }) }, args: ['estimate', 's.yaml'], stderr: bound('traffic.requests_per_user_per_day') },
  { name: 'agent_steps: 1e200', files: { 's.yaml': scenario({ stage: 'agent_steps: 1e200' }) }, args: ['estimate', 's.yaml'], stderr: bound('pipeline.a.agent_steps') },
  { name: 'max_retries: 1e9 (a loop of a billion attempts before)', files: { 's.yaml': scenario({ stage: 'max_retries: 1000000000\nretry_rate: 0.5' }) }, args: ['estimate', 's.yaml'], stderr: bound('pipeline.a.max_retries') },
  { name: 'output: 1e307 tokens', files: { 's.yaml': scenario({ stage: 'reasoning: 1e307' }) }, args: ['estimate', 's.yaml'], stderr: bound('pipeline.a.reasoning') },
  { name: 'context_growth_per_step: 1e300', files: { 's.yaml': scenario({ stage: 'context_growth_per_step: 1e300\nagent_steps: 5' }) }, args: ['estimate', 's.yaml'], stderr: bound('pipeline.a.context_growth_per_step') },
  { name: 'a token line item of 1e300 tokens a month', files: { 's.yaml': scenario({ extra: 'costs:\n  - { name: embed, model: gpt-5.4-mini, tokens_per_month: 1e300 }' }) }, args: ['estimate', 's.yaml'], stderr: bound('costs.embed.tokens_per_month') },
  { name: 'a growth curve multiplier of 1e300 (forecast)', files: { 's.yaml': scenario({ extra: 'growth: { curve: [1, 1e300] }' }) }, args: ['forecast', 's.yaml'], stderr: bound('growth.curve') },

  // --- the same through --set, variants and distributions
  { name: '--set traffic.requests_per_day=1e308', files: { 's.yaml': scenario() }, args: ['estimate', 's.yaml', '--set', 'traffic.requests_per_day=1e308'], stderr: ['--set traffic.requests_per_day', 'at most'] },
  { name: 'a variant sets agent_steps: 1e200 (compare --variants all)', files: { 's.yaml': scenario({ extra: 'variants:\n  big: { pipeline.a.agent_steps: 1e200 }' }) }, args: ['compare', 's.yaml', '--variants', 'all'], stderr: ['s.yaml', 'variants.big', 'at most'] },
  { name: 'a distribution reaching 1e308', files: { 's.yaml': scenario({ traffic: 'requests_per_day: { p50: 1e300, p90: 1e308 }' }) }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'traffic.requests_per_day', 'outside the valid range'] },
  { name: '.inf in YAML', files: { 's.yaml': scenario({ traffic: 'requests_per_day: .inf' }) }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'traffic.requests_per_day', 'Infinity'] },
  { name: '.nan in YAML', files: { 's.yaml': scenario({ stage: 'retry_rate: .nan' }) }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a.retry_rate', 'NaN'] },
  { name: '--set output=-.inf', files: { 's.yaml': scenario() }, args: ['estimate', 's.yaml', '--set', 'pipeline.a.output=-.inf'], stderr: ['--set pipeline.a.output'] },

  // --- products of bounded counts with unbounded money: the overflow check after estimation
  { name: 'a catalogue price of 1e300 per 1M tokens', files: { 's.yaml': pricey, 'cat.yaml': PRICEY }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a', 'evil/pricey', 'Infinity', 'input 1e+300', 'cat.yaml'] },
  { name: 'the same overflow through sensitivity', files: { 's.yaml': pricey, 'cat.yaml': PRICEY }, args: ['sensitivity', 's.yaml'], stderr: ['s.yaml', 'pipeline.a', 'Infinity'] },
  { name: 'the same overflow through breakeven', files: { 's.yaml': pricey, 'cat.yaml': PRICEY }, args: ['breakeven', 's.yaml', '--deployment', 'x'], stderr: ['s.yaml', 'pipeline.a', 'Infinity'] },
  { name: 'two line items of 1e308 a month sum to Infinity', files: { 's.yaml': scenario({ extra: 'costs:\n  - { name: x, monthly: 1e308 }\n  - { name: y, monthly: 1e308 }' }) }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'Infinity', 'line item "x"', 'line item "y"'] },
  { name: 'a per-request cost of 1e300 × a trillion requests', files: { 's.yaml': scenario({ traffic: 'requests_per_day: 1000000000000', extra: 'costs:\n  - { name: support, per_request: 1e300 }' }) }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'costs.support', 'per_request 1e+300', 'Infinity'] },
  { name: 'an outcome value of 1e308 × 1e15 outcomes', files: { 's.yaml': scenario({ extra: 'outcomes: { per_month: 1000000000000000, value: 1e308 }' }) }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'outcomes', 'net_value', 'Infinity'] },
  {
    name: 'Monte Carlo samples overflow though the point estimate does not (two uniforms up to 1.7e308)',
    files: { 's.yaml': scenario({ extra: 'costs:\n  - { name: x, monthly: { low: 0, high: 1.7e308 } }\n  - { name: y, monthly: { low: 0, high: 1.7e308 } }' }) },
    args: ['estimate', 's.yaml'],
    stderr: ['s.yaml', 'Monte Carlo sample', 'Infinity', 'costs.x.monthly', 'costs.y.monthly'],
  },
  {
    name: 'the same sample overflow in forecast',
    files: { 's.yaml': scenario({ extra: 'costs:\n  - { name: x, monthly: { low: 0, high: 1.7e308 } }\n  - { name: y, monthly: { low: 0, high: 1.7e308 } }' }) },
    args: ['forecast', 's.yaml'],
    stderr: ['s.yaml', 'Monte Carlo sample', 'Infinity'],
  },
  { name: 'diff --fail-on-increase cannot pass on an overflowing head', files: { 's.yaml': scenario(), 'base.json': JSON.stringify(baseline()) }, args: ['diff', '--base', 'base.json', 's.yaml', '--set', 'traffic.requests_per_day=1e308', '--fail-on-increase', '5%'], stderr: ['--set traffic.requests_per_day'] },

  // --- tampered baselines are refused, not diffed
  { name: 'baseline with a negative total', files: { 's.yaml': scenario(), 'base.json': tampered((b) => { b.scenarios[0]!.total_monthly_cost = -5; }) }, args: ['diff', '--base', 'base.json', 's.yaml', '--fail-on-increase', '5%'], stderr: ['base.json', 'total_monthly_cost', '≥ 0'] },
  { name: 'baseline whose total was raised to pass the gate (parts do not add up)', files: { 's.yaml': scenario(), 'base.json': tampered((b) => { b.scenarios[0]!.total_monthly_cost = 1e9; }) }, args: ['diff', '--base', 'base.json', 's.yaml', '--fail-on-increase', '5%'], stderr: ['base.json', 'total_monthly_cost', 'does not match its parts'] },
  { name: 'baseline with the same scenario twice (it was counted twice: a removed copy and a doubled total)', files: { 's.yaml': scenario(), 'base.json': tampered((b) => { b.scenarios.push(b.scenarios[0]!); }) }, args: ['diff', '--no-project', '--base', 'base.json', 's.yaml'], stderr: ['base.json', 'scenarios[1]', 'repeats scenarios[0]', 'counted twice'] },
  { name: 'baseline with 1e999 (Infinity once parsed)', files: { 's.yaml': scenario(), 'base.json': tampered(() => undefined).replace(/"total_monthly_cost": [^,\n]+/, '"total_monthly_cost": 1e999') }, args: ['diff', '--base', 'base.json', 's.yaml'], stderr: ['base.json', 'total_monthly_cost', 'Infinity'] },
  { name: 'baseline with a negative model cost', files: { 's.yaml': scenario(), 'base.json': tampered((b) => { ((b.scenarios[0]!.stages as Record<string, unknown>[])[0]!.models as Record<string, unknown>[])[0]!.monthly_cost = -1; }) }, args: ['diff', '--base', 'base.json', 's.yaml'], stderr: ['base.json', 'monthly_cost', '≥ 0'] },
  { name: 'baseline with another schema_version', files: { 's.yaml': scenario(), 'base.json': tampered((b) => { b.schema_version = 2; }) }, args: ['diff', '--base', 'base.json', 's.yaml'], stderr: ['base.json', 'schema_version'] },
  { name: 'baseline whose P80 diff --at reads is a string', files: { 's.yaml': scenario(), 'base.json': tampered((b) => { b.scenarios[0]!.uncertainty = { monthly_cost: { mean: 1, p10: 1, p50: 1, p80: 'NaN', p90: 1, p95: 1 } }; }) }, args: ['diff', '--base', 'base.json', 's.yaml', '--at', 'p80'], stderr: ['base.json', 'uncertainty.monthly_cost.p80'] },

  // --- injection into CSV and markdown is neutralised (exit 0, output checked)
  {
    name: 'CSV formula injection from stage and line item names; negative numbers stay numeric',
    files: { 's.yaml': scenario({ extra: 'costs:\n  - { name: "=HYPERLINK(\\"http://evil\\")", monthly: 5, category: "@SUM(A1)" }\n  - { name: "-2+3", monthly: 1 }' }).replace('name: a\n', 'name: "+cmd|calc"\n') },
    args: ['estimate', 's.yaml', '-f', 'csv'],
    code: 0,
    stderr: [],
    stdout: /^(?![\s\S]*,=HYPERLINK)(?![\s\S]*,@SUM)(?![\s\S]*,\+cmd)[\s\S]*"'\+cmd\|calc"[\s\S]*"'=HYPERLINK\(""http:\/\/evil""\)"[\s\S]*"'@SUM\(A1\)"[\s\S]*"'-2\+3"/,
  },
  {
    name: 'markdown estimate: raw HTML and javascript: links in names are escaped',
    files: { 's.yaml': scenario({ name: '"<img src=x onerror=alert(1)> [x](javascript:alert(1))"' }).replace('name: a\n', 'name: "<script>alert(1)</script>"\n') },
    args: ['estimate', 's.yaml', '-f', 'markdown'],
    code: 0,
    stderr: [],
    stdout: /^(?![\s\S]*<img)(?![\s\S]*<script)(?![\s\S]*[^\\]\]\(javascript)[\s\S]*&lt;img src=x onerror=alert\(1\)&gt; \\\[x\\\]\(javascript:alert\(1\)\)[\s\S]*&lt;script&gt;/,
  },
  ...(['forecast', 'levers'] as const).map(
    (cmd): HostileCase => ({
      name: `markdown ${cmd}: the scenario name is escaped`,
      files: { 's.yaml': scenario({ name: '"<img src=x onerror=alert(1)>"' }) },
      args: [cmd, 's.yaml', '-f', 'markdown'],
      code: 0,
      stderr: [],
      stdout: /^(?![\s\S]*<img)[\s\S]*&lt;img src=x onerror=alert\(1\)&gt;/,
    }),
  ),
  {
    name: 'markdown compare: a variant name with HTML stays inside a code span',
    files: { 's.yaml': scenario({ extra: 'variants:\n  "<b>v</b>": { traffic.requests_per_day: 2000 }' }) },
    args: ['compare', 's.yaml', '--variants', 'all', '-f', 'markdown'],
    code: 0,
    stderr: [],
    stdout: /^(?![\s\S]*(^|[^`])<b>)[\s\S]*`<b>v<\/b>: traffic/m,
  },
  {
    name: 'huge numbers are formatted readably (1.52e+307 style, never "1e+,308" or "100000000000T")',
    files: { 's.yaml': scenario({ traffic: 'requests_per_month: 100000000000000', extra: 'costs:\n  - { name: x, monthly: 1.52e307 }' }).replace('input: { user: 100 }', 'input: { user: 1000000000 }') },
    args: ['estimate', 's.yaml'],
    code: 0,
    stderr: [],
    stdout: /^(?![\s\S]*e\+,)(?![\s\S]*\d{6,}[KMBT])[\s\S]*│ +1e\+23 │[\s\S]*\$1\.52e\+307/,
  },
  // found by fuzzing 2026-12-07: the share of a tiny budget used printed "Infinity%", or was blamed on a stage
  ...(['1e-307', '5e-324'] as const).map((monthly): HostileCase => ({
    name: `budget.monthly ${monthly}: the share used is not a finite percent, and the budget is named (estimate, compare)`,
    files: { 's.yaml': scenario({ extra: `budget: { monthly: ${monthly} }\nvariants:\n  v: { traffic.requests_per_day: 200 }\n` }) },
    args: ['compare', 's.yaml', '--variants', 'all'],
    stderr: ['s.yaml', 'budget.monthly', 'Infinity percent'],
    notStderr: ['pipeline'],
  })),
];

describeHostile('numbers', cases);
