/**
 * Glob matching without regular expressions, in time bounded by the lengths of the pattern and
 * the name (docs/security.md). A pattern from a pull request such as `*a*a*a*a*a*a*a*a*ax.md` must
 * not backtrack exponentially, and `{a,b}` thirty times over must not build 2³⁰ patterns.
 *
 * - Within a segment: `*` (any run of characters), `?` (one character), `[abc]`, `[a-z]`, `[!a]`
 *   (`[^a]` too); everything else is literal. Matching is the greedy two-pointer algorithm that
 *   only ever goes back to the last `*`: O(pattern × name) at worst, never exponential.
 * - Across segments, `**` matches any number of folders, by the same algorithm over segments.
 * - `{a,b}` alternatives (nested allowed) are expanded first, at most MAX_BRACE_EXPANSIONS
 *   patterns per glob; more is an error, not a slow run.
 */

/** A glob's `{a,b}` alternatives may expand to at most this many patterns. */
export const MAX_BRACE_EXPANSIONS = 1000;

/** A glob that cannot be used as given (too many alternatives). */
export class GlobError extends Error {}

/** Expand `{a,b}` alternatives (nesting allowed) into separate patterns; `{single}` stays literal. */
export function expandBraces(pattern: string, max = MAX_BRACE_EXPANSIONS): string[] {
  return expand(pattern, max);
}

function tooMany(max: number): GlobError {
  return new GlobError(`its {…} alternatives expand to more than ${max} patterns`);
}

function expand(pattern: string, max: number): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const cuts: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (c === ',' && depth === 1) cuts.push(i);
  }
  if (close < 0 || cuts.length === 0) {
    // not an alternation: keep the brace literally and expand what follows
    return expand(pattern.slice(open + 1), max).map((rest) => pattern.slice(0, open + 1) + rest);
  }
  const head = pattern.slice(0, open);
  const tails = expand(pattern.slice(close + 1), max);
  const bounds = [open, ...cuts, close];
  const out: string[] = [];
  for (let k = 0; k < bounds.length - 1; k++) {
    for (const alt of expand(pattern.slice(bounds[k]! + 1, bounds[k + 1]), max)) {
      for (const rest of tails) {
        out.push(head + alt + rest);
        if (out.length > max) throw tooMany(max);
      }
    }
  }
  return out;
}

type Token = { t: 'char'; c: string } | { t: 'any' } | { t: 'star' } | { t: 'class'; negate: boolean; ranges: [string, string][] };

/** One segment's pattern (no `/`, braces already expanded) as tokens. */
function tokenize(seg: string): Token[] {
  const out: Token[] = [];
  const chars = [...seg];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') {
      if (out[out.length - 1]?.t !== 'star') out.push({ t: 'star' }); // `**` inside a segment is one `*`
    } else if (c === '?') out.push({ t: 'any' });
    else if (c === '[') {
      let end = -1;
      for (let j = i + 2; j < chars.length; j++) {
        if (chars[j] === ']') {
          end = j;
          break;
        }
      }
      if (end < 0) {
        out.push({ t: 'char', c });
        continue;
      }
      let body = chars.slice(i + 1, end);
      let negate = false;
      if (body[0] === '!' || body[0] === '^') {
        negate = true;
        body = body.slice(1);
      }
      const ranges: [string, string][] = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k]!, body[k + 2]!]);
          k += 2;
        } else ranges.push([body[k]!, body[k]!]);
      }
      out.push({ t: 'class', negate, ranges });
      i = end;
    } else out.push({ t: 'char', c });
  }
  return out;
}

function one(tok: Token, ch: string): boolean {
  if (tok.t === 'any') return true;
  if (tok.t === 'char') return tok.c === ch;
  if (tok.t === 'class') {
    const cp = ch.codePointAt(0)!;
    const hit = tok.ranges.some(([a, b]) => cp >= a.codePointAt(0)! && cp <= b.codePointAt(0)!);
    return hit !== tok.negate;
  }
  return false;
}

