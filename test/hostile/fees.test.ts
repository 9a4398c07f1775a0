/**
 * Hostile input for the fees beyond text tokens (issue 14 §3): absurd tool prices and storage
 * overflow to Infinity, out-of-bound usage, wrong shapes, misspelt tools and unpriced fees — each
 * exits 2 with one message naming the culprit, no stack trace, nothing on stdout.
 */
import { describeHostile, type HostileCase } from './harness.js';

const CAT = `version: 1
provider: evil
currency: USD
as_of: 2026-01-01
source: test
models:
  pricey:
    input: 1
    output: 1
    input_audio: 1e300
    cache_storage: 1e308
    tools: { web_search: { per_1k: 1e300 } }
`;
const scenario = (stage: string, traffic = 'requests_per_day: 1000000000000') => `version: 1
name: t
pricing: [cat.yaml]
traffic: { ${traffic} }
pipeline:
  - name: a
    model: evil/pricey
    input: { user: 10 }
${stage.replace(/^/gm, '    ')}
`;
const files = (stage: string, traffic?: string) => ({ 's.yaml': scenario(stage, traffic), 'cat.yaml': CAT });

const cases: HostileCase[] = [
  { name: 'a web search price of 1e300 per 1,000 × a trillion requests a day', files: files('tool_calls: { web_search: 1000 }'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a', 'Infinity', 'tool_calls.web_search 1000', 'web_search 1e+300 per 1,000'] },
  { name: 'audio tokens at 1e300 per 1M', files: files('audio: { input: 1000000000 }'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'Infinity'] },
  { name: 'cache storage at 1e300 per 1M token-hours', files: files('cache_storage: { tokens: 1000000000, hours_per_month: 744 }', 'requests_per_day: 1'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'Infinity'] },
  { name: 'the same overflow drawn in the Monte Carlo', files: files('tool_calls: { web_search: { p50: 10, p90: 1000 } }'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'Infinity'] },
  { name: 'tool uses per call above the bound', files: files('tool_calls: { web_search: 1e300 }', 'requests_per_day: 1'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a.tool_calls.web_search', 'at most 1,000'] },
  { name: 'negative container-hours', files: files('tool_hours: { code_execution: -1 }', 'requests_per_day: 1'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a.tool_hours.code_execution', '≥ 0'] },
  { name: 'a string for audio tokens', files: files('audio: { input: lots }', 'requests_per_day: 1'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a.audio.input'] },
  { name: 'cache storage held 25 hours a day', files: files('cache_storage: { tokens: 10, hours_per_day: 25 }', 'requests_per_day: 1'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a.cache_storage.hours_per_day', 'at most 24'] },
  { name: 'a misspelt tool through --set', files: files('tool_calls: { web_search: 1 }', 'requests_per_day: 1'), args: ['estimate', 's.yaml', '--set', 'pipeline.a.tool_calls.web_serch=2'], stderr: ['web_serch', 'web_search'] },
  { name: 'a tool the catalogue does not price', files: files('tool_calls: { file_search: 1 }', 'requests_per_day: 1'), args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'pipeline.a.tool_calls.file_search', 'evil/pricey has no file_search price'] },
  {
    name: 'a catalogue tool price with an unknown key',
    files: { 's.yaml': scenario('tool_calls: { web_search: 1 }', 'requests_per_day: 1'), 'cat.yaml': CAT.replace('{ per_1k: 1e300 }', '{ per_1k: 1, per_call: 2 }') },
    args: ['estimate', 's.yaml'],
    stderr: ['cat.yaml', 'per_call'],
  },
  {
    name: 'a catalogue tool price with neither per_1k nor per_hour',
    files: { 's.yaml': scenario('tool_calls: { web_search: 1 }', 'requests_per_day: 1'), 'cat.yaml': CAT.replace('{ per_1k: 1e300 }', '{ unit: search }') },
    args: ['estimate', 's.yaml'],
    stderr: ['cat.yaml', 'models.pricey.tools.web_search', 'exactly one of per_1k'],
  },
];

describeHostile('fees beyond text tokens', cases);
