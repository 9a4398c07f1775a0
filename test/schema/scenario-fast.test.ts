/**
 * The zod-free fast check of a scenario's shape (schema/scenario-fast.ts) against the schema it
 * stands in for: every value it accepts, the schema accepts with the same output (values, keys
 * and key order); everything else it leaves to the schema (which gives every message). Checked on
 * the bundled scenarios and on generated valid and invalid ones: values at and past every bound,
 * percent strings, wrong types, unknown keys, missing keys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/load/catalogues.js';
import { resolveDistributions } from '../../src/load/distributions.js';
import { parseYamlText } from '../../src/load/yaml.js';
import type { WalkNode } from '../../src/load/distribution-schema.js';
import { scenarioWalkTable } from '../../src/load/distribution-table.js';
import { fastGrowth, fastScenario } from '../../src/schema/scenario-fast.js';
import { growthSchema, scenarioSchema } from '../../src/schema/scenario.js';
import { containers, mutate } from '../helpers/doc-edits.js';

type Raw = Record<string, unknown>;
const src = { file: 'x.yaml', locate: () => undefined };
const dir = join(packageRoot(), 'scenarios');
const bundled = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const data = structuredClone(parseYamlText(readFileSync(join(dir, f), 'utf8'), f).data) as Raw;
    resolveDistributions(data, src); // point values, as the loader gives the schema
    return { f, data };
  });

/** The fast check agrees with the schema on `raw`: it accepts only what the schema accepts, with the same output. Returns whether it accepted. */
function agrees(raw: unknown, label: string): boolean {
  const fast = fastScenario(structuredClone(raw));
  const full = scenarioSchema.safeParse(structuredClone(raw));
  if (fast === undefined) return false;
  expect(full.success, `${label}: the fast check accepted what the schema refuses: ${JSON.stringify(full.error?.issues.slice(0, 2))}`).toBe(true);
  expect(JSON.stringify(fast), label).toBe(JSON.stringify(full.data)); // key order too
  expect(fast, label).toStrictEqual(full.data); // -0, undefined …
  return true;
}

// ---- generated scenarios: a bundled one with values put at, and keys added to, its mappings and lists

const KEYS = [
  'version', 'name', 'description', 'currency', 'pricing', 'tags', 'alternative_of', 'traffic', 'service_tier', 'pipeline', 'costs', 'outcomes', 'budget',
  'growth', 'seats', 'variants', 'deployments', 'match', 'requests_per_day', 'requests_per_month', 'users', 'requests_per_user_per_day', 'days_per_month',
  'time_profile', 'model', 'models', 'share_of_requests', 'agent_steps', 'input', 'context_growth_per_step', 'output', 'reasoning', 'cache',
  'response_cache_hit_rate', 'batch_share', 'retry_rate', 'max_retries', 'tool_calls', 'audio', 'system', 'tools', 'context', 'history', 'user', 'hit_rate',
  'cacheable', 'ttl', 'id', 'share', 'category', 'monthly', 'per_request', 'per_user', 'minutes', 'hourly_rate', 'tokens_per_month', 'per_month', 'value',
  'alert_at', 'at', 'monthly_rate', 'curve', 'months', 'start', 'gpt-4o-mini', '', '__proto__', 'x',
  // seats, prompt files, fees
  'active_share', 'segments', 'keep_costs', 'file', 'files', 'template', 'fill', 'syntax', 'tool_hours', 'image', 'cache_storage', 'cache_hit_rate',
  'tokens', 'hours_per_month', 'hours_per_day', 'web_search', 'code_execution', 'file_search', 'grounding',
];
const edgeNumbers = [
  0, -0, 1, -1, 0.5, 1 + 1e-9, 1 - 1e-12, -1 + 1e-9, 2, 10, 10.5, 11, 31, 31.000001, 100, 119, 120, 121, 1000, 1001, 1e6, 1e6 + 1, 1e9, 1e9 + 1, 1e10, 1e10 + 1,
  1e12, 1e12 + 1, 1e14, 1e14 + 1, 1e15, 1e15 + 1, 1e18, 2e18, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e300, Number.NaN, Infinity, -Infinity, 2.5, 1e-300,
  8, 9, 24, 24.000001, 25, 744, 744.5, 745, 1000.5,
];
const edgeStrings = [
  '35%', '100%', '100.5%', '0%', '-5%', '-100%', '-99.9%', ' 8 % ', '8 %', '%', 'abc', '', ' ', '\t', 'x', 'p50', 'p80', 'p99', '5m', '1h', '2h', 'system', 'user',
  'USD', 'usd', 'EURO', '2026-01', '2026-13', '2026-1', 'gpt-4o-mini', '1e3', '0x10', 'true',
  'jinja', 'fstring', 'dollar', 'mustache', 'prompts/a.md', 'prompts/*.md', 'light',
];
const segment = (name: string, share: unknown) => ({ name, share, requests_per_user_per_day: 3 });
/** Values shaped like the blocks the check covers (seats, prompt files, fees), valid and not. */
const blockValues: unknown[] = [
  { file: 'a.md' }, { file: '' }, { files: ['a.md', 'b/*.md'] }, { files: [] }, { files: 'p/*.md' }, { files: [''] }, { template: 't.jinja', fill: 10, syntax: 'jinja' },
  { template: 't.jinja', fill: 1e9 + 1 }, { template: 't', syntax: 'mustache' }, { file: 'a.md', x: 1 }, { tokens: 100 }, { tokens: 100, hours_per_day: 24 },
  { tokens: 100, hours_per_month: 745 }, { hours_per_day: 1 }, { web_search: 1 }, { grounding: 1000.5 }, { websearch: 1 }, { input: 5, cache_hit_rate: '80%' },
  { output: 1e9 + 1 }, { active_share: 0.5 }, { active_share: '70%', segments: [segment('a', 1)], keep_costs: [] }, [segment('light', 0.5), segment('heavy', '50%')],
  Array.from({ length: 8 }, (_, i) => segment(`s${i}`, 0.125)), Array.from({ length: 9 }, (_, i) => segment(`s${i}`, 0.1)), [{ name: 'a', share: 1 }],
  [segment('', 1)], ['sandbox compute'], [''],
];
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...edgeNumbers) },
  { weight: 3, arbitrary: fc.constantFrom(...edgeStrings) },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer({ min: -5, max: 2000 }), fc.double({ min: 0, max: 1 }), fc.string({ maxLength: 4 })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(true, false, null, [], {}, [1], [0.5, 2], ['system'], ['system', 'tools'], { p50: 1, p90: 2 }, { 'gpt-4o-mini': 1 }, [{ id: 'gpt-4o', share: 1 }], { hit_rate: 0.5 }, { file: 'a.md' }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...blockValues) },
);

