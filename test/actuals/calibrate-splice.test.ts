/**
 * calibrate writes by splicing (src/actuals/calibrate-splice.ts): lines it does not change stay
 * byte for byte (alignment, comments, flow mappings, CRLF, a BOM), and the result loads to the
 * same values as the yaml Document API path (the oracle, kept here for every case).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { lineComment, rebaseSchemaLine, spliceEdits, type Edit } from '../../src/actuals/calibrate-splice.js';

const EV = 'actuals 2025-04-01 to 2025-04-30, 30 days, 1,000 calls';

/** What the Document API path loads to after the same edits. */
function oracle(text: string, edits: readonly Edit[]): unknown {
  const doc = parseDocument(text);
  for (const e of edits) doc.setIn(e.path, doc.createNode(e.value));
  return doc.toJS();
}

const edit = (path: (string | number)[], value: unknown, note = '(what): was x'): Edit => ({ path, value, note, key: String(path.at(-1)) });

function splice(text: string, edits: Edit[]): string {
  const out = spliceEdits(text, edits, EV, oracle(text, edits));
  expect(out).not.toBeNull();
  return out!;
}

const SCENARIO = [
  '# yaml-language-server: $schema=../../schemas/scenario.schema.json',
  'version: 1',
  'match: { project: proj_support }     # the project',
  'traffic:',
  '  requests_per_day: 1000             # guessed before launch',
  'pipeline:',
  '  - name: answer',
  '    models: { gpt-5-mini: 0.6, gpt-5: 0.4 }   # tier mix',
  '    input: { system: 1000, tools: 400, user: 200 }',
  '    output: 400',
  '    cache:',
  '      hit_rate: 0.5                  # the prefix',
  '      cacheable: [system, tools]',
  '',
].join('\n');

