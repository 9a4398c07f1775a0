/** Hostile provider rules (issue 14 §3): time windows, traffic profiles and service tiers that try to hang, mislead or overflow. */
import { describeHostile } from './harness.js';

const scenario = (model: string, extra = '', traffic = '') =>
  `version: 1\nname: t\npricing: [evil.yaml]\ntraffic:\n  requests_per_month: 1000\n${traffic}pipeline:\n  - name: s\n    model: ${model}\n    input: { user: 100 }\n    output: 10\n${extra}`;
const catalogue = (entry: string) => `version: 1\nprovider: evil\ncurrency: USD\nas_of: 2026-11-01\nsource: pr\nmodels:\n  m:\n    input: 1\n    output: 2\n${entry}`;
const manyWindows = Array.from({ length: 2_000 }, (_, i) => `      - { name: w${i}, hours: ["00:00-24:00"], input: 2 }`).join('\n');
const manyRanges = `      - { name: w, hours: [${Array.from({ length: 2_000 }, () => '"00:00-24:00"').join(', ')}], input: 2 }`;

describeHostile('provider rules', [
  {
    name: 'thousands of time windows (the overlap check must not go quadratic)',
    files: { 's.yaml': scenario('evil/m'), 'evil.yaml': catalogue(`    time_windows:\n${manyWindows}\n`) },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'time_windows', 'at most 24'],
  },
  {
    name: 'a window with two thousand clock ranges',
    files: { 's.yaml': scenario('evil/m'), 'evil.yaml': catalogue(`    time_windows:\n${manyRanges}\n`) },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'at most 48'],
  },
  {
    name: 'overlapping windows (a minute priced twice would be silently wrong)',
    files: { 's.yaml': scenario('evil/m'), 'evil.yaml': catalogue(`    time_windows:\n      - { name: a, hours: ["01:00-04:00"], input: 2 }\n      - { name: b, days: weekdays, hours: ["03:00-05:00"], input: 3 }\n`) },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'time_windows', 'overlaps window "a"'],
  },
  {
    name: 'a window setting a rate the entry lacks',
    files: { 's.yaml': scenario('evil/m'), 'evil.yaml': catalogue(`    time_windows:\n      - { name: a, hours: ["01:00-04:00"], cache_read: 2 }\n`) },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'cache_read', 'outside the windows do not have'],
  },
  {
    name: 'a clock range that is not a time',
    files: { 's.yaml': scenario('evil/m'), 'evil.yaml': catalogue(`    time_windows:\n      - { name: a, hours: ["25:00-26:00"], input: 2 }\n`) },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'HH:MM-HH:MM'],
  },
  {
    name: 'a tier factor that would overflow',
    files: { 's.yaml': scenario('evil/m', '    service_tier: priority\n'), 'evil.yaml': catalogue('    service_tiers: { priority: { factor: 1e308 } }\n') },
    args: ['estimate', 's.yaml'],
    stderr: ['evil.yaml', 'factor', 'at most 10'],
  },
  {
    name: 'hour weights that would overflow their sum',
    files: { 's.yaml': scenario('evil/m', '', `  time_profile: { hours: [${Array(24).fill('1e308').join(', ')}] }\n`), 'evil.yaml': catalogue('') },
    args: ['estimate', 's.yaml'],
    stderr: ['s.yaml', 'traffic.time_profile.hours', 'at most 1e9'],
  },
  {
    name: 'a profile with every hour at 0 (a division by zero)',
    files: { 's.yaml': scenario('evil/m', '', `  time_profile: { hours: [${Array(24).fill(0).join(', ')}] }\n`), 'evil.yaml': catalogue('') },
    args: ['estimate', 's.yaml'],
    stderr: ['s.yaml', 'traffic.time_profile.hours', 'weight 0'],
  },
  {
    name: 'a time zone offset off the clock',
    files: { 's.yaml': scenario('evil/m', '', '  time_profile: { preset: business-hours, utc_offset: 1e9 }\n'), 'evil.yaml': catalogue('') },
    args: ['estimate', 's.yaml'],
    stderr: ['s.yaml', 'utc_offset'],
  },
  {
    name: 'a tier the model does not sell (it must not be priced as standard)',
    files: { 's.yaml': scenario('evil/m', '    service_tier: flex\n'), 'evil.yaml': catalogue('') },
    args: ['estimate', 's.yaml'],
    stderr: ['s.yaml', 'pipeline.s.service_tier', 'no flex tier'],
  },
  {
    name: 'a distribution on a traffic profile (it would not be drawn)',
    files: { 's.yaml': scenario('evil/m', '', '  time_profile: { weekday_share: { low: 0.1, high: 0.9 } }\n'), 'evil.yaml': catalogue('') },
    args: ['estimate', 's.yaml'],
    stderr: ['s.yaml', 'traffic.time_profile.weekday_share', 'not drawn'],
  },
]);
