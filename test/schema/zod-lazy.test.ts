/**
 * zod is loaded when the first schema node is built, not at start-up (src/schema/zod.ts): a run
 * whose files pass the fast checks never initialises it; anything the fast checks are unsure of
 * steps aside to the schema, which loads it and answers with the schema's own messages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, TEST_CACHE_DIR } from '../helpers/cli.js';
import * as zodMini from '../../src/schema/zod-mini.js';
import { deferred } from '../../src/schema/zod.js';
import { catalogueSchema } from '../../src/schema/catalogue.js';
import { parseYamlText } from '../../src/load/yaml.js';

const tmp = mkdtempSync(join(tmpdir(), 'aifinops-zod-lazy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// zod's core sets globalThis.__zod_globalConfig when it initialises: this preload reports, at exit,
// whether it did (the code cache is off: a run with Node options would write a cache of its own)
const probe = join(tmp, 'probe.cjs');
writeFileSync(probe, "process.on('exit', () => require('node:fs').writeSync(2, `\\nZOD-LOADED:${'__zod_globalConfig' in globalThis}\\n`));\n");

function run(args: string[]): { code: number | null; stderr: string; zod: boolean } {
  const r = spawnSync(process.execPath, ['--require', probe, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', AIFINOPS_CACHE_DIR: TEST_CACHE_DIR, AIFINOPS_CODE_CACHE: 'off' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const m = /\nZOD-LOADED:(true|false)\n/.exec(r.stderr);
  if (!m) throw new Error(`no probe line: ${r.stderr.slice(0, 500)}`);
  return { code: r.status, stderr: r.stderr.replace(m[0], ''), zod: m[1] === 'true' };
}

describe('zod at start-up (the built CLI)', () => {
  it.each([
    ['estimate', 'scenarios/rag-support-assistant.yaml'],
    ['forecast', 'scenarios/coding-agent-growth.yaml'],
    ['validate', 'scenarios/', 'pricing/', 'quotes/'],
  ])('%s on its README example never loads zod', (...args) => {
    const r = run(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.zod).toBe(false);
  });

  it('a scenario the fast check is unsure of loads zod, and gets the schema\'s message (file, line:column, key path, did-you-mean)', () => {
    const file = join(tmp, 'typo.yaml');
    writeFileSync(file, 'version: 1\nname: typo\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - name: answer\n    model: openai/gpt-5.4\n    input: { user: 100 }\n    outptu: 10\n');
    const r = run(['estimate', file]);
    expect(r.code).toBe(2);
    expect(r.zod).toBe(true);
    expect(r.stderr).toBe(`aifinops: error: ${file}:8:5: pipeline.answer.outptu: unknown key "outptu" — did you mean "output"?\n`);
  });
});

describe('src/schema/zod-mini.ts (what the bundle loads for zod/mini)', () => {
  it('is what every bundle holds: never zod\'s CommonJS build, nor all of zod/mini (its other locales)', () => {
    // "tidak valid" is zod's Indonesian message: in the bundle only when all of zod/mini's namespace is
    for (const f of ['estimate.cjs', 'cmd-forecast.cjs', 'cmd-validate.cjs', 'cli.cjs', 'index.js', 'report-engine.js']) {
      const text = readFileSync(join(ROOT, 'dist', f), 'utf8');
      expect(text, f).not.toContain('tidak valid');
      expect(text, f).not.toMatch(/node_modules\/zod\/[\w/.-]+\.cjs/);
    }
  });

  it('exports every zod/mini function the schema sources call', () => {
    const dirs = ['src/schema', 'src/load'].map((d) => join(ROOT, d));
    const used = new Set<string>();
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        const text = readFileSync(join(dir, f), 'utf8');
        if (!/from '\.\.?\/(?:schema\/)?zod\.js'/.test(text)) continue;
        for (const m of text.matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) used.add(m[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((n) => !(n in zodMini));
    expect(missing).toEqual([]);
    expect(typeof zodMini.locales.en).toBe('function');
  });
});

describe('deferred', () => {
  it('builds nothing until first used, then stands for the node it built', () => {
    let built = 0;
    const node = { a: 1, f(this: { a: number }) { return this.a; } };
    const d = deferred(() => (built++, node));
    expect(built).toBe(0);
    expect(d.a).toBe(1);
    expect(d.f()).toBe(1);
    expect('a' in d).toBe(true);
    expect(Object.keys(d)).toEqual(['a', 'f']);
    expect(built).toBe(1);
  });

  it('a deferred exported schema parses as the schema it wraps', () => {
    const good = parseYamlText(readFileSync(join(ROOT, 'pricing/openai.yaml'), 'utf8'), 'pricing/openai.yaml').data as Record<string, unknown>;
    const ok = catalogueSchema.safeParse(structuredClone(good));
    expect(ok.success).toBe(true);
    expect(ok.data!.provider).toBe('openai');
    const bad = catalogueSchema.safeParse({ ...structuredClone(good), currency: 'usd' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['currency']);
  });
});
