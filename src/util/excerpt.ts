/**
 * The one way an error message quotes input back (docs/security.md): a short, escaped excerpt.
 *
 * Input can be anything a pull request put in a file: a secret read by mistake, terminal escape
 * sequences, a megabyte on one line. Every message that shows a value, key, name or snippet taken
 * from input passes it through `excerpt` (bare) or `quoted` (in double quotes), never raw.
 *
 * - at most `max` characters of the escaped text (default {@link EXCERPT_MAX}), cut with "…";
 * - control characters, the C1 range, lone surrogates, bidirectional overrides, zero-width and
 *   other invisible or non-printing characters are escaped (`\n`, `\t`, `\u001b`, `\u202e`);
 * - `"` and `\` are escaped, so a quoted excerpt reads like a JSON string (for short printable
 *   text `quoted(s)` is exactly `JSON.stringify(s)`).
 */

/** The longest excerpt an error message shows, in characters. */
export const EXCERPT_MAX = 60;

// C0/C1 controls, DEL, soft hyphen, zero-width and bidi controls, line/paragraph separators,
// BOM, specials and private-use/noncharacters of the BMP.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb\ufffe\uffff]/;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '"': '\\"', '\\': '\\\\' };

function u(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One character (a code point) as the excerpt shows it. */
function escapeChar(ch: string): string {
  const short = SHORT[ch];
  if (short !== undefined) return short;
  const code = ch.codePointAt(0)!;
  if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) return u(code); // a lone surrogate
  if (INVISIBLE.test(ch)) return u(code);
  return ch;
}

function cut(text: string, max: number): { shown: string; cut: boolean } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    const pair = code > 0xffff; // a lone high surrogate must not swallow the next character
    const shown = escapeChar(pair ? text.slice(i, i + 2) : text[i]!);
    if (out.length + shown.length > max) return { shown: out, cut: true };
    out += shown;
    i += pair ? 2 : 1;
  }
  return { shown: out, cut: false };
}

/**
 * `text` escaped and cut to at most `max` characters (escapes count at their escaped length; an
 * escape is never cut in half). A cut excerpt ends with "…".
 */
export function excerpt(text: unknown, max = EXCERPT_MAX): string {
  const r = cut(typeof text === 'string' ? text : String(text), max);
  return r.cut ? `${r.shown}…` : r.shown;
}

/**
 * A path from input, in double quotes, cut in the middle when it is long: the start says where it
 * leads and the end names the file, so `"../../../../..…/catalogues/acme.yaml"` still says which
 * file was meant. At most `max` characters of escaped text besides the quotes and the "…".
 */
export function quotedPath(text: unknown, max = EXCERPT_MAX): string {
  const all = typeof text === 'string' ? text : String(text);
  const whole = cut(all, max);
  if (!whole.cut) return `"${whole.shown}"`;
  // only the ends can be shown: escape no more than them, however long the input
  const chars = all.length > 4 * max ? [...Array.from(all.slice(0, 2 * max)), ...Array.from(all.slice(-2 * max))].map(escapeChar) : Array.from(all).map(escapeChar);
  const head: string[] = [];
  const tail: string[] = [];
  const headMax = Math.floor(max / 3);
  let headLen = 0;
  for (const c of chars) {
    if (headLen + c.length > headMax) break;
    head.push(c);
    headLen += c.length;
  }
  let tailLen = 0;
  for (let i = chars.length - 1; i >= head.length; i--) {
    const c = chars[i]!;
    if (headLen + tailLen + c.length > max) break;
    tail.unshift(c);
    tailLen += c.length;
  }
  return `"${head.join('')}…${tail.join('')}"`;
}

/** `excerpt` in double quotes: `"abc"`, or `"abc…"` when cut. */
export function quoted(text: unknown, max = EXCERPT_MAX): string {
  return `"${excerpt(text, max)}"`;
}

/**
 * Names taken from input (stage names, keys, variants), each as an excerpt, comma-separated; past
 * `maxItems` the rest is counted ("… and 12 more"), so a list cannot flood a message either.
 */
export function excerptList(items: Iterable<unknown>, maxItems = 20): string {
  const all = [...items];
  const shown = all.slice(0, maxItems).map((x) => excerpt(x)).join(', ');
  return all.length > maxItems ? `${shown}, … and ${all.length - maxItems} more` : shown;
}
