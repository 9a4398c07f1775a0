import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../../src/load/yaml.js';
import { inputErrorOf } from '../helpers/errors.js';

const problem = (text: string): string => inputErrorOf(() => parseYamlText(text, 'x.yaml')).message;

describe('YAML hardening', () => {
  it('refuses duplicate keys with their position', () => {
    expect(problem('a: 1\nb: 2\na: 3\n')).toMatch(/^x\.yaml:3:1: invalid YAML: Map keys must be unique/);
  });
  it('refuses prototype keys', () => {
    expect(problem('traffic:\n  __proto__: { polluted: true }\n')).toBe('x.yaml:2:3: the key "__proto__" is not allowed — rename or remove it (__proto__, constructor and prototype are reserved)');
    expect(problem('constructor: 1\n')).toMatch(/the key "constructor" is not allowed/);
  });
  it('limits alias expansion (billion laughs)', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    expect(problem(bomb.join('\n'))).toMatch(/invalid YAML: .*alias/i);
  });
  it('refuses inputs over the size limit', () => {
    expect(problem(`a: "${'x'.repeat(5 * 1024 * 1024)}"`)).toMatch(/larger than 5242880 bytes/);
  });
  it('locates keys and values by path', () => {
    const y = parseYamlText('pipeline:\n  - name: a\n    output: 5\n', 'x.yaml');
    expect(y.locate(['pipeline', 0, 'output'])).toEqual({ line: 3, column: 13 });
    expect(y.locate(['pipeline', 0, 'output'], 'key')).toEqual({ line: 3, column: 5 });
    expect(y.locate(['pipeline', 0, 'missing'])).toEqual({ line: 2, column: 5 });
  });
});
