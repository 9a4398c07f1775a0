/**
 * Trying the help examples leaves nothing in the current folder but `.aifinops/` (git-ignored
 * here): every example that writes a file writes it there, and `-o` creates that folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'aifinops-help-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const COMMANDS = ['estimate', 'validate', 'compare', 'diff', 'forecast', 'breakeven', 'seats', 'quotes', 'tokens', 'whatif', 'sweep', 'levers', 'sensitivity', 'schema', 'comment', 'pricing list', 'pricing diff'];

describe('help examples', () => {
  it.each(COMMANDS)('%s: every file an example writes is under .aifinops/', (cmd) => {
    const r = runCli([...cmd.split(' '), '--help']);
    expect(r.code).toBe(0);
    const examples = r.stdout.split('\n').filter((l) => l.trim().startsWith('$ aifinops'));
    const outputs = examples.flatMap((l) => [...l.matchAll(/(?:^|\s)(?:-o|--output)\s+(\S+)/g)].map((m) => m[1]!));
    for (const o of outputs) expect(o, `${cmd}: ${o}`).toMatch(/^\.aifinops\//);
  });

  it('-o creates a missing folder, and the report lands there (nothing else is written)', () => {
    const r = runCli(['estimate', join(ROOT, 'scenarios/rag-support-assistant.yaml'), '-f', 'json', '-o', '.aifinops/report.json'], { cwd: temp });
    expect(r.code).toBe(0);
    expect(readdirSync(temp)).toEqual(['.aifinops']);
    expect(JSON.parse(readFileSync(join(temp, '.aifinops', 'report.json'), 'utf8')).schema_version).toBe(1);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.aifinops/');
  });

  it('a folder that cannot be created is an input error naming the output file', () => {
    writeFileSync(join(temp, 'a-file'), '');
    for (const out of ['a-file/sub/x.txt', '/proc/aifinops-nope/x.txt']) {
      const r = runCli(['estimate', join(ROOT, 'scenarios/rag-support-assistant.yaml'), '-o', out], { cwd: temp });
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toMatch(new RegExp(`^aifinops: error: ${out.replace(/[/.]/g, '\\$&')}: cannot create the folder of the output file \\(E[A-Z]+\\)`));
    }
    expect(existsSync('/proc/aifinops-nope')).toBe(false);
  });
});
