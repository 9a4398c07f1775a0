/**
 * textWidth (src/render/grid.ts) builds the emoji pattern only for a line that holds an emoji
 * code point (one with emoji presentation, or U+FE0F …), not for "—" or CJK, and measures every
 * line exactly as before, when any character from U+1100 up brought the pattern in.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/render/grid.js';
import { makeStyle } from '../../src/render/style.js';

// ---- the function as it was (commit 0a1f53e), the reference -----------------------------------
const SGR = /\u001b\[[0-9;]*m/g;
const RGI = new RegExp('\\p{RGI_Emoji}', 'gv');
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    cp === 0x2329 ||
    cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0x3247 && cp !== 0x303f) ||
    (cp >= 0x3250 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0xa4c6) ||
    (cp >= 0xa960 && cp <= 0xa97c) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6b) ||
    (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1b000 && cp <= 0x1b001) ||
    (cp >= 0x1f200 && cp <= 0x1f251) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
function oldTextWidth(text: string): number {
  const s = text.includes('\u001b') ? text.replace(SGR, '') : text;
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x1100) {
      plain = false;
      break;
    }
  }
  const t = plain ? s : s.replace(RGI, '  ');
  let width = 0;
  for (let i = 0; i < t.length; i++) {
    let cp = t.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < t.length) {
      cp = t.codePointAt(i)!;
      i++;
    }
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) continue;
    if (cp >= 0x300 && cp <= 0x36f) continue;
    width += !plain && isWide(cp) ? 2 : 1;
  }
  return width;
}
// ------------------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const style = makeStyle(true);
const PIECES = ['a', ' ', '$1,234.56', '—', '…', '→', '│', '█', '└', '−', '‐', '‧', '⇿', '⋿', '×', '≤', '€', 'é', 'e\u0301', '\u0301', '中', '文', '한', 'Ａ', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '🇫', '1️⃣', '#⃣', '⚠️', '⚠', '©', '©️', '✓', '☕', '⌚', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '\u200d', '\ufe0f', '\u001b[1m', '\u001b[0m', '\t', '\u0085'];
const codePoint = fc.oneof(
  fc.integer({ min: 0x20, max: 0x2fff }),
  fc.integer({ min: 0x1f000, max: 0x1faff }),
  fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff),
);
const piece = fc.oneof(fc.constantFrom(...PIECES), codePoint.map((c) => String.fromCodePoint(c)));
const line = fc.array(piece, { maxLength: 10 }).map((p) => p.join(''));

describe('textWidth', () => {
  it('property: the same width as before for random lines (emoji, CJK, combining marks, ANSI, any code point)', () => {
    fc.assert(
      fc.property(line, fc.constantFrom((s: string) => s, style.bold, style.red), (text, colour) => textWidth(colour(text)) === oldTextWidth(colour(text))),
      { numRuns: 5000 },
    );
  });

  it('every emoji the pattern knows holds an emoji mark: single code points, and with U+FE0F, U+20E3, a skin tone or a second regional indicator', () => {
    // the claim the shortcut rests on: a line with no mark has no \p{RGI_Emoji} match
    const mark = /[\p{Emoji_Presentation}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D\u20E3\uFE0F\u{E0020}-\u{E007F}]/u;
    const whole = new RegExp('^\\p{RGI_Emoji}$', 'v');
    let emoji = 0;
    for (let c = 0; c <= 0x1ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      for (const s of [ch, `${ch}\ufe0f`, `${ch}\ufe0f\u20e3`, `${ch}\u{1f3fd}`, `${ch}\u{1f1eb}`]) {
        if (whole.test(s)) {
          emoji++;
          expect(mark.test(s), s).toBe(true);
        }
      }
    }
    expect(emoji).toBeGreaterThan(1000);
  });

  it('the characters measured without the mark pattern (U+2010–2027, U+2190–22FF, U+2500–259F) are no emoji mark and one column each', () => {
    const mark = /[\p{Emoji_Presentation}\p{Emoji_Modifier}\p{Regional_Indicator}\u200D\u20E3\uFE0F\u{E0020}-\u{E007F}]/u;
    let n = 0;
    for (const [from, to] of [[0x2010, 0x2027], [0x2190, 0x22ff], [0x2500, 0x259f]] as const) {
      for (let c = from; c <= to; c++, n++) {
        const ch = String.fromCodePoint(c);
        expect(mark.test(ch), ch).toBe(false);
        expect(isWide(c), ch).toBe(false);
        expect(textWidth(`a${ch}b`), ch).toBe(3);
      }
    }
    expect(n).toBe(24 + 368 + 160);
    // just outside them: the zero-width joiner and ⌚ are marks, and lines with them are measured as before
    expect(mark.test('\u200d') && mark.test('⌚')).toBe(true);
    expect(textWidth('x … ⌚')).toBe(oldTextWidth('x … ⌚'));
  });

  it('seats and breakeven (cells with "—") run without building the emoji pattern; an emoji in a cell builds it', () => {
    // the real CLI with a RegExp spy preloaded: it counts constructions of the emoji pattern
    const dir = mkdtempSync(join(tmpdir(), 'aifinops-width-'));
    try {
      const spy = join(dir, 'spy.cjs');
      writeFileSync(
        spy,
        `const R = RegExp; let built = 0;
         let marks = 0;
         globalThis.RegExp = new Proxy(R, { construct(t, a) { if (String(a[0]).includes('RGI_Emoji')) built++; if (String(a[0]).includes('Emoji_Presentation')) marks++; return Reflect.construct(t, a); } });
         process.on('exit', () => process.stderr.write('emoji-pattern-built=' + built + ' mark-pattern-built=' + marks + '\\n'));`,
      );
      const built = (...args: string[]) => {
        const r = spawnSync(process.execPath, ['--require', spy, 'bin/aifinops.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        expect(r.status, r.stderr).toBe(0);
        return { stdout: r.stdout, built: Number(/emoji-pattern-built=(\d+)/.exec(r.stderr)?.[1]), marks: Number(/mark-pattern-built=(\d+)/.exec(r.stderr)?.[1]) };
      };
      const seats = built('seats', 'scenarios/coding-agent-seats.yaml', '--plan', 'github-copilot-business', '--plan', 'claude-team-premium');
      expect(seats.stdout).toContain('—');
      expect(seats.built).toBe(0);
      expect(built('breakeven', 'scenarios/self-hosting-triage.yaml', '-d', 'llama-3.1-8b-fp8-h100-trtllm', '--replaces', 'triage').built).toBe(0);
      // sensitivity's table and tornado ("…", "│", "█", "└") need not even the mark pattern
      const sens = built('sensitivity', 'scenarios/coding-agent.yaml', '--delta', '50%');
      expect(sens.stdout).toMatch(/│ *7 … 21 │/);
      expect(sens).toMatchObject({ built: 0, marks: 0 });
      const emoji = built('estimate', 'scenarios/rag-support-assistant.yaml', 'scenarios/coding-agent.yaml', '--set', 'name=Support 🚀');
      expect(emoji.stdout).toMatch(/│ Support 🚀 +│/);
      expect(emoji).toMatchObject({ built: 1, marks: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
