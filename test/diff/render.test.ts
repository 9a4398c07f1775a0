/** The pull-request comment: size limits, clean truncation, escaping; the hidden marker. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSeq, markerLine, parseMarker, stripMarker, withMarker } from '../../src/comment/marker.js';
import type { DiffInputScenario } from '../../src/core/diff.js';
import { buildDiff } from '../../src/core/diff-report.js';
import { evaluatePolicy, NO_POLICY } from '../../src/core/policy.js';
import { GITHUB_MAX_CHARS, renderDiffMarkdown, renderDiffTable } from '../../src/render/diff.js';
import { makeStyle } from '../../src/render/style.js';
import type { DiffReport } from '../../src/schema/diff-report.js';
import { estimateFrom, withStage } from '../helpers/scenario.js';

const SIDES = {
  base: { kind: 'git' as const, label: 'origin/main', commit: '0123456789abcdef0123456789abcdef01234567', tool_version: null, priced_as_of: null },
  head: { kind: 'working-tree' as const, label: 'working tree', commit: null, tool_version: null, priced_as_of: null },
  toolVersion: '0.1.0',
};

const proto = estimateFrom(withStage('models: { acme-small: 0.5, acme-large: 0.5 }\ninput: { system: 2000, user: 500 }\noutput: 200\ncache: { hit_rate: 0.5 }', 'costs:\n  - { name: db, monthly: 10 }'));

function many(n: number, nameLen = 40): DiffReport {
  const mk = (i: number, k: number): DiffInputScenario => ({
    ...proto,
    name: `Scenario ${i} ${'x'.repeat(nameLen)}`,
    file: `scenarios/team-${i % 7}/s-${i}.yaml`,
    total_monthly_cost: proto.total_monthly_cost * k,
    stages: proto.stages.map((s) => ({ ...s, models: s.models.map((m) => ({ ...m, tokens: { ...m.tokens, output: m.tokens.output * k }, cost: { ...m.cost, output: m.cost.output * k } })) })),
  });
  const d = buildDiff(
    Array.from({ length: n }, (_, i) => mk(i, 1)),
    Array.from({ length: n }, (_, i) => mk(i, i % 5 === 0 ? 1 : 1 + i / 100)),
    SIDES,
  );
  d.policy = evaluatePolicy(d, { ...NO_POLICY, failOnIncrease: [{ kind: 'percent', fraction: 0.1, text: '10%' }] });
  return d;
}

function balanced(md: string): boolean {
  return (md.match(/<details>/g) ?? []).length === (md.match(/<\/details>/g) ?? []).length && (md.match(/<summary>/g) ?? []).length === (md.match(/<\/summary>/g) ?? []).length;
}

describe('renderDiffMarkdown', () => {
  it('800 changed scenarios fit under GitHub\'s 65,536 characters, cut between whole blocks, with a notice', () => {
    const d = many(800);
    const md = renderDiffMarkdown(d);
    expect(md.length).toBeLessThanOrEqual(GITHUB_MAX_CHARS);
    expect(md.length).toBeGreaterThan(GITHUB_MAX_CHARS - 5000); // it uses the room it has
    const lines = md.split('\n');
    expect(lines[0]).toBe('<!-- aifinops:tag=default -->');
    expect(lines[1]).toMatch(/^\*\*💰 AI cost: .* · 800 scenarios: 640 up, 160 unchanged · vs `origin\/main \(0123456\)` · ❌ \*\*policy failed\*\*$/);
    expect(balanced(md)).toBe(true);
    expect(md).toMatch(/_… \d+ more scenarios not shown in detail: a comment is limited to 65,536 characters\./);
    expect(md).toMatch(/\| _… 590 more \(see below or the JSON report\)_ \| \| \| \| \| \| \|/); // the overview shows 50 rows
    expect(md.trimEnd().endsWith('</sub>')).toBe(true);
    // a larger limit (GitLab) shows everything
    const big = renderDiffMarkdown(d, { maxChars: 1_000_000 });
    expect(big).not.toMatch(/not shown in detail/);
    expect((big.match(/<details>/g) ?? []).length).toBe(641); // 640 changed + the unchanged list
  });

  it('any size limit and any number of scenarios: never over the limit, never unbalanced (fast-check)', () => {
    const reports = new Map<number, DiffReport>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 2000, max: 40000 }), fc.integer({ min: 0, max: 300 }), (n, max, nameLen) => {
        const key = n * 1000 + nameLen;
        let d = reports.get(key);
        if (!d) reports.set(key, (d = many(n, nameLen)));
        const md = renderDiffMarkdown(d, { maxChars: max });
        expect(md.length).toBeLessThanOrEqual(max);
        expect(balanced(md)).toBe(true);
        expect(md.startsWith('<!-- aifinops:tag=default -->\n**💰 AI cost')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('escapes what users name things: no HTML injection, no broken tables', () => {
    const evil = { ...proto, name: 'A <script>alert(1)</script> | pipe', file: 'x|y.yaml', total_monthly_cost: 1 };
    const d = buildDiff([{ ...evil, total_monthly_cost: 2 }], [evil], SIDES);
    const md = renderDiffMarkdown(d);
    expect(md).not.toContain('<script>');
    expect(md).toContain('<b>A &lt;script&gt;alert(1)&lt;/script&gt; | pipe</b>');
    expect(md).toContain('| A &lt;script&gt;alert(1)&lt;/script&gt; \\| pipe |');
    const row = md.split('\n').find((l) => l.startsWith('| A '))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9); // 7 cells + the two outer bars
  });

  it('tag and sequence go into the marker', () => {
    const md = renderDiffMarkdown(many(1), { tag: 'staging', seq: { source: 'github-run', value: 42n } });
    expect(md.split('\n')[0]).toBe('<!-- aifinops:tag=staging seq=github-run:42 -->');
  });
});

describe('renderDiffTable', () => {
  it('shows the overview, drivers and the policy verdict; colour only when asked', () => {
    const d = many(3);
    d.policy = evaluatePolicy(d, { ...NO_POLICY, failOnIncrease: [{ kind: 'percent', fraction: 0.001, text: '0.1%' }] });
    const plain = renderDiffTable(d, makeStyle(false));
    expect(plain).toMatch(/^Cost diff origin\/main \(0123456\) → working tree · monthly cost · 3 scenarios: 2 up, 1 unchanged/);
    expect(plain).toContain('What moved');
    expect(plain).toContain('Policy failed:');
    expect(plain).not.toMatch(/\x1b\[/);
    expect(renderDiffTable(d, makeStyle(true))).toMatch(/\x1b\[/);
  });
});

describe('the hidden marker', () => {
  it('round-trips tag and sequence, and only on the first line', () => {
    expect(parseMarker(`${markerLine('default', { source: 'gitlab-pipeline', value: 123n })}\nbody`)).toEqual({ tag: 'default', seq: { source: 'gitlab-pipeline', value: 123n } });
    expect(parseMarker('<!-- aifinops:tag=x -->')).toEqual({ tag: 'x', seq: null });
    expect(parseMarker('hello\n<!-- aifinops:tag=x -->')).toBeNull();
    expect(parseMarker('<!-- aifinops:tag=x y -->')).toBeNull();
  });

  it('stripMarker ignores the marker (the sequence changes every run); withMarker replaces it', () => {
    const a = `${markerLine('t', { source: 'time', value: 1n })}\nsame body\n`;
    const b = `${markerLine('t', { source: 'time', value: 2n })}\r\nsame body`;
    expect(stripMarker(a)).toBe(stripMarker(b));
    expect(withMarker(a, { tag: 't', seq: null })).toBe('<!-- aifinops:tag=t -->\nsame body\n');
  });

  it('orders runs only within one source', () => {
    const s = (source: string, v: number) => ({ source, value: BigInt(v) });
    expect(compareSeq(s('github-run', 2), s('github-run', 10))).toBe(-1);
    expect(compareSeq(s('github-run', 10), s('github-run', 10))).toBe(0);
    expect(compareSeq(s('github-run', 10), s('time', 1))).toBeNull();
    expect(compareSeq(null, s('time', 1))).toBeNull();
  });
});
