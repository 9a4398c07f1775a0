/**
 * Read a YAML file into plain data while keeping a way back from a key path to line:column.
 * Hardened: size limit, alias-expansion limit, duplicate keys rejected, prototype keys rejected.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Document, Node } from 'yaml';
import { InputError, type Problem } from '../errors.js';
import { RESERVED_KEY_FIX, RESERVED_KEYS, reservedKeyMessage } from '../util/reserved.js';
import { checkNesting } from './nesting.js';
import { yamlLib } from './yaml-lib.js';
import { parseSimpleScalar, parseSimpleYaml } from './yaml-simple.js';
import { MAX_INPUT_BYTES, readTextFile } from '../util/read.js';
import { excerpt, quoted } from '../util/excerpt.js';

/** YAML inputs are limited to 5 MiB (src/util/read.ts, docs/security.md). */
export const MAX_YAML_BYTES = MAX_INPUT_BYTES;
const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;

export interface LoadedYaml {
  file: string;
  data: unknown;
  /** line:column of the node at `path`, or of its nearest existing ancestor. */
  locate(path: readonly PathSegment[], which?: 'key' | 'value'): { line: number; column: number } | undefined;
}

/**
 * Where input files are read from: the working tree by default; `diff --base <git-ref>` reads
 * the same paths as they are at a commit. Paths are absolute.
 */
export interface FileSource {
  /** Shown in messages, e.g. "origin/main"; undefined for the working tree. */
  label?: string;
  readText(absPath: string): string;
  exists(absPath: string): boolean;
  /** The path with symlinks resolved (prompt-file guard); absent: the source has no symlinks. */
  realPath?(absPath: string): string;
  /** A folder's entries (globs in prompt-file references); absent: globs are not supported. */
  listDir?(absPath: string): { name: string; kind: 'file' | 'dir' | 'other' }[];
}

export const diskSource: FileSource = {
  readText(absPath) {
    return readTextFile(absPath, { limit: MAX_YAML_BYTES });
  },
  exists(absPath) {
    return existsSync(absPath);
  },
  realPath(absPath) {
    return realpathSync.native(absPath);
  },
  listDir(absPath) {
    // symlinks count as files when they point at a file; linked folders are not entered
    return readdirSync(absPath, { withFileTypes: true }).map((e) => {
      let kind: 'file' | 'dir' | 'other' = e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other';
      if (e.isSymbolicLink()) {
        try {
          kind = statSync(resolve(absPath, e.name)).isFile() ? 'file' : 'other';
        } catch {
          kind = 'other';
        }
      }
      return { name: e.name, kind };
    });
  },
};

