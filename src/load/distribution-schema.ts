/**
 * Reading the scenario's zod schema for the distributions pre-pass (load/distributions.ts): where
 * the numbers are, what range each allows, whether it takes percent strings, and what the walk
 * needs of each schema node, read once per node.
 */
import type { Bounds } from '../core/distributions.js';

// ---------------------------------------------------------------------------------------------
// Reading the zod schema: where the numbers are and what range they allow

export interface ZDef {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  innerType?: unknown;
  in?: unknown;
  out?: unknown;
  getter?: () => unknown;
  checks?: { _zod?: { def?: { check?: string; value?: unknown; inclusive?: boolean } } }[];
}

export const defOf = (s: unknown): ZDef | undefined => (s as { def?: ZDef } | undefined)?.def;

export function unwrap(s: unknown): unknown {
  let n = s;
  for (let i = 0; i < 10; i++) {
    const d = defOf(n);
    if (d && (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'readonly' || d.type === 'prefault' || d.type === 'catch')) n = d.innerType;
    else if (d?.type === 'lazy' && d.getter) n = d.getter();
    else break;
  }
  return n;
}

export interface NumericField {
  bounds: Bounds;
  /** The field also takes percent strings ("35%"). */
  percent: boolean;
  /** The position also takes non-numeric mappings (a union), so only mappings with distribution keys are distributions. */
  mixed: boolean;
}

function numberBounds(s: unknown): Bounds {
  // whole numbers: an int check sets the format (classic and mini zod alike); so does a whole multipleOf
  const bag = (s as { _zod?: { bag?: { format?: string; multipleOf?: number } } })._zod?.bag ?? {};
  const int = (bag.format ?? '').includes('int') || Number.isSafeInteger(bag.multipleOf ?? 0.5);
  const b: Bounds = { lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true, int };
  for (const c of defOf(s)?.checks ?? []) {
    const d = c._zod?.def as { check?: string; value?: unknown; inclusive?: boolean; format?: string } | undefined;
    // zod/mini leaves the bag empty until a parse: its int check is a number_format check (safeint, int32 …)
    if (d?.check === 'number_format' && (d.format ?? '').includes('int')) b.int = true;
    if (typeof d?.value !== 'number') continue;
    if (d.check === 'greater_than' && d.value >= b.lo) [b.lo, b.loOpen] = [d.value, !d.inclusive];
    if (d.check === 'less_than' && d.value <= b.hi) [b.hi, b.hiOpen] = [d.value, !d.inclusive];
  }
  if (b.int) {
    // a safe-integer format adds ±2^53 bounds that say nothing to a user
    if (b.lo <= -Number.MAX_SAFE_INTEGER) [b.lo, b.loOpen] = [-Infinity, true];
    if (b.hi >= Number.MAX_SAFE_INTEGER) [b.hi, b.hiOpen] = [Infinity, true];
  }
  return b;
}

const numericCache = new WeakMap<object, NumericField | null>();

/** The numeric field at a schema position, or null when the position does not take a number. */
export function numericField(schema: unknown): NumericField | null {
  if (typeof schema !== 'object' || schema === null) return null;
  let nf = numericCache.get(schema);
  if (nf === undefined) numericCache.set(schema, (nf = readNumericField(schema)));
  return nf;
}

function readNumericField(schema: unknown): NumericField | null {
  const s = unwrap(schema);
  const d = defOf(s);
  if (!d) return null;
  if (d.type === 'number') return { bounds: numberBounds(s), percent: false, mixed: false };
  if (d.type === 'pipe') {
    const out = unwrap(d.out);
    if (defOf(out)?.type !== 'number') return null;
    const percent = (s as { safeParse(v: unknown): { success: boolean } }).safeParse('50%').success || (s as { safeParse(v: unknown): { success: boolean } }).safeParse('-50%').success;
    return { bounds: numberBounds(out), percent, mixed: false };
  }
  if (d.type === 'union') {
    for (const o of d.options ?? []) {
      const nf = numericField(o);
      if (nf) return { ...nf, mixed: true };
    }
  }
  return null;
}

