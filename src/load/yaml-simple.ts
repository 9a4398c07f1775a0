/**
 * A fast path for the plain YAML that scenarios and catalogues are written in: block mappings
 * and sequences, one-line flow collections (`{ a: 1 }`, `[a, b]`), plain and quoted scalars,
 * comments, block scalars as a mapping's value (`notes: >-`, load/yaml-block-scalar.ts), and
 * anchors on a mapping's block value with aliases as a mapping's value (`model: &llama` …
 * `model: *llama`). It gives exactly the data the `yaml` library's `toJS()` gives (YAML 1.2 core
 * schema) or, for anything beyond that subset, nothing: other anchors and aliases, tags, block
 * scalars elsewhere or beyond that module's subset, multi-line plain or quoted scalars or flow
 * collections, directives and document markers, complex or non-string keys, duplicate or
 * forbidden keys, tabs, CR line ends, odd characters, and any input that is not valid YAML. The
 * caller then uses the `yaml` library, which also gives positions and error messages (load/yaml.ts).
 *
 * Why: the `yaml` library builds a full concrete syntax tree and document model. That costs more
 * than everything else a short `aifinops estimate` does with a scenario, and positions are only
 * needed when something is reported. The tests check this parser against the library on every
 * YAML file in the repository and on generated documents.
 */

import { RESERVED_KEYS } from '../util/reserved.js';
import { blockScalar, type RawLines } from './yaml-block-scalar.js';

class NotSimple extends Error {}
const notSimple = (): never => {
  throw new NotSimple();
};

