/** Issue 15: help examples that write files must say where they write. */
import { describe, expect, it } from 'vitest';
import { WRITES_NOTE } from '../../src/cli.js';
import { runCli } from '../helpers/cli.js';

describe('help examples that write a file', () => {
  it('every help whose examples write a file (-o, --out-dir) says where, and how to keep a checkout clean', () => {
    const writers: string[][] = [];
    const top = runCli(['--help']).stdout;
    const names = [...top.matchAll(/^ {2}([a-z][a-z-]*)(?: [[<]|\s{2,})/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) {
      const help = runCli([name, '--help']).stdout;
      if (/^\s+\$ aifinops .*(\s-o\s|--out-dir)/m.test(help)) writers.push([name]);
      expect(help, name).toContain(WRITES_NOTE);
    }
    expect(top).toContain(WRITES_NOTE);
    // the note is there because examples do write: estimate, diff, forecast, schema … among them
    expect(writers.flat()).toEqual(expect.arrayContaining(['estimate', 'diff', 'forecast', 'schema', 'init']));
  });
});
