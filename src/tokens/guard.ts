/**
 * The path guard for prompt-file references, and glob expansion.
 *
 * A scenario may only reference files inside its repository: the nearest folder above the
 * scenario that holds `.git` (a folder, or a file in a git worktree), else the scenario's own
 * folder. Absolute paths, `..` past that root and symlinks that lead out of it are refused.
 * Reads go through the FileSource (working tree or a git ref); finding the root looks at the
 * working tree, where the scenario file lives.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep, win32 } from 'node:path';
import type { FileSource } from '../load/yaml.js';
import { excerpt, quoted, quotedPath } from '../util/excerpt.js';
import { expandBraces, GlobError, segmentMatcher } from '../util/glob.js';

/**
 * A file named inside another input file (`from`): resolved relative to it, and kept inside its
 * repository (the same root as prompt files) lexically and after resolving symbolic links.
 * A file that does not exist passes: the caller reports it as not found.
 */
export function guardReference(from: string, ref: string, source: FileSource, w: RefWording): Guarded {
  const fromAbs = resolve(from);
  const root = repoRootFor(fromAbs);
  const lexical = resolveInside(root, dirname(fromAbs), ref, w);
  if (!lexical.ok) return lexical;
  return checkRealPath(root, lexical.abs, ref, source, undefined, w);
}

/** Globs may match at most this many files, and walk at most this many folder entries. */
export const MAX_GLOB_FILES = 1000;
export const MAX_GLOB_ENTRIES = 100_000;

