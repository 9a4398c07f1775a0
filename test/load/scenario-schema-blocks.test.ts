/**
 * The scenario schema's answers for every block, good and bad, pinned as zod gives them (issues with
 * their code, path, message and nested union errors; the parsed output when it passes). Written
 * before the optional blocks (fees, provider rules, seats, growth, costs, …) were built on first use
 * instead of at module load: the golden proves lazy construction changed no result, message or path.
 * Beside the golden, hand-checked figures (a percent string read as a fraction, a misspelt key, a
 * bound) and an invariant: parsing the same input twice, or after other blocks were parsed, gives
 * the same answer (the first parse of a block builds it).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { catalogueSchema } from '../../src/schema/catalogue.js';
import { isoDate, nonNegativeOrPercent } from '../../src/schema/common.js';
import { projectSchema } from '../../src/schema/project.js';
import { scenarioSchema } from '../../src/schema/scenario.js';

type Raw = Record<string, unknown>;
const base = (): Raw => ({
  version: 1,
  name: 'x',
  traffic: { requests_per_day: 100 },
  pipeline: [{ name: 'a', model: 'gpt-4o-mini', input: { user: 100 }, output: 50 }],
});
const stage = (extra: Raw): Raw => ({ ...base(), pipeline: [{ name: 'a', model: 'gpt-4o-mini', input: { user: 100 }, output: 50, ...extra }] });
const top = (extra: Raw): Raw => ({ ...base(), ...extra });
const hours24 = (v: number): number[] => Array.from({ length: 24 }, () => v);

const cases: [string, Raw][] = [
  ['minimal', base()],
  // fees (schema/fees.ts)
  ['tool_calls ok', stage({ tool_calls: { web_search: 0.4, grounding: 1 } })],
  ['tool_calls misspelt', stage({ tool_calls: { web_serch: 1 } })],
  ['tool_calls negative', stage({ tool_calls: { web_search: -1 } })],
  ['tool_calls too big', stage({ tool_calls: { file_search: 1e9 } })],
  ['tool_calls not a mapping', stage({ tool_calls: 'x' })],
  ['tool_hours too big', stage({ tool_hours: { code_execution: 2000 } })],
  ['tool_hours list', stage({ tool_hours: [] })],
  ['audio ok', stage({ audio: { input: 100, output: 50, cache_hit_rate: 0.5 } })],
  ['audio bad', stage({ audio: { input: -1, inpt: 3, cache_hit_rate: '150%' } })],
  ['image too big', stage({ image: { input: 1e10 } })],
  ['image percent', stage({ image: { input: 10, cache_hit_rate: '50%' } })],
  ['cache_storage ok', stage({ cache_storage: { tokens: 1000, hours_per_month: 744 } })],
  ['cache_storage bad', stage({ cache_storage: { hours_per_month: 800 } })],
  ['cache_storage per day', stage({ cache_storage: { tokens: 10, hours_per_day: 25 } })],
  ['cache_storage number', stage({ cache_storage: 5 })],
  // provider rules
  ['stage service_tier name', stage({ service_tier: 'flex' })],
  ['stage service_tier misspelt', stage({ service_tier: 'flexx' })],
  ['stage service_tier shares', stage({ service_tier: { standard: 0.7, flex: '30%' } })],
  ['stage service_tier bad share', stage({ service_tier: { standard: 2 } })],
  ['stage service_tier bad key', stage({ service_tier: { stnd: 1 } })],
  ['stage time_profile preset', stage({ time_profile: { preset: 'business-hours', weekday_share: '80%' } })],
  ['stage time_profile bad', stage({ time_profile: { preset: 'x', hours: [1, 2], utc_offset: 0.3 } })],
  ['stage time_profile hours', stage({ time_profile: { hours: hours24(2), utc_offset: -5 } })],
  ['stage time_profile negative hour', stage({ time_profile: { hours: [-1, ...hours24(1).slice(1)], utc_offset: 15 } })],
  ['traffic time_profile', top({ traffic: { requests_per_day: 100, time_profile: { hours: hours24(1), utc_offset: 8 } } })],
  ['traffic time_profile bad', top({ traffic: { requests_per_day: 100, time_profile: { hours: 'x', weekday_share: 2 } } })],
  ['service_tier', top({ service_tier: 'priority' })],
  ['service_tier number', top({ service_tier: 7 })],
  // match
  ['stage match', stage({ match: { project: 'p', tag: ['feature=a', 'feature=b'] } })],
  ['stage match bad', stage({ match: { project: [], tag: ['a', 1], projet: 'x' } })],
  ['match', top({ match: { model: ['a', 'b'] } })],
  ['match empty', top({ match: { model: '' } })],
  // stage blocks every scenario may have
  ['cache ok', stage({ cache: { hit_rate: 0.5, cacheable: ['system'], ttl: '1h' } })],
  ['cache bad', stage({ cache: { hit_rate: 2, cacheable: ['sys'], ttl: '2h' } })],
  ['prompt file', stage({ input: { system: { file: 'a.md' }, user: 10 } })],
  ['prompt files', stage({ input: { tools: { files: ['a/*.md'] }, context: { files: 'b.md' } } })],
  ['prompt template', stage({ input: { system: { template: 'x.md', fill: 30, syntax: 'jinja' } } })],
  ['prompt bad', stage({ input: { system: { file: '' }, user: { template: 'x', fill: -1 }, tools: { syntax: 'x' } } })],
  ['input part string', stage({ input: { system: 'abc', user: -5, history: 2e9 } })],
  ['input misspelt', stage({ input: { sytem: 3 } })],
  ['models mapping', stage({ model: undefined, models: { a: 0.5, b: '50%' } })],
  ['models list', stage({ model: undefined, models: [{ id: 'a', share: 1, output: 10, reasoning: 5 }] })],
  ['models empty list', stage({ model: undefined, models: [] })],
  ['models bad', stage({ model: undefined, models: [{ id: '', share: 2 }] })],
  ['models string', stage({ model: undefined, models: 'x' })],
  ['stage numbers', stage({ agent_steps: 0.5, max_retries: 1.5, retry_rate: '2%', batch_share: 1.2, share_of_requests: '-3%', context_growth_per_step: 10, reasoning: 20 })],
  ['stage name blank', stage({ name: '  ' })],
  // seats
  ['seats ok', top({ seats: { active_share: 0.5, segments: [{ name: 'l', share: 1, requests_per_user_per_day: 3 }], keep_costs: ['x'] } })],
  ['seats empty segments', top({ seats: { segments: [] } })],
  ['seats too many segments', top({ seats: { segments: Array.from({ length: 9 }, (_, i) => ({ name: `s${i}`, share: 0.1, requests_per_user_per_day: 1 })) } })],
  ['seats bad', top({ seats: { active_share: 2, sgements: 1, keep_costs: 'x' } })],
  // growth
  ['growth ok', top({ growth: { monthly_rate: '8%', months: 12, start: '2026-01' } })],
  ['growth curve', top({ growth: { curve: [0.2, 0.5, 1, 1.3] } })],
  ['growth rate -100%', top({ growth: { monthly_rate: -1 } })],
  ['growth rate 150%', top({ growth: { monthly_rate: '150%' } })],
  ['growth bad', top({ growth: { curve: [], months: 0.5, start: '2026-13' } })],
  ['growth curve too big', top({ growth: { curve: [1e7], monthly_rate: 'x' } })],
  // budget, outcomes, costs
  ['budget ok', top({ budget: { monthly: 100, alert_at: 0.8, at: 'p80' } })],
  ['budget bad', top({ budget: { monthly: 0, at: 'p99' } })],
  ['outcomes ok', top({ outcomes: { name: 'ticket', per_request: '35%', value: 4 } })],
  ['outcomes bad', top({ outcomes: { per_request: -1, per_month: 1e16, value: 'x' } })],
  ['outcomes too many per request', top({ outcomes: { per_request: 2e6 } })],
  ['costs ok', top({ costs: [{ name: 'x', monthly: 3 }, { name: 'y', model: 'm', tokens_per_month: 1e6 }, { name: 'z', minutes: 3, hourly_rate: 40, share_of_requests: '1%' }] })],
  ['costs bad', top({ costs: [{ name: ' ' }, { name: 'x', minutes: 1e7, monthly: -1, per_usr: 1 }] })],
  ['costs string', top({ costs: 'x' })],
  // the rest of the top level
  ['traffic bad', top({ traffic: { requests_per_day: 1e13, users: -1, requests_per_user_per_day: 'x', days_per_month: 32 } })],
  ['traffic missing', top({ traffic: undefined })],
  ['variants ok', top({ variants: { v: { 'traffic.requests_per_day': 3 } } })],
  ['variants bad', top({ variants: { '': {}, w: 3 } })],
  ['tags', top({ tags: { a: 1, b: true, c: 'x' } })],
  ['tags null', top({ tags: { a: null } })],
  ['deployments', top({ deployments: [{}] })],
  ['deployments string', top({ deployments: 'x' })],
  ['top bad', top({ version: 2, name: '', currency: 'usd', pricing: [''], alternative_of: '', description: 3, pipline: [] })],
  ['pipeline empty', top({ pipeline: [] })],
  ['not a mapping', [] as unknown as Raw],
];

type Node = { _zod: { def: Record<string, unknown>; optin?: unknown; optout?: unknown; innerType?: Node } };

/** Every lazy node under `root` with the schema it stands for (building it), depth first. */
function walkLazies(root: unknown, onLazy: (lazy: Node, inner: Node) => void): void {
  const seen = new Set<Node>();
  const walk = (n: Node | undefined): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    const d = n._zod.def;
    if (d.type === 'lazy') {
      const inner = n._zod.innerType!;
      onLazy(n, inner);
      walk(inner);
    }
    for (const k of ['innerType', 'element', 'keyType', 'valueType', 'in', 'out'] as const) walk(d[k] as Node | undefined);
    for (const o of (d.options as Node[] | undefined) ?? []) walk(o);
    for (const v of Object.values((d.shape as Record<string, Node> | undefined) ?? {})) walk(v);
  };
  walk(root as Node);
}

