/**
 * The JSON Schemas in schemas/ are generated from the zod schemas and must stay in step with
 * them; and they must agree with the loader on what a valid file is.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { allSchemaFiles } from '../../src/commands/schema.js';
import { detectKind, FILE_KINDS } from '../../src/load/kinds.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { scenarioFrom } from '../helpers/scenario.js';

const SCHEMAS = join(ROOT, 'schemas');
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const read = (name: string) => JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object;
const scenarioValid = ajv.compile(read('scenario.schema.json'));
const catalogueValid = ajv.compile(read('catalogue.schema.json'));

describe('schemas/*.schema.json', () => {
  it('are exactly what the zod schemas generate (regenerate: npm run build && node bin/aifinops.js schema --out-dir schemas)', () => {
    const generated = allSchemaFiles();
    const committed = readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json')).sort();
    expect(committed).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) {
      expect(readFileSync(join(SCHEMAS, name), 'utf8'), `schemas/${name} is stale`).toBe(text);
    }
    expect(FILE_KINDS.map((k) => `${k.id}.schema.json`).sort()).toEqual(committed);
  });

  it('are draft-07 with a hover text on every scenario key', () => {
    const s = read('scenario.schema.json') as { $schema: string; properties: Record<string, { description?: string }> };
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    for (const [k, v] of Object.entries(s.properties)) expect(v.description, k).toBeTruthy();
  });

  const base = (stage: string, extra = '') => `version: 1\nname: t\ntraffic: { requests_per_month: 1000 }\npipeline:\n  - name: s\n    model: acme-small\n${stage}\n${extra}`;
  const cases: [string, string, boolean][] = [
    ['a percent string rate', base('    cache: { hit_rate: "35%" }'), true],
    ['a fraction rate', base('    cache: { hit_rate: 0.35 }'), true],
    ['100%', base('    batch_share: "100%"'), true],
    ['a rate above 1', base('    cache: { hit_rate: 1.5 }'), false],
    ['a percent above 100', base('    cache: { hit_rate: "150%" }'), false],
    ['a negative percent', base('    retry_rate: "-5%"'), false],
    ['a word for a rate', base('    retry_rate: often'), false],
    ['a misspelt key', base('    ouput: 300'), false],
    ['model and models', base('    models: { acme-small: 1 }'), false],
    ['tier mix as a list', base('').replace('model: acme-small', 'models: [{ id: acme-small, share: "100%" }]'), true],
    ['traffic two ways', base('').replace('{ requests_per_month: 1000 }', '{ requests_per_month: 1000, requests_per_day: 10 }'), false],
    ['traffic by users', base('').replace('{ requests_per_month: 1000 }', '{ users: 10, requests_per_user_per_day: 3 }'), true],
    ['per-user traffic without users', base('').replace('{ requests_per_month: 1000 }', '{ requests_per_user_per_day: 3 }'), false],
    ['outcomes per request as a percent', base('', 'outcomes: { per_request: "60%", value: 4 }'), true],
    ['a budget of 0', base('', 'budget: { monthly: 0 }'), false],
    ['variants', base('', 'variants: { cheap: { pipeline.s.output: 10 } }'), true],
    ['max_retries as a fraction', base('    max_retries: 1.5'), false],
    ['the cacheable part misspelt', base('    cache: { hit_rate: 0.5, cacheable: [sytem] }'), false],
  ];
  it.each(cases)('agrees with the loader: %s', (_what, text, ok) => {
    const data = parseYamlText(text, 'case.yaml').data;
    let loaderOk = true;
    try {
      scenarioFrom(text);
    } catch {
      loaderOk = false;
    }
    expect(loaderOk, 'loader').toBe(ok);
    expect(scenarioValid(data), `JSON Schema: ${ajv.errorsText(scenarioValid.errors)}`).toBe(ok);
  });

  it('accepts every scenario and catalogue fixture the loader accepts', () => {
    const scen = parseYamlText(readFileSync(join(ROOT, 'test/fixtures/scenarios/basic.yaml'), 'utf8'), 'basic.yaml').data;
    expect(scenarioValid(scen), ajv.errorsText(scenarioValid.errors)).toBe(true);
    const cat = parseYamlText(readFileSync(join(ROOT, 'test/fixtures/catalogues/acme.yaml'), 'utf8'), 'acme.yaml').data;
    expect(catalogueValid(cat), ajv.errorsText(catalogueValid.errors)).toBe(true);
    const bundled = existsSync(join(ROOT, 'pricing')) ? readdirSync(join(ROOT, 'pricing'), { withFileTypes: true }) : [];
    for (const f of bundled.filter((e) => e.isFile() && e.name.endsWith('.yaml'))) {
      const data = parseYamlText(readFileSync(join(ROOT, 'pricing', f.name), 'utf8'), f.name).data as { models?: unknown };
      if (data && typeof data === 'object' && 'models' in data) expect(catalogueValid(data), `${f.name}: ${ajv.errorsText(catalogueValid.errors)}`).toBe(true);
    }
  });

  it('accepts every bundled file of every kind (pricing/, quotes/, scenarios/)', () => {
    const validators = new Map(FILE_KINDS.map((k) => [k.id, ajv.compile(read(`${k.id}.schema.json`))]));
    let n = 0;
    for (const folder of ['pricing', 'quotes', 'scenarios']) {
      const dir = join(ROOT, folder);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
        const text = readFileSync(join(dir, f), 'utf8');
        const y = parseYamlText(text, f);
        const kind = detectKind(y, text);
        const valid = validators.get(kind.id)!;
        expect(valid(y.data), `${folder}/${f} (${kind.id}): ${ajv.errorsText(valid.errors)}`).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(0);
  });
});

describe('aifinops schema', () => {
  it('prints the committed scenario schema; --out-dir writes them all', () => {
    const r = runCli(['schema', 'scenario']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(SCHEMAS, 'scenario.schema.json'), 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-schema-'));
    try {
      const w = runCli(['schema', '--out-dir', dir]);
      expect(w.code).toBe(0);
      for (const name of readdirSync(SCHEMAS)) expect(readFileSync(join(dir, name), 'utf8')).toBe(readFileSync(join(SCHEMAS, name), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown kind is a usage error that lists the kinds', () => {
    const r = runCli(['schema', 'scenaro']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`value 'scenaro' is invalid for argument 'kind'. Allowed choices are ${FILE_KINDS.map((k) => k.id).join(', ')}.`);
  });
});

describe('bundled example scenarios', () => {
  const dir = join(ROOT, 'scenarios');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
  it.each(files)('%s names the scenario schema on its first line and satisfies it', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const ref = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];
    expect(ref, 'first line').toBe('../schemas/scenario.schema.json');
    expect(existsSync(join(dir, ref!))).toBe(true);
    const data = parseYamlText(text, f).data;
    expect(scenarioValid(data), ajv.errorsText(scenarioValid.errors)).toBe(true);
  });
});