export function repoRootFor(scenarioAbs: string, exists: (p: string) => boolean = existsSync): string {
  const start = dirname(scenarioAbs);
  let dir = start;
  for (;;) {
    if (exists(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
}

export type Guarded = { ok: true; abs: string } | { ok: false; message: string; fix: string };

/** A resolved absolute POSIX path: `/` first, no empty, `.` or `..` segment, no trailing `/` (but the root). */
const RESOLVED = /^(?![^]*(?:\/\/|\/\.\.?(?:\/|$)|[^]\/$))\//;

const inside = (root: string, p: string): boolean => {
  // two resolved POSIX paths (what the callers pass): p is inside when it is root or below it, as
  // relative() would say, without resolving both again (it runs for every prompt file, twice)
  if (sep === '/' && RESOLVED.test(root) && RESOLVED.test(p)) return p === root || root === '/' || p.startsWith(`${root}/`);
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** How messages name a kind of referenced file: prompt files, catalogues named by a scenario or a quote. */
export interface RefWording {
  /** e.g. "prompt", "catalogue" */
  what: string;
  /** the file the paths are relative to, e.g. "scenario" */
  from: string;
  example: string;
}

export const PROMPT_REF: RefWording = { what: 'prompt', from: 'scenario', example: 'prompts/system.md' };
export const CATALOGUE_REF: RefWording = { what: 'catalogue', from: 'scenario', example: 'pricing/negotiated.yaml' };
export const PROJECT_SCENARIO_REF: RefWording = { what: 'scenario', from: 'project', example: 'scenarios/support.yaml' };
export const QUOTE_CATALOGUE_REF: RefWording = { what: 'catalogue', from: 'quote', example: 'pricing/vendor.yaml' };

export function isAbsoluteRef(ref: string): boolean {
  return isAbsolute(ref) || win32.isAbsolute(ref) || ref.startsWith('~');
}

/** Resolve `ref` (relative to `baseDir`) and check it stays inside `root`, lexically. */
export function resolveInside(root: string, baseDir: string, ref: string, w: RefWording = PROMPT_REF): Guarded {
  if (isAbsoluteRef(ref)) {
    return { ok: false, message: `${quotedPath(ref)} is an absolute path`, fix: `write ${w.what} paths relative to the ${w.from} file, e.g. ${w.example}` };
  }
  const abs = resolve(baseDir, ref);
  if (!inside(root, abs)) {
    return {
      ok: false,
      message: `${quotedPath(ref)} points outside the repository (${root})`,
      fix: `keep ${w.what} files inside the repository that holds the ${w.from}; copy the file in, or reference it by a path that stays inside`,
    };
  }
  return { ok: true, abs };
}

/**
 * After the lexical check: the real path (symlinks resolved) must stay inside the real root too.
 * `realRoot` may be passed when already known (it is the same for every file of a scenario).
 */
export function checkRealPath(root: string, abs: string, ref: string, source: FileSource, realRoot?: string, w: RefWording = PROMPT_REF): Guarded {
  if (!source.realPath) return { ok: true, abs };
  let real: string;
  try {
    realRoot ??= source.realPath(root);
    real = source.realPath(abs);
  } catch {
    return { ok: true, abs }; // missing: the caller reports "not found"
  }
  return realInside(realRoot, real, ref, abs, w);
}

/** The real path of `abs` (named `ref`) must be inside the real root. */
export function realInside(realRoot: string, real: string, ref: string, abs: string, w: RefWording = PROMPT_REF): Guarded {
  if (!inside(realRoot, real)) {
    return {
      ok: false,
      message: `${quotedPath(ref)} is a symbolic link to ${excerpt(real, 200)}, outside the repository (${realRoot})`,
      fix: `${w.what} files must be inside the repository; replace the link with the file itself`,
    };
  }
  return { ok: true, abs };
}

export function isGlob(ref: string): boolean {
  return /[*?[\]{}]/.test(ref);
}

export { expandBraces } from '../util/glob.js';

export type GlobResult = { ok: true; files: string[] } | { ok: false; message: string; fix: string };

/**
 * Files matching `pattern` (relative to baseDir; `*`, `?`, `[…]`, `{a,b}`, `**`), sorted.
 * Hidden entries match only segments that start with a dot; symlinked folders are not entered,
 * and the pattern's literal folders must really be inside `root`. Every match is inside `root`
 * lexically; the caller checks the matched files' real paths.
 */
export function expandGlob(pattern: string, baseDir: string, root: string, source: FileSource): GlobResult {
  if (!source.listDir) {
    return { ok: false, message: `globs cannot be expanded when reading from ${source.label ?? 'this source'}`, fix: 'list the files one by one under files:' };
  }
  const listDir = source.listDir.bind(source);
  const found = new Set<string>();
  let walked = 0;
  let patterns: string[];
  try {
    patterns = expandBraces(pattern.replace(/\\/g, '/'));
  } catch (err: unknown) {
    if (err instanceof GlobError) return { ok: false, message: `${quoted(pattern)}: ${err.message}`, fix: 'list fewer alternatives, or name the files' };
    throw err;
  }
  for (const pat of patterns) {
    // `**/**` is one `**`
    const segs = pat.split('/').filter((s, i, all) => s !== '' && s !== '.' && !(s === '**' && all[i - 1] === '**'));
    let k = 0;
    const literal: string[] = [];
    while (k < segs.length - 1 && !isGlob(segs[k]!) && segs[k] !== '**') literal.push(segs[k++]!);
    const start = literal.length ? literal.join('/') : '.';
    const guarded = resolveInside(root, baseDir, start);
    if (!guarded.ok) return { ok: false, message: guarded.message.replace(quotedPath(start), () => quotedPath(pattern)), fix: guarded.fix };
    // the pattern's literal folders are entered by name: one that is (or is under) a symbolic link
    // out of the repository is refused before anything in it is listed
    if (literal.length) {
      const real = checkRealPath(root, guarded.abs, start, source);
      if (!real.ok) return { ok: false, message: real.message, fix: real.fix };
    }
    const rest = segs.slice(k);
    const walk = (dir: string, i: number): void => {
      if (i >= rest.length) return;
      const seg = rest[i]!;
      const last = i === rest.length - 1;
      let entries: { name: string; kind: 'file' | 'dir' | 'other' }[];
      try {
        entries = listDir(dir);
      } catch {
        return;
      }
      walked += entries.length;
      if (walked > MAX_GLOB_ENTRIES) throw new GlobLimit(`${quoted(pattern)} walks more than ${MAX_GLOB_ENTRIES} folder entries`);
      if (seg === '**') {
        walk(dir, i + 1); // zero folders
        for (const e of entries) if (e.kind === 'dir' && !e.name.startsWith('.')) walk(join(dir, e.name), i);
        return;
      }
      const matches = segmentMatcher(seg);
      for (const e of entries) {
        if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
        if (!matches(e.name)) continue;
        const p = join(dir, e.name);
        if (last) {
          if (e.kind === 'file') {
            found.add(p);
            if (found.size > MAX_GLOB_FILES) throw new GlobLimit(`${quoted(pattern)} matches more than ${MAX_GLOB_FILES} files`);
          }
        } else if (e.kind === 'dir') walk(p, i + 1);
      }
    };
    try {
      if (rest.length === 0) continue;
      walk(guarded.abs, 0);
    } catch (err) {
      if (err instanceof GlobLimit) return { ok: false, message: err.message, fix: 'narrow the pattern' };
      throw err;
    }
  }
  const files = [...found].filter((f) => inside(root, f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) {
    return { ok: false, message: `${quoted(pattern)} matches no files`, fix: 'check the pattern; paths are relative to the scenario file' };
  }
  return { ok: true, files };
}

class GlobLimit extends Error {}
