/** The pure scenario builder and YAML writer: whatever the answers, the file loads and means them. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { ModelRegistry } from '../../src/core/registry.js';
import { loadScenario } from '../../src/load/scenario.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { FEATURE_TYPES, PRESETS, fileNameFor, type WizardAnswers } from '../../src/wizard/answers.js';
import { buildScenario, pct } from '../../src/wizard/build.js';
import { modelsFromFlags, startingAnswers } from '../../src/wizard/defaults.js';
import { defaultModel, searchModels, answeringModels } from '../../src/wizard/models.js';
import { draftToYaml } from '../../src/wizard/yaml.js';
import { acme } from '../helpers/scenario.js';

const registry = new ModelRegistry([acme], '2026-11-23');
const schema = JSON.parse(readFileSync(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
const schemaValid = ajv.compile(schema);

function write(a: WizardAnswers): string {
  return draftToYaml(buildScenario(a, { 'acme/acme-small': 'a note' }), { schemaPath: '../schemas/scenario.schema.json', header: ['header'], footer: ['footer'] });
}

function load(text: string) {
  return loadScenario('/tmp/x/gen.yaml', { bundled: [acme], yaml: parseYamlText(text, 'gen.yaml') });
}

const percent = fc.integer({ min: 0, max: 10000 }).map((n) => n / 100);
const tokens = fc.integer({ min: 0, max: 200_000 });

const answersArb: fc.Arbitrary<WizardAnswers> = fc
  .record({
    type: fc.constantFrom(...FEATURE_TYPES),
    name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
    mode: fc.constantFrom('requests_per_day', 'requests_per_month', 'users') as fc.Arbitrary<'requests_per_day' | 'requests_per_month' | 'users'>,
    volume: fc.integer({ min: 0, max: 10_000_000 }),
    users: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
    perUser: fc.integer({ min: 0, max: 200 }),
    days: fc.option(fc.double({ min: 1, max: 31, noNaN: true }), { nil: null }),
    mix: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
    system: tokens,
    context: tokens,
    user: tokens,
    output: tokens,
    reasoning: fc.integer({ min: 0, max: 20_000 }),
    steps: fc.integer({ min: 1, max: 30 }),
    growth: fc.integer({ min: 0, max: 5000 }),
    cache: fc.option(percent, { nil: null }),
    batch: percent,
    retry: fc.integer({ min: 0, max: 9900 }).map((n) => n / 100),
    maxRetries: fc.integer({ min: 0, max: 5 }),
    fixed: fc.integer({ min: 0, max: 100_000 }),
    outcomes: fc.option(fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0), perRequestPercent: percent, value: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }) }), { nil: null }),
    budget: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
    // fees beyond text tokens (both acme models price web search and audio)
    search: fc.integer({ min: 0, max: 300 }).map((n) => n / 100),
    audio: fc.option(fc.record({ input: tokens, output: tokens }), { nil: null }),
  })
  .map((r) => {
    const a = startingAnswers(r.type, registry, {}, []);
    a.name = r.name;
    a.traffic = {
      mode: r.mode,
      requestsPerDay: r.volume,
      requestsPerMonth: r.volume,
      users: r.mode === 'users' ? (r.users ?? 10) : r.users,
      requestsPerUserPerDay: r.perUser,
      daysPerMonth: r.days,
    };
    a.models = r.mix === null ? [{ ref: 'acme/acme-large', sharePercent: 100 }] : [{ ref: 'acme/acme-large', sharePercent: 100 - r.mix }, { ref: 'acme/acme-small', sharePercent: r.mix }];
    a.input = { system: r.system, context: r.context, user: r.user };
    a.output = r.output;
    a.reasoning = r.reasoning;
    a.agentSteps = r.steps;
    a.contextGrowthPerStep = r.growth;
    a.cache = r.cache === null ? null : { hitRatePercent: r.cache, cacheable: ['system'] };
    a.batchSharePercent = r.batch;
    a.retryRatePercent = r.retry;
    a.maxRetries = r.maxRetries;
    a.fixedMonthly = r.fixed;
    a.outcomes = r.outcomes;
    a.budgetMonthly = r.budget;
    a.webSearchPerCall = r.search;
    a.audio = r.audio;
    return a;
  });

describe('init: the scenario builder', () => {
  it('every generated file passes loadScenario and the JSON Schema, and means the answers', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const text = write(a);
        const s = load(text);
        const data = parseYamlText(text, 'gen.yaml').data;
        if (!schemaValid(data)) throw new Error(`JSON Schema rejects a generated file: ${ajv.errorsText(schemaValid.errors)}\n${text}`);
        expect(s.name).toBe(a.name);
        const days = a.traffic.daysPerMonth ?? 365 / 12;
        const expected = a.traffic.mode === 'requests_per_day' ? a.traffic.requestsPerDay * days : a.traffic.mode === 'requests_per_month' ? a.traffic.requestsPerMonth : a.traffic.users! * a.traffic.requestsPerUserPerDay * days;
        expect(s.traffic.requestsPerMonth).toBeCloseTo(expected, 6);
        const st = s.stages[0]!;
        expect(st.models.reduce((x, m) => x + m.share, 0)).toBeCloseTo(1, 9);
        expect(st.input.system).toBe(a.input.system);
        expect(st.output).toBe(a.output);
        expect(st.fees?.toolCalls.web_search ?? 0).toBe(a.webSearchPerCall ?? 0);
        expect(st.fees?.audio ? { input: st.fees.audio.input, output: st.fees.audio.output } : null).toEqual(a.audio && (a.audio.input > 0 || a.audio.output > 0) ? a.audio : null);
        expect(st.agentSteps).toBe(a.agentSteps);
        expect(st.batchShare).toBeCloseTo(a.batchSharePercent / 100, 12);
        expect(st.retryRate).toBeCloseTo(a.retryRatePercent / 100, 12);
        expect(st.cache?.hitRate ?? null).toEqual(a.cache === null ? null : expect.closeTo(a.cache.hitRatePercent / 100, 12));
        expect(s.budget?.monthly ?? null).toBe(a.budgetMonthly);
        // comments change nothing: the estimate of the text equals the estimate of the data
        const direct = loadScenario('/tmp/x/gen.yaml', { bundled: [acme], yaml: { file: 'gen.yaml', data: structuredClone(buildScenario(a).data), locate: () => undefined } });
        expect(estimateScenario(s).total_monthly_cost).toBe(estimateScenario(direct).total_monthly_cost);
      }),
      { numRuns: 150 },
    );
  });

  it('the defaults of every feature type give a commented file with a positive estimate', () => {
    for (const type of FEATURE_TYPES) {
      const a = startingAnswers(type, registry, {}, []);
      const text = write(a);
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/scenario.schema.json');
      expect(text).toContain(`name: ${a.name}`);
      expect(text).toMatch(/# tokens the model writes per call/);
      const r = estimateScenario(load(text));
      expect(r.total_monthly_cost, type).toBeGreaterThan(0);
      expect(PRESETS[type].defaults.stageName).toBe(r.stages[0]!.name);
    }
  });

  it('writes rates as percent strings and the tier mix as shares that add up', () => {
    const a = startingAnswers('chatbot', registry, { model: ['acme-large=33.3%', 'acme-small'] }, []);
    expect(a.models).toEqual([
      { ref: 'acme/acme-large', sharePercent: 33.3 },
      { ref: 'acme/acme-small', sharePercent: expect.closeTo(66.7, 9) },
    ]);
    const text = write(a);
    expect(text).toContain('acme/acme-large: 33.3%');
    expect(text).toContain('acme/acme-small: 66.7% # a note');
    expect(text).toContain('hit_rate: 70% # share of the cacheable prefix read from the cache');
    expect(text).toContain('cacheable: [system, history] # input parts that stay the same from call to call');
    expect(pct(12.5)).toBe('12.5%');
    expect(pct(0.1 + 0.2)).toBe('0.3%');
  });

  it('model flags: resolution, shares and their errors', () => {
    expect(modelsFromFlags(['acme-small=0.25', 'acme-large'], registry)).toEqual([
      { ref: 'acme/acme-small', sharePercent: 25 },
      { ref: 'acme/acme-large', sharePercent: 75 },
    ]);
    expect(() => modelsFromFlags(['acme-smal'], registry)).toThrow(/unknown model "acme-smal".*did you mean "acme-small"/s);
    expect(() => modelsFromFlags(['acme-small=60%', 'acme-large=60%'], registry)).toThrow(/add up to 120%/);
    expect(() => modelsFromFlags(['acme-small=0'], registry)).toThrow(/expected a share/);
    expect(() => modelsFromFlags(['acme-small', 'acme/acme-small'], registry)).toThrow(/given twice/);
  });

  it('picks a default model by tier when no preferred model is priced, and searches by words', () => {
    expect(defaultModel(PRESETS.chatbot, registry)?.ref).toBe('acme/acme-small');
    expect(defaultModel(PRESETS.agent, registry)?.ref).toBe('acme/acme-small'); // no mid tier: cheapest
    const all = answeringModels(registry);
    expect(all.map((m) => m.ref)).toEqual(['acme/acme-large', 'acme/acme-small']); // no embedding model
    expect(searchModels(all, undefined, 'acme/acme-small').map((m) => m.ref)).toEqual(['acme/acme-small', 'acme/acme-large']);
    expect(searchModels(all, 'premium').map((m) => m.ref)).toEqual(['acme/acme-large']);
    expect(searchModels(all, 'acme latest').map((m) => m.ref)).toEqual(['acme/acme-large']); // alias acme-large-latest
    expect(searchModels(all, 'nothing-like-this')).toEqual([]);
  });

  it('file names from scenario names', () => {
    expect(fileNameFor('Support chatbot')).toBe('support-chatbot.yaml');
    expect(fileNameFor('Café Q&A — v2')).toBe('cafe-q-a-v2.yaml');
    expect(fileNameFor('***')).toBe('scenario.yaml');
  });
});
