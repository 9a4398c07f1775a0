/** Turn zod issues into located, actionable problems (file, line:column, dotted path, fix). */
import type * as z from 'zod';
import type { Problem } from '../errors.js';
import { excerpt, excerptList, quoted } from '../util/excerpt.js';
import { didYouMean } from '../util/suggest.js';
import type { LoadedYaml, PathSegment } from './yaml.js';

/**
 * A data path as users write it (spec §2): list entries that have a `name` (pipeline stages,
 * cost line items) are shown by name, e.g. `pipeline.answer.cache.hit_rate`; others by index.
 */
export function dottedPath(path: readonly PropertyKey[], data?: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const seg of path) {
    let shown: string;
    if (typeof seg === 'number') {
      const el = Array.isArray(node) ? (node[seg] as unknown) : undefined;
      const name = typeof el === 'object' && el !== null ? (el as { name?: unknown }).name : undefined;
      shown = typeof name === 'string' && name !== '' ? `.${excerpt(name)}` : `[${seg}]`;
      node = el;
    } else {
      shown = `.${excerpt(String(seg))}`;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg as string] : undefined;
    }
    out += shown;
  }
  return out.startsWith('.') ? out.slice(1) : out;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return quoted(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

/** Known keys of the object schema at `path`, for did-you-mean on unrecognised keys. */
export type KeysAt = (path: readonly PropertyKey[]) => readonly string[];

export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  src: Pick<LoadedYaml, 'file' | 'locate'> | undefined,
  keysAt?: KeysAt,
  pathPrefix: readonly PropertyKey[] = [],
  data?: unknown,
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...pathPrefix, ...issue.path];
    const yamlPath = path.filter((p): p is PathSegment => typeof p === 'string' || typeof p === 'number');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...yamlPath, key];
        const all = keysAt ? keysAt(path) : [];
        // the keys of every variant of a union are merged: a key of another variant is no misspelling
        const otherVariant = all.includes(key);
        const known = otherVariant ? all.filter((k) => k !== key) : all;
        const hint = otherVariant ? '' : didYouMean(key, known);
        out.push({
          file: src?.file,
          ...(src?.locate(keyPath, 'key') ?? {}),
          path: dottedPath(keyPath, data),
          message: otherVariant ? `key ${quoted(key)} does not belong here: another kind of this block takes it` : `unknown key ${quoted(key)}`,
          fix: hint || (known.length ? `${otherVariant ? 'remove it or change the kind; other ' : ''}allowed keys here: ${known.join(', ')}` : 'remove it'),
        });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    let message = issue.message;
    let fix: string | undefined;
    if (issue.code === 'invalid_type' && input === undefined) {
      message = `is required (${lowerFirst(issue.message)})`;
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      message = issue.message;
    } else {
      const own = ownWording(issue.message);
      if (own !== null) {
        message = own;
        // a mapping where something else was written: the keys it takes
        const keys = /^expected a mapping \(key/.test(own) && keysAt ? keysAt(path) : [];
        if (keys.length) fix = `keys here: ${excerptList(keys)}`;
      }
    }
    // show what the file says (e.g. "120%"), not the value a transform made of it (1.2)
    const written = data === undefined ? input : valueAt(data, path);
    const shown = typeof written === 'string' && typeof input === 'number' ? written : input;
    // a whole file that is one string (not YAML at all: /proc/self/environ, a key file) is not
    // quoted, not even as an excerpt: its first characters may be the secret (docs/security.md)
    const wholeFile = path.length === 0 && typeof shown === 'string';
    if (shown !== undefined && !wholeFile && !/, got /.test(message)) message += `, got ${show(shown)}`;
    out.push({
      file: src?.file,
      ...(src?.locate(yamlPath, 'value') ?? {}),
      path: dottedPath(path, data) || undefined,
      message,
      ...(fix ? { fix } : {}),
    });
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping (key: value, …)',
  record: 'a mapping (name: value, …)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};
const COMPARE_WORDS: Record<string, string> = { '>=': 'at least', '>': 'more than', '<=': 'at most', '<': 'less than' };

/**
 * zod's default wording of a type or size problem ("Invalid input: expected object, received
 * number", "Too small: expected string to have >=1 characters") in the words the project's own
 * messages use ("expected a mapping (key: value, …)", "expected text of at least 1 character");
 * null for any other message (the schemas' own, already worded).
 */
export function ownWording(message: string): string | null {
  const type = /^Invalid input: expected (\w+), received \w+$/.exec(message);
  if (type) return `expected ${TYPE_WORDS[type[1]!] ?? type[1]!}`;
  const size = /^Too (?:small|big): expected (string|array) to have (>=|>|<=|<)(\d+) (?:characters?|items?)$/.exec(message);
  if (size) {
    const n = Number(size[3]);
    const unit = size[1] === 'string' ? `character${n === 1 ? '' : 's'}` : `item${n === 1 ? '' : 's'}`;
    return `expected ${size[1] === 'string' ? 'text' : 'a list'} of ${COMPARE_WORDS[size[2]!]} ${n} ${unit}`;
  }
  const bound = /^Too (?:small|big): expected (number|int|bigint) to be (>=|>|<=|<)(-?[\d.e+]+)$/.exec(message);
  if (bound) return `expected ${bound[1] === 'int' ? 'a whole number' : 'a number'} ${COMPARE_WORDS[bound[2]!]} ${bound[3]}`;
  return null;
}

function lowerFirst(s: string): string {
  return s.length ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Keys of nested zod strict objects, following a data path (record keys and array indices skipped). */
export function keysFromSchema(root: z.core.$ZodType): KeysAt {
  return (path) => {
    let node: unknown = root;
    for (const seg of path) {
      node = unwrap(node);
      const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; options?: unknown[] } }).def;
      if (!def) return [];
      if (def.type === 'object' && def.shape) node = def.shape[String(seg)];
      else if (def.type === 'array') node = def.element;
      else if (def.type === 'record') node = def.valueType;
      else if (def.type === 'union' && def.options) {
        const obj = def.options.map(unwrap).find((o) => (o as { def?: { type?: string } }).def?.type === 'object' || (o as { def?: { type?: string } }).def?.type === 'array');
        node = obj;
        if (!node) return [];
        const d = (node as { def: { type: string; shape?: Record<string, unknown>; element?: unknown } }).def;
        node = d.type === 'object' ? d.shape?.[String(seg)] : d.element;
      } else return [];
      if (node === undefined) return [];
    }
    node = unwrap(node);
    const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; options?: unknown[]; element?: unknown } }).def;
    if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
    if (def?.type === 'union' && def.options) {
      const keys = new Set<string>();
      for (const o of def.options.map(unwrap)) {
        let od = (o as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
        if (od?.type === 'array') od = (unwrap(od.element) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
        if (od?.type === 'object' && od.shape) for (const k of Object.keys(od.shape)) keys.add(k);
      }
      return [...keys];
    }
    return [];
  };
}

function unwrap(node: unknown): unknown {
  let n = node as { def?: { type?: string; innerType?: unknown; in?: unknown; out?: unknown; getter?: () => unknown } } | undefined;
  for (let i = 0; i < 10 && n?.def; i++) {
    const t = n.def.type;
    if (t === 'optional' || t === 'default' || t === 'nullable' || t === 'readonly' || t === 'prefault' || t === 'catch') n = n.def.innerType as typeof n;
    else if (t === 'pipe') n = n.def.in as typeof n;
    else if (t === 'lazy' && n.def.getter) n = n.def.getter() as typeof n;
    else break;
  }
  return n;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  return node;
}