const edit = fc.record({ at: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.nat({ max: 5 })), value, drop: fc.boolean(), existing: fc.boolean() });

describe('the fast check of a scenario', () => {
  it('accepts every bundled scenario, with the schema output (a validate of scenarios/ builds no zod scenario schema)', () => {
    const accepted = bundled.filter((s) => agrees(s.data, s.f)).map((s) => s.f);
    expect(accepted).toEqual(bundled.map((s) => s.f));
    // the blocks the check covers since the fifth round are among them
    expect(accepted).toEqual(expect.arrayContaining(['coding-agent-seats.yaml', 'internal-copilot-seats.yaml', 'support-prompt-files.yaml', 'voice-agent.yaml']));
    expect(accepted.length).toBeGreaterThanOrEqual(15);
  });

  it('agrees with the schema on generated scenarios, valid and invalid (property)', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bundled.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (i, edits) => {
        const raw = mutate(bundled[i]!.data, edits);
        if (agrees(raw, `${bundled[i]!.f} ${JSON.stringify(edits)}`)) accepted++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    // both sides are exercised: edits the schema accepts (a value within bounds) and ones it refuses
    expect(accepted).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(300);
  });

  it('agrees with the schema at every key the schema knows in five scenarios (seats and fees among them), for every edge value (exhaustive)', () => {
    // (mapping, key) pairs: each key of the schema's shape at each mapping of the data (the walk table has the shapes)
    const pairs = (data: unknown, node: WalkNode, out: { c: Record<string | number, unknown>; k: string | number }[] = []) => {
      if (node === 0 || Array.isArray(node) || typeof data !== 'object' || data === null) return out;
      const c = data as Record<string | number, unknown>;
      if ('o' in node) for (const k of Object.keys(node.o)) (out.push({ c, k }), pairs(c[k], node.o[k]!, out));
      else if ('r' in node) for (const k of Object.keys(c)) (out.push({ c, k }), pairs(c[k], node.r, out));
      else if ('a' in node) for (let i = 0; i < (Array.isArray(c) ? c.length : 0); i++) (out.push({ c, k: i }), pairs(c[i], node.a, out));
      else pairs(data, Array.isArray(data) ? node.u[0] : node.u[1], out);
      return out;
    };
    const values: unknown[] = [...edgeNumbers, ...edgeStrings, true, null, [], {}, [0.5], ['system'], { p50: 1, p90: 2 }, [{ id: 'm', share: 1 }], { m: 1 }, ...blockValues];
    let accepted = 0;
    for (const f of ['rag-support-assistant.yaml', 'coding-agent-growth.yaml', 'rag-support-uncertain.yaml', 'voice-agent.yaml', 'coding-agent-seats.yaml']) {
      const base = bundled.find((s) => s.f === f)!.data;
      const count = pairs(base, scenarioWalkTable()).length;
      expect(count).toBeGreaterThan(40);
      for (let n = 0; n < count; n++) {
        for (const v of values) {
          const raw = structuredClone(base);
          const { c, k } = pairs(raw, scenarioWalkTable())[n]!;
          c[k] = structuredClone(v);
          if (agrees(raw, `${f} ${String(k)}=${JSON.stringify(v)}`)) accepted++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(1000);
  });

  it('leaves every refused value to the schema: a value past a bound by the least amount is not accepted', () => {
    const base = bundled.find((s) => s.f === 'rag-support-assistant.yaml')!.data;
    const at = (mut: (r: Raw) => void) => {
      const r = structuredClone(base);
      mut(r);
      return fastScenario(r);
    };
    const stage0 = (r: Raw) => (r.pipeline as Raw[])[0]!;
    expect(at((r) => (stage0(r).retry_rate = 1))).toBeDefined();
    expect(at((r) => (stage0(r).retry_rate = 1 + Number.EPSILON))).toBeUndefined();
    expect(at((r) => (stage0(r).retry_rate = '100%'))).toBeDefined();
    expect(at((r) => (stage0(r).retry_rate = '100.1%'))).toBeUndefined();
    expect(at((r) => (stage0(r).max_retries = 10))).toBeDefined();
    expect(at((r) => (stage0(r).max_retries = 11))).toBeUndefined();
    expect(at((r) => (stage0(r).max_retries = 2.5))).toBeUndefined();
    expect(at((r) => (stage0(r).output = 1e9))).toBeDefined();
    expect(at((r) => (stage0(r).output = 1e9 + 1))).toBeUndefined();
    expect(at((r) => ((r.traffic as Raw).days_per_month = 31))).toBeDefined();
    expect(at((r) => ((r.traffic as Raw).days_per_month = 0))).toBeUndefined();
    expect(at((r) => ((r.traffic as Raw).days_per_month = 31.5))).toBeUndefined();
    expect(at((r) => (stage0(r).output = Number.NaN))).toBeUndefined();
    expect(at((r) => (stage0(r).output = Infinity))).toBeUndefined();
    expect(at((r) => (stage0(r).unknown_key = 1))).toBeUndefined();
    expect(at((r) => delete stage0(r).name)).toBeUndefined();
  });

  it('agrees with the schema inside a prompt file reference, at every key and for every edge value (exhaustive)', () => {
    const base = bundled.find((s) => s.f === 'support-prompt-files.yaml')!.data;
    let accepted = 0;
    for (const part of ['system', 'user', 'context']) {
      for (const k of ['file', 'files', 'template', 'fill', 'syntax', 'x', '']) {
        for (const v of [...edgeNumbers, ...edgeStrings, true, null, [], {}, ['a.md'], [''], ['a.md', 1], ...blockValues, undefined]) {
          const raw = structuredClone(base);
          const input = (raw.pipeline as Raw[])[0]!.input as Raw;
          const ref = (typeof input[part] === 'object' ? input[part] : {}) as Raw;
          if (v === undefined) delete ref[k];
          else ref[k] = structuredClone(v);
          input[part] = ref;
          if (agrees(raw, `${part}.${k}=${JSON.stringify(v)}`)) accepted++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(150);
  });

  it('leaves the new blocks to the schema past each bound by the least amount (seats, prompt files, fees)', () => {
    const at = (f: string, mut: (r: Raw) => void) => {
      const r = structuredClone(bundled.find((s) => s.f === f)!.data);
      mut(r);
      return agrees(r, f);
    };
    const seats = (r: Raw) => r.seats as Raw;
    const seg = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, share: 1 / n, requests_per_user_per_day: 1 }));
    expect(at('coding-agent-seats.yaml', (r) => (seats(r).segments = seg(8)))).toBe(true);
    expect(at('coding-agent-seats.yaml', (r) => (seats(r).segments = seg(9)))).toBe(false);
    expect(at('coding-agent-seats.yaml', (r) => (seats(r).segments = []))).toBe(false);
    expect(at('coding-agent-seats.yaml', (r) => (seats(r).keep_costs = []))).toBe(true);
    expect(at('coding-agent-seats.yaml', (r) => (seats(r).keep_costs = ['']))).toBe(false);
    expect(at('coding-agent-seats.yaml', (r) => (seats(r).active_share = '100%'))).toBe(true);
    expect(at('coding-agent-seats.yaml', (r) => (seats(r).active_share = 1 + Number.EPSILON))).toBe(false);
    expect(at('coding-agent-seats.yaml', (r) => (((seats(r).segments as Raw[])[0]!.requests_per_user_per_day = 1e6)))).toBe(true);
    expect(at('coding-agent-seats.yaml', (r) => (((seats(r).segments as Raw[])[0]!.requests_per_user_per_day = 1e6 + 1e-9 * 1e6)))).toBe(false);
    expect(at('coding-agent-seats.yaml', (r) => delete (seats(r).segments as Raw[])[0]!.share)).toBe(false);

    const stage = (r: Raw, i = 0) => (r.pipeline as Raw[])[i]!;
    const input = (r: Raw) => stage(r).input as Raw;
    expect(at('support-prompt-files.yaml', (r) => ((input(r).user as Raw).fill = 1e9))).toBe(true);
    expect(at('support-prompt-files.yaml', (r) => ((input(r).user as Raw).fill = 1e9 + 1))).toBe(false);
    expect(at('support-prompt-files.yaml', (r) => ((input(r).user as Raw).syntax = 'dollar'))).toBe(true);
    expect(at('support-prompt-files.yaml', (r) => ((input(r).user as Raw).syntax = 'mustache'))).toBe(false);
    expect(at('support-prompt-files.yaml', (r) => (input(r).system = { files: ['a.md'] }))).toBe(true);
    expect(at('support-prompt-files.yaml', (r) => (input(r).system = { files: [] }))).toBe(false);
    expect(at('support-prompt-files.yaml', (r) => (input(r).system = { file: '' }))).toBe(false);
    expect(at('support-prompt-files.yaml', (r) => (input(r).system = { file: 'a.md', extra: 1 }))).toBe(false);

    expect(at('voice-agent.yaml', (r) => ((stage(r, 1).tool_calls as Raw).web_search = 1000))).toBe(true);
    expect(at('voice-agent.yaml', (r) => ((stage(r, 1).tool_calls as Raw).web_search = 1000.0001))).toBe(false);
    expect(at('voice-agent.yaml', (r) => ((stage(r, 1).tool_calls as Raw).websearch = 1))).toBe(false);
    expect(at('voice-agent.yaml', (r) => ((stage(r).audio as Raw).input = 1e9))).toBe(true);
    expect(at('voice-agent.yaml', (r) => ((stage(r).audio as Raw).input = 1e9 + 1))).toBe(false);
    expect(at('voice-agent.yaml', (r) => ((stage(r).audio as Raw).cache_hit_rate = '100.1%'))).toBe(false);
    expect(at('voice-agent.yaml', (r) => (stage(r).cache_storage = { tokens: 1e9, hours_per_month: 744, hours_per_day: 24 }))).toBe(true);
    expect(at('voice-agent.yaml', (r) => (stage(r).cache_storage = { tokens: 10, hours_per_day: 24.000001 }))).toBe(false);
    expect(at('voice-agent.yaml', (r) => (stage(r).cache_storage = { tokens: 10, hours_per_month: 744.5 }))).toBe(false);
    expect(at('voice-agent.yaml', (r) => (stage(r).cache_storage = { hours_per_day: 1 }))).toBe(false);
    expect(at('voice-agent.yaml', (r) => (stage(r).tool_hours = { code_execution: 0.5 }))).toBe(true);
    expect(at('voice-agent.yaml', (r) => (stage(r).image = { output: 100, cache_hit_rate: 0 }))).toBe(true);
  });

  it('the growth block: the same output as the growth schema, or left to it (property)', () => {
    const growth = fc.dictionary(fc.constantFrom('monthly_rate', 'curve', 'months', 'start', 'x'), fc.oneof(value, fc.array(fc.constantFrom(...edgeNumbers), { maxLength: 3 })), { maxKeys: 3 });
    let accepted = 0;
    fc.assert(
      fc.property(growth, (g) => {
        const fast = fastGrowth(structuredClone(g));
        if (fast === undefined) return;
        accepted++;
        const full = growthSchema.safeParse(structuredClone(g));
        expect(full.success, JSON.stringify(g)).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(full.data));
        expect(fast).toStrictEqual(full.data);
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});
