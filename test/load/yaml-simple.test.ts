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
import { parseSimpleScalar, parseSimpleYaml } from '../../src/load/yaml-simple.js';
import { parseYamlText, parseYamlValue } from '../../src/load/yaml.js';
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
  it('agrees with the library on every YAML file in the repository, and takes the fast path for every bundled scenario, catalogue and quote', () => {
    const files = yamlFiles(ROOT);
    expect(files.length).toBeGreaterThan(50);
    const slow: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const path = relative(ROOT, f).split('\\').join('/');
      if (expectAgrees(text) === 'library' && /^(scenarios|pricing|quotes)\//.test(path)) slow.push(path);
    }
    expect(slow).toEqual([]);
    // among them the ones with folded notes (`notes: >-`) and anchors (`model: &llama-8b-fp8`)
    for (const f of ['pricing/seats.yaml', 'pricing/gpus.yaml', 'pricing/deployments.yaml']) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      expect(/: (?:>-$|[&*]\w)/m.test(text), f).toBe(true);
      expect(expectAgrees(text), f).toBe('simple');
    }
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

  it('agrees with the library on generated block scalars (literal, folded, chomping, indentation), anchors and aliases', () => {
    // block scalars: header, then lines at the content's indentation (relative to the key), with
    // empty lines (some holding spaces), more-indented lines and comments among them
    const blockLine = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('text', 'more text', '# not a comment', 'a: b', '- x', "it's", 'é中', '"q"') },
      { weight: 3, arbitrary: fc.constantFrom('', ' ', '   ') },
      { weight: 1, arbitrary: fc.constantFrom('  indented', ' one', '\tTab') },
    );
    const blockScalarText = fc
      .record({
        header: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('|', '>', '|-', '>-', '|+', '>+', '| # c', '>-  # c') },
          { weight: 1, arbitrary: fc.constantFrom('|2', '>1', '|#x', '>x', '|-+') },
        ),
        offset: fc.constantFrom(1, 2, 2, 2, 3, 0),
        lines: fc.array(blockLine, { minLength: 0, maxLength: 5 }),
      })
      .map(({ header, offset, lines }) => ({ kind: 'scalar' as const, header, offset, lines }));
    const word = fc.constantFrom('a', 'b', 'notes', 'k');
    const entry = fc.oneof(
      { weight: 4, arbitrary: blockScalarText },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('anchor' as const), name: fc.constantFrom('x', 'x', 'x', 'y', 'llama-8b', 'a#b'), seq: fc.boolean(), value: fc.constantFrom('1', 'v', 'null') }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('alias' as const), name: fc.constantFrom('x', 'x', 'x', 'x', 'y', 'llama-8b', 'z'), comment: fc.constantFrom('', ' # c', '#c') }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('plain' as const), value: fc.constantFrom('1', 'text', '"q"', 'x|', '|x', '&') }) },
    );
    type Entry = typeof entry extends fc.Arbitrary<infer E> ? E : never;
    const renderEntry = (key: string, e: Entry, indent: number, first: string): string[] => {
      const pad = ' '.repeat(indent);
      const head = `${first}${key}:`;
      if (e.kind === 'scalar') return [`${head} ${e.header}`, ...e.lines.map((l) => (l.trim() === '' ? l : ' '.repeat(indent + e.offset) + l))];
      if (e.kind === 'anchor') return [`${head} &${e.name}`, e.seq ? `${pad}  - ${e.value}` : `${pad}  k: ${e.value}`];
      if (e.kind === 'alias') return [`${head} *${e.name}${e.comment}`];
      return [`${head} ${e.value}`];
    };
    const docOf = fc
      .record({
        entries: fc.array(fc.tuple(word, entry), { minLength: 1, maxLength: 4 }),
        where: fc.constantFrom('top', 'nested', 'seq'),
        end: fc.constantFrom('\n', '\n', '\n', '', '\n\n', '\n  \n', '\n# end\n'),
      })
      .map(({ entries, where, end }) => {
        const indent = where === 'top' ? 0 : 2;
        const lines = entries.flatMap(([k, e], i) => renderEntry(`${k}${i}`, e, indent, where === 'seq' ? (i === 0 ? '- ' : '  ') : ' '.repeat(indent)));
        return `${where === 'nested' ? 'parent:\n' : ''}${lines.join('\n')}${end}`;
      });
    const damaged = fc.tuple(docOf, fc.nat(), fc.constantFrom(' ', '\n', '#', '-', '|', '>', '&', '*', ':', '  ')).map(([text, at, ch]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + ch + text.slice(i);
    });
    const counts = { simple: 0, library: 0 };
    fc.assert(
      fc.property(fc.oneof({ weight: 3, arbitrary: docOf }, { weight: 1, arbitrary: damaged }), (text) => {
        counts[expectAgrees(text)]++;
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 3000) },
    );
    expect(counts.simple).toBeGreaterThan(300);
    expect(counts.library).toBeGreaterThan(300);
  });

  it('reads block scalars and aliases as YAML 1.2 defines them (hand-derived values)', () => {
    const cases: [string, unknown][] = [
      // folded: a line break between text lines becomes a space, n empty lines become n line feeds; strip drops the last break
      ['a: >-\n  one\n  two\n\n  three\nb: 1\n', { a: 'one two\nthree', b: 1 }],
      // literal keeps the breaks and the spaces beyond the content's indentation; clip keeps one final break
      ['a: |\n  x\n   y\n\n\nb: 1\n', { a: 'x\n y\n', b: 1 }],
      // keep: every trailing empty line
      ['a: |+\n  x\n\n\nb: 1\n', { a: 'x\n\n\n', b: 1 }],
      // a `#` line inside the scalar is text; a comment less indented ends it
      ['a: >\n  x\n  # y\n # c\nb: 1\n', { a: 'x # y\n', b: 1 }],
      // leading empty lines are line feeds, also when folded
      ['- notes: >\n\n    x\n', [{ notes: '\nx\n' }]],
    ];
    for (const [text, want] of cases) {
      expect(parseSimpleYaml(text), JSON.stringify(text)).toStrictEqual({ data: want });
      expect(library(text), JSON.stringify(text)).toStrictEqual({ data: want });
    }
    const doc = parseSimpleYaml('a: &m\n  k: 1\nb: *m # same\n')!.data as Record<string, unknown>;
    expect(doc).toStrictEqual({ a: { k: 1 }, b: { k: 1 } });
    // as the library gives it: the alias is the anchored node's own value
    expect(doc.b).toBe(doc.a);
    const lib = library('a: &m\n  k: 1\nb: *m # same\n')!.data as Record<string, unknown>;
    expect(lib.b).toBe(lib.a);
  });

  it('reads a one-line plain scalar (a --set value) as the library does, or steps aside', () => {
    const libraryValue = (text: string): unknown => {
      const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
      return doc.errors.length > 0 ? text : (doc.toJS({ maxAliasCount: 100 }) ?? null);
    };
    const piece = fc.constantFrom('0', '1', '-', '+', '.', '5', 'e', 'E', '3', 'x', ' ', '%', 'inf', 'nan', 'Inf', 'null', 'true', 'False', '~', '0x', '0o', '_', ':', '#', ',', '[', '{', '"', "'", '!', '&', '*', '|', '>', '?', '@', '`', '---', '...', 'é', '\t');
    let simple = 0;
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }).map((xs) => xs.join('')), (text) => {
        const fast = parseSimpleScalar(text);
        if (fast === undefined) return;
        simple++;
        expect(fast.value, JSON.stringify(text)).toStrictEqual(libraryValue(text));
        expect(parseYamlValue(text, '--set x'), JSON.stringify(text)).toStrictEqual(libraryValue(text));
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 3000) },
    );
    expect(simple).toBeGreaterThan(300);
    // hand-derived: numbers, percentages as strings, null, words
    expect(parseSimpleScalar('3000')).toStrictEqual({ value: 3000 });
    expect(parseSimpleScalar('0.30')).toStrictEqual({ value: 0.3 });
    expect(parseSimpleScalar('50%')).toStrictEqual({ value: '50%' });
    expect(parseSimpleScalar('~')).toStrictEqual({ value: null });
    expect(parseSimpleScalar('gpt-5.4-mini')).toStrictEqual({ value: 'gpt-5.4-mini' });
    for (const text of ['a: 1', '[1, 2]', '"q"', ' 1', '0x1F', '...', '--- 1', 'a #c', '!!str 1', '']) expect(parseSimpleScalar(text), text).toBeUndefined();
  });

  it('steps aside for what it leaves to the library', () => {
    for (const text of [
      'a: &x 1\nb: *x\n', // an anchor on a scalar
      'a: *x\n', // an alias before its anchor
      'a: &x\n  k: 1\nb: &x\n  k: 2\n', // a redefined anchor
      'a: &x\n  k: 1\nb: &y\n  k: *x\n', // aliases inside an anchored node
      '- &x\n  k: 1\n- *x\n', // anchors in a sequence
      'a: !!str 1\n', // tags
      'a: |2\n  text\n', // block scalars: an indentation indicator,
      '- |\n  text\n', // in a sequence,
      'a: >\n  text\n    more\n', // folded with a more-indented line,
      'a: |\nb: 1\n', // empty,
      'a: |+\n  text', // kept to the end of a text without a final line break
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