export function readYamlFile(file: string, source: FileSource = diskSource, display = file): LoadedYaml {
  let text: string;
  try {
    text = source.readText(resolve(file));
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.problems.map((p) => ({ ...p, file: display })));
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({
      file: display,
      message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})`,
      fix: code === 'ENOENT' ? 'check the path (it is relative to the current folder)' : undefined,
    });
  }
  return parseYamlText(text, display);
}

export function parseYamlText(text: string, file: string): LoadedYaml {
  if (text.length > MAX_YAML_BYTES) {
    throw new InputError({ file, message: `is larger than ${MAX_YAML_BYTES} bytes, the limit for YAML inputs` });
  }
  // Deep nesting would overflow the stack of every recursive parser and walker (issue 13).
  checkNesting(text, file);
  // Plain YAML (most files) takes the fast path; positions are parsed only if something asks.
  const simple = parseSimpleYaml(text);
  if (simple) {
    let full: LoadedYaml | undefined;
    return { file, data: simple.data, locate: (path, which) => (full ??= parseYamlFully(text, file)).locate(path, which) };
  }
  return parseYamlFully(text, file);
}

/**
 * A value given on the command line (`--set path=value`) read as YAML under the same rules as a
 * file: nesting limit, reserved keys, core-schema tags, alias limit. Text that is not valid YAML
 * is taken as a plain string.
 */
export function parseYamlValue(raw: string, where: string): unknown {
  checkNesting(raw, undefined, where);
  // a plain number or word (most values) without the library
  const simple = parseSimpleScalar(raw);
  if (simple) return simple.value;
  const doc = yamlLib().parseDocument(raw, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) return raw;
  checkKeys(doc, undefined, () => ({ path: where }));
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? null;
  } catch (err) {
    throw new InputError({ path: where, message: `invalid YAML: ${(err as Error).message}`, fix: 'avoid repeated aliases (*name)' });
  }
}

/** The `yaml` library's parse: every YAML feature, positions, errors and the hardening checks. */
function parseYamlFully(text: string, file: string): LoadedYaml {
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.slice(0, 5).map((e): Problem => {
        const pos = at(e.pos[0]);
        const msg = e.message.split('\n')[0] ?? e.message;
        return { file, ...pos, message: `invalid YAML: ${excerpt(msg.replace(/ at line \d+, column \d+:?$/, ''), 160)}` };
      }),
    );
  }
  checkKeys(doc, file, at);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new InputError({
      file,
      message: `invalid YAML: ${excerpt((err as Error).message, 160)}`,
      fix: 'avoid deeply nested or repeated aliases (*name)',
    });
  }
  return {
    file,
    data: data ?? null,
    locate(path, which = 'value') {
      return locateIn(doc, path, which, at);
    },
  };
}

const CORE = 'tag:yaml.org,2002:';
/** The YAML 1.2 core schema's tags (and `!`, the non-specific tag: a string); any other tag is refused. */
const SCALAR_TAGS = new Set([`${CORE}str`, `${CORE}int`, `${CORE}float`, `${CORE}bool`, `${CORE}null`, '!']);
/** YAML 1.2 core schema: what !!int and !!float accept (the library leaves `!!float 1000` unresolved). */
const CORE_INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const CORE_FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TAG_EXPECTS: Record<string, { test: (v: unknown) => boolean; what: string }> = {
  [`${CORE}str`]: { test: (v) => typeof v === 'string', what: 'a string' },
  [`${CORE}int`]: { test: (v) => typeof v === 'number' && Number.isInteger(v), what: 'a whole number (such as 12, 0o14 or 0xC)' },
  [`${CORE}float`]: { test: (v) => typeof v === 'number', what: 'a number (such as 1000, 1.5 or 1e3)' },
  [`${CORE}bool`]: { test: (v) => typeof v === 'boolean', what: 'true or false' },
  [`${CORE}null`]: { test: (v) => v === null, what: 'null, ~ or nothing' },
  '!': { test: (v) => typeof v === 'string', what: 'a string' },
};

function shortTag(tag: string): string {
  return tag.startsWith(CORE) ? `!!${tag.slice(CORE.length)}` : tag;
}

/**
 * Keys (no prototype keys, no complex keys) and tags (YAML 1.2 core schema only) of a parsed
 * document. `!!float 1000` is resolved here to 1000, as the core schema says.
 */
function checkKeys(doc: Document, file: string | undefined, at: (o: number) => { line?: number; column?: number; path?: string }): void {
  const { isMap, isScalar, isSeq } = yamlLib();
  const refuseTag = (node: Node, message: string, fix: string): never => {
    throw new InputError({ file, ...at(node.range?.[0] ?? 0), message, fix });
  };
  const TAG_FIX = 'aifinops reads the YAML 1.2 core schema: remove the tag, or use one of !!str !!int !!float !!bool !!null !!map !!seq';
  const checkTag = (node: unknown): void => {
    const tag = (node as Node | null)?.tag;
    if (tag === undefined || tag === null) return;
    const n = node as Node;
    if (isMap(n)) {
      if (tag !== `${CORE}map`) refuseTag(n, `the tag ${shortTag(tag)} is not supported on a mapping`, TAG_FIX);
      return;
    }
    if (isSeq(n)) {
      if (tag !== `${CORE}seq`) refuseTag(n, `the tag ${shortTag(tag)} is not supported on a list`, TAG_FIX);
      return;
    }
    if (!isScalar(n)) return;
    if (!SCALAR_TAGS.has(tag)) refuseTag(n, `unknown tag ${shortTag(tag).slice(0, 40)}`, TAG_FIX);
    const source = typeof n.source === 'string' ? n.source.trim() : String(n.value);
    if (tag === `${CORE}float` && typeof n.value === 'string' && CORE_FLOAT.test(source)) n.value = Number(source.replace(/^([-+]?)\.(inf|nan)$/i, (_, sign: string, w: string) => (w.toLowerCase() === 'nan' ? 'NaN' : `${sign}Infinity`)));
    if (tag === `${CORE}int` && typeof n.value === 'string' && CORE_INT.test(source)) n.value = Number(source);
    const want = TAG_EXPECTS[tag]!;
    if (!want.test(n.value)) refuseTag(n, `${shortTag(tag)} expects ${want.what}, got ${JSON.stringify(source.slice(0, 40))}`, `remove the tag, or write ${want.what}`);
  };
  const walk = (node: unknown): void => {
    checkTag(node);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key === 'string' && RESERVED_KEYS.has(key)) {
          const off = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
          throw new InputError({ file, ...at(off), message: reservedKeyMessage(key), fix: RESERVED_KEY_FIX });
        }
        if (key !== null && typeof key === 'object') {
          const off = (pair.key as Node).range?.[0] ?? 0;
          throw new InputError({ file, ...at(off), message: 'complex (non-scalar) mapping keys are not allowed' });
        }
        checkTag(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
}

function locateIn(
  doc: Document,
  path: readonly PathSegment[],
  which: 'key' | 'value',
  at: (o: number) => { line: number; column: number },
): { line: number; column: number } | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyOff = (pair.key as Node).range?.[0];
      if (last && which === 'key') {
        best = keyOff ?? best;
        break;
      }
      node = pair.value;
      best = (node as Node | null)?.range?.[0] ?? keyOff ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      best = (node as Node | null)?.range?.[0] ?? best;
    } else {
      break;
    }
  }
  return best === undefined ? undefined : at(best);
}
