/** Every command's help ends with examples that use the command (command groups list their subcommands). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function subcommands(path: string[]): string[] {
  const help = runCli([...path, '--help']).stdout;
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

function allCommands(path: string[] = []): { path: string[]; group: boolean }[] {
  const subs = subcommands(path);
  const here = path.length ? [{ path, group: subs.length > 0 }] : [];
  return [...here, ...subs.flatMap((s) => allCommands([...path, s]))];
}

describe('help texts', () => {
  const commands = allCommands();
  it('finds the commands', () => {
    expect(commands.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['estimate', 'validate', 'schema', 'init', 'completion', 'pricing list', 'pricing diff']));
  });
  it.each(commands.filter((c) => !c.group).map((c) => c.path.join(' ')))('aifinops %s --help has examples of itself', (path) => {
    const help = runCli([...path.split(' '), '--help']).stdout;
    const examples = help.split(/^Examples:$/m)[1];
    expect(examples, `${path}: no "Examples:" section`).toBeDefined();
    expect(examples).toMatch(new RegExp(`^ {2}\\$ aifinops ${path}( |$)`, 'm'));
  });
});