describe('calibrate splices its changes into the original text', () => {
  it('no change: the same bytes (a BOM, CRLF, flow mappings, aligned comments)', () => {
    const text = `\ufeff${SCENARIO.replace(/\n/g, '\r\n')}`;
    expect(spliceEdits(text, [], EV, parseDocument(text).toJS())).toBe(text);
  });

  it('a changed value: only its line differs; the alignment before the line\'s comment stays and the old comment follows the evidence', () => {
    const out = splice(SCENARIO, [edit(['pipeline', 0, 'cache', 'hit_rate'], 0.745, '(cache reads of the cacheable prefix): was 0.5')]);
    const a = SCENARIO.split('\n');
    const b = out.split('\n');
    expect(b).toHaveLength(a.length);
    expect(b.filter((l, i) => l !== a[i])).toEqual([`      hit_rate: 0.745                # calibrated (cache reads of the cacheable prefix): was 0.5; ${EV} | the prefix`]);
    // the comment starts in the same column: the spaces before it took up the two characters more
    expect(b[11]!.indexOf('#')).toBe(a[11]!.indexOf('#'));
  });

  it('values inside a one-line { … } mapping are replaced in place, the mapping stays on its line and one comment names each', () => {
    const out = splice(SCENARIO, [edit(['pipeline', 0, 'models', 'gpt-5-mini'], 0.8), edit(['pipeline', 0, 'models', 'gpt-5'], 0.2)]);
    expect(out.split('\n')[7]).toBe(`    models: { gpt-5-mini: 0.8, gpt-5: 0.2 }   # calibrated gpt-5-mini (what): was x; gpt-5 (what): was x; ${EV} | tier mix`);
    expect(out.split('\n').filter((l, i) => l !== SCENARIO.split('\n')[i])).toHaveLength(1);
  });

  it('keeps CRLF line endings, also on inserted lines, and a BOM', () => {
    const text = `\ufeff${SCENARIO.replace(/\n/g, '\r\n')}`;
    const out = splice(text, [edit(['traffic', 'requests_per_day'], 2000), edit(['pipeline', 0, 'batch_share'], 0.25), edit(['growth', 'monthly_rate'], 0.06), edit(['growth', 'start'], '2025-07')]);
    expect(out.startsWith('\ufeff')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(out).toContain(`  requests_per_day: 2000             # calibrated (what): was x; ${EV} | guessed before launch\r\n`);
    // a new key: the indentation of its siblings, after the stage's last line
    expect(out).toContain(`      cacheable: [system, tools]\r\n    batch_share: 0.25 # calibrated (what): was x; ${EV}\r\n`);
    // a new parent mapping at the top level, its keys one level in
    expect(out).toContain(`growth:\r\n  monthly_rate: 0.06 # calibrated (what): was x; ${EV}\r\n  start: 2025-07 # calibrated (what): was x; ${EV}\r\n`);
  });

  it('a new key of a stage written as a flow mapping goes inside it; the line\'s comment is kept after the evidence', () => {
    const text = 'version: 1\nservice_tier: priority   # all priority\npipeline:\n  - { name: evals, model: gpt-5.5, input: { user: 2000 }, output: 500 }   # flow stage\n';
    const out = splice(text, [edit(['pipeline', 0, 'service_tier'], 'standard', "(tiers): was priority (the scenario's service_tier)")]);
    expect(out).toBe(`version: 1\nservice_tier: priority   # all priority\npipeline:\n  - { name: evals, model: gpt-5.5, input: { user: 2000 }, output: 500, service_tier: standard }   # calibrated (tiers): was priority (the scenario's service_tier); ${EV} | flow stage\n`);
  });

  it('a scalar becomes a { p50, p90 } mapping on its own line; a block mapping is rewritten at its indentation with the comment on its key', () => {
    const out = splice(SCENARIO, [edit(['traffic', 'requests_per_day'], { p50: 2819, p90: 3321 })]);
    // longer than the space before the comment: one space is left
    expect(out).toContain(`  requests_per_day: { p50: 2819, p90: 3321 } # calibrated (what): was x; ${EV} | guessed before launch\n`);
    const block = 'traffic:\n  requests_per_day:   # spread\n    p50: 1000\n    p90: 2000\nversion: 1\n';
    expect(splice(block, [edit(['traffic', 'requests_per_day'], { p50: 1500, p90: 2500 })])).toBe(`traffic:\n  requests_per_day:   # calibrated (what): was x; ${EV} | spread\n    p50: 1500\n    p90: 2500\nversion: 1\n`);
  });

  it('a string keeps its quotes; a value from input cannot end the comment\'s line', () => {
    expect(splice('service_tier: "flex"\n', [edit(['service_tier'], 'priority')])).toBe(`service_tier: "priority" # calibrated (what): was x; ${EV}\n`);
    expect(lineComment([edit(['a'], 1, '(x): was a\nb: 1')], EV, null)).not.toMatch(/[\n\r]/);
  });

  it('gives up (null) rather than write a file that loads to other values', () => {
    const text = 'a: |\n  1\nb: 2\n';
    expect(spliceEdits(text, [edit(['a'], 5)], EV, oracle(text, [edit(['a'], 5)]))).toBeNull();
    expect(spliceEdits('a: 1\n', [edit(['a'], 2)], EV, { a: 3 })).toBeNull();
  });

  it('property: for any layout, unchanged values leave the bytes alone; changed ones change only their lines and load as the Document API says', () => {
    const key = fc.constantFrom('alpha', 'beta', 'gamma', 'delta');
    const layout = fc.record({
      eol: fc.constantFrom('\n', '\r\n'),
      bom: fc.boolean(),
      pad: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 8, maxLength: 8 }),
      comments: fc.array(fc.option(fc.constantFrom('note', 'a # b', 'x: 1', 'ünïcödé'), { nil: null }), { minLength: 8, maxLength: 8 }),
      flowPad: fc.boolean(),
      values: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 6, maxLength: 6 }),
    });
    fc.assert(
      fc.property(layout, fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 9999 })), { selector: (c) => c[0], maxLength: 6 }), key, (l, changes, extra) => {
        const c = (i: number) => (l.comments[i] ? `${' '.repeat(l.pad[i]!)}# ${l.comments[i]}` : '');
        const sp = l.flowPad ? ' ' : '';
        const v = l.values;
        const lines = [
          `version: 1${c(0)}`,
          `top: ${v[0]}${c(1)}`,
          `flow: {${sp}a: ${v[1]}, b: ${v[2]}${sp}}${c(2)}`,
          `block:${c(3)}`,
          `  x:  ${v[3]}${c(4)}`,
          `  y: ${v[4]}${c(5)}`,
          `  list: [${sp}{ id: m, share: ${v[5]} }${sp}]${c(6)}`,
          `# trailing${c(7)}`,
        ];
        const text = (l.bom ? '\ufeff' : '') + lines.join(l.eol) + l.eol;
        const paths: (string | number)[][] = [['top'], ['flow', 'a'], ['flow', 'b'], ['block', 'x'], ['block', 'y'], ['block', 'list', 0, 'share']];
        const lineOf = [1, 2, 2, 4, 5, 6];
        const edits = changes.map(([p, value]) => edit(paths[p]!, value));
        // no edit: the same bytes
        expect(spliceEdits(text, [], EV, parseDocument(text).toJS())).toBe(text);
        const all = [...edits, edit(['block', extra], 7)];
        const out = spliceEdits(text, all, EV, oracle(text, all));
        expect(out).not.toBeNull();
        expect(parseDocument(out!).toJS()).toEqual(oracle(text, all));
        const before = text.split(l.eol);
        const after = out!.split(l.eol);
        // one line more (the new key, after block's last line); every other line is the same unless a value on it changed
        expect(after).toHaveLength(before.length + 1);
        const changed = new Set(changes.map(([p]) => lineOf[p]!));
        const kept = [...after.slice(0, 7), ...after.slice(8)];
        before.forEach((line, i) => {
          if (!changed.has(i)) expect(kept[i]).toBe(line);
        });
        expect(after[7]).toBe(`  ${extra}: 7 # calibrated (what): was x; ${EV}`);
        expect(out!.startsWith('\ufeff')).toBe(l.bom);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the $schema line of a scenario written to another folder', () => {
  const line = (p: string) => `# yaml-language-server: $schema=${p}\nversion: 1\n`;
  it('a relative path to a schemas/ folder is rewritten to lead there from the new folder', () => {
    expect(rebaseSchemaLine(line('../../schemas/scenario.schema.json'), '/repo/examples/actuals', '/repo')).toBe(line('./schemas/scenario.schema.json'));
    expect(rebaseSchemaLine(line('../../schemas/scenario.schema.json'), '/repo/examples/actuals', '/repo/out/deep')).toBe(line('../../schemas/scenario.schema.json'));
    expect(rebaseSchemaLine(line('../../schemas/scenario.schema.json'), '/repo/examples/actuals', '/repo/examples/actuals')).toBe(line('../../schemas/scenario.schema.json'));
  });
  it('URLs, absolute paths and files outside a schemas/ folder are left alone', () => {
    for (const p of ['https://example.com/schemas/scenario.schema.json', '/abs/schemas/scenario.schema.json', '../other/scenario.schema.json']) {
      expect(rebaseSchemaLine(line(p), '/repo/examples/actuals', '/repo')).toBe(line(p));
    }
  });
});
