/**
 * Hostile YAML and JSON (issue 13): deep nesting in every position (block, flow, aifinops.yaml,
 * catalogues, --set, JSON baselines), alias bombs, tags outside the YAML 1.2 core schema, dates
 * that are not on the calendar, and reserved keys through every route.
 */
import { describeHostile, type HostileCase } from './harness.js';

const DEPTH = 10_000;
const PIPELINE = `traffic: { requests_per_day: 100 }
pipeline:
  - name: a
    model: gpt-5.4-mini
    input: { user: 100 }
    output: 10
`;
const ok = `version: 1\nname: t\n${PIPELINE}`;
const withTags = (tags: string) => `version: 1\nname: t\ntags: ${tags}\n${PIPELINE}`;

/** Ten levels of ten aliases each: 10^9 nodes if expanded ("billion laughs"). */
function laughs(): string {
  let s = `version: 1\nname: t\ntags:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
  for (let i = 1; i < 10; i++) s += `  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
  return s + PIPELINE;
}

const CATALOGUE = (asOf: string) => `version: 1
provider: acme
currency: USD
as_of: ${asOf}
source: test
models:
  small: { input: 1, output: 2 }
`;

const BASELINE_HEAD = '{"schema_version": 1, "tool_version": "0.1.0", "scenarios": [], "groups": ';

