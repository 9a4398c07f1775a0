/** Prompt files in scenario input parts: counting per model, templates, globs, the path guard, errors. */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../helpers/errors.js';

// a private cache folder for this file, before anything counts
process.env.AIFINOPS_CACHE_DIR = mkdtempSync(join(tmpdir(), 'aifinops-cache-'));

const { estimateScenario } = await import('../../src/core/estimate.js');
const { loadScenario } = await import('../../src/load/scenario.js');
const { diskSource } = await import('../../src/load/yaml.js');
const { encodingsLoaded } = await import('../../src/tokens/encodings.js');
const { ESTIMATED } = await import('../../src/tokens/families.js');
const { PROMPT_CATALOGUES, SYSTEM_PROMPT, tempRepo, tiktokenCount, writeFiles } = await import('./helpers.js');
type FileSource = import('../../src/load/yaml.js').FileSource;

const load = (root: string, scenario: string, extra: { set?: string[]; source?: FileSource } = {}) => {
  writeFiles(root, { 'scenario.yaml': scenario });
  return loadScenario(join(root, 'scenario.yaml'), { bundled: PROMPT_CATALOGUES, ...extra });
};

const scenario = (input: string, models = 'model: gpt-4o', extra = '') => `version: 1
name: prompts
traffic: { requests_per_month: 1000 }
pipeline:
  - name: answer
    ${models}
    input:
${input.replace(/^/gm, '      ')}
    output: 100
${extra}`;

const problems = (fn: () => unknown): { message: string; path?: string; line?: number; fix?: string }[] => inputErrorOf(fn).problems;

