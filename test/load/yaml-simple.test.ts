/**
 * The fast path for plain YAML (load/yaml-simple.ts) against the `yaml` library: whenever it
 * answers, it must give exactly the library's data for a document the library accepts; for
 * anything else it must step aside (undefined) so the library parses and reports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/load/yaml-simple.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { ROOT } from '../helpers/cli.js';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function hasForbiddenKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasForbiddenKey);
  if (v !== null && typeof v === 'object') return Object.entries(v).some(([k, x]) => FORBIDDEN.has(k) || hasForbiddenKey(x));
  return false;
}

/** What the library makes of the text, with the options load/yaml.ts uses; undefined when it reports an error. */
function library(text: string): { data: unknown } | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length) return undefined;
  return { data: doc.toJS({ maxAliasCount: 100 }) };
}

function expectAgrees(text: string): 'simple' | 'library' {
  const fast = parseSimpleYaml(text);
  if (fast === undefined) return 'library';
  const lib = library(text);
  expect(lib, `the fast path accepted YAML the library rejects:\n${text}`).toBeDefined();
  expect(hasForbiddenKey(lib!.data), `the fast path accepted a forbidden key:\n${text}`).toBe(false);
  expect(fast.data, text).toStrictEqual(lib!.data);
  return 'simple';
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') return [];
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

describe('parseSimpleYaml', () => {
  it('agrees with the library on every YAML file in the repository, and takes the fast path for the bundled scenarios and catalogues', () => {
    const files = yamlFiles(ROOT);
    expect(files.length).toBeGreaterThan(50);
    const slow: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const path = relative(ROOT, f).split('\\').join('/');
      // folded notes (`notes: >-`) and anchors (`model: &llama`) are left to the library
      if (expectAgrees(text) === 'library' && /^(scenarios|pricing)\//.test(path) && !/: (?:[|>]-?$|[&*]\w)/m.test(text)) slow.push(path);
    }
    expect(slow).toEqual([]);
  });

  it('agrees with the library on generated documents: block and flow collections, quoting, comments, numbers, odd characters', () => {
    const word = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('a', 'b', 'name', 'gpt-5.4', 'hit_rate', 'x y', 'C#', 'a:b', 'é', '中', 'pipeline.answer', '-k', 'yes', 'no', 'on') },
      { weight: 1, arbitrary: fc.constantFrom('"a b"', "'a'", '"a"', '"1"', '1', 'null', 'true', '""', '__proto__', '"constructor"', 'a"b', "it's", '"a\\"b"', '[a]', '{a}') },
    );
    const scalarText = fc.constantFrom(
      ...['0', '1', '-0', '+5', '007', '12.50', '.5', '5.', '1e3', '1E-3', '.inf', '-.Inf', '.nan', '0x1F', '0o17', '0b1', '1_000', '35%', 'null', 'Null', '~', 'true', 'False', 'TRUE', 'tRUE', 'yes', 'NaN'],
      ...['USD', 'gpt-6-luna', 'a b c', 'C#', 'x # y', 'a: b', 'a:b', 'http://x.y/z', 'é中😀', '-x', '-', '@x', '`x', '%x', '!tag', '&a', '*a', '|', '>', '?', ':x', '[x', '{x', '"q"', "'q'", "it's", 'a, b', '[a, b]', '{ a: 1 }', ''],
    );
    const scalar = fc.oneof(
      scalarText,
      scalarText.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`),
      scalarText.map((s) => `'${s.replace(/'/g, "''")}'`),
      fc.constantFrom('"a\\nb"', '"\\u00e9"', '"\\x41"', '"tab\\there"', "'a''b'", '"unterminated', "'unterminated"),
    );
    const flow: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')) as fc.Arbitrary<string>,
      map: fc.array(fc.tuple(word, tie('node') as fc.Arbitrary<string>), { maxLength: 3 }).map((ps) => `{ ${ps.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
      seq: fc.array(tie('node') as fc.Arbitrary<string>, { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    })).node;
    const comment = fc.constantFrom('', '', '  # note', ' #x', '#glued');
    type Block = { kind: 'map'; entries: [string, Block | string][] } | { kind: 'seq'; items: (Block | string)[] };
    const block: fc.Arbitrary<Block> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalar, flow, tie('block')) as fc.Arbitrary<Block | string>,
      block: fc.oneof(
        fc.array(fc.tuple(word, tie('value') as fc.Arbitrary<Block | string>), { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'map' as const, entries })),
        fc.array(tie('value') as fc.Arbitrary<Block | string>, { minLength: 1, maxLength: 4 }).map((items) => ({ kind: 'seq' as const, items })),
      ) as fc.Arbitrary<Block>,
    })).block;
    interface Style {
      step: number;
      /** a sequence that is a mapping's value sits at the key's own indentation */
      seqAtKeyIndent: boolean;
      /** `- key: value` and `- - x` rather than the node on the lines below the dash */
      compact: boolean;
      comment: string;
    }
    const render = (b: Block, indent: number, st: Style): string[] => {
      const pad = ' '.repeat(indent);
      const lines: string[] = [];
      const child = (v: Block | string, head: string, keyed: boolean) => {
        if (typeof v === 'string') lines.push(`${head} ${v}${st.comment}`);
        else if (!keyed && st.compact) {
          const inner = render(v, indent + 2, st);
          lines.push(`${head} ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else {
          lines.push(`${head}${st.comment}`);
          lines.push(...render(v, keyed && st.seqAtKeyIndent && v.kind === 'seq' ? indent : indent + st.step, st));
        }
      };
      if (b.kind === 'map') for (const [k, v] of b.entries) child(v, `${pad}${k}:`, true);
      else for (const v of b.items) child(v, `${pad}-`, false);
      return lines;
    };
    const doc = fc.record({ root: block, step: fc.constantFrom(1, 2, 4), seqAtKeyIndent: fc.boolean(), compact: fc.boolean(), comment, blank: fc.boolean() }).map(({ root, blank, ...st }) => {
      const lines = render(root, 0, st);
      return `${blank ? '# header\n\n' : ''}${lines.join('\n')}\n`;
    });
    // and small damage: a character inserted or a line's indentation changed
    const damaged = fc.tuple(doc, fc.nat(), fc.constantFrom(' ', '\t', '\r', ':', '-', '#', '"', "'", '{', '}', '[', ']', ',', '&', '*', '!', '|', '\n', '  ', '---\n')).map(([text, at, ch]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + ch + text.slice(i);
    });
    const counts = { simple: 0, library: 0 };
    fc.assert(
      fc.property(fc.oneof(doc, damaged), (text) => {
        counts[expectAgrees(text)]++;
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 3000) },
    );
    // the generator must exercise both paths, or this test proves little
    expect(counts.simple).toBeGreaterThan(500);
    expect(counts.library).toBeGreaterThan(300);
  });

  it('steps aside for what it leaves to the library', () => {
    for (const text of [
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !!str 1\n', // tags
      'a: |\n  text\n', // block scalars
      'a: plain\n  continued\n', // multi-line plain scalar
      'a: [1,\n  2]\n', // multi-line flow collection
      'a: 1\na: 2\n', // duplicate key
      '__proto__: 1\n', // forbidden key
      '1: one\n', // non-string key
      'a:\tb\n', // tab
      'a: 1\r\nb: 2\r\n', // CR line ends
      '---\na: 1\n', // document marker
      '', // empty document
    ]) {
      expect(parseSimpleYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('loaded through parseYamlText, positions still come from the library when asked', () => {
    const loaded = parseYamlText('name: x\npipeline:\n  - name: answer\n    model: gpt-6-luna\n', 'f.yaml');
    expect(loaded.data).toEqual({ name: 'x', pipeline: [{ name: 'answer', model: 'gpt-6-luna' }] });
    expect(loaded.locate(['pipeline', 0, 'model'])).toEqual({ line: 4, column: 12 });
    expect(loaded.locate(['pipeline', 0, 'model'], 'key')).toEqual({ line: 4, column: 5 });
  });
});
