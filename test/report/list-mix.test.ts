/**
 * A model mix written as a list (`models: [{ id, share, output? }]`) on the what-if page
 * (docs/report.md): its shares and its models can be changed like a mapping-form mix's, and the
 * "Copy as --set flags" command (setFlags) makes `aifinops estimate` compute the same total — a
 * swap sets the whole list, each entry keeping its own output/reasoning.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateScenario } from '../../src/core/estimate.js';
import { loadScenario } from '../../src/load/scenario.js';
import { applyControls, assignments, mixProblem, setFlags, withDerivedShares, type Control } from '../../src/report/controls.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { controlValues, pagePayload } from './payload.js';

const AS_OF = '2026-11-23';
const FILE = 'test/report/fixtures/list-mix.yaml';

const { view, resolve } = pagePayload(FILE, AS_OF);
const cs = view.controls;
const mixModels = (stage: string) => cs.filter((c) => c.kind === 'model' && c.path === `pipeline.${stage}.models`);
const shares = (stage: string) => cs.filter((c) => c.kind === 'share' && c.path.startsWith(`pipeline.${stage}.models.`));

/** The total `aifinops estimate FILE --as-of … <flags> -f json` gives, the flags read by a POSIX shell as the page writes them. */
function cliTotal(flags: string[]): number {
  const cmd = `"${process.execPath}" "${BIN}" estimate ${FILE} --as-of ${AS_OF} ${flags.join(' ')} -f json`;
  const r = spawnSync('sh', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' }, timeout: 60_000 });
  expect(r.stderr.split('\n').filter((l) => l.startsWith('aifinops: error'))).toEqual([]);
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { scenarios: { total_monthly_cost: number }[] }).scenarios[0]!.total_monthly_cost;
}

const cents = (x: number) => Math.round(x * 100);

describe('a list-form mix on the what-if page', () => {
  it('has a share control per entry (the last derived) and a model control per entry, each keeping its own output', () => {
    expect(shares('answer').map((c) => [c.path, c.derived === true])).toEqual([
      ['pipeline.answer.models.claude-haiku-4-5', false],
      ['pipeline.answer.models.claude-sonnet-4-6', false],
      ['pipeline.answer.models.claude-opus-4-8', true],
    ]);
    const models = mixModels('answer');
    expect(models.map((c) => c.value)).toEqual(['anthropic/claude-haiku-4-5', 'anthropic/claude-sonnet-4-6', 'anthropic/claude-opus-4-8']);
    expect(models.map((c) => c.entry)).toEqual([{ output: 200 }, { output: 450 }, {}]);
    for (const c of models) expect(c.options!.length).toBeGreaterThan(1);
    // entries set their own output here, so there is no stage-wide output control; the triage mix's entries do not
    expect(cs.some((c) => c.path === 'pipeline.answer.output')).toBe(false);
    expect(cs.some((c) => c.path === 'pipeline.triage.output')).toBe(true);
    expect(mixModels('triage').map((c) => c.entry)).toEqual([{}, {}]);
  });

  it('a swap is written as the whole list, each entry with its own output; a share change alone by entry id', () => {
    const [, m1] = mixModels('answer');
    const [s0] = shares('answer');
    const next = m1!.options!.find((o) => o !== m1!.value)!;
    const values = withDerivedShares(cs, { [m1!.id]: next, [s0!.id]: 0.5 })!;
    expect(mixProblem(cs, values)).toBeNull();
    expect(assignments(cs, values)).toEqual([
      `pipeline.answer.models=[{id: anthropic/claude-haiku-4-5, share: 0.5, output: 200}, {id: ${next}, share: 0.3, output: 450}, {id: anthropic/claude-opus-4-8, share: 0.2}]`,
    ]);
    const sharesOnly = withDerivedShares(cs, { [s0!.id]: 0.5 })!;
    expect(assignments(cs, sharesOnly)).toEqual(['pipeline.answer.models.claude-haiku-4-5=0.5', 'pipeline.answer.models.claude-sonnet-4-6=0.3', 'pipeline.answer.models.claude-opus-4-8=0.2']);
    // two models of one list exchanged: inexpressible as one `…models.<id>.id=` flag after another, exact as the whole list
    const [a, b] = mixModels('triage');
    const exchanged = withDerivedShares(cs, { [a!.id]: b!.value, [b!.id]: a!.value })!;
    expect(assignments(cs, exchanged)).toEqual([`pipeline.triage.models=[{id: ${b!.value}, share: 0.7}, {id: ${a!.value}, share: 0.3}]`]);
    const page = estimateScenario(applyControls(view.scenario, cs, exchanged, resolve)).total_monthly_cost;
    expect(page).not.toBe(estimateScenario(view.scenario).total_monthly_cost);
    expect(cents(page)).toBe(cents(cliTotal(setFlags(cs, exchanged))));
  });

  // random shares, models and tokens: the page's total equals the scenario loaded with the page's --set assignments, exactly
  const free = cs.filter((c) => !c.derived);
  const arb = controlValues(free, free.filter((c) => c.kind === 'model').map((c) => c.id));
  const valid = (picked: Record<string, number | string>): Record<string, number | string> | null => {
    const values = withDerivedShares(cs, picked);
    return values !== null && mixProblem(cs, values) === null ? values : null;
  };

  it('random settings with model swaps: the page’s total equals loading with its --set assignments, exactly', () => {
    let swaps = 0;
    fc.assert(
      fc.property(arb, (picked) => {
        const values = valid(picked as Record<string, number | string>);
        fc.pre(values !== null);
        if (cs.some((c: Control) => c.kind === 'model' && String(values[c.id]) !== String(c.value))) swaps++;
        const page = estimateScenario(applyControls(view.scenario, cs, values, resolve));
        const cli = estimateScenario(loadScenario(FILE, { asOf: AS_OF, set: assignments(cs, values) }));
        expect(page.total_monthly_cost).toBe(cli.total_monthly_cost);
      }),
      { numRuns: 40, seed: 7 },
    );
    expect(swaps).toBeGreaterThan(10); // the property did exercise swaps
  });

  it('seeded random settings with model swaps: `aifinops estimate` run with the page’s "Copy as --set flags" gives its total to the cent', () => {
    const samples = fc.sample(arb, { numRuns: 60, seed: 11 }).map((x) => valid(x as Record<string, number | string>)).filter((x) => x !== null).slice(0, 6);
    expect(samples.length).toBe(6);
    for (const values of samples) {
      const flags = setFlags(cs, values);
      expect(flags.some((f) => f.includes('models=['))).toBe(true);
      const page = estimateScenario(applyControls(view.scenario, cs, values, resolve)).total_monthly_cost;
      expect(cents(cliTotal(flags))).toBe(cents(page));
    }
  });
});
