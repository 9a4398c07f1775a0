/**
 * Block scalars (`|` literal, `>` folded; YAML 1.2 §8.1) for the fast YAML path
 * (load/yaml-simple.ts), within a subset it is sure of; for anything else it returns undefined and
 * the caller leaves the whole document to the `yaml` library:
 * - the header is `|` or `>`, an optional chomping indicator (`-` strip, `+` keep) and an optional
 *   comment; an explicit indentation indicator (`|2`) is left to the library;
 * - the content is indented by its first non-empty line (auto-detection), deeper than the
 *   mapping that holds it; an empty scalar, a leading empty line with more spaces than that
 *   indentation, and a line holding only more spaces than it are left to the library;
 * - folded: no "more-indented" lines (a line whose text starts with a space keeps its line breaks
 *   under rules the library applies); literal keeps every line's text after the indentation;
 * - a clipped or kept scalar running to the end of a text without a final line break is left to the library.
 */

/** The raw lines of a document (split on `\n`, the last empty piece after a final `\n` dropped). */
export interface RawLines {
  lines: readonly string[];
  /** Whether the text's last line ends with a line break. */
  finalBreak: boolean;
}

/**
 * The block scalar whose header is at `text[p]` on raw line `row`, held by a mapping whose keys are
 * at column `parentIndent`: its value and the first raw line after it, or undefined outside the subset.
 */
export function blockScalar(raw: RawLines, row: number, p: number, parentIndent: number): { value: string; end: number } | undefined {
  const t = raw.lines[row]!;
  const folded = t[p] === '>';
  let i = p + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  if (t[i] === '-' || t[i] === '+') {
    chomp = t[i] === '-' ? 'strip' : 'keep';
    i++;
  }
  // then only spaces, and a comment after at least one space
  let k = i;
  while (t.charCodeAt(k) === 0x20) k++;
  if (k < t.length && (t[k] !== '#' || k === i)) return undefined;

  const texts: (string | null)[] = []; // a content line's text after the indentation; null for an empty line
  let n = -1; // the content's indentation
  let leadingSpaces = 0; // most spaces on an empty line before the first text line
  let r = row + 1;
  for (; r < raw.lines.length; r++) {
    const s = raw.lines[r]!;
    let ind = 0;
    while (s.charCodeAt(ind) === 0x20) ind++;
    if (ind === s.length) {
      if (n === -1) leadingSpaces = Math.max(leadingSpaces, ind);
      else if (ind > n) return undefined;
      texts.push(null);
      continue;
    }
    if (n === -1) {
      if (ind <= parentIndent || leadingSpaces > ind) return undefined;
      n = ind;
    } else if (ind < n) break;
    const text = s.slice(n);
    if (folded && text[0] === ' ') return undefined;
    texts.push(text);
  }
  if (n === -1) return undefined;
  let last = texts.length - 1;
  while (texts[last] === null) last--;
  const hasBreak = row + 1 + last < raw.lines.length - 1 || raw.finalBreak;

  let body = '';
  if (folded) {
    let prev = -1; // the last text line so far
    for (let j = 0; j <= last; j++) {
      const x = texts[j];
      if (x === null) continue;
      const empties = j - prev - 1;
      body += prev === -1 ? '\n'.repeat(empties) : empties === 0 ? ' ' : '\n'.repeat(empties);
      body += x;
      prev = j;
    }
  } else {
    body = texts
      .slice(0, last + 1)
      .map((x) => x ?? '')
      .join('\n');
  }
  if (chomp === 'strip') return { value: body, end: r };
  // at the end of a text without a final line break the library still ends a clipped or kept scalar with one (YAML would not): left to it
  if (!hasBreak || (r === raw.lines.length && !raw.finalBreak)) return undefined;
  if (chomp === 'clip') return { value: `${body}\n`, end: r };
  return { value: `${body}\n${'\n'.repeat(texts.length - 1 - last)}`, end: r };
}
