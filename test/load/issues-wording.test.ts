/** zod's default type and size wording is put in the project's words (found by fuzzing 2026-12-07: "Invalid input: expected object, received number"). */
import { describe, expect, it } from 'vitest';
import { ownWording } from '../../src/load/issues.js';
import { InputError } from '../../src/errors.js';
import { scenarioFrom } from '../helpers/scenario.js';

describe("zod's default wording in the project's words", () => {
  it('types', () => {
    expect(ownWording('Invalid input: expected object, received number')).toBe('expected a mapping (key: value, …)');
    expect(ownWording('Invalid input: expected record, received array')).toBe('expected a mapping (name: value, …)');
    expect(ownWording('Invalid input: expected array, received string')).toBe('expected a list');
    expect(ownWording('Invalid input: expected string, received number')).toBe('expected text');
    expect(ownWording('Invalid input: expected boolean, received number')).toBe('expected true or false');
  });
  it('sizes and bounds (boundary words: at least / more than / at most / less than)', () => {
    expect(ownWording('Too small: expected string to have >=1 characters')).toBe('expected text of at least 1 character');
    expect(ownWording('Too small: expected array to have >=2 items')).toBe('expected a list of at least 2 items');
    expect(ownWording('Too big: expected int to be <=9007199254740991')).toBe('expected a whole number at most 9007199254740991');
    expect(ownWording('Too small: expected number to be >0')).toBe('expected a number more than 0');
    expect(ownWording('Too big: expected number to be <1')).toBe('expected a number less than 1');
  });
  it("leaves the schemas' own messages as they are", () => {
    expect(ownWording('expected a number of tokens ≥ 0')).toBeNull();
    expect(ownWording('Invalid input')).toBeNull();
  });
  it('a stage input written as a number names the keys a mapping there takes', () => {
    let err: unknown;
    try {
      scenarioFrom('version: 1\nname: t\ntraffic: { requests_per_day: 100 }\npipeline:\n  - { name: a, model: acme-small, input: 5, output: 10 }\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const p = (err as InputError).problems.find((x) => x.path === 'pipeline.a.input')!;
    expect(p.message).toBe('expected a mapping (key: value, …), got 5');
    expect(p.fix).toBe('keys here: system, tools, context, history, user');
  });
});