/** What the walk needs of a schema position, read once per schema node (the walk visits every value). */
export interface NodeInfo {
  /** The numeric field here, or null. */
  nf: NumericField | null;
  /** The unwrapped node's definition (undefined: nothing to walk into). */
  def: ZDef | undefined;
  /** For a union, once asked (unionOption): the first option that takes a list / a mapping (null: none). */
  arrayOption?: unknown;
  objectOption?: unknown;
}

const nodeCache = new WeakMap<object, NodeInfo>();

export function nodeInfo(schema: unknown): NodeInfo {
  if (typeof schema !== 'object' || schema === null) return { nf: null, def: defOf(unwrap(schema)) };
  let info = nodeCache.get(schema);
  if (info === undefined) {
    const nf = numericField(schema);
    info = { nf, def: nf ? undefined : defOf(unwrap(schema)) };
    nodeCache.set(schema, info);
  }
  return info;
}

/**
 * The option of a union node that a list (`array`) or a mapping (`object`: an object or record
 * option) is walked into: the first such, found when first asked and remembered. Options are
 * unwrapped in order only as far as the first match, as a plain search would (an option built on
 * first use is not built to answer for another kind of value).
 */
export function unionOption(info: NodeInfo, kind: 'array' | 'object'): unknown {
  const key = kind === 'array' ? 'arrayOption' : 'objectOption';
  if (info[key] === undefined) {
    const match = (o: unknown) => {
      const t = defOf(unwrap(o))?.type;
      return kind === 'array' ? t === 'array' : t === 'object' || t === 'record';
    };
    info[key] = (info.def?.options ?? []).find(match) ?? null;
  }
  return info[key] ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// The walk's table, derived from a schema (load/distribution-table.ts holds the scenario's)

/**
 * What the distributions walk needs of one schema position, as plain data (JSON):
 * - 0: nothing to walk into (not a number, mapping, list or union of them);
 * - a numeric field, as `[lo, hi, loOpen, hiOpen, int, percent, mixed]` (null for an infinite
 *   bound, 0/1 for the flags): a mapping here is read as a distribution;
 * - `{ o: { key: node } }` an object's known keys; `{ r: node }` a record's values;
 *   `{ a: node }` a list's elements; `{ u: [list option, mapping option] }` a union that is not a number.
 */
export type WalkNode = 0 | WalkLeaf | { o: Record<string, WalkNode> } | { r: WalkNode } | { a: WalkNode } | { u: [WalkNode, WalkNode] };
export type WalkLeaf = [lo: number | null, hi: number | null, loOpen: 0 | 1, hiOpen: 0 | 1, int: 0 | 1, percent: 0 | 1, mixed: 0 | 1];

/**
 * The walk table of `schema`, read from zod exactly as the walk used to read it at every run
 * (nodeInfo, unionOption). Builds every block built on first use. For the test that keeps
 * load/distribution-table.ts equal to it (test/load/distribution-table.test.ts).
 */
export function walkTable(schema: unknown, depth = 0): WalkNode {
  if (depth > 40) throw new Error('walkTable: the schema nests deeper than 40 levels (a recursive schema?)');
  const info = nodeInfo(schema);
  const { nf, def: d } = info;
  if (nf) {
    const b = nf.bounds;
    const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
    return [fin(b.lo), fin(b.hi), b.loOpen ? 1 : 0, b.hiOpen ? 1 : 0, b.int ? 1 : 0, nf.percent ? 1 : 0, nf.mixed ? 1 : 0];
  }
  if (!d) return 0;
  if (d.type === 'object') {
    const o: Record<string, WalkNode> = {};
    for (const k of Object.keys(d.shape ?? {})) o[k] = walkTable(d.shape![k], depth + 1);
    return { o };
  }
  if (d.type === 'record') return { r: walkTable(d.valueType, depth + 1) };
  if (d.type === 'array') return { a: walkTable(d.element, depth + 1) };
  if (d.type === 'union') {
    const arr = unionOption(info, 'array');
    const obj = unionOption(info, 'object');
    return { u: [arr === undefined ? 0 : walkTable(arr, depth + 1), obj === undefined ? 0 : walkTable(obj, depth + 1)] };
  }
  return 0;
}
