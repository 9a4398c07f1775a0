/** Shell completion, generated from the commander program, exercised in real bash, zsh and fish. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIND_IDS } from '../../src/load/kinds.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { hasTool } from '../helpers/tools.js';

/** The shell runs; a missing one skips its tests, or fails them in CI (test/helpers/tools.ts). */
const has = (sh: string) => hasTool(sh, ['-c', 'exit 0']);
let dir: string;
const scripts: Record<string, string> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aifinops-completion-'));
  for (const sh of ['bash', 'zsh', 'fish']) {
    const r = runCli(['completion', sh]);
    expect(r.code).toBe(0);
    scripts[sh] = join(dir, `aifinops.${sh}`);
    writeFileSync(scripts[sh]!, r.stdout);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (sh: string, args: string[], code: string) => {
  const r = spawnSync(sh, [...args, code], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir } });
  if (r.status !== 0) throw new Error(`${sh} failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).sort();
};
/** Completions for a command line ending in `line` (the last word is the one being completed). */
const bash = (line: string) => {
  const words = line.split(' ');
  const arr = words.map((w) => `'${w}'`).join(' ');
  return run('bash', ['--norc', '-c'], `source ${scripts.bash}; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _aifinops; printf '%s\\n' "\${COMPREPLY[@]}"`);
};
const zsh = (line: string) => {
  const words = line.split(' ');
  const arr = words.map((w) => `'${w}'`).join(' ');
  const stubs = `compdef() { :; }; compadd() { shift; print -rl -- "\${(@P)1}"; }; _describe() { print -rl -- "\${(@P)4}" | sed 's/:.*//' ; }; _files() { print _files; }`;
  // zsh's compadd and _describe keep only the matches of the word being completed; so do the stubs' callers
  const prefix = words.at(-1)!;
  return run('zsh', ['-f', '-c'], `${stubs}; source ${scripts.zsh}; words=(${arr}); CURRENT=${words.length}; _aifinops`).filter((w) => w === '_files' || w.startsWith(prefix));
};
const fish = (line: string) => run('fish', ['-N', '-c'], `source ${scripts.fish}; complete -C '${line}'`).map((l) => l.split('\t')[0]!);

const TOP = ['completion', 'estimate', 'help', 'init', 'pricing', 'schema', 'validate'];

describe.each([
  ['bash', bash],
  ['zsh', zsh],
  ['fish', fish],
] as const)('%s completion', (sh, complete) => {
  it.skipIf(!has(sh))('completes commands, subcommands, options and their values', () => {
    expect(complete('aifinops ')).toEqual(expect.arrayContaining(TOP));
    expect(complete('aifinops pricing ')).toEqual(expect.arrayContaining(['list', 'show', 'validate']));
    expect(complete('aifinops estimate --ex')).toEqual(['--explain']);
    expect(complete('aifinops estimate -f ')).toEqual(['csv', 'json', 'markdown', 'table']);
    expect(complete('aifinops --no-color estimate --format json --gr')).toEqual(['--group-by']); // option values are skipped
    expect(complete('aifinops init --type ')).toEqual(['agent', 'batch', 'chatbot', 'copilot', 'rag']);
    expect(complete('aifinops schema ')).toEqual([...KIND_IDS].sort());
    expect(complete('aifinops completion ')).toEqual(['bash', 'fish', 'zsh']);
    // `pricing validate` and `validate` are different commands with different options
    expect(complete('aifinops pricing validate --')).not.toContain('--kind');
    expect(complete('aifinops validate --k')).toEqual(['--kind']);
  });

  it.skipIf(!has(sh))('completes file names for file arguments', () => {
    const files = complete('aifinops estimate test/fixtures/scenarios/ba');
    if (sh === 'zsh') expect(files).toEqual(['_files']);
    else expect(files).toEqual(['test/fixtures/scenarios/basic.yaml']);
  });
});

describe('completion scripts stay in step with the program', () => {
  it('name every command and option the CLI registers', () => {
    const help = runCli(['--help']).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z][\w-]*)\b/gm)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(TOP.filter((c) => c !== 'help')));
    const script = runCli(['completion', 'bash']).stdout;
    for (const c of commands) expect(script).toContain(c);
    for (const sub of ['list', 'show']) {
      const opts = [...runCli(['pricing', sub, '--help']).stdout.matchAll(/(--[a-z][\w-]*)/g)].map((m) => m[1]!);
      const line = script.split('\n').find((l) => l.startsWith(`    'pricing ${sub}') echo`))!;
      for (const o of opts) expect(line, `pricing ${sub} ${o}`).toContain(o);
    }
  });

  it('an unknown shell is a usage error', () => {
    const r = runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Allowed choices are bash, zsh, fish');
  });
});
