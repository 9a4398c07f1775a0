/**
 * The one escaping rule for text from input in output (util/excerpt.ts): `displayText` for a
 * name in a rendering, `displaySafe` for a whole report before a text renderer, `outputSafe` as
 * the last guard in `emit`; and `percent` within floating-point noise of zero.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt as fieldExcerpt } from '../../src/actuals/fields.js';
import { percent, signedPercent } from '../../src/render/format.js';
import { displaySafe, displayText, excerpt, outputSafe } from '../../src/util/excerpt.js';

const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const hostileChar = fc.constantFrom('\u001b', '\u0007', '\u009b', '\u202e', '\u2066', '\u007f', '\r', '\n', '\t', '\u0000', '"', '\\', 'a', 'é', '漢', '😀', '[', ']');
const hostile = fc.array(hostileChar, { maxLength: 30 }).map((a) => a.join(''));

describe('displayText', () => {
  it('shows ESC, BEL, CSI (C1), DEL and bidi overrides/isolates as visible escapes', () => {
    expect(displayText('a\u001b]0;x\u0007b')).toBe('a\\u001b]0;x\\u0007b');
    expect(displayText('\u009b2J\u007f')).toBe('\\u009b2J\\u007f');
    expect(displayText('x\u202ey\u2066z')).toBe('x\\u202ey\\u2066z');
    expect(displayText('line\nbreak\ttab')).toBe('line\\nbreak\\ttab');
  });
  it('leaves quotes, backslashes and printable Unicode as they are (a name is not a JSON string)', () => {
    expect(displayText('C:\\x "q" é 漢 😀')).toBe('C:\\x "q" é 漢 😀');
  });
  it('property: never leaves a raw control or bidi character, is idempotent, and is the identity on text without any', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const d = displayText(s);
        expect(d).not.toMatch(RAW);
        expect(displayText(d)).toBe(d);
        if (!RAW.test(s) && !/[\u00ad\u200b-\u200d\u2028\u2029\u2060-\u206f\ufeff]/.test(s)) expect(d).toBe(s);
      }),
    );
  });
});

describe('displaySafe', () => {
  it('escapes every string of a report, keys included, and returns untouched parts as the same objects', () => {
    const clean = { a: 1, b: ['x'] };
    const r = { name: 'n\u001b[31m', tags: { 'k\u202e': 'v\u0007' }, list: ['ok', 'p\u001b[2J'], n: 3, nil: null, clean };
    const s = displaySafe(r);
    expect(s).toEqual({ name: 'n\\u001b[31m', tags: { 'k\\u202e': 'v\\u0007' }, list: ['ok', 'p\\u001b[2J'], n: 3, nil: null, clean });
    expect(s.clean).toBe(clean);
    expect(displaySafe(clean)).toBe(clean);
    expect(r.name).toBe('n\u001b[31m'); // the report itself is not changed (JSON output keeps the value)
  });
  it('property: no string anywhere in the result, key or value, holds a raw control character', () => {
    const strings = (v: unknown): string[] =>
      typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]) : [];
    fc.assert(
      fc.property(fc.jsonValue(), hostile, (v, h) => {
        for (const s of strings(displaySafe({ v, h, [h]: [h, { h }] }))) expect(s).not.toMatch(RAW);
      }),
    );
  });
});

describe('outputSafe (the guard in emit)', () => {
  const sgr = '\u001b[1mbold\u001b[22m \u001b[31mred\u001b[39m';
  it('keeps SGR colour codes in a colour run, and escapes every other sequence', () => {
    expect(outputSafe(`${sgr} \u001b]0;t\u0007 \u001b[2J \u202e`, true)).toBe(`${sgr} \\u001b]0;t\\u0007 \\u001b[2J \\u202e`);
  });
  it('escapes colour codes too when the run has no colour', () => {
    expect(outputSafe(sgr, false)).toBe('\\u001b[1mbold\\u001b[22m \\u001b[31mred\\u001b[39m');
  });
  it('keeps line breaks and tabs, and JSON keeps its meaning (a raw bidi character becomes its \\u escape)', () => {
    expect(outputSafe('a\tb\nc\n', false)).toBe('a\tb\nc\n');
    // a CRLF line break is kept (calibrate writes a CRLF scenario back as it was); a lone CR, which would let text overwrite its line, is not
    expect(outputSafe('a\r\nb\r\n', false)).toBe('a\r\nb\r\n');
    expect(outputSafe('safe\rEVIL\r\r\n', false)).toBe('safe\\u000dEVIL\\u000d\r\n');
    const json = JSON.stringify({ name: 'x\u202e\u009by' });
    expect(JSON.parse(outputSafe(json, false))).toEqual({ name: 'x\u202e\u009by' });
  });
  it('property: no raw control (but \\n, \\t, CR LF) or bidi character survives without colour', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(outputSafe(s, false).replace(/\r\n/g, '\n').replace(/[\n\t]/g, '')).not.toMatch(RAW);
      }),
    );
  });
});

describe('actuals fields.excerpt uses the shared escaper', () => {
  it('escapes a bidi override (U+202E), as docs/security.md says', () => {
    expect(fieldExcerpt('a\u202eb')).toBe('"a\\u202eb"');
    expect(fieldExcerpt('\u001b[31m')).toBe('"\\u001b[31m"');
  });
  it('is at most 40 characters; a cut string keeps its closing quote', () => {
    const e = fieldExcerpt('x'.repeat(100));
    expect(e.length).toBeLessThanOrEqual(40);
    expect(e).toBe(`"${'x'.repeat(37)}…"`);
    expect(fieldExcerpt({ a: 1 })).toBe(excerpt('{"a":1}'));
    expect(fieldExcerpt(undefined)).toBe('nothing');
  });
});

describe('percent near zero', () => {
  it('a change within floating-point noise of zero (|x| ≤ 1e-12, core/diff.ts nearlyEqual) is 0%, not 1.32e-14%', () => {
    expect(percent(1.32e-16)).toBe('0%');
    expect(signedPercent(1.32e-16)).toBe('0%');
    expect(signedPercent(-1.32e-16)).toBe('0%');
    expect(percent(1e-12)).toBe('0%'); // the boundary itself is noise (≤)
    expect(percent(1.5e-12)).not.toBe('0%'); // just above it is a figure
    expect(percent(1.5e-12)).toMatch(/e-10%$/);
  });
  it('a figure that rounds to zero is 0%, never -0% or +0%', () => {
    expect(percent(-0.0001)).toBe('0%');
    expect(signedPercent(0.0001)).toBe('0%');
    expect(signedPercent(-0.0001)).toBe('0%');
    expect(signedPercent(0.0005)).toBe('+0.1%');
    expect(signedPercent(-0.123)).toBe('-12.3%');
  });
});
