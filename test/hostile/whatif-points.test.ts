/**
 * Hostile values at the points of `sweep` and `sensitivity`, which patch plain-number changes into
 * the scenario loaded once (load/scenario-patch.ts): out-of-bounds values, values that overflow a
 * cost, values that are not numbers, and a mix broken by a point stop with the full loader's exit-2
 * message naming the path — never a silently wrong number or a stack trace.
 */
import { describeHostile, type HostileCase } from './harness.js';

const scenario = `version: 1
name: t
traffic: { users: 100, requests_per_user_per_day: 10 }
pipeline:
  - name: a
    models: { gpt-5.4-mini: 0.5, gpt-5.4: 0.5 }
    input: { user: 100 }
    output: 10
    cache: { hit_rate: 0.5 }
    max_retries: 2
costs:
  - { name: db, monthly: 10 }
  - { name: check, per_request: 0.001 }
`;
const files = { 's.yaml': scenario };
const sweep = (param: string, values: string) => ['sweep', 's.yaml', '--param', param, '--values', values, '--as-of', '2026-12-01'];

const cases: HostileCase[] = [
  { name: 'a hit rate above 1', files, args: sweep('pipeline.a.cache.hit_rate', '0.2,1.5'), stderr: ['--set pipeline.a.cache.hit_rate', 'at most 1'] },
  { name: 'a negative count', files, args: sweep('pipeline.a.input.user', '100,-5'), stderr: ['--set pipeline.a.input.user', '≥ 0'] },
  { name: 'a fractional whole number', files, args: sweep('pipeline.a.max_retries', '1,2.5'), stderr: ['--set pipeline.a.max_retries', 'whole number'] },
  { name: 'a line item that overflows the cost', files, args: sweep('costs.check.per_request', '0.001,1e308'), stderr: ['Infinity', 'costs.check'] },
  { name: 'users that overflow the requests', files, args: sweep('traffic.users', '100,1e307'), stderr: ['traffic.users'] },
  { name: 'a share that breaks the mix', files, args: sweep('pipeline.a.models.gpt-5.4-mini', '0.5,0.9'), stderr: ['pipeline.a.models', 'sum to 1.4'] },
  { name: 'a value that is not a number', files, args: sweep('pipeline.a.output', '10,lots'), stderr: ['--set pipeline.a.output'] },
  { name: 'a distribution as a sweep value', files, args: sweep('pipeline.a.output', '10,{ dist: normal, mean: 1, sd: -1 }'), stderr: ['pipeline.a.output'] },
  {
    name: 'sensitivity of a scenario whose moves overflow reports them as unmoved, with the loader\'s reason',
    files: { 's.yaml': scenario.replace('per_request: 0.001', 'per_request: 1e303') },
    args: ['sensitivity', 's.yaml', '--delta', '900%', '-f', 'json', '--as-of', '2026-12-01'],
    code: 0,
    stderr: [],
    stdout: /"path": "costs\.check\.per_request",\s*"reason": "the scenario rejects the moved value: (?:[^"\\]|\\.)*Infinity/,
  },
];

describeHostile('what-if points (sweep, sensitivity)', cases);
