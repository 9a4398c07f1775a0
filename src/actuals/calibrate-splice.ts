/**
 * Writing the calibrated scenario by splicing: the original text is kept byte for byte (layout,
 * alignment, comments, quoting, CRLF, a BOM) and only the source range of each changed value is
 * replaced; the line of a changed value gets the evidence as its comment (replacing the line's
 * comment, which is kept after a `|`); a new key is inserted with the indentation and line ending
 * of its siblings. The result must load to the same values as the Document API's (the oracle,
 * `calibrate.ts`): `spliceEdits` returns null when it does not, and the caller falls back. Pure.
 */
import type { Document, Node } from 'yaml';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { yamlLib } from '../load/yaml-lib.js';

export interface Edit {
  /** The path in the document (stage and list entries by index). */
  path: (string | number)[];
  value: unknown;
  /** The comment's part for this value: `(what): was X`. */
  note: string;
  /** The last key of the path, to tell values apart when several share a line. */
  key: string;
}

interface Anchor {
  /** An offset on the line the comment goes to (moved as the text around it changes). */
  at: number;
  edit: Edit;
}

type Range = [number, number, number];
const rangeOf = (n: unknown): Range | null => ((n as { range?: Range } | null)?.range ?? null);

/** A scalar as it is written: numbers plainly, strings as the yaml library quotes them (or as the old value was quoted). */
function scalarText(v: unknown, style?: string): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '.nan';
  if (typeof v === 'string' && style === 'QUOTE_DOUBLE') return JSON.stringify(v);
  if (typeof v === 'string' && style === 'QUOTE_SINGLE') return `'${v.replace(/'/g, "''")}'`;
  return yamlLib().stringify(v).trimEnd();
}

/** A value on one line: a scalar, or a mapping as `{ key: value, … }`. */
function flowText(v: unknown, style?: string): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? `{ ${entries.map(([k, x]) => `${scalarText(k)}: ${flowText(x)}`).join(', ')} }` : '{}';
  }
  if (Array.isArray(v)) return `[ ${v.map((x) => flowText(x)).join(', ')} ]`;
  return scalarText(v, style);
}

const lineStart = (t: string, at: number) => t.lastIndexOf('\n', at - 1) + 1;
function lineEnd(t: string, at: number): number {
  const nl = t.indexOf('\n', at);
  const end = nl < 0 ? t.length : nl;
  return end > 0 && t[end - 1] === '\r' ? end - 1 : end;
}
/** The line ending used at `at` (the file's first one when the line has none). */
function eolAt(t: string, at: number): string {
  const nl = t.indexOf('\n', at);
  const i = nl < 0 ? t.indexOf('\n') : nl;
  return i > 0 && t[i - 1] === '\r' ? '\r\n' : '\n';
}

/** One change of the text, at offsets of the original: [from, to) becomes `by`. */
interface Op {
  from: number;
  to: number;
  by: string;
  /** Where the comment goes: an offset in `by` (number), or a fixed offset of the original before `from`. */
  anchor: { inBy: number } | { at: number };
  edit: Edit;
  /** The edit's order: insertions at one place keep it. */
  order: number;
}

/**
 * The text changes for the edits, all at offsets of the one parse of the original text (so the
 * work is linear in the file): values replaced in place, new keys inserted after their siblings,
 * a missing parent created once and its later keys added under it. Null: an edit it cannot make.
 */