describe('counting prompt files', () => {
  it('counts a file exactly with the model family’s encoding', () => {
    const root = tempRepo({ 'prompts/system.md': SYSTEM_PROMPT });
    const s = load(root, scenario('system: { file: prompts/system.md }\nuser: 150'));
    const n = tiktokenCount(SYSTEM_PROMPT);
    expect(s.stages[0]!.input.system).toBe(n);
    expect(s.stages[0]!.input.user).toBe(150);
    const m = estimateScenario(s).stages[0]!.models[0]!;
    expect(m.token_counts).toEqual({
      method: 'exact',
      tokenizer: 'o200k_base',
      encoding: 'o200k_base',
      ratio: 1,
      basis: null,
      parts: [
        { part: 'system', method: 'exact', tokens: n, files: [{ file: expect.stringMatching(/prompts\/system\.md$/), tokens: n }], fill: null },
        { part: 'user', method: 'given', tokens: 150, files: [], fill: null },
      ],
    });
    expect(m.tokens.input).toBe(1000 * (n + 150));
  });

  it('gives each model of a mix its own count, and says which are estimates', () => {
    const root = tempRepo({ 'prompts/system.md': SYSTEM_PROMPT.repeat(5) });
    const s = load(root, scenario('system: { file: prompts/system.md }', 'models: { gpt-4o: 0.5, gpt-4-turbo: 0.3, claude-sonnet-4-5: 0.2 }'));
    const text = SYSTEM_PROMPT.repeat(5);
    const o200k = tiktokenCount(text);
    const cl100k = tiktokenCount(text, 'cl100k_base');
    const claude = Math.round(o200k * ESTIMATED['anthropic-claude']!.ratio);
    expect(o200k).not.toBe(cl100k);
    const [gpt4o, turbo, sonnet] = s.stages[0]!.models;
    expect(s.stages[0]!.input.system).toBe(o200k); // the largest share's count
    expect(gpt4o!.input).toBeUndefined();
    expect(turbo!.input?.system).toBe(cl100k);
    expect(sonnet!.input?.system).toBe(claude);
    const r = estimateScenario(s);
    const ms = r.stages[0]!.models;
    expect(ms.map((m) => m.token_counts?.method)).toEqual(['exact', 'exact', 'estimated']);
    expect(ms.map((m) => m.token_counts?.tokenizer)).toEqual(['o200k_base', 'cl100k_base', 'anthropic-claude']);
    expect(ms[2]!.token_counts!.parts[0]!.method).toBe('estimated');
    // input tokens per month follow each model's own count: C × I
    expect(ms[1]!.tokens.input).toBeCloseTo(1000 * 0.3 * cl100k, 6);
    expect(ms[2]!.tokens.input).toBeCloseTo(1000 * 0.2 * claude, 6);
    expect(r.warnings.join('\n')).toMatch(/answer: system tokens for anthropic\/claude-sonnet-4-5 are estimates \(anthropic-claude: o200k_base × 1\.16/);
  });

  it('uses the newer Claude ratio for Opus 4.7', () => {
    const root = tempRepo({ 'p.md': SYSTEM_PROMPT });
    const s = load(root, scenario('system: { file: p.md }', 'model: claude-opus-4-7'));
    expect(s.stages[0]!.input.system).toBe(Math.round(tiktokenCount(SYSTEM_PROMPT) * ESTIMATED['anthropic-claude-4.7']!.ratio));
  });

  it('a prompt that grows by N tokens costs exactly N × C × p_in more (fast-check)', () => {
    const root = tempRepo();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 20 }), (extra, steps) => {
        const base = SYSTEM_PROMPT;
        const grown = `${SYSTEM_PROMPT}\n${extra}`;
        writeFiles(root, { 'a.md': base, 'b.md': grown });
        const yaml = (f: string) => scenario(`system: { file: ${f} }\nuser: 40`, 'model: gpt-4o', '').replace('output: 100', `output: 100\n    agent_steps: ${steps}`);
        const a = estimateScenario(load(root, yaml('a.md')));
        const b = estimateScenario(load(root, yaml('b.md')));
        const N = tiktokenCount(grown) - tiktokenCount(base);
        const C = a.stages[0]!.calls_per_month;
        const pIn = 2.0 / 1e6; // gpt-4o in the test catalogue
        expect(b.total_monthly_cost - a.total_monthly_cost).toBeCloseTo(N * C * pIn, 9);
        expect(b.stages[0]!.models[0]!.tokens.input - a.stages[0]!.models[0]!.tokens.input).toBeCloseTo(N * C, 6);
      }),
      { numRuns: 25 },
    );
  });

  it('sums several files and globs, each file once, in a stable order', () => {
    const root = tempRepo({
      'prompts/tools/search.json': '{"name":"search","parameters":{"query":"string"}}',
      'prompts/tools/refund.json': '{"name":"refund","parameters":{"order_id":"string","amount":"number"}}',
      'prompts/tools/.hidden.json': '{"ignored": true}',
      'prompts/system.md': SYSTEM_PROMPT,
    });
    const s = load(root, scenario('system: { files: [prompts/system.md, "prompts/*.md"] }\ntools: { files: "prompts/tools/*.json" }'));
    const m = estimateScenario(s).stages[0]!.models[0]!;
    const tools = m.token_counts!.parts.find((p) => p.part === 'tools')!;
    expect(tools.files.map((f) => f.file.split('/').pop())).toEqual(['refund.json', 'search.json']);
    expect(tools.tokens).toBe(tiktokenCount('{"name":"refund","parameters":{"order_id":"string","amount":"number"}}') + tiktokenCount('{"name":"search","parameters":{"query":"string"}}'));
    const system = m.token_counts!.parts.find((p) => p.part === 'system')!;
    expect(system.files).toHaveLength(1);
    expect(system.tokens).toBe(tiktokenCount(SYSTEM_PROMPT));
  });

  it('expands ** and {a,b} in globs', () => {
    const root = tempRepo({ 'p/a/x.md': 'one', 'p/a/b/y.txt': 'two', 'p/z.md': 'three', 'p/skip.json': 'four' });
    const s = load(root, scenario('context: { files: "p/**/*.{md,txt}" }'));
    const files = estimateScenario(s).stages[0]!.models[0]!.token_counts!.parts[0]!.files.map((f) => f.file.split('/').slice(-2).join('/'));
    expect(files).toEqual(['b/y.txt', 'a/x.md', 'p/z.md']);
  });

  it('strips a UTF-8 byte-order mark before counting', () => {
    const root = tempRepo({ 'bom.md': `\ufeff${SYSTEM_PROMPT}`, 'plain.md': SYSTEM_PROMPT });
    const a = load(root, scenario('system: { file: bom.md }'));
    const b = load(root, scenario('system: { file: plain.md }'));
    expect(a.stages[0]!.input.system).toBe(b.stages[0]!.input.system);
  });

  it('does not load a tokenizer for a scenario without prompt files', () => {
    const before = encodingsLoaded();
    const root = tempRepo();
    load(root, scenario('system: 1200\nuser: 100', 'models: { gpt-4-turbo: 0.5, claude-sonnet-4-5: 0.5 }'));
    expect(encodingsLoaded()).toBe(before);
  });

  it('follows --set overrides onto and off prompt files', () => {
    const root = tempRepo({ 'a.md': SYSTEM_PROMPT, 'b.md': SYSTEM_PROMPT.repeat(3) });
    const yaml = scenario('system: { file: a.md }');
    expect(load(root, yaml, { set: ['pipeline.answer.input.system=500'] }).stages[0]!.input.system).toBe(500);
    expect(load(root, yaml, { set: ['pipeline.answer.input.system.file=b.md'] }).stages[0]!.input.system).toBe(tiktokenCount(SYSTEM_PROMPT.repeat(3)));
  });
});