const MAX_KEY = 1000;
/** The library refuses a document whose aliases expand too much (load/yaml.ts: maxAliasCount 100); well below that, it is the same. */
const MAX_ALIASES = 100;
/** An anchor or alias name in the subset (YAML allows more: the library takes those). */
const ANCHOR_NAME = /^[A-Za-z0-9_-]+/;
/** A character the subset leaves to the library: a control character but the line feed (tab, CR …), DEL, a C1 control, a byte-order mark. */
const ODD_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff]/;
const NOT_SPACE = /[^ ]/;
/** Where a plain scalar on a value's line stops: a ` #` comment (group 1), or a `: ` (or `:` ending the line) that would make it a mapping. */
const PLAIN_VALUE_END = /( #)|:(?: |$)/g;
/** Where a plain scalar inside a flow collection ends (`,` `[` `]` `{` `}`, or `:` before a space, `,` `}` `]` or the end), or a ` #` comment inside it (group 1). */
const FLOW_PLAIN_END = /[,[\]{}]|:(?=[ ,}\]]|$)|( #)/g;

interface Line {
  /** Column where this line's node starts (its indentation, or after a `- `). */
  indent: number;
  text: string;
  /** Its index in the raw lines. */
  row: number;
}

/** The data of `text`, or undefined when it is outside the simple subset. */
export function parseSimpleYaml(text: string): { data: unknown } | undefined {
  try {
    return { data: new SimpleParser(text).document() };
  } catch (err) {
    if (err instanceof NotSimple) return undefined;
    throw err;
  }
}

/**
 * A one-line plain scalar (a `--set` value such as `3000`, `0.3`, `50%` or `gpt-5.4-mini`): its
 * value under the core schema, or undefined for anything else (quotes, flow or mapping indicators,
 * comments, document markers, surrounding spaces, odd characters), which the caller leaves to the library.
 */
export function parseSimpleScalar(text: string): { value: unknown } | undefined {
  if (text.length === 0 || text.length > MAX_KEY || text.charCodeAt(0) === 0x20 || text.charCodeAt(text.length - 1) === 0x20) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff) return undefined;
  }
  if (/[:#,[\]{}"']/.test(text) || text.startsWith('---') || text.startsWith('...') || !plainStartOk(text, 0)) return undefined;
  try {
    return { value: resolvePlain(text) };
  } catch (err) {
    if (err instanceof NotSimple) return undefined;
    throw err;
  }
}

class SimpleParser {
  private readonly lines: Line[] = [];
  private readonly raw: RawLines;
  private at = 0;
  private readonly anchors = new Map<string, unknown>();
  private aliases = 0;

  constructor(text: string) {
    // control characters (tabs, CR), DEL, C1 controls, BOM: the library decides
    // (searched by pattern, not walked: this and the other whole-text scans run cold, once per file)
    if (ODD_CHARACTER.test(text)) notSimple();
    const rows = text.split('\n');
    const finalBreak = rows[rows.length - 1] === '';
    if (finalBreak) rows.pop();
    this.raw = { lines: rows, finalBreak };
    rows.forEach((raw, row) => {
      const indent = raw.search(NOT_SPACE);
      if (indent === -1 || raw[indent] === '#') return; // blank or comment-only
      if (indent === 0 && (raw.startsWith('---') || raw.startsWith('...') || raw[0] === '%')) notSimple();
      this.lines.push({ indent, text: raw, row });
    });
  }

  document(): unknown {
    const first = this.lines[0];
    if (!first || first.indent !== 0) notSimple();
    const data = this.block(0);
    if (this.at !== this.lines.length) notSimple();
    return data;
  }

  /** The block node whose first line is the current one, at indent ≥ min. */
  private block(min: number): unknown {
    const line = this.lines[this.at]!;
    if (line.indent < min) notSimple();
    return isSeqEntry(line) ? this.sequence(line.indent) : this.mapping(line.indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isSeqEntry(line)) notSimple();
      const { key, end } = blockKey(line.text, line.indent);
      if (Object.prototype.hasOwnProperty.call(out, key)) notSimple();
      this.at++;
      const p = skipSpaces(line.text, end);
      const c = line.text[p];
      if (p === line.text.length || c === '#') out[key] = this.blockBelow(indent);
      else if (c === '|' || c === '>') out[key] = this.blockScalar(line, p, indent);
      else if (c === '&') {
        const name = anchorName(line.text, p);
        if (this.anchors.has(name)) notSimple(); // a redefined anchor
        const aliases = this.aliases;
        const value = this.blockBelow(indent);
        if (value === null || this.aliases !== aliases) notSimple(); // an anchored null, or aliases inside the anchored node
        this.anchors.set(name, value);
        out[key] = value;
      } else if (c === '*') {
        const name = anchorName(line.text, p);
        if (!this.anchors.has(name) || ++this.aliases > MAX_ALIASES) notSimple();
        // the library gives the anchored node's own value (the same object) for each alias
        out[key] = this.anchors.get(name);
      } else out[key] = inlineValue(line.text, p);
    }
    return out;
  }

  /** A mapping value on the lines below its key: deeper, or a sequence at the key's own indent; null when there is none. */
  private blockBelow(indent: number): unknown {
    const next = this.lines[this.at];
    if (next && (next.indent > indent || (next.indent === indent && isSeqEntry(next)))) return this.block(next.indent === indent ? indent : indent + 1);
    return null;
  }

  /** A block scalar as the value of a key of the mapping at `indent`; the lines it spans are consumed. */
  private blockScalar(line: Line, p: number, indent: number): string {
    const r = blockScalar(this.raw, line.row, p, indent) ?? notSimple();
    while (this.at < this.lines.length && this.lines[this.at]!.row < r.end) this.at++;
    return r.value;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !isSeqEntry(line)) {
        if (line.indent === indent) break; // a key after a sequence that is a mapping's value
        notSimple();
      }
      const p = skipSpaces(line.text, line.indent + 1);
      if (p === line.text.length || line.text[p] === '#') {
        this.at++;
        const next = this.lines[this.at];
        out.push(next && next.indent > indent ? this.block(indent + 1) : null);
      } else if (isSeqEntry({ indent: p, text: line.text }) || looksLikeKey(line.text, p)) {
        // `- - x` or `- key: value`: a nested node starting at column p, continued below it
        this.lines[this.at] = { indent: p, text: line.text, row: line.row };
        out.push(this.block(p));
      } else {
        this.at++;
        out.push(inlineValue(line.text, p));
      }
    }
    return out;
  }
}

/** The name of the anchor (`&name`) or alias (`*name`) at p, which must end the line but for a comment. */
function anchorName(t: string, p: number): string {
  const m = ANCHOR_NAME.exec(t.slice(p + 1));
  if (!m) return notSimple();
  const end = p + 1 + m[0].length;
  const rest = skipSpaces(t, end);
  if (rest < t.length && (t[rest] !== '#' || rest === end)) notSimple();
  return m[0];
}

