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

/** One character (a code point) as the excerpt shows it; `display` leaves `"` and `\\` as they are. */
function escapeChar(ch: string, display = false): string {
  const short = display && (ch === '"' || ch === '\\') ? undefined : SHORT[ch];
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
  const chars = all.length > 4 * max ? [...Array.from(all.slice(0, 2 * max)), ...Array.from(all.slice(-2 * max))].map((c) => escapeChar(c)) : Array.from(all).map((c) => escapeChar(c));
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
/**
 * A path as a message shows it: as it is when it is at most `max` characters, else `quotedPath`'s
 * excerpt of its start and its end (a path in a file may be 40,000 characters of `a/a/a/…`).
 */
export function shortPath(path: string, max = 200): string {
  return path.length <= max ? path : quotedPath(path, max);
}

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

/** Anything {@link displayText} would change: a control, an invisible or bidi character, a lone surrogate. */
const NEEDS_DISPLAY_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb\ufffe\uffff\ud800-\udfff]/;

/**
 * Text from input as a report shows it (terminal tables, titles, notes, markdown, CSV): the same
 * characters as {@link excerpt} escapes (controls incl. ESC, BEL and DEL, the C1 range, bidi
 * overrides and isolates, invisible characters, lone surrogates) become visible escapes such as
 * `\u001b`; everything else, `"` and `\` included, is left as it is, and nothing is cut.
 */
export function displayText(text: string): string {
  if (!NEEDS_DISPLAY_ESCAPE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const pair = code > 0xffff;
    out += escapeChar(pair ? text.slice(i, i + 2) : text[i]!, true);
    if (pair) i++;
  }
  return out;
}

const isPlain = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * A report (or any plain data) with every string in it, keys included, passed through
 * {@link displayText}: what a text renderer is given, so no name, model id, tag or note from a
 * file reaches the terminal raw, whichever cell or title it lands in. Parts with nothing to
 * escape are returned as they are (the same objects); anything that is not a plain object, an
 * array or a string (a Map, a Date, a function) passes through untouched. JSON output does not
 * need it (JSON.stringify escapes controls; the output guard in util/output.ts escapes the rest).
 */
export function displaySafe<T>(value: T): T {
  if (typeof value === 'string') return displayText(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((x: unknown) => {
      const y = displaySafe(x);
      if (y !== x) changed = true;
      return y;
    });
    return (changed ? out : value) as T;
  }
  if (!isPlain(value)) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
    const key = displayText(k);
    const y = displaySafe(x);
    if (y !== x || key !== k) changed = true;
    out[key] = y;
  }
  return (changed ? out : value) as T;
}

/** An SGR colour code as chalk writes it (`ESC [ 1 m`, `ESC [ 39 m`): the only escape sequence aifinops itself prints. */
const SGR = /^\u001b\[[0-9;]{0,16}m/;
const OUTPUT_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last guard before output is written (util/output.ts `emit`): a control character other than
 * a line break (LF, or CR LF) or a tab, DEL, the C1 range, or a bidi override or isolate, wherever it came from,
 * becomes a visible `\u001b`-style escape. With `keepColour`, an SGR colour code (ESC [ … m, what
 * chalk writes) is kept; every other escape sequence (OSC titles, cursor moves, screen clears) is
 * not. In JSON, `\u202e` is the same string as the raw character, so JSON output keeps its meaning.
 */
export function outputSafe(text: string, keepColour: boolean): string {
  return text.replace(OUTPUT_UNSAFE, (ch, at: number) =>
    // a CR that ends a CRLF line (a scenario written back with its own line endings) is a line
    // break; a lone CR, which returns the cursor and lets text overwrite the line, is not
    (ch === '\r' && text.charCodeAt(at + 1) === 10) || (keepColour && ch === '\u001b' && SGR.test(text.slice(at, at + 20))) ? ch : u(ch.charCodeAt(0)),
  );
}