/** What zod answers, as plain data (functions and undefined dropped, like the golden file). */
function answer(input: unknown): unknown {
  const r = scenarioSchema.safeParse(input);
  return JSON.parse(JSON.stringify(r.success ? { data: r.data } : { issues: r.error.issues }));
}

describe('the scenario schema, block by block', () => {
  it('answers as pinned (issues with code, path, message; the parsed output)', async () => {
    const all: Record<string, unknown> = {};
    for (const [name, input] of cases) all[name] = answer(input);
    await expect(`${JSON.stringify(all, null, 1)}\n`).toMatchFileSnapshot('messages/scenario-blocks.expected.json');
  });

  it('gives the same answer in any order and on a second parse (first use builds a block)', () => {
    const first = cases.map(([, input]) => answer(input));
    const reversed = [...cases].reverse().map(([, input]) => answer(input)).reverse();
    expect(reversed).toEqual(first);
    expect(cases.map(([, input]) => answer(input))).toEqual(first);
  });

  it('answers the same whichever blocks a run meets first (fresh schema modules, random orders; property)', async () => {
    vi.resetModules();
    const warm = (await import('../../src/schema/scenario.js')).scenarioSchema;
    walkLazies(warm, () => undefined); // every block built before any parse
    const inputs = cases.map(([, input]) => input);
    const plain = (schema: typeof warm, input: unknown): unknown => {
      const r = schema.safeParse(input);
      return JSON.parse(JSON.stringify(r.success ? { data: r.data } : { issues: r.error.issues }));
    };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: inputs.length - 1 }), { minLength: 1, maxLength: 12 }), async (order) => {
        vi.resetModules();
        const fresh = (await import('../../src/schema/scenario.js')).scenarioSchema;
        expect(fresh).not.toBe(warm); // its blocks are built by the parses below
        for (const i of order) expect(plain(fresh, inputs[i])).toEqual(plain(warm, inputs[i]));
      }),
      { numRuns: 25 },
    );
  });

  it('no block built on first use is optional itself (what a lazy node answers before it is built)', () => {
    let lazies = 0;
    for (const root of [scenarioSchema, catalogueSchema, projectSchema(), isoDate(), nonNegativeOrPercent()]) {
      walkLazies(root, (lazy, inner) => {
        lazies++;
        expect([inner._zod.optin, inner._zod.optout]).toEqual([undefined, undefined]);
        expect([lazy._zod.optin, lazy._zod.optout]).toEqual([undefined, undefined]);
      });
    }
    expect(lazies).toBeGreaterThan(15);
  });

  it('hand-checked answers among them', () => {
    const ok = scenarioSchema.safeParse(cases.find(([n]) => n === 'image percent')![1]);
    expect(ok.success && ok.data.pipeline[0]!.image).toEqual({ input: 10, cache_hit_rate: 0.5 });
    const bad = scenarioSchema.safeParse(cases.find(([n]) => n === 'tool_calls misspelt')![1]);
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['web_serch'], path: ['pipeline', 0, 'tool_calls'] });
    const hours = scenarioSchema.safeParse(cases.find(([n]) => n === 'cache_storage bad')![1]);
    expect(hours.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['pipeline.0.cache_storage.tokens', 'expected a number ≥ 0 (tokens in the cache)'],
      ['pipeline.0.cache_storage.hours_per_month', 'expected at most 744 hours a month — a bound against typos (see "Limits" in docs/scenario.md)'],
    ]);
    const growth = scenarioSchema.safeParse(top({ growth: { monthly_rate: 1 } }));
    expect(growth.success && growth.data.growth?.monthly_rate).toBe(1); // 100% is allowed (≤), -100% is not (>)
    expect(scenarioSchema.safeParse(top({ growth: { monthly_rate: -1 } })).success).toBe(false);
  });
});