function plan(text: string, edits: readonly Edit[]): Op[] | null {
  const Y = yamlLib();
  const doc = Y.parseDocument(text);
  if (doc.errors.length) return null;
  const ops: Op[] = [];
  /** Mappings created by earlier edits: where their lines go, and their keys' column. */
  const created = new Map<string, { at: number; col: number; eol: string }>();
  const seen = new Set<string>();
  for (const [order, e] of edits.entries()) {
    const id = JSON.stringify(e.path);
    if (seen.has(id)) return null;
    seen.add(id);
    const node = doc.getIn(e.path, true) as Node | undefined;
    let op: Omit<Op, 'edit' | 'order'> | null;
    if (node !== undefined && node !== null) {
      const r = rangeOf(node);
      if (!r) return null;
      if (Y.isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) return null;
      if (Y.isScalar(node) || (Y.isCollection(node) && node.flow)) {
        const by = flowText(e.value, Y.isScalar(node) ? String(node.type) : undefined);
        // a comment aligned after the value stays where it was: the spaces before it take up the difference
        const gap = / +(?=#)/y;
        gap.lastIndex = r[1];
        const spaces = gap.exec(text)?.[0].length ?? 0;
        const pad = spaces > 1 ? ' '.repeat(Math.max(1, spaces - (by.length - (r[1] - r[0])))) : '';
        op = { from: r[0], to: r[1] + (pad ? spaces : 0), by: by + pad, anchor: { inBy: by.length } };
      } else op = replaceBlock(text, doc, e, r);
    } else op = insert(text, doc, e, created);
    if (!op) return null;
    ops.push({ ...op, edit: e, order });
  }
  return ops;
}

/** A block collection replaced by the new value's keys, one a line at its indentation; the comment goes on the parent key's line. */
function replaceBlock(t: string, doc: Document, e: Edit, r: Range): Omit<Op, 'edit' | 'order'> | null {
  const v = e.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const ls = lineStart(t, r[0]);
  if (t.slice(ls, r[0]).trim() !== '') return null;
  const indent = t.slice(ls, r[0]);
  const end = lineEnd(t, Math.max(r[0], r[1] - 1));
  const eol = eolAt(t, r[0]);
  const lines = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${indent}${scalarText(k)}: ${flowText(x)}`);
  const parent = doc.getIn(e.path.slice(0, -1), true);
  const pair = yamlLib().isMap(parent) ? parent.items.find((p) => yamlLib().isScalar(p.key) && p.key.value === e.path.at(-1)) : undefined;
  const keyAt = rangeOf(pair?.key)?.[0];
  if (keyAt === undefined || keyAt >= ls) return null;
  return { from: ls, to: end, by: lines.join(eol), anchor: { at: keyAt } };
}

/** A new key: into its parent mapping (block: a line like its siblings'; flow: `, key: value` before the `}`), creating missing parents. */
function insert(t: string, doc: Document, e: Edit, created: Map<string, { at: number; col: number; eol: string }>): Omit<Op, 'edit' | 'order'> | null {
  const Y = yamlLib();
  if (e.path.some((k) => typeof k !== 'string' && typeof k !== 'number')) return null;
  let j = e.path.length - 1;
  while (j > 0 && !doc.hasIn(e.path.slice(0, j)) && !created.has(JSON.stringify(e.path.slice(0, j)))) j--;
  const keys = e.path.slice(j);
  if (keys.some((k) => typeof k !== 'string')) return null;
  const names = keys as string[];
  const unit = 2;
  const lines = (col: number, eol: string) => names.map((k, i) => `${' '.repeat(col + i * unit)}${scalarText(k)}:${i === names.length - 1 ? ` ${flowText(e.value)}` : ''}`).join(eol) + eol;
  const made = created.get(JSON.stringify(e.path.slice(0, j)));
  const remember = (at: number, col: number, eol: string) => names.slice(0, -1).forEach((_, i) => created.set(JSON.stringify(e.path.slice(0, j + i + 1)), { at, col: col + (i + 1) * unit, eol }));
  if (made) {
    const by = lines(made.col, made.eol);
    remember(made.at, made.col, made.eol);
    return { from: made.at, to: made.at, by, anchor: { inBy: by.length - made.eol.length } };
  }
  const parent = j === 0 ? doc.contents : doc.getIn(e.path.slice(0, j), true);
  if (!Y.isMap(parent)) return null;
  const last = parent.items.at(-1);
  if (parent.flow) {
    // a missing parent inside a one-line mapping: later keys could not go into it
    if (names.length > 1) return null;
    const pr = rangeOf(parent);
    if (!pr) return null;
    const after = last ? (rangeOf(last.value) ?? rangeOf(last.key))?.[1] : t.indexOf('{', pr[0]) + 1;
    if (after === undefined || after <= 0) return null;
    const entry = `${scalarText(names[0])}: ${flowText(e.value)}`;
    const by = last ? `, ${entry}` : ` ${entry} `;
    return { from: after, to: after, by, anchor: { inBy: by.length } };
  }
  const firstAt = rangeOf(parent.items[0]?.key)?.[0];
  const lastEnd = last ? (rangeOf(last.value) ?? rangeOf(last.key))?.[1] : undefined;
  if (firstAt === undefined || lastEnd === undefined) return null;
  const col = firstAt - lineStart(t, firstAt);
  const eol = eolAt(t, firstAt);
  // after the line the last value ends on (a block scalar's range already ends past its newline)
  let at = t[lastEnd - 1] === '\n' ? lastEnd : t.indexOf('\n', lastEnd);
  let lead = '';
  if (at < 0) {
    at = t.length;
    lead = eol;
  } else if (t[at] === '\n') at += 1;
  const by = lead + lines(col, eol);
  remember(at, col, eol);
  return { from: at, to: at, by, anchor: { inBy: by.length - eol.length } };
}

/** Apply the planned changes in one pass (insertions at one place in the edits' order), and say where each comment goes. */
function applyOps(text: string, ops: Op[]): { text: string; anchors: { at: number; edit: Edit; order: number }[] } | null {
  const sorted = [...ops].sort((a, b) => a.from - b.from || a.to - b.to || a.order - b.order);
  const anchors: { at: number; edit: Edit; order: number }[] = [];
  const parts: string[] = [];
  let cursor = 0;
  let length = 0;
  for (const op of sorted) {
    if (op.from < cursor) return null; // overlapping changes
    const kept = text.slice(cursor, op.from);
    parts.push(kept, op.by);
    const start = length + kept.length;
    length = start + op.by.length;
    cursor = op.to;
    // a fixed anchor lies before `from`, where nothing has moved it but the changes before it
    anchors.push({ at: 'inBy' in op.anchor ? start + op.anchor.inBy : start - (op.from - op.anchor.at), edit: op.edit, order: op.order });
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), anchors: anchors.sort((a, b) => a.order - b.order) };
}

/** Comments in the text, as [start, end) offsets. */
function commentRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    const tok = x as { type?: unknown; offset?: unknown; source?: unknown };
    if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') out.push([tok.offset, tok.offset + tok.source.length]);
    for (const v of Array.isArray(x) ? x : Object.values(x)) walk(v);
  };
  for (const tok of new (yamlLib().Parser)().parse(text)) walk(tok);
  return out;
}

/** The comment of one line: `# calibrated (what): was X; evidence | the line's old comment`. */
export function lineComment(edits: readonly Edit[], evidence: string, prior: string | null): string {
  const parts = edits.length === 1 ? edits[0]!.note : edits.map((e) => `${e.key} ${e.note}`).join('; ');
  // a comment ends at the line's end: nothing from input may end it early
  return `# calibrated ${parts}; ${evidence}${prior ? ` | ${prior}` : ''}`.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The original text with the edits spliced in and commented, or null when that cannot be done
 * faithfully (the result must parse to `expected`).
 */
export function spliceEdits(text: string, edits: readonly Edit[], evidence: string, expected: unknown): string | null {
  if (edits.length === 0) return text;
  const ops = plan(text, edits);
  const done = ops && applyOps(text, ops);
  if (!done) return null;
  // the comments, one per line, from the end so earlier offsets stay
  let t = done.text;
  const byLine = new Map<number, Edit[]>();
  for (const a of done.anchors) {
    const ls = lineStart(t, Math.min(a.at, t.length));
    byLine.set(ls, [...(byLine.get(ls) ?? []), a.edit]);
  }
  // the comment that starts on each line (the first, as a comment runs to the line's end)
  const firstOnLine = new Map<number, [number, number]>();
  for (const c of commentRanges(t)) {
    const ls = lineStart(t, c[0]);
    if (!firstOnLine.has(ls) || firstOnLine.get(ls)![0] > c[0]) firstOnLine.set(ls, c);
  }
  const parts: string[] = [];
  let cursor = 0;
  for (const ls of [...byLine.keys()].sort((a, b) => a - b)) {
    const c = firstOnLine.get(ls);
    const [from, to] = c ?? [lineEnd(t, ls), lineEnd(t, ls)];
    const prior = c ? t.slice(c[0] + 1, c[1]).trim() : '';
    parts.push(t.slice(cursor, from), c ? '' : ' ', lineComment(byLine.get(ls)!, evidence, prior || null));
    cursor = to;
  }
  parts.push(t.slice(cursor));
  t = parts.join('');
  const back = yamlLib().parseDocument(t);
  if (back.errors.length || !isDeepStrictEqual(back.toJS(), expected)) return null;
  return t;
}

/**
 * The `# yaml-language-server: $schema=…` line of a scenario written to another folder: a relative
 * path to a `schemas/` folder is rewritten to lead there from the new folder; URLs, absolute paths
 * and other files are left as they are.
 */
export function rebaseSchemaLine(text: string, fromDir: string, toDir: string): string {
  return text.replace(/^(#\s*yaml-language-server:\s*\$schema=)(\S+)/m, (whole, head: string, target: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/') || target.startsWith('\\')) return whole;
    const abs = resolve(fromDir, target);
    if (basename(dirname(abs)) !== 'schemas') return whole;
    const rel = relative(toDir, abs).split(sep).join('/');
    return `${head}${rel.startsWith('.') ? rel : `./${rel}`}`;
  });
}
