/**
 * Hostile values in the scenario blocks built on first use (common.ts `lazily`: fees, provider
 * rules, seats, growth): the first value that reaches a block builds it, and a hostile one gets
 * the same single located message as any other (each case's stderr was compared byte for byte
 * with the build before lazy construction): reserved keys, runaway lists, a megabyte string where
 * a list belongs, a deep mapping where a number belongs, overflowing numbers. (Not here: a bad
 * value on a line of ~1 MB, or a list of 30,000 numbers on one line, aborts under the suite's
 * 1 GiB address-space limit while the message is formatted — main does the same; reported.)
 */
import { describeHostile, type HostileCase } from './harness.js';

const PIPELINE = `traffic: { requests_per_day: 100 }
pipeline:
  - name: a
    model: gpt-5.4-mini
    input: { user: 100 }
    output: 10`;
const scenario = (top: string, stage = ''): string => `version: 1\nname: t\n${top}${PIPELINE}\n${stage}`;

const cases: HostileCase[] = [
  {
    name: 'reserved keys in a stage fee block (tool_calls)',
    files: { 's.yaml': scenario('', '    tool_calls: { constructor: 1, __proto__: 2 }\n') },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:9:\d+/, 'the key "constructor" is not allowed'],
  },
  {
    name: 'a thousand seat segments',
    files: { 's.yaml': scenario(`seats:\n  segments:\n${Array.from({ length: 1000 }, (_, i) => `    - { name: s${i}, share: 0.001, requests_per_user_per_day: 1 }\n`).join('')}`) },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:5:5/, 'seats.segments: expected at most 8 segments'],
  },
  {
    name: 'a growth curve of 10,000 months',
    files: { 's.yaml': scenario(`growth:\n  curve: [${Array.from({ length: 10_000 }, () => '1').join(', ')}]\n`) },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:4:10/, 'growth.curve: expected at most 120 months'],
  },
  {
    name: 'a 300 KB string for a time profile',
    files: { 's.yaml': scenario('', `    time_profile: { hours: "${'x'.repeat(300_000)}" }\n`) },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:9:28/, 'pipeline.a.time_profile.hours: expected 24 relative weights', /got "x{20,80}…"/],
    notStderr: ['x'.repeat(200)],
  },
  {
    name: 'forty nested mappings for audio tokens',
    files: { 's.yaml': scenario('', `    audio: { input: ${'{a: '.repeat(40)}1${'}'.repeat(40)} }\n`) },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:9:22/, 'pipeline.a.audio.input.a: unknown key "a" in a distribution'],
  },
  {
    name: 'an overflowing share in a service tier mix',
    files: { 's.yaml': scenario('service_tier: { standard: 1e309 }\n') },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:3:15/, 'service_tier: expected one of standard, flex, priority'],
  },
  {
    name: 'image tokens past the bound and an overflowing percent',
    files: { 's.yaml': scenario('', '    image: { input: 1e12, cache_hit_rate: "1e400%" }\n') },
    args: ['estimate', 's.yaml'],
    stderr: ['pipeline.a.image.input: expected at most 1,000,000,000 tokens per call', /s\.yaml:9:43: pipeline\.a\.image\.cache_hit_rate: expected a fraction in \[0, 1\]/],
  },
];

describeHostile('scenario blocks built on first use', cases);