function isSeqEntry(line: { indent: number; text: string }): boolean {
  const t = line.text;
  const i = line.indent;
  return t[i] === '-' && (i + 1 === t.length || t[i + 1] === ' ');
}

function skipSpaces(t: string, p: number): number {
  while (p < t.length && t.charCodeAt(p) === 0x20) p++;
  return p;
}

/** Characters that cannot start a plain scalar here (or that the subset leaves to the library). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

function plainStartOk(t: string, p: number, flow = false): boolean {
  const c = t[p];
  if (c === undefined) return false;
  if (!INDICATORS.has(c)) return true;
  // -5, -x; inside a flow collection not before , [ ] { }
  const next = t[p + 1];
  return c === '-' && next !== undefined && next !== ' ' && !(flow && (next === ',' || next === '[' || next === ']' || next === '{' || next === '}'));
}

/** Does the text at p start a `key:` entry (a key then `:` and a space or the end of the line)? */
function looksLikeKey(t: string, p: number): boolean {
  const c = t[p];
  if (c === '"' || c === "'") {
    const end = quotedEnd(t, p);
    return end !== -1 && t[end] === ':' && (end + 1 === t.length || t[end + 1] === ' ');
  }
  if (!plainStartOk(t, p)) return false;
  for (let i = p; i < t.length; i++) {
    if (t[i] === ':' && (i + 1 === t.length || t[i + 1] === ' ')) return true;
    if (t[i] === '#' && t[i - 1] === ' ') return false;
  }
  return false;
}

