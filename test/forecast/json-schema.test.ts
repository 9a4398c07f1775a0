/** The scenario JSON Schema (for editors) accepts distributions and growth where the loader does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../../src/load/yaml.js';
import { ROOT } from '../helpers/cli.js';
import { scenarioFrom } from '../helpers/scenario.js';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const valid = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/scenario.schema.json'), 'utf8')) as object);

const base = (stage: string, extra = '', traffic = '{ requests_per_month: 1000 }') =>
  `version: 1\nname: t\ntraffic: ${traffic}\npipeline:\n  - name: s\n    model: acme-small\n${stage}\n${extra}`;

const cases: [string, string, boolean][] = [
  ['a log-normal volume', base('    output: 10', '', '{ requests_per_month: { p50: 1000, p90: 3000 } }'), true],
  ['a triangular context', base('    input: { context: { min: 100, mode: 500, max: 900 } }'), true],
  ['a uniform hit rate in percent', base('    cache: { hit_rate: { low: "60%", high: "90%" } }'), true],
  ['a normal output', base('    output: { mean: 300, sd: 50 }'), true],
  ['an uncertain share of a tier mix', base('').replace('model: acme-small', 'models: { acme-small: 0.7, acme-large: { low: 0.2, high: 0.4 } }'), true],
  ['an uncertain line item', base('', 'costs: [{ name: db, monthly: { low: 100, high: 300 } }]'), true],
  ['a misspelt parameter', base('    output: { p50: 300, p95: 900 }'), false],
  ['an incomplete distribution', base('    output: { mean: 300 }'), false],
  ['a budget as a distribution', base('', 'budget: { monthly: { low: 10, high: 20 } }'), false],
  ['a budget judged at P80', base('', 'budget: { monthly: 10, at: p80 }'), true],
  ['a budget judged at P90', base('', 'budget: { monthly: 10, at: p90 }'), false],
  ['growth by rate', base('', 'growth: { monthly_rate: 8%, months: 18, start: 2026-01 }'), true],
  ['an uncertain growth rate', base('', 'growth: { monthly_rate: { p50: 4%, p90: 10% } }'), true],
  ['an adoption curve with an uncertain month', base('', 'growth: { curve: [0.2, { low: 0.4, high: 0.6 }, 1] }'), true],
  ['a growth rate of 800%', base('', 'growth: { monthly_rate: 8 }'), false],
];

describe('scenario JSON Schema and distributions', () => {
  it.each(cases)('agrees with the loader: %s', (_what, text, ok) => {
    let loaderOk = true;
    try {
      scenarioFrom(text);
    } catch {
      loaderOk = false;
    }
    expect(loaderOk, 'loader').toBe(ok);
    expect(valid(parseYamlText(text, 'case.yaml').data), `JSON Schema: ${ajv.errorsText(valid.errors)}`).toBe(ok);
  });
});
