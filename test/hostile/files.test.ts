/**
 * Hostile input, the file side (issue 13 items 1, 4, 6, 7, 12 and non-UTF-8): files a pull
 * request names must stay in the repository, errors quote only short escaped excerpts, nothing
 * hangs on a FIFO or a device, sizes are capped while reading, `-o` never overwrites an input
 * or a non-regular file, and globs stay fast.
 *
 * Cases that need symbolic links or FIFOs use a folder laid out once here (the harness only
 * writes plain files); its scenarios are named by absolute path, so their repository root is
 * that folder (it has no .git).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BIN, TEST_CACHE_DIR } from '../helpers/cli.js';
import { describeHostile, type HostileCase } from './harness.js';

const ok = 'version: 1\nname: t\ntraffic: { requests_per_day: 100 }\npipeline:\n  - name: a\n    model: gpt-5.4-mini\n    input: { user: 100 }\n    output: 10\n';
const withPricing = (list: string) => ok.replace('traffic:', `pricing: [${list}]\ntraffic:`);
const withPrompt = (ref: string) => ok.replace('input: { user: 100 }', `input: { system: ${ref}, user: 100 }`);
const catalogue = 'version: 1\nprovider: acme\ncurrency: USD\nas_of: 2026-01-01\nsource: https://example.com\nmodels:\n  acme-small: { input: 1, output: 2 }\n';
const quote = (catalogues: string) => `version: 1\nkind: quote\nvendor: V\nterm_months: 12\nrate_card: { catalogues: [${catalogues}] }\n`;

const SECRET = 'ghp_H0stileS3cretT0kenValue1234567890';

// ── a folder with links and FIFOs ──────────────────────────────────────────────────────────────
const SETUP = mkdtempSync(join(tmpdir(), 'aifinops-hostile-files-'));
const at = (rel: string) => join(SETUP, rel);
mkdirSync(at('repo/prompts'), { recursive: true });
writeFileSync(at('repo/link-cat.yaml.scenario.yaml'), withPricing('cat-link.yaml'));
symlinkSync('/etc/passwd', at('repo/cat-link.yaml'));
symlinkSync('/etc', at('repo/etc'));
writeFileSync(at('repo/link-dir.yaml'), withPricing('etc/passwd'));
execFileSync('mkfifo', [at('repo/fifo.yaml')]);
execFileSync('mkfifo', [at('repo/prompts/fifo.md')]);
writeFileSync(at('repo/fifo-cat.yaml'), withPricing('fifo.yaml'));
writeFileSync(at('repo/fifo-prompt.yaml'), withPrompt('{ file: prompts/fifo.md }'));
symlinkSync('/dev/zero', at('repo/prompts/zero.md'));
writeFileSync(at('repo/zero-prompt.yaml'), withPrompt('{ file: prompts/zero.md }'));
symlinkSync('/dev/zero', at('repo/zero.json'));
writeFileSync(at('repo/ok.yaml'), ok);
linkSync(at('repo/ok.yaml'), at('repo/hard-link.json'));
// a project whose scenario glob matches a link out of the repository
mkdirSync(at('proj/.git'), { recursive: true });
mkdirSync(at('proj/scenarios'));
writeFileSync(at('proj/aifinops.yaml'), 'version: 1\nscenarios: ["scenarios/*.yaml"]\n');
symlinkSync('/etc/passwd', at('proj/scenarios/passwd.yaml'));
const baseRun = spawnSync(process.execPath, [BIN, 'estimate', at('repo/ok.yaml'), '-f', 'json'], { encoding: 'utf8', env: { ...process.env, AIFINOPS_CACHE_DIR: TEST_CACHE_DIR } });
writeFileSync(at('proj/base.json'), baseRun.stdout);

/** A folder outside any case's repository, holding a scenario whose name must never be listed. */
let outside: string | undefined;
const outsideFolder = (): string => {
  if (!outside) {
    outside = mkdtempSync(join(tmpdir(), 'aifinops-hostile-outside-'));
    writeFileSync(join(outside, 'outside-secret-name.yaml'), ok);
  }
  return outside;
};