/** Index just past the closing quote of the quoted scalar at p, or -1 if it does not close on this line. */
function quotedEnd(t: string, p: number): number {
  const q = t[p];
  for (let i = p + 1; i < t.length; i++) {
    if (q === '"' && t[i] === '\\') i++;
    else if (t[i] === q) {
      if (q === "'" && t[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

function stringKey(key: unknown): string {
  if (typeof key !== 'string' || RESERVED_KEYS.has(key)) notSimple();
  return key as string;
}

/** A block mapping key at p: its string, and the index just past its `:`. */
function blockKey(t: string, p: number): { key: string; end: number } {
  const c = t[p];
  if (c === '"' || c === "'") {
    const end = quotedEnd(t, p);
    if (end === -1 || end - p > MAX_KEY || t[end] !== ':' || (end + 1 < t.length && t[end + 1] !== ' ')) notSimple();
    return { key: stringKey(quoted(t, p, end)), end: end + 1 };
  }
  if (!plainStartOk(t, p)) notSimple();
  // the first `:` followed by a space or the line's end, before any ` #` comment (searched, not walked: this runs cold on every key)
  const hash = t.indexOf(' #', p);
  const limit = hash === -1 ? t.length : hash + 1;
  let i = t.indexOf(':', p);
  while (i !== -1 && i < limit && i + 1 < t.length && t.charCodeAt(i + 1) !== 0x20) i = t.indexOf(':', i + 1);
  if (i !== -1 && i < limit) {
    const raw = t.slice(p, i).trimEnd();
    if (i - p > MAX_KEY) notSimple(); // YAML limits implicit keys to 1024 characters
    const value = resolvePlain(raw);
    if (value !== raw) notSimple(); // null, true, 12 … as keys: the library's business
    return { key: stringKey(raw), end: i + 1 };
  }
  return notSimple();
}

/** A value that sits on its line after `key: ` or `- `: a flow collection, quoted or plain scalar, then only a comment. */
function inlineValue(t: string, p: number): unknown {
  const c = t[p];
  let value: unknown;
  let end: number;
  if (c === '{' || c === '[') {
    const r = flowNode(t, p);
    value = r.value;
    end = r.end;
  } else if (c === '"' || c === "'") {
    end = quotedEnd(t, p);
    if (end === -1) notSimple();
    value = quoted(t, p, end);
  } else {
    if (!plainStartOk(t, p)) notSimple();
    // (t[p] is neither `#` nor `:`, so a match starts at p at the earliest, its `#` after p)
    PLAIN_VALUE_END.lastIndex = p;
    const m = PLAIN_VALUE_END.exec(t);
    if (m && m[1] === undefined) notSimple(); // a mapping on a value's line
    end = m ? m.index + 1 : t.length;
    return resolvePlain(t.slice(p, end).trimEnd());
  }
  const rest = skipSpaces(t, end);
  if (rest < t.length && (t[rest] !== '#' || rest === end)) notSimple();
  return value;
}

/** A flow node at p (skipping spaces before it): collection, quoted or plain scalar. */
function flowNode(t: string, p: number): { value: unknown; end: number } {
  p = skipSpaces(t, p);
  const c = t[p];
  if (c === '{') {
    const out: Record<string, unknown> = {};
    p = skipSpaces(t, p + 1);
    if (t[p] === '}') return { value: out, end: p + 1 };
    for (;;) {
      const k = flowScalar(t, skipSpaces(t, p), true);
      const key = stringKey(k.value);
      if (Object.prototype.hasOwnProperty.call(out, key)) notSimple();
      if (t[k.end] !== ':' || (!k.quoted && t[k.end + 1] !== ' ')) notSimple();
      const v = flowNode(t, k.end + 1);
      out[key] = v.value;
      p = skipSpaces(t, v.end);
      if (t[p] === '}') return { value: out, end: p + 1 };
      if (t[p] !== ',') notSimple();
      p = skipSpaces(t, p + 1);
      if (t[p] === '}') notSimple(); // trailing comma
    }
  }
  if (c === '[') {
    const out: unknown[] = [];
    p = skipSpaces(t, p + 1);
    if (t[p] === ']') return { value: out, end: p + 1 };
    for (;;) {
      const v = flowNode(t, p);
      out.push(v.value);
      p = skipSpaces(t, v.end);
      if (t[p] === ']') return { value: out, end: p + 1 };
      if (t[p] !== ',') notSimple(); // includes `a: b` pairs inside a sequence
      p = skipSpaces(t, p + 1);
      if (t[p] === ']') notSimple();
    }
  }
  return flowScalar(t, p, false);
}

/** A scalar inside a flow collection; a plain one ends before `,` `[` `]` `{` `}` or `: `. */
function flowScalar(t: string, p: number, isKey: boolean): { value: unknown; end: number; quoted: boolean } {
  const c = t[p];
  if (c === '"' || c === "'") {
    const end = quotedEnd(t, p);
    if (end === -1) notSimple();
    if (isKey && end - p > MAX_KEY) notSimple();
    const after = skipSpaces(t, end);
    return { value: quoted(t, p, end), end: isKey ? end : after, quoted: true };
  }
  if (!plainStartOk(t, p, true)) notSimple();
  // (t[p] is not `#`, so a ` #` matched from p has its `#` after p)
  FLOW_PLAIN_END.lastIndex = p;
  const m = FLOW_PLAIN_END.exec(t);
  if (!m || m[1] !== undefined) notSimple(); // the collection does not close on this line, or a comment inside it
  const i = m!.index;
  const raw = t.slice(p, i).trimEnd();
  const value = resolvePlain(raw);
  if (isKey && (value !== raw || i - p > MAX_KEY)) notSimple();
  return { value, end: i, quoted: false };
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', ' ': ' ' };

/** The text of the quoted scalar from p to end (end is past the closing quote). */
function quoted(t: string, p: number, end: number): string {
  const body = t.slice(p + 1, end - 1);
  if (t[p] === "'") return body.replaceAll("''", "'");
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const e = body[++i]!;
    if (e in ESCAPES) out += ESCAPES[e];
    else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else notSimple();
  }
  return out;
}

/** A plain scalar's value under the YAML 1.2 core schema, as the `yaml` library resolves it. */
function resolvePlain(s: string): unknown {
  if (s === '') notSimple(); // an empty flow value or key
  const c = s.charCodeAt(0);
  // only these can start anything but a string: ~ n N t T f F digits + - .
  if (!(c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46 || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return s;
  if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (/^0[ox]/.test(s)) notSimple(); // octal and hex integers: rare, left to the library
  if (/^[-+]?[0-9]+$/.test(s)) return Number.parseInt(s, 10);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? Number.NaN : s[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s) && /[.eE]/.test(s)) return Number.parseFloat(s);
  return s;
}
