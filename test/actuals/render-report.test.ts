/**
 * The actuals report's renderings: notes in markdown, an unpriced model's re-priced figure shown
 * as unknown, the columns left out at a terminal's width (re-priced last, an all-"—" billed
 * column first), prose wrapped, and days without cost data left as gaps in the billed line.
 */
import { describe, expect, it } from 'vitest';
import { renderActualsMarkdown, renderActualsTable } from '../../src/actuals/render-report.js';
import { makeStyle } from '../../src/render/style.js';
import { textWidth } from '../../src/render/grid.js';
import { ACTUALS_REPORT_SCHEMA, type ActualsGroup, type ActualsReport } from '../../src/schema/actuals-report.js';

const tokens = { input: 1_000_000, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 1_000_000, reasoning: 0, audio: 0 };
const group = (key: string, repriced: number, billed: number | null): ActualsGroup => ({ key, requests: 1000, tokens, tool_calls: 0, repriced, billed });
const LONG_NOTE = 'openai-usage rows of openai/gpt-5-mini on the "priority" service tier are re-priced at standard rates: its catalogue entry has no rates for that tier (the audit may flag those days)';

function report(over: Partial<ActualsReport> = {}): ActualsReport {
  const groups = over.groups ?? [group('openai/gpt-5-mini', 4.05, null), group('acme/unknown', 0, null)];
  return {
    schema: ACTUALS_REPORT_SCHEMA,
    tool_version: 'test',
    currency: 'USD',
    period: { from: '2025-06-01', to: '2025-06-04', days: 4 },
    sources: ['openai-usage'],
    by: 'model',
    groups,
    total: { ...group('total', groups.reduce((a, g) => a + g.repriced, 0), groups.some((g) => g.billed !== null) ? groups.reduce((a, g) => a + (g.billed ?? 0), 0) : null), key: undefined } as unknown as ActualsGroup,
    daily: [],
    audit: { threshold: 0.01, checked: 0, flagged: [], ranged: [] },
    unpriced_models: ['acme/unknown'],
    notes: [LONG_NOTE],
    ...over,
  };
}

describe('actuals report renderings', () => {
  it('markdown prints every note (it printed none)', () => {
    const md = renderActualsMarkdown(report({ notes: [LONG_NOTE, 'second note'] }));
    expect(md).toContain(`_Note: ${LONG_NOTE.replace(/_/g, '\\_')}._`.replace(/"/g, '"'));
    expect(md).toContain('_Note: second note._');
  });

  it('an unpriced model is re-priced "—", not $0.00; a priced one shows its figure', () => {
    const plain = makeStyle(false);
    const row = (text: string, key: string) => text.split('\n').find((l) => l.includes(key))!;
    const t = renderActualsTable(report(), plain);
    expect(row(t, 'acme/unknown')).not.toContain('$0.00');
    expect(row(t, 'acme/unknown').split('│')[6]!.trim()).toBe('—');
    expect(row(t, 'gpt-5-mini').split('│')[6]!.trim()).toBe('$4.05');
    expect(row(renderActualsMarkdown(report()), 'acme/unknown').split('|')[6]!.trim()).toBe('—');
  });

  it('at 80 columns: billed ("—" on every row) goes first, re-priced and output tokens stay; notes and the audit heading wrap', () => {
    const t = renderActualsTable(report({ groups: [group('openai/gpt-5-mini-2025-08-07-long-id', 4.05, null), group('acme/unknown', 0, null)] }), makeStyle(false, 80));
    const head = t.split('\n').find((l) => l.startsWith('│'))!;
    expect(head).toContain('re-priced');
    expect(head).toContain('output tokens');
    expect(head).not.toContain('billed');
    for (const line of t.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(80);
    expect(t).toContain('left out to fit 80 columns');
  });

  it('at 60 columns re-priced is still there, with billed figures too', () => {
    const t = renderActualsTable(report({ groups: [group('openai/gpt-5-mini', 4.05, 4.1), group('acme/unknown', 0, null)] }), makeStyle(false, 60));
    const head = t.split('\n').find((l) => l.startsWith('│'))!;
    expect(head).toContain('re-priced');
    for (const line of t.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(60);
  });

  it('a day without cost data is a gap in the billed line, not $0', () => {
    const daily = ['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05'].map((day, i) => ({ day, repriced: 10, billed: i === 2 ? null : 10 }));
    const t = renderActualsTable(report({ daily }), makeStyle(false));
    const rows = t.split('\n').filter((l) => l.includes('┤'));
    // the bottom row ($0.00) holds no billed point: with the gap drawn as $0 it would
    const bottom = rows.at(-1)!;
    expect(bottom).toMatch(/\$0\.00/);
    expect(bottom.replace(/^.*┤/, '').trim()).toBe('');
    // the billed line (○) stops around the middle day (no line is drawn across it either)
    const cols = rows.map((l) => l.replace(/^.*┤/, ''));
    const width = Math.max(...cols.map((c) => c.length));
    const billedAt = (c: number) => cols.some((row) => row[c] === '○');
    const mid = Math.floor(width / 2);
    expect(billedAt(mid)).toBe(false);
    expect(billedAt(0)).toBe(true);
    expect(billedAt(width - 1)).toBe(true);
  });
});
