/** Hostile input already handled before issue 13: misspelt keys, unknown models, broken YAML. */
import { describeHostile } from './harness.js';

const ok = 'version: 1\nname: t\ntraffic: { requests_per_day: 100 }\npipeline:\n  - name: a\n    model: gpt-5.4-mini\n    input: { user: 100 }\n    output: 10\n';

describeHostile('basics', [
  { name: 'a misspelt top-level key gets a did-you-mean', files: { 's.yaml': ok + 'budgett: { monthly: 5 }\n' }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'budgett', 'budget'] },
  { name: 'an unknown model lists close matches', files: { 's.yaml': ok.replace('gpt-5.4-mini', 'gpt-5.4-minii') }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'gpt-5.4-minii'] },
  { name: 'unclosed flow mapping names the line', files: { 's.yaml': 'version: 1\nname: { a\n' }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:\d+:\d+/] },
  { name: 'a missing file is named', args: ['estimate', 'nope.yaml'], stderr: 'nope.yaml' },
]);
