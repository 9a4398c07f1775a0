/**
 * Issue 13, the loader's strict rules on their own (the CLI cases are in test/hostile/yaml.test.ts):
 * the fast path steps aside for tags and the library resolves them per the YAML 1.2 core schema;
 * --set values obey the file rules; nesting errors are located.
 */
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/load/yaml-simple.js';
import { parseYamlText, parseYamlValue } from '../../src/load/yaml.js';
import { inputErrorOf } from '../helpers/errors.js';

describe('tags: YAML 1.2 core schema', () => {
  it('the fast path steps aside for any tag; the full parse resolves the standard ones', () => {
    for (const t of ['a: !!float 1000', 'a: !foo x', 'a: [!!int 1]']) expect(parseSimpleYaml(t)).toBeUndefined();
    expect(parseYamlText('a: !!float 1000\nb: !!float 1.5\nc: !!int 0x1F\nd: !!str 12\ne: !!bool true\nf: !!null\ng: !!map { x: 1 }\nh: !!seq [1]\ni: ! 12\n', 'f.yaml').data).toEqual({
      a: 1000, b: 1.5, c: 31, d: '12', e: true, f: null, g: { x: 1 }, h: [1], i: '12',
    });
    expect(parseYamlText('a: !!float -.inf\n', 'f.yaml').data).toEqual({ a: -Infinity }); // the schema refuses it later
  });
  it('unknown tags and wrong values for a tag are refused at line:column', () => {
    expect(inputErrorOf(() => parseYamlText('x: 1\na: !foo bar\n', 'f.yaml')).message).toMatch(/^f\.yaml:2:\d+: unknown tag !foo/);
    expect(inputErrorOf(() => parseYamlText('a: !!float abc\n', 'f.yaml')).message).toMatch(/!!float expects a number/);
    expect(inputErrorOf(() => parseYamlText('a: !!timestamp 2026-01-01\n', 'f.yaml')).message).toMatch(/unknown tag !!timestamp/);
    expect(inputErrorOf(() => parseYamlText('a: !!seq { x: 1 }\n', 'f.yaml')).message).toMatch(/the tag !!seq is not supported on a mapping/);
  });
});

describe('--set values obey the file rules', () => {
  it('reserved keys, tags and nesting', () => {
    expect(inputErrorOf(() => parseYamlValue('{constructor: x}', '--set tags')).message).toBe('--set tags: the key "constructor" is not allowed — rename or remove it (__proto__, constructor and prototype are reserved)');
    expect(inputErrorOf(() => parseYamlValue('{a: {__proto__: x}}', '--set tags')).message).toMatch(/"__proto__" is not allowed/);
    expect(inputErrorOf(() => parseYamlValue('!foo x', '--set name')).message).toMatch(/--set name: unknown tag !foo/);
    expect(inputErrorOf(() => parseYamlValue('['.repeat(100) + ']'.repeat(100), '--set tags')).message).toMatch(/--set tags: nests more than 64 levels/);
  });
  it('plain values as before; text that is not YAML stays a string', () => {
    expect(parseYamlValue('20000', '--set x')).toBe(20000);
    expect(parseYamlValue('35%', '--set x')).toBe('35%');
    expect(parseYamlValue('{ a: 1 }', '--set x')).toEqual({ a: 1 });
    expect(parseYamlValue('a: b: c', '--set x')).toBe('a: b: c');
  });
});
