/**
 * Hostile inputs of issue 15's surfaces: a scenario piped to `estimate -`, a project file that
 * tries to leave its folder, a baseline whose budget block lies, `--fail-on-budget` values.
 */
import { describeHostile } from './harness.js';

const SCENARIO = 'version: 1\nname: s\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - { name: a, model: openai/gpt-5.4, input: { user: 100 }, output: 10 }\n';

describeHostile('issue 15 surfaces', [
  {
    name: 'estimate - with an endless stream: stopped at 5 MiB, not read into memory',
    args: ['estimate', '-'],
    input: Buffer.alloc(64 * 1024 * 1024, 0x20),
    stderr: '<stdin>: is larger than 5242880 bytes',
  },
  {
    name: 'estimate - with a YAML alias bomb',
    args: ['estimate', '-'],
    input: `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`,
    stderr: '<stdin>',
  },
  {
    name: 'a project file whose globs leave the folder (no file outside it is read)',
    files: { '.git/HEAD': '', 'aifinops.yaml': 'version: 1\nscenarios: ["../**/*.yaml"]\n' },
    args: ['estimate'],
    stderr: ['aifinops.yaml', 'leaves the project folder'],
  },
  {
    name: 'a project file with an absolute glob',
    files: { '.git/HEAD': '', 'aifinops.yaml': 'version: 1\nscenarios: ["/etc/*.yaml"]\n' },
    args: ['validate'],
    stderr: ['aifinops.yaml', 'is an absolute path'],
  },
  {
    name: 'a baseline whose budget claims a percentile and a judged cost that are not numbers: no crash, the diff names the figure it judges',
    files: {
      's.yaml': `${SCENARIO}budget: { monthly: 0.0000001 }\n`,
      'base.json': JSON.stringify({
        schema_version: 1,
        tool_version: '0.0.0',
        scenarios: [
          {
            name: 's', file: 's.yaml', variant: null, currency: 'USD', tags: {}, requests_per_month: 1000, users: null, total_monthly_cost: 1, cost_per_request: null, cost_per_user: null,
            outcomes_per_month: null, cost_per_outcome: null, net_value: null, roi: null, budget: { monthly: 0.0000001, status: 'over', used: 1e7 }, stages: [], line_items: [{ name: 'x', category: 'other', monthly_cost: 1, model: null }], by_category: { other: 1 }, warnings: [],
            uncertainty: { monthly_cost: { mean: 1, p10: 1, p50: 1, p80: 1, p90: 1, p95: 1 }, budget: { at: '__proto__', judged_cost: { valueOf: 1 } } },
          },
        ],
      }),
    },
    args: ['diff', 's.yaml', '--base', 'base.json', '--no-project', '--fail-on-budget', 'always'],
    code: 1,
    stderr: ['"s" (s.yaml) is over its budget: monthly cost'],
    stdout: /Scenario/,
  },
  {
    name: '--fail-on-budget with an unknown value',
    files: { 's.yaml': SCENARIO },
    args: ['diff', 's.yaml', '--base', 'HEAD', '--fail-on-budget', 'sometimes'],
    stderr: ['--fail-on-budget', 'sometimes'],
  },
]);
