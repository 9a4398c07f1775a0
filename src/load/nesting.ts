/**
 * A cheap pre-scan for nesting depth (issue 13): 10,000 nested `[`, `{`, `- ` or indented
 * mappings overflow the stack of any recursive parser (the `yaml` library composes recursively,
 * and so does our fast path, zod, and every walker after them). The text is measured in one
 * linear pass, without recursion, before any parser sees it; past MAX_NESTING the input is
 * refused with the line:column where the limit is crossed.
 *
 * The measure is conservative (it may count a level a parser would not: a `[` inside a multi-line
 * plain scalar), never lenient: brackets in quotes and comments and the content of block scalars
 * (`|`, `>`) are skipped. Real scenarios, catalogues and reports nest fewer than 10 levels.
 */
import { InputError } from '../errors.js';

/** Deepest nesting accepted in any YAML or JSON input. */
export const MAX_NESTING = 64;

export interface DepthExceeded {
  line: number;
  column: number;
}

/** Where the nesting of `text` first exceeds `max` levels, or undefined. Works for YAML and JSON. */
export function findDeepNesting(text: string, max = MAX_NESTING): DepthExceeded | undefined {
  let flow = 0; // open [ and { at this point
  const indents: number[] = []; // block levels: the column of each open block node
  let line = 1;
  let i = 0;
  const n = text.length;
  let blockScalarParent = -1; // inside a | or > scalar: the indentation of its parent, else -1
  let next = -1; // the first character of SCAN at or after the last search's start (n: none)
  while (i < n) {
    // one line: [i, end)
    let end = text.indexOf('\n', i);
    if (end === -1) end = n;
    let p = i;
    while (p < end && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09)) p++;
    const indent = p - i;
    const blank = p === end || text[p] === '#' || (p === end - 1 && text[p] === '\r');
    if (blockScalarParent >= 0) {
      if (blank || indent > blockScalarParent) {
        line++;
        i = end + 1;
        continue;
      }
      blockScalarParent = -1;
    }
    if (blank) {
      line++;
      i = end + 1;
      continue;
    }
    if (flow === 0) {
      // block structure: close deeper levels, then open this line's node(s)
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      // a line that is a flow collection is counted by its brackets below
      if (text[p] !== '[' && text[p] !== '{') indents.push(indent);
      // `- - - x` and `? ` open one more level per indicator on the same line
      while ((text[p] === '-' || text[p] === '?') && (p + 1 === end || text[p + 1] === ' ')) {
        p += 2;
        while (p < end && text.charCodeAt(p) === 0x20) p++;
        indents.push(p - i);
        if (indents.length > max) return { line, column: p - i + 1 };
      }
      if (indents.length > max) return { line, column: indent + 1 };
    }
    // the rest of the line: flow brackets outside quotes and comments; a block scalar indicator.
    // Only the characters of SCAN can change anything, so the scan jumps from one to the next
    // (found by pattern: a loop over every character would run cold, and be optimised, on every file).
    // Outside a quoted scalar, the character before one is the text's (a space at the line's start).
    const from = p;
    let quote: string | null = null;
    for (;;) {
      const k = next < p ? (next = nextOfInterest(text, p)) : next;
      if (k >= end) {
        p = end;
        break;
      }
      const c = text[k]!;
      p = k + 1;
      if (quote !== null) {
        if (c === '\\' && quote === '"') p++;
        else if (c === quote) quote = null;
        continue;
      }
      const prev = k === from ? ' ' : text[k - 1]!;
      if (c === '#') {
        if (prev === ' ' || prev === '\t') {
          p = k;
          break;
        }
      } else if (c === '"' || c === "'") {
        if (prev === ' ' || prev === '[' || prev === '{' || prev === ',' || prev === ':' || prev === '-' || prev === '\t') quote = c;
      } else if (c === '[' || c === '{') {
        flow++;
        if (flow + indents.length > max) return { line, column: k - i + 1 };
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
    }
    // `key: |`, `- >-`, `key: |2+` …: the following more-indented lines are text
    if (flow === 0 && mayEndBlockScalarHeader(text, i, p) && /(^|[\s:-])[|>][0-9+-]{0,2}$/.test(text.slice(i, p).trimEnd())) {
      blockScalarParent = indent;
    }
    // a quoted scalar may continue on the next line: the quote state is reset per line (conservative)
    line++;
    i = end + 1;
  }
  return undefined;
}

/** The characters that open or close a flow collection, a quoted scalar or a comment, and the escape inside double quotes. */
const SCAN = /[#"'[\]{}\\]/g;

/** Index of the first character of SCAN at or after `from`, or text.length. */
function nextOfInterest(text: string, from: number): number {
  SCAN.lastIndex = from;
  return SCAN.exec(text)?.index ?? text.length;
}

/**
 * Whether text[i, p) can end in a block scalar header once trimmed: its last character that is not
 * ASCII white space is one of | > + - or a digit, or is not ASCII (then the pattern decides). Most
 * lines end otherwise, and skip the copy and the pattern.
 */
function mayEndBlockScalarHeader(text: string, i: number, p: number): boolean {
  let q = p - 1;
  while (q >= i) {
    const c = text.charCodeAt(q);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) q--;
    else return c >= 0x80 || c === 0x7c || c === 0x3e || c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39);
  }
  return false;
}

/** Refuse `text` (from `file`, or a flag such as `--set tags`) when it nests deeper than MAX_NESTING. */
export function checkNesting(text: string, file: string | undefined, path?: string): void {
  const deep = findDeepNesting(text);
  if (!deep) return;
  throw new InputError({
    file,
    ...(file ? deep : {}),
    path,
    message: `nests more than ${MAX_NESTING} levels deep (mappings, lists, [ ] or { } inside each other)`,
    fix: `no aifinops input needs more than a few levels; flatten it`,
  });
}