describe('templates', () => {
  it('counts the fixed text plus the fill allowance (jinja by default)', () => {
    const tpl = 'Customer: {{ customer.name }}\nOrder {{ order_id }} {% if vip %}(VIP){% endif %}\n{# internal #}Question: {{ question }}\n';
    const root = tempRepo({ 'user.jinja': tpl });
    const s = load(root, scenario('user: { template: user.jinja, fill: 250 }'));
    const fixed = 'Customer: \nOrder  (VIP)\nQuestion: \n';
    expect(s.stages[0]!.input.user).toBe(tiktokenCount(fixed) + 250);
    const part = estimateScenario(s).stages[0]!.models[0]!.token_counts!.parts[0]!;
    expect(part).toMatchObject({ part: 'user', fill: 250, tokens: tiktokenCount(fixed) + 250 });
    expect(part.files[0]!.tokens).toBe(tiktokenCount(fixed));
  });

  it('supports f-string and dollar placeholders with their escapes', () => {
    const root = tempRepo({ 'f.txt': 'Hello {name}, your JSON: {{"a": 1}} costs {amount:.2f}.', 'd.txt': 'Hello ${name}, pay $$5 to $payee.' });
    expect(load(root, scenario('user: { template: f.txt, fill: 10, syntax: fstring }')).stages[0]!.input.user).toBe(tiktokenCount('Hello , your JSON: {"a": 1} costs .') + 10);
    expect(load(root, scenario('user: { template: d.txt, fill: 7, syntax: dollar }')).stages[0]!.input.user).toBe(tiktokenCount('Hello , pay $5 to .') + 7);
  });

  it('warns when a template has no placeholders in its syntax', () => {
    const root = tempRepo({ 't.md': 'Hello {name}' });
    const s = load(root, scenario('user: { template: t.md, fill: 5 }'));
    expect(s.warnings.join('\n')).toMatch(/t\.md: the template has no jinja placeholders, so fill: 5 is added to its full text \(check syntax:\)/);
  });
});

describe('the path guard', () => {
  it('refuses .. past the repository root, and absolute paths', () => {
    const root = tempRepo({ 'inner/scenario-dir/.keep': '' });
    const outside = join(root, '..', `outside-${Date.now()}.md`);
    writeFileSync(outside, 'secret');
    const p1 = problems(() => load(root, scenario(`system: { file: ../${outside.split('/').pop()} }`)));
    expect(p1[0]!.message).toMatch(/points outside the repository/);
    expect(p1[0]!.path).toBe('pipeline.answer.input.system.file');
    expect(p1[0]!.line).toBe(8);
    const p2 = problems(() => load(root, scenario(`system: { file: ${outside} }`)));
    expect(p2[0]!.message).toMatch(/is an absolute path/);
    const p3 = problems(() => load(root, scenario('system: { files: "../*.md" }')));
    expect(p3[0]!.message).toMatch(/points outside the repository/);
  });

  it('allows .. that stays inside the repository', () => {
    const root = tempRepo({ 'prompts/system.md': SYSTEM_PROMPT });
    writeFiles(root, { 'scenarios/s.yaml': scenario('system: { file: ../prompts/system.md }') });
    const s = loadScenario(join(root, 'scenarios/s.yaml'), { bundled: PROMPT_CATALOGUES });
    expect(s.stages[0]!.input.system).toBe(tiktokenCount(SYSTEM_PROMPT));
  });

  it('uses the scenario folder as the root when there is no .git above it', () => {
    const root = tempRepo({ 'shared.md': 'x' }, { git: false });
    writeFiles(root, { 'scenarios/s.yaml': scenario('system: { file: ../shared.md }') });
    const p = problems(() => loadScenario(join(root, 'scenarios/s.yaml'), { bundled: PROMPT_CATALOGUES }));
    expect(p[0]!.message).toMatch(/points outside the repository/);
  });

  it('refuses symlinks that lead out of the repository, also through globs', () => {
    const root = tempRepo({ 'ok.md': 'inside' });
    const outside = mkdtempSync(join(tmpdir(), 'aifinops-outside-'));
    writeFileSync(join(outside, 'secret.md'), 'secret');
    symlinkSync(join(outside, 'secret.md'), join(root, 'link.md'));
    symlinkSync(join(root, 'ok.md'), join(root, 'inner-link.md'));
    const p = problems(() => load(root, scenario('system: { file: link.md }')));
    expect(p[0]!.message).toMatch(/is a symbolic link to .*secret\.md, outside the repository/);
    const g = problems(() => load(root, scenario('system: { files: "*.md" }')));
    expect(g[0]!.message).toMatch(/symbolic link .* outside the repository/);
    expect(load(root, scenario('system: { file: inner-link.md }')).stages[0]!.input.system).toBe(tiktokenCount('inside'));
  });
});