/**
 * Greedy matching with one remembered `*`: on a mismatch, the last `*` takes one more unit and
 * matching resumes after it. Each step moves forward in `name` or gives back to the last star,
 * so the work is at most pattern length × name length.
 */
function starMatch<P, N>(pat: readonly P[], name: readonly N[], isStar: (p: P) => boolean, matchOne: (p: P, n: N) => boolean): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pat.length && !isStar(pat[p]!) && matchOne(pat[p]!, name[n]!)) {
      p++;
      n++;
    } else if (p < pat.length && isStar(pat[p]!)) {
      starP = p++;
      starN = n;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else return false;
  }
  while (p < pat.length && isStar(pat[p]!)) p++;
  return p === pat.length;
}

/** A compiled segment pattern: does `name` (one file or folder name) match? */
export function segmentMatcher(seg: string): (name: string) => boolean {
  const tokens = tokenize(seg);
  if (tokens.every((t) => t.t === 'char')) return (name) => name === seg;
  return (name) => starMatch(tokens, [...name], (t) => t.t === 'star', one);
}

/** True when the segment pattern has wildcards (`*`, `?`, `[…]`). */
export function hasWildcard(seg: string): boolean {
  return /[*?[]/.test(seg);
}

type Seg = { globstar: true } | { globstar: false; match: (name: string) => boolean; dotOk: boolean };

/**
 * A whole relative glob (`/`-separated, braces allowed) as a matcher on `/`-separated relative
 * paths, with the project file's rules (docs/project-file.md): `*` and `?` never match a leading
 * dot, `**` as a whole segment crosses folders but not hidden ones, and a trailing `**` matches
 * everything below.
 */
export function pathMatcher(glob: string): { test(path: string): boolean } {
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const alternatives = expandBraces(g).map((alt) => {
    const segs = alt.split('/');
    let trailing = false;
    if (segs[segs.length - 1] === '**') {
      segs.pop();
      trailing = true;
    }
    const compiled: Seg[] = [];
    for (const s of segs) {
      if (s !== '**') compiled.push({ globstar: false, match: segmentMatcher(s), dotOk: !/^[*?]/.test(s) });
      else if (!compiled[compiled.length - 1]?.globstar) compiled.push({ globstar: true }); // `**/**` is one `**`
    }
    return { compiled, trailing };
  });
  return {
    test(path: string): boolean {
      const names = path.split('/');
      return alternatives.some(({ compiled, trailing }) => {
        if (!trailing) return matchSegs(compiled, names);
        if (compiled.length === 0) return true; // `**` alone: everything
        // `prefix/**`: the prefix matches some leading names, and at least one name follows
        for (let k = 0; k < names.length; k++) if (matchSegs(compiled, names.slice(0, k))) return true;
        return false;
      });
    },
  };
}

/**
 * Segment patterns against path names, by dynamic programming: ok[i][j] says whether pat[i…]
 * matches names[j…]. O(segments × names) segment matches, each bounded as above.
 */
function matchSegs(pat: readonly Seg[], names: readonly string[]): boolean {
  const P = pat.length;
  const N = names.length;
  let next: boolean[] = new Array<boolean>(N + 1).fill(false);
  next[N] = true; // the empty pattern matches only the empty rest
  for (let i = P - 1; i >= 0; i--) {
    const s = pat[i]!;
    const cur: boolean[] = new Array<boolean>(N + 1).fill(false);
    for (let j = N; j >= 0; j--) {
      if (s.globstar) {
        // zero folders, or one non-hidden folder (not the last name: that is the file) and more
        cur[j] = next[j]! || (j < N - 1 && !names[j]!.startsWith('.') && names[j] !== '' && cur[j + 1]!);
      } else cur[j] = j < N && next[j + 1]! && (s.dotOk || !names[j]!.startsWith('.')) && s.match(names[j]!);
    }
    next = cur;
  }
  return next[0]!;
}