const cases: HostileCase[] = [
  // --- deep nesting: a clear exit 2 at file:line:col, not a stack overflow (exit 70)
  { name: `${DEPTH} nested flow sequences`, files: { 's.yaml': withTags('['.repeat(DEPTH) + ']'.repeat(DEPTH)) }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:\d+/, 'nests more than 64 levels'] },
  { name: `${DEPTH} nested flow mappings`, files: { 's.yaml': withTags('{a: '.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)) }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:\d+/, 'nests more than 64 levels'] },
  { name: `${DEPTH} nested block sequences on one line (- - - …)`, files: { 's.yaml': `version: 1\nname: t\ntags:\n${'- '.repeat(DEPTH)}x\n` }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:4:\d+/, 'nests more than 64 levels'] },
  {
    name: '2,000 levels of indented block mappings',
    files: { 's.yaml': `version: 1\nname: t\ndescription:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n` },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:\d+:\d+/, 'nests more than 64 levels'],
  },
  { name: 'deep nesting in aifinops.yaml (diff reads it)', files: { 's.yaml': ok, 'aifinops.yaml': `version: 1\nscenarios: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n` }, args: ['diff', 's.yaml', '--base', 'base.json'], stderr: [/aifinops\.yaml:2:\d+/, 'nests more than 64 levels'] },
  { name: 'deep nesting in a catalogue named by the scenario', files: { 's.yaml': `version: 1\nname: t\npricing: [cat.yaml]\n${PIPELINE}`, 'cat.yaml': `version: 1\nprovider: x\nmodels: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n` }, args: ['estimate', 's.yaml'], stderr: [/cat\.yaml:3:\d+/, 'nests more than 64 levels'] },
  { name: 'a JSON baseline of 100,000 nested arrays', files: { 's.yaml': ok, 'base.json': '['.repeat(100_000) + ']'.repeat(100_000) }, args: ['diff', '--base', 'base.json', 's.yaml'], stderr: [/base\.json:1:\d+/, 'nests more than 64 levels'] },
  { name: 'a JSON baseline hiding deep nesting in a field that is not validated', files: { 's.yaml': ok, 'base.json': `${BASELINE_HEAD}${'['.repeat(100_000)}${']'.repeat(100_000)}}` }, args: ['diff', '--base', 'base.json', 's.yaml'], stderr: [/base\.json:1:\d+/, 'nests more than 64 levels'] },
  { name: 'a pretty-printed JSON baseline nested 5,000 deep', files: { 's.yaml': ok, 'base.json': `${BASELINE_HEAD}\n${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}[`).join('\n')}\n${']'.repeat(5000)}}` }, args: ['diff', '--base', 'base.json', 's.yaml'], stderr: [/base\.json:\d+:\d+/, 'nests more than 64 levels'] },
  { name: '--set with a deeply nested value', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '--set', `tags=${'['.repeat(20_000)}${']'.repeat(20_000)}`], stderr: ['--set tags', 'nests more than 64 levels'] },

  // --- alias bombs: the yaml library's maxAliasCount, which the loader sets
  { name: 'billion laughs (10 levels × 10 aliases)', files: { 's.yaml': laughs() }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', /alias/i] },
  { name: 'billion laughs through --set', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '--set', `tags={a0: &a0 [l, l, l, l, l, l, l, l, l, l], ${Array.from({ length: 7 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join(', ')}}`], stderr: ['--set tags', /alias/i] },

  // --- tags: the YAML 1.2 core schema, nothing else
  { name: 'an unknown tag !foo is refused (it was accepted silently)', files: { 's.yaml': ok.replace('requests_per_day: 100', 'requests_per_day: !foo 100') }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:\d+/, 'unknown tag !foo', '!!float'] },
  { name: 'a YAML 1.1 tag (!!binary) is refused', files: { 's.yaml': withTags('{ a: !!binary aGk= }') }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:\d+/, 'unknown tag !!binary'] },
  { name: 'a !!set on a mapping is refused', files: { 's.yaml': withTags('!!set { a, b }') }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:\d+/, '!!set', 'mapping'] },
  { name: '!!int 1.5 is refused with what !!int takes', files: { 's.yaml': ok.replace('output: 10', 'output: !!int 1.5') }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:\d+:\d+/, '!!int expects a whole number', '"1.5"'] },
  { name: 'an unknown tag through --set', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '--set', 'tags={team: !js/function "x"}'], stderr: ['--set tags', 'unknown tag !js/function'] },
  { name: '!!float 1000 is the number 1000 (it was refused)', files: { 's.yaml': ok.replace('requests_per_day: 100', 'requests_per_day: !!float 1000') }, args: ['estimate', 's.yaml', '-f', 'json'], code: 0, stderr: [], stdout: /"requests_per_month": 30416\.66666/ },

  // --- dates must be real calendar dates
  { name: 'pricing validate: as_of 2026-13-45', files: { 'cat.yaml': CATALOGUE('2026-13-45') }, args: ['pricing', 'validate', 'cat.yaml'], stderr: [/cat\.yaml:4:\d+/, 'as_of', 'real calendar date', '2026-13-45'] },
  { name: 'pricing validate: as_of 2025-02-29 (not a leap year)', files: { 'cat.yaml': CATALOGUE('2025-02-29') }, args: ['pricing', 'validate', 'cat.yaml'], stderr: ['cat.yaml', 'as_of', 'real calendar date'] },
  { name: 'a deprecated model shutting down on 2026-04-31', files: { 'cat.yaml': CATALOGUE('2026-01-01').replace('small: { input: 1, output: 2 }', 'small: { input: 1, output: 2, deprecated: { shutdown: 2026-04-31 } }') }, args: ['pricing', 'validate', 'cat.yaml'], stderr: ['cat.yaml', 'shutdown', 'real calendar date'] },
  { name: 'pricing diff --date 2026-02-30', args: ['pricing', 'diff', '--date', '2026-02-30'], stderr: ['--date', '2026-02-30'] },

  // --- reserved keys: one rule for files, --set values, --set paths and variants
  { name: "--set 'tags={constructor: x}' (files refuse it; --set did not)", files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '--set', 'tags={constructor: x}'], stderr: ['--set tags', 'the key "constructor" is not allowed'] },
  { name: "--set 'tags={__proto__: x}' (was dropped silently)", files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '--set', 'tags={__proto__: x}'], stderr: ['--set tags', 'the key "__proto__" is not allowed'] },
  { name: '--set tags.__proto__=x (a path segment)', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '--set', 'tags.__proto__=x'], stderr: ['--set tags.__proto__', 'the key "__proto__" is not allowed'] },
  { name: 'a variant path through constructor', files: { 's.yaml': `${ok}variants:\n  v: { tags.constructor: x }\n` }, args: ['estimate', 's.yaml', '--variant', 'v'], stderr: ['s.yaml', 'variants.v', 'the key "constructor" is not allowed'] },
  { name: 'a sweep over a prototype path', files: { 's.yaml': ok }, args: ['sweep', 's.yaml', '--param', 'tags.prototype', '--values', '1,2'], stderr: ['--param tags.prototype', 'the key "prototype" is not allowed'] },
  { name: 'a sweep value with __proto__', files: { 's.yaml': ok }, args: ['sweep', 's.yaml', '--param', 'tags.x', '--values', '{__proto__: 1}'], stderr: ['--values', 'the key "__proto__" is not allowed'] },
  { name: 'a prototype key in a file (neighbour: already refused)', files: { 's.yaml': withTags('{ prototype: x }') }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:\d+/, 'the key "prototype" is not allowed'] },
];

describeHostile('yaml', cases);