describe('errors', () => {
  it('names the file, line, path and fix for a missing file', () => {
    const root = tempRepo();
    const p = problems(() => load(root, scenario('system: { file: prompts/nope.md }')));
    expect(p[0]).toMatchObject({ path: 'pipeline.answer.input.system.file', line: 8 });
    expect(p[0]!.message).toMatch(/prompt file not found: .*prompts\/nope\.md/);
    expect(p[0]!.fix).toBe('paths are relative to the scenario file');
    const g = problems(() => load(root, scenario('system: { file: "prompts/*.md" }')));
    expect(g[0]!.fix).toBe('for a glob, use files: instead of file:');
    const none = problems(() => load(root, scenario('system: { files: "prompts/*.md" }')));
    expect(none[0]!.message).toBe('"prompts/*.md" matches no files');
  });

  it('says did-you-mean for a misspelt key and explains a wrong value type', () => {
    const root = tempRepo();
    const p = problems(() => load(root, scenario('system: { flie: a.md }')));
    expect(p[0]).toMatchObject({ path: 'pipeline.answer.input.system.flie', message: 'unknown key "flie"', fix: 'did you mean "file"?' });
    const q = problems(() => load(root, scenario('system: { file: 3 }')));
    expect(q[0]!.message).toMatch(/^file: .*expected a file path/);
    const r = problems(() => load(root, scenario('system: "1200"')));
    expect(r[0]!.message).toMatch(/expected a number of tokens, or a prompt file/);
  });

  it('checks file / files / template / fill / syntax combinations', () => {
    const root = tempRepo({ 'a.md': 'a', 'b.md': 'b' });
    expect(problems(() => load(root, scenario('system: { file: a.md, files: [b.md] }')))[0]!.message).toBe('give one of file, files, not both');
    expect(problems(() => load(root, scenario('system: {}')))[0]!.message).toBe('a prompt reference needs file, files or template');
    expect(problems(() => load(root, scenario('system: { template: a.md }')))[0]!.message).toMatch(/a template needs fill/);
    expect(problems(() => load(root, scenario('system: { file: a.md, fill: 3 }')))[0]).toMatchObject({ path: 'pipeline.answer.input.system.fill', message: 'fill applies only to a template' });
    expect(problems(() => load(root, scenario('system: { template: a.md, fill: 3, syntax: mustache }')))[0]!.message).toMatch(/expected one of jinja, fstring, dollar/);
  });

  it('refuses folders and binary files', () => {
    const root = tempRepo({ 'dir/x.md': 'x', 'bin.dat': 'ab\u0000cd' });
    expect(problems(() => load(root, scenario('system: { file: dir }')))[0]).toMatchObject({ message: expect.stringMatching(/is a folder, expected a file/), fix: 'to count every file in a folder use files: folder/*' });
    expect(problems(() => load(root, scenario('system: { file: bin.dat }')))[0]!.message).toMatch(/is not a text file/);
  });
});

describe('reading through the scenario’s FileSource (as diff --base does)', () => {
  it('reads prompt files from the source, not the disk, and says where it looked', () => {
    const root = tempRepo({ 'scenario.yaml': scenario('system: { file: prompts/system.md }') });
    const files = new Map([[join(root, 'prompts/system.md'), 'old prompt text']]);
    const atRef: FileSource = {
      label: 'origin/main',
      readText: (abs) => {
        if (abs === join(root, 'scenario.yaml')) return diskSource.readText(abs);
        const t = files.get(abs);
        if (t === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        return t;
      },
      exists: (abs) => abs === join(root, 'scenario.yaml') || files.has(abs),
    };
    const s = loadScenario(join(root, 'scenario.yaml'), { bundled: PROMPT_CATALOGUES, source: atRef });
    expect(s.stages[0]!.input.system).toBe(tiktokenCount('old prompt text'));
    files.clear();
    const p = problems(() => loadScenario(join(root, 'scenario.yaml'), { bundled: PROMPT_CATALOGUES, source: atRef }));
    expect(p[0]!.message).toMatch(/prompt file not found at origin\/main/);
    writeFiles(root, { 'scenario.yaml': scenario('system: { files: "prompts/*.md" }') });
    const g = problems(() => loadScenario(join(root, 'scenario.yaml'), { bundled: PROMPT_CATALOGUES, source: atRef }));
    expect(g[0]!.message).toBe('globs cannot be expanded when reading from origin/main');
  });
});
