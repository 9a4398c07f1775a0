/**
 * Read a YAML file into plain data while keeping a way back from a key path to line:column.
 * Hardened: size limit, alias-expansion limit, duplicate keys rejected, prototype keys rejected.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Document, Node } from 'yaml';
import { InputError, type Problem } from '../errors.js';
import { yamlLib } from './yaml-lib.js';
import { parseSimpleYaml } from './yaml-simple.js';
import { MAX_INPUT_BYTES, readTextFile } from '../util/read.js';
import { excerpt, quoted } from '../util/excerpt.js';

/** YAML inputs are limited to 5 MiB (src/util/read.ts, docs/security.md). */
export const MAX_YAML_BYTES = MAX_INPUT_BYTES;
const MAX_ALIAS_COUNT = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

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
  // Plain YAML (most files) takes the fast path; positions are parsed only if something asks.
  const simple = parseSimpleYaml(text);
  if (simple) {
    let full: LoadedYaml | undefined;
    return { file, data: simple.data, locate: (path, which) => (full ??= parseYamlFully(text, file)).locate(path, which) };
  }
  return parseYamlFully(text, file);
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

function checkKeys(doc: Document, file: string, at: (o: number) => { line: number; column: number }): void {
  const { isMap, isScalar, isSeq } = yamlLib();
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
          const off = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
          throw new InputError({ file, ...at(off), message: `the key ${quoted(key)} is not allowed`, fix: 'rename or remove it' });
        }
        if (key !== null && typeof key === 'object') {
          const off = (pair.key as Node).range?.[0] ?? 0;
          throw new InputError({ file, ...at(off), message: 'complex (non-scalar) mapping keys are not allowed' });
        }
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