const unchanged = (rel: string, content: string) => (dir: string) => expect(readFileSync(join(dir, rel), 'utf8')).toBe(content);
const longNames = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p/${'a'.repeat(40)}${i}.md`, 'hello\n']));
const braces = '{a,b}'.repeat(30);

const cases: HostileCase[] = [
  // ── item 1: files named by a file stay in the repository; errors quote only excerpts ──
  {
    name: 'pricing: [/proc/self/environ] is refused as an absolute path, and no environment reaches stderr',
    files: { 's.yaml': withPricing('/proc/self/environ') },
    args: ['estimate', 's.yaml'],
    env: { HOSTILE_SECRET: SECRET },
    stderr: ['s.yaml', 'pricing[0]', 'absolute path'],
    notStderr: [SECRET, 'HOSTILE_SECRET'],
  },
  {
    name: '--pricing /proc/self/environ (a path the user gave) names the file but quotes none of it',
    files: { 's.yaml': ok },
    args: ['estimate', 's.yaml', '--pricing', '/proc/self/environ'],
    env: { HOSTILE_SECRET: SECRET },
    stderr: ['/proc/self/environ', 'expected a mapping'],
    notStderr: [SECRET, 'HOSTILE_SECRET', '='],
  },
  { name: 'pricing: ../../ out of the repository is refused', files: { 's.yaml': withPricing('../../../../../../etc/passwd') }, args: ['estimate', 's.yaml'], stderr: ['pricing[0]', 'outside the repository'], notStderr: ['root:'] },
  { name: 'pricing: ~/.ssh is refused', files: { 's.yaml': withPricing('~/.ssh/id_ed25519') }, args: ['estimate', 's.yaml'], stderr: ['pricing[0]', 'absolute path'] },
  { name: 'pricing: a symbolic link to /etc/passwd is refused', args: ['estimate', at('repo/link-cat.yaml.scenario.yaml')], stderr: ['pricing[0]', 'symbolic link', 'outside the repository'], notStderr: ['root:'] },
  { name: 'pricing: a path through a linked folder out of the repository is refused', args: ['estimate', at('repo/link-dir.yaml')], stderr: ['pricing[0]', 'symbolic link'], notStderr: ['root:'] },
  { name: 'a quote\'s rate_card.catalogues cannot name /etc/passwd', files: { 's.yaml': ok, 'q.yaml': quote('/etc/passwd') }, args: ['quotes', 's.yaml', 'q.yaml'], stderr: ['q.yaml', 'rate_card.catalogues[0]', 'absolute path'], notStderr: ['root:'] },
  { name: 'validate: a quote\'s catalogue cannot leave the repository', files: { 'q.yaml': quote('../../../../etc/passwd') }, args: ['validate', 'q.yaml'], stderr: ['rate_card.catalogues[0]', 'outside the repository'], notStderr: ['root:'] },
  {
    name: 'a project glob that matches a link out of the repository is refused',
    args: ['diff', '--project', at('proj/aifinops.yaml'), '--base', at('proj/base.json')],
    stderr: ['aifinops.yaml', 'scenarios/passwd.yaml', 'symbolic link'],
    notStderr: ['root:'],
  },
  { name: 'an absolute project glob is refused (already before issue 13)', files: { 'aifinops.yaml': 'version: 1\nscenarios: ["/etc/*"]\n', 'x.json': '{}' }, args: ['diff', '--base', 'x.json'], stderr: ['aifinops.yaml', 'scenarios[0]', 'absolute path'] },
  { name: 'a project glob that climbs out with .. is refused (already before issue 13)', files: { 'aifinops.yaml': 'version: 1\nscenarios: ["../../**/*.yaml"]\n', 'x.json': '{}' }, args: ['diff', '--base', 'x.json'], stderr: ['aifinops.yaml', 'scenarios[0]', 'leaves the project folder'] },
  { name: 'diff --base /etc/passwd (a path the user gave) is read but its content is not printed', args: ['diff', '--base', '/etc/passwd', 's.yaml'], files: { 's.yaml': ok }, stderr: ['/etc/passwd', 'not valid JSON'], notStderr: ['root:x', 'root:'] },
  { name: 'a baseline that is a secret, not JSON: the secret is not echoed', files: { 'b.json': `${SECRET}\n`, 's.yaml': ok }, args: ['diff', '--base', 'b.json', 's.yaml'], stderr: ['b.json', 'not valid JSON'], notStderr: [SECRET.slice(0, 8)] },
  {
    name: 'a baseline whose schema_version is 20,000 characters is quoted as a short excerpt',
    files: { 'b.json': JSON.stringify({ schema_version: 'v'.repeat(20_000) }), 's.yaml': ok },
    args: ['diff', '--base', 'b.json', 's.yaml'],
    stderr: ['b.json', 'schema_version', '…'],
    notStderr: [/v{100}/],
  },
  { name: 'a 1,000-character key is quoted as a short excerpt', files: { 's.yaml': `${ok}${'k'.repeat(1000)}: 1\n` }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'unknown key', '…'], notStderr: [/k{100}/] },
  { name: 'a huge string where a number belongs is quoted as a short excerpt', files: { 's.yaml': ok.replace('requests_per_day: 100', `requests_per_day: "${'9x'.repeat(50_000)}"`) }, args: ['estimate', 's.yaml'], stderr: ['traffic.requests_per_day', '…'], notStderr: [/(9x){60}/] },
  // Folders entered by name through a symbolic link (issue 13 item 1; found by fuzzing 2026-12-07):
  // the project globs of estimate, validate, compare and forecast, and a prompt glob's literal
  // folder, listed and read a folder outside the repository (diff refused it already)
  ...(['estimate', 'validate', 'compare', 'forecast'] as const).map((command): HostileCase => ({
    name: `${command} with no files: a project glob through a linked folder out of the repository is refused before anything in it is listed`,
    files: { '.git/HEAD': '', 'aifinops.yaml': 'version: 1\nscenarios: ["d/*.yaml"]\n' },
    setup: (dir) => symlinkSync(outsideFolder(), join(dir, 'd')),
    args: [command],
    stderr: ['aifinops.yaml', 'scenarios', '"d" is a symbolic link', 'outside the repository'],
    notStderr: ['outside-secret-name'],
  })),
  {
    name: 'estimate with no files: a project glob matching a linked file out of the repository is refused',
    files: { '.git/HEAD': '', 'aifinops.yaml': 'version: 1\nscenarios: ["*.yaml"]\n', 'in.yaml': ok },
    setup: (dir) => symlinkSync(join(outsideFolder(), 'outside-secret-name.yaml'), join(dir, 'l.yaml')),
    args: ['estimate'],
    stderr: ['aifinops.yaml', '"l.yaml" is a symbolic link', 'outside the repository'],
  },
  {
    name: 'a prompt glob whose literal folder is a link to /etc is refused without listing /etc',
    files: { '.git/HEAD': '', 's.yaml': withPrompt('{ files: ["etc/s*"] }') },
    setup: (dir) => symlinkSync('/etc', join(dir, 'etc')),
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:\d+:\d+/, 'files[0]', '"etc" is a symbolic link to /etc', 'outside the repository'],
    notStderr: [/shadow|ssh|sensors|skel|subuid/],
  },
  // Paths that cannot be read, or are absurdly long (found by fuzzing 2026-12-07): the entry is named
  // with its place, and a long path is quoted by its start and end only
  {
    name: 'pricing: [loop] where loop is a link to itself names the entry and its place (it said only "loop: cannot be read (ELOOP)")',
    files: { 's.yaml': withPricing('loop') },
    setup: (dir) => symlinkSync('loop', join(dir, 'loop')),
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:3:\d+/, 'pricing[0]', 'cannot be read (ELOOP)'],
  },
  {
    name: 'pricing: a 40,000-character path is quoted by its ends, not whole',
    files: { 's.yaml': withPricing(`${'a/'.repeat(20_000)}x.yaml`) },
    args: ['estimate', 's.yaml'],
    stderr: [/s\.yaml:3:\d+/, 'pricing[0]', '…'],
    after: (_dir, r) => expect(r.stderr.length).toBeLessThan(2000),
  },
  {
    name: 'a prompt file with a 40,000-character path is quoted by its ends, not whole',
    files: { 's.yaml': withPrompt(`{ file: "${'b/'.repeat(20_000)}x.md" }`) },
    args: ['estimate', 's.yaml'],
    stderr: ['s.yaml', 'prompt file', '…'],
    after: (_dir, r) => expect(r.stderr.length).toBeLessThan(2000),
  },
  // Very long values (bench/README.md, "A finding for the hostile suite"): locating the problem
  // runs the `yaml` library's full parse (which builds a quoted scalar a character at a time, some
  // 40 bytes of memory per character); these aborted (exit 134) under the suite's address-space
  // limit until the harness stopped it counting glibc's per-thread malloc arenas (harness.ts).
  { name: 'a 1 MB string on one line where a mapping belongs', files: { 's.yaml': ok.replace('traffic:', `tags: "${'x'.repeat(1 << 20)}"\ntraffic:`) }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:7/, 'tags', 'expected a mapping (name: value', '…'], notStderr: [/x{100}/] },
  { name: 'a 4 MB string folded over 60,000 lines where a mapping belongs', files: { 's.yaml': ok.replace('traffic:', `tags: "${Array.from({ length: 60_000 }, () => 'x'.repeat(63)).join('\n  ')}"\ntraffic:`) }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:3:7/, 'tags', '…'], notStderr: [/x{100}/] },
  { name: '30,000 numbers on one line where at most 120 months belong', files: { 's.yaml': `${ok}growth: { curve: [${Array.from({ length: 30_000 }, (_, i) => (i % 9) + 1).join(', ')}] }\n` }, args: ['estimate', 's.yaml'], stderr: [/s\.yaml:9:18/, 'growth.curve', 'at most 120'] },
  { name: 'a 1 MB string where the pipeline list belongs, through validate', files: { 's.yaml': ok.replace('pipeline:', `pipeline: "${'y'.repeat(1 << 20)}"\nxpipeline:`) }, args: ['validate', 's.yaml'], stderr: [/s\.yaml:4:11/, 'pipeline', 'expected a list of stages', '…'], notStderr: [/y{100}/] },
  { name: 'terminal escapes in a model name are escaped, not printed', files: { 's.yaml': ok.replace('gpt-5.4-mini', '"\\e]0;pwned\\a\\e[2Jgpt"') }, args: ['estimate', 's.yaml'], stderr: ['\\u001b'], notStderr: ['\u001b', '\u0007'] },

  // ── item 7: only regular files are read; sizes are capped while reading ──
  { name: 'a scenario that is a FIFO does not hang', args: ['estimate', at('repo/fifo.yaml')], stderr: ['fifo.yaml', 'FIFO'], timeoutMs: 10_000 },
  { name: 'a catalogue that is a FIFO does not hang', args: ['estimate', at('repo/fifo-cat.yaml')], stderr: ['fifo.yaml', 'FIFO'], timeoutMs: 10_000 },
  { name: 'a prompt file that is a FIFO does not hang', args: ['estimate', at('repo/fifo-prompt.yaml')], stderr: ['prompts/fifo.md', 'FIFO'], timeoutMs: 10_000 },
  { name: 'a prompt file linked to /dev/zero is refused (outside the repository)', args: ['estimate', at('repo/zero-prompt.yaml')], stderr: ['zero.md'], timeoutMs: 10_000 },
  { name: '/dev/zero as the scenario', args: ['estimate', '/dev/zero'], stderr: ['/dev/zero', 'character device'], timeoutMs: 10_000 },
  { name: '/dev/urandom as the scenario', args: ['validate', '/dev/urandom'], stderr: ['/dev/urandom', 'character device'], timeoutMs: 10_000 },
  { name: '/dev/zero as --pricing', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '--pricing', '/dev/zero'], stderr: ['/dev/zero', 'character device'], timeoutMs: 10_000 },
  { name: 'a baseline linked to /dev/zero', files: { 's.yaml': ok }, args: ['diff', '--base', at('repo/zero.json'), 's.yaml'], stderr: ['zero.json', 'character device'], timeoutMs: 10_000 },
  { name: '/dev/zero as a quote', files: { 's.yaml': ok }, args: ['quotes', 's.yaml', '/dev/zero'], stderr: ['/dev/zero', 'character device'], timeoutMs: 10_000 },
  { name: '/dev/zero as --gpus', files: { 's.yaml': ok }, args: ['breakeven', 's.yaml', '--gpus', '/dev/zero'], stderr: ['/dev/zero', 'character device'], timeoutMs: 10_000 },
  { name: '/dev/zero as --plans', files: { 's.yaml': ok }, args: ['seats', 's.yaml', '--plans', '/dev/zero'], stderr: ['/dev/zero', 'character device'], timeoutMs: 10_000 },
  // Node itself takes ~730 MB of the 1 GiB address space the harness allows, so holding 32 MiB may
  // already fail there: either way the run stops with exit 2 and a message, bounded, no crash.
  { name: 'comment --report - with more than 32 MiB on stdin stops (at the limit, or when memory runs short)', args: ['comment', 'github', '--report', '-'], input: Buffer.alloc(33 * 1024 * 1024, 0x20), stderr: [/<stdin>: (is larger than 33554432 bytes|cannot be read: out of memory after \d+ bytes)/], timeoutMs: 30_000 },
  {
    name: 'a baseline just under the 32 MiB limit (29,000 scenarios) is diffed within the 512 MB heap (59 MB, then allowed, ran it out of memory)',
    files: { 's.yaml': ok },
    setup: (dir) => {
      const one = JSON.parse(baseRun.stdout) as { scenarios: Record<string, unknown>[] };
      const sc = one.scenarios[0]!;
      one.scenarios = Array.from({ length: 29_000 }, (_, i) => ({ ...sc, name: `n${i}`, file: `f${i}.yaml` }));
      const text = JSON.stringify(one);
      if (!(text.length > 30_000_000 && text.length < 32 * 1024 * 1024)) throw new Error(`the baseline is ${text.length} bytes, not just under the limit`);
      writeFileSync(join(dir, 'big.json'), text);
    },
    args: ['diff', '--no-project', '--base', 'big.json', 's.yaml', '-f', 'json', '-o', 'out.json'],
    code: 0,
    stderr: [],
    timeoutMs: 60_000,
  },
  {
    name: 'a baseline over 32 MiB is refused while it is read',
    files: { 's.yaml': ok, 'big.json': Buffer.alloc(33 * 1024 * 1024, 0x20) },
    args: ['diff', '--no-project', '--base', 'big.json', 's.yaml'],
    stderr: ['big.json', 'is 34603008 bytes; inputs are limited to 33554432 bytes (32 MiB)'],
  },
  { name: 'comment --report - with a secret instead of JSON does not echo it', args: ['comment', 'github', '--report', '-'], input: `${SECRET}\n`, stderr: ['<stdin>', 'not valid JSON'], notStderr: [SECRET.slice(0, 8)] },
  { name: 'tokens /dev/zero', args: ['tokens', '/dev/zero'], stderr: ['/dev/zero', 'character device'], timeoutMs: 10_000 },
  { name: 'tokens of a folder', files: { 'd/a.md': 'x' }, args: ['tokens', 'd'], stderr: ['d', 'folder'] },
  { name: 'tokens - with more than 5 MiB on stdin stops at the limit', args: ['tokens', '-'], input: Buffer.alloc(6 * 1024 * 1024, 0x61), stderr: ['(stdin)', 'larger than 5242880 bytes'] },
  { name: 'tokens - with 6 MiB of NUL bytes on stdin stops at the limit', args: ['tokens', '-'], input: Buffer.alloc(6 * 1024 * 1024), stderr: ['(stdin)', 'larger than'] },
  { name: 'a scenario over 5 MiB is refused before it is parsed', files: { 's.yaml': `${ok}# ${'x'.repeat(6 * 1024 * 1024)}\n` }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'inputs are limited to 5242880 bytes'] },
  { name: 'a project file that is a FIFO', args: ['diff', '--project', at('repo/fifo.yaml'), '--base', 'x.json'], stderr: ['fifo.yaml', 'FIFO'], timeoutMs: 10_000 },

  // ── non-UTF-8 input is refused with its byte offset ──
  { name: 'a Latin-1 scenario', files: { 's.yaml': Buffer.concat([Buffer.from('version: 1\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]) }, args: ['estimate', 's.yaml'], stderr: ['s.yaml:2', 'not valid UTF-8', 'byte 0xe9 at byte offset 20'] },
  { name: 'an overlong UTF-8 sequence in a catalogue', files: { 's.yaml': ok, 'c.yaml': Buffer.concat([Buffer.from('version: 1\n# '), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]) }, args: ['estimate', 's.yaml', '--pricing', 'c.yaml'], stderr: ['c.yaml', 'not valid UTF-8', 'byte 0xc0 at byte offset 13'] },
  { name: 'a prompt file in UTF-16', files: { 's.yaml': withPrompt('{ file: p.md }'), 'p.md': Buffer.from('\ufeffhello', 'utf16le') }, args: ['estimate', 's.yaml'], stderr: ['p.md', 'not valid UTF-8'] },
  { name: 'tokens - with invalid UTF-8 on stdin', args: ['tokens', '-'], input: Buffer.from([0x61, 0x62, 0xff, 0x63]), stderr: ['(stdin)', 'byte 0xff at byte offset 2'] },
  { name: 'a baseline with a lone surrogate encoded in UTF-8 (CESU)', files: { 's.yaml': ok, 'b.json': Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]) }, args: ['diff', '--base', 'b.json', 's.yaml'], stderr: ['b.json', 'byte 0xed at byte offset 6'] },

  // ── items 4 and 12: -o ──
  { name: '-o onto the scenario itself is refused and the scenario is intact', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '-o', 's.yaml'], stderr: ['s.yaml', 'input of this run'], after: unchanged('s.yaml', ok) },
  { name: '-o onto the --pricing catalogue is refused', files: { 's.yaml': ok, 'c.yaml': catalogue }, args: ['estimate', 's.yaml', '--pricing', 'c.yaml', '-o', 'c.yaml'], stderr: ['c.yaml', 'input of this run'], after: unchanged('c.yaml', catalogue) },
  { name: '-o onto a scenario\'s own pricing: file is refused', files: { 's.yaml': withPricing('c.yaml'), 'c.yaml': catalogue }, args: ['estimate', 's.yaml', '-o', 'c.yaml'], stderr: ['c.yaml', 'input of this run'], after: unchanged('c.yaml', catalogue) },
  { name: '-o onto a prompt file is refused', files: { 's.yaml': withPrompt('{ file: p.md }'), 'p.md': 'You are helpful.\n' }, args: ['estimate', 's.yaml', '-o', 'p.md'], stderr: ['p.md', 'input of this run'], after: unchanged('p.md', 'You are helpful.\n') },
  { name: '-o onto a hard link of the scenario is refused', args: ['estimate', at('repo/ok.yaml'), '-o', at('repo/hard-link.json')], stderr: ['hard-link.json', 'same file as', 'ok.yaml'] },
  {
    name: '-o onto the baseline of a diff is refused',
    files: { 's.yaml': ok },
    args: ['diff', '--base', at('proj/base.json'), '--no-project', 's.yaml', '-o', at('proj/base.json')],
    stderr: ['base.json', 'input of this run'],
    after: () => expect(readFileSync(at('proj/base.json'), 'utf8')).toBe(baseRun.stdout),
  },
  { name: '-o onto a quote is refused', files: { 's.yaml': ok, 'q.yaml': quote('') }, args: ['quotes', 's.yaml', 'q.yaml', '-o', 'q.yaml'], stderr: ['q.yaml', 'input of this run'], after: unchanged('q.yaml', quote('')) },
  { name: '-o onto a FIFO is refused without blocking', files: { 's.yaml': ok }, args: ['estimate', at('repo/ok.yaml'), '-o', at('repo/fifo.yaml')], stderr: ['fifo.yaml', 'FIFO', 'regular file'], timeoutMs: 10_000 },
  { name: '-o onto a folder is refused', files: { 's.yaml': ok, 'out/x': '' }, args: ['estimate', 's.yaml', '-o', 'out'], stderr: ['out', 'is a folder'] },
  { name: '-o file.yaml/out.json (the parent is a file) is an input error, not a crash', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '-o', 's.yaml/out.json'], stderr: ['s.yaml/out.json', 's.yaml is a file, not a folder'], after: unchanged('s.yaml', ok) },
  { name: '-o into a folder that does not exist', files: { 's.yaml': ok }, args: ['estimate', 's.yaml', '-o', 'nope/out.json'], stderr: ['nope/out.json', 'does not exist'] },

  // ── item 6: globs ──
  { name: 'a backtracking prompt glob answers at once', files: { 's.yaml': withPrompt('{ files: ["p/*a*a*a*a*a*a*a*a*a*a*a*a*ax.md"] }'), ...longNames }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'matches no files'], timeoutMs: 10_000 },
  { name: 'a brace bomb in a prompt glob is capped', files: { 's.yaml': withPrompt(`{ files: ["p/${braces}.md"] }`), 'p/a.md': 'x' }, args: ['estimate', 's.yaml'], stderr: ['s.yaml', 'more than 1000 patterns'], timeoutMs: 10_000 },
  { name: 'a brace bomb on the tokens command line is capped', files: { 'p/a.md': 'x' }, args: ['tokens', `p/${braces}.md`], stderr: ['more than 1000 patterns'], timeoutMs: 10_000 },
  { name: 'a brace bomb in the project file is capped', files: { 'aifinops.yaml': `version: 1\nscenarios: ["${braces}.yaml"]\n`, 'x.json': '{}' }, args: ['diff', '--base', 'x.json'], stderr: ['aifinops.yaml', 'scenarios[0]', 'more than 1000 patterns'], timeoutMs: 10_000 },
  {
    name: 'a backtracking project glob answers at once',
    files: { 'aifinops.yaml': 'version: 1\nscenarios: ["*a*a*a*a*a*a*a*a*a*a*a*a*ax.yaml"]\n', ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${'a'.repeat(40)}${i}.yaml`, ok])), '.git/HEAD': '' },
    args: ['diff', '--base', at('proj/base.json')],
    stderr: ['match no files'],
    timeoutMs: 10_000,
  },
];

describeHostile('files', cases);
